//! The remaining codec entry points of the Unicode API (`PyUnicode_Decode*Stateful`,
//! charmap, `AsDecoded*`/`AsEncodedUnicode`) and `PyCodec_StreamReader/Writer`,
//! served by the `codecs` machinery.

use crate::pycall::{call_mod, cstr_or};
use crate::{bad_internal, obj_api, val};
use emulation::layout::*;
use pyrite_vm::errors::{PyErr, PyResult};
use pyrite_vm::types::exceptions::exc;
use pyrite_vm::value::Value;
use std::os::raw::c_char;

unsafe fn bytes_arg(s: *const c_char, n: Py_ssize_t, func: &str) -> PyResult<Value> {
    if s.is_null() && n != 0 || n < 0 {
        return Err(bad_internal(func));
    }
    let data = if n == 0 {
        Vec::new()
    } else {
        std::slice::from_raw_parts(s as *const u8, n as usize).to_vec()
    };
    Ok(pyrite_vm::types::bytes::new_bytes(data))
}

/// `codecs.<decoder>(data, errors, final)` -> (str, consumed).
unsafe fn stateful(
    func: &str,
    decoder: &str,
    extra: Vec<Value>,
    s: *const c_char,
    n: Py_ssize_t,
    errors: *const c_char,
    consumed: *mut Py_ssize_t,
) -> PyResult<Value> {
    let data = bytes_arg(s, n, func)?;
    let mut args = vec![data, Value::from(cstr_or(errors, "strict").as_str())];
    args.extend(extra);
    args.push(Value::Bool(consumed.is_null()));
    let r = call_mod("_codecs", decoder, &args)?;
    let items = pyrite_vm::types::tuple::as_tuple(&r)
        .map(|t| t.to_vec())
        .unwrap_or_default();
    if items.len() < 2 {
        return Err(PyErr::new(
            &exc().system_error,
            format!("{}: decoder returned no (str, consumed) pair", func),
        ));
    }
    if !consumed.is_null() {
        *consumed = pyrite_vm::types::int::as_i64(&items[1]).unwrap_or(0) as Py_ssize_t;
    }
    Ok(items[0].clone())
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_DecodeUTF7Stateful(
    s: *const c_char,
    n: Py_ssize_t,
    errors: *const c_char,
    consumed: *mut Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyUnicode_DecodeUTF7Stateful", || {
        stateful(
            "PyUnicode_DecodeUTF7Stateful",
            "utf_7_decode",
            vec![],
            s,
            n,
            errors,
            consumed,
        )
    })
}

/// `byteorder`: NULL or *byteorder 0 = native with BOM detection, -1 little, 1 big;
/// updated with the order found.
unsafe fn utf16_32(
    func: &str,
    bits: u32,
    s: *const c_char,
    n: Py_ssize_t,
    errors: *const c_char,
    byteorder: *mut std::os::raw::c_int,
    consumed: *mut Py_ssize_t,
) -> PyResult<Value> {
    let bo = if byteorder.is_null() { 0 } else { *byteorder };
    let data = bytes_arg(s, n, func)?;
    let decoder = if bits == 16 {
        "utf_16_ex_decode"
    } else {
        "utf_32_ex_decode"
    };
    let args = vec![
        data,
        Value::from(cstr_or(errors, "strict").as_str()),
        Value::Int(bo as i64),
        Value::Bool(consumed.is_null()),
    ];
    let r = call_mod("_codecs", decoder, &args)?;
    let items = pyrite_vm::types::tuple::as_tuple(&r)
        .map(|t| t.to_vec())
        .unwrap_or_default();
    if items.len() < 3 {
        return Err(PyErr::new(
            &exc().system_error,
            format!("{}: unexpected decoder result", func),
        ));
    }
    if !consumed.is_null() {
        *consumed = pyrite_vm::types::int::as_i64(&items[1]).unwrap_or(0) as Py_ssize_t;
    }
    if !byteorder.is_null() {
        *byteorder = pyrite_vm::types::int::as_i64(&items[2]).unwrap_or(0) as std::os::raw::c_int;
    }
    Ok(items[0].clone())
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_DecodeUTF16Stateful(
    s: *const c_char,
    n: Py_ssize_t,
    errors: *const c_char,
    byteorder: *mut std::os::raw::c_int,
    consumed: *mut Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyUnicode_DecodeUTF16Stateful", || {
        utf16_32(
            "PyUnicode_DecodeUTF16Stateful",
            16,
            s,
            n,
            errors,
            byteorder,
            consumed,
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyUnicode_DecodeUTF32Stateful(
    s: *const c_char,
    n: Py_ssize_t,
    errors: *const c_char,
    byteorder: *mut std::os::raw::c_int,
    consumed: *mut Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyUnicode_DecodeUTF32Stateful", || {
        utf16_32(
            "PyUnicode_DecodeUTF32Stateful",
            32,
            s,
            n,
            errors,
            byteorder,
            consumed,
        )
    })
}

/// Decode with a charmap (`mapping` NULL: latin-1).
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_DecodeCharmap(
    s: *const c_char,
    n: Py_ssize_t,
    mapping: *mut PyObject,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyUnicode_DecodeCharmap", || {
        let data = bytes_arg(s, n, "PyUnicode_DecodeCharmap")?;
        let err = Value::from(cstr_or(errors, "strict").as_str());
        let r = if mapping.is_null() {
            call_mod("_codecs", "latin_1_decode", &[data, err])?
        } else {
            call_mod(
                "_codecs",
                "charmap_decode",
                &[data, err, emulation::mirror::from_c(mapping)],
            )?
        };
        Ok(pyrite_vm::types::tuple::as_tuple(&r)
            .and_then(|t| t.first().cloned())
            .unwrap_or(Value::None))
    })
}

