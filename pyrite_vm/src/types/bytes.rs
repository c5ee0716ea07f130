//! `bytes` and `bytearray`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::typeobj::{add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use pyrite_compiler::bytecode::CmpOp;
use std::cell::{Cell, UnsafeCell};

pub struct PyBytes {
    pub data: Box<[u8]>,
    hash: Cell<i64>,
}

impl PyBytes {
    pub fn new(data: Vec<u8>) -> PyBytes {
        PyBytes { data: data.into_boxed_slice(), hash: Cell::new(-1) }
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
        PyByteArray { data: UnsafeCell::new(v), exports: Cell::new(0) }
    }
    #[allow(clippy::mut_from_ref)]
    pub fn vec(&self) -> &mut Vec<u8> {
        unsafe { &mut *self.data.get() }
    }
}

pub fn new_bytes(data: Vec<u8>) -> Value {
    Value::Obj(ObjRef::new(&types().bytes, Payload::Bytes(PyBytes::new(data))))
}

pub fn new_bytearray(data: Vec<u8>) -> Value {
    Value::Obj(ObjRef::new(&types().bytearray, Payload::ByteArray(PyByteArray::new(data))))
}

/// The bytes of a bytes-like object (bytes, bytearray).
pub fn as_bytes_like(v: &Value) -> Option<Vec<u8>> {
    match v.payload() {
        Some(Payload::Bytes(b)) => Some(b.data.to_vec()),
        Some(Payload::ByteArray(b)) => Some(b.vec().clone()),
        _ => None,
    }
}

pub fn as_bytes(v: &Value) -> Option<&[u8]> {
    match v.payload() {
        Some(Payload::Bytes(b)) => Some(&b.data),
        _ => None,
    }
}

/// `bytes(x)` contents: bytes-like, iterable of ints.
pub fn bytes_from_value(v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = as_bytes_like(v) {
        return Ok(b);
    }
    if crate::types::str::as_str(v).is_some() {
        return Err(type_error("cannot convert 'str' object to bytes"));
    }
    let items = crate::ops::iterate(v).map_err(|_| type_error(format!("cannot convert '{}' object to bytes", v.type_name())))?;
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        let i = crate::types::int::index_i64(&it)?;
        if !(0..256).contains(&i) {
            return Err(value_error("bytes must be in range(0, 256)"));
        }
        out.push(i as u8);
    }
    Ok(out)
}

pub fn bytes_repr(data: &[u8], prefix: &str) -> String {
    let quote = if data.contains(&b'\'') && !data.contains(&b'"') { '"' } else { '\'' };
    let mut s = String::from(prefix);
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
            _ => s.push_str(&format!("\\x{:02x}", b)),
        }
    }
    s.push(quote);
    s
}

fn data_of(v: &Value) -> PyResult<Vec<u8>> {
    as_bytes_like(v).ok_or_else(|| type_error(format!("expected a bytes-like object, {} found", v.type_name())))
}

fn cmp(a: &[Value], op: CmpOp) -> PyResult<Value> {
    let (Some(x), Some(y)) = (as_bytes_like(&a[0]), as_bytes_like(&a[1])) else {
        return Ok(crate::types::misc::not_implemented());
    };
    Ok(Value::Bool(crate::ops::cmp_ord(x.cmp(&y), op)))
}

fn getitem(data: &[u8], key: &Value, make: fn(Vec<u8>) -> Value, what: &str) -> PyResult<Value> {
    if let Some(Payload::Slice(_)) = key.payload() {
        let (start, _stop, step, n) = crate::types::misc::slice_indices(key, data.len())?;
        let mut out = Vec::with_capacity(n);
        let mut i = start;
        for _ in 0..n {
            out.push(data[i as usize]);
            i += step;
        }
        return Ok(make(out));
    }
    let i = crate::types::int::index_value(key)
        .map_err(|_| type_error(format!("{} indices must be integers or slices, not {}", what, key.type_name())))?;
    let i = crate::types::int::as_i64(&i).unwrap_or(i64::MAX);
    let n = data.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error(format!("{} index out of range", what)));
    }
    Ok(Value::Int(data[j as usize] as i64))
}

