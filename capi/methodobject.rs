//! C functions and methods as objects: `PyCFunction_NewEx`, `PyCMethod_New`, their
//! accessors, and bound methods (`PyMethod_New`, `PyInstanceMethod_New`).

use crate::{bad_internal, obj_api, val};
use emulation::cfunc::{cfunc_data, new_cfunction};
use emulation::err;
use emulation::layout::*;
use emulation::mirror::from_c;
use pyrite_vm::types::Payload;
use std::os::raw::c_int;
use std::ptr::null_mut;

/// `PyCMethod_New(ml, self, module, cls)`.
#[no_mangle]
pub unsafe extern "C" fn PyCMethod_New(
    ml: *mut PyMethodDef,
    self_: *mut PyObject,
    module: *mut PyObject,
    cls: *mut PyTypeObject,
) -> *mut PyObject {
    crate::ensure_ready();
    obj_api("PyCMethod_New", || {
        if ml.is_null() {
            return Err(bad_internal("PyCMethod_New"));
        }
        let flags = (*ml).ml_flags;
        if flags & METH_METHOD != 0 && cls.is_null() {
            return Err(crate::system_error(
                "attempting to create PyCMethod with a METH_METHOD flag but no class",
            ));
        }
        if flags & METH_METHOD == 0 && !cls.is_null() {
            return Err(crate::system_error(
                "attempting to create PyCFunction with class but no METH_METHOD flag",
            ));
        }
        let s = if self_.is_null() {
            None
        } else {
            Some(from_c(self_))
        };
        let m = if module.is_null() {
            None
        } else {
            Some(from_c(module))
        };
        let c = if cls.is_null() {
            None
        } else {
            Some(from_c(cls as *mut PyObject))
        };
        Ok(new_cfunction(ml, s, m, c))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCFunction_NewEx(
    ml: *mut PyMethodDef,
    self_: *mut PyObject,
    module: *mut PyObject,
) -> *mut PyObject {
    PyCMethod_New(ml, self_, module, null_mut())
}

#[no_mangle]
pub unsafe extern "C" fn PyCFunction_New(
    ml: *mut PyMethodDef,
    self_: *mut PyObject,
) -> *mut PyObject {
    PyCMethod_New(ml, self_, null_mut(), null_mut())
}

#[no_mangle]
pub unsafe extern "C" fn PyCFunction_GetFunction(f: *mut PyObject) -> *mut std::ffi::c_void {
    crate::guard("PyCFunction_GetFunction", || {
        match val(f, "PyCFunction_GetFunction")
            .ok()
            .as_ref()
            .and_then(cfunc_data)
        {
            Some((d, _)) => (*d.def).ml_meth,
            None => {
                err::set_pyerr(bad_internal("PyCFunction_GetFunction"));
                null_mut()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCFunction_GetSelf(f: *mut PyObject) -> *mut PyObject {
    crate::guard("PyCFunction_GetSelf", || {
        match val(f, "PyCFunction_GetSelf") {
            Ok(v) => match cfunc_data(&v) {
                Some((_, self_)) => match &self_ {
                    Some(s) => emulation::mirror::to_c_borrowed_global(s),
                    None => null_mut(),
                },
                None => match v.payload() {
                    Some(Payload::Builtin(b)) => b
                        .self_
                        .as_ref()
                        .map(emulation::mirror::to_c_borrowed_global)
                        .unwrap_or(null_mut()),
                    _ => {
                        err::set_pyerr(bad_internal("PyCFunction_GetSelf"));
                        null_mut()
                    }
                },
            },
            Err(e) => {
                err::set_pyerr(e);
                null_mut()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCFunction_GetFlags(f: *mut PyObject) -> c_int {
    crate::guard("PyCFunction_GetFlags", || {
        match val(f, "PyCFunction_GetFlags")
            .ok()
            .as_ref()
            .and_then(cfunc_data)
        {
            Some((d, _)) => (*d.def).ml_flags,
            None => {
                err::set_pyerr(bad_internal("PyCFunction_GetFlags"));
                -1
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCFunction_Call(
    f: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    crate::object::PyObject_Call(f, args, kw)
}

#[no_mangle]
pub unsafe extern "C" fn PyMethod_New(func: *mut PyObject, self_: *mut PyObject) -> *mut PyObject {
    obj_api("PyMethod_New", || {
        if self_.is_null() {
            return Err(bad_internal("PyMethod_New"));
        }
        Ok(pyrite_vm::types::function::new_bound_method(
            val(func, "PyMethod_New")?,
            from_c(self_),
        ))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyMethod_Function(m: *mut PyObject) -> *mut PyObject {
    crate::guard("PyMethod_Function", || {
        match val(m, "PyMethod_Function")
            .ok()
            .and_then(|v| match v.payload() {
                Some(Payload::BoundMethod(b)) => Some(b.func.clone()),
                _ => None,
            }) {
            Some(f) => emulation::mirror::to_c_borrowed_global(&f),
            None => {
                err::set_pyerr(bad_internal("PyMethod_Function"));
                null_mut()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyMethod_Self(m: *mut PyObject) -> *mut PyObject {
    crate::guard("PyMethod_Self", || {
        match val(m, "PyMethod_Self")
            .ok()
            .and_then(|v| match v.payload() {
                Some(Payload::BoundMethod(b)) => Some(b.self_.clone()),
                _ => None,
            }) {
            Some(s) => emulation::mirror::to_c_borrowed_global(&s),
            None => {
                err::set_pyerr(bad_internal("PyMethod_Self"));
                null_mut()
            }
        }
    })
}

/// `PyInstanceMethod_New(func)`: in Pyrite, a plain function already binds as a
/// method, so the function itself is returned.
#[no_mangle]
pub unsafe extern "C" fn PyInstanceMethod_New(func: *mut PyObject) -> *mut PyObject {
    obj_api("PyInstanceMethod_New", || val(func, "PyInstanceMethod_New"))
}
