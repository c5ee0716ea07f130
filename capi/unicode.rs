//! Unicode objects (`PyUnicode_*`). Every str crossing to C is a PEP 393 compact
//! mirror (see `emulation::unicode`), so the inline macros (`PyUnicode_KIND`,
//! `PyUnicode_DATA`, `PyUnicode_READ_CHAR`, ...) work on it. Strings built by C with
//! `PyUnicode_New` stay C-side until they first cross back to Python.
//!
//! Also here: `PyUnicode_FromFormat(V)` (its C shim hands over the `va_list`).

use crate::va::{Va, VaList};
use crate::{bad_internal, cstr, int_api, obj_api, py, ssize_api, val};
use emulation::err;
use emulation::layout::*;
use emulation::mirror::{self, from_c, head, kind, to_c_borrowed_obj};
use emulation::unicode as eu;
use pyrite_vm::errors::PyResult;
use pyrite_vm::ops;
use pyrite_vm::types::str::{as_str, new_string};
use pyrite_vm::types::types;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int, c_void};
use std::ptr::null_mut;

#[allow(non_camel_case_types)]
type Py_UCS4 = u32;

/// The Rust string of a str argument (TypeError otherwise).
unsafe fn text(p: *mut PyObject, func: &str) -> PyResult<(Value, String)> {
    let v = val(p, func)?;
    match as_str(&v) {
        Some(s) => {
            let s = s.to_string();
            Ok((v, s))
        }
        None => Err(crate::type_error(format!(
            "bad argument type for built-in operation (expected str, got {})",
            v.type_name()
        ))),
    }
}

/// Decode bytes with an encoding and error handler (through Pyrite's codecs).
fn decode(data: &[u8], enc: &str, errors: &str) -> PyResult<Value> {
    let b = pyrite_vm::types::bytes::new_bytes(data.to_vec());
    py(|| ops::attr::call_method(&b, "decode", &[Value::from(enc), Value::from(errors)]))
}

fn encode(s: &Value, enc: &str, errors: &str) -> PyResult<Value> {
    py(|| ops::attr::call_method(s, "encode", &[Value::from(enc), Value::from(errors)]))
}

unsafe fn opt_cstr<'a>(p: *const c_char, default: &'a str) -> &'a str {
    if p.is_null() {
        default
    } else {
        std::ffi::CStr::from_ptr(p).to_str().unwrap_or(default)
    }
}

