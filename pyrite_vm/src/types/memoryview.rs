//! `memoryview`: a view of the bytes of a `bytes` or `bytearray`, with a struct-module
//! item format (`B` by default), shape and strides. Views of a bytearray count as
//! exports of it (it refuses to change size while any is alive and not released).

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::misc::MiscPayload;
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use std::borrow::Cow;
use std::cell::Cell;
use std::rc::Rc;

pub struct PyMemoryView {
    /// The exporting object (`bytes`, `bytearray` or a foreign exporter); `None` once
    /// the view is released (a released view no longer keeps its exporter alive).
    pub obj: Held,
    /// Byte offset of the first item in the exporter's buffer.
    pub offset: usize,
    pub itemsize: usize,
    pub format: String,
    pub shape: Vec<usize>,
    /// In bytes; may be negative (`mv[::-1]`).
    pub strides: Vec<isize>,
    pub readonly: bool,
    pub released: Cell<bool>,
    /// Memory exported by foreign code (a C type's `bf_getbuffer`), shared by the views
    /// made from one export and released with the last of them.
    pub foreign: Cell<Option<Rc<Foreign>>>,
}

/// The exporter of a view: replaced by `None` when the view is released.
pub struct Held(std::cell::UnsafeCell<Value>);

impl Held {
    pub fn new(v: Value) -> Held {
        Held(std::cell::UnsafeCell::new(v))
    }
    #[allow(clippy::should_implement_trait)]
    pub fn clone(&self) -> Held {
        Held::new(self.get().clone())
    }
    pub fn get(&self) -> &Value {
        // SAFETY: only `take` writes, and it is called when the view is released, after
        // which no accessor hands out references (every use checks `released` first
        // or goes through `live`).
        unsafe { &*self.0.get() }
    }
    fn take(&self) -> Value {
        // SAFETY: see `get`; the GIL serializes access.
        unsafe { std::mem::replace(&mut *self.0.get(), Value::None) }
    }
}

/// A block of memory exported by foreign code: `len` bytes at `base`; `release` runs
/// (the exporter's `bf_releasebuffer`) when no view uses it any more.
pub struct Foreign {
    pub base: *mut u8,
    pub len: usize,
    pub release: Cell<Option<Box<dyn FnOnce()>>>,
}

impl Drop for Foreign {
    fn drop(&mut self) {
        if let Some(f) = self.release.take() {
            f();
        }
    }
}

/// What an exporter's buffer looks like (from `capi_hooks::get_buffer`): item
/// `offset` bytes into `foreign`'s block, `shape`/`strides` in items/bytes.
pub struct ForeignView {
    pub foreign: Foreign,
    pub offset: usize,
    pub itemsize: usize,
    pub format: String,
    pub shape: Vec<usize>,
    pub strides: Vec<isize>,
    pub readonly: bool,
}

impl ForeignView {
    pub fn into_foreign(self) -> Foreign {
        let f = Foreign {
            base: self.foreign.base,
            len: self.foreign.len,
            release: Cell::new(self.foreign.release.take()),
        };
        f
    }
}

impl Drop for PyMemoryView {
    fn drop(&mut self) {
        // the foreign export is released while `obj` (the exporter) is still held
        drop(self.foreign.take());
        if !self.released.get() {
            self.released.set(true);
            unexport(self.obj.get());
        }
    }
}

fn export(obj: &Value) {
    match obj.payload() {
        Some(Payload::ByteArray(b)) => b.exports.set(b.exports.get() + 1),
        Some(Payload::Misc(_)) => crate::modules::array::array_export(obj, 1),
        _ => {}
    }
}

fn unexport(obj: &Value) {
    match obj.payload() {
        Some(Payload::ByteArray(b)) => b.exports.set(b.exports.get().saturating_sub(1)),
        Some(Payload::Misc(_)) => crate::modules::array::array_export(obj, -1),
        _ => {}
    }
}

fn released_error() -> PyErr {
    value_error("operation forbidden on released memoryview object")
}

/// The whole buffer of the exporter.
fn base_data(obj: &Value) -> &[u8] {
    match obj.payload() {
        Some(Payload::Bytes(b)) => &b.data,
        Some(Payload::ByteArray(b)) => b.vec().as_slice(),
        Some(Payload::Misc(_)) => crate::modules::array::array_data(obj).unwrap_or(&[]),
        _ => &[],
    }
}

