//! Bytes and bytearray objects (`PyBytes_*`, `PyByteArray_*`). Bytes made by C stay
//! C-side (pending) until they first cross back, so C may fill them in place
//! (`PyBytes_FromStringAndSize(NULL, n)` + `PyBytes_AS_STRING`).

use crate::va::{Va, VaList};
use crate::{bad_internal, int_api, obj_api, py, ssize_api, val};
use emulation::err;
use emulation::layout::*;
use emulation::mirror::{self, from_c, kind, to_c_borrowed_obj};
use pyrite_vm::errors::PyResult;
use pyrite_vm::ops;
use pyrite_vm::types::bytes::{as_bytes, new_bytearray, new_bytes};
use pyrite_vm::types::Payload;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int};
use std::ptr::null_mut;

#[no_mangle]
pub unsafe extern "C" fn PyBytes_FromStringAndSize(
    s: *const c_char,
    n: Py_ssize_t,
) -> *mut PyObject {
    crate::guard("PyBytes_FromStringAndSize", || {
        if n < 0 {
            err::set_pyerr(crate::system_error(
                "Negative size passed to PyBytes_FromStringAndSize",
            ));
            return null_mut();
        }
        let data = if s.is_null() {
            None
        } else {
            Some(std::slice::from_raw_parts(s as *const u8, n as usize))
        };
        mirror::new_pending_bytes(data, n as usize)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyBytes_FromString(s: *const c_char) -> *mut PyObject {
    if s.is_null() {
        err::set_pyerr(bad_internal("PyBytes_FromString"));
        return null_mut();
    }
    let n = libc::strlen(s);
    PyBytes_FromStringAndSize(s, n as isize)
}

/// The bytes mirror of `o` (pending or linked), or TypeError.
unsafe fn bytes_mirror(o: *mut PyObject, func: &str) -> PyResult<*mut PyObject> {
    if o.is_null() {
        return Err(bad_internal(func));
    }
    if mirror::kind_of(o) == Some(kind::BYTES) {
        return Ok(o);
    }
    let v = from_c(o);
    match v.payload() {
        Some(Payload::Bytes(_)) => Ok(to_c_borrowed_obj(v.as_obj().unwrap())),
        _ => Err(crate::type_error(format!(
            "expected bytes, {} found",
            v.type_name()
        ))),
    }
}

#[no_mangle]
pub unsafe extern "C" fn PyBytes_AsString(o: *mut PyObject) -> *mut c_char {
    crate::guard("PyBytes_AsString", || {
        match bytes_mirror(o, "PyBytes_AsString") {
            Ok(p) => (*(p as *mut PyBytesObject)).ob_sval.as_mut_ptr(),
            Err(e) => {
                err::set_pyerr(e);
                null_mut()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyBytes_AsStringAndSize(
    o: *mut PyObject,
    s: *mut *mut c_char,
    len: *mut Py_ssize_t,
) -> c_int {
    int_api("PyBytes_AsStringAndSize", || {
        let p = bytes_mirror(o, "PyBytes_AsStringAndSize")?;
        let b = p as *mut PyBytesObject;
        let n = (*b).ob_base.ob_size;
        let data = (*b).ob_sval.as_mut_ptr();
        if len.is_null() {
            if std::slice::from_raw_parts(data as *const u8, n as usize).contains(&0) {
                return Err(pyrite_vm::errors::value_error("embedded null byte"));
            }
        } else {
            *len = n;
        }
        *s = data;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyBytes_Size(o: *mut PyObject) -> Py_ssize_t {
    ssize_api("PyBytes_Size", || {
        let p = bytes_mirror(o, "PyBytes_Size")?;
        Ok((*(p as *mut PyVarObject)).ob_size)
    })
}

unsafe fn data_of(o: *mut PyObject, func: &str) -> PyResult<Vec<u8>> {
    let p = bytes_mirror(o, func)?;
    let b = p as *mut PyBytesObject;
    Ok(std::slice::from_raw_parts(
        (*b).ob_sval.as_ptr() as *const u8,
        (*b).ob_base.ob_size as usize,
    )
    .to_vec())
}

/// `PyBytes_Concat(&bytes, newpart)`: replaces `bytes` (NULL on error).
#[no_mangle]
pub unsafe extern "C" fn PyBytes_Concat(pv: *mut *mut PyObject, w: *mut PyObject) {
    crate::guard("PyBytes_Concat", || {
        if pv.is_null() || (*pv).is_null() {
            return;
        }
        let old = *pv;
        let r: PyResult<Value> = (|| {
            if w.is_null() {
                return Err(bad_internal("PyBytes_Concat"));
            }
            let mut a = data_of(old, "PyBytes_Concat")?;
            let wv = from_c(w);
            let b = pyrite_vm::types::bytes::as_bytes_like(&wv).ok_or_else(|| {
                crate::type_error(format!("can't concat {} to bytes", wv.type_name()))
            })?;
            a.extend_from_slice(&b);
            Ok(new_bytes(a))
        })();
        *pv = emulation::ret_obj(r);
        mirror::decref(old);
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyBytes_ConcatAndDel(pv: *mut *mut PyObject, w: *mut PyObject) {
    PyBytes_Concat(pv, w);
    mirror::xdecref(w);
}

/// `_PyBytes_Resize(&bytes, newsize)`: for bytes C still owns alone.
#[no_mangle]
pub unsafe extern "C" fn _PyBytes_Resize(pv: *mut *mut PyObject, newsize: Py_ssize_t) -> c_int {
    crate::guard("_PyBytes_Resize", || {
        if pv.is_null() || (*pv).is_null() || newsize < 0 {
            if !pv.is_null() && !(*pv).is_null() {
                mirror::decref(*pv);
                *pv = null_mut();
            }
            err::set_pyerr(bad_internal("_PyBytes_Resize"));
            return -1;
        }
        let old = *pv;
        match data_of(old, "_PyBytes_Resize") {
            Ok(mut d) => {
                d.resize(newsize as usize, 0);
                *pv = mirror::new_pending_bytes(Some(&d), newsize as usize);
                mirror::decref(old);
                0
            }
            Err(e) => {
                mirror::decref(old);
                *pv = null_mut();
                err::set_pyerr(e);
                -1
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyBytes_FromObject(o: *mut PyObject) -> *mut PyObject {
    obj_api("PyBytes_FromObject", || {
        let v = val(o, "PyBytes_FromObject")?;
        if as_bytes(&v).is_some() && v.class_ref().is(&pyrite_vm::types::types().bytes) {
            return Ok(v);
        }
        if pyrite_vm::types::int::is_int(&v) || pyrite_vm::types::str::as_str(&v).is_some() {
            return Err(crate::type_error(format!(
                "cannot convert '{}' object to bytes",
                v.type_name()
            )));
        }
        py(|| emulation::call_builtin("bytes", &[v]))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyBytes_Repr(o: *mut PyObject, _smartquotes: c_int) -> *mut PyObject {
    crate::object::PyObject_Repr(o)
}

#[no_mangle]
pub unsafe extern "C" fn PyBytes_DecodeEscape(
    s: *const c_char,
    len: Py_ssize_t,
    errors: *const c_char,
    _unicode: Py_ssize_t,
    _recode: *const c_char,
) -> *mut PyObject {
    obj_api("PyBytes_DecodeEscape", || {
        let b = new_bytes(std::slice::from_raw_parts(s as *const u8, len.max(0) as usize).to_vec());
        let errs = if errors.is_null() {
            "strict"
        } else {
            std::ffi::CStr::from_ptr(errors)
                .to_str()
                .unwrap_or("strict")
        };
        let codecs = py(|| emulation::call_builtin("__import__", &[Value::from("codecs")]))?;
        let r = py(|| ops::attr::call_method(&codecs, "escape_decode", &[b, Value::from(errs)]))?;
        py(|| ops::getitem(&r, &Value::Int(0)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyBytes_Join(sep: *mut PyObject, x: *mut PyObject) -> *mut PyObject {
    obj_api("_PyBytes_Join", || {
        let (s, x) = (val(sep, "_PyBytes_Join")?, val(x, "_PyBytes_Join")?);
        py(|| ops::attr::call_method(&s, "join", &[x]))
    })
}

/// Called by the C shims of `PyBytes_FromFormat(V)`.
#[no_mangle]
pub unsafe extern "C" fn pyrite_bytes_fromformat(
    format: *const c_char,
    va: *mut VaList,
) -> *mut PyObject {
    obj_api("PyBytes_FromFormat", || {
        if format.is_null() {
            return Err(bad_internal("PyBytes_FromFormat"));
        }
        let fmt = std::ffi::CStr::from_ptr(format).to_bytes();
        let mut va = Va(va);
        let s = crate::unicode::format_c(fmt, &mut va, true)?;
        // format_c produced one char per byte for %c; other text is UTF-8 of the input
        Ok(new_bytes(
            s.chars()
                .flat_map(|c| {
                    if (c as u32) < 256 {
                        vec![c as u32 as u8]
                    } else {
                        c.to_string().into_bytes()
                    }
                })
                .collect(),
        ))
    })
}

// ---- bytearray ----

#[no_mangle]
pub unsafe extern "C" fn PyByteArray_FromStringAndSize(
    s: *const c_char,
    n: Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyByteArray_FromStringAndSize", || {
        if n < 0 {
            return Err(crate::system_error(
                "Negative size passed to PyByteArray_FromStringAndSize",
            ));
        }
        let data = if s.is_null() {
            vec![0u8; n as usize]
        } else {
            std::slice::from_raw_parts(s as *const u8, n as usize).to_vec()
        };
        Ok(new_bytearray(data))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyByteArray_FromObject(o: *mut PyObject) -> *mut PyObject {
    obj_api("PyByteArray_FromObject", || {
        let v = val(o, "PyByteArray_FromObject")?;
        py(|| emulation::call_builtin("bytearray", &[v]))
    })
}

unsafe fn bytearray_mirror(o: *mut PyObject, func: &str) -> PyResult<(Value, *mut PyObject)> {
    let v = val(o, func)?;
    match v.payload() {
        Some(Payload::ByteArray(_)) => {
            let p = to_c_borrowed_obj(v.as_obj().unwrap());
            Ok((v, p))
        }
        _ => Err(crate::type_error(format!(
            "expected bytearray, {} found",
            v.type_name()
        ))),
    }
}

#[no_mangle]
pub unsafe extern "C" fn PyByteArray_AsString(o: *mut PyObject) -> *mut c_char {
    crate::guard("PyByteArray_AsString", || {
        match bytearray_mirror(o, "PyByteArray_AsString") {
            Ok((_, p)) => (*(p as *mut PyByteArrayObject)).ob_start,
            Err(e) => {
                err::set_pyerr(e);
                null_mut()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyByteArray_Size(o: *mut PyObject) -> Py_ssize_t {
    ssize_api("PyByteArray_Size", || {
        let (v, _) = bytearray_mirror(o, "PyByteArray_Size")?;
        match v.payload() {
            Some(Payload::ByteArray(b)) => Ok(b.vec().len() as isize),
            _ => unreachable!(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyByteArray_Resize(o: *mut PyObject, len: Py_ssize_t) -> c_int {
    int_api("PyByteArray_Resize", || {
        let (v, _) = bytearray_mirror(o, "PyByteArray_Resize")?;
        if len < 0 {
            return Err(pyrite_vm::errors::value_error(
                "Can only resize to positive sizes",
            ));
        }
        if let Some(Payload::ByteArray(b)) = v.payload() {
            b.check_resizable()?;
            b.vec().resize(len as usize, 0);
        }
        // refresh the mirror's buffer
        to_c_borrowed_obj(v.as_obj().unwrap());
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyByteArray_Concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    obj_api("PyByteArray_Concat", || {
        let (av, bv) = (val(a, "PyByteArray_Concat")?, val(b, "PyByteArray_Concat")?);
        let mut x = pyrite_vm::types::bytes::as_bytes_like(&av).ok_or_else(|| {
            crate::type_error(format!(
                "can't concat {} to {}",
                bv.type_name(),
                av.type_name()
            ))
        })?;
        let y = pyrite_vm::types::bytes::as_bytes_like(&bv).ok_or_else(|| {
            crate::type_error(format!(
                "can't concat {} to {}",
                bv.type_name(),
                av.type_name()
            ))
        })?;
        x.extend_from_slice(&y);
        Ok(new_bytearray(x))
    })
}

// ---- the buffer protocol (for objects Pyrite implements) ----

pub const PyBUF_WRITABLE: c_int = 0x0001;
pub const PyBUF_FORMAT: c_int = 0x0004;
pub const PyBUF_ND: c_int = 0x0008;
pub const PyBUF_STRIDES: c_int = 0x0010 | PyBUF_ND;

/// Expose the bytes of `o` through `view` (bytes: in place and read-only; bytearray:
/// in place, writable; str: its UTF-8; other bytes-like objects: a read-only copy).
pub(crate) unsafe fn fill_buffer(
    o: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> PyResult<()> {
    if !o.is_null() {
        if let Some(gb) = emulation::ctype::getbuffer_of(o) {
            // a C type exporting its own memory
            if gb(o, view, flags) < 0 {
                return Err(err::error_from_null("PyObject_GetBuffer"));
            }
            return Ok(());
        }
    }
    let v = val(o, "PyObject_GetBuffer")?;
    if let Some((fmt, itemsize)) = pyrite_vm::modules::array::array_format(&v) {
        // array.array exports its own storage (no copy)
        let (ptr, len) = pyrite_vm::modules::array::array_raw(&v).unwrap();
        pyrite_vm::modules::array::array_export(&v, 1);
        let geo = Box::into_raw(Box::new([
            (len / itemsize.max(1)) as isize,
            itemsize as isize,
        ]));
        mirror::incref(o);
        (*view).obj = o;
        (*view).buf = ptr as *mut std::ffi::c_void;
        (*view).len = len as isize;
        (*view).readonly = 0;
        (*view).itemsize = itemsize as isize;
        (*view).ndim = 1;
        (*view).format = if flags & PyBUF_FORMAT != 0 {
            array_format_cstr(fmt.as_bytes()[0])
        } else {
            null_mut()
        };
        (*view).shape = if flags & PyBUF_ND != 0 {
            &mut (*geo)[0]
        } else {
            null_mut()
        };
        (*view).strides = if flags & PyBUF_STRIDES == PyBUF_STRIDES {
            &mut (*geo)[1]
        } else {
            null_mut()
        };
        (*view).suboffsets = null_mut();
        (*view).internal = geo as *mut std::ffi::c_void;
        return Ok(());
    }
    let (owner, buf, len, readonly) = match v.payload() {
        Some(Payload::Bytes(_)) => {
            let p = if mirror::kind_of(o) == Some(kind::BYTES) {
                o
            } else {
                to_c_borrowed_obj(v.as_obj().unwrap())
            };
            let b = p as *mut PyBytesObject;
            (
                p,
                (*b).ob_sval.as_mut_ptr() as *mut std::ffi::c_void,
                (*b).ob_base.ob_size,
                true,
            )
        }
        Some(Payload::ByteArray(_)) => {
            let p = to_c_borrowed_obj(v.as_obj().unwrap());
            let b = p as *mut PyByteArrayObject;
            (
                p,
                (*b).ob_start as *mut std::ffi::c_void,
                (*b).ob_base.ob_size,
                false,
            )
        }
        _ => match pyrite_vm::types::bytes::as_bytes_like(&v) {
            Some(data) => {
                // a read-only copy owned by a bytes object the view keeps alive
                let copy = mirror::new_pending_bytes(Some(&data), data.len());
                let b = copy as *mut PyBytesObject;
                let r = (
                    copy,
                    (*b).ob_sval.as_mut_ptr() as *mut std::ffi::c_void,
                    data.len() as isize,
                    true,
                );
                // the view owns the only reference to the copy
                (*view).obj = copy;
                (*view).buf = r.1;
                (*view).len = r.2;
                (*view).readonly = 1;
                finish_view(view, flags);
                if flags & PyBUF_WRITABLE != 0 {
                    mirror::decref(copy);
                    (*view).obj = null_mut();
                    return Err(PyErr::new(
                        &pyrite_vm::types::exceptions::exc().buffer_error,
                        "Object is not writable.",
                    ));
                }
                return Ok(());
            }
            None => {
                return Err(crate::type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    v.type_name()
                )))
            }
        },
    };
    if readonly && flags & PyBUF_WRITABLE != 0 {
        return Err(PyErr::new(
            &pyrite_vm::types::exceptions::exc().buffer_error,
            "Object is not writable.",
        ));
    }
    if !readonly && mirror::kind_of(owner) == Some(kind::BYTEARRAY) {
        // what C writes is taken over at the next C/Python boundary
        mirror::bytearray_writer(owner, true);
    }
    mirror::incref(owner);
    (*view).obj = owner;
    (*view).buf = buf;
    (*view).len = len;
    (*view).readonly = readonly as c_int;
    finish_view(view, flags);
    Ok(())
}

/// A static C string for an array typecode's struct format.
fn array_format_cstr(tc: u8) -> *mut c_char {
    let s: &'static std::ffi::CStr = match tc {
        b'b' => c"b",
        b'B' => c"B",
        b'u' => c"w",
        b'h' => c"h",
        b'H' => c"H",
        b'i' => c"i",
        b'I' => c"I",
        b'l' => c"l",
        b'L' => c"L",
        b'q' => c"q",
        b'Q' => c"Q",
        b'f' => c"f",
        b'd' => c"d",
        _ => c"B",
    };
    s.as_ptr() as *mut c_char
}

unsafe fn finish_view(view: *mut Py_buffer, flags: c_int) {
    (*view).itemsize = 1;
    (*view).ndim = 1;
    (*view).format = if flags & PyBUF_FORMAT != 0 {
        c"B".as_ptr() as *mut c_char
    } else {
        null_mut()
    };
    (*view).shape = if flags & PyBUF_ND != 0 {
        &mut (*view).len
    } else {
        null_mut()
    };
    (*view).strides = if flags & PyBUF_STRIDES == PyBUF_STRIDES {
        &mut (*view).itemsize
    } else {
        null_mut()
    };
    (*view).suboffsets = null_mut();
    (*view).internal = null_mut();
}

use pyrite_vm::errors::PyErr;

#[no_mangle]
pub unsafe extern "C" fn PyObject_GetBuffer(
    o: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> c_int {
    int_api("PyObject_GetBuffer", || {
        if view.is_null() {
            return Err(bad_internal("PyObject_GetBuffer"));
        }
        fill_buffer(o, view, flags).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_CheckBuffer(o: *mut PyObject) -> c_int {
    crate::guard("PyObject_CheckBuffer", || {
        if o.is_null() {
            return 0;
        }
        if emulation::ctype::getbuffer_of(o).is_some() {
            return 1;
        }
        pyrite_vm::types::bytes::as_bytes_like(&from_c(o)).is_some() as c_int
    })
}

/// `PyBuffer_Release(view)`: bytearray contents written through the view are taken
/// over, and the view's reference to its object is released.
#[no_mangle]
pub unsafe extern "C" fn PyBuffer_Release(view: *mut Py_buffer) {
    crate::guard("PyBuffer_Release", || {
        if view.is_null() || (*view).obj.is_null() {
            return;
        }
        emulation::ctype::release_buffer(view);
        let o = (*view).obj;
        (*view).obj = null_mut();
        if !(*view).internal.is_null() && !emulation::ctype::is_cinst(o) {
            // an array.array export: its geometry block and export count
            let v = from_c(o);
            if pyrite_vm::modules::array::array_format(&v).is_some() {
                drop(Box::from_raw((*view).internal as *mut [isize; 2]));
                (*view).internal = null_mut();
                pyrite_vm::modules::array::array_export(&v, -1);
            }
        }
        if mirror::kind_of(o) == Some(kind::BYTEARRAY) {
            drop(from_c(o));
            mirror::bytearray_writer_done(o);
        }
        mirror::decref(o);
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyBuffer_FillInfo(
    view: *mut Py_buffer,
    o: *mut PyObject,
    buf: *mut std::ffi::c_void,
    len: Py_ssize_t,
    readonly: c_int,
    flags: c_int,
) -> c_int {
    if view.is_null() {
        err::set_pyerr(bad_internal("PyBuffer_FillInfo"));
        return -1;
    }
    if flags & PyBUF_WRITABLE != 0 && readonly != 0 {
        err::set_pyerr(PyErr::new(
            &pyrite_vm::types::exceptions::exc().buffer_error,
            "Object is not writable.",
        ));
        return -1;
    }
    if !o.is_null() {
        mirror::incref(o);
    }
    (*view).obj = o;
    (*view).buf = buf;
    (*view).len = len;
    (*view).readonly = readonly;
    finish_view(view, flags);
    0
}

#[no_mangle]
pub unsafe extern "C" fn PyMemoryView_FromObject(o: *mut PyObject) -> *mut PyObject {
    obj_api("PyMemoryView_FromObject", || {
        let v = val(o, "PyMemoryView_FromObject")?;
        py(|| emulation::call_builtin("memoryview", &[v]))
    })
}

// ---- buffer helpers (pybuffer.h) ----

/// The shape and strides of a view (a 1-d byte view when the exporter gave none).
unsafe fn view_geometry(view: *const Py_buffer) -> (Vec<isize>, Vec<isize>, isize) {
    let itemsize = (*view).itemsize.max(1);
    let ndim = (*view).ndim.max(0) as usize;
    let shape: Vec<isize> = if (*view).shape.is_null() {
        vec![(*view).len / itemsize]
    } else {
        (0..ndim).map(|i| *(*view).shape.add(i)).collect()
    };
    let strides: Vec<isize> = if (*view).strides.is_null() {
        let mut st = vec![0isize; shape.len()];
        let mut acc = itemsize;
        for i in (0..shape.len()).rev() {
            st[i] = acc;
            acc *= shape[i];
        }
        st
    } else {
        (0..shape.len()).map(|i| *(*view).strides.add(i)).collect()
    };
    (shape, strides, itemsize)
}

fn contiguous(shape: &[isize], strides: &[isize], itemsize: isize, fortran: bool) -> bool {
    if shape.iter().any(|&d| d == 0) {
        return true;
    }
    let mut expect = itemsize;
    let dims: Vec<usize> = if fortran {
        (0..shape.len()).collect()
    } else {
        (0..shape.len()).rev().collect()
    };
    for i in dims {
        if shape[i] > 1 && strides[i] != expect {
            return false;
        }
        expect *= shape[i];
    }
    true
}

/// `PyBuffer_IsContiguous(view, order)`: 'C', 'F' or 'A' (either).
#[no_mangle]
pub unsafe extern "C" fn PyBuffer_IsContiguous(view: *const Py_buffer, order: c_char) -> c_int {
    if view.is_null() || !(*view).suboffsets.is_null() {
        return 0;
    }
    if (*view).strides.is_null() {
        return 1;
    }
    let (shape, strides, itemsize) = view_geometry(view);
    let c = contiguous(&shape, &strides, itemsize, false);
    let f = contiguous(&shape, &strides, itemsize, true);
    (match order as u8 {
        b'C' => c,
        b'F' => f,
        _ => c || f,
    }) as c_int
}

/// The address of the item at `indices` (one per dimension).
#[no_mangle]
pub unsafe extern "C" fn PyBuffer_GetPointer(
    view: *const Py_buffer,
    indices: *const Py_ssize_t,
) -> *mut std::ffi::c_void {
    let (_, strides, _) = view_geometry(view);
    let mut p = (*view).buf as *mut u8;
    for (i, st) in strides.iter().enumerate() {
        p = p.offset(*indices.add(i) * st);
        if !(*view).suboffsets.is_null() && *(*view).suboffsets.add(i) >= 0 {
            p = (*(p as *mut *mut u8)).offset(*(*view).suboffsets.add(i));
        }
    }
    p as *mut std::ffi::c_void
}

/// Byte offsets of every item of a view in C or Fortran order.
fn item_offsets(shape: &[isize], strides: &[isize], fortran: bool) -> Vec<isize> {
    let n: isize = shape.iter().product();
    let mut out = Vec::with_capacity(n.max(0) as usize);
    if n <= 0 {
        return out;
    }
    let nd = shape.len();
    let mut idx = vec![0isize; nd];
    loop {
        out.push(idx.iter().zip(strides).map(|(i, s)| i * s).sum());
        // advance the index (last dimension fastest for C, first for Fortran)
        let mut d = 0;
        loop {
            if d == nd {
                return out;
            }
            let k = if fortran { d } else { nd - 1 - d };
            idx[k] += 1;
            if idx[k] < shape[k] {
                break;
            }
            idx[k] = 0;
            d += 1;
        }
    }
}

/// Copy `len` bytes of the view into `buf` in `order` ('C', 'F', 'A').
#[no_mangle]
pub unsafe extern "C" fn PyBuffer_ToContiguous(
    buf: *mut std::ffi::c_void,
    view: *const Py_buffer,
    len: Py_ssize_t,
    order: c_char,
) -> c_int {
    crate::guard("PyBuffer_ToContiguous", || {
        if buf.is_null()
            || view.is_null()
            || len < 0
            || len > (*view).len
            || !(*view).suboffsets.is_null()
        {
            err::set_pyerr(bad_internal("PyBuffer_ToContiguous"));
            return -1;
        }
        let (shape, strides, itemsize) = view_geometry(view);
        let fortran = order as u8 == b'F';
        if contiguous(&shape, &strides, itemsize, fortran)
            || (order as u8 == b'A' && contiguous(&shape, &strides, itemsize, true))
        {
            std::ptr::copy((*view).buf as *const u8, buf as *mut u8, len as usize);
            return 0;
        }
        let mut dst = buf as *mut u8;
        let mut left = len;
        for off in item_offsets(&shape, &strides, fortran) {
            let n = itemsize.min(left);
            if n <= 0 {
                break;
            }
            std::ptr::copy(((*view).buf as *const u8).offset(off), dst, n as usize);
            dst = dst.add(n as usize);
            left -= n;
        }
        0
    })
}

/// Copy `len` bytes from `buf` (in `order`) into the view's memory.
#[no_mangle]
pub unsafe extern "C" fn PyBuffer_FromContiguous(
    view: *const Py_buffer,
    buf: *const std::ffi::c_void,
    len: Py_ssize_t,
    order: c_char,
) -> c_int {
    crate::guard("PyBuffer_FromContiguous", || {
        if buf.is_null() || view.is_null() || len < 0 || !(*view).suboffsets.is_null() {
            err::set_pyerr(bad_internal("PyBuffer_FromContiguous"));
            return -1;
        }
        let (shape, strides, itemsize) = view_geometry(view);
        let fortran = order as u8 == b'F';
        let len = len.min((*view).len);
        let mut src = buf as *const u8;
        let mut left = len;
        for off in item_offsets(&shape, &strides, fortran) {
            let n = itemsize.min(left);
            if n <= 0 {
                break;
            }
            std::ptr::copy(src, ((*view).buf as *mut u8).offset(off), n as usize);
            src = src.add(n as usize);
            left -= n;
        }
        0
    })
}

/// Strides of a contiguous array of `shape` in `order`.
#[no_mangle]
pub unsafe extern "C" fn PyBuffer_FillContiguousStrides(
    nd: c_int,
    shape: *mut Py_ssize_t,
    strides: *mut Py_ssize_t,
    itemsize: c_int,
    order: c_char,
) {
    let nd = nd.max(0) as usize;
    let mut acc = itemsize as isize;
    if order as u8 == b'F' {
        for i in 0..nd {
            *strides.add(i) = acc;
            acc *= *shape.add(i);
        }
    } else {
        for i in (0..nd).rev() {
            *strides.add(i) = acc;
            acc *= *shape.add(i);
        }
    }
}

/// `struct.calcsize(format)`, -1 with the error set.
#[no_mangle]
pub unsafe extern "C" fn PyBuffer_SizeFromFormat(format: *const c_char) -> Py_ssize_t {
    crate::guard("PyBuffer_SizeFromFormat", || {
        let r: PyResult<isize> = (|| {
            if format.is_null() {
                return Err(bad_internal("PyBuffer_SizeFromFormat"));
            }
            let f = std::ffi::CStr::from_ptr(format)
                .to_string_lossy()
                .into_owned();
            let st = py(|| pyrite_vm::modules::osutil::import("struct"))?;
            let calc = pyrite_vm::ops::attr::getattr(&st, "calcsize")?;
            let n = py(|| pyrite_vm::ops::call::call(&calc, &[Value::from(f.as_str())], None))?;
            Ok(pyrite_vm::types::int::as_i64(&n).unwrap_or(-1) as isize)
        })();
        emulation::ret_ssize(r)
    })
}

/// Copy the contents of `src`'s buffer into `dest`'s (same size).
#[no_mangle]
pub unsafe extern "C" fn PyObject_CopyData(dest: *mut PyObject, src: *mut PyObject) -> c_int {
    let mut vd: Py_buffer = std::mem::zeroed();
    let mut vs: Py_buffer = std::mem::zeroed();
    const FULL: c_int = 0x0100 | 0x0010 | 0x0008 | 0x0004;
    if PyObject_GetBuffer(dest, &mut vd, FULL | PyBUF_WRITABLE) < 0 {
        return -1;
    }
    if PyObject_GetBuffer(src, &mut vs, FULL) < 0 {
        PyBuffer_Release(&mut vd);
        return -1;
    }
    let r = crate::guard("PyObject_CopyData", || {
        if vd.len < vs.len {
            err::set_pyerr(PyErr::new(
                &pyrite_vm::types::exceptions::exc().buffer_error,
                "destination is too small to receive data from source",
            ));
            return -1;
        }
        let mut tmp = vec![0u8; vs.len.max(0) as usize];
        if PyBuffer_ToContiguous(
            tmp.as_mut_ptr() as *mut std::ffi::c_void,
            &vs,
            vs.len,
            b'C' as c_char,
        ) < 0
        {
            return -1;
        }
        PyBuffer_FromContiguous(
            &vd,
            tmp.as_ptr() as *const std::ffi::c_void,
            vs.len,
            b'C' as c_char,
        )
    });
    PyBuffer_Release(&mut vs);
    PyBuffer_Release(&mut vd);
    r
}

/// The old buffer API: a pointer valid while the object lives.
unsafe fn as_buffer(
    o: *mut PyObject,
    flags: c_int,
    out: *mut *mut std::ffi::c_void,
    len: *mut Py_ssize_t,
    func: &str,
) -> c_int {
    if o.is_null() || out.is_null() || len.is_null() {
        err::set_pyerr(bad_internal(func));
        return -1;
    }
    let mut v: Py_buffer = std::mem::zeroed();
    if PyObject_GetBuffer(o, &mut v, flags) < 0 {
        return -1;
    }
    *out = v.buf;
    *len = v.len;
    let owner = v.obj;
    PyBuffer_Release(&mut v);
    if flags & PyBUF_WRITABLE != 0
        && !owner.is_null()
        && mirror::kind_of(owner) == Some(kind::BYTEARRAY)
    {
        // the pointer outlives the export: take writes over when C returns
        mirror::bytearray_writer(owner, false);
    }
    0
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_AsCharBuffer(
    o: *mut PyObject,
    out: *mut *const c_char,
    len: *mut Py_ssize_t,
) -> c_int {
    as_buffer(
        o,
        0,
        out as *mut *mut std::ffi::c_void,
        len,
        "PyObject_AsCharBuffer",
    )
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_AsReadBuffer(
    o: *mut PyObject,
    out: *mut *const std::ffi::c_void,
    len: *mut Py_ssize_t,
) -> c_int {
    as_buffer(
        o,
        0,
        out as *mut *mut std::ffi::c_void,
        len,
        "PyObject_AsReadBuffer",
    )
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_AsWriteBuffer(
    o: *mut PyObject,
    out: *mut *mut std::ffi::c_void,
    len: *mut Py_ssize_t,
) -> c_int {
    as_buffer(o, PyBUF_WRITABLE, out, len, "PyObject_AsWriteBuffer")
}

/// A memoryview over C memory (no copy); writable with `PyBUF_WRITE`.
#[no_mangle]
pub unsafe extern "C" fn PyMemoryView_FromMemory(
    mem: *mut c_char,
    size: Py_ssize_t,
    flags: c_int,
) -> *mut PyObject {
    obj_api("PyMemoryView_FromMemory", || {
        if mem.is_null() || size < 0 {
            return Err(bad_internal("PyMemoryView_FromMemory"));
        }
        let fv = pyrite_vm::types::memoryview::ForeignView {
            foreign: pyrite_vm::types::memoryview::Foreign {
                base: mem as *mut u8,
                len: size as usize,
                release: std::cell::Cell::new(None),
            },
            offset: 0,
            itemsize: 1,
            format: "B".into(),
            shape: vec![size as usize],
            strides: vec![1],
            readonly: flags & 0x200 == 0,
        };
        Ok(pyrite_vm::types::memoryview::memoryview_from_foreign(
            Value::None,
            fv,
        ))
    })
}

/// A memoryview describing `view`'s memory (the view is copied; its `obj` is not
/// referenced, as in CPython).
#[no_mangle]
pub unsafe extern "C" fn PyMemoryView_FromBuffer(view: *const Py_buffer) -> *mut PyObject {
    obj_api("PyMemoryView_FromBuffer", || {
        if view.is_null() || (*view).buf.is_null() {
            return Err(PyErr::new(
                &pyrite_vm::types::exceptions::exc().value_error,
                "PyMemoryView_FromBuffer(): info->buf must not be NULL",
            ));
        }
        if !(*view).suboffsets.is_null() {
            return Err(PyErr::new(
                &pyrite_vm::types::exceptions::exc().not_implemented_error,
                "PyMemoryView_FromBuffer: suboffsets are not supported",
            ));
        }
        let (shape, strides, itemsize) = view_geometry(view);
        let (mut lo, mut hi) = (0isize, 0isize);
        if !shape.contains(&0) {
            for (d, s) in shape.iter().zip(&strides) {
                let e = (d - 1) * s;
                if e < 0 {
                    lo += e
                } else {
                    hi += e
                }
            }
            hi += itemsize;
        }
        let format = if (*view).format.is_null() {
            "B".to_string()
        } else {
            std::ffi::CStr::from_ptr((*view).format)
                .to_string_lossy()
                .into_owned()
        };
        let fv = pyrite_vm::types::memoryview::ForeignView {
            foreign: pyrite_vm::types::memoryview::Foreign {
                base: ((*view).buf as *mut u8).offset(lo),
                len: (hi - lo) as usize,
                release: std::cell::Cell::new(None),
            },
            offset: (-lo) as usize,
            itemsize: itemsize as usize,
            format,
            shape: shape.iter().map(|&d| d.max(0) as usize).collect(),
            strides,
            readonly: (*view).readonly != 0,
        };
        Ok(pyrite_vm::types::memoryview::memoryview_from_foreign(
            Value::None,
            fv,
        ))
    })
}

/// A memoryview of `o` if its buffer is contiguous in `order`, else of a read-only
/// contiguous copy (`PyBUF_WRITE` requests for a copy raise BufferError).
#[no_mangle]
pub unsafe extern "C" fn PyMemoryView_GetContiguous(
    o: *mut PyObject,
    buffertype: c_int,
    order: c_char,
) -> *mut PyObject {
    let mv = PyMemoryView_FromObject(o);
    if mv.is_null() {
        return null_mut();
    }
    let r = crate::guard(
        "PyMemoryView_GetContiguous",
        || -> PyResult<Option<Value>> {
            let v = from_c(mv);
            let attr = match order as u8 {
                b'C' => "c_contiguous",
                b'F' => "f_contiguous",
                _ => "contiguous",
            };
            if py(|| pyrite_vm::ops::truthy(&pyrite_vm::ops::attr::getattr(&v, attr)?))? {
                return Ok(None);
            }
            if buffertype & 0x200 != 0 {
                return Err(PyErr::new(
                    &pyrite_vm::types::exceptions::exc().buffer_error,
                    "writable contiguous buffer requested for a non-contiguous object.",
                ));
            }
            let ord = Value::from(if order as u8 == b'F' { "F" } else { "C" });
            let data = py(|| pyrite_vm::ops::attr::call_method(&v, "tobytes", &[ord]))?;
            let copy = py(|| emulation::call_builtin("memoryview", &[data]))?;
            let shape = py(|| pyrite_vm::ops::attr::getattr(&v, "shape"))?;
            let fmt = py(|| pyrite_vm::ops::attr::getattr(&v, "format"))?;
            py(|| pyrite_vm::ops::attr::call_method(&copy, "cast", &[fmt, shape])).map(Some)
        },
    );
    match r {
        Ok(None) => mv,
        Ok(Some(c)) => {
            mirror::decref(mv);
            mirror::to_c_new(&c)
        }
        Err(e) => {
            mirror::decref(mv);
            err::set_pyerr(e);
            null_mut()
        }
    }
}
