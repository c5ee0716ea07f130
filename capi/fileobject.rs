//! File objects from C (`PyFile_WriteObject`, `PyFile_WriteString`,
//! `PyFile_GetLine`, `PyFile_FromFd`, `PyObject_AsFileDescriptor`).

use crate::{cstr, int_api, obj_api, py, val};
use emulation::layout::*;
use pyrite_vm::ops;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int};

const Py_PRINT_RAW: c_int = 1;

#[no_mangle]
pub unsafe extern "C" fn PyFile_WriteObject(
    o: *mut PyObject,
    f: *mut PyObject,
    flags: c_int,
) -> c_int {
    int_api("PyFile_WriteObject", || {
        let fv = val(f, "PyFile_WriteObject")?;
        let v = val(o, "PyFile_WriteObject")?;
        let s = if flags & Py_PRINT_RAW != 0 {
            py(|| ops::str_value(&v))?
        } else {
            Value::from(py(|| ops::repr(&v))?)
        };
        py(|| ops::attr::call_method(&fv, "write", &[s])).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyFile_WriteString(s: *const c_char, f: *mut PyObject) -> c_int {
    int_api("PyFile_WriteString", || {
        let fv = val(f, "PyFile_WriteString")?;
        let t = Value::from(cstr(s, "PyFile_WriteString")?);
        py(|| ops::attr::call_method(&fv, "write", &[t])).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyFile_GetLine(f: *mut PyObject, n: c_int) -> *mut PyObject {
    obj_api("PyFile_GetLine", || {
        let fv = val(f, "PyFile_GetLine")?;
        let args = if n > 0 {
            vec![Value::Int(n as i64)]
        } else {
            vec![]
        };
        let line = py(|| ops::attr::call_method(&fv, "readline", &args))?;
        if n < 0 && ops::len(&line)? == 0 {
            return Err(pyrite_vm::errors::PyErr::new(
                &pyrite_vm::types::exceptions::exc().eof_error,
                "EOF when reading a line",
            ));
        }
        Ok(line)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyFile_FromFd(
    fd: c_int,
    _name: *const c_char,
    mode: *const c_char,
    buffering: c_int,
    encoding: *const c_char,
    errors: *const c_char,
    newline: *const c_char,
    closefd: c_int,
) -> *mut PyObject {
    obj_api("PyFile_FromFd", || {
        let opt = |p: *const c_char| {
            if p.is_null() {
                Value::None
            } else {
                Value::from(std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned())
            }
        };
        let m = if mode.is_null() {
            Value::from("r")
        } else {
            opt(mode)
        };
        py(|| {
            emulation::call_builtin(
                "open",
                &[
                    Value::Int(fd as i64),
                    m,
                    Value::Int(buffering as i64),
                    opt(encoding),
                    opt(errors),
                    opt(newline),
                    Value::Bool(closefd != 0),
                ],
            )
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_AsFileDescriptor(o: *mut PyObject) -> c_int {
    int_api("PyObject_AsFileDescriptor", || {
        let v = val(o, "PyObject_AsFileDescriptor")?;
        let fd = if pyrite_vm::types::int::is_int(&v) {
            v
        } else {
            py(|| ops::attr::call_method(&v, "fileno", &[]))?
        };
        let n = pyrite_vm::types::int::as_i64(&fd)
            .ok_or_else(|| crate::type_error("fileno() returned a non-integer"))?;
        if n < 0 {
            return Err(pyrite_vm::errors::value_error(format!(
                "file descriptor cannot be a negative integer ({})",
                n
            )));
        }
        Ok(n as c_int)
    })
}