fn decode(a: &[Value], kw: crate::types::function::Kw) -> PyResult<Value> {
    let args = crate::args::parse("decode", &a[1..], kw, &["encoding", "errors"], 0)?;
    let data = data_of(&a[0])?;
    let enc = args[0].as_ref().and_then(|v| crate::types::str::as_str(v).map(|s| s.to_string())).unwrap_or_else(|| "utf-8".into());
    let errors = args[1].as_ref().and_then(|v| crate::types::str::as_str(v).map(|s| s.to_string())).unwrap_or_else(|| "strict".into());
    crate::modules::codecs::decode(&data, &enc, &errors)
}

fn init_common(t: &ObjRef, name: &'static str) {
    add_method(t, "__len__", |a, _| Ok(Value::Int(data_of(&a[0])?.len() as i64)));
    add_method(t, "__eq__", |a, _| cmp(a, CmpOp::Eq));
    add_method(t, "__ne__", |a, _| cmp(a, CmpOp::Ne));
    add_method(t, "__lt__", |a, _| cmp(a, CmpOp::Lt));
    add_method(t, "__le__", |a, _| cmp(a, CmpOp::Le));
    add_method(t, "__gt__", |a, _| cmp(a, CmpOp::Gt));
    add_method(t, "__ge__", |a, _| cmp(a, CmpOp::Ge));
    add_method(t, "__iter__", |a, _| {
        let items: Vec<Value> = data_of(&a[0])?.into_iter().map(|b| Value::Int(b as i64)).collect();
        crate::ops::get_iter(&crate::types::list::new_list(items))
    });
    add_method(t, "__contains__", |a, _| {
        let d = data_of(&a[0])?;
        if let Some(sub) = as_bytes_like(&a[1]) {
            return Ok(Value::Bool(sub.is_empty() || d.windows(sub.len()).any(|w| w == &sub[..])));
        }
        let i = crate::types::int::index_i64(&a[1])?;
        if !(0..256).contains(&i) {
            return Err(value_error("byte must be in range(0, 256)"));
        }
        Ok(Value::Bool(d.contains(&(i as u8))))
    });
    add_method(t, "decode", decode);
    add_method(t, "hex", |a, _| Ok(data_of(&a[0])?.iter().map(|b| format!("{:02x}", b)).collect::<String>().into()));
    let _ = name;
}

pub fn init_bytes(t: &ObjRef) {
    init_common(t, "bytes");
    add_staticmethod(t, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "bytes")?;
        let args = crate::args::parse("bytes", &a[1..], kw, &["source", "encoding", "errors"], 0)?;
        let data = match (&args[0], &args[1]) {
            (None, _) => Vec::new(),
            (Some(s), Some(enc)) => {
                let s = crate::types::str::as_str(s).ok_or_else(|| type_error("encoding without a string argument"))?;
                let r = crate::modules::codecs::encode(s, crate::types::str::as_str(enc).unwrap_or("utf-8"), "strict")?;
                as_bytes_like(&r).unwrap()
            }
            (Some(v), None) => {
                if crate::types::str::as_str(v).is_some() {
                    return Err(type_error("string argument without an encoding"));
                }
                if let Value::Int(n) = v {
                    if *n < 0 {
                        return Err(value_error("negative count"));
                    }
                    vec![0u8; *n as usize]
                } else if let Some(r) = crate::ops::call_special(v, crate::name!("__bytes__"), &[])? {
                    as_bytes_like(&r).ok_or_else(|| type_error(format!("__bytes__ returned non-bytes (type {})", r.type_name())))?
                } else {
                    bytes_from_value(v)?
                }
            }
        };
        if cls.is(&types().bytes) {
            return Ok(new_bytes(data));
        }
        Ok(crate::types::misc::new_instance(&cls, Payload::Bytes(PyBytes::new(data))))
    });
    add_method(t, "__repr__", |a, _| Ok(bytes_repr(&data_of(&a[0])?, "b").into()));
    add_method(t, "__hash__", |a, _| match a[0].payload() {
        Some(Payload::Bytes(b)) => Ok(Value::Int(b.hash())),
        _ => Err(type_error("expected bytes")),
    });
    add_method(t, "__getitem__", |a, _| getitem(&data_of(&a[0])?, &a[1], new_bytes, "index"));
    add_method(t, "__add__", |a, _| {
        let mut d = data_of(&a[0])?;
        let o = as_bytes_like(&a[1]).ok_or_else(|| type_error(format!("can't concat {} to bytes", a[1].type_name())))?;
        d.extend(o);
        Ok(new_bytes(d))
    });
    add_method(t, "__mul__", |a, _| {
        let n = crate::types::int::index_i64(&a[1])?;
        let d = data_of(&a[0])?;
        Ok(new_bytes(if n <= 0 { Vec::new() } else { d.repeat(n as usize) }))
    });
    add_method(t, "__rmul__", |a, _| {
        let n = crate::types::int::index_i64(&a[1])?;
        let d = data_of(&a[0])?;
        Ok(new_bytes(if n <= 0 { Vec::new() } else { d.repeat(n as usize) }))
    });
    add_method(t, "__bytes__", |a, _| Ok(new_bytes(data_of(&a[0])?)));
    add_method(t, "__getnewargs__", |a, _| Ok(crate::types::tuple::new_tuple(vec![new_bytes(data_of(&a[0])?)])));
}