impl PyMemoryView {
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }
    pub fn nitems(&self) -> usize {
        self.shape.iter().product()
    }
    pub fn nbytes(&self) -> usize {
        self.nitems() * self.itemsize
    }
    pub fn check(&self) -> PyResult<()> {
        if self.released.get() {
            return Err(released_error());
        }
        Ok(())
    }
    fn c_contiguous(&self) -> bool {
        let mut expect = self.itemsize as isize;
        for (d, s) in self.shape.iter().zip(self.strides.iter()).rev() {
            if *d > 1 && *s != expect {
                return false;
            }
            expect *= *d as isize;
        }
        true
    }
    fn f_contiguous(&self) -> bool {
        if self.nitems() == 0 {
            return true;
        }
        let mut expect = self.itemsize as isize;
        for (d, s) in self.shape.iter().zip(self.strides.iter()) {
            if *d > 1 && *s != expect {
                return false;
            }
            expect *= *d as isize;
        }
        true
    }
    /// Byte offsets of every item in C order.
    fn item_offsets(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.nitems());
        fn walk(mv: &PyMemoryView, dim: usize, base: isize, out: &mut Vec<usize>) {
            if dim == mv.shape.len() {
                out.push(base.max(0) as usize);
                return;
            }
            for i in 0..mv.shape[dim] {
                walk(mv, dim + 1, base + i as isize * mv.strides[dim], out);
            }
        }
        walk(self, 0, self.offset as isize, &mut out);
        out
    }
    /// Another handle on the foreign memory (for views made from this one).
    pub fn share_foreign(&self) -> Cell<Option<Rc<Foreign>>> {
        let f = self.foreign.take();
        let g = f.clone();
        self.foreign.set(f);
        Cell::new(g)
    }
    /// The whole buffer of the exporter (do not hold across Python code).
    fn data(&self) -> &[u8] {
        let f = self.foreign.take();
        let r: Option<(*mut u8, usize)> = f.as_ref().map(|f| (f.base, f.len));
        self.foreign.set(f);
        match r {
            // SAFETY: the exporter keeps the block alive until released (we hold it)
            Some((p, n)) if !p.is_null() => unsafe { std::slice::from_raw_parts(p, n) },
            Some(_) => &[],
            None => base_data(self.obj.get()),
        }
    }
    /// The bytes of the view in C order (ValueError if released).
    pub fn to_bytes(&self) -> PyResult<Cow<'_, [u8]>> {
        self.check()?;
        let data = self.data();
        if self.c_contiguous() {
            let end = (self.offset + self.nbytes()).min(data.len());
            let start = self.offset.min(end);
            return Ok(Cow::Borrowed(&data[start..end]));
        }
        let mut out = Vec::with_capacity(self.nbytes());
        for off in self.item_offsets() {
            for k in 0..self.itemsize {
                out.push(data.get(off + k).copied().unwrap_or(0));
            }
        }
        Ok(Cow::Owned(out))
    }
    /// Write `bytes` at byte offset `off` of the exporter (bounds-checked).
    fn write(&self, off: usize, bytes: &[u8]) {
        let f = self.foreign.take();
        let r: Option<(*mut u8, usize)> = f.as_ref().map(|f| (f.base, f.len));
        self.foreign.set(f);
        if let Some((p, n)) = r {
            for (k, x) in bytes.iter().enumerate() {
                if off + k < n && !p.is_null() {
                    // SAFETY: in bounds of the exported (writable) block
                    unsafe { *p.add(off + k) = *x };
                }
            }
            return;
        }
        if crate::modules::array::array_write_bytes(self.obj.get(), off, bytes) {
            return;
        }
        if let Some(Payload::ByteArray(b)) = self.obj.get().payload() {
            let v = b.vec();
            for (k, x) in bytes.iter().enumerate() {
                if let Some(slot) = v.get_mut(off + k) {
                    *slot = *x;
                }
            }
        }
    }
    fn read(&self, off: usize) -> &[u8] {
        let data = self.data();
        let end = (off + self.itemsize).min(data.len());
        &data[off.min(end)..end]
    }
}

pub fn as_memoryview(v: &Value) -> Option<&PyMemoryView> {
    match v.payload() {
        Some(Payload::Misc(m)) => match &**m {
            MiscPayload::MemoryView(mv) => Some(mv),
            _ => None,
        },
        _ => None,
    }
}

fn this(v: &Value) -> PyResult<&PyMemoryView> {
    as_memoryview(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'memoryview' object but received a '{}'",
            v.type_name()
        ))
    })
}

/// `this` and not released.
fn live(v: &Value) -> PyResult<&PyMemoryView> {
    let m = this(v)?;
    m.check()?;
    Ok(m)
}

fn new_view(mv: PyMemoryView) -> Value {
    export(mv.obj.get());
    Value::Obj(ObjRef::new(
        &types().memoryview,
        Payload::Misc(Box::new(MiscPayload::MemoryView(mv))),
    ))
}

/// A memoryview over foreign memory described by `fv` (`PyMemoryView_FromBuffer`,
/// `PyMemoryView_FromMemory`); `obj` is what `.obj` reports (None for bare memory).
pub fn memoryview_from_foreign(obj: Value, fv: ForeignView) -> Value {
    new_view(PyMemoryView {
        obj: Held::new(obj),
        offset: fv.offset,
        itemsize: fv.itemsize,
        format: fv.format.clone(),
        shape: fv.shape.clone(),
        strides: fv.strides.clone(),
        readonly: fv.readonly,
        released: Cell::new(false),
        foreign: Cell::new(Some(Rc::new(fv.into_foreign()))),
    })
}

