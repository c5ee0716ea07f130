//! `PyMarshal_*`: the `marshal` module's format.

use crate::pycall::call_mod;
use crate::{bad_internal, obj_api, val};
use emulation::layout::*;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int};

#[no_mangle]
pub unsafe extern "C" fn PyMarshal_WriteObjectToString(
    o: *mut PyObject,
    version: c_int,
) -> *mut PyObject {
    obj_api("PyMarshal_WriteObjectToString", || {
        let v = val(o, "PyMarshal_WriteObjectToString")?;
        call_mod("marshal", "dumps", &[v, Value::Int(version as i64)])
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyMarshal_ReadObjectFromString(
    s: *const c_char,
    n: Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyMarshal_ReadObjectFromString", || {
        if s.is_null() || n < 0 {
            return Err(bad_internal("PyMarshal_ReadObjectFromString"));
        }
        let data = std::slice::from_raw_parts(s as *const u8, n as usize).to_vec();
        call_mod(
            "marshal",
            "loads",
            &[pyrite_vm::types::bytes::new_bytes(data)],
        )
    })
}
