//! Slice objects (`PySlice_New`, `PySlice_Unpack`, `PySlice_AdjustIndices`, ...).

use crate::{int_api, obj_api, val};
use emulation::layout::*;
use emulation::mirror::from_c;
use pyrite_vm::errors::PyResult;
use pyrite_vm::types::Payload;
use pyrite_vm::value::Value;
use std::os::raw::c_int;

fn opt(p: *mut PyObject) -> Value {
    if p.is_null() {
        Value::None
    } else {
        // SAFETY: a valid object pointer from C.
        unsafe { from_c(p) }
    }
}

#[no_mangle]
pub unsafe extern "C" fn PySlice_New(
    start: *mut PyObject,
    stop: *mut PyObject,
    step: *mut PyObject,
) -> *mut PyObject {
    obj_api("PySlice_New", || {
        Ok(pyrite_vm::types::misc::new_slice(
            opt(start),
            opt(stop),
            opt(step),
        ))
    })
}

#[no_mangle]
pub extern "C" fn _PySlice_FromIndices(start: Py_ssize_t, stop: Py_ssize_t) -> *mut PyObject {
    obj_api("_PySlice_FromIndices", || {
        Ok(pyrite_vm::types::misc::new_slice(
            Value::Int(start as i64),
            Value::Int(stop as i64),
            Value::None,
        ))
    })
}

fn clamp_index(v: &Value) -> PyResult<isize> {
    Ok(pyrite_vm::types::int::index_clamped(v)? as isize)
}

/// `PySlice_Unpack(slice, &start, &stop, &step)`: 0, or -1 with an error.
#[no_mangle]
pub unsafe extern "C" fn PySlice_Unpack(
    s: *mut PyObject,
    start: *mut Py_ssize_t,
    stop: *mut Py_ssize_t,
    step: *mut Py_ssize_t,
) -> c_int {
    int_api("PySlice_Unpack", || {
        let v = val(s, "PySlice_Unpack")?;
        let Some(Payload::Slice(parts)) = v.payload() else {
            return Err(crate::bad_internal("PySlice_Unpack"));
        };
        let st = if parts[2].is_none() {
            1
        } else {
            let x = clamp_index(&parts[2])?;
            if x == 0 {
                return Err(pyrite_vm::errors::value_error("slice step cannot be zero"));
            }
            x.max(-isize::MAX)
        };
        *step = st;
        *start = if parts[0].is_none() {
            if st < 0 {
                isize::MAX
            } else {
                0
            }
        } else {
            clamp_index(&parts[0])?
        };
        *stop = if parts[1].is_none() {
            if st < 0 {
                isize::MIN
            } else {
                isize::MAX
            }
        } else {
            clamp_index(&parts[1])?
        };
        Ok(0)
    })
}

/// `PySlice_AdjustIndices(length, &start, &stop, step)`: clip and return the count.
#[no_mangle]
pub unsafe extern "C" fn PySlice_AdjustIndices(
    length: Py_ssize_t,
    start: *mut Py_ssize_t,
    stop: *mut Py_ssize_t,
    step: Py_ssize_t,
) -> Py_ssize_t {
    let adjust = |p: *mut Py_ssize_t| {
        if *p < 0 {
            *p += length;
            if *p < 0 {
                *p = if step < 0 { -1 } else { 0 };
            }
        } else if *p >= length {
            *p = if step < 0 { length - 1 } else { length };
        }
    };
    adjust(start);
    adjust(stop);
    if step < 0 {
        if *stop < *start {
            return (*start - *stop - 1) / (-step) + 1;
        }
    } else if *start < *stop {
        return (*stop - *start - 1) / step + 1;
    }
    0
}

#[no_mangle]
pub unsafe extern "C" fn PySlice_GetIndicesEx(
    s: *mut PyObject,
    length: Py_ssize_t,
    start: *mut Py_ssize_t,
    stop: *mut Py_ssize_t,
    step: *mut Py_ssize_t,
    slicelength: *mut Py_ssize_t,
) -> c_int {
    if PySlice_Unpack(s, start, stop, step) < 0 {
        return -1;
    }
    *slicelength = PySlice_AdjustIndices(length, start, stop, *step);
    0
}

#[no_mangle]
pub unsafe extern "C" fn PySlice_GetIndices(
    s: *mut PyObject,
    length: Py_ssize_t,
    start: *mut Py_ssize_t,
    stop: *mut Py_ssize_t,
    step: *mut Py_ssize_t,
) -> c_int {
    let mut n = 0;
    PySlice_GetIndicesEx(s, length, start, stop, step, &mut n)
}