/// `memoryview(obj)`.
pub fn memoryview_of(obj: &Value) -> PyResult<Value> {
    if let Some(m) = as_memoryview(obj) {
        m.check()?;
        return Ok(new_view(PyMemoryView {
            obj: m.obj.clone(),
            offset: m.offset,
            itemsize: m.itemsize,
            format: m.format.clone(),
            shape: m.shape.clone(),
            strides: m.strides.clone(),
            readonly: m.readonly,
            released: Cell::new(false),
            foreign: m.share_foreign(),
        }));
    }
    let (len, readonly) = match obj.payload() {
        Some(Payload::Bytes(b)) => (b.data.len(), true),
        Some(Payload::ByteArray(b)) => (b.vec().len(), false),
        _ => {
            // array.array exports its items
            if let Some((format, itemsize)) = crate::modules::array::array_format(obj) {
                let n = crate::modules::array::array_data(obj).map_or(0, |d| d.len());
                return Ok(new_view(PyMemoryView {
                    obj: Held::new(obj.clone()),
                    offset: 0,
                    itemsize,
                    format,
                    shape: vec![n / itemsize.max(1)],
                    strides: vec![itemsize as isize],
                    readonly: false,
                    released: Cell::new(false),
                    foreign: Cell::new(None),
                }));
            }
            // an exporter defined in C
            if let Some(r) = crate::capi_hooks::get_buffer(obj, false) {
                let fv = r?;
                return Ok(new_view(PyMemoryView {
                    obj: Held::new(obj.clone()),
                    offset: fv.offset,
                    itemsize: fv.itemsize,
                    format: fv.format.clone(),
                    shape: fv.shape.clone(),
                    strides: fv.strides.clone(),
                    readonly: fv.readonly,
                    released: Cell::new(false),
                    foreign: Cell::new(Some(Rc::new(fv.into_foreign()))),
                }));
            }
            return Err(type_error(format!(
                "memoryview: a bytes-like object is required, not '{}'",
                obj.type_name()
            )));
        }
    };
    Ok(new_view(PyMemoryView {
        obj: Held::new(obj.clone()),
        offset: 0,
        itemsize: 1,
        format: "B".into(),
        shape: vec![len],
        strides: vec![1],
        readonly,
        released: Cell::new(false),
        foreign: Cell::new(None),
    }))
}

/// A writable, C-contiguous export of a foreign (C type) object: the shared block, the
/// byte offset of the first item and the length in bytes. `None`: not a foreign
/// exporter; errors: read-only (the exporter's BufferError) or not contiguous.
fn foreign_writable(target: &Value) -> Option<PyResult<(Foreign, usize, usize)>> {
    if !crate::capi_hooks::may_export(target) {
        return None;
    }
    let fv = match crate::capi_hooks::get_buffer(target, true)? {
        Ok(fv) => fv,
        Err(e) => return Some(Err(e)),
    };
    let mut expect = fv.itemsize as isize;
    for (d, st) in fv.shape.iter().zip(fv.strides.iter()).rev() {
        if *d > 1 && *st != expect {
            return Some(Err(PyErr::new(
                &crate::types::exceptions::exc().buffer_error,
                "underlying buffer is not C-contiguous",
            )));
        }
        expect *= *d as isize;
    }
    let n = fv.shape.iter().product::<usize>() * fv.itemsize;
    let off = fv.offset;
    Some(Ok((fv.into_foreign(), off, n)))
}

/// The length of a writable foreign buffer (`None`: not a foreign exporter).
pub fn foreign_writable_len(target: &Value) -> Option<PyResult<usize>> {
    Some(foreign_writable(target)?.map(|(_, _, n)| n))
}

/// Write `data` at byte `off` of a writable foreign buffer (`None`: not one).
pub fn write_foreign(target: &Value, off: usize, data: &[u8]) -> Option<PyResult<()>> {
    Some(foreign_writable(target)?.and_then(|(f, start, n)| {
        if off + data.len() > n {
            return Err(value_error("buffer too small"));
        }
        // SAFETY: in bounds of the exported block, which lives until `f` is dropped
        unsafe {
            std::ptr::copy_nonoverlapping(data.as_ptr(), f.base.add(start + off), data.len())
        };
        Ok(())
    }))
}

/// Size of a native struct format character.
fn format_size(f: &str) -> Option<usize> {
    let c = f.strip_prefix('@').unwrap_or(f);
    let mut it = c.chars();
    let ch = it.next()?;
    if it.next().is_some() {
        return None;
    }
    Some(match ch {
        'c' | 'b' | 'B' | '?' => 1,
        'h' | 'H' | 'e' => 2,
        'i' | 'I' | 'f' => 4,
        'l' | 'L' | 'q' | 'Q' | 'n' | 'N' | 'd' | 'P' => 8,
        _ => return None,
    })
}

