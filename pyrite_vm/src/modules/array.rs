//! `array`: typed arrays of numbers (and `'u'` characters) stored as native bytes.

use crate::errors::*;
use crate::modules::ndata::{self, NativeData, PCell};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::{add_classmethod, add_getset, add_method, add_staticmethod, tdata};
use crate::types::Payload;
use crate::value::Value;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};
use pyrite_compiler::bytecode::CmpOp;
use std::cell::Cell;

pub const TYPECODES: &str = "bBuhHiIlLqQfd";

fn itemsize(tc: u8) -> usize {
    match tc {
        b'b' | b'B' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' | b'u' => 4,
        _ => 8,
    }
}

pub struct Array {
    tc: u8,
    data: PCell<Vec<u8>>,
    exports: Cell<usize>,
}

impl NativeData for Array {}

impl Array {
    fn len(&self) -> usize {
        self.data.get().len() / itemsize(self.tc)
    }
    fn isz(&self) -> usize {
        itemsize(self.tc)
    }
    fn get(&self, i: usize) -> Value {
        let n = self.isz();
        let d = self.data.get();
        let b = &d[i * n..i * n + n];
        decode(self.tc, b)
    }
}

fn decode(tc: u8, b: &[u8]) -> Value {
    match tc {
        b'b' => Value::Int(b[0] as i8 as i64),
        b'B' => Value::Int(b[0] as i64),
        b'h' => Value::Int(i16::from_ne_bytes([b[0], b[1]]) as i64),
        b'H' => Value::Int(u16::from_ne_bytes([b[0], b[1]]) as i64),
        b'i' => Value::Int(i32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as i64),
        b'I' => Value::Int(u32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as i64),
        b'u' => {
            let c = u32::from_ne_bytes([b[0], b[1], b[2], b[3]]);
            Value::from(char::from_u32(c).unwrap_or('\u{fffd}').to_string())
        }
        b'f' => Value::Float(f32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as f64),
        b'd' => Value::Float(f64::from_ne_bytes(b[..8].try_into().unwrap_or([0; 8]))),
        b'l' | b'q' => Value::Int(i64::from_ne_bytes(b[..8].try_into().unwrap_or([0; 8]))),
        _ => {
            let u = u64::from_ne_bytes(b[..8].try_into().unwrap_or([0; 8]));
            if u <= i64::MAX as u64 {
                Value::Int(u as i64)
            } else {
                crate::types::int::from_bigint(BigInt::from(u))
            }
        }
    }
}

fn ovf(m: &str) -> PyErr {
    overflow_error(m.to_string())
}

