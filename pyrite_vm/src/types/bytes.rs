//! `bytes` and `bytearray`: data layout, buffer access, constructors and the methods
//! that differ between the two types. The methods they share (`find`, `split`, ...)
//! live in `modules/bytesmethods.rs`; `memoryview` in `types/memoryview.rs`.

use crate::errors::*;
use crate::modules::bytesmethods::{noargs, onearg, unpack, wrapper};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::typeobj::{add_classmethod, add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use std::borrow::Cow;
use std::cell::{Cell, UnsafeCell};

pub struct PyBytes {
    pub data: Box<[u8]>,
    hash: Cell<i64>,
}

impl PyBytes {
    pub fn new(data: Vec<u8>) -> PyBytes {
        PyBytes {
            data: data.into_boxed_slice(),
            hash: Cell::new(-1),
        }
    }
    pub fn hash(&self) -> i64 {
        if self.hash.get() == -1 {
            self.hash.set(crate::types::str::hash_bytes(&self.data));
        }
        self.hash.get()
    }
}

#[derive(Default)]
pub struct PyByteArray {
    data: UnsafeCell<Vec<u8>>,
    /// Buffer exports currently held (resizing is refused while > 0).
    pub exports: Cell<usize>,
}

impl PyByteArray {
    pub fn new(v: Vec<u8>) -> PyByteArray {
        PyByteArray {
            data: UnsafeCell::new(v),
            exports: Cell::new(0),
        }
    }
    #[allow(clippy::mut_from_ref)]
    pub fn vec(&self) -> &mut Vec<u8> {
        unsafe { &mut *self.data.get() }
    }
    /// BufferError if the bytearray may not change size now.
    pub fn check_resizable(&self) -> PyResult<()> {
        if self.exports.get() > 0 {
            return Err(PyErr::new(
                &crate::types::exceptions::exc().buffer_error,
                "Existing exports of data: object cannot be re-sized",
            ));
        }
        Ok(())
    }
}

/// Results larger than this are refused with MemoryError instead of aborting.
pub const MAX_ALLOC: usize = 1 << 34;

pub fn new_bytes(data: Vec<u8>) -> Value {
    Value::Obj(ObjRef::new(
        &types().bytes,
        Payload::Bytes(PyBytes::new(data)),
    ))
}

pub fn new_bytearray(data: Vec<u8>) -> Value {
    Value::Obj(ObjRef::new(
        &types().bytearray,
        Payload::ByteArray(PyByteArray::new(data)),
    ))
}

/// The contiguous bytes of a buffer object (bytes, bytearray, memoryview), or `None`
/// for objects that do not export a buffer. A released memoryview is a ValueError.
pub fn try_buffer(v: &Value) -> PyResult<Option<Cow<'_, [u8]>>> {
    match v.payload() {
        Some(Payload::Bytes(b)) => Ok(Some(Cow::Borrowed(&b.data))),
        Some(Payload::ByteArray(b)) => Ok(Some(Cow::Borrowed(b.vec().as_slice()))),
        Some(Payload::Misc(_)) => match crate::types::memoryview::as_memoryview(v) {
            Some(m) => m.to_bytes().map(Some),
            None => Ok(None),
        },
        Some(Payload::Instance(_)) => foreign_bytes(v),
        _ => Ok(None),
    }
}

/// The bytes of a buffer exported by foreign code (copied, in C order).
fn foreign_bytes(v: &Value) -> PyResult<Option<Cow<'static, [u8]>>> {
    if !crate::capi_hooks::may_export(v) {
        return Ok(None);
    }
    let mv = crate::types::memoryview::memoryview_of(v)?;
    let m = crate::types::memoryview::as_memoryview(&mv).unwrap();
    let out = m.to_bytes()?.into_owned();
    Ok(Some(Cow::Owned(out)))
}

/// Whether `v` exports a buffer.
pub fn is_buffer(v: &Value) -> bool {
    match v.payload() {
        Some(Payload::Bytes(_)) | Some(Payload::ByteArray(_)) => true,
        Some(Payload::Misc(_)) => crate::types::memoryview::as_memoryview(v).is_some(),
        Some(Payload::Instance(_)) => crate::capi_hooks::may_export(v),
        _ => false,
    }
}

/// The bytes of a buffer object; TypeError "a bytes-like object is required, not 'str'".
pub fn need_buffer(v: &Value) -> PyResult<Cow<'_, [u8]>> {
    match try_buffer(v)? {
        Some(b) => Ok(b),
        None => Err(type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.type_name()
        ))),
    }
}

