//! List objects (`PyList_*`). The Rust list is authoritative; its mirror's `ob_item`
//! holds the items' mirrors (so `PyList_GET_ITEM` works) and is kept in step: these
//! functions patch the mirror as they change the list, slots written by C with
//! `PyList_SET_ITEM` are taken over when the list next crosses back, and a list whose
//! Rust side changed is re-synchronized when it crosses to C again.

use crate::{bad_internal, int_api, obj_api, ptr_api, py, ssize_api, val};
use emulation::layout::*;
use emulation::mirror::{
    self, container_mark, container_release, flag, head, kind, same, to_c_borrowed_obj,
};
use pyrite_vm::errors::{index_error, PyResult};
use pyrite_vm::object::ObjRef;
use pyrite_vm::types::list::{new_list, PyList};
use pyrite_vm::types::Payload;
use pyrite_vm::value::Value;
use std::os::raw::c_int;

#[no_mangle]
pub extern "C" fn PyList_New(n: Py_ssize_t) -> *mut PyObject {
    crate::guard("PyList_New", || {
        if n < 0 {
            emulation::err::set_pyerr(bad_internal("PyList_New"));
            return std::ptr::null_mut();
        }
        mirror::new_c_list(n as usize)
    })
}

/// The list object and its (up-to-date) mirror.
unsafe fn list_of(l: *mut PyObject, func: &str) -> PyResult<(ObjRef, *mut PyObject)> {
    let v = val(l, func)?;
    match &v {
        Value::Obj(o) if matches!(o.payload(), Payload::List(_)) => {
            let p = if mirror::kind_of(l) == Some(kind::LIST) {
                l
            } else {
                to_c_borrowed_obj(o)
            };
            Ok((o.clone(), p))
        }
        _ => Err(bad_internal(func)),
    }
}

fn pylist(o: &ObjRef) -> &PyList {
    match o.payload() {
        Payload::List(l) => l,
        _ => unreachable!(),
    }
}

/// Bring the mirror in line when its length disagrees with the Rust list.
unsafe fn check_len(p: *mut PyObject, l: &PyList) {
    if (*(p as *mut PyVarObject)).ob_size as usize != l.len() {
        mirror::sync_list(p, l);
    }
}

unsafe fn slot(p: *mut PyObject, i: usize) -> *mut *mut PyObject {
    (*(p as *mut PyListObject)).ob_item.add(i)
}

#[no_mangle]
pub unsafe extern "C" fn PyList_Size(l: *mut PyObject) -> Py_ssize_t {
    ssize_api("PyList_Size", || {
        let (o, _) = list_of(l, "PyList_Size")?;
        Ok(pylist(&o).len() as isize)
    })
}

/// `PyList_GetItem`: a borrowed reference (valid while the list holds the item).
#[no_mangle]
pub unsafe extern "C" fn PyList_GetItem(l: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    ptr_api("PyList_GetItem", || {
        let (o, p) = list_of(l, "PyList_GetItem")?;
        let pl = pylist(&o);
        let n = pl.len();
        if i < 0 || i as usize >= n {
            return Err(index_error("list index out of range"));
        }
        check_len(p, pl);
        let item = &pl.vec()[i as usize];
        let s = slot(p, i as usize);
        if !same(*s, item) {
            let np = mirror::to_c_new(item);
            container_mark(np);
            let old = std::mem::replace(&mut *s, np);
            container_release(old);
        }
        Ok(*s)
    })
}