/// Encode a str with a charmap (`mapping` NULL: latin-1).
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_AsCharmapString(
    u: *mut PyObject,
    mapping: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyUnicode_AsCharmapString", || {
        let s = val(u, "PyUnicode_AsCharmapString")?;
        if pyrite_vm::types::str::as_str(&s).is_none() {
            return Err(bad_internal("PyUnicode_AsCharmapString"));
        }
        if mapping.is_null() {
            return Err(crate::type_error(
                "bad argument type for built-in operation",
            ));
        }
        let r = call_mod(
            "_codecs",
            "charmap_encode",
            &[s, Value::from("strict"), emulation::mirror::from_c(mapping)],
        )?;
        Ok(pyrite_vm::types::tuple::as_tuple(&r)
            .and_then(|t| t.first().cloned())
            .unwrap_or(Value::None))
    })
}

/// `codecs.decode(unicode, encoding, errors)` (deprecated API; any result type).
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_AsDecodedObject(
    u: *mut PyObject,
    encoding: *const c_char,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyUnicode_AsDecodedObject", || {
        let s = val(u, "PyUnicode_AsDecodedObject")?;
        if pyrite_vm::types::str::as_str(&s).is_none() {
            return Err(crate::type_error(
                "bad argument type for built-in operation",
            ));
        }
        crate::py(|| {
            pyrite_vm::modules::warnings::warn(
                &pyrite_vm::types::exceptions::exc().deprecation_warning,
                "PyUnicode_AsDecodedObject() is deprecated; use PyCodec_Decode() to decode from str",
                1,
            )
        })?;
        call_mod(
            "codecs",
            "decode",
            &[
                s,
                Value::from(cstr_or(encoding, "utf-8").as_str()),
                Value::from(cstr_or(errors, "strict").as_str()),
            ],
        )
    })
}

/// As `AsDecodedObject`, the result must be a str.
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_AsDecodedUnicode(
    u: *mut PyObject,
    encoding: *const c_char,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyUnicode_AsDecodedUnicode", || {
        let s = val(u, "PyUnicode_AsDecodedUnicode")?;
        if pyrite_vm::types::str::as_str(&s).is_none() {
            return Err(crate::type_error(
                "bad argument type for built-in operation",
            ));
        }
        crate::py(|| {
            pyrite_vm::modules::warnings::warn(
                &pyrite_vm::types::exceptions::exc().deprecation_warning,
                "PyUnicode_AsDecodedUnicode() is deprecated; use PyCodec_Decode() to decode from str to str",
                1,
            )
        })?;
        let enc = cstr_or(encoding, "utf-8");
        let r = call_mod(
            "codecs",
            "decode",
            &[
                s,
                Value::from(enc.as_str()),
                Value::from(cstr_or(errors, "strict").as_str()),
            ],
        )?;
        if pyrite_vm::types::str::as_str(&r).is_none() {
            return Err(crate::type_error(format!("'{}' decoder returned '{}' instead of 'str'; use codecs.decode() to decode to arbitrary types", enc, r.type_name())));
        }
        Ok(r)
    })
}

/// `codecs.encode(unicode, encoding, errors)`, the result must be a str.
#[no_mangle]
pub unsafe extern "C" fn PyUnicode_AsEncodedUnicode(
    u: *mut PyObject,
    encoding: *const c_char,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyUnicode_AsEncodedUnicode", || {
        let s = val(u, "PyUnicode_AsEncodedUnicode")?;
        if pyrite_vm::types::str::as_str(&s).is_none() {
            return Err(crate::type_error(
                "bad argument type for built-in operation",
            ));
        }
        crate::py(|| {
            pyrite_vm::modules::warnings::warn(
                &pyrite_vm::types::exceptions::exc().deprecation_warning,
                "PyUnicode_AsEncodedUnicode() is deprecated; use PyCodec_Encode() to encode from str to str",
                1,
            )
        })?;
        let enc = cstr_or(encoding, "utf-8");
        let r = call_mod(
            "codecs",
            "encode",
            &[
                s,
                Value::from(enc.as_str()),
                Value::from(cstr_or(errors, "strict").as_str()),
            ],
        )?;
        if pyrite_vm::types::str::as_str(&r).is_none() {
            return Err(crate::type_error(format!("'{}' encoder returned '{}' instead of 'str'; use codecs.encode() to encode to arbitrary types", enc, r.type_name())));
        }
        Ok(r)
    })
}