fn fmt_char(f: &str) -> char {
    f.strip_prefix('@')
        .unwrap_or(f)
        .chars()
        .next()
        .unwrap_or('B')
}

fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = ((h >> 10) & 0x1f) as i32;
    let frac = (h & 0x3ff) as f64;
    let v = if exp == 0 {
        frac * 2f64.powi(-24)
    } else if exp == 31 {
        if frac == 0.0 {
            f64::INFINITY
        } else {
            f64::NAN
        }
    } else {
        (1.0 + frac / 1024.0) * 2f64.powi(exp - 15)
    };
    sign * v
}

fn f64_to_half(x: f64) -> Option<u16> {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    let a = x.abs();
    if a.is_infinite() {
        return Some(sign | 0x7c00);
    }
    if a >= 65520.0 {
        return None;
    }
    if a < 2f64.powi(-14) {
        // subnormal: units of 2**-24, round half even
        let q = (a / 2f64.powi(-24)).round_ties_even() as u16;
        return Some(sign | q);
    }
    let e = a.log2().floor() as i32;
    let (e, m) = {
        let m = a / 2f64.powi(e) - 1.0;
        let q = (m * 1024.0).round_ties_even();
        if q >= 1024.0 {
            (e + 1, 0.0)
        } else {
            (e, q)
        }
    };
    if e + 15 >= 31 {
        return None;
    }
    Some(sign | (((e + 15) as u16) << 10) | m as u16)
}

fn unpack(fmt: char, b: &[u8]) -> Value {
    let mut buf = [0u8; 8];
    let n = b.len().min(8);
    buf[..n].copy_from_slice(&b[..n]);
    let u = u64::from_le_bytes(buf);
    match fmt {
        'c' => crate::types::bytes::new_bytes(vec![buf[0]]),
        'b' => Value::Int(buf[0] as i8 as i64),
        'B' => Value::Int(buf[0] as i64),
        '?' => Value::Bool(buf[0] != 0),
        'h' => Value::Int(u as u16 as i16 as i64),
        'H' => Value::Int(u as u16 as i64),
        'i' => Value::Int(u as u32 as i32 as i64),
        'I' => Value::Int(u as u32 as i64),
        'l' | 'q' | 'n' => Value::Int(u as i64),
        'L' | 'Q' | 'N' | 'P' => crate::types::int::from_bigint(num_bigint::BigInt::from(u)),
        'f' => Value::Float(f32::from_bits(u as u32) as f64),
        'd' => Value::Float(f64::from_bits(u)),
        'e' => Value::Float(half_to_f64(u as u16)),
        _ => Value::Int(buf[0] as i64),
    }
}

fn pack(fmt: char, v: &Value) -> PyResult<Vec<u8>> {
    let invalid_type = || type_error(format!("memoryview: invalid type for format '{}'", fmt));
    let invalid_value = || value_error(format!("memoryview: invalid value for format '{}'", fmt));
    match fmt {
        'c' => match v.payload() {
            Some(Payload::Bytes(b)) => {
                if b.data.len() == 1 {
                    Ok(vec![b.data[0]])
                } else {
                    Err(invalid_value())
                }
            }
            _ => Err(invalid_type()),
        },
        '?' => Ok(vec![crate::ops::truthy(v)? as u8]),
        'f' | 'd' | 'e' => {
            let x = match v {
                Value::Float(f) => *f,
                _ => {
                    if !crate::types::float::is_float(v)
                        && !crate::types::int::is_int(v)
                        && crate::ops::attr::lookup_special(v, "__float__").is_none()
                        && crate::ops::attr::lookup_special(v, "__index__").is_none()
                    {
                        return Err(invalid_type());
                    }
                    crate::types::float::float_from_value(v)?
                }
            };
            Ok(match fmt {
                'f' => {
                    let y = x as f32;
                    if y.is_infinite() && x.is_finite() {
                        return Err(overflow_error("float too large to pack with f format"));
                    }
                    y.to_bits().to_le_bytes().to_vec()
                }
                'd' => x.to_bits().to_le_bytes().to_vec(),
                _ => match f64_to_half(x) {
                    Some(h) => h.to_le_bytes().to_vec(),
                    None => return Err(overflow_error("float too large to pack with e format")),
                },
            })
        }
        _ => {
            if !crate::types::int::is_int(v)
                && crate::ops::attr::lookup_special(v, "__index__").is_none()
            {
                return Err(invalid_type());
            }
            let i = crate::types::int::to_bigint(&crate::types::int::index_value(v)?)
                .unwrap_or_default();
            let (lo, hi, size): (i128, i128, usize) = match fmt {
                'b' => (-128, 127, 1),
                'B' => (0, 255, 1),
                'h' => (-32768, 32767, 2),
                'H' => (0, 65535, 2),
                'i' => (i32::MIN as i128, i32::MAX as i128, 4),
                'I' => (0, u32::MAX as i128, 4),
                'l' | 'q' | 'n' => (i64::MIN as i128, i64::MAX as i128, 8),
                _ => (0, u64::MAX as i128, 8),
            };
            let x: Option<i128> = num_traits::ToPrimitive::to_i128(&i);
            match x {
                Some(x) if x >= lo && x <= hi => {
                    Ok((x as u128 as u64).to_le_bytes()[..size].to_vec())
                }
                _ => Err(invalid_value()),
            }
        }
    }
}

