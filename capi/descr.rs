//! Descriptor objects (`PyDescr_New*`, `PyDescr_IsData`, `PyWrapper_New`) and raw
//! member access (`PyMember_GetOne`/`SetOne`). The descriptors are the same kinds a C
//! type's `tp_methods`/`tp_members`/`tp_getset` produce (see `emulation::ctype`).

use crate::{bad_internal, obj_api, val};
use emulation::ctype::{self, PyGetSetDef, PyMemberDef};
use emulation::layout::*;
use emulation::mirror::from_c;
use pyrite_vm::errors::PyResult;
use pyrite_vm::object::ObjRef;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int};

unsafe fn type_of(t: *mut PyTypeObject, func: &str) -> PyResult<ObjRef> {
    if t.is_null() {
        return Err(bad_internal(func));
    }
    Ok(ctype::type_value(t))
}

#[no_mangle]
pub unsafe extern "C" fn PyDescr_NewMethod(
    t: *mut PyTypeObject,
    m: *mut PyMethodDef,
) -> *mut PyObject {
    obj_api("PyDescr_NewMethod", || {
        let ty = type_of(t, "PyDescr_NewMethod")?;
        if m.is_null() {
            return Err(bad_internal("PyDescr_NewMethod"));
        }
        ctype::method_descr(&ty, m)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyDescr_NewClassMethod(
    t: *mut PyTypeObject,
    m: *mut PyMethodDef,
) -> *mut PyObject {
    obj_api("PyDescr_NewClassMethod", || {
        let ty = type_of(t, "PyDescr_NewClassMethod")?;
        if m.is_null() {
            return Err(bad_internal("PyDescr_NewClassMethod"));
        }
        if (*m).ml_flags & METH_CLASS != 0 {
            return ctype::method_descr(&ty, m);
        }
        // a class method whatever the definition's flags say: a copy with METH_CLASS,
        // kept for the life of the process like the definition itself
        let leaked = Box::into_raw(Box::new(PyMethodDef {
            ml_name: (*m).ml_name,
            ml_meth: (*m).ml_meth,
            ml_flags: (*m).ml_flags | METH_CLASS,
            ml_doc: (*m).ml_doc,
        }));
        ctype::method_descr(&ty, leaked)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyDescr_NewMember(
    t: *mut PyTypeObject,
    m: *mut PyMemberDef,
) -> *mut PyObject {
    obj_api("PyDescr_NewMember", || {
        let ty = type_of(t, "PyDescr_NewMember")?;
        if m.is_null() {
            return Err(bad_internal("PyDescr_NewMember"));
        }
        ctype::member_descr(&ty, m)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyDescr_NewGetSet(
    t: *mut PyTypeObject,
    g: *mut PyGetSetDef,
) -> *mut PyObject {
    obj_api("PyDescr_NewGetSet", || {
        let ty = type_of(t, "PyDescr_NewGetSet")?;
        if g.is_null() {
            return Err(bad_internal("PyDescr_NewGetSet"));
        }
        ctype::getset_descr(&ty, g)
    })
}

/// Whether `d` is a data descriptor (its type defines `__set__`).
#[no_mangle]
pub unsafe extern "C" fn PyDescr_IsData(d: *mut PyObject) -> c_int {
    crate::guard("PyDescr_IsData", || {
        if d.is_null() {
            return 0;
        }
        let v = from_c(d);
        pyrite_vm::types::typeobj::lookup_str(v.class_ref(), "__set__").is_some() as c_int
    })
}

/// `PyWrapper_New(descr, self)`: the descriptor bound to `self` (a method-wrapper).
#[no_mangle]
pub unsafe extern "C" fn PyWrapper_New(d: *mut PyObject, s: *mut PyObject) -> *mut PyObject {
    obj_api("PyWrapper_New", || {
        let (dv, sv) = (val(d, "PyWrapper_New")?, val(s, "PyWrapper_New")?);
        let cls = Value::Obj(sv.class());
        crate::py(|| pyrite_vm::ops::attr::call_get(&dv, sv, cls))
    })
}

/// `PyMember_GetOne(obj_addr, m)`: the member `m` of the structure at `obj_addr`.
#[no_mangle]
pub unsafe extern "C" fn PyMember_GetOne(
    addr: *const c_char,
    m: *mut PyMemberDef,
) -> *mut PyObject {
    obj_api("PyMember_GetOne", || {
        if addr.is_null() || m.is_null() {
            return Err(bad_internal("PyMember_GetOne"));
        }
        let name = ctype::cstr_name((*m).name);
        // the owner, for messages, is the object at obj_addr
        let owner = from_c(addr as *mut PyObject);
        ctype::member_get(
            (addr as *mut u8).offset((*m).offset),
            (*m).type_,
            &name,
            &owner,
        )
    })
}

/// `PyMember_SetOne(obj_addr, m, v)`: set (or delete, `v` NULL) a member.
#[no_mangle]
pub unsafe extern "C" fn PyMember_SetOne(
    addr: *mut c_char,
    m: *mut PyMemberDef,
    v: *mut PyObject,
) -> c_int {
    crate::int_api("PyMember_SetOne", || {
        if addr.is_null() || m.is_null() {
            return Err(bad_internal("PyMember_SetOne"));
        }
        let value = if v.is_null() { None } else { Some(from_c(v)) };
        ctype::member_set((addr as *mut u8).offset((*m).offset), m, value.as_ref())?;
        Ok(0)
    })
}
