//! Argument parsing (`PyArg_ParseTuple`, `PyArg_ParseTupleAndKeywords`, `PyArg_Parse`,
//! their `Va`/`_SizeT` forms, `PyArg_UnpackTuple`) and value building
//! (`Py_BuildValue`, `Py_VaBuildValue`). The variadic entry points are C shims
//! (`shims.c`) that pass a [`VaList`] to [`pyrite_getargs`] / [`pyrite_buildvalue`],
//! which read each argument with the accessor matching its format unit.

use crate::va::{Va, VaList};
use crate::{bad_internal, py};
use emulation::err;
use emulation::layout::*;
use emulation::mirror::{self, from_c, kind, to_c_borrowed_in};
use pyrite_vm::errors::{overflow_error, PyErr, PyResult};
use pyrite_vm::types::exceptions::exc;
use pyrite_vm::types::Payload;
use pyrite_vm::value::Value;
use std::os::raw::{
    c_char, c_double, c_float, c_int, c_long, c_longlong, c_short, c_uchar, c_uint, c_ulong,
    c_ulonglong, c_ushort, c_void,
};
use std::ptr::null_mut;

const FLAG_SIZE_T: c_int = 1;
const MODE_TUPLE: c_int = 0;
const MODE_SINGLE: c_int = 1;
const PY_CLEANUP_SUPPORTED: c_int = 0x20000;

/// A failure while converting one argument: either a conversion message ("must be
/// int, not str", completed with the argument position) or a raised exception.
enum Fail {
    Msg(String),
    Err(PyErr),
}

impl From<PyErr> for Fail {
    fn from(e: PyErr) -> Fail {
        Fail::Err(e)
    }
}

type CResult<T> = Result<T, Fail>;

fn converterr(expected: &str, v: &Value) -> Fail {
    let got = if v.is_none() {
        "None".to_string()
    } else {
        v.type_name()
    };
    Fail::Msg(format!("must be {}, not {}", expected, got))
}

/// The parts of a format string.
struct Format<'a> {
    units: Vec<&'a [u8]>,
    min: usize,
    kwonly: usize,
    fname: Option<String>,
    message: Option<String>,
}

/// The end of the format unit starting at `i`.
fn unit_end(f: &[u8], mut i: usize) -> PyResult<usize> {
    let c = f[i];
    i += 1;
    match c {
        b'(' => {
            let mut depth = 1;
            while i < f.len() && depth > 0 {
                match f[i] {
                    b'(' => depth += 1,
                    b')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if depth != 0 {
                return Err(PyErr::new(
                    &exc().system_error,
                    "missing ')' in getargs format",
                ));
            }
            Ok(i)
        }
        b'e' => {
            // es, et, es#, et#
            if i < f.len() && (f[i] == b's' || f[i] == b't') {
                i += 1;
            }
            if i < f.len() && f[i] == b'#' {
                i += 1;
            }
            Ok(i)
        }
        _ => {
            while i < f.len() && matches!(f[i], b'#' | b'*' | b'!' | b'&') {
                i += 1;
            }
            Ok(i)
        }
    }
}

fn split_format(f: &[u8]) -> PyResult<Format<'_>> {
    let mut units = Vec::new();
    let mut min = usize::MAX;
    let mut kwonly = usize::MAX;
    let mut fname = None;
    let mut message = None;
    let mut i = 0;
    while i < f.len() {
        match f[i] {
            b'|' => {
                min = min.min(units.len());
                i += 1;
            }
            b'$' => {
                kwonly = units.len();
                if min == usize::MAX {
                    min = units.len();
                }
                i += 1;
            }
            b':' => {
                fname = Some(String::from_utf8_lossy(&f[i + 1..]).into_owned());
                break;
            }
            b';' => {
                message = Some(String::from_utf8_lossy(&f[i + 1..]).into_owned());
                break;
            }
            b' ' | b'\t' | b',' => i += 1,
            _ => {
                let e = unit_end(f, i)?;
                units.push(&f[i..e]);
                i = e;
            }
        }
    }
    let n = units.len();
    Ok(Format {
        units,
        min: min.min(n),
        kwonly: kwonly.min(n),
        fname,
        message,
    })
}

/// What a converter must release if a later argument fails.
enum Cleanup {
    Mem(*mut c_void, *mut *mut c_char),
    Converter(
        unsafe extern "C" fn(*mut PyObject, *mut c_void) -> c_int,
        *mut c_void,
    ),
    Buffer(*mut Py_buffer),
}

struct Parser {
    va: Va,
    size_t: bool,
    cleanup: Vec<Cleanup>,
}

fn int_of(v: &Value) -> PyResult<num_bigint::BigInt> {
    if let Some(b) = pyrite_vm::types::int::to_bigint(v) {
        return Ok(b);
    }
    let i = py(|| pyrite_vm::types::int::index_value(v))?;
    pyrite_vm::types::int::to_bigint(&i)
        .ok_or_else(|| crate::type_error("__index__ returned non-int"))
}

fn as_long(v: &Value) -> PyResult<i64> {
    use num_traits::ToPrimitive;
    if let Value::Int(i) = v {
        return Ok(*i);
    }
    int_of(v)?
        .to_i64()
        .ok_or_else(|| overflow_error("Python int too large to convert to C long"))
}

fn mask(v: &Value) -> PyResult<u64> {
    use num_traits::ToPrimitive;
    if let Value::Int(i) = v {
        return Ok(*i as u64);
    }
    let b = int_of(v)?;
    let m = num_bigint::BigInt::from(1u8) << 64;
    let mut r: num_bigint::BigInt = b % &m;
    if r.sign() == num_bigint::Sign::Minus {
        r += &m;
    }
    Ok(r.to_u64().unwrap_or(0))
}

impl Parser {
    /// Store a length for a `#` unit.
    unsafe fn store_len(&self, p: *mut c_void, n: usize) -> CResult<()> {
        if self.size_t {
            *(p as *mut Py_ssize_t) = n as isize;
        } else {
            if n > c_int::MAX as usize {
                return Err(Fail::Err(overflow_error("size does not fit in an int")));
            }
            *(p as *mut c_int) = n as c_int;
        }
        Ok(())
    }