fn tolist_rec(m: &PyMemoryView, dim: usize, base: isize, fmt: char) -> Value {
    if dim == m.shape.len() {
        return unpack(fmt, m.read(base.max(0) as usize));
    }
    let items: Vec<Value> = (0..m.shape[dim])
        .map(|i| tolist_rec(m, dim + 1, base + i as isize * m.strides[dim], fmt))
        .collect();
    crate::types::list::new_list(items)
}

fn tolist(m: &PyMemoryView) -> Value {
    let fmt = fmt_char(&m.format);
    if m.shape.is_empty() {
        return unpack(fmt, m.read(m.offset));
    }
    tolist_rec(m, 0, m.offset as isize, fmt)
}

/// Unpacked items (flattened) for comparisons.
fn items(m: &PyMemoryView) -> Vec<Value> {
    let fmt = fmt_char(&m.format);
    m.item_offsets()
        .into_iter()
        .map(|o| unpack(fmt, m.read(o)))
        .collect()
}

fn index_of(m: &PyMemoryView, key: &Value) -> PyResult<usize> {
    let i = crate::types::int::index_isize(key)?;
    let n = m.shape[0] as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error("index out of bounds on dimension 1"));
    }
    Ok((m.offset as isize + j as isize * m.strides[0]) as usize)
}

fn is_index(v: &Value) -> bool {
    crate::types::int::is_int(v) || crate::ops::attr::lookup_special(v, "__index__").is_some()
}

fn getitem(a: &[Value]) -> PyResult<Value> {
    check_args("__getitem__", &a[1..], 1, 1)?;
    let m = live(&a[0])?;
    let key = &a[1];
    let fmt = fmt_char(&m.format);
    if m.ndim() == 0 {
        if crate::types::misc::is_ellipsis(key) {
            return Ok(a[0].clone());
        }
        if crate::types::tuple::as_tuple(key).map_or(false, |t| t.is_empty()) {
            return Ok(unpack(fmt, m.read(m.offset)));
        }
        return Err(type_error("invalid indexing of 0-dim memory"));
    }
    if let Some(Payload::Slice(_)) = key.payload() {
        let (start, _stop, step, n) = crate::types::misc::slice_indices(key, m.shape[0])?;
        let m = live(&a[0])?;
        let mut shape = m.shape.clone();
        let mut strides = m.strides.clone();
        shape[0] = n;
        strides[0] = if n > 1 {
            m.strides[0].saturating_mul(step as isize)
        } else {
            m.strides[0]
        };
        let offset = (m.offset as isize + start as isize * m.strides[0]).max(0) as usize;
        return Ok(new_view(PyMemoryView {
            obj: m.obj.clone(),
            offset,
            itemsize: m.itemsize,
            format: m.format.clone(),
            shape,
            strides,
            readonly: m.readonly,
            released: Cell::new(false),
            foreign: m.share_foreign(),
        }));
    }
    if crate::types::misc::is_ellipsis(key) {
        return Ok(a[0].clone());
    }
    if is_index(key) {
        if m.ndim() > 1 {
            return Err(not_implemented(
                "multi-dimensional sub-views are not implemented",
            ));
        }
        let off = index_of(m, key)?;
        return Ok(unpack(fmt, m.read(off)));
    }
    if let Some(t) = crate::types::tuple::as_tuple(key) {
        let off = tuple_offset(m, t)?;
        return Ok(unpack(fmt, m.read(off)));
    }
    Err(type_error("memoryview: invalid slice key"))
}

/// Byte offset of `mv[i, j, ...]` (a tuple of indices, one per dimension).
fn tuple_offset(m: &PyMemoryView, t: &[Value]) -> PyResult<usize> {
    if !t.iter().all(is_index) {
        if t.iter()
            .all(|k| is_index(k) || matches!(k.payload(), Some(Payload::Slice(_))))
        {
            return Err(not_implemented(
                "multi-dimensional slicing is not implemented",
            ));
        }
        return Err(type_error("memoryview: invalid slice key"));
    }
    if t.len() != m.ndim() {
        return Err(type_error(format!(
            "cannot index {}-dimension view with {}-element tuple",
            m.ndim(),
            t.len()
        )));
    }
    let mut off = m.offset as isize;
    for (dim, k) in t.iter().enumerate() {
        let i = crate::types::int::index_isize(k)?;
        let n = m.shape[dim] as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(index_error(format!(
                "index out of bounds on dimension {}",
                dim + 1
            )));
        }
        off += j as isize * m.strides[dim];
    }
    Ok(off.max(0) as usize)
}