/// The bytes of a bytes-like object (bytes, bytearray, memoryview).
pub fn as_bytes_like(v: &Value) -> Option<Vec<u8>> {
    try_buffer(v).ok().flatten().map(|c| c.into_owned())
}

pub fn as_bytes(v: &Value) -> Option<&[u8]> {
    match v.payload() {
        Some(Payload::Bytes(b)) => Some(&b.data),
        _ => None,
    }
}

/// The data of a bytes or bytearray object (borrowed; do not hold across Python calls).
pub fn self_data(v: &Value) -> Option<&[u8]> {
    match v.payload() {
        Some(Payload::Bytes(b)) => Some(&b.data),
        Some(Payload::ByteArray(b)) => Some(b.vec().as_slice()),
        _ => None,
    }
}

/// A byte value given as an int (`__index__`), range-checked.
pub fn byte_value(v: &Value) -> PyResult<u8> {
    let i = crate::types::int::index_value(v)?;
    match i {
        Value::Int(n) if (0..256).contains(&n) => Ok(n as u8),
        _ => Err(value_error("byte must be in range(0, 256)")),
    }
}

/// Contents of an iterable of ints in range(256) (what `bytes(iterable)` accepts).
fn bytes_from_iterable(v: &Value, what: &str) -> PyResult<Vec<u8>> {
    let it = crate::ops::get_iter(v)?;
    let mut out = Vec::new();
    while let Some(x) = crate::ops::next(&it)? {
        let i = crate::types::int::index_value(&x)?;
        match i {
            Value::Int(n) if (0..256).contains(&n) => out.push(n as u8),
            _ => {
                return Err(value_error(if what == "bytes" {
                    "bytes must be in range(0, 256)"
                } else {
                    "byte must be in range(0, 256)"
                }))
            }
        }
    }
    Ok(out)
}

/// `bytes(x)` contents for a non-str, non-int source: buffer or iterable of ints.
pub fn bytes_from_value(v: &Value) -> PyResult<Vec<u8>> {
    bytes_from_value_for(v, "bytes")
}

fn bytes_from_value_for(v: &Value, what: &str) -> PyResult<Vec<u8>> {
    if let Some(b) = try_buffer(v)? {
        return Ok(b.into_owned());
    }
    if crate::types::str::as_str(v).is_some() {
        return Err(type_error(format!(
            "cannot convert 'str' object to {}",
            what
        )));
    }
    if !crate::ops::is_iterable(v) {
        return Err(type_error(format!(
            "cannot convert '{}' object to {}",
            v.type_name(),
            what
        )));
    }
    bytes_from_iterable(v, what)
}

