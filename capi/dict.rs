//! Dict objects (`PyDict_*`). The mirror's `ma_used` is kept current (for
//! `PyDict_GET_SIZE`); values handed out as borrowed references (`PyDict_GetItem`,
//! `PyDict_Next`) are the items' mirrors, or for unboxed ints/floats a mirror owned by
//! the dict's mirror (one per distinct value).

use crate::{bad_internal, cstr, int_api, obj_api, ptr_api, py, ssize_api, val};
use emulation::err;
use emulation::layout::*;
use emulation::mirror::{self, from_c, kind, to_c_borrowed_in, to_c_borrowed_obj};
use pyrite_vm::errors::{key_error, PyResult};
use pyrite_vm::object::ObjRef;
use pyrite_vm::ops;
use pyrite_vm::types::dict::{new_dict, PyDict};
use pyrite_vm::types::Payload;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int};
use std::ptr::null_mut;

/// The dict object and its mirror.
unsafe fn dict_of(d: *mut PyObject, func: &str) -> PyResult<(ObjRef, *mut PyObject)> {
    let v = val(d, func)?;
    match &v {
        Value::Obj(o) if matches!(o.payload(), Payload::Dict(_)) => {
            let p = if mirror::kind_of(d) == Some(kind::DICT) {
                d
            } else {
                to_c_borrowed_obj(o)
            };
            Ok((o.clone(), p))
        }
        _ => Err(bad_internal(func)),
    }
}

fn pydict(o: &ObjRef) -> &PyDict {
    match o.payload() {
        Payload::Dict(d) => d,
        _ => unreachable!(),
    }
}

/// Refresh `ma_used` after a change.
unsafe fn touch(o: &ObjRef, p: *mut PyObject) {
    (*(p as *mut PyDictObject)).ma_used = pydict(o).len() as isize;
}

#[no_mangle]
pub extern "C" fn PyDict_New() -> *mut PyObject {
    obj_api("PyDict_New", || Ok(new_dict()))
}

#[no_mangle]
pub extern "C" fn _PyDict_NewPresized(_n: Py_ssize_t) -> *mut PyObject {
    PyDict_New()
}

/// `PyDict_GetItem`: borrowed; errors are swallowed (NULL without an exception).
#[no_mangle]
pub unsafe extern "C" fn PyDict_GetItem(d: *mut PyObject, k: *mut PyObject) -> *mut PyObject {
    crate::guard("PyDict_GetItem", || {
        let saved = err::take();
        let r: PyResult<*mut PyObject> = (|| {
            let (o, p) = dict_of(d, "PyDict_GetItem")?;
            let kv = val(k, "PyDict_GetItem")?;
            Ok(match py(|| pydict(&o).get_item(&kv))? {
                Some(v) => to_c_borrowed_in(&v, p),
                None => null_mut(),
            })
        })();
        err::restore(saved);
        r.unwrap_or(null_mut())
    })
}