    fn check_hash_ok(&self) -> CResult<()> {
        if !self.size_t {
            return Err(Fail::Err(PyErr::new(
                &exc().system_error,
                "PY_SSIZE_T_CLEAN macro must be defined for '#' formats",
            )));
        }
        Ok(())
    }

    /// Consume the variadic arguments of a unit without converting anything.
    unsafe fn skip(&mut self, u: &[u8]) -> PyResult<()> {
        match u[0] {
            b'(' => {
                let inner = &u[1..u.len() - 1];
                let f = split_format(inner)?;
                for su in f.units {
                    self.skip(su)?;
                }
            }
            b'e' => {
                let _: *mut c_void = self.va.ptr();
                let _: *mut c_void = self.va.ptr();
                if u.ends_with(b"#") {
                    let _: *mut c_void = self.va.ptr();
                }
            }
            b'O' if u.len() > 1 && (u[1] == b'!' || u[1] == b'&') => {
                let _: *mut c_void = self.va.ptr();
                let _: *mut c_void = self.va.ptr();
            }
            _ => {
                let _: *mut c_void = self.va.ptr();
                if u.len() > 1 && u[1] == b'#' {
                    let _: *mut c_void = self.va.ptr();
                }
            }
        }
        Ok(())
    }

    /// The UTF-8 (pointer, length) of a str, owned by its mirror.
    unsafe fn utf8_of(&self, o: *mut PyObject, v: &Value) -> (*const c_char, usize) {
        let s = pyrite_vm::types::str::as_str(v).unwrap_or("").to_string();
        let p = if mirror::kind_of(o) == Some(kind::STR) {
            o
        } else {
            mirror::to_c_borrowed_obj(v.as_obj().unwrap())
        };
        let (ptr, n) = emulation::unicode::utf8(p, &s);
        (ptr as *const c_char, n)
    }

    /// (pointer, length) of read-only bytes-like data held in place (bytes/bytearray).
    unsafe fn bytes_data(&self, o: *mut PyObject, v: &Value) -> Option<(*const c_char, usize)> {
        match v.payload() {
            Some(Payload::Bytes(_)) => {
                let p = if mirror::kind_of(o) == Some(kind::BYTES) {
                    o
                } else {
                    mirror::to_c_borrowed_obj(v.as_obj().unwrap())
                };
                let b = p as *mut PyBytesObject;
                Some(((*b).ob_sval.as_ptr(), (*b).ob_base.ob_size as usize))
            }
            Some(Payload::ByteArray(_)) => {
                let p = mirror::to_c_borrowed_obj(v.as_obj().unwrap());
                let b = p as *mut PyByteArrayObject;
                Some((
                    (*b).ob_start as *const c_char,
                    (*b).ob_base.ob_size as usize,
                ))
            }
            _ => None,
        }
    }