/// `codecs.getreader(encoding)(stream, errors)`.
#[no_mangle]
pub unsafe extern "C" fn PyCodec_StreamReader(
    encoding: *const c_char,
    stream: *mut PyObject,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyCodec_StreamReader", || {
        let st = val(stream, "PyCodec_StreamReader")?;
        let cls = call_mod(
            "codecs",
            "getreader",
            &[Value::from(cstr_or(encoding, "utf-8").as_str())],
        )?;
        crate::py(|| {
            pyrite_vm::ops::call::call(
                &cls,
                &[st, Value::from(cstr_or(errors, "strict").as_str())],
                None,
            )
        })
    })
}

/// `codecs.getwriter(encoding)(stream, errors)`.
#[no_mangle]
pub unsafe extern "C" fn PyCodec_StreamWriter(
    encoding: *const c_char,
    stream: *mut PyObject,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyCodec_StreamWriter", || {
        let st = val(stream, "PyCodec_StreamWriter")?;
        let cls = call_mod(
            "codecs",
            "getwriter",
            &[Value::from(cstr_or(encoding, "utf-8").as_str())],
        )?;
        crate::py(|| {
            pyrite_vm::ops::call::call(
                &cls,
                &[st, Value::from(cstr_or(errors, "strict").as_str())],
                None,
            )
        })
    })
}

/// `Py_DecodeLocale(arg, size)`: bytes (UTF-8, Pyrite's locale encoding, with
/// surrogateescape) to a `wchar_t*` from `PyMem_RawMalloc`; NULL on error with
/// `*size` = -1 (memory) or -2 (decoding).
#[no_mangle]
pub unsafe extern "C" fn Py_DecodeLocale(
    arg: *const c_char,
    size: *mut usize,
) -> *mut libc::wchar_t {
    if arg.is_null() {
        return std::ptr::null_mut();
    }
    let bytes = std::ffi::CStr::from_ptr(arg).to_bytes();
    // UTF-8 with undecodable bytes mapped to U+DC80..U+DCFF
    let mut out: Vec<u32> = Vec::with_capacity(bytes.len() + 1);
    let mut i = 0;
    while i < bytes.len() {
        match std::str::from_utf8(&bytes[i..]) {
            Ok(s) => {
                out.extend(s.chars().map(|c| c as u32));
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.extend(
                    std::str::from_utf8_unchecked(&bytes[i..i + good])
                        .chars()
                        .map(|c| c as u32),
                );
                i += good;
                let bad = e.error_len().unwrap_or(bytes.len() - i).max(1);
                for b in &bytes[i..i + bad] {
                    out.push(0xDC00 + *b as u32);
                }
                i += bad;
            }
        }
    }
    let n = out.len();
    out.push(0);
    let p = libc::malloc(out.len() * 4) as *mut u32;
    if p.is_null() {
        if !size.is_null() {
            *size = usize::MAX; // (size_t)-1
        }
        return std::ptr::null_mut();
    }
    std::ptr::copy_nonoverlapping(out.as_ptr(), p, out.len());
    if !size.is_null() {
        *size = n;
    }
    p as *mut libc::wchar_t
}

/// `Py_EncodeLocale(text, error_pos)`: a `wchar_t*` to UTF-8 bytes from
/// `PyMem_Malloc` (lone surrogates U+DC80..U+DCFF become the original bytes); NULL
/// with `*error_pos` set at an unencodable character.
#[no_mangle]
pub unsafe extern "C" fn Py_EncodeLocale(
    text: *const libc::wchar_t,
    error_pos: *mut usize,
) -> *mut c_char {
    if text.is_null() {
        return std::ptr::null_mut();
    }
    let mut out: Vec<u8> = Vec::new();
    let mut i = 0usize;
    loop {
        let c = *text.add(i) as u32;
        if c == 0 {
            break;
        }
        if (0xDC80..=0xDCFF).contains(&c) {
            out.push((c - 0xDC00) as u8);
        } else {
            match char::from_u32(c) {
                Some(ch) => {
                    let mut b = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
                }
                None => {
                    if !error_pos.is_null() {
                        *error_pos = i;
                    }
                    return std::ptr::null_mut();
                }
            }
        }
        i += 1;
    }
    if !error_pos.is_null() {
        *error_pos = usize::MAX;
    }
    out.push(0);
    let p = crate::mem::PyMem_Malloc(out.len()) as *mut u8;
    if p.is_null() {
        return std::ptr::null_mut();
    }
    std::ptr::copy_nonoverlapping(out.as_ptr(), p, out.len());
    p as *mut c_char
}