/// Convert `v` for typecode `tc` into native bytes (CPython's error messages).
fn encode(tc: u8, v: &Value) -> PyResult<Vec<u8>> {
    match tc {
        b'f' => {
            return Ok((crate::modules::math::to_f64(v)? as f32)
                .to_ne_bytes()
                .to_vec())
        }
        b'd' => return Ok(crate::modules::math::to_f64(v)?.to_ne_bytes().to_vec()),
        b'u' => {
            if let Some(s) = crate::types::str::as_str(v) {
                let mut it = s.chars();
                if let (Some(c), None) = (it.next(), it.next()) {
                    return Ok((c as u32).to_ne_bytes().to_vec());
                }
            }
            return Err(type_error("array item must be unicode character"));
        }
        _ => {}
    }
    let i = crate::types::int::index_value(v)?;
    let b = crate::types::int::to_bigint(&i).unwrap_or_default();
    let i64v = b.to_i64();
    let long_err = "Python int too large to convert to C long";
    let range = |lo: i64, hi: i64, neg: &str, pos: &str| -> PyResult<i64> {
        let x = i64v.ok_or_else(|| ovf(long_err))?;
        if x < lo {
            return Err(ovf(neg));
        }
        if x > hi {
            return Err(ovf(pos));
        }
        Ok(x)
    };
    Ok(match tc {
        b'b' => {
            range(
                i16::MIN as i64,
                i16::MAX as i64,
                "signed short integer is less than minimum",
                "signed short integer is greater than maximum",
            )?;
            let x = range(
                -128,
                127,
                "signed char is less than minimum",
                "signed char is greater than maximum",
            )?;
            vec![x as i8 as u8]
        }
        b'B' => vec![range(
            0,
            255,
            "unsigned byte integer is less than minimum",
            "unsigned byte integer is greater than maximum",
        )? as u8],
        b'h' => (range(
            i16::MIN as i64,
            i16::MAX as i64,
            "signed short integer is less than minimum",
            "signed short integer is greater than maximum",
        )? as i16)
            .to_ne_bytes()
            .to_vec(),
        b'H' => {
            range(
                i32::MIN as i64,
                i32::MAX as i64,
                "signed integer is less than minimum",
                "signed integer is greater than maximum",
            )?;
            (range(
                0,
                65535,
                "unsigned short is less than minimum",
                "unsigned short is greater than maximum",
            )? as u16)
                .to_ne_bytes()
                .to_vec()
        }
        b'i' => (range(
            i32::MIN as i64,
            i32::MAX as i64,
            "signed integer is less than minimum",
            "signed integer is greater than maximum",
        )? as i32)
            .to_ne_bytes()
            .to_vec(),
        b'I' => {
            if b.is_negative() {
                return Err(ovf("can't convert negative value to unsigned int"));
            }
            let u = b
                .to_u64()
                .ok_or_else(|| ovf("Python int too large to convert to C unsigned long"))?;
            if u > u32::MAX as u64 {
                return Err(ovf("unsigned int is greater than maximum"));
            }
            (u as u32).to_ne_bytes().to_vec()
        }
        b'l' => i64v.ok_or_else(|| ovf(long_err))?.to_ne_bytes().to_vec(),
        b'L' => {
            if b.is_negative() {
                return Err(ovf("can't convert negative value to unsigned int"));
            }
            b.to_u64()
                .ok_or_else(|| ovf("Python int too large to convert to C unsigned long"))?
                .to_ne_bytes()
                .to_vec()
        }
        b'q' => i64v
            .ok_or_else(|| ovf("int too big to convert"))?
            .to_ne_bytes()
            .to_vec(),
        _ => {
            if b.is_negative() {
                return Err(ovf("can't convert negative int to unsigned"));
            }
            b.to_u64()
                .ok_or_else(|| ovf("int too big to convert"))?
                .to_ne_bytes()
                .to_vec()
        }
    })
}

fn arr(v: &Value) -> PyResult<&Array> {
    ndata::this::<Array>(v, "array.array")
}

/// The raw bytes of an `array.array` (None for other objects).
pub fn array_bytes(v: &Value) -> Option<Vec<u8>> {
    ndata::get::<Array>(v).map(|a| a.data.get().clone())
}

/// What a memoryview of an array looks like: (struct format, itemsize), or None for
/// other objects.
pub fn array_format(v: &Value) -> Option<(String, usize)> {
    ndata::get::<Array>(v).map(|a| ((a.tc as char).to_string(), itemsize(a.tc)))
}

/// The array's storage for C (`PyObject_GetBuffer`): pointer and length in bytes,
/// valid while an export is counted (the array refuses to resize meanwhile).
pub fn array_raw(v: &Value) -> Option<(*mut u8, usize)> {
    ndata::get::<Array>(v).map(|a| {
        let d = a.data.get();
        (d.as_mut_ptr(), d.len())
    })
}

/// The bytes of an array, borrowed (do not hold across Python code).
pub fn array_data(v: &Value) -> Option<&[u8]> {
    ndata::get::<Array>(v).map(|a| a.data.get().as_slice())
}

/// A memoryview of the array was made (+1) or released (-1): an exported array
/// refuses to change size.
pub fn array_export(v: &Value, delta: isize) {
    if let Some(a) = ndata::get::<Array>(v) {
        a.exports
            .set((a.exports.get() as isize + delta).max(0) as usize);
    }
}

/// Byte length of an array (for writable-buffer users like `struct.pack_into`).
pub fn array_len_bytes(v: &Value) -> Option<usize> {
    ndata::get::<Array>(v).map(|a| a.data.get().len())
}

/// Overwrite bytes of an array in place; false if `v` is not an array.
pub fn array_write_bytes(v: &Value, off: usize, b: &[u8]) -> bool {
    match ndata::get::<Array>(v) {
        Some(a) => {
            let d = a.data.get();
            if off + b.len() <= d.len() {
                d[off..off + b.len()].copy_from_slice(b);
            }
            true
        }
        None => false,
    }
}