    /// Convert object `o` (a borrowed reference) according to unit `u`.
    unsafe fn convert(&mut self, u: &[u8], o: *mut PyObject) -> CResult<()> {
        let v = from_c(o);
        let c = u[0];
        let modifier = u.get(1).copied();
        match c {
            b'b' => {
                let p: *mut c_uchar = self.va.ptr();
                let x = as_long(&v)?;
                if x < 0 {
                    return Err(Fail::Err(overflow_error(
                        "unsigned byte integer is less than minimum",
                    )));
                }
                if x > u8::MAX as i64 {
                    return Err(Fail::Err(overflow_error(
                        "unsigned byte integer is greater than maximum",
                    )));
                }
                *p = x as u8;
            }
            b'B' => {
                let p: *mut c_uchar = self.va.ptr();
                *p = mask(&v)? as u8;
            }
            b'h' => {
                let p: *mut c_short = self.va.ptr();
                let x = as_long(&v)?;
                if x < c_short::MIN as i64 {
                    return Err(Fail::Err(overflow_error(
                        "signed short integer is less than minimum",
                    )));
                }
                if x > c_short::MAX as i64 {
                    return Err(Fail::Err(overflow_error(
                        "signed short integer is greater than maximum",
                    )));
                }
                *p = x as c_short;
            }
            b'H' => {
                let p: *mut c_ushort = self.va.ptr();
                *p = mask(&v)? as c_ushort;
            }
            b'i' => {
                let p: *mut c_int = self.va.ptr();
                let x = as_long(&v)?;
                if x > c_int::MAX as i64 {
                    return Err(Fail::Err(overflow_error(
                        "signed integer is greater than maximum",
                    )));
                }
                if x < c_int::MIN as i64 {
                    return Err(Fail::Err(overflow_error(
                        "signed integer is less than minimum",
                    )));
                }
                *p = x as c_int;
            }
            b'I' => {
                let p: *mut c_uint = self.va.ptr();
                *p = mask(&v)? as c_uint;
            }
            b'l' => {
                let p: *mut c_long = self.va.ptr();
                *p = as_long(&v)?;
            }
            b'k' => {
                let p: *mut c_ulong = self.va.ptr();
                if !pyrite_vm::types::int::is_int(&v) {
                    return Err(converterr("int", &v));
                }
                *p = mask(&v)?;
            }
            b'L' => {
                let p: *mut c_longlong = self.va.ptr();
                // a non-integer keeps its TypeError; only overflow gets 'L''s message
                *p = match as_long(&v) {
                    Ok(x) => x,
                    Err(e) if e.matches(&pyrite_vm::types::exceptions::exc().overflow_error) => {
                        return Err(Fail::Err(overflow_error("int too big to convert")))
                    }
                    Err(e) => return Err(Fail::Err(e)),
                };
            }
            b'K' => {
                let p: *mut c_ulonglong = self.va.ptr();
                if !pyrite_vm::types::int::is_int(&v) {
                    return Err(converterr("int", &v));
                }
                *p = mask(&v)?;
            }
            b'n' => {
                let p: *mut Py_ssize_t = self.va.ptr();
                use num_traits::ToPrimitive;
                let b = int_of(&v)?;
                *p = b.to_isize().ok_or_else(|| {
                    overflow_error("Python int too large to convert to C ssize_t")
                })?;
            }
            b'c' => {
                let p: *mut c_char = self.va.ptr();
                match pyrite_vm::types::bytes::as_bytes_like(&v) {
                    Some(b)
                        if b.len() == 1
                            && matches!(
                                v.payload(),
                                Some(Payload::Bytes(_)) | Some(Payload::ByteArray(_))
                            ) =>
                    {
                        *p = b[0] as c_char
                    }
                    _ => return Err(converterr("a byte string of length 1", &v)),
                }
            }
            b'C' => {
                let p: *mut c_int = self.va.ptr();
                match pyrite_vm::types::str::as_str(&v) {
                    Some(s) if s.chars().count() == 1 => *p = s.chars().next().unwrap() as c_int,
                    _ => return Err(converterr("a unicode character", &v)),
                }
            }
            b'p' => {
                let p: *mut c_int = self.va.ptr();
                *p = py(|| pyrite_vm::ops::truthy(&v))? as c_int;
            }
            b'f' => {
                let p: *mut c_float = self.va.ptr();
                *p = crate::float::as_double(&v)? as c_float;
            }
            b'd' => {
                let p: *mut c_double = self.va.ptr();
                *p = crate::float::as_double(&v)?;
            }
            b'D' => {
                let p: *mut Py_complex = self.va.ptr();
                let (re, im) = match pyrite_vm::types::complex::as_complex(&v) {
                    Some(c) => c,
                    None => (
                        crate::float::as_double(&v).map_err(|_| converterr("complex", &v))?,
                        0.0,
                    ),
                };
                *p = Py_complex { real: re, imag: im };
            }
            b'O' => match modifier {
                Some(b'!') => {
                    let t: *mut PyTypeObject = self.va.ptr();
                    let p: *mut *mut PyObject = self.va.ptr();
                    if crate::object::PyType_IsSubtype((*o).ob_type, t) == 0 {
                        let name = if t.is_null() || (*t).tp_name.is_null() {
                            "?".into()
                        } else {
                            std::ffi::CStr::from_ptr((*t).tp_name)
                                .to_string_lossy()
                                .into_owned()
                        };
                        return Err(converterr(&name, &v));
                    }
                    *p = o;
                }
                Some(b'&') => {
                    let f: Option<unsafe extern "C" fn(*mut PyObject, *mut c_void) -> c_int> =
                        std::mem::transmute(self.va.ptr::<c_void>());
                    let addr: *mut c_void = self.va.ptr();
                    let Some(f) = f else {
                        return Err(Fail::Err(bad_internal("PyArg_Parse (O&)")));
                    };
                    let r = emulation::enter_py(|| f(o, addr));
                    if r == 0 {
                        return Err(Fail::Err(err::take_pyerr().unwrap_or_else(|| {
                            PyErr::new(
                                &exc().system_error,
                                "converter function failed without setting an error",
                            )
                        })));
                    }
                    if r == PY_CLEANUP_SUPPORTED {
                        self.cleanup.push(Cleanup::Converter(f, addr));
                    }
                }
                _ => {
                    let p: *mut *mut PyObject = self.va.ptr();
                    *p = o;
                }
            },
            b'S' => {
                let p: *mut *mut PyObject = self.va.ptr();
                if !matches!(v.payload(), Some(Payload::Bytes(_))) {
                    return Err(converterr("bytes", &v));
                }
                *p = o;
            }
            b'Y' => {
                let p: *mut *mut PyObject = self.va.ptr();
                if !matches!(v.payload(), Some(Payload::ByteArray(_))) {
                    return Err(converterr("bytearray", &v));
                }
                *p = o;
            }
            b'U' => {
                let p: *mut *mut PyObject = self.va.ptr();
                if pyrite_vm::types::str::as_str(&v).is_none() {
                    return Err(converterr("str", &v));
                }
                *p = o;
            }
            b's' | b'z' | b'y' => return self.convert_string(c, modifier, o, &v),
            b'w' => {
                let view: *mut Py_buffer = self.va.ptr();
                if !matches!(v.payload(), Some(Payload::ByteArray(_))) {
                    return Err(converterr("read-write bytes-like object", &v));
                }
                crate::bytes::fill_buffer(o, view, crate::bytes::PyBUF_WRITABLE)?;
                self.cleanup.push(Cleanup::Buffer(view));
            }
            b'e' => return self.convert_encoded(u, o, &v),
            b'(' => {
                let inner = &u[1..u.len() - 1];
                let f = split_format(inner)?;
                let n = f.units.len();
                if pyrite_vm::types::str::as_str(&v).is_some()
                    || matches!(
                        v.payload(),
                        Some(Payload::Bytes(_)) | Some(Payload::ByteArray(_))
                    )
                    || crate::abstract_::PySequence_Check(o) == 0
                {
                    for su in &f.units {
                        self.skip(su)?;
                    }
                    return Err(Fail::Msg(format!(
                        "must be {}-item sequence, not {}",
                        n,
                        v.type_name()
                    )));
                }
                let items = py(|| pyrite_vm::ops::iterate(&v))?;
                if items.len() != n {
                    for su in &f.units {
                        self.skip(su)?;
                    }
                    return Err(Fail::Msg(format!(
                        "must be sequence of length {}, not {}",
                        n,
                        items.len()
                    )));
                }
                // the items must stay alive while C uses them: a tuple's mirror holds
                // them; other sequences get a tuple kept alive by the argument tuple's
                // lifetime (leaked into the global borrowed table)
                let holder = pyrite_vm::types::tuple::new_tuple(items.clone());
                let hp = mirror::to_c_borrowed_global(&holder);
                KEEP.get().push(holder);
                let slots = (*(hp as *mut PyTupleObject)).ob_item.as_mut_ptr();
                for (k, su) in f.units.iter().enumerate() {
                    match self.convert(su, *slots.add(k)) {
                        Ok(()) => {}
                        Err(Fail::Msg(m)) => {
                            for rest in &f.units[k + 1..] {
                                self.skip(rest)?;
                            }
                            return Err(Fail::Msg(format!("item {} {}", k + 1, m)));
                        }
                        Err(e) => {
                            for rest in &f.units[k + 1..] {
                                self.skip(rest)?;
                            }
                            return Err(e);
                        }
                    }
                }
            }
            b'u' | b'Z' => {
                self.skip(u)?;
                return Err(Fail::Err(PyErr::new(
                    &exc().system_error,
                    "the 'u' and 'Z' format units (Py_UNICODE) are not supported",
                )));
            }
            _ => {
                return Err(Fail::Err(PyErr::new(
                    &exc().system_error,
                    format!("bad format char '{}' passed to PyArg_Parse", c as char),
                )));
            }
        }
        Ok(())
    }