/// `repr()` of bytes data with the given prefix (`b`).
pub fn bytes_repr(data: &[u8], prefix: &str) -> String {
    let quote = if data.contains(&b'\'') && !data.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut s = String::with_capacity(data.len() + 3 + prefix.len());
    s.push_str(prefix);
    s.push(quote);
    for &b in data {
        match b {
            b'\\' => s.push_str("\\\\"),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            b'\t' => s.push_str("\\t"),
            c if c as char == quote => {
                s.push('\\');
                s.push(quote)
            }
            0x20..=0x7e => s.push(b as char),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                s.push_str("\\x");
                s.push(HEX[(b >> 4) as usize] as char);
                s.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
    s.push(quote);
    s
}

/// `repr()` of a bytearray's data (`b'...'` part): like bytes, except that a single
/// quote is always escaped.
pub fn bytearray_data_repr(data: &[u8]) -> String {
    let r = bytes_repr(data, "b");
    if !r.starts_with("b\"") {
        return r;
    }
    let inner = &r[2..r.len() - 1];
    format!("b\"{}\"", inner.replace('\'', "\\'"))
}

/// A sequence index from `__index__`: IndexError "cannot fit 'int' into an
/// index-sized integer" when too big; TypeError `msg` for non-integers.
fn seq_index(key: &Value, msg: impl FnOnce() -> String) -> PyResult<i64> {
    if let Value::Int(i) = key {
        return Ok(*i);
    }
    if crate::ops::attr::lookup_special(key, "__index__").is_none()
        && !crate::types::int::is_int(key)
    {
        return Err(type_error(msg()));
    }
    crate::types::int::index_isize(key)
}

/// Elements of `data` selected by a slice.
pub fn slice_bytes(data: &[u8], key: &Value) -> PyResult<Vec<u8>> {
    let (start, _stop, step, n) = crate::types::misc::slice_indices(key, data.len())?;
    if step == 1 {
        let s = start as usize;
        return Ok(data[s..s + n].to_vec());
    }
    let mut out = Vec::with_capacity(n);
    let mut i = start;
    for _ in 0..n {
        out.push(data[i as usize]);
        i += step;
    }
    Ok(out)
}

fn getitem(
    a: &[Value],
    kw: Kw,
    make: fn(Vec<u8>) -> Value,
    what: &str,
    range_msg: &str,
) -> PyResult<Value> {
    wrapper("", "__getitem__", a, kw, 1)?;
    let key = &a[1];
    if let Some(Payload::Slice(_)) = key.payload() {
        // slice_indices may run Python code (__index__); read the data afterwards
        let len = self_data(&a[0]).map_or(0, |d| d.len());
        let (start, _stop, step, n) = crate::types::misc::slice_indices(key, len)?;
        let data = self_data(&a[0]).unwrap_or(&[]);
        let mut out = Vec::with_capacity(n);
        let mut i = start;
        for _ in 0..n {
            match data.get(i as usize) {
                Some(b) => out.push(*b),
                None => break,
            }
            i += step;
        }
        return Ok(make(out));
    }
    let i = seq_index(key, || {
        format!(
            "{} indices must be integers or slices, not {}",
            what,
            key.type_name()
        )
    })?;
    let data = self_data(&a[0]).unwrap_or(&[]);
    let n = data.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error(range_msg.to_string()));
    }
    Ok(Value::Int(data[j as usize] as i64))
}

fn repeat(data: &[u8], n: i64, what: &str) -> PyResult<Vec<u8>> {
    if n <= 0 || data.is_empty() {
        return Ok(Vec::new());
    }
    let total = (data.len() as u128) * (n as u128);
    if total > isize::MAX as u128 {
        return Err(overflow_error(format!("repeated {} are too long", what)));
    }
    if total > MAX_ALLOC as u128 {
        return Err(memory_error());
    }
    Ok(data.repeat(n as usize))
}

/// The repeat count of `seq * n`: `None` when `n` is not an integer.
fn repeat_count(v: &Value) -> PyResult<Option<i64>> {
    if let Value::Int(i) = v {
        return Ok(Some(*i));
    }
    if !crate::types::int::is_int(v) && crate::ops::attr::lookup_special(v, "__index__").is_none() {
        return Ok(None);
    }
    match crate::types::int::index_value(v)? {
        Value::Int(i) => Ok(Some(i)),
        other => Err(overflow_error(format!(
            "cannot fit '{}' into an index-sized integer",
            other.type_name()
        ))),
    }
}

fn mul(
    a: &[Value],
    kw: Kw,
    make: fn(Vec<u8>) -> Value,
    what: &str,
    rname: &str,
) -> PyResult<Value> {
    wrapper(" ", rname, a, kw, 1)?;
    let Some(n) = repeat_count(&a[1])? else {
        if rname == "__mul__" {
            if let Some(r) = crate::modules::bytesmethods::try_reflected(&a[0], &a[1], "__rmul__")?
            {
                return Ok(r);
            }
        }
        return Err(type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            a[1].type_name()
        )));
    };
    let d = self_data(&a[0]).unwrap_or(&[]);
    Ok(make(repeat(d, n, what)?))
}