fn new_array(cls: &ObjRef, tc: u8, data: Vec<u8>) -> Value {
    ndata::new_native(
        cls,
        Array {
            tc,
            data: PCell::new(data),
            exports: Cell::new(0),
        },
    )
}

fn same_kind(a: &Array, cls_v: &Value, data: Vec<u8>) -> Value {
    new_array(&cls_v.class(), a.tc, data)
}

fn check_resizable(a: &Array) -> PyResult<()> {
    if a.exports.get() > 0 {
        return Err(PyErr::new(
            &crate::types::exceptions::exc().buffer_error,
            "cannot resize an array that is exporting buffers",
        ));
    }
    Ok(())
}

fn extend_iter(a: &Array, it: &Value) -> PyResult<()> {
    let iter = crate::ops::get_iter(it)?;
    while let Some(v) = crate::ops::next(&iter)? {
        let b = encode(a.tc, &v)?;
        a.data.get().extend_from_slice(&b);
    }
    Ok(())
}

fn frombytes(a: &Array, b: &[u8]) -> PyResult<()> {
    if b.len() % a.isz() != 0 {
        return Err(value_error("bytes length not a multiple of item size"));
    }
    a.data.get().extend_from_slice(b);
    Ok(())
}

fn fromunicode(a: &Array, s: &str) -> PyResult<()> {
    if a.tc != b'u' {
        return Err(value_error(
            "fromunicode() may only be called on unicode type arrays",
        ));
    }
    for c in s.chars() {
        a.data.get().extend_from_slice(&(c as u32).to_ne_bytes());
    }
    Ok(())
}

fn norm(i: i64, n: usize) -> Option<usize> {
    let k = if i < 0 { i + n as i64 } else { i };
    if k < 0 || k >= n as i64 {
        None
    } else {
        Some(k as usize)
    }
}

fn to_list(a: &Array) -> Vec<Value> {
    (0..a.len()).map(|i| a.get(i)).collect()
}

fn array_cmp(x: &Value, y: &Value, op: CmpOp) -> PyResult<Value> {
    let (Some(a), Some(b)) = (ndata::get::<Array>(x), ndata::get::<Array>(y)) else {
        return Ok(crate::types::misc::not_implemented());
    };
    if a.tc == b.tc && a.tc != b'f' && a.tc != b'd' && matches!(op, CmpOp::Eq | CmpOp::Ne) {
        let same = a.data.get() == b.data.get();
        return Ok(Value::Bool(if op == CmpOp::Eq { same } else { !same }));
    }
    let xs = to_list(a);
    let ys = to_list(b);
    Ok(Value::Bool(crate::types::tuple::seq_compare(&xs, &ys, op)?))
}

fn array_repr(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let x = arr(ndata::arg(a, 0)?)?;
    let name = tdata(ndata::arg(a, 0)?.class_ref()).name().to_string();
    let tc = x.tc as char;
    if x.len() == 0 {
        return Ok(format!("{}('{}')", name, tc).into());
    }
    if x.tc == b'u' {
        let s: String = (0..x.len())
            .filter_map(|i| crate::types::str::as_str(&x.get(i)).map(|s| s.to_string()))
            .collect();
        return Ok(format!("{}('{}', {})", name, tc, crate::types::str::repr_str(&s)).into());
    }
    let items = to_list(x);
    Ok(format!(
        "{}('{}', {})",
        name,
        tc,
        crate::types::tuple::seq_repr(&items, "[", "]")?
    )
    .into())
}

fn getitem(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let x = arr(ndata::arg(a, 0)?)?;
    if let Some(Payload::Slice(_)) = ndata::arg(a, 1)?.payload() {
        let (start, _stop, step, n) =
            crate::types::misc::slice_indices(ndata::arg(a, 1)?, x.len())?;
        let sz = x.isz();
        let d = x.data.get();
        let mut out = Vec::with_capacity(n * sz);
        let mut i = start;
        for _ in 0..n {
            let k = i as usize;
            out.extend_from_slice(&d[k * sz..k * sz + sz]);
            i += step;
        }
        return Ok(same_kind(x, ndata::arg(a, 0)?, out));
    }
    let i = crate::types::int::index_isize(ndata::arg(a, 1)?)
        .map_err(|_| type_error("array indices must be integers"))?;
    let k = norm(i, x.len()).ok_or_else(|| index_error("array index out of range"))?;
    Ok(x.get(k))
}