    unsafe fn convert_string(
        &mut self,
        c: u8,
        modifier: Option<u8>,
        o: *mut PyObject,
        v: &Value,
    ) -> CResult<()> {
        let allow_none = c == b'z';
        let is_str = pyrite_vm::types::str::as_str(v).is_some();
        match modifier {
            Some(b'#') => {
                let p: *mut *const c_char = self.va.ptr();
                let lp: *mut c_void = self.va.ptr();
                self.check_hash_ok()?;
                if allow_none && v.is_none() {
                    *p = std::ptr::null();
                    self.store_len(lp, 0)?;
                    return Ok(());
                }
                if c != b'y' && is_str {
                    let (ptr, n) = self.utf8_of(o, v);
                    *p = ptr;
                    return self.store_len(lp, n);
                }
                match self.bytes_data(o, v) {
                    Some((ptr, n))
                        if matches!(v.payload(), Some(Payload::Bytes(_))) || c != b'y' =>
                    {
                        *p = ptr;
                        self.store_len(lp, n)
                    }
                    _ => Err(converterr(
                        match c {
                            b'y' => "read-only bytes-like object",
                            b'z' => "str, bytes-like object or None",
                            _ => "str or bytes-like object",
                        },
                        v,
                    )),
                }
            }
            Some(b'*') => {
                let view: *mut Py_buffer = self.va.ptr();
                if allow_none && v.is_none() {
                    (*view).buf = null_mut();
                    (*view).obj = null_mut();
                    (*view).len = 0;
                    return Ok(());
                }
                if c != b'y' && is_str {
                    let (ptr, n) = self.utf8_of(o, v);
                    let sp = if mirror::kind_of(o) == Some(kind::STR) {
                        o
                    } else {
                        mirror::to_c_borrowed_obj(v.as_obj().unwrap())
                    };
                    crate::bytes::PyBuffer_FillInfo(view, sp, ptr as *mut c_void, n as isize, 1, 0);
                    self.cleanup.push(Cleanup::Buffer(view));
                    return Ok(());
                }
                if pyrite_vm::types::bytes::as_bytes_like(v).is_none() || is_str {
                    return Err(converterr(
                        if c == b'y' {
                            "bytes-like object"
                        } else if allow_none {
                            "str, bytes-like object or None"
                        } else {
                            "str or bytes-like object"
                        },
                        v,
                    ));
                }
                crate::bytes::fill_buffer(o, view, 0)?;
                self.cleanup.push(Cleanup::Buffer(view));
                Ok(())
            }
            _ => {
                let p: *mut *const c_char = self.va.ptr();
                if allow_none && v.is_none() {
                    *p = std::ptr::null();
                    return Ok(());
                }
                if c == b'y' {
                    if !matches!(v.payload(), Some(Payload::Bytes(_))) {
                        return Err(converterr("bytes", v));
                    }
                    let (ptr, n) = self.bytes_data(o, v).unwrap();
                    if std::slice::from_raw_parts(ptr as *const u8, n).contains(&0) {
                        return Err(Fail::Err(pyrite_vm::errors::value_error(
                            "embedded null byte",
                        )));
                    }
                    *p = ptr;
                    return Ok(());
                }
                if !is_str {
                    return Err(converterr(
                        if allow_none { "str or None" } else { "str" },
                        v,
                    ));
                }
                let (ptr, n) = self.utf8_of(o, v);
                if std::slice::from_raw_parts(ptr as *const u8, n).contains(&0) {
                    return Err(Fail::Err(pyrite_vm::errors::value_error(
                        "embedded null character",
                    )));
                }
                *p = ptr;
                Ok(())
            }
        }
    }

    /// `es`, `et`, `es#`, `et#`.
    unsafe fn convert_encoded(&mut self, u: &[u8], _o: *mut PyObject, v: &Value) -> CResult<()> {
        let enc_p: *const c_char = self.va.ptr();
        let buf_p: *mut *mut c_char = self.va.ptr();
        let hash = u.ends_with(b"#");
        let len_p: *mut c_void = if hash { self.va.ptr() } else { null_mut() };
        if hash {
            self.check_hash_ok()?;
        }
        let enc = if enc_p.is_null() {
            "utf-8".to_string()
        } else {
            std::ffi::CStr::from_ptr(enc_p)
                .to_string_lossy()
                .into_owned()
        };
        let data: Vec<u8> = if pyrite_vm::types::str::as_str(v).is_some() {
            let b = py(|| {
                pyrite_vm::ops::attr::call_method(v, "encode", &[Value::from(enc.as_str())])
            })?;
            pyrite_vm::types::bytes::as_bytes(&b)
                .map(|x| x.to_vec())
                .ok_or_else(|| Fail::Msg("encoder failed to return bytes".into()))?
        } else if u.get(1) == Some(&b't')
            && matches!(
                v.payload(),
                Some(Payload::Bytes(_)) | Some(Payload::ByteArray(_))
            )
        {
            pyrite_vm::types::bytes::as_bytes_like(v).unwrap()
        } else {
            return Err(converterr("str", v));
        };
        if hash {
            let cur_len = if self.size_t {
                *(len_p as *mut Py_ssize_t) as usize
            } else {
                *(len_p as *mut c_int) as usize
            };
            if (*buf_p).is_null() {
                let m = crate::mem::PyMem_Malloc(data.len() + 1) as *mut c_char;
                std::ptr::copy_nonoverlapping(data.as_ptr(), m as *mut u8, data.len());
                *m.add(data.len()) = 0;
                *buf_p = m;
                self.cleanup.push(Cleanup::Mem(m as *mut c_void, buf_p));
            } else {
                if data.len() + 1 > cur_len {
                    return Err(Fail::Err(pyrite_vm::errors::value_error(format!(
                        "encoded string too long ({}, maximum length {})",
                        data.len(),
                        cur_len.saturating_sub(1)
                    ))));
                }
                std::ptr::copy_nonoverlapping(data.as_ptr(), *buf_p as *mut u8, data.len());
                *(*buf_p).add(data.len()) = 0;
            }
            self.store_len(len_p, data.len())?;
        } else {
            if data.contains(&0) {
                return Err(Fail::Err(pyrite_vm::errors::value_error(
                    "encoded string without null bytes",
                )));
            }
            let m = crate::mem::PyMem_Malloc(data.len() + 1) as *mut c_char;
            std::ptr::copy_nonoverlapping(data.as_ptr(), m as *mut u8, data.len());
            *m.add(data.len()) = 0;
            *buf_p = m;
            self.cleanup.push(Cleanup::Mem(m as *mut c_void, buf_p));
        }
        Ok(())
    }