fn setitem(a: &[Value]) -> PyResult<Value> {
    check_args("__setitem__", &a[1..], 2, 2)?;
    let m = live(&a[0])?;
    if m.readonly {
        return Err(type_error("cannot modify read-only memory"));
    }
    let key = &a[1];
    let val = &a[2];
    let fmt = fmt_char(&m.format);
    if m.ndim() == 0 {
        if crate::types::misc::is_ellipsis(key)
            || crate::types::tuple::as_tuple(key).map_or(false, |t| t.is_empty())
        {
            let b = pack(fmt, val)?;
            m.write(m.offset, &b);
            return Ok(Value::None);
        }
        return Err(type_error("invalid indexing of 0-dim memory"));
    }
    if is_index(key) {
        if m.ndim() > 1 {
            return Err(not_implemented("sub-views are not implemented"));
        }
        let b = pack(fmt, val)?;
        let off = index_of(m, key)?;
        m.write(off, &b);
        return Ok(Value::None);
    }
    if let Some(Payload::Slice(_)) = key.payload() {
        if m.ndim() > 1 {
            return Err(not_implemented(
                "memoryview slice assignments are currently restricted to ndim = 1",
            ));
        }
        // the source: any buffer with the same structure
        let (src_fmt, src_len, src_bytes): (String, usize, Vec<u8>) =
            if let Some(s) = as_memoryview(val) {
                s.check()?;
                if s.ndim() != 1 {
                    return Err(value_error(
                        "memoryview assignment: lvalue and rvalue have different structures",
                    ));
                }
                (s.format.clone(), s.shape[0], s.to_bytes()?.into_owned())
            } else {
                match crate::types::bytes::try_buffer(val)? {
                    Some(b) => ("B".to_string(), b.len(), b.into_owned()),
                    None => {
                        return Err(type_error(format!(
                            "a bytes-like object is required, not '{}'",
                            val.type_name()
                        )))
                    }
                }
            };
        let (start, _stop, step, n) = crate::types::misc::slice_indices(key, m.shape[0])?;
        let m = live(&a[0])?;
        let dst_char = fmt_char(&m.format);
        let src_char = fmt_char(&src_fmt);
        if dst_char != src_char || src_len != n {
            return Err(value_error(
                "memoryview assignment: lvalue and rvalue have different structures",
            ));
        }
        let mut off = m.offset as isize + start as isize * m.strides[0];
        for k in 0..n {
            let chunk = &src_bytes[k * m.itemsize..(k + 1) * m.itemsize];
            m.write(off.max(0) as usize, chunk);
            off = off.saturating_add((step as isize).saturating_mul(m.strides[0]));
        }
        return Ok(Value::None);
    }
    if let Some(t) = crate::types::tuple::as_tuple(key) {
        let b = pack(fmt, val)?;
        let off = tuple_offset(m, t)?;
        m.write(off, &b);
        return Ok(Value::None);
    }
    Err(type_error("memoryview: invalid slice key"))
}

fn cast(a: &[Value], kw: crate::types::function::Kw) -> PyResult<Value> {
    let args = crate::args::parse("cast", &a[1..], kw, &["format", "shape"], 1)?;
    let m = live(&a[0])?;
    let fv = args[0].clone().unwrap_or(Value::None);
    let f = crate::types::str::as_str(&fv)
        .ok_or_else(|| {
            type_error(format!(
                "cast() argument 'format' must be str, not {}",
                fv.type_name()
            ))
        })?
        .to_string();
    if !m.c_contiguous() {
        return Err(type_error(
            "memoryview: casts are restricted to C-contiguous views",
        ));
    }
    let Some(size) = format_size(&f) else {
        return Err(value_error(
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        ));
    };
    let src_c = fmt_char(&m.format);
    let dst_c = fmt_char(&f);
    let byte_fmt = |c: char| matches!(c, 'B' | 'b' | 'c');
    if !byte_fmt(src_c) && !byte_fmt(dst_c) {
        return Err(type_error(
            "memoryview: cannot cast between two non-byte formats",
        ));
    }
    let nbytes = m.nbytes();
    let shape: Vec<usize> = match &args[1] {
        None => {
            if m.ndim() > 1 {
                // ND -> 1D
            }
            if nbytes % size != 0 {
                return Err(type_error(
                    "memoryview: length is not a multiple of itemsize",
                ));
            }
            vec![nbytes / size]
        }
        Some(s) => {
            let items = if let Some(l) = crate::types::list::as_list(s) {
                l.to_vec()
            } else if let Some(t) = crate::types::tuple::as_tuple(s) {
                t.to_vec()
            } else {
                return Err(type_error("shape must be a list or a tuple"));
            };
            if m.ndim() != 1 && items.len() != 1 {
                return Err(type_error("memoryview: cast must be 1D -> ND or ND -> 1D"));
            }
            if items.len() > 64 {
                return Err(value_error(
                    "memoryview: number of dimensions must not exceed 64",
                ));
            }
            let mut out = Vec::new();
            for it in items {
                match it {
                    Value::Int(n) if n > 0 => out.push(n as usize),
                    _ => {
                        return Err(type_error(
                            "memoryview.cast(): elements of shape must be integers > 0",
                        ))
                    }
                }
            }
            let prod = out
                .iter()
                .try_fold(size, |acc: usize, &d| acc.checked_mul(d));
            if prod != Some(nbytes) {
                return Err(type_error(
                    "memoryview: product(shape) * itemsize != buffer size",
                ));
            }
            out
        }
    };
    let mut strides = vec![0isize; shape.len()];
    let mut acc = size as isize;
    for i in (0..shape.len()).rev() {
        strides[i] = acc;
        acc *= shape[i] as isize;
    }
    Ok(new_view(PyMemoryView {
        obj: m.obj.clone(),
        offset: m.offset,
        itemsize: size,
        format: f,
        shape,
        strides,
        readonly: m.readonly,
        released: Cell::new(false),
        foreign: m.share_foreign(),
    }))
}

