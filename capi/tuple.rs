//! Tuple objects (`PyTuple_*`). A tuple built by C (`PyTuple_New` + `PyTuple_SET_ITEM`)
//! lives as a pending mirror until it first crosses back to Python; tuples from
//! Python have mirrors whose `ob_item` holds the items' mirrors.

use crate::{bad_internal, int_api, obj_api, ptr_api, ssize_api, val};
use emulation::layout::*;
use emulation::mirror::{self, flag, head, kind, to_c_borrowed_obj};
use pyrite_vm::errors::{index_error, PyResult};
use pyrite_vm::types::tuple::{as_tuple, empty_tuple, new_tuple};
use pyrite_vm::value::Value;
use std::os::raw::c_int;

#[no_mangle]
pub extern "C" fn PyTuple_New(n: Py_ssize_t) -> *mut PyObject {
    crate::guard("PyTuple_New", || {
        if n < 0 {
            emulation::err::set_pyerr(bad_internal("PyTuple_New"));
            return std::ptr::null_mut();
        }
        if n == 0 {
            return mirror::to_c_new(&Value::Obj(empty_tuple()));
        }
        mirror::new_pending_tuple(n as usize)
    })
}

/// The tuple mirror for `t` (TypeError/SystemError otherwise).
unsafe fn tuple_mirror(t: *mut PyObject, func: &str) -> PyResult<*mut PyObject> {
    if t.is_null() {
        return Err(bad_internal(func));
    }
    if mirror::kind_of(t) == Some(kind::TUPLE) {
        return Ok(t);
    }
    let v = mirror::from_c(t);
    if as_tuple(&v).is_some() {
        return Ok(to_c_borrowed_obj(v.as_obj().unwrap()));
    }
    Err(bad_internal(func))
}

#[no_mangle]
pub unsafe extern "C" fn PyTuple_Size(t: *mut PyObject) -> Py_ssize_t {
    ssize_api("PyTuple_Size", || {
        Ok((*(tuple_mirror(t, "PyTuple_Size")? as *mut PyVarObject)).ob_size)
    })
}

/// `PyTuple_GetItem`: a borrowed reference, valid as long as the tuple lives.
#[no_mangle]
pub unsafe extern "C" fn PyTuple_GetItem(t: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    ptr_api("PyTuple_GetItem", || {
        let p = tuple_mirror(t, "PyTuple_GetItem")?;
        let n = (*(p as *mut PyVarObject)).ob_size;
        if i < 0 || i >= n {
            return Err(index_error("tuple index out of range"));
        }
        Ok(*(*(p as *mut PyTupleObject))
            .ob_item
            .as_mut_ptr()
            .add(i as usize))
    })
}

/// `PyTuple_SetItem`: steals `o`; only for tuples C created and still owns.
#[no_mangle]
pub unsafe extern "C" fn PyTuple_SetItem(
    t: *mut PyObject,
    i: Py_ssize_t,
    o: *mut PyObject,
) -> c_int {
    crate::guard("PyTuple_SetItem", || {
        let ok = !t.is_null()
            && mirror::kind_of(t) == Some(kind::TUPLE)
            && (*head(t)).flags & (flag::PENDING | flag::C_CREATED) != 0;
        if !ok {
            mirror::xdecref(o);
            emulation::err::set_pyerr(bad_internal("PyTuple_SetItem"));
            return -1;
        }
        let n = (*(t as *mut PyVarObject)).ob_size;
        if i < 0 || i >= n {
            mirror::xdecref(o);
            emulation::err::set_pyerr(index_error("tuple assignment index out of range"));
            return -1;
        }
        let slot = (*(t as *mut PyTupleObject))
            .ob_item
            .as_mut_ptr()
            .add(i as usize);
        let old = *slot;
        *slot = o;
        if (*head(t)).flags & flag::PENDING != 0 {
            mirror::xdecref(old);
        } else {
            mirror::container_release(old);
            // the tuple is linked: take the new item over now
            if !o.is_null() {
                let tv = mirror::from_c(t);
                drop(tv);
            }
        }
        0
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyTuple_GetSlice(
    t: *mut PyObject,
    lo: Py_ssize_t,
    hi: Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyTuple_GetSlice", || {
        let v = val(t, "PyTuple_GetSlice")?;
        let items = as_tuple(&v).ok_or_else(|| bad_internal("PyTuple_GetSlice"))?;
        let n = items.len() as isize;
        let lo = lo.clamp(0, n);
        let hi = hi.clamp(lo, n);
        Ok(new_tuple(items[lo as usize..hi as usize].to_vec()))
    })
}

/// `_PyTuple_Resize(&t, n)`: for tuples C created and still owns.
#[no_mangle]
pub unsafe extern "C" fn _PyTuple_Resize(pt: *mut *mut PyObject, n: Py_ssize_t) -> c_int {
    int_api("_PyTuple_Resize", || {
        let t = *pt;
        if t.is_null()
            || n < 0
            || mirror::kind_of(t) != Some(kind::TUPLE)
            || (*head(t)).flags & flag::PENDING == 0
        {
            if !t.is_null() {
                mirror::decref(t);
            }
            *pt = std::ptr::null_mut();
            return Err(bad_internal("_PyTuple_Resize"));
        }
        let old_n = (*(t as *mut PyVarObject)).ob_size as usize;
        let nt = mirror::new_pending_tuple(n as usize);
        let src = (*(t as *mut PyTupleObject)).ob_item.as_mut_ptr();
        let dst = (*(nt as *mut PyTupleObject)).ob_item.as_mut_ptr();
        for i in 0..old_n {
            if i < n as usize {
                *dst.add(i) = *src.add(i);
            } else {
                mirror::xdecref(*src.add(i));
            }
            *src.add(i) = std::ptr::null_mut();
        }
        mirror::decref(t);
        *pt = nt;
        Ok(0)
    })
}