    /// Undo what converters produced (on failure).
    unsafe fn run_cleanup(&mut self) {
        for c in self.cleanup.drain(..).rev() {
            match c {
                Cleanup::Mem(m, slot) => {
                    crate::mem::PyMem_Free(m);
                    *slot = null_mut();
                }
                Cleanup::Converter(f, addr) => {
                    f(null_mut(), addr);
                }
                Cleanup::Buffer(view) => crate::bytes::PyBuffer_Release(view),
            }
        }
    }
}

static KEEP: pyrite_vm::gil::GilCell<Vec<Value>> = pyrite_vm::gil::GilCell::new(Vec::new());

fn fail_to_err(f: Fail, fmt: &Format, iarg: usize) -> PyErr {
    match f {
        Fail::Err(e) => e,
        Fail::Msg(m) => {
            if let Some(msg) = &fmt.message {
                return crate::type_error(msg.clone());
            }
            let mut s = String::new();
            if let Some(n) = &fmt.fname {
                s.push_str(&format!("{}() ", n));
            }
            if iarg > 0 {
                s.push_str(&format!("argument {} {}", iarg, m));
            } else {
                s.push_str(&format!("argument {}", m));
            }
            crate::type_error(s)
        }
    }
}

fn count_error(fmt: &Format, nargs: usize, kw: bool) -> PyErr {
    if let Some(m) = &fmt.message {
        return crate::type_error(m.clone());
    }
    let (min, max) = (fmt.min, if kw { fmt.kwonly } else { fmt.units.len() });
    let (what, n) = if min == max {
        ("exactly", min)
    } else if nargs < min {
        ("at least", min)
    } else {
        ("at most", max)
    };
    let (name, paren) = match &fmt.fname {
        Some(f) => (f.as_str(), "()"),
        None => ("function", ""),
    };
    let positional = if kw && fmt.kwonly < fmt.units.len() {
        " positional"
    } else {
        ""
    };
    crate::type_error(format!(
        "{}{} takes {} {}{} argument{} ({} given)",
        name,
        paren,
        what,
        n,
        positional,
        if n == 1 { "" } else { "s" },
        nargs
    ))
}

/// The item pointers of an argument tuple (borrowed).
unsafe fn arg_items(args: *mut PyObject) -> PyResult<Vec<*mut PyObject>> {
    if args.is_null() {
        return Ok(Vec::new());
    }
    let t = if mirror::kind_of(args) == Some(kind::TUPLE) {
        args
    } else {
        let v = from_c(args);
        if pyrite_vm::types::tuple::as_tuple(&v).is_none() {
            return Err(PyErr::new(
                &exc().system_error,
                "new style getargs format but argument is not a tuple",
            ));
        }
        mirror::to_c_borrowed_obj(v.as_obj().unwrap())
    };
    let n = (*(t as *mut PyVarObject)).ob_size.max(0) as usize;
    let slots = (*(t as *mut PyTupleObject)).ob_item.as_mut_ptr();
    Ok((0..n).map(|i| *slots.add(i)).collect())
}

/// The C-string entries of a `kwlist` (NULL-terminated).
unsafe fn kwlist_names(kwlist: *mut *mut c_char) -> Vec<String> {
    let mut out = Vec::new();
    if kwlist.is_null() {
        return out;
    }
    let mut i = 0;
    loop {
        let p = *kwlist.add(i);
        if p.is_null() {
            break;
        }
        out.push(std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned());
        i += 1;
    }
    out
}