fn release(v: &Value) -> PyResult<Value> {
    let m = this(v)?;
    if !m.released.get() {
        m.released.set(true);
        unexport(m.obj.get());
        // the foreign export goes when its last view does, and the exporter with it
        drop(m.foreign.take());
        drop(m.obj.take());
    }
    Ok(Value::None)
}

fn richcmp(a: &[Value], eq: bool) -> PyResult<Value> {
    check_args("comparison", &a[1..], 1, 1)?;
    let m = this(&a[0])?;
    let other = &a[1];
    if a[0].is(other) {
        return Ok(Value::Bool(eq));
    }
    let other_mv = as_memoryview(other);
    if other_mv.is_none() && !crate::types::bytes::is_buffer(other) {
        return Ok(crate::types::misc::not_implemented());
    }
    if m.released.get() || other_mv.map_or(false, |o| o.released.get()) {
        return Ok(Value::Bool(!eq));
    }
    let equal = match other_mv {
        Some(o) => {
            if o.shape != m.shape {
                false
            } else {
                let (x, y) = (items(m), items(o));
                let mut same = true;
                for (p, q) in x.iter().zip(y.iter()) {
                    if !crate::ops::eq(p, q)? {
                        same = false;
                        break;
                    }
                }
                same
            }
        }
        None => {
            let ob = crate::types::bytes::need_buffer(other)?.into_owned();
            if m.ndim() != 1 || m.shape[0] != ob.len() {
                false
            } else {
                let fmt = fmt_char(&m.format);
                if fmt == 'B' {
                    *m.to_bytes()? == *ob
                } else {
                    let x = items(m);
                    let mut same = true;
                    for (p, q) in x.iter().zip(ob.iter()) {
                        if !crate::ops::eq(p, &Value::Int(*q as i64))? {
                            same = false;
                            break;
                        }
                    }
                    same
                }
            }
        }
    };
    Ok(Value::Bool(if eq { equal } else { !equal }))
}

