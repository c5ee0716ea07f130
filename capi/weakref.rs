//! Weak references from C (`PyWeakref_*`), through Python's `weakref` module.

use crate::{obj_api, py, val};
use emulation::err;
use emulation::layout::*;
use emulation::mirror::{from_c, to_c_borrowed_global};
use pyrite_vm::errors::PyResult;
use pyrite_vm::ops;
use pyrite_vm::value::Value;
use std::ptr::null_mut;

fn weakref_module() -> PyResult<Value> {
    py(|| emulation::call_builtin("__import__", &[Value::from("weakref")]))
}

unsafe fn new(func: &str, kind: &str, ob: *mut PyObject, callback: *mut PyObject) -> *mut PyObject {
    obj_api(func, || {
        let o = val(ob, func)?;
        let cb = if callback.is_null() {
            Value::None
        } else {
            from_c(callback)
        };
        let w = weakref_module()?;
        let f = ops::attr::getattr(&w, kind)?;
        let args = if cb.is_none() { vec![o] } else { vec![o, cb] };
        py(|| ops::call::call(&f, &args, None))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyWeakref_NewRef(
    ob: *mut PyObject,
    callback: *mut PyObject,
) -> *mut PyObject {
    new("PyWeakref_NewRef", "ref", ob, callback)
}

#[no_mangle]
pub unsafe extern "C" fn PyWeakref_NewProxy(
    ob: *mut PyObject,
    callback: *mut PyObject,
) -> *mut PyObject {
    new("PyWeakref_NewProxy", "proxy", ob, callback)
}

/// `PyWeakref_GetObject(ref)`: the referent (borrowed) or `Py_None` if it is gone.
#[no_mangle]
pub unsafe extern "C" fn PyWeakref_GetObject(r: *mut PyObject) -> *mut PyObject {
    crate::guard("PyWeakref_GetObject", || {
        let res: PyResult<Value> = (|| {
            let rv = val(r, "PyWeakref_GetObject")?;
            py(|| ops::call::call(&rv, &[], None))
        })();
        match res {
            Ok(v) => to_c_borrowed_global(&v),
            Err(e) => {
                err::set_pyerr(e);
                null_mut()
            }
        }
    })
}