fn setitem(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let x = arr(ndata::arg(a, 0)?)?;
    let sz = x.isz();
    if let Some(Payload::Slice(_)) = ndata::arg(a, 1)?.payload() {
        let Some(src) = ndata::get::<Array>(ndata::arg(a, 2)?) else {
            return Err(type_error(format!(
                "can only assign array (not \"{}\") to array slice",
                ndata::arg(a, 2)?.type_name()
            )));
        };
        if src.tc != x.tc {
            return Err(type_error("bad argument type for built-in operation"));
        }
        let srcd = src.data.get().clone();
        let (start, stop, step, n) = crate::types::misc::slice_indices(ndata::arg(a, 1)?, x.len())?;
        if step == 1 {
            check_resizable(x)?;
            let s = start as usize * sz;
            let e = (stop.max(start)) as usize * sz;
            x.data.get().splice(s..e, srcd);
            return Ok(Value::None);
        }
        if srcd.len() / sz != n {
            return Err(value_error(format!(
                "attempt to assign array of size {} to extended slice of size {}",
                srcd.len() / sz,
                n
            )));
        }
        let d = x.data.get();
        let mut i = start;
        for j in 0..n {
            let k = i as usize;
            d[k * sz..k * sz + sz].copy_from_slice(&srcd[j * sz..j * sz + sz]);
            i += step;
        }
        return Ok(Value::None);
    }
    let i = crate::types::int::index_isize(ndata::arg(a, 1)?)
        .map_err(|_| type_error("array indices must be integers"))?;
    let b = encode(x.tc, ndata::arg(a, 2)?)?;
    let k = norm(i, x.len()).ok_or_else(|| index_error("array assignment index out of range"))?;
    x.data.get()[k * sz..k * sz + sz].copy_from_slice(&b);
    Ok(Value::None)
}

fn delitem(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let x = arr(ndata::arg(a, 0)?)?;
    let sz = x.isz();
    check_resizable(x)?;
    if let Some(Payload::Slice(_)) = ndata::arg(a, 1)?.payload() {
        let (start, _stop, step, n) =
            crate::types::misc::slice_indices(ndata::arg(a, 1)?, x.len())?;
        let mut idx: Vec<usize> = (0..n).map(|j| (start + j as i64 * step) as usize).collect();
        idx.sort_unstable();
        let d = x.data.get();
        let mut out = Vec::with_capacity(d.len());
        let mut p = 0;
        for k in 0..d.len() / sz {
            if p < idx.len() && idx[p] == k {
                p += 1;
                continue;
            }
            out.extend_from_slice(&d[k * sz..k * sz + sz]);
        }
        *d = out;
        return Ok(Value::None);
    }
    let i = crate::types::int::index_isize(ndata::arg(a, 1)?)?;
    let k = norm(i, x.len()).ok_or_else(|| index_error("array assignment index out of range"))?;
    x.data.get().drain(k * sz..k * sz + sz);
    Ok(Value::None)
}

fn find(x: &Array, v: &Value, start: usize, stop: usize) -> PyResult<Option<usize>> {
    let mut i = start;
    while i < stop.min(x.len()) {
        if crate::ops::eq(&x.get(i), v)? {
            return Ok(Some(i));
        }
        i += 1;
    }
    Ok(None)
}

struct ArrayIter {
    arr: Value,
    index: Cell<usize>,
}
impl NativeData for ArrayIter {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.arr);
    }
}

crate::native_type!(array_iter_type, || {
    let t = ndata::new_type("arrayiterator", "array", None, false);
    add_method(&t, "__iter__", |a, _| Ok(ndata::arg(a, 0)?.clone()));
    add_method(&t, "__next__", |a, _| {
        let it = ndata::this::<ArrayIter>(ndata::arg(a, 0)?, "array.arrayiterator")?;
        let x = arr(&it.arr)?;
        let i = it.index.get();
        if i >= x.len() {
            it.index.set(usize::MAX / 2);
            return Err(stop_iteration(Value::None));
        }
        it.index.set(i + 1);
        Ok(x.get(i))
    });
    ndata::finish_type(&t);
    t
});