pub fn init(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, kw| {
        let args = crate::args::parse("memoryview", &a[1..], kw, &["object"], 1)?;
        memoryview_of(args[0].as_ref().unwrap_or(&Value::None))
    });
    add_method(t, "__repr__", |a, _| {
        let m = this(&a[0])?;
        let what = if m.released.get() {
            "released memory"
        } else {
            "memory"
        };
        Ok(format!("<{} at {:#x}>", what, a[0].id()).into())
    });
    add_method(t, "__len__", |a, _| {
        let m = live(&a[0])?;
        if m.ndim() == 0 {
            return Err(type_error("0-dim memory has no length"));
        }
        Ok(Value::Int(m.shape[0] as i64))
    });
    add_method(t, "__getitem__", |a, _| getitem(a));
    add_method(t, "__setitem__", |a, _| setitem(a));
    add_method(t, "__delitem__", |a, _| {
        if live(&a[0])?.readonly {
            return Err(type_error("cannot modify read-only memory"));
        }
        Err(type_error("cannot delete memory"))
    });
    add_method(t, "__iter__", |a, _| {
        let m = live(&a[0])?;
        if m.ndim() == 0 {
            return Err(type_error("invalid indexing of 0-dim memory"));
        }
        if m.ndim() > 1 {
            return Err(not_implemented(
                "multi-dimensional sub-views are not implemented",
            ));
        }
        let it = crate::types::iter::PyIter::Seq {
            seq: std::cell::UnsafeCell::new(Some(a[0].clone())),
            index: std::cell::Cell::new(0),
            kind: crate::types::iter::SeqKind::GetItem,
        };
        Ok(Value::Obj(ObjRef::new(
            &types().iterator,
            Payload::Iter(Box::new(it)),
        )))
    });
    add_method(t, "__eq__", |a, _| richcmp(a, true));
    add_method(t, "__ne__", |a, _| richcmp(a, false));
    add_method(t, "__hash__", |a, _| {
        let m = live(&a[0])?;
        if !m.readonly {
            return Err(value_error("cannot hash writable memoryview object"));
        }
        if !matches!(fmt_char(&m.format), 'B' | 'b' | 'c') {
            return Err(value_error(
                "memoryview: hashing is restricted to formats 'B', 'b' or 'c'",
            ));
        }
        Ok(Value::Int(crate::types::str::hash_bytes(&m.to_bytes()?)))
    });
    add_method(t, "__enter__", |a, _| {
        live(&a[0])?;
        Ok(a[0].clone())
    });
    add_method(t, "__exit__", |a, _| release(&a[0]));
    add_method(t, "release", |a, _| {
        check_args("release", &a[1..], 0, 0)?;
        release(&a[0])
    });
    add_method(t, "tobytes", |a, kw| {
        let args = crate::args::parse("tobytes", &a[1..], kw, &["order"], 0)?;
        if let Some(o) = &args[0] {
            if !o.is_none() {
                let s = crate::types::str::as_str(o).unwrap_or("");
                if !matches!(s, "C" | "F" | "A") {
                    return Err(value_error("order must be 'C', 'F' or 'A'"));
                }
            }
        }
        let m = live(&a[0])?;
        Ok(crate::types::bytes::new_bytes(m.to_bytes()?.into_owned()))
    });
    add_method(t, "tolist", |a, _| {
        check_args("tolist", &a[1..], 0, 0)?;
        Ok(tolist(live(&a[0])?))
    });
    add_method(t, "hex", |a, kw| {
        let args = crate::args::parse("hex", &a[1..], kw, &["sep", "bytes_per_sep"], 0)?;
        let d = live(&a[0])?.to_bytes()?.into_owned();
        Ok(Value::from(crate::modules::bytesmethods::hex_impl(
            &d,
            args[0].as_ref(),
            args[1].as_ref(),
        )?))
    });
    add_method(t, "toreadonly", |a, _| {
        check_args("toreadonly", &a[1..], 0, 0)?;
        let m = live(&a[0])?;
        Ok(new_view(PyMemoryView {
            obj: m.obj.clone(),
            offset: m.offset,
            itemsize: m.itemsize,
            format: m.format.clone(),
            shape: m.shape.clone(),
            strides: m.strides.clone(),
            readonly: true,
            released: Cell::new(false),
            foreign: m.share_foreign(),
        }))
    });
    add_method(t, "cast", cast);
    add_getset(t, "obj", |v| Ok(live(v)?.obj.get().clone()), None);
    add_getset(
        t,
        "nbytes",
        |v| Ok(Value::Int(live(v)?.nbytes() as i64)),
        None,
    );
    add_getset(t, "readonly", |v| Ok(Value::Bool(live(v)?.readonly)), None);
    add_getset(
        t,
        "itemsize",
        |v| Ok(Value::Int(live(v)?.itemsize as i64)),
        None,
    );
    add_getset(
        t,
        "format",
        |v| Ok(Value::from(live(v)?.format.as_str())),
        None,
    );
    add_getset(t, "ndim", |v| Ok(Value::Int(live(v)?.ndim() as i64)), None);
    add_getset(
        t,
        "shape",
        |v| {
            Ok(crate::types::tuple::new_tuple(
                live(v)?
                    .shape
                    .iter()
                    .map(|&d| Value::Int(d as i64))
                    .collect(),
            ))
        },
        None,
    );
    add_getset(
        t,
        "strides",
        |v| {
            Ok(crate::types::tuple::new_tuple(
                live(v)?
                    .strides
                    .iter()
                    .map(|&d| Value::Int(d as i64))
                    .collect(),
            ))
        },
        None,
    );
    add_getset(
        t,
        "suboffsets",
        |v| {
            live(v)?;
            Ok(crate::types::tuple::new_tuple(vec![]))
        },
        None,
    );
    add_getset(
        t,
        "c_contiguous",
        |v| Ok(Value::Bool(live(v)?.c_contiguous())),
        None,
    );
    add_getset(
        t,
        "f_contiguous",
        |v| Ok(Value::Bool(live(v)?.f_contiguous())),
        None,
    );
    add_getset(
        t,
        "contiguous",
        |v| {
            let m = live(v)?;
            Ok(Value::Bool(m.c_contiguous() || m.f_contiguous()))
        },
        None,
    );
    crate::types::typeobj::set_attr_str(
        t,
        "__doc__",
        Value::from("Create a new memoryview object which references the given object."),
    );
}