/// `bytes(source, encoding, errors)` / `bytearray(...)` contents.
fn construct(args: &[Option<Value>], what: &str) -> PyResult<Vec<u8>> {
    let enc = match &args[1] {
        Some(e) => Some(
            crate::types::str::as_str(e)
                .ok_or_else(|| {
                    type_error(format!(
                        "{}() argument 'encoding' must be str, not {}",
                        what,
                        e.type_name()
                    ))
                })?
                .to_string(),
        ),
        None => None,
    };
    let errs = match &args[2] {
        Some(e) => Some(
            crate::types::str::as_str(e)
                .ok_or_else(|| {
                    type_error(format!(
                        "{}() argument 'errors' must be str, not {}",
                        what,
                        e.type_name()
                    ))
                })?
                .to_string(),
        ),
        None => None,
    };
    let Some(src) = &args[0] else {
        if enc.is_some() {
            return Err(type_error("encoding without a string argument"));
        }
        if errs.is_some() {
            return Err(type_error("errors without a string argument"));
        }
        return Ok(Vec::new());
    };
    if let Some(s) = crate::types::str::as_str(src) {
        let Some(enc) = enc else {
            return Err(type_error("string argument without an encoding"));
        };
        let r = crate::modules::codecs::encode_value(
            src,
            s,
            &enc,
            errs.as_deref().unwrap_or("strict"),
        )?;
        return Ok(need_buffer(&r)?.into_owned());
    }
    if enc.is_some() {
        return Err(type_error("encoding without a string argument"));
    }
    if errs.is_some() {
        return Err(type_error("errors without a string argument"));
    }
    let t = types();
    let plain = src.class_ref().is(&t.bytes)
        || src.class_ref().is(&t.bytearray)
        || src.class_ref().is(&t.memoryview);
    if what == "bytes" && !plain {
        if let Some(r) = bytes_dunder(src)? {
            return Ok(as_bytes(&r).unwrap_or(&[]).to_vec());
        }
    }
    if let Some(b) = try_buffer(src)? {
        return Ok(b.into_owned());
    }
    if crate::types::int::is_int(src)
        || crate::ops::attr::lookup_special(src, "__index__").is_some()
    {
        let n = match crate::types::int::index_value(src)? {
            Value::Int(n) => n,
            _ => {
                return Err(overflow_error(
                    "cannot fit 'int' into an index-sized integer",
                ))
            }
        };
        if n < 0 {
            return Err(value_error("negative count"));
        }
        if n as u64 > MAX_ALLOC as u64 {
            return Err(memory_error());
        }
        return Ok(vec![0u8; n as usize]);
    }
    bytes_from_value_for(src, what)
}

/// `src.__bytes__()`, checked to be bytes.
fn bytes_dunder(src: &Value) -> PyResult<Option<Value>> {
    if let Some(r) = crate::ops::call_special(src, crate::name!("__bytes__"), &[])? {
        if !matches!(r.payload(), Some(Payload::Bytes(_))) {
            return Err(type_error(format!(
                "__bytes__ returned non-bytes (type {})",
                r.type_name()
            )));
        }
        return Ok(Some(r));
    }
    Ok(None)
}

fn bytes_new(a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = crate::types::misc::check_new_cls(a, "bytes")?;
    let args = crate::args::parse("bytes", &a[1..], kw, &["source", "encoding", "errors"], 0)?;
    // bytes(b) of an exact bytes is b itself
    if cls.is(&types().bytes) && args[1].is_none() && args[2].is_none() {
        if let Some(src) = &args[0] {
            if src.class_ref().is(&types().bytes) {
                return Ok(src.clone());
            }
            if crate::types::str::as_str(src).is_none() && !src.class_ref().is(&types().bytearray) {
                if let Some(r) = bytes_dunder(src)? {
                    return Ok(r);
                }
            }
        }
    }
    let data = construct(&args, "bytes")?;
    if cls.is(&types().bytes) {
        return Ok(new_bytes(data));
    }
    Ok(crate::types::misc::new_instance(
        &cls,
        Payload::Bytes(PyBytes::new(data)),
    ))
}

fn this_bytearray(v: &Value) -> PyResult<&PyByteArray> {
    match v.payload() {
        Some(Payload::ByteArray(b)) => Ok(b),
        _ => Err(type_error(format!(
            "descriptor requires a 'bytearray' object but received a '{}'",
            v.type_name()
        ))),
    }
}

fn bytes_cmp(a: &[Value], kw: Kw, op: pyrite_compiler::bytecode::CmpOp) -> PyResult<Value> {
    wrapper("", "comparison", a, kw, 1)?;
    // bytes only compares with bytes (memoryview/bytearray handle the reflected case)
    let (Some(x), Some(Payload::Bytes(y))) = (self_data(&a[0]), a[1].payload()) else {
        return Ok(crate::types::misc::not_implemented());
    };
    Ok(Value::Bool(crate::ops::cmp_ord(x.cmp(&y.data), op)))
}

fn bytearray_cmp(a: &[Value], kw: Kw, op: pyrite_compiler::bytecode::CmpOp) -> PyResult<Value> {
    wrapper("", "comparison", a, kw, 1)?;
    let Some(y) = try_buffer(&a[1])? else {
        return Ok(crate::types::misc::not_implemented());
    };
    let x = self_data(&a[0]).unwrap_or(&[]);
    Ok(Value::Bool(crate::ops::cmp_ord(x.cmp(&y), op)))
}