fn mul(a: &[Value], inplace: bool) -> PyResult<Value> {
    let x = arr(ndata::arg(a, 0)?)?;
    if !crate::types::int::is_int(ndata::arg(a, 1)?)
        && crate::ops::attr::lookup_special(ndata::arg(a, 1)?, "__index__").is_none()
    {
        return Ok(crate::types::misc::not_implemented());
    }
    let n = crate::types::int::index_clamped(ndata::arg(a, 1)?)?.max(0) as usize;
    let d = x.data.get().clone();
    if d.len().saturating_mul(n) > (1 << 36) {
        return Err(memory_error());
    }
    let out = d.repeat(n);
    if inplace {
        check_resizable(x)?;
        *x.data.get() = out;
        return Ok(ndata::arg(a, 0)?.clone());
    }
    Ok(same_kind(x, ndata::arg(a, 0)?, out))
}

crate::native_type!(array_type, || {
    let t = ndata::new_type("array", "array", None, true);
    let td = tdata(&t);
    td.flags
        .set(td.flags.get() | crate::types::typeobj::tflags::SEQUENCE);
    add_staticmethod(&t, "__new__", |a, kw| {
        let cls = ndata::new_cls(a, &array_type())?;
        if cls.is(&array_type()) {
            ndata::no_kw("array.array", kw)?;
        }
        let p = ndata::positional(&a[1..], kw);
        if p.is_empty() || p.len() > 2 {
            return Err(type_error(format!(
                "array() takes at {} 2 arguments ({} given)",
                if p.is_empty() { "least" } else { "most" },
                p.len()
            )));
        }
        let tc = match crate::types::str::as_str(&p[0]) {
            Some(s) if s.chars().count() == 1 => s.chars().next().unwrap_or(' '),
            _ => {
                return Err(type_error(format!(
                    "array() argument 1 must be a unicode character, not {}",
                    p[0].type_name()
                )))
            }
        };
        if !TYPECODES.contains(tc) {
            return Err(value_error(
                "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)",
            ));
        }
        let tc = tc as u8;
        let v = new_array(&cls, tc, vec![]);
        let x = arr(&v)?;
        if let Some(init) = p.get(1) {
            if let Some(s) = crate::types::str::as_str(init) {
                if tc != b'u' {
                    return Err(type_error(format!(
                        "cannot use a str to initialize an array with typecode '{}'",
                        tc as char
                    )));
                }
                fromunicode(x, s)?;
            } else if let Some(o) = ndata::get::<Array>(init) {
                if o.tc == b'u' && tc != b'u' {
                    return Err(type_error(format!(
                        "cannot use a unicode array to initialize an array with typecode '{}'",
                        tc as char
                    )));
                }
                let items = to_list(o);
                for it in items {
                    let b = encode(tc, &it)?;
                    x.data.get().extend_from_slice(&b);
                }
            } else if let Some(b) = crate::types::bytes::as_bytes_like(init) {
                frombytes(x, &b)?;
            } else {
                extend_iter(x, init)?;
            }
        }
        Ok(v)
    });
    add_getset(
        &t,
        "typecode",
        |v| Ok(Value::from((arr(v)?.tc as char).to_string())),
        None,
    );
    add_getset(
        &t,
        "itemsize",
        |v| Ok(Value::Int(arr(v)?.isz() as i64)),
        None,
    );
    add_method(&t, "append", |a, kw| {
        let v = crate::types::margs::one("append", a, kw)?;
        let x = arr(ndata::arg(a, 0)?)?;
        let b = encode(x.tc, v)?;
        check_resizable(x)?;
        x.data.get().extend_from_slice(&b);
        Ok(Value::None)
    });
    add_method(&t, "extend", |a, kw| {
        let v = crate::types::margs::one("extend", a, kw)?;
        let x = arr(ndata::arg(a, 0)?)?;
        check_resizable(x)?;
        if let Some(o) = ndata::get::<Array>(v) {
            if o.tc != x.tc {
                return Err(type_error("can only extend with array of same kind"));
            }
            let d = o.data.get().clone();
            x.data.get().extend_from_slice(&d);
            return Ok(Value::None);
        }
        extend_iter(x, v)?;
        Ok(Value::None)
    });
    add_method(&t, "insert", |a, kw| {
        let p = crate::types::margs::range("insert", "insert", a, kw, 2, 2)?;
        let x = arr(ndata::arg(a, 0)?)?;
        let b = encode(x.tc, &p[1])?;
        check_resizable(x)?;
        let n = x.len() as i64;
        let mut i = crate::types::int::index_clamped(&p[0])?;
        if i < 0 {
            i = (i + n).max(0);
        }
        let i = i.min(n) as usize * x.isz();
        x.data.get().splice(i..i, b);
        Ok(Value::None)
    });
    add_method(&t, "pop", |a, kw| {
        let p = crate::types::margs::range("pop", "pop", a, kw, 0, 1)?;
        let x = arr(ndata::arg(a, 0)?)?;
        let i = match p.first() {
            Some(v) => crate::types::int::index_isize(v)?,
            None => -1,
        };
        if x.len() == 0 {
            return Err(index_error("pop from empty array"));
        }
        let k = norm(i, x.len()).ok_or_else(|| index_error("pop index out of range"))?;
        check_resizable(x)?;
        let v = x.get(k);
        let sz = x.isz();
        x.data.get().drain(k * sz..k * sz + sz);
        Ok(v)
    });
    add_method(&t, "remove", |a, kw| {
        let v = crate::types::margs::one("remove", a, kw)?;
        let x = arr(ndata::arg(a, 0)?)?;
        match find(x, v, 0, usize::MAX)? {
            Some(k) => {
                check_resizable(x)?;
                let sz = x.isz();
                x.data.get().drain(k * sz..k * sz + sz);
                Ok(Value::None)
            }
            None => Err(value_error("array.remove(x): x not in array")),
        }
    });
    add_method(&t, "index", |a, kw| {
        let p = crate::types::margs::range("index", "index", a, kw, 1, 3)?;
        let x = arr(ndata::arg(a, 0)?)?;
        let n = x.len() as i64;
        let cl = |v: Option<&Value>, d: i64| -> PyResult<usize> {
            let mut i = match v {
                Some(v) => crate::types::int::index_clamped(v)?,
                None => d,
            };
            if i < 0 {
                i = (i + n).max(0);
            }
            Ok(i.min(n) as usize)
        };
        let start = cl(p.get(1), 0)?;
        let stop = cl(p.get(2), n)?;
        match find(x, &p[0], start, stop)? {
            Some(k) => Ok(Value::Int(k as i64)),
            None => Err(value_error("array.index(x): x not in array")),
        }
    });
    add_method(&t, "count", |a, kw| {
        let v = crate::types::margs::one("count", a, kw)?;
        let x = arr(ndata::arg(a, 0)?)?;
        let mut c = 0;
        for i in 0..x.len() {
            if crate::ops::eq(&x.get(i), v)? {
                c += 1;
            }
        }
        Ok(Value::Int(c))
    });
    add_method(&t, "reverse", |a, _| {
        let x = arr(ndata::arg(a, 0)?)?;
        let sz = x.isz();
        let d = x.data.get();
        let out: Vec<u8> = d.chunks(sz).rev().flatten().copied().collect();
        *d = out;
        Ok(Value::None)
    });
    add_method(&t, "byteswap", |a, _| {
        let x = arr(ndata::arg(a, 0)?)?;
        let sz = x.isz();
        for ch in x.data.get().chunks_mut(sz) {
            ch.reverse();
        }
        Ok(Value::None)
    });
    add_method(&t, "buffer_info", |a, _| {
        let x = arr(ndata::arg(a, 0)?)?;
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Int(x.data.get().as_ptr() as i64),
            Value::Int(x.len() as i64),
        ]))
    });
    add_method(&t, "tobytes", |a, _| {
        Ok(crate::types::bytes::new_bytes(
            arr(ndata::arg(a, 0)?)?.data.get().clone(),
        ))
    });
    add_method(&t, "frombytes", |a, kw| {
        let v = crate::types::margs::one("frombytes", a, kw)?;
        let x = arr(ndata::arg(a, 0)?)?;
        let b = ndata::need_buffer(v)?;
        check_resizable(x)?;
        frombytes(x, &b)?;
        Ok(Value::None)
    });
    add_method(&t, "tolist", |a, _| {
        Ok(crate::types::list::new_list(to_list(arr(ndata::arg(
            a, 0,
        )?)?)))
    });
    add_method(&t, "fromlist", |a, kw| {
        let v = crate::types::margs::one("fromlist", a, kw)?;
        let x = arr(ndata::arg(a, 0)?)?;
        let Some(l) = crate::types::list::as_list(v) else {
            return Err(type_error("arg must be list"));
        };
        let mut buf = Vec::new();
        for it in l.to_vec() {
            buf.extend_from_slice(&encode(x.tc, &it)?);
        }
        check_resizable(x)?;
        x.data.get().extend_from_slice(&buf);
        Ok(Value::None)
    });
    add_method(&t, "tounicode", |a, _| {
        let x = arr(ndata::arg(a, 0)?)?;
        if x.tc != b'u' {
            return Err(value_error(
                "tounicode() may only be called on unicode type arrays",
            ));
        }
        let s: String = (0..x.len())
            .filter_map(|i| crate::types::str::as_str(&x.get(i)).map(|s| s.to_string()))
            .collect();
        Ok(Value::from(s))
    });
    add_method(&t, "fromunicode", |a, kw| {
        let v = crate::types::margs::one("fromunicode", a, kw)?;
        let x = arr(ndata::arg(a, 0)?)?;
        let s = crate::types::str::as_str(v).ok_or_else(|| {
            type_error(format!(
                "fromunicode() argument must be str, not {}",
                v.type_name()
            ))
        })?;
        fromunicode(x, s)?;
        Ok(Value::None)
    });
    add_method(&t, "tofile", |a, kw| {
        let f = crate::types::margs::one("tofile", a, kw)?;
        let b = crate::types::bytes::new_bytes(arr(ndata::arg(a, 0)?)?.data.get().clone());
        crate::ops::attr::call_method(f, "write", &[b])?;
        Ok(Value::None)
    });
    add_method(&t, "fromfile", |a, kw| {
        let p = crate::types::margs::range("fromfile", "fromfile", a, kw, 2, 2)?;
        let x = arr(ndata::arg(a, 0)?)?;
        let n = crate::types::int::index_i64(&p[1])?;
        if n < 0 {
            return Err(value_error("negative count"));
        }
        let want = n as usize * x.isz();
        let data = crate::ops::attr::call_method(&p[0], "read", &[Value::Int(want as i64)])?;
        let b = crate::types::bytes::as_bytes_like(&data)
            .ok_or_else(|| type_error("read() didn't return bytes"))?;
        let whole = b.len() / x.isz() * x.isz();
        x.data.get().extend_from_slice(&b[..whole]);
        if b.len() < want {
            return Err(PyErr::new(
                &crate::types::exceptions::exc().eof_error,
                "read() didn't return enough bytes",
            ));
        }
        Ok(Value::None)
    });
    add_method(&t, "__len__", |a, _| {
        Ok(Value::Int(arr(ndata::arg(a, 0)?)?.len() as i64))
    });
    add_method(&t, "__getitem__", getitem);
    add_method(&t, "__setitem__", setitem);
    add_method(&t, "__delitem__", delitem);
    add_method(&t, "__contains__", |a, _| {
        Ok(Value::Bool(
            find(arr(ndata::arg(a, 0)?)?, ndata::arg(a, 1)?, 0, usize::MAX)?.is_some(),
        ))
    });
    add_method(&t, "__iter__", |a, _| {
        arr(ndata::arg(a, 0)?)?;
        Ok(ndata::new_native(
            &array_iter_type(),
            ArrayIter {
                arr: ndata::arg(a, 0)?.clone(),
                index: Cell::new(0),
            },
        ))
    });
    add_method(&t, "__repr__", array_repr);
    add_method(&t, "__eq__", |a, _| {
        array_cmp(ndata::arg(a, 0)?, ndata::arg(a, 1)?, CmpOp::Eq)
    });
    add_method(&t, "__ne__", |a, _| {
        array_cmp(ndata::arg(a, 0)?, ndata::arg(a, 1)?, CmpOp::Ne)
    });
    add_method(&t, "__lt__", |a, _| {
        array_cmp(ndata::arg(a, 0)?, ndata::arg(a, 1)?, CmpOp::Lt)
    });
    add_method(&t, "__le__", |a, _| {
        array_cmp(ndata::arg(a, 0)?, ndata::arg(a, 1)?, CmpOp::Le)
    });
    add_method(&t, "__gt__", |a, _| {
        array_cmp(ndata::arg(a, 0)?, ndata::arg(a, 1)?, CmpOp::Gt)
    });
    add_method(&t, "__ge__", |a, _| {
        array_cmp(ndata::arg(a, 0)?, ndata::arg(a, 1)?, CmpOp::Ge)
    });
    add_method(&t, "__add__", |a, _| {
        let x = arr(ndata::arg(a, 0)?)?;
        let Some(y) = ndata::get::<Array>(ndata::arg(a, 1)?) else {
            return Err(type_error(format!(
                "can only append array (not \"{}\") to array",
                ndata::arg(a, 1)?.type_name()
            )));
        };
        if x.tc != y.tc {
            return Err(type_error("bad argument type for built-in operation"));
        }
        let mut d = x.data.get().clone();
        d.extend_from_slice(y.data.get());
        Ok(same_kind(x, ndata::arg(a, 0)?, d))
    });
    add_method(&t, "__iadd__", |a, _| {
        let x = arr(ndata::arg(a, 0)?)?;
        let Some(y) = ndata::get::<Array>(ndata::arg(a, 1)?) else {
            return Err(type_error(format!(
                "can only extend array with array (not \"{}\")",
                ndata::arg(a, 1)?.type_name()
            )));
        };
        if x.tc != y.tc {
            return Err(type_error("can only extend with array of same kind"));
        }
        check_resizable(x)?;
        let d = y.data.get().clone();
        x.data.get().extend_from_slice(&d);
        Ok(ndata::arg(a, 0)?.clone())
    });
    add_method(&t, "__mul__", |a, _| mul(a, false));
    add_method(&t, "__rmul__", |a, _| mul(a, false));
    add_method(&t, "__imul__", |a, _| mul(a, true));
    add_method(&t, "__copy__", |a, _| {
        let x = arr(ndata::arg(a, 0)?)?;
        Ok(same_kind(x, ndata::arg(a, 0)?, x.data.get().clone()))
    });
    add_method(&t, "__deepcopy__", |a, _| {
        let x = arr(ndata::arg(a, 0)?)?;
        Ok(same_kind(x, ndata::arg(a, 0)?, x.data.get().clone()))
    });
    add_method(&t, "__reduce_ex__", |a, _| {
        let x = arr(ndata::arg(a, 0)?)?;
        let cls = Value::Obj(ndata::arg(a, 0)?.class());
        let items = crate::types::list::new_list(to_list(x));
        let args =
            crate::types::tuple::new_tuple(vec![Value::from((x.tc as char).to_string()), items]);
        let state = match ndata::arg(a, 0)?.as_obj().and_then(|o| o.dict()) {
            Some(d) => Value::Obj(d),
            None => Value::None,
        };
        Ok(crate::types::tuple::new_tuple(vec![cls, args, state]))
    });
    add_method(&t, "__sizeof__", |a, _| {
        Ok(Value::Int(
            64 + arr(ndata::arg(a, 0)?)?.data.get().capacity() as i64,
        ))
    });
    add_classmethod(
        &t,
        "__class_getitem__",
        crate::types::misc::generic_alias_method,
    );
    crate::types::typeobj::set_attr_str(&t, "__hash__", Value::None);
    ndata::finish_type(&t);
    t
});

pub fn init(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "array", Value::Obj(array_type()));
    set_attr(m, "ArrayType", Value::Obj(array_type()));
    set_attr(m, "typecodes", Value::from(TYPECODES));
    add_function(m, "_array_reconstructor", |a, _| {
        check_args("_array_reconstructor", a, 4, 4)?;
        let tc = crate::types::str::as_str(ndata::arg(a, 1)?)
            .unwrap_or("b")
            .to_string();
        let data = crate::types::bytes::as_bytes_like(ndata::arg(a, 3)?).unwrap_or_default();
        let v = crate::ops::call::call(ndata::arg(a, 0)?, &[Value::from(tc)], None)?;
        frombytes(arr(&v)?, &data)?;
        Ok(v)
    });
    Ok(())
}