/// `PyList_SetItem`: steals `o`.
#[no_mangle]
pub unsafe extern "C" fn PyList_SetItem(
    l: *mut PyObject,
    i: Py_ssize_t,
    o: *mut PyObject,
) -> c_int {
    crate::guard("PyList_SetItem", || {
        let r: PyResult<c_int> = (|| {
            let (lo, p) = list_of(l, "PyList_SetItem")?;
            let pl = pylist(&lo);
            if (*head(p)).flags & flag::LIST_FILL != 0 {
                mirror::fill_list(p, pl);
            }
            let n = pl.len();
            if i < 0 || i as usize >= n {
                return Err(index_error("list assignment index out of range"));
            }
            check_len(p, pl);
            let v = if o.is_null() {
                Value::None
            } else {
                mirror::from_c(o)
            };
            let s = slot(p, i as usize);
            let old = std::mem::replace(&mut *s, o);
            container_mark(o);
            pl.vec()[i as usize] = v;
            container_release(old);
            Ok(0)
        })();
        match r {
            Ok(x) => x,
            Err(e) => {
                mirror::xdecref(o);
                emulation::err::set_pyerr(e);
                -1
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyList_Append(l: *mut PyObject, o: *mut PyObject) -> c_int {
    int_api("PyList_Append", || {
        let (lo, p) = list_of(l, "PyList_Append")?;
        let v = val(o, "PyList_Append")?;
        let pl = pylist(&lo);
        if (*head(p)).flags & flag::LIST_FILL != 0 {
            mirror::fill_list(p, pl);
        }
        check_len(p, pl);
        let n = pl.len();
        mirror::ensure_list_capacity(p as *mut PyListObject, n + 1);
        mirror::incref(o);
        container_mark(o);
        *slot(p, n) = o;
        pl.push(v);
        (*(p as *mut PyVarObject)).ob_size = (n + 1) as isize;
        (*(p as *mut PyListObject)).allocated = (n + 1) as isize;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyList_Insert(l: *mut PyObject, i: Py_ssize_t, o: *mut PyObject) -> c_int {
    int_api("PyList_Insert", || {
        let (lo, p) = list_of(l, "PyList_Insert")?;
        let v = val(o, "PyList_Insert")?;
        let pl = pylist(&lo);
        if (*head(p)).flags & flag::LIST_FILL != 0 {
            mirror::fill_list(p, pl);
        }
        let n = pl.len() as isize;
        let mut j = if i < 0 { i + n } else { i };
        j = j.clamp(0, n);
        pl.vec().insert(j as usize, v);
        mirror::sync_list(p, pl);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyList_GetSlice(
    l: *mut PyObject,
    lo: Py_ssize_t,
    hi: Py_ssize_t,
) -> *mut PyObject {
    obj_api("PyList_GetSlice", || {
        let (o, _) = list_of(l, "PyList_GetSlice")?;
        let v = pylist(&o).vec();
        let n = v.len() as isize;
        let lo = lo.clamp(0, n);
        let hi = hi.clamp(lo, n);
        Ok(new_list(v[lo as usize..hi as usize].to_vec()))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyList_SetSlice(
    l: *mut PyObject,
    lo: Py_ssize_t,
    hi: Py_ssize_t,
    items: *mut PyObject,
) -> c_int {
    int_api("PyList_SetSlice", || {
        let (o, p) = list_of(l, "PyList_SetSlice")?;
        let pl = pylist(&o);
        if (*head(p)).flags & flag::LIST_FILL != 0 {
            mirror::fill_list(p, pl);
        }
        let new: Vec<Value> = if items.is_null() {
            Vec::new()
        } else {
            py(|| pyrite_vm::ops::iterate(&mirror::from_c(items)))?
        };
        let v = pl.vec();
        let n = v.len() as isize;
        let lo = lo.clamp(0, n) as usize;
        let hi = hi.clamp(lo as isize, n) as usize;
        let removed: Vec<Value> = v.splice(lo..hi, new).collect();
        mirror::sync_list(p, pl);
        drop(removed);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyList_Sort(l: *mut PyObject) -> c_int {
    int_api("PyList_Sort", || {
        let (o, p) = list_of(l, "PyList_Sort")?;
        let lv = Value::Obj(o.clone());
        py(|| pyrite_vm::ops::attr::call_method(&lv, "sort", &[]))?;
        mirror::sync_list(p, pylist(&o));
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyList_Reverse(l: *mut PyObject) -> c_int {
    int_api("PyList_Reverse", || {
        let (o, p) = list_of(l, "PyList_Reverse")?;
        pylist(&o).vec().reverse();
        mirror::sync_list(p, pylist(&o));
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyList_AsTuple(l: *mut PyObject) -> *mut PyObject {
    obj_api("PyList_AsTuple", || {
        let (o, _) = list_of(l, "PyList_AsTuple")?;
        Ok(pyrite_vm::types::tuple::new_tuple(pylist(&o).to_vec()))
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyList_Extend(l: *mut PyObject, it: *mut PyObject) -> *mut PyObject {
    obj_api("_PyList_Extend", || {
        let (o, p) = list_of(l, "_PyList_Extend")?;
        let items = py(|| pyrite_vm::ops::iterate(&val(it, "_PyList_Extend")?))?;
        pylist(&o).extend(items);
        mirror::sync_list(p, pylist(&o));
        Ok(Value::None)
    })
}