pub fn init_bytes(t: &ObjRef) {
    use pyrite_compiler::bytecode::CmpOp;
    crate::modules::bytesmethods::init_common(t);
    add_staticmethod(t, "__new__", bytes_new);
    add_method(t, "__repr__", |a, _| {
        let d = self_data(&a[0])
            .ok_or_else(|| type_error("descriptor '__repr__' requires a 'bytes' object"))?;
        Ok(bytes_repr(d, "b").into())
    });
    add_method(t, "__str__", |a, _| {
        let d = self_data(&a[0])
            .ok_or_else(|| type_error("descriptor '__str__' requires a 'bytes' object"))?;
        Ok(bytes_repr(d, "b").into())
    });
    add_method(t, "__hash__", |a, _| match a[0].payload() {
        Some(Payload::Bytes(b)) => Ok(Value::Int(b.hash())),
        _ => Err(type_error(
            "descriptor '__hash__' requires a 'bytes' object",
        )),
    });
    add_method(t, "__eq__", |a, kw| bytes_cmp(a, kw, CmpOp::Eq));
    add_method(t, "__ne__", |a, kw| bytes_cmp(a, kw, CmpOp::Ne));
    add_method(t, "__lt__", |a, kw| bytes_cmp(a, kw, CmpOp::Lt));
    add_method(t, "__le__", |a, kw| bytes_cmp(a, kw, CmpOp::Le));
    add_method(t, "__gt__", |a, kw| bytes_cmp(a, kw, CmpOp::Gt));
    add_method(t, "__ge__", |a, kw| bytes_cmp(a, kw, CmpOp::Ge));
    add_method(t, "__getitem__", |a, kw| {
        getitem(a, kw, new_bytes, "byte", "index out of range")
    });
    add_method(t, "__add__", |a, kw| {
        wrapper("", "__add__", a, kw, 1)?;
        let Some(o) = try_buffer(&a[1])? else {
            if let Some(r) = crate::modules::bytesmethods::try_reflected(&a[0], &a[1], "__radd__")?
            {
                return Ok(r);
            }
            return Err(type_error(format!(
                "can't concat {} to {}",
                a[1].type_name(),
                a[0].type_name()
            )));
        };
        let d = self_data(&a[0]).unwrap_or(&[]);
        let mut v = Vec::with_capacity(d.len() + o.len());
        v.extend_from_slice(d);
        v.extend_from_slice(&o);
        Ok(new_bytes(v))
    });
    add_method(t, "__mul__", |a, kw| {
        mul(a, kw, new_bytes, "bytes", "__mul__")
    });
    add_method(t, "__rmul__", |a, kw| {
        mul(a, kw, new_bytes, "bytes", "__rmul__")
    });
    add_method(t, "__bytes__", |a, _| {
        if a[0].class_ref().is(&types().bytes) {
            return Ok(a[0].clone());
        }
        Ok(new_bytes(self_data(&a[0]).unwrap_or(&[]).to_vec()))
    });
    add_method(t, "__getnewargs__", |a, kw| {
        noargs("bytes.__getnewargs__", a, kw)?;
        Ok(crate::types::tuple::new_tuple(vec![new_bytes(
            self_data(&a[0]).unwrap_or(&[]).to_vec(),
        )]))
    });
    add_method(t, "__sizeof__", |a, kw| {
        noargs("bytes.__sizeof__", a, kw)?;
        Ok(Value::Int(
            33 + self_data(&a[0]).map_or(0, |d| d.len()) as i64,
        ))
    });
    add_classmethod(t, "fromhex", |a, kw| {
        onearg("bytes.fromhex", a, kw)?;
        let data = crate::modules::bytesmethods::fromhex(&a[1])?;
        if let Value::Obj(c) = &a[0] {
            if c.is(&types().bytes) {
                return Ok(new_bytes(data));
            }
        }
        crate::ops::call::call(&a[0], &[new_bytes(data)], None)
    });
    crate::types::memoryview::init(&types().memoryview);
}

// ---------------------------------------------------------------------------
// bytearray

