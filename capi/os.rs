//! Operating-system helpers: `PyOS_double_to_string`, `PyOS_string_to_double`,
//! `PyOS_strtol`/`strtoul`, case-insensitive compares, `PyOS_FSPath`.
//! (`PyOS_snprintf`/`PyOS_vsnprintf` are C shims.)

use crate::{obj_api, py, val};
use emulation::err;
use emulation::layout::*;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_double, c_int, c_long, c_ulong};
use std::ptr::null_mut;

const Py_DTSF_SIGN: c_int = 0x01;
const Py_DTSF_ADD_DOT_0: c_int = 0x02;
const Py_DTSF_ALT: c_int = 0x04;
const Py_DTST_FINITE: c_int = 0;
const Py_DTST_INFINITE: c_int = 1;
const Py_DTST_NAN: c_int = 2;

/// `PyOS_double_to_string(val, format_code, precision, flags, &type)`: a
/// `PyMem_Malloc`'d string.
#[no_mangle]
pub unsafe extern "C" fn PyOS_double_to_string(
    v: c_double,
    code: c_char,
    precision: c_int,
    flags: c_int,
    ty: *mut c_int,
) -> *mut c_char {
    crate::guard("PyOS_double_to_string", || {
        let code = code as u8;
        let upper = code.is_ascii_uppercase();
        let mut s = if v.is_nan() {
            if !ty.is_null() {
                *ty = Py_DTST_NAN;
            }
            if upper {
                "NAN".to_string()
            } else {
                "nan".to_string()
            }
        } else if v.is_infinite() {
            if !ty.is_null() {
                *ty = Py_DTST_INFINITE;
            }
            let t = if upper { "INF" } else { "inf" };
            if v < 0.0 {
                format!("-{}", t)
            } else {
                t.to_string()
            }
        } else {
            if !ty.is_null() {
                *ty = Py_DTST_FINITE;
            }
            match code {
                b'r' => {
                    let mut r = pyrite_vm::types::float::float_repr(v);
                    if flags & Py_DTSF_ADD_DOT_0 == 0 && r.ends_with(".0") {
                        r.truncate(r.len() - 2);
                    }
                    r
                }
                b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => {
                    let fmt = format!(
                        "%{}.*{}\0",
                        if flags & Py_DTSF_ALT != 0 { "#" } else { "" },
                        code as char
                    );
                    let mut buf = vec![0u8; 512];
                    let n = libc::snprintf(
                        buf.as_mut_ptr() as *mut c_char,
                        buf.len(),
                        fmt.as_ptr() as *const c_char,
                        precision,
                        v,
                    );
                    buf.truncate(n.max(0) as usize);
                    let mut r = String::from_utf8_lossy(&buf).into_owned();
                    if flags & Py_DTSF_ADD_DOT_0 != 0 && !r.contains(['.', 'e', 'E']) {
                        r.push_str(".0");
                    }
                    r
                }
                _ => {
                    err::set_pyerr(crate::bad_internal("PyOS_double_to_string"));
                    return null_mut();
                }
            }
        };
        if flags & Py_DTSF_SIGN != 0 && !s.starts_with('-') {
            s.insert(0, '+');
        }
        let p = crate::mem::PyMem_Malloc(s.len() + 1) as *mut c_char;
        if p.is_null() {
            err::set_pyerr(pyrite_vm::errors::memory_error());
            return null_mut();
        }
        std::ptr::copy_nonoverlapping(s.as_ptr(), p as *mut u8, s.len());
        *p.add(s.len()) = 0;
        p
    })
}