unsafe fn getargs(
    args: *mut PyObject,
    kw: *mut PyObject,
    format: *const c_char,
    kwlist: *mut *mut c_char,
    p: &mut Parser,
    mode: c_int,
) -> PyResult<()> {
    if format.is_null() {
        return Err(bad_internal("PyArg_Parse"));
    }
    let fbytes = std::ffi::CStr::from_ptr(format).to_bytes();
    let fmt = split_format(fbytes)?;
    if mode == MODE_SINGLE {
        match fmt.units.len() {
            0 => {
                if args.is_null() {
                    return Ok(());
                }
                return Err(crate::type_error(format!(
                    "{}{} takes no arguments",
                    fmt.fname.as_deref().unwrap_or("function"),
                    if fmt.fname.is_some() { "()" } else { "" }
                )));
            }
            1 if fmt.min == 1 => {
                if args.is_null() {
                    return Err(crate::type_error(format!(
                        "{}{} takes at least one argument",
                        fmt.fname.as_deref().unwrap_or("function"),
                        if fmt.fname.is_some() { "()" } else { "" }
                    )));
                }
                return p
                    .convert(fmt.units[0], args)
                    .map_err(|f| fail_to_err(f, &fmt, 0));
            }
            _ => {
                return Err(PyErr::new(
                    &exc().system_error,
                    "old style getargs format uses new features",
                ))
            }
        }
    }
    let items = arg_items(args)?;
    let nargs = items.len();
    if mode == MODE_TUPLE {
        if nargs < fmt.min || nargs > fmt.units.len() {
            return Err(count_error(&fmt, nargs, false));
        }
        for (i, u) in fmt.units.iter().enumerate() {
            if i < nargs {
                if let Err(f) = p.convert(u, items[i]) {
                    for rest in &fmt.units[i + 1..] {
                        p.skip(rest)?;
                    }
                    return Err(fail_to_err(f, &fmt, i + 1));
                }
            } else {
                p.skip(u)?;
            }
        }
        return Ok(());
    }
    // keywords
    let names = kwlist_names(kwlist);
    if names.len() != fmt.units.len() {
        return Err(PyErr::new(
            &exc().system_error,
            format!(
                "more keyword list entries ({}) than format specifiers ({})",
                names.len(),
                fmt.units.len()
            ),
        ));
    }
    let posonly = names.iter().take_while(|n| n.is_empty()).count();
    let mut kwitems: Vec<(Value, *mut PyObject)> = Vec::new();
    let mut kw_owner = null_mut();
    if !kw.is_null() {
        let kv = from_c(kw);
        let d = pyrite_vm::types::dict::as_dict(&kv)
            .ok_or_else(|| bad_internal("PyArg_ParseTupleAndKeywords"))?;
        kw_owner = mirror::to_c_borrowed_obj(kv.as_obj().unwrap());
        for (k, v) in d.items() {
            if pyrite_vm::types::str::as_str(&k).is_none() {
                return Err(crate::type_error("keywords must be strings"));
            }
            let vp = to_c_borrowed_in(&v, kw_owner);
            kwitems.push((k, vp));
        }
    }
    let _ = kw_owner;
    let (fname, paren) = match &fmt.fname {
        Some(f) => (f.clone(), "()"),
        None => ("function".to_string(), ""),
    };
    let max = fmt.units.len();
    if nargs + kwitems.len() > max || nargs > fmt.kwonly {
        if nargs > fmt.kwonly || nargs > max {
            let m = if fmt.kwonly < max { fmt.kwonly } else { max };
            return Err(match &fmt.message {
                Some(msg) => crate::type_error(msg.clone()),
                None => crate::type_error(format!(
                    "{}{} takes at most {} {}argument{} ({} given)",
                    fname,
                    paren,
                    m,
                    if fmt.kwonly < max { "positional " } else { "" },
                    if m == 1 { "" } else { "s" },
                    nargs
                )),
            });
        }
    }
    let mut used = vec![false; kwitems.len()];
    let find = |name: &str, used: &mut Vec<bool>| -> Option<*mut PyObject> {
        for (j, (k, v)) in kwitems.iter().enumerate() {
            if pyrite_vm::types::str::as_str(k) == Some(name) {
                used[j] = true;
                return Some(*v);
            }
        }
        None
    };
    for (i, u) in fmt.units.iter().enumerate() {
        let name = &names[i];
        let obj = if i < nargs {
            if !name.is_empty()
                && kwitems
                    .iter()
                    .any(|(k, _)| pyrite_vm::types::str::as_str(k) == Some(name.as_str()))
            {
                for rest in &fmt.units[i..] {
                    p.skip(rest)?;
                }
                return Err(crate::type_error(format!(
                    "argument for {}{} given by name ('{}') and position ({})",
                    fname,
                    paren,
                    name,
                    i + 1
                )));
            }
            Some(items[i])
        } else if i >= posonly {
            find(name, &mut used)
        } else {
            None
        };
        match obj {
            Some(o) => {
                if let Err(f) = p.convert(u, o) {
                    for rest in &fmt.units[i + 1..] {
                        p.skip(rest)?;
                    }
                    return Err(fail_to_err(f, &fmt, i + 1));
                }
            }
            None => {
                if i < fmt.min {
                    for rest in &fmt.units[i..] {
                        p.skip(rest)?;
                    }
                    if let Some(m) = &fmt.message {
                        return Err(crate::type_error(m.clone()));
                    }
                    if i < posonly {
                        return Err(crate::type_error(format!(
                            "{}{} takes {} {} positional argument{} ({} given)",
                            fname,
                            paren,
                            if fmt.min < fmt.kwonly {
                                "at least"
                            } else {
                                "exactly"
                            },
                            posonly.min(fmt.min),
                            if posonly.min(fmt.min) == 1 { "" } else { "s" },
                            nargs
                        )));
                    }
                    if i >= fmt.kwonly {
                        return Err(crate::type_error(format!(
                            "{}{} missing required keyword-only argument '{}'",
                            fname, paren, name
                        )));
                    }
                    return Err(crate::type_error(format!(
                        "{}{} missing required argument '{}' (pos {})",
                        fname,
                        paren,
                        name,
                        i + 1
                    )));
                }
                p.skip(u)?;
            }
        }
    }
    if let Some(j) = used.iter().position(|u| !u) {
        let k = pyrite_vm::types::str::as_str(&kwitems[j].0)
            .unwrap_or("?")
            .to_string();
        if names[..posonly].iter().any(|n| n == &k)
            || (posonly > 0 && names.iter().all(|n| n != &k) && false)
        {
            return Err(crate::type_error(format!(
                "{}{} got some positional-only arguments passed as keyword arguments: '{}'",
                fname, paren, k
            )));
        }
        return Err(crate::type_error(format!(
            "'{}' is an invalid keyword argument for {}{}",
            k,
            if fmt.fname.is_some() {
                fname.as_str()
            } else {
                "this function"
            },
            paren
        )));
    }
    Ok(())
}

/// Called by the C shims of `PyArg_Parse*`.
#[no_mangle]
pub unsafe extern "C" fn pyrite_getargs(
    args: *mut PyObject,
    kw: *mut PyObject,
    format: *const c_char,
    kwlist: *mut *mut c_char,
    va: *mut VaList,
    flags: c_int,
    mode: c_int,
) -> c_int {
    crate::guard("PyArg_ParseTuple", || {
        let mut p = Parser {
            va: Va(va),
            size_t: flags & FLAG_SIZE_T != 0,
            cleanup: Vec::new(),
        };
        match getargs(args, kw, format, kwlist, &mut p, mode) {
            Ok(()) => 1,
            Err(e) => {
                p.run_cleanup();
                err::set_pyerr(e);
                0
            }
        }
    })
}

