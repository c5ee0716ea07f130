//! Context variables (`PyContextVar_New/Get/Set`), the `contextvars` module's.

use crate::pycall::{call_mod, cstr_or};
use crate::{obj_api, val};
use emulation::layout::*;
use emulation::mirror;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int};

#[no_mangle]
pub unsafe extern "C" fn PyContextVar_New(
    name: *const c_char,
    def: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyContextVar_New", || {
        let n = Value::from(cstr_or(name, "").as_str());
        if def.is_null() {
            call_mod("contextvars", "ContextVar", &[n])
        } else {
            let d = mirror::from_c(def);
            crate::py(|| {
                let cls = pyrite_vm::ops::attr::getattr(
                    &pyrite_vm::modules::osutil::import("contextvars")?,
                    "ContextVar",
                )?;
                pyrite_vm::ops::call::call(&cls, &[n, d], Some(&[Value::from("default")]))
            })
        }
    })
}

/// `*value` = the variable's value, else `default_value`, else its default, else NULL
/// (no error); -1 only on error.
#[no_mangle]
pub unsafe extern "C" fn PyContextVar_Get(
    var: *mut PyObject,
    default_value: *mut PyObject,
    value: *mut *mut PyObject,
) -> c_int {
    crate::int_api("PyContextVar_Get", || {
        let v = val(var, "PyContextVar_Get")?;
        *value = std::ptr::null_mut();
        let get = crate::py(|| pyrite_vm::ops::attr::getattr(&v, "get"))?;
        let r = if default_value.is_null() {
            crate::py(|| pyrite_vm::ops::call::call(&get, &[], None))
        } else {
            crate::py(|| pyrite_vm::ops::call::call(&get, &[mirror::from_c(default_value)], None))
        };
        match r {
            Ok(x) => {
                *value = mirror::to_c_new(&x);
                Ok(0)
            }
            Err(e) if e.matches(&pyrite_vm::types::exceptions::exc().lookup_error) => Ok(0),
            Err(e) => Err(e),
        }
    })
}

/// Returns the reset token (new reference).
#[no_mangle]
pub unsafe extern "C" fn PyContextVar_Set(
    var: *mut PyObject,
    value: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyContextVar_Set", || {
        let (v, x) = (
            val(var, "PyContextVar_Set")?,
            val(value, "PyContextVar_Set")?,
        );
        crate::py(|| pyrite_vm::ops::attr::call_method(&v, "set", &[x]))
    })
}