pub fn init_bytearray(t: &ObjRef) {
    init_common(t, "bytearray");
    add_staticmethod(t, "__new__", |a, _| {
        let cls = crate::types::misc::check_new_cls(a, "bytearray")?;
        Ok(crate::types::misc::new_instance(&cls, Payload::ByteArray(PyByteArray::default())))
    });
    add_method(t, "__init__", |a, kw| {
        let args = crate::args::parse("bytearray", &a[1..], kw, &["source", "encoding", "errors"], 0)?;
        let data = match &args[0] {
            None => Vec::new(),
            Some(Value::Int(n)) => {
                if *n < 0 {
                    return Err(value_error("negative count"));
                }
                vec![0u8; *n as usize]
            }
            Some(v) => {
                if let Some(s) = crate::types::str::as_str(v) {
                    let enc = args[1].as_ref().ok_or_else(|| type_error("string argument without an encoding"))?;
                    let r = crate::modules::codecs::encode(s, crate::types::str::as_str(enc).unwrap_or("utf-8"), "strict")?;
                    as_bytes_like(&r).unwrap()
                } else {
                    bytes_from_value(v)?
                }
            }
        };
        if let Some(Payload::ByteArray(b)) = a[0].payload() {
            *b.vec() = data;
        }
        Ok(Value::None)
    });
    add_method(t, "__repr__", |a, _| Ok(format!("{}({})", a[0].type_name(), bytes_repr(&data_of(&a[0])?, "b")).into()));
    add_method(t, "__getitem__", |a, _| getitem(&data_of(&a[0])?, &a[1], new_bytearray, "bytearray"));
    add_method(t, "__setitem__", |a, _| {
        let Some(Payload::ByteArray(b)) = a[0].payload() else { return Err(type_error("expected bytearray")) };
        let i = crate::types::int::index_i64(&a[1])?;
        let v = crate::types::int::index_i64(&a[2])?;
        if !(0..256).contains(&v) {
            return Err(value_error("byte must be in range(0, 256)"));
        }
        let n = b.vec().len() as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(index_error("bytearray index out of range"));
        }
        b.vec()[j as usize] = v as u8;
        Ok(Value::None)
    });
    add_method(t, "append", |a, _| {
        let Some(Payload::ByteArray(b)) = a[0].payload() else { return Err(type_error("expected bytearray")) };
        let v = crate::types::int::index_i64(&a[1])?;
        if !(0..256).contains(&v) {
            return Err(value_error("byte must be in range(0, 256)"));
        }
        if b.exports.get() > 0 {
            return Err(PyErr::new(&crate::types::exceptions::exc().buffer_error, "Existing exports of data: object cannot be re-sized"));
        }
        b.vec().push(v as u8);
        Ok(Value::None)
    });
    add_method(t, "extend", |a, _| {
        let Some(Payload::ByteArray(b)) = a[0].payload() else { return Err(type_error("expected bytearray")) };
        let d = bytes_from_value(&a[1])?;
        if b.exports.get() > 0 {
            return Err(PyErr::new(&crate::types::exceptions::exc().buffer_error, "Existing exports of data: object cannot be re-sized"));
        }
        b.vec().extend(d);
        Ok(Value::None)
    });
    add_method(t, "__add__", |a, _| {
        let mut d = data_of(&a[0])?;
        let o = as_bytes_like(&a[1]).ok_or_else(|| type_error(format!("can't concat {} to bytearray", a[1].type_name())))?;
        d.extend(o);
        Ok(new_bytearray(d))
    });
    crate::types::typeobj::set_attr_str(t, "__hash__", Value::None);
}