/// Called by the C shim of `PyArg_UnpackTuple`: `outs[i]` receive borrowed items.
#[no_mangle]
pub unsafe extern "C" fn pyrite_unpack_tuple(
    args: *mut PyObject,
    name: *const c_char,
    min: Py_ssize_t,
    max: Py_ssize_t,
    outs: *mut *mut *mut PyObject,
) -> c_int {
    crate::int_api("PyArg_UnpackTuple", || {
        let items = arg_items(args)?;
        let n = items.len() as isize;
        if n < min || n > max {
            let (what, k) = if n < min {
                (if min == max { "" } else { "at least " }, min)
            } else {
                (if min == max { "" } else { "at most " }, max)
            };
            return Err(if name.is_null() {
                crate::type_error(format!(
                    "unpacked tuple should have {}{} element{}, but has {}",
                    what,
                    k,
                    if k == 1 { "" } else { "s" },
                    n
                ))
            } else {
                crate::type_error(format!(
                    "{} expected {}{} argument{}, got {}",
                    std::ffi::CStr::from_ptr(name).to_string_lossy(),
                    what,
                    k,
                    if k == 1 { "" } else { "s" },
                    n
                ))
            });
        }
        for (i, it) in items.iter().enumerate() {
            let out = *outs.add(i);
            if !out.is_null() {
                *out = *it;
            }
        }
        Ok(1)
    })
    .max(0)
}

#[no_mangle]
pub unsafe extern "C" fn PyArg_ValidateKeywordArguments(kw: *mut PyObject) -> c_int {
    crate::int_api("PyArg_ValidateKeywordArguments", || {
        let v = crate::val(kw, "PyArg_ValidateKeywordArguments")?;
        let d = pyrite_vm::types::dict::as_dict(&v)
            .ok_or_else(|| bad_internal("PyArg_ValidateKeywordArguments"))?;
        for k in d.keys() {
            if pyrite_vm::types::str::as_str(&k).is_none() {
                return Err(crate::type_error("keywords must be strings"));
            }
        }
        Ok(1)
    })
    .max(0)
}

#[no_mangle]
pub unsafe extern "C" fn _PyArg_NoKeywords(funcname: *const c_char, kw: *mut PyObject) -> c_int {
    if kw.is_null() || crate::dict::PyDict_Size(kw) == 0 {
        return 1;
    }
    err::set_pyerr(crate::type_error(format!(
        "{}() takes no keyword arguments",
        std::ffi::CStr::from_ptr(funcname).to_string_lossy()
    )));
    0
}

#[no_mangle]
pub unsafe extern "C" fn _PyArg_NoPositional(
    funcname: *const c_char,
    args: *mut PyObject,
) -> c_int {
    if args.is_null() || crate::tuple::PyTuple_Size(args) == 0 {
        return 1;
    }
    err::set_pyerr(crate::type_error(format!(
        "{}() takes no positional arguments",
        std::ffi::CStr::from_ptr(funcname).to_string_lossy()
    )));
    0
}

#[no_mangle]
pub unsafe extern "C" fn _PyArg_CheckPositional(
    name: *const c_char,
    nargs: Py_ssize_t,
    min: Py_ssize_t,
    max: Py_ssize_t,
) -> c_int {
    if nargs >= min && nargs <= max {
        return 1;
    }
    let n = if name.is_null() {
        "function".to_string()
    } else {
        format!("{}()", std::ffi::CStr::from_ptr(name).to_string_lossy())
    };
    let msg = if min == max {
        format!(
            "{} takes exactly {} argument{} ({} given)",
            n,
            min,
            if min == 1 { "" } else { "s" },
            nargs
        )
    } else if nargs < min {
        format!(
            "{} takes at least {} argument{} ({} given)",
            n,
            min,
            if min == 1 { "" } else { "s" },
            nargs
        )
    } else {
        format!(
            "{} takes at most {} argument{} ({} given)",
            n,
            max,
            if max == 1 { "" } else { "s" },
            nargs
        )
    };
    err::set_pyerr(crate::type_error(msg));
    0
}

#[no_mangle]
pub unsafe extern "C" fn _PyArg_BadArgument(
    fname: *const c_char,
    displayname: *const c_char,
    expected: *const c_char,
    arg: *mut PyObject,
) {
    crate::guard("_PyArg_BadArgument", || {
        let v = from_c(arg);
        err::set_pyerr(crate::type_error(format!(
            "{}() {} must be {}, not {}",
            std::ffi::CStr::from_ptr(fname).to_string_lossy(),
            std::ffi::CStr::from_ptr(displayname).to_string_lossy(),
            std::ffi::CStr::from_ptr(expected).to_string_lossy(),
            if v.is_none() {
                "None".to_string()
            } else {
                v.type_name()
            }
        )));
    })
}

// ---------------------------------------------------------------------------
// Py_BuildValue

struct Builder<'a> {
    f: &'a [u8],
    i: usize,
    va: Va,
    size_t: bool,
    /// First error met; later `N` arguments are still consumed and released.
    error: Option<PyErr>,
}

impl<'a> Builder<'a> {
    fn peek(&self) -> Option<u8> {
        self.f.get(self.i).copied()
    }

