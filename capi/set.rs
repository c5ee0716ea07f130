//! Set and frozenset objects (`PySet_*`, `PyFrozenSet_New`).

use crate::{bad_internal, int_api, obj_api, py, ssize_api, val};
use emulation::err;
use emulation::layout::*;
use emulation::mirror::{self, to_c_borrowed_in};
use pyrite_vm::errors::PyResult;
use pyrite_vm::ops;
use pyrite_vm::types::set::{as_set, is_frozen, new_frozenset_from, new_set_from, PySet};
use pyrite_vm::value::Value;
use std::os::raw::c_int;

unsafe fn set_of<'a>(s: *mut PyObject, func: &str, v: &'a mut Value) -> PyResult<&'a PySet> {
    *v = val(s, func)?;
    as_set(v).ok_or_else(|| bad_internal(func))
}

#[no_mangle]
pub unsafe extern "C" fn PySet_New(it: *mut PyObject) -> *mut PyObject {
    obj_api("PySet_New", || {
        let items = if it.is_null() {
            Vec::new()
        } else {
            py(|| ops::iterate(&val(it, "PySet_New")?))?
        };
        py(|| new_set_from(items))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyFrozenSet_New(it: *mut PyObject) -> *mut PyObject {
    obj_api("PyFrozenSet_New", || {
        let items = if it.is_null() {
            Vec::new()
        } else {
            py(|| ops::iterate(&val(it, "PyFrozenSet_New")?))?
        };
        for x in &items {
            py(|| ops::hash(x))?;
        }
        Ok(new_frozenset_from(items))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySet_Size(s: *mut PyObject) -> Py_ssize_t {
    ssize_api("PySet_Size", || {
        let mut v = Value::None;
        Ok(set_of(s, "PySet_Size", &mut v)?.len() as isize)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySet_Contains(s: *mut PyObject, k: *mut PyObject) -> c_int {
    int_api("PySet_Contains", || {
        let mut v = Value::None;
        let st = set_of(s, "PySet_Contains", &mut v)?;
        let kv = val(k, "PySet_Contains")?;
        py(|| st.contains(&kv)).map(|b| b as c_int)
    })
}

/// `PySet_Add`: also allowed on a frozenset C just created (CPython permits filling one).
#[no_mangle]
pub unsafe extern "C" fn PySet_Add(s: *mut PyObject, k: *mut PyObject) -> c_int {
    int_api("PySet_Add", || {
        let mut v = Value::None;
        let st = set_of(s, "PySet_Add", &mut v)?;
        let kv = val(k, "PySet_Add")?;
        py(|| st.add(kv)).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySet_Discard(s: *mut PyObject, k: *mut PyObject) -> c_int {
    int_api("PySet_Discard", || {
        let v = val(s, "PySet_Discard")?;
        if is_frozen(&v) {
            return Err(bad_internal("PySet_Discard"));
        }
        let st = as_set(&v).ok_or_else(|| bad_internal("PySet_Discard"))?;
        let kv = val(k, "PySet_Discard")?;
        py(|| st.discard(&kv)).map(|b| b as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySet_Clear(s: *mut PyObject) -> c_int {
    int_api("PySet_Clear", || {
        let v = val(s, "PySet_Clear")?;
        py(|| ops::attr::call_method(&v, "clear", &[])).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySet_Pop(s: *mut PyObject) -> *mut PyObject {
    obj_api("PySet_Pop", || {
        let v = val(s, "PySet_Pop")?;
        py(|| ops::attr::call_method(&v, "pop", &[]))
    })
}

/// `_PySet_NextEntry(set, &pos, &key, &hash)`: borrowed key.
#[no_mangle]
pub unsafe extern "C" fn _PySet_NextEntry(
    s: *mut PyObject,
    pos: *mut Py_ssize_t,
    key: *mut *mut PyObject,
    hash: *mut Py_hash_t,
) -> c_int {
    crate::guard("_PySet_NextEntry", || {
        let mut v = Value::None;
        let Ok(st) = set_of(s, "_PySet_NextEntry", &mut v) else {
            err::clear();
            return 0;
        };
        let items = st.items();
        let i = *pos as usize;
        if *pos < 0 || i >= items.len() {
            return 0;
        }
        let k = &items[i];
        *key = to_c_borrowed_in(k, mirror::to_c_borrowed_obj(v.as_obj().unwrap()));
        if !hash.is_null() {
            *hash = ops::hash(k).unwrap_or(-1) as isize;
        }
        *pos += 1;
        1
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PySet_Update(s: *mut PyObject, it: *mut PyObject) -> c_int {
    int_api("_PySet_Update", || {
        let v = val(s, "_PySet_Update")?;
        let i = val(it, "_PySet_Update")?;
        py(|| ops::attr::call_method(&v, "update", &[i])).map(|_| 0)
    })
}