fn ba_setitem(a: &[Value], kw: Kw) -> PyResult<Value> {
    wrapper(" ", "__setitem__", a, kw, 2)?;
    let b = this_bytearray(&a[0])?;
    let key = &a[1];
    let val = &a[2];
    if let Some(Payload::Slice(_)) = key.payload() {
        // the new contents first: it may run Python code
        let new: Vec<u8> = if a[0].is(val) {
            b.vec().clone()
        } else if let Some(d) = try_buffer(val)? {
            d.into_owned()
        } else if crate::types::int::is_int(val)
            || crate::types::float::is_float(val)
            || matches!(val.payload(), Some(Payload::Complex(..)))
            || crate::types::str::as_str(val).is_some()
        {
            return Err(type_error(
                "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
            ));
        } else {
            bytes_from_value_for(val, "bytearray")?
        };
        let len = b.vec().len();
        let (start, stop, step, n) = crate::types::misc::slice_indices(key, len)?;
        let len = b.vec().len();
        if step == 1 {
            let s = (start as usize).min(len);
            let e = (stop.max(start) as usize).min(len).max(s);
            if new.len() != e - s {
                b.check_resizable()?;
            }
            b.vec().splice(s..e, new);
            return Ok(Value::None);
        }
        if new.is_empty() {
            // CPython deletes the selected elements when assigning an empty value
            if n > 0 {
                b.check_resizable()?;
            }
            delete_slice(b.vec(), start, step, n);
            return Ok(Value::None);
        }
        if new.len() != n {
            return Err(value_error(format!(
                "attempt to assign bytes of size {} to extended slice of size {}",
                new.len(),
                n
            )));
        }
        let v = b.vec();
        let mut i = start;
        for x in new {
            if let Some(slot) = v.get_mut(i as usize) {
                *slot = x;
            }
            i += step;
        }
        return Ok(Value::None);
    }
    let i = seq_index(key, || {
        format!(
            "bytearray indices must be integers or slices, not {}",
            key.type_name()
        )
    })?;
    let x = byte_value(val)?;
    let v = b.vec();
    let n = v.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error("bytearray index out of range"));
    }
    v[j as usize] = x;
    Ok(Value::None)
}

/// Delete the elements selected by a slice (step may be any non-zero value).
fn delete_slice(v: &mut Vec<u8>, start: i64, step: i64, n: usize) {
    if n == 0 {
        return;
    }
    if step == 1 {
        let s = start as usize;
        v.drain(s..s + n);
        return;
    }
    let mut kill = vec![false; v.len()];
    let mut i = start;
    for _ in 0..n {
        if let Some(k) = kill.get_mut(i as usize) {
            *k = true;
        }
        i += step;
    }
    let mut idx = 0;
    v.retain(|_| {
        let keep = !kill[idx];
        idx += 1;
        keep
    });
}

fn ba_delitem(a: &[Value], kw: Kw) -> PyResult<Value> {
    wrapper("", "__delitem__", a, kw, 1)?;
    let b = this_bytearray(&a[0])?;
    let key = &a[1];
    if let Some(Payload::Slice(_)) = key.payload() {
        let (start, _stop, step, n) = crate::types::misc::slice_indices(key, b.vec().len())?;
        if n > 0 {
            b.check_resizable()?;
        }
        delete_slice(b.vec(), start, step, n);
        return Ok(Value::None);
    }
    let i = seq_index(key, || {
        format!(
            "bytearray indices must be integers or slices, not {}",
            key.type_name()
        )
    })?;
    let v = b.vec();
    let n = v.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error("bytearray index out of range"));
    }
    b.check_resizable()?;
    b.vec().remove(j as usize);
    Ok(Value::None)
}

fn ba_extend(a: &[Value], kw: Kw) -> PyResult<Value> {
    onearg("bytearray.extend", a, kw)?;
    let b = this_bytearray(&a[0])?;
    let src = &a[1];
    let data = if let Some(d) = try_buffer(src)? {
        d.into_owned()
    } else {
        if !crate::ops::is_iterable(src) {
            return Err(type_error(format!(
                "can't extend bytearray with {}",
                src.type_name()
            )));
        }
        let it = crate::ops::get_iter(src)?;
        let mut out = Vec::new();
        while let Some(x) = crate::ops::next(&it)? {
            out.push(byte_value(&x)?);
        }
        out
    };
    if !data.is_empty() {
        b.check_resizable()?;
    }
    b.vec().extend_from_slice(&data);
    Ok(Value::None)
}