/// `PyDict_GetItemWithError`: borrowed; NULL with an error set on failure, NULL
/// without one if the key is missing.
#[no_mangle]
pub unsafe extern "C" fn PyDict_GetItemWithError(
    d: *mut PyObject,
    k: *mut PyObject,
) -> *mut PyObject {
    ptr_api("PyDict_GetItemWithError", || {
        let (o, p) = dict_of(d, "PyDict_GetItemWithError")?;
        let kv = val(k, "PyDict_GetItemWithError")?;
        Ok(match py(|| pydict(&o).get_item(&kv))? {
            Some(v) => to_c_borrowed_in(&v, p),
            None => null_mut(),
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyDict_GetItemWithError(
    d: *mut PyObject,
    k: *mut PyObject,
) -> *mut PyObject {
    PyDict_GetItemWithError(d, k)
}

#[no_mangle]
pub unsafe extern "C" fn _PyDict_GetItem_KnownHash(
    d: *mut PyObject,
    k: *mut PyObject,
    _h: Py_hash_t,
) -> *mut PyObject {
    PyDict_GetItemWithError(d, k)
}

#[no_mangle]
pub unsafe extern "C" fn PyDict_GetItemString(d: *mut PyObject, k: *const c_char) -> *mut PyObject {
    crate::guard("PyDict_GetItemString", || {
        let saved = err::take();
        let r: PyResult<*mut PyObject> = (|| {
            let (o, p) = dict_of(d, "PyDict_GetItemString")?;
            let key = cstr(k, "PyDict_GetItemString")?;
            Ok(match pydict(&o).get_str_key(key) {
                Some(v) => to_c_borrowed_in(&v, p),
                None => null_mut(),
            })
        })();
        err::restore(saved);
        r.unwrap_or(null_mut())
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyDict_GetItemStringWithError(
    d: *mut PyObject,
    k: *const c_char,
) -> *mut PyObject {
    ptr_api("_PyDict_GetItemStringWithError", || {
        let (o, p) = dict_of(d, "_PyDict_GetItemStringWithError")?;
        let key = cstr(k, "_PyDict_GetItemStringWithError")?;
        Ok(match pydict(&o).get_str_key(key) {
            Some(v) => to_c_borrowed_in(&v, p),
            None => null_mut(),
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyDict_GetItemIdWithError(
    d: *mut PyObject,
    id: *mut crate::object::PyIdentifier,
) -> *mut PyObject {
    _PyDict_GetItemStringWithError(d, (*id).string)
}

#[no_mangle]
pub unsafe extern "C" fn PyDict_SetItem(
    d: *mut PyObject,
    k: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    int_api("PyDict_SetItem", || {
        let (o, p) = dict_of(d, "PyDict_SetItem")?;
        let (kv, vv) = (val(k, "PyDict_SetItem")?, val(v, "PyDict_SetItem")?);
        py(|| pydict(&o).set_item(kv, vv))?;
        touch(&o, p);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyDict_SetItem_KnownHash(
    d: *mut PyObject,
    k: *mut PyObject,
    v: *mut PyObject,
    _h: Py_hash_t,
) -> c_int {
    PyDict_SetItem(d, k, v)
}

#[no_mangle]
pub unsafe extern "C" fn PyDict_SetItemString(
    d: *mut PyObject,
    k: *const c_char,
    v: *mut PyObject,
) -> c_int {
    int_api("PyDict_SetItemString", || {
        let (o, p) = dict_of(d, "PyDict_SetItemString")?;
        let key = Value::Obj(pyrite_vm::types::str::intern(cstr(
            k,
            "PyDict_SetItemString",
        )?));
        let vv = val(v, "PyDict_SetItemString")?;
        pydict(&o).set_item(key, vv)?;
        touch(&o, p);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyDict_SetItemId(
    d: *mut PyObject,
    id: *mut crate::object::PyIdentifier,
    v: *mut PyObject,
) -> c_int {
    PyDict_SetItemString(d, (*id).string, v)
}

#[no_mangle]
pub unsafe extern "C" fn PyDict_DelItem(d: *mut PyObject, k: *mut PyObject) -> c_int {
    int_api("PyDict_DelItem", || {
        let (o, p) = dict_of(d, "PyDict_DelItem")?;
        let kv = val(k, "PyDict_DelItem")?;
        let old = py(|| pydict(&o).del_item(&kv))?;
        touch(&o, p);
        match old {
            Some(_) => Ok(0),
            None => Err(key_error(kv)),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyDict_DelItemString(d: *mut PyObject, k: *const c_char) -> c_int {
    int_api("PyDict_DelItemString", || {
        let (o, p) = dict_of(d, "PyDict_DelItemString")?;
        let key = Value::from(cstr(k, "PyDict_DelItemString")?);
        let old = pydict(&o).del_item(&key)?;
        touch(&o, p);
        match old {
            Some(_) => Ok(0),
            None => Err(key_error(key)),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyDict_Contains(d: *mut PyObject, k: *mut PyObject) -> c_int {
    int_api("PyDict_Contains", || {
        let (o, _) = dict_of(d, "PyDict_Contains")?;
        let kv = val(k, "PyDict_Contains")?;
        py(|| pydict(&o).contains(&kv)).map(|b| b as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyDict_Contains_KnownHash(
    d: *mut PyObject,
    k: *mut PyObject,
    _h: Py_hash_t,
) -> c_int {
    PyDict_Contains(d, k)
}

#[no_mangle]
pub unsafe extern "C" fn PyDict_Clear(d: *mut PyObject) {
    crate::guard("PyDict_Clear", || {
        if let Ok((o, p)) = dict_of(d, "PyDict_Clear") {
            pydict(&o).clear();
            touch(&o, p);
        }
    })
}

/// `PyDict_Next(d, &pos, &key, &value)`: borrowed key and value.
#[no_mangle]
pub unsafe extern "C" fn PyDict_Next(
    d: *mut PyObject,
    pos: *mut Py_ssize_t,
    pk: *mut *mut PyObject,
    pv: *mut *mut PyObject,
) -> c_int {
    crate::guard("PyDict_Next", || {
        let Ok((o, p)) = dict_of(d, "PyDict_Next") else {
            err::clear();
            return 0;
        };
        if *pos < 0 {
            return 0;
        }
        match pydict(&o).next_entry(*pos as usize) {
            Some((next, k, v)) => {
                *pos = next as isize;
                if !pk.is_null() {
                    *pk = to_c_borrowed_in(&k, p);
                }
                if !pv.is_null() {
                    *pv = to_c_borrowed_in(&v, p);
                }
                1
            }
            None => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyDict_Size(d: *mut PyObject) -> Py_ssize_t {
    ssize_api("PyDict_Size", || {
        let (o, _) = dict_of(d, "PyDict_Size")?;
        Ok(pydict(&o).len() as isize)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyDict_Keys(d: *mut PyObject) -> *mut PyObject {
    obj_api("PyDict_Keys", || {
        Ok(pyrite_vm::types::list::new_list(
            pydict(&dict_of(d, "PyDict_Keys")?.0).keys(),
        ))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyDict_Values(d: *mut PyObject) -> *mut PyObject {
    obj_api("PyDict_Values", || {
        Ok(pyrite_vm::types::list::new_list(
            pydict(&dict_of(d, "PyDict_Values")?.0).values(),
        ))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyDict_Items(d: *mut PyObject) -> *mut PyObject {
    obj_api("PyDict_Items", || {
        let items = pydict(&dict_of(d, "PyDict_Items")?.0).items();
        Ok(pyrite_vm::types::list::new_list(
            items
                .into_iter()
                .map(|(k, v)| pyrite_vm::types::tuple::new_tuple(vec![k, v]))
                .collect(),
        ))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyDict_Copy(d: *mut PyObject) -> *mut PyObject {
    obj_api("PyDict_Copy", || {
        let (o, _) = dict_of(d, "PyDict_Copy")?;
        Ok(pyrite_vm::types::dict::new_dict_from(pydict(&o).copy()))
    })
}

/// `PyDict_Merge(a, b, override)`: `b` may be any mapping (with `keys()`).
#[no_mangle]
pub unsafe extern "C" fn PyDict_Merge(
    a: *mut PyObject,
    b: *mut PyObject,
    override_: c_int,
) -> c_int {
    int_api("PyDict_Merge", || {
        let (o, p) = dict_of(a, "PyDict_Merge")?;
        let bv = val(b, "PyDict_Merge")?;
        let d = pydict(&o);
        if let Some(bd) = pyrite_vm::types::dict::as_dict(&bv) {
            for (k, v) in bd.items() {
                if override_ != 0 || !py(|| d.contains(&k))? {
                    py(|| d.set_item(k, v))?;
                }
            }
        } else {
            let keys = py(|| ops::attr::call_method(&bv, "keys", &[]))?;
            for k in py(|| ops::iterate(&keys))? {
                if override_ != 0 || !py(|| d.contains(&k))? {
                    let v = py(|| ops::getitem(&bv, &k))?;
                    py(|| d.set_item(k, v))?;
                }
            }
        }
        touch(&o, p);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyDict_Update(a: *mut PyObject, b: *mut PyObject) -> c_int {
    PyDict_Merge(a, b, 1)
}

#[no_mangle]
pub unsafe extern "C" fn PyDict_MergeFromSeq2(
    a: *mut PyObject,
    seq: *mut PyObject,
    override_: c_int,
) -> c_int {
    int_api("PyDict_MergeFromSeq2", || {
        let (o, p) = dict_of(a, "PyDict_MergeFromSeq2")?;
        let d = pydict(&o);
        for (i, item) in py(|| ops::iterate(&val(seq, "PyDict_MergeFromSeq2")?))?
            .into_iter()
            .enumerate()
        {
            let kv = py(|| ops::iterate(&item)).map_err(|_| {
                crate::type_error(format!(
                    "cannot convert dictionary update sequence element #{} to a sequence",
                    i
                ))
            })?;
            if kv.len() != 2 {
                return Err(pyrite_vm::errors::value_error(format!(
                    "dictionary update sequence element #{} has length {}; 2 is required",
                    i,
                    kv.len()
                )));
            }
            if override_ != 0 || !py(|| d.contains(&kv[0]))? {
                py(|| d.set_item(kv[0].clone(), kv[1].clone()))?;
            }
        }
        touch(&o, p);
        Ok(0)
    })
}

/// `PyDict_SetDefault(d, key, default)`: borrowed reference to the value in the dict.
#[no_mangle]
pub unsafe extern "C" fn PyDict_SetDefault(
    d: *mut PyObject,
    k: *mut PyObject,
    def: *mut PyObject,
) -> *mut PyObject {
    ptr_api("PyDict_SetDefault", || {
        let (o, p) = dict_of(d, "PyDict_SetDefault")?;
        let kv = val(k, "PyDict_SetDefault")?;
        let dd = pydict(&o);
        let v = match py(|| dd.get_item(&kv))? {
            Some(v) => v,
            None => {
                let dv = val(def, "PyDict_SetDefault")?;
                py(|| dd.set_item(kv, dv.clone()))?;
                touch(&o, p);
                dv
            }
        };
        Ok(to_c_borrowed_in(&v, p))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyDictProxy_New(m: *mut PyObject) -> *mut PyObject {
    obj_api("PyDictProxy_New", || {
        Ok(pyrite_vm::types::misc::new_mappingproxy(val(
            m,
            "PyDictProxy_New",
        )?))
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyDict_Pop(
    d: *mut PyObject,
    k: *mut PyObject,
    def: *mut PyObject,
) -> *mut PyObject {
    obj_api("_PyDict_Pop", || {
        let (o, p) = dict_of(d, "_PyDict_Pop")?;
        let kv = val(k, "_PyDict_Pop")?;
        let r = py(|| pydict(&o).del_item(&kv))?;
        touch(&o, p);
        match r {
            Some(v) => Ok(v),
            None if !def.is_null() => Ok(from_c(def)),
            None => Err(key_error(kv)),
        }
    })
}