/// `PyOS_string_to_double(s, &endptr, overflow_exception)`.
#[no_mangle]
pub unsafe extern "C" fn PyOS_string_to_double(
    s: *const c_char,
    endptr: *mut *mut c_char,
    overflow_exception: *mut PyObject,
) -> c_double {
    crate::guard("PyOS_string_to_double", || {
        let bytes = std::ffi::CStr::from_ptr(s).to_bytes();
        // the longest prefix that is a float literal (Python syntax: no hex, inf/nan)
        let text = String::from_utf8_lossy(bytes);
        let mut best: Option<(usize, f64)> = None;
        let lower = text.to_ascii_lowercase();
        for special in [
            "+infinity",
            "-infinity",
            "infinity",
            "+inf",
            "-inf",
            "inf",
            "+nan",
            "-nan",
            "nan",
        ] {
            if lower.starts_with(special) {
                let neg = special.starts_with('-');
                let val = if special.contains("nan") {
                    f64::NAN
                } else if neg {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                };
                best = Some((
                    special.len(),
                    if special.contains("nan") && neg {
                        -val
                    } else {
                        val
                    },
                ));
                break;
            }
        }
        if best.is_none() {
            let b = bytes;
            let mut i = 0;
            if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                i += 1;
            }
            let ds = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let mut digits = i - ds;
            if i < b.len() && b[i] == b'.' {
                i += 1;
                let fs = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                digits += i - fs;
            }
            if digits > 0 {
                if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
                    let mut j = i + 1;
                    if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
                        j += 1;
                    }
                    let es = j;
                    while j < b.len() && b[j].is_ascii_digit() {
                        j += 1;
                    }
                    if j > es {
                        i = j;
                    }
                }
                let lit = std::str::from_utf8(&b[..i]).unwrap_or("0");
                best = Some((i, lit.parse::<f64>().unwrap_or(0.0)));
            }
        }
        let Some((n, v)) = best else {
            if !endptr.is_null() {
                *endptr = s as *mut c_char;
            }
            err::set_pyerr(pyrite_vm::errors::value_error(format!(
                "could not convert string to float: '{}'",
                text
            )));
            return -1.0;
        };
        if endptr.is_null() && n != bytes.len() {
            err::set_pyerr(pyrite_vm::errors::value_error(format!(
                "could not convert string to float: '{}'",
                text
            )));
            return -1.0;
        }
        if !endptr.is_null() {
            *endptr = s.add(n) as *mut c_char;
        }
        if v.is_infinite() && !lower.contains("inf") && !overflow_exception.is_null() {
            let t = emulation::mirror::from_c(overflow_exception);
            if let Some(to) = t.as_obj() {
                err::set_pyerr(pyrite_vm::errors::PyErr::new(
                    to,
                    format!("value too large to convert to float: '{}'", text),
                ));
            }
            return -1.0;
        }
        v
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyOS_strtoul(
    s: *const c_char,
    end: *mut *mut c_char,
    base: c_int,
) -> c_ulong {
    libc::strtoul(s, end, base)
}

#[no_mangle]
pub unsafe extern "C" fn PyOS_strtol(
    s: *const c_char,
    end: *mut *mut c_char,
    base: c_int,
) -> c_long {
    libc::strtol(s, end, base)
}

#[no_mangle]
pub unsafe extern "C" fn PyOS_mystrnicmp(
    a: *const c_char,
    b: *const c_char,
    n: Py_ssize_t,
) -> c_int {
    libc::strncasecmp(a, b, n.max(0) as usize)
}

#[no_mangle]
pub unsafe extern "C" fn PyOS_mystricmp(a: *const c_char, b: *const c_char) -> c_int {
    libc::strcasecmp(a, b)
}

#[no_mangle]
pub unsafe extern "C" fn PyOS_FSPath(p: *mut PyObject) -> *mut PyObject {
    obj_api("PyOS_FSPath", || {
        let v = val(p, "PyOS_FSPath")?;
        let os = py(|| emulation::call_builtin("__import__", &[Value::from("os")]))?;
        py(|| pyrite_vm::ops::attr::call_method(&os, "fspath", &[v]))
    })
}

#[no_mangle]
pub extern "C" fn PyOS_InterruptOccurred() -> c_int {
    0
}

#[no_mangle]
pub extern "C" fn PyOS_BeforeFork() {}
#[no_mangle]
pub extern "C" fn PyOS_AfterFork_Parent() {}
#[no_mangle]
pub extern "C" fn PyOS_AfterFork_Child() {}
#[no_mangle]
pub extern "C" fn PyOS_AfterFork() {}