    fn skip_seps(&mut self) {
        while let Some(c) = self.peek() {
            if c == b' ' || c == b'\t' || c == b',' || c == b':' {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    fn fail(&mut self, e: PyErr) -> Value {
        if self.error.is_none() {
            self.error = Some(e);
        }
        Value::None
    }

    unsafe fn len_arg(&mut self) -> isize {
        if self.size_t {
            self.va.ssize()
        } else {
            self.va.int() as isize
        }
    }

    /// Build items until `end`, returning them.
    unsafe fn items(&mut self, end: u8) -> Vec<Value> {
        let mut out = Vec::new();
        loop {
            self.skip_seps();
            match self.peek() {
                None => {
                    if end != 0 {
                        let e = PyErr::new(&exc().system_error, "unmatched paren in format");
                        self.fail(e);
                    }
                    return out;
                }
                Some(c) if c == end => {
                    self.i += 1;
                    return out;
                }
                Some(_) => out.push(self.one()),
            }
        }
    }

    unsafe fn cstring_value(&mut self, p: *const c_char, n: isize, bytes: bool) -> Value {
        if p.is_null() {
            return Value::None;
        }
        let data = if n < 0 {
            std::ffi::CStr::from_ptr(p).to_bytes()
        } else {
            std::slice::from_raw_parts(p as *const u8, n as usize)
        };
        if bytes {
            return pyrite_vm::types::bytes::new_bytes(data.to_vec());
        }
        match std::str::from_utf8(data) {
            Ok(s) => Value::from(s),
            Err(_) => {
                let b = pyrite_vm::types::bytes::new_bytes(data.to_vec());
                match py(|| {
                    pyrite_vm::ops::attr::call_method(&b, "decode", &[Value::from("utf-8")])
                }) {
                    Ok(v) => v,
                    Err(e) => self.fail(e),
                }
            }
        }
    }

    unsafe fn one(&mut self) -> Value {
        let c = self.f[self.i];
        self.i += 1;
        match c {
            b'(' => pyrite_vm::types::tuple::new_tuple(self.items(b')')),
            b'[' => pyrite_vm::types::list::new_list(self.items(b']')),
            b'{' => {
                let items = self.items(b'}');
                if items.len() % 2 != 0 {
                    let e = PyErr::new(&exc().system_error, "Bad dict format");
                    return self.fail(e);
                }
                let d = pyrite_vm::types::dict::new_dict();
                let dd = pyrite_vm::types::dict::as_dict(&d).unwrap();
                for kv in items.chunks(2) {
                    if let Err(e) = dd.set_item(kv[0].clone(), kv[1].clone()) {
                        return self.fail(e);
                    }
                }
                d
            }
            b'b' | b'B' | b'h' | b'i' => Value::Int(self.va.int() as i64),
            b'H' => Value::Int(self.va.int() as u16 as i64),
            b'I' => pyrite_vm::types::int::from_bigint((self.va.uint() as u64).into()),
            b'l' => Value::Int(self.va.long()),
            b'k' => pyrite_vm::types::int::from_bigint(self.va.ulong().into()),
            b'L' => Value::Int(self.va.longlong()),
            b'K' => pyrite_vm::types::int::from_bigint(self.va.ulonglong().into()),
            b'n' => Value::Int(self.va.ssize() as i64),
            b'c' => pyrite_vm::types::bytes::new_bytes(vec![self.va.int() as u8]),
            b'C' => {
                let x = self.va.int();
                match char::from_u32(x as u32) {
                    Some(ch) => Value::from(ch.to_string()),
                    None => self.fail(pyrite_vm::errors::value_error(
                        "character U+... is not in range [U+0000; U+10ffff]",
                    )),
                }
            }
            b'd' | b'f' => Value::Float(self.va.double()),
            b'D' => {
                let p: *mut Py_complex = self.va.ptr();
                pyrite_vm::types::complex::new_complex((*p).real, (*p).imag)
            }
            b's' | b'z' | b'U' | b'y' => {
                let p: *const c_char = self.va.ptr();
                let n = if self.peek() == Some(b'#') {
                    self.i += 1;
                    self.len_arg()
                } else {
                    -1
                };
                if p.is_null() && c == b'y' && n > 0 {
                    return self.fail(PyErr::new(
                        &exc().system_error,
                        "NULL string with positive size passed to Py_BuildValue",
                    ));
                }
                self.cstring_value(p, n, c == b'y')
            }
            b'u' => {
                let p: *const libc::wchar_t = self.va.ptr();
                let n = if self.peek() == Some(b'#') {
                    self.i += 1;
                    self.len_arg()
                } else {
                    -1
                };
                if p.is_null() {
                    return Value::None;
                }
                let n = if n < 0 { libc::wcslen(p) } else { n as usize };
                Value::from(
                    (0..n)
                        .map(|k| char::from_u32(*p.add(k) as u32).unwrap_or('\u{fffd}'))
                        .collect::<String>(),
                )
            }
            b'N' | b'O' | b'S' => {
                if self.peek() == Some(b'&') {
                    self.i += 1;
                    let f: Option<unsafe extern "C" fn(*mut c_void) -> *mut PyObject> =
                        std::mem::transmute(self.va.ptr::<c_void>());
                    let arg: *mut c_void = self.va.ptr();
                    if self.error.is_some() {
                        return Value::None;
                    }
                    let Some(f) = f else {
                        return self.fail(bad_internal("Py_BuildValue (O&)"));
                    };
                    let r = emulation::enter_py(|| f(arg));
                    if r.is_null() {
                        let e = err::take_pyerr().unwrap_or_else(|| {
                            PyErr::new(&exc().system_error, "NULL object passed to Py_BuildValue")
                        });
                        return self.fail(e);
                    }
                    return mirror::steal(r);
                }
                let p: *mut PyObject = self.va.ptr();
                if p.is_null() {
                    let e = err::take_pyerr().unwrap_or_else(|| {
                        PyErr::new(&exc().system_error, "NULL object passed to Py_BuildValue")
                    });
                    return self.fail(e);
                }
                if c == b'N' {
                    mirror::steal(p)
                } else {
                    from_c(p)
                }
            }
            b'!' => {
                let e = PyErr::new(
                    &exc().system_error,
                    "bad format char passed to Py_BuildValue",
                );
                self.fail(e)
            }
            other => {
                let e = PyErr::new(
                    &exc().system_error,
                    format!(
                        "bad format char '{}' passed to Py_BuildValue",
                        other as char
                    ),
                );
                self.fail(e)
            }
        }
    }
}

/// Called by the C shims of `Py_BuildValue` and `Py_VaBuildValue` (and their
/// `_SizeT` forms).
#[no_mangle]
pub unsafe extern "C" fn pyrite_buildvalue(
    format: *const c_char,
    va: *mut VaList,
    flags: c_int,
) -> *mut PyObject {
    crate::obj_api("Py_BuildValue", || {
        if format.is_null() {
            return Err(bad_internal("Py_BuildValue"));
        }
        let f = std::ffi::CStr::from_ptr(format).to_bytes();
        let mut b = Builder {
            f,
            i: 0,
            va: Va(va),
            size_t: flags & FLAG_SIZE_T != 0,
            error: None,
        };
        let mut items = b.items(0);
        if let Some(e) = b.error.take() {
            return Err(e);
        }
        Ok(match items.len() {
            0 => Value::None,
            1 => items.pop().unwrap(),
            _ => pyrite_vm::types::tuple::new_tuple(items),
        })
    })
}