unsafe fn bytes_of<'a>(s: *const c_char, n: Py_ssize_t) -> &'a [u8] {
    if s.is_null() || n <= 0 {
        &[]
    } else {
        std::slice::from_raw_parts(s as *const u8, n as usize)
    }
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_FromStringAndSize(
    s: *const c_char,
    n: Py_ssize_t,
) -> *mut PyObject {
    if s.is_null() && n > 0 {
        // a string for C to fill (deprecated in 3.11, still supported)
        return PyUnicode_New(n, 127);
    }
    obj_api("PyUnicode_FromStringAndSize", || {
        if n < 0 {
            return Err(crate::system_error(
                "Negative size passed to PyUnicode_FromStringAndSize",
            ));
        }
        match std::str::from_utf8(bytes_of(s, n)) {
            Ok(t) => Ok(new_string(t.to_string())),
            Err(_) => decode(bytes_of(s, n), "utf-8", "strict"),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_FromString(s: *const c_char) -> *mut PyObject {
    obj_api("PyUnicode_FromString", || {
        if s.is_null() {
            return Err(bad_internal("PyUnicode_FromString"));
        }
        let b = std::ffi::CStr::from_ptr(s).to_bytes();
        match std::str::from_utf8(b) {
            Ok(t) => Ok(Value::from(t)),
            Err(_) => decode(b, "utf-8", "strict"),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyUnicode_FromASCII(s: *const c_char, n: Py_ssize_t) -> *mut PyObject {
    PyUnicode_FromStringAndSize(s, n)
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_DecodeUTF8(
    s: *const c_char,
    n: Py_ssize_t,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyUnicode_DecodeUTF8", || {
        let b = bytes_of(s, n);
        match std::str::from_utf8(b) {
            Ok(t) => Ok(Value::from(t)),
            Err(_) => decode(b, "utf-8", opt_cstr(errors, "strict")),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_DecodeUTF8Stateful(
    s: *const c_char,
    n: Py_ssize_t,
    errors: *const c_char,
    consumed: *mut Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyUnicode_DecodeUTF8Stateful", || {
        let mut b = bytes_of(s, n);
        if !consumed.is_null() {
            // leave an incomplete trailing sequence for the next call
            if let Err(e) = std::str::from_utf8(b) {
                if e.error_len().is_none() {
                    b = &b[..e.valid_up_to()];
                }
            }
            *consumed = b.len() as isize;
        }
        decode(b, "utf-8", opt_cstr(errors, "strict"))
    })
}

macro_rules! simple_decoder {
    ($name:ident, $enc:literal) => {
        #[no_mangle]
        pub unsafe extern "C" fn $name(
            s: *const c_char,
            n: Py_ssize_t,
            errors: *const c_char,
        ) -> *mut PyObject {
            obj_api(stringify!($name), || {
                decode(bytes_of(s, n), $enc, opt_cstr(errors, "strict"))
            })
        }
    };
}
simple_decoder!(PyUnicode_DecodeLatin1, "latin-1");
simple_decoder!(PyUnicode_DecodeASCII, "ascii");
simple_decoder!(PyUnicode_DecodeUTF7, "utf-7");
simple_decoder!(PyUnicode_DecodeUnicodeEscape, "unicode-escape");
simple_decoder!(PyUnicode_DecodeRawUnicodeEscape, "raw-unicode-escape");

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_DecodeUTF16(
    s: *const c_char,
    n: Py_ssize_t,
    errors: *const c_char,
    byteorder: *mut c_int,
) -> *mut PyObject {
    let bo = if byteorder.is_null() { 0 } else { *byteorder };
    let enc = match bo {
        -1 => "utf-16-le",
        1 => "utf-16-be",
        _ => "utf-16",
    };
    obj_api("PyUnicode_DecodeUTF16", || {
        let data = bytes_of(s, n);
        // with no order given, a byte order mark decides it, and the caller learns
        // the order in force at the end (`*byteorder`), as CPython reports it
        if bo == 0 && !byteorder.is_null() {
            if data.starts_with(&[0xff, 0xfe]) {
                *byteorder = -1;
            } else if data.starts_with(&[0xfe, 0xff]) {
                *byteorder = 1;
            }
        }
        decode(data, enc, opt_cstr(errors, "strict"))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_DecodeUTF32(
    s: *const c_char,
    n: Py_ssize_t,
    errors: *const c_char,
    byteorder: *mut c_int,
) -> *mut PyObject {
    let bo = if byteorder.is_null() { 0 } else { *byteorder };
    let enc = match bo {
        -1 => "utf-32-le",
        1 => "utf-32-be",
        _ => "utf-32",
    };
    obj_api("PyUnicode_DecodeUTF32", || {
        let data = bytes_of(s, n);
        // with no order given, a byte order mark decides it, and the caller learns
        // the order in force at the end (`*byteorder`), as CPython reports it
        if bo == 0 && !byteorder.is_null() {
            if data.starts_with(&[0xff, 0xfe, 0, 0]) {
                *byteorder = -1;
            } else if data.starts_with(&[0, 0, 0xfe, 0xff]) {
                *byteorder = 1;
            }
        }
        decode(data, enc, opt_cstr(errors, "strict"))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Decode(
    s: *const c_char,
    n: Py_ssize_t,
    encoding: *const c_char,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyUnicode_Decode", || {
        decode(
            bytes_of(s, n),
            opt_cstr(encoding, "utf-8"),
            opt_cstr(errors, "strict"),
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_DecodeFSDefault(s: *const c_char) -> *mut PyObject {
    obj_api("PyUnicode_DecodeFSDefault", || {
        let b = std::ffi::CStr::from_ptr(s).to_bytes();
        decode(b, "utf-8", "surrogateescape")
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_DecodeFSDefaultAndSize(
    s: *const c_char,
    n: Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyUnicode_DecodeFSDefaultAndSize", || {
        decode(bytes_of(s, n), "utf-8", "surrogateescape")
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_DecodeLocale(
    s: *const c_char,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyUnicode_DecodeLocale", || {
        decode(
            std::ffi::CStr::from_ptr(s).to_bytes(),
            "utf-8",
            opt_cstr(errors, "strict"),
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_DecodeLocaleAndSize(
    s: *const c_char,
    n: Py_ssize_t,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyUnicode_DecodeLocaleAndSize", || {
        decode(bytes_of(s, n), "utf-8", opt_cstr(errors, "strict"))
    })
}

/// `PyUnicode_AsUTF8AndSize`: the UTF-8 bytes (owned by the str's mirror).
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_AsUTF8AndSize(
    u: *mut PyObject,
    size: *mut Py_ssize_t,
) -> *const c_char {
    crate::guard("PyUnicode_AsUTF8AndSize", || {
        let r: PyResult<(*const u8, usize)> = (|| {
            let (v, s) = text(u, "PyUnicode_AsUTF8AndSize")?;
            let p = to_c_borrowed_obj(v.as_obj().unwrap());
            Ok(eu::utf8(p, &s))
        })();
        match r {
            Ok((p, n)) => {
                if !size.is_null() {
                    *size = n as isize;
                }
                p as *const c_char
            }
            Err(e) => {
                err::set_pyerr(e);
                if !size.is_null() {
                    *size = -1;
                }
                std::ptr::null()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_AsUTF8(u: *mut PyObject) -> *const c_char {
    PyUnicode_AsUTF8AndSize(u, null_mut())
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_AsUTF8String(u: *mut PyObject) -> *mut PyObject {
    obj_api("PyUnicode_AsUTF8String", || {
        let (_, s) = text(u, "PyUnicode_AsUTF8String")?;
        Ok(pyrite_vm::types::bytes::new_bytes(s.into_bytes()))
    })
}

macro_rules! simple_encoder {
    ($name:ident, $enc:literal) => {
        #[no_mangle]
        pub unsafe extern "C" fn $name(u: *mut PyObject) -> *mut PyObject {
            obj_api(stringify!($name), || {
                let (v, _) = text(u, stringify!($name))?;
                encode(&v, $enc, "strict")
            })
        }
    };
}
simple_encoder!(PyUnicode_AsLatin1String, "latin-1");
simple_encoder!(PyUnicode_AsASCIIString, "ascii");
simple_encoder!(PyUnicode_AsUTF16String, "utf-16");
simple_encoder!(PyUnicode_AsUTF32String, "utf-32");
simple_encoder!(PyUnicode_AsUnicodeEscapeString, "unicode-escape");
simple_encoder!(PyUnicode_AsRawUnicodeEscapeString, "raw-unicode-escape");

macro_rules! err_encoder {
    ($name:ident, $enc:literal) => {
        #[no_mangle]
        pub unsafe extern "C" fn $name(u: *mut PyObject, errors: *const c_char) -> *mut PyObject {
            obj_api(stringify!($name), || {
                let (v, _) = text(u, stringify!($name))?;
                encode(&v, $enc, opt_cstr(errors, "strict"))
            })
        }
    };
}
err_encoder!(_PyUnicode_AsUTF8String, "utf-8");
err_encoder!(_PyUnicode_AsLatin1String, "latin-1");
err_encoder!(_PyUnicode_AsASCIIString, "ascii");
err_encoder!(PyUnicode_EncodeLocale, "utf-8");

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_EncodeFSDefault(u: *mut PyObject) -> *mut PyObject {
    obj_api("PyUnicode_EncodeFSDefault", || {
        let (v, _) = text(u, "PyUnicode_EncodeFSDefault")?;
        encode(&v, "utf-8", "surrogateescape")
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_AsEncodedString(
    u: *mut PyObject,
    encoding: *const c_char,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyUnicode_AsEncodedString", || {
        let (v, _) = text(u, "PyUnicode_AsEncodedString")?;
        let r = encode(&v, opt_cstr(encoding, "utf-8"), opt_cstr(errors, "strict"))?;
        if pyrite_vm::types::bytes::as_bytes(&r).is_none() {
            return Err(crate::type_error(format!("'{}' encoder returned '{}' instead of 'bytes'; use codecs.encode() to encode to arbitrary types", opt_cstr(encoding, "utf-8"), r.type_name())));
        }
        Ok(r)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_AsEncodedObject(
    u: *mut PyObject,
    encoding: *const c_char,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyUnicode_AsEncodedObject", || {
        let (v, _) = text(u, "PyUnicode_AsEncodedObject")?;
        encode(&v, opt_cstr(encoding, "utf-8"), opt_cstr(errors, "strict"))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_FromEncodedObject(
    o: *mut PyObject,
    encoding: *const c_char,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyUnicode_FromEncodedObject", || {
        let v = val(o, "PyUnicode_FromEncodedObject")?;
        if as_str(&v).is_some() {
            return Err(crate::type_error("decoding str is not supported"));
        }
        let b = pyrite_vm::types::bytes::as_bytes_like(&v).ok_or_else(|| {
            crate::type_error(format!(
                "decoding to str: need a bytes-like object, {} found",
                v.type_name()
            ))
        })?;
        decode(&b, opt_cstr(encoding, "utf-8"), opt_cstr(errors, "strict"))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_FromObject(o: *mut PyObject) -> *mut PyObject {
    obj_api("PyUnicode_FromObject", || {
        let v = val(o, "PyUnicode_FromObject")?;
        match as_str(&v) {
            Some(_) if v.class_ref().is(&types().str) => Ok(v.clone()),
            Some(s) => Ok(Value::from(s)),
            None => Err(crate::type_error(format!(
                "Can't convert '{}' object to str implicitly",
                v.type_name()
            ))),
        }
    })
}

#[no_mangle]
pub extern "C" fn PyUnicode_FromOrdinal(ordinal: c_int) -> *mut PyObject {
    obj_api("PyUnicode_FromOrdinal", || {
        if !(0..=0x10ffff).contains(&ordinal) {
            return Err(pyrite_vm::errors::value_error(
                "chr() arg not in range(0x110000)",
            ));
        }
        Ok(Value::from(
            char::from_u32(ordinal as u32)
                .unwrap_or('\u{fffd}')
                .to_string(),
        ))
    })
}

/// `PyUnicode_FromKindAndData(kind, buffer, size)`.
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_FromKindAndData(
    k: c_int,
    buffer: *const c_void,
    size: Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyUnicode_FromKindAndData", || {
        if size < 0 {
            return Err(pyrite_vm::errors::value_error("size must be positive"));
        }
        let n = size as usize;
        let mut s = String::with_capacity(n);
        for i in 0..n {
            let c = match k {
                1 => *(buffer as *const u8).add(i) as u32,
                2 => *(buffer as *const u16).add(i) as u32,
                4 => *(buffer as *const u32).add(i),
                _ => return Err(crate::system_error("invalid kind")),
            };
            s.push(char::from_u32(c).unwrap_or('\u{fffd}'));
        }
        Ok(new_string(s))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_FromWideChar(
    w: *const libc::wchar_t,
    size: Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyUnicode_FromWideChar", || {
        if w.is_null() {
            return Err(bad_internal("PyUnicode_FromWideChar"));
        }
        let n = if size < 0 {
            libc::wcslen(w)
        } else {
            size as usize
        };
        let mut s = String::with_capacity(n);
        for i in 0..n {
            s.push(char::from_u32(*w.add(i) as u32).unwrap_or('\u{fffd}'));
        }
        Ok(new_string(s))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_AsWideChar(
    u: *mut PyObject,
    w: *mut libc::wchar_t,
    size: Py_ssize_t,
) -> Py_ssize_t {
    ssize_api("PyUnicode_AsWideChar", || {
        let (_, s) = text(u, "PyUnicode_AsWideChar")?;
        let chars: Vec<char> = s.chars().collect();
        if w.is_null() {
            return Ok(chars.len() as isize + 1);
        }
        let n = chars.len().min(size.max(0) as usize);
        for (i, c) in chars.iter().take(n).enumerate() {
            *w.add(i) = *c as libc::wchar_t;
        }
        if n < size.max(0) as usize {
            *w.add(n) = 0;
        }
        Ok(n as isize)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_AsWideCharString(
    u: *mut PyObject,
    size: *mut Py_ssize_t,
) -> *mut libc::wchar_t {
    crate::guard("PyUnicode_AsWideCharString", || {
        let r = text(u, "PyUnicode_AsWideCharString");
        match r {
            Ok((_, s)) => {
                let chars: Vec<char> = s.chars().collect();
                if size.is_null() && chars.contains(&'\0') {
                    err::set_pyerr(pyrite_vm::errors::value_error("embedded null character"));
                    return null_mut();
                }
                let buf = crate::mem::PyMem_Malloc((chars.len() + 1) * 4) as *mut libc::wchar_t;
                for (i, c) in chars.iter().enumerate() {
                    *buf.add(i) = *c as libc::wchar_t;
                }
                *buf.add(chars.len()) = 0;
                if !size.is_null() {
                    *size = chars.len() as isize;
                }
                buf
            }
            Err(e) => {
                err::set_pyerr(e);
                null_mut()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_AsUCS4(
    u: *mut PyObject,
    buffer: *mut Py_UCS4,
    buflen: Py_ssize_t,
    copy_null: c_int,
) -> *mut Py_UCS4 {
    crate::guard("PyUnicode_AsUCS4", || match text(u, "PyUnicode_AsUCS4") {
        Ok((_, s)) => {
            let chars: Vec<char> = s.chars().collect();
            let need = chars.len() + (copy_null != 0) as usize;
            if (buflen.max(0) as usize) < need {
                err::set_pyerr(crate::system_error("string is longer than the buffer"));
                return null_mut();
            }
            for (i, c) in chars.iter().enumerate() {
                *buffer.add(i) = *c as u32;
            }
            if copy_null != 0 {
                *buffer.add(chars.len()) = 0;
            }
            buffer
        }
        Err(e) => {
            err::set_pyerr(e);
            null_mut()
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_AsUCS4Copy(u: *mut PyObject) -> *mut Py_UCS4 {
    crate::guard("PyUnicode_AsUCS4Copy", || {
        match text(u, "PyUnicode_AsUCS4Copy") {
            Ok((_, s)) => {
                let chars: Vec<char> = s.chars().collect();
                let buf = crate::mem::PyMem_Malloc((chars.len() + 1) * 4) as *mut Py_UCS4;
                for (i, c) in chars.iter().enumerate() {
                    *buf.add(i) = *c as u32;
                }
                *buf.add(chars.len()) = 0;
                buf
            }
            Err(e) => {
                err::set_pyerr(e);
                null_mut()
            }
        }
    })
}

// ---- PEP 393 construction and access ----

/// `PyUnicode_New(size, maxchar)`: a string for C to fill (pending until it crosses).
#[no_mangle]
pub extern "C" fn PyUnicode_New(size: Py_ssize_t, maxchar: Py_UCS4) -> *mut PyObject {
    crate::guard("PyUnicode_New", || {
        if size < 0 {
            err::set_pyerr(crate::system_error("Negative size passed to PyUnicode_New"));
            return null_mut();
        }
        if maxchar > 0x10ffff {
            err::set_pyerr(crate::system_error(
                "invalid maximum character passed to PyUnicode_New",
            ));
            return null_mut();
        }
        let p = eu::new_compact(
            size as usize,
            maxchar,
            emulation::types::type_mirror(&types().str),
            1,
        );
        // SAFETY: fresh string mirror.
        unsafe { (*head(p)).flags = mirror::flag::PENDING };
        p
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyUnicode_Ready(_u: *mut PyObject) -> c_int {
    0
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_GetLength(u: *mut PyObject) -> Py_ssize_t {
    ssize_api("PyUnicode_GetLength", || {
        if !u.is_null() && mirror::kind_of(u) == Some(kind::STR) {
            return Ok(eu::length(u) as isize);
        }
        let (_, s) = text(u, "PyUnicode_GetLength")?;
        Ok(s.chars().count() as isize)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_GetSize(u: *mut PyObject) -> Py_ssize_t {
    PyUnicode_GetLength(u)
}

unsafe fn str_mirror(u: *mut PyObject, func: &str) -> PyResult<*mut PyObject> {
    if !u.is_null() && mirror::kind_of(u) == Some(kind::STR) {
        return Ok(u);
    }
    let (v, _) = text(u, func)?;
    Ok(to_c_borrowed_obj(v.as_obj().unwrap()))
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_ReadChar(u: *mut PyObject, i: Py_ssize_t) -> Py_UCS4 {
    crate::guard("PyUnicode_ReadChar", || {
        match str_mirror(u, "PyUnicode_ReadChar") {
            Ok(p) => {
                if i < 0 || i as usize >= eu::length(p) {
                    err::set_pyerr(pyrite_vm::errors::index_error("string index out of range"));
                    return u32::MAX;
                }
                eu::read(p, i as usize)
            }
            Err(e) => {
                err::set_pyerr(e);
                u32::MAX
            }
        }
    })
}

/// Strings may be written only while C still owns them alone (not yet shared).
unsafe fn writable(u: *mut PyObject, func: &str) -> PyResult<*mut PyObject> {
    if !u.is_null() && mirror::is_pending(u, kind::STR) {
        return Ok(u);
    }
    Err(crate::system_error(format!(
        "{}: Cannot modify a string currently used",
        func
    )))
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_WriteChar(
    u: *mut PyObject,
    i: Py_ssize_t,
    ch: Py_UCS4,
) -> c_int {
    int_api("PyUnicode_WriteChar", || {
        let p = writable(u, "PyUnicode_WriteChar")?;
        if i < 0 || i as usize >= eu::length(p) {
            return Err(pyrite_vm::errors::index_error("string index out of range"));
        }
        let k = eu::kind_of(p);
        let max = match k {
            1 if (*(p as *mut PyASCIIObject)).state & (1 << 6) != 0 => 127,
            1 => 255,
            2 => 0xffff,
            _ => 0x10ffff,
        };
        if ch > max {
            return Err(pyrite_vm::errors::value_error("character out of range"));
        }
        eu::write(p, i as usize, ch);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_CopyCharacters(
    to: *mut PyObject,
    to_start: Py_ssize_t,
    from: *mut PyObject,
    from_start: Py_ssize_t,
    how_many: Py_ssize_t,
) -> Py_ssize_t {
    ssize_api("PyUnicode_CopyCharacters", || {
        let t = writable(to, "PyUnicode_CopyCharacters")?;
        let f = str_mirror(from, "PyUnicode_CopyCharacters")?;
        let n = how_many
            .min(eu::length(f) as isize - from_start)
            .min(eu::length(t) as isize - to_start)
            .max(0);
        for i in 0..n as usize {
            eu::write(
                t,
                to_start as usize + i,
                eu::read(f, from_start as usize + i),
            );
        }
        Ok(n)
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyUnicode_FastCopyCharacters(
    to: *mut PyObject,
    to_start: Py_ssize_t,
    from: *mut PyObject,
    from_start: Py_ssize_t,
    how_many: Py_ssize_t,
) {
    PyUnicode_CopyCharacters(to, to_start, from, from_start, how_many);
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Fill(
    u: *mut PyObject,
    start: Py_ssize_t,
    length: Py_ssize_t,
    ch: Py_UCS4,
) -> Py_ssize_t {
    ssize_api("PyUnicode_Fill", || {
        let p = writable(u, "PyUnicode_Fill")?;
        let n = length.min(eu::length(p) as isize - start).max(0);
        for i in 0..n as usize {
            eu::write(p, start as usize + i, ch);
        }
        Ok(n)
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyUnicode_FastFill(
    u: *mut PyObject,
    start: Py_ssize_t,
    length: Py_ssize_t,
    ch: Py_UCS4,
) {
    PyUnicode_Fill(u, start, length, ch);
}

/// `PyUnicode_Resize(&u, length)`.
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Resize(pu: *mut *mut PyObject, length: Py_ssize_t) -> c_int {
    int_api("PyUnicode_Resize", || {
        if pu.is_null() || (*pu).is_null() || length < 0 {
            return Err(bad_internal("PyUnicode_Resize"));
        }
        let old = *pu;
        let p = str_mirror(old, "PyUnicode_Resize")?;
        let n = eu::length(p);
        let mut maxc = 0;
        for i in 0..n.min(length as usize) {
            maxc = maxc.max(eu::read(p, i));
        }
        if eu::kind_of(p) != 1 || (*(p as *mut PyASCIIObject)).state & (1 << 6) == 0 {
            maxc = maxc.max(match eu::kind_of(p) {
                1 => 255,
                2 => 0xffff,
                _ => 0x10ffff,
            });
        }
        let np = PyUnicode_New(length, maxc);
        if np.is_null() {
            return Err(err::take_pyerr().unwrap_or_else(|| bad_internal("PyUnicode_Resize")));
        }
        for i in 0..n.min(length as usize) {
            eu::write(np, i, eu::read(p, i));
        }
        *pu = np;
        mirror::decref(old);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyUnicode_Copy(u: *mut PyObject) -> *mut PyObject {
    obj_api("_PyUnicode_Copy", || {
        Ok(Value::from(text(u, "_PyUnicode_Copy")?.1))
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyUnicode_FindMaxChar(
    u: *mut PyObject,
    start: Py_ssize_t,
    end: Py_ssize_t,
) -> Py_UCS4 {
    crate::guard("_PyUnicode_FindMaxChar", || {
        match str_mirror(u, "_PyUnicode_FindMaxChar") {
            Ok(p) => {
                let mut m = 0;
                for i in start.max(0) as usize..(end.max(0) as usize).min(eu::length(p)) {
                    m = m.max(eu::read(p, i));
                }
                m
            }
            Err(_) => 0,
        }
    })
}

// ---- operations ----

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Substring(
    u: *mut PyObject,
    start: Py_ssize_t,
    end: Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyUnicode_Substring", || {
        let (_, s) = text(u, "PyUnicode_Substring")?;
        if start < 0 || end < 0 {
            return Err(pyrite_vm::errors::index_error("string index out of range"));
        }
        Ok(new_string(
            s.chars()
                .skip(start as usize)
                .take((end - start).max(0) as usize)
                .collect(),
        ))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    obj_api("PyUnicode_Concat", || {
        let (av, bv) = (val(a, "PyUnicode_Concat")?, val(b, "PyUnicode_Concat")?);
        match (as_str(&av), as_str(&bv)) {
            (Some(x), Some(y)) => {
                let mut s = String::with_capacity(x.len() + y.len());
                s.push_str(x);
                s.push_str(y);
                Ok(new_string(s))
            }
            _ => Err(crate::type_error(format!(
                "can only concatenate str (not \"{}\") to str",
                if as_str(&av).is_none() {
                    av.type_name()
                } else {
                    bv.type_name()
                }
            ))),
        }
    })
}

/// `PyUnicode_Append(&left, right)`: `left` is replaced by the concatenation (or NULL
/// on error); the old reference is released.
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Append(pleft: *mut *mut PyObject, right: *mut PyObject) {
    if pleft.is_null() {
        return;
    }
    let left = *pleft;
    if left.is_null() {
        return;
    }
    if right.is_null() {
        mirror::decref(left);
        *pleft = null_mut();
        return;
    }
    let r = PyUnicode_Concat(left, right);
    mirror::decref(left);
    *pleft = r;
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_AppendAndDel(pleft: *mut *mut PyObject, right: *mut PyObject) {
    PyUnicode_Append(pleft, right);
    mirror::xdecref(right);
}

unsafe fn call_str_method(
    u: *mut PyObject,
    func: &str,
    meth: &str,
    args: Vec<Value>,
) -> PyResult<Value> {
    let (v, _) = text(u, func)?;
    py(|| ops::attr::call_method(&v, meth, &args))
}

fn opt(p: *mut PyObject) -> Value {
    if p.is_null() {
        Value::None
    } else {
        // SAFETY: non-null API argument.
        unsafe { from_c(p) }
    }
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Split(
    s: *mut PyObject,
    sep: *mut PyObject,
    maxsplit: Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyUnicode_Split", || {
        call_str_method(
            s,
            "PyUnicode_Split",
            "split",
            vec![opt(sep), Value::Int(maxsplit as i64)],
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_RSplit(
    s: *mut PyObject,
    sep: *mut PyObject,
    maxsplit: Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyUnicode_RSplit", || {
        call_str_method(
            s,
            "PyUnicode_RSplit",
            "rsplit",
            vec![opt(sep), Value::Int(maxsplit as i64)],
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Splitlines(s: *mut PyObject, keepends: c_int) -> *mut PyObject {
    obj_api("PyUnicode_Splitlines", || {
        call_str_method(
            s,
            "PyUnicode_Splitlines",
            "splitlines",
            vec![Value::Bool(keepends != 0)],
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Partition(
    s: *mut PyObject,
    sep: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyUnicode_Partition", || {
        call_str_method(s, "PyUnicode_Partition", "partition", vec![opt(sep)])
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_RPartition(
    s: *mut PyObject,
    sep: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyUnicode_RPartition", || {
        call_str_method(s, "PyUnicode_RPartition", "rpartition", vec![opt(sep)])
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Join(sep: *mut PyObject, seq: *mut PyObject) -> *mut PyObject {
    obj_api("PyUnicode_Join", || {
        let sepv = if sep.is_null() {
            Value::from(" ")
        } else {
            val(sep, "PyUnicode_Join")?
        };
        let seqv = val(seq, "PyUnicode_Join")?;
        py(|| ops::attr::call_method(&sepv, "join", &[seqv]))
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyUnicode_JoinArray(
    sep: *mut PyObject,
    items: *const *mut PyObject,
    n: Py_ssize_t,
) -> *mut PyObject {
    obj_api("_PyUnicode_JoinArray", || {
        let sepv = if sep.is_null() {
            Value::from(" ")
        } else {
            val(sep, "_PyUnicode_JoinArray")?
        };
        let list: Vec<Value> = (0..n.max(0) as usize)
            .map(|i| from_c(*items.add(i)))
            .collect();
        py(|| ops::attr::call_method(&sepv, "join", &[pyrite_vm::types::list::new_list(list)]))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Replace(
    s: *mut PyObject,
    old: *mut PyObject,
    new: *mut PyObject,
    maxcount: Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyUnicode_Replace", || {
        call_str_method(
            s,
            "PyUnicode_Replace",
            "replace",
            vec![opt(old), opt(new), Value::Int(maxcount as i64)],
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Translate(
    s: *mut PyObject,
    table: *mut PyObject,
    _errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyUnicode_Translate", || {
        call_str_method(s, "PyUnicode_Translate", "translate", vec![opt(table)])
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Format(f: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    obj_api("PyUnicode_Format", || {
        let (fv, a) = (val(f, "PyUnicode_Format")?, val(args, "PyUnicode_Format")?);
        py(|| ops::arith::binary_op(&fv, &a, pyrite_compiler::bytecode::BinOp::Mod))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Contains(c: *mut PyObject, e: *mut PyObject) -> c_int {
    int_api("PyUnicode_Contains", || {
        let (cv, ev) = (val(c, "PyUnicode_Contains")?, val(e, "PyUnicode_Contains")?);
        py(|| ops::contains(&cv, &ev)).map(|b| b as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Tailmatch(
    s: *mut PyObject,
    sub: *mut PyObject,
    start: Py_ssize_t,
    end: Py_ssize_t,
    direction: c_int,
) -> Py_ssize_t {
    ssize_api("PyUnicode_Tailmatch", || {
        let m = if direction > 0 {
            "endswith"
        } else {
            "startswith"
        };
        let r = call_str_method(
            s,
            "PyUnicode_Tailmatch",
            m,
            vec![opt(sub), Value::Int(start as i64), Value::Int(end as i64)],
        )?;
        Ok(ops::truthy(&r)? as isize)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Find(
    s: *mut PyObject,
    sub: *mut PyObject,
    start: Py_ssize_t,
    end: Py_ssize_t,
    direction: c_int,
) -> Py_ssize_t {
    ssize_api("PyUnicode_Find", || {
        let m = if direction > 0 { "find" } else { "rfind" };
        let r = call_str_method(
            s,
            "PyUnicode_Find",
            m,
            vec![opt(sub), Value::Int(start as i64), Value::Int(end as i64)],
        )?;
        Ok(pyrite_vm::types::int::as_i64(&r).unwrap_or(-1) as isize)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_FindChar(
    s: *mut PyObject,
    ch: Py_UCS4,
    start: Py_ssize_t,
    end: Py_ssize_t,
    direction: c_int,
) -> Py_ssize_t {
    ssize_api("PyUnicode_FindChar", || {
        let c = Value::from(char::from_u32(ch).unwrap_or('\u{fffd}').to_string());
        let m = if direction > 0 { "find" } else { "rfind" };
        let r = call_str_method(
            s,
            "PyUnicode_FindChar",
            m,
            vec![c, Value::Int(start as i64), Value::Int(end as i64)],
        )?;
        Ok(pyrite_vm::types::int::as_i64(&r).unwrap_or(-1) as isize)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Count(
    s: *mut PyObject,
    sub: *mut PyObject,
    start: Py_ssize_t,
    end: Py_ssize_t,
) -> Py_ssize_t {
    ssize_api("PyUnicode_Count", || {
        let r = call_str_method(
            s,
            "PyUnicode_Count",
            "count",
            vec![opt(sub), Value::Int(start as i64), Value::Int(end as i64)],
        )?;
        Ok(pyrite_vm::types::int::as_i64(&r).unwrap_or(-1) as isize)
    })
}

/// `PyUnicode_Compare`: -1, 0, 1 (and -1 with TypeError for non-strings).
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_Compare(a: *mut PyObject, b: *mut PyObject) -> c_int {
    int_api("PyUnicode_Compare", || {
        let (av, bv) = (val(a, "PyUnicode_Compare")?, val(b, "PyUnicode_Compare")?);
        match (as_str(&av), as_str(&bv)) {
            (Some(x), Some(y)) => Ok(match x.cmp(y) {
                std::cmp::Ordering::Less => -1,
                std::cmp::Ordering::Equal => 0,
                std::cmp::Ordering::Greater => 1,
            }),
            _ => Err(crate::type_error(format!(
                "Can't compare {} and {}",
                av.type_name(),
                bv.type_name()
            ))),
        }
    })
}

/// `PyUnicode_CompareWithASCIIString`: never raises.
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_CompareWithASCIIString(
    a: *mut PyObject,
    s: *const c_char,
) -> c_int {
    crate::guard("PyUnicode_CompareWithASCIIString", || {
        let Ok((_, x)) = text(a, "PyUnicode_CompareWithASCIIString") else {
            err::clear();
            return -1;
        };
        let y = std::ffi::CStr::from_ptr(s).to_bytes();
        // compare code point by code point (the C string is Latin-1 bytes)
        let mut it = x.chars();
        for &b in y {
            match it.next() {
                None => return -1,
                Some(c) => {
                    if (c as u32) < b as u32 {
                        return -1;
                    }
                    if (c as u32) > b as u32 {
                        return 1;
                    }
                }
            }
        }
        if it.next().is_some() {
            1
        } else {
            0
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyUnicode_EqualToASCIIString(
    a: *mut PyObject,
    s: *const c_char,
) -> c_int {
    (PyUnicode_CompareWithASCIIString(a, s) == 0) as c_int
}

#[no_mangle]
pub unsafe extern "C" fn _PyUnicode_EqualToASCIIId(
    a: *mut PyObject,
    id: *mut crate::object::PyIdentifier,
) -> c_int {
    _PyUnicode_EqualToASCIIString(a, (*id).string)
}

#[no_mangle]
pub unsafe extern "C" fn _PyUnicode_EQ(a: *mut PyObject, b: *mut PyObject) -> c_int {
    crate::guard("_PyUnicode_EQ", || {
        match (text(a, "_PyUnicode_EQ"), text(b, "_PyUnicode_EQ")) {
            (Ok((_, x)), Ok((_, y))) => (x == y) as c_int,
            _ => {
                err::clear();
                0
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyUnicode_Equal(a: *mut PyObject, b: *mut PyObject) -> c_int {
    _PyUnicode_EQ(a, b)
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_RichCompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    crate::object::PyObject_RichCompare(a, b, op)
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_IsIdentifier(s: *mut PyObject) -> c_int {
    int_api("PyUnicode_IsIdentifier", || {
        let r = call_str_method(s, "PyUnicode_IsIdentifier", "isidentifier", vec![])?;
        Ok(ops::truthy(&r)? as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_InternFromString(s: *const c_char) -> *mut PyObject {
    obj_api("PyUnicode_InternFromString", || {
        Ok(Value::Obj(pyrite_vm::types::str::intern(cstr(
            s,
            "PyUnicode_InternFromString",
        )?)))
    })
}

/// `PyUnicode_InternInPlace(&s)`: replace `s` by the interned string.
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_InternInPlace(p: *mut *mut PyObject) {
    crate::guard("PyUnicode_InternInPlace", || {
        if p.is_null() || (*p).is_null() {
            return;
        }
        let v = from_c(*p);
        if as_str(&v).is_none() || !v.class_ref().is(&types().str) {
            return;
        }
        let iv = pyrite_vm::types::str::intern_value(&v);
        let np = mirror::to_c_new(&iv);
        mirror::decref(*p);
        *p = np;
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_InternImmortal(p: *mut *mut PyObject) {
    PyUnicode_InternInPlace(p)
}

#[no_mangle]
pub extern "C" fn PyUnicode_GetDefaultEncoding() -> *const c_char {
    c"utf-8".as_ptr()
}

/// `PyUnicode_FSConverter` (an `O&` converter): str/bytes/path-like → bytes.
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_FSConverter(o: *mut PyObject, result: *mut c_void) -> c_int {
    let out = result as *mut *mut PyObject;
    if o.is_null() {
        mirror::xdecref(*out);
        *out = null_mut();
        return 1;
    }
    let r = obj_api("PyUnicode_FSConverter", || {
        let v = py(|| emulation::call_builtin("__import__", &[Value::from("os")]))
            .and_then(|os| py(|| ops::attr::call_method(&os, "fsencode", &[from_c(o)])))?;
        Ok(v)
    });
    if r.is_null() {
        return 0;
    }
    *out = r;
    0x20000
}

/// `PyUnicode_FSDecoder` (an `O&` converter): str/bytes/path-like → str.
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_FSDecoder(o: *mut PyObject, result: *mut c_void) -> c_int {
    let out = result as *mut *mut PyObject;
    if o.is_null() {
        mirror::xdecref(*out);
        *out = null_mut();
        return 1;
    }
    let r = obj_api("PyUnicode_FSDecoder", || {
        let os = py(|| emulation::call_builtin("__import__", &[Value::from("os")]))?;
        py(|| ops::attr::call_method(&os, "fsdecode", &[from_c(o)]))
    });
    if r.is_null() {
        return 0;
    }
    *out = r;
    0x20000
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_BuildEncodingMap(s: *mut PyObject) -> *mut PyObject {
    obj_api("PyUnicode_BuildEncodingMap", || {
        let (_, t) = text(s, "PyUnicode_BuildEncodingMap")?;
        let d = pyrite_vm::types::dict::new_dict();
        let dd = pyrite_vm::types::dict::as_dict(&d).unwrap();
        for (i, c) in t.chars().enumerate() {
            dd.set_item(Value::Int(c as i64), Value::Int(i as i64))?;
        }
        Ok(d)
    })
}

// ---------------------------------------------------------------------------
// PyUnicode_FromFormat

struct Spec {
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
    size: u8, // 0, b'l', b'q' (ll), b'z'
}

fn pad(s: String, spec: &Spec, numeric: bool) -> String {
    let s = match spec.prec {
        Some(p) if !numeric => s.chars().take(p).collect(),
        _ => s,
    };
    match spec.width {
        Some(w) if s.chars().count() < w => {
            let n = w - s.chars().count();
            if spec.zero && numeric {
                let (sign, digits) = if let Some(d) = s.strip_prefix('-') {
                    ("-", d.to_string())
                } else {
                    ("", s.clone())
                };
                format!("{}{}{}", sign, "0".repeat(n), digits)
            } else {
                format!("{}{}", " ".repeat(n), s)
            }
        }
        _ => s,
    }
}

fn int_prec(s: String, spec: &Spec) -> String {
    match spec.prec {
        Some(p) => {
            let (sign, digits) = if let Some(d) = s.strip_prefix('-') {
                ("-", d.to_string())
            } else {
                ("", s.clone())
            };
            if digits.len() < p {
                format!("{}{}{}", sign, "0".repeat(p - digits.len()), digits)
            } else {
                s
            }
        }
        None => s,
    }
}

/// Format a C format string with its arguments the way `PyUnicode_FromFormat` does.
///
/// # Safety
/// The arguments in `va` match the format.
pub(crate) unsafe fn format_c(fmt: &[u8], va: &mut Va, bytes_mode: bool) -> PyResult<String> {
    let mut out = String::new();
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        if c != b'%' {
            // copy a run of literal bytes (the format is ASCII in CPython; be lenient)
            let start = i;
            while i < fmt.len() && fmt[i] != b'%' {
                i += 1;
            }
            out.push_str(&String::from_utf8_lossy(&fmt[start..i]));
            continue;
        }
        let start = i;
        i += 1;
        let mut spec = Spec {
            zero: false,
            width: None,
            prec: None,
            size: 0,
        };
        while i < fmt.len() && (fmt[i] == b'0' || fmt[i] == b'-') {
            if fmt[i] == b'0' {
                spec.zero = true;
            }
            i += 1;
        }
        let mut w = None;
        while i < fmt.len() && fmt[i].is_ascii_digit() {
            w = Some(w.unwrap_or(0) * 10 + (fmt[i] - b'0') as usize);
            i += 1;
        }
        spec.width = w;
        if i < fmt.len() && fmt[i] == b'.' {
            i += 1;
            let mut p = 0;
            while i < fmt.len() && fmt[i].is_ascii_digit() {
                p = p * 10 + (fmt[i] - b'0') as usize;
                i += 1;
            }
            spec.prec = Some(p);
        }
        if i < fmt.len() && fmt[i] == b'l' {
            spec.size = b'l';
            i += 1;
            if i < fmt.len() && fmt[i] == b'l' {
                spec.size = b'q';
                i += 1;
            }
        } else if i < fmt.len() && fmt[i] == b'z' {
            spec.size = b'z';
            i += 1;
        }
        if i >= fmt.len() {
            out.push_str(&String::from_utf8_lossy(&fmt[start..]));
            break;
        }
        let conv = fmt[i];
        i += 1;
        match conv {
            b'%' => out.push('%'),
            b'c' => {
                let ch = va.int();
                if bytes_mode {
                    out.push(char::from_u32(ch as u8 as u32).unwrap());
                } else {
                    if !(0..=0x10ffff).contains(&ch) {
                        return Err(pyrite_vm::errors::overflow_error(
                            "character argument not in range(0x110000)",
                        ));
                    }
                    out.push(char::from_u32(ch as u32).unwrap_or('\u{fffd}'));
                }
            }
            b'd' | b'i' => {
                let v: i64 = match spec.size {
                    b'l' => va.long(),
                    b'q' => va.longlong(),
                    b'z' => va.ssize() as i64,
                    _ => va.int() as i64,
                };
                out.push_str(&pad(int_prec(v.to_string(), &spec), &spec, true));
            }
            b'u' => {
                let v: u64 = match spec.size {
                    b'l' => va.ulong(),
                    b'q' => va.ulonglong(),
                    b'z' => va.size() as u64,
                    _ => va.uint() as u64,
                };
                out.push_str(&pad(int_prec(v.to_string(), &spec), &spec, true));
            }
            b'x' => {
                let v: u64 = match spec.size {
                    b'l' => va.ulong(),
                    b'q' => va.ulonglong(),
                    b'z' => va.size() as u64,
                    _ => va.uint() as u64,
                };
                out.push_str(&pad(int_prec(format!("{:x}", v), &spec), &spec, true));
            }
            b'p' => {
                let p: *mut c_void = va.ptr();
                out.push_str(&format!("0x{:x}", p as usize));
            }
            b's' => {
                let p: *const c_char = va.ptr();
                let s = if p.is_null() {
                    "(null)".to_string()
                } else {
                    String::from_utf8_lossy(std::ffi::CStr::from_ptr(p).to_bytes()).into_owned()
                };
                out.push_str(&pad(s, &spec, false));
            }
            b'U' if !bytes_mode => {
                let p: *mut PyObject = va.ptr();
                if p.is_null() {
                    return Err(bad_internal("PyUnicode_FromFormat"));
                }
                let v = from_c(p);
                out.push_str(&pad(as_str(&v).unwrap_or("").to_string(), &spec, false));
            }
            b'V' if !bytes_mode => {
                let p: *mut PyObject = va.ptr();
                let s: *const c_char = va.ptr();
                let t = if !p.is_null() {
                    as_str(&from_c(p)).unwrap_or("").to_string()
                } else if !s.is_null() {
                    String::from_utf8_lossy(std::ffi::CStr::from_ptr(s).to_bytes()).into_owned()
                } else {
                    String::new()
                };
                out.push_str(&pad(t, &spec, false));
            }
            b'S' | b'R' | b'A' if !bytes_mode => {
                let p: *mut PyObject = va.ptr();
                if p.is_null() {
                    return Err(bad_internal("PyUnicode_FromFormat"));
                }
                let v = from_c(p);
                let t = match conv {
                    b'S' => py(|| ops::to_str(&v))?,
                    b'R' => py(|| ops::repr(&v))?,
                    _ => py(|| ops::ascii(&v))?,
                };
                out.push_str(&pad(t, &spec, false));
            }
            _ => {
                // unknown conversion: CPython copies the rest of the format string
                out.push_str(&String::from_utf8_lossy(&fmt[start..]));
                break;
            }
        }
    }
    Ok(out)
}

/// Called by the C shims of `PyUnicode_FromFormat(V)` and `PyErr_Format`.
#[no_mangle]
pub unsafe extern "C" fn pyrite_unicode_fromformat(
    format: *const c_char,
    va: *mut VaList,
) -> *mut PyObject {
    obj_api("PyUnicode_FromFormat", || {
        if format.is_null() {
            return Err(bad_internal("PyUnicode_FromFormat"));
        }
        let fmt = std::ffi::CStr::from_ptr(format).to_bytes();
        let mut va = Va(va);
        Ok(new_string(format_c(fmt, &mut va, false)?))
    })
}

// ---- character classes ----

macro_rules! char_class {
    ($($name:ident => $f:expr),* $(,)?) => {$(
        #[no_mangle]
        pub extern "C" fn $name(ch: Py_UCS4) -> c_int {
            char::from_u32(ch).map($f).unwrap_or(false) as c_int
        }
    )*};
}
char_class!(
    _PyUnicode_IsLowercase => |c: char| c.is_lowercase(),
    _PyUnicode_IsUppercase => |c: char| c.is_uppercase(),
    _PyUnicode_IsTitlecase => |c: char| c.is_uppercase() && c.to_lowercase().next() != Some(c) && matches!(c, 'ǅ' | 'ǈ' | 'ǋ' | 'ǲ'),
    _PyUnicode_IsWhitespace => |c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c),
    _PyUnicode_IsAlpha => |c: char| c.is_alphabetic(),
    _PyUnicode_IsDecimalDigit => |c: char| pyrite_vm::types::int::unicode_decimal(c).is_some(),
    _PyUnicode_IsDigit => |c: char| c.is_ascii_digit() || pyrite_vm::types::int::unicode_decimal(c).is_some() || ('\u{2070}'..='\u{2079}').contains(&c) || ('\u{2080}'..='\u{2089}').contains(&c) || matches!(c, '²' | '³' | '¹'),
    _PyUnicode_IsNumeric => |c: char| c.is_numeric(),
);