fn ba_init(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse(
        "bytearray",
        &a[1..],
        kw,
        &["source", "encoding", "errors"],
        0,
    )?;
    let b = this_bytearray(&a[0])?;
    let data = construct(&args, "bytearray")?;
    if !(b.vec().is_empty() && data.is_empty()) {
        b.check_resizable()?;
    }
    *b.vec() = data;
    Ok(Value::None)
}

pub fn init_bytearray(t: &ObjRef) {
    use pyrite_compiler::bytecode::CmpOp;
    crate::modules::bytesmethods::init_common(t);
    add_staticmethod(t, "__new__", |a, _| {
        let cls = crate::types::misc::check_new_cls(a, "bytearray")?;
        Ok(crate::types::misc::new_instance(
            &cls,
            Payload::ByteArray(PyByteArray::default()),
        ))
    });
    add_method(t, "__init__", ba_init);
    add_method(t, "__repr__", |a, _| {
        let d = self_data(&a[0]).unwrap_or(&[]);
        Ok(format!("{}({})", a[0].type_name(), bytearray_data_repr(d)).into())
    });
    add_method(t, "__str__", |a, _| {
        let d = self_data(&a[0]).unwrap_or(&[]);
        Ok(format!("{}({})", a[0].type_name(), bytearray_data_repr(d)).into())
    });
    add_method(t, "__eq__", |a, kw| bytearray_cmp(a, kw, CmpOp::Eq));
    add_method(t, "__ne__", |a, kw| bytearray_cmp(a, kw, CmpOp::Ne));
    add_method(t, "__lt__", |a, kw| bytearray_cmp(a, kw, CmpOp::Lt));
    add_method(t, "__le__", |a, kw| bytearray_cmp(a, kw, CmpOp::Le));
    add_method(t, "__gt__", |a, kw| bytearray_cmp(a, kw, CmpOp::Gt));
    add_method(t, "__ge__", |a, kw| bytearray_cmp(a, kw, CmpOp::Ge));
    add_method(t, "__getitem__", |a, kw| {
        getitem(
            a,
            kw,
            new_bytearray,
            "bytearray",
            "bytearray index out of range",
        )
    });
    add_method(t, "__setitem__", ba_setitem);
    add_method(t, "__delitem__", ba_delitem);
    add_method(t, "__add__", |a, kw| {
        wrapper("", "__add__", a, kw, 1)?;
        let Some(o) = try_buffer(&a[1])? else {
            if let Some(r) = crate::modules::bytesmethods::try_reflected(&a[0], &a[1], "__radd__")?
            {
                return Ok(r);
            }
            return Err(type_error(format!(
                "can't concat {} to {}",
                a[1].type_name(),
                a[0].type_name()
            )));
        };
        let d = self_data(&a[0]).unwrap_or(&[]);
        let mut v = Vec::with_capacity(d.len() + o.len());
        v.extend_from_slice(d);
        v.extend_from_slice(&o);
        Ok(new_bytearray(v))
    });
    add_method(t, "__iadd__", |a, kw| {
        wrapper("", "__iadd__", a, kw, 1)?;
        let b = this_bytearray(&a[0])?;
        let Some(o) = try_buffer(&a[1])? else {
            return Err(type_error(format!(
                "can't concat {} to {}",
                a[1].type_name(),
                a[0].type_name()
            )));
        };
        let o = o.into_owned();
        if !o.is_empty() {
            b.check_resizable()?;
        }
        b.vec().extend_from_slice(&o);
        Ok(a[0].clone())
    });
    add_method(t, "__mul__", |a, kw| {
        mul(a, kw, new_bytearray, "bytes", "__mul__")
    });
    add_method(t, "__rmul__", |a, kw| {
        mul(a, kw, new_bytearray, "bytes", "__rmul__")
    });
    add_method(t, "__imul__", |a, kw| {
        wrapper(" ", "__imul__", a, kw, 1)?;
        let b = this_bytearray(&a[0])?;
        let n = match repeat_count(&a[1])? {
            Some(n) => n,
            None => {
                crate::types::int::index_value(&a[1])?;
                0
            }
        };
        let new = repeat(b.vec(), n, "bytes")?;
        if new.len() != b.vec().len() {
            b.check_resizable()?;
        }
        *b.vec() = new;
        Ok(a[0].clone())
    });
    add_method(t, "append", |a, kw| {
        onearg("bytearray.append", a, kw)?;
        let b = this_bytearray(&a[0])?;
        let x = byte_value(&a[1])?;
        b.check_resizable()?;
        b.vec().push(x);
        Ok(Value::None)
    });
    add_method(t, "extend", ba_extend);
    add_method(t, "insert", |a, kw| {
        unpack("insert", "bytearray.insert", a, kw, 2, 2)?;
        let b = this_bytearray(&a[0])?;
        let i = crate::types::int::index_i64(&a[1])?;
        let x = byte_value(&a[2])?;
        b.check_resizable()?;
        let v = b.vec();
        let n = v.len() as i64;
        let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
        v.insert(j as usize, x);
        Ok(Value::None)
    });
    add_method(t, "pop", |a, kw| {
        unpack("pop", "bytearray.pop", a, kw, 0, 1)?;
        let b = this_bytearray(&a[0])?;
        let i = match a.get(1) {
            Some(v) => crate::types::int::index_i64(v)?,
            None => -1,
        };
        let v = b.vec();
        if v.is_empty() {
            return Err(index_error("pop from empty bytearray"));
        }
        let n = v.len() as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(index_error("pop index out of range"));
        }
        b.check_resizable()?;
        Ok(Value::Int(b.vec().remove(j as usize) as i64))
    });
    add_method(t, "remove", |a, kw| {
        onearg("bytearray.remove", a, kw)?;
        let b = this_bytearray(&a[0])?;
        let x = byte_value(&a[1])?;
        let Some(p) = b.vec().iter().position(|&c| c == x) else {
            return Err(value_error("value not found in bytearray"));
        };
        b.check_resizable()?;
        b.vec().remove(p);
        Ok(Value::None)
    });
    add_method(t, "reverse", |a, kw| {
        noargs("bytearray.reverse", a, kw)?;
        this_bytearray(&a[0])?.vec().reverse();
        Ok(Value::None)
    });
    add_method(t, "clear", |a, kw| {
        noargs("bytearray.clear", a, kw)?;
        let b = this_bytearray(&a[0])?;
        if !b.vec().is_empty() {
            b.check_resizable()?;
        }
        b.vec().clear();
        Ok(Value::None)
    });
    add_method(t, "copy", |a, kw| {
        noargs("bytearray.copy", a, kw)?;
        Ok(new_bytearray(this_bytearray(&a[0])?.vec().clone()))
    });
    add_method(t, "__alloc__", |a, kw| {
        noargs("bytearray.__alloc__", a, kw)?;
        let v = this_bytearray(&a[0])?.vec();
        Ok(Value::Int(if v.capacity() == 0 {
            0
        } else {
            v.capacity().max(v.len() + 1) as i64
        }))
    });
    add_method(t, "__sizeof__", |a, kw| {
        noargs("bytearray.__sizeof__", a, kw)?;
        Ok(Value::Int(
            56 + this_bytearray(&a[0])?.vec().capacity() as i64,
        ))
    });
    add_method(t, "__reduce_ex__", |a, kw| {
        unpack("__reduce_ex__", "bytearray.__reduce_ex__", a, kw, 0, 1)?;
        ba_reduce(a)
    });
    add_method(t, "__reduce__", |a, kw| {
        noargs("bytearray.__reduce__", a, kw)?;
        ba_reduce(a)
    });
    add_classmethod(t, "fromhex", |a, kw| {
        onearg("bytearray.fromhex", a, kw)?;
        let data = crate::modules::bytesmethods::fromhex(&a[1])?;
        if let Value::Obj(c) = &a[0] {
            if c.is(&types().bytearray) {
                return Ok(new_bytearray(data));
            }
        }
        crate::ops::call::call(&a[0], &[new_bytes(data)], None)
    });
    crate::types::typeobj::set_attr_str(t, "__hash__", Value::None);
}

fn ba_reduce(a: &[Value]) -> PyResult<Value> {
    let b = this_bytearray(&a[0])?;
    let text: String = b.vec().iter().map(|&c| c as char).collect();
    let dict = match a[0].as_obj().and_then(|o| o.dict()) {
        Some(d) if crate::types::dict::obj_dict(&d).len() > 0 => Value::Obj(d),
        _ => Value::None,
    };
    Ok(crate::types::tuple::new_tuple(vec![
        Value::Obj(a[0].class()),
        crate::types::tuple::new_tuple(vec![Value::from(text), Value::from("latin-1")]),
        dict,
    ]))
}
