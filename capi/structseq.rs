//! Struct sequences defined from C (`PyStructSequence_*`): named-tuple-like classes
//! (as `os.stat_result`) built by the same factory Pyrite's own modules use. An
//! instance from `PyStructSequence_New` is a pending tuple mirror with room for every
//! field (visible ones first); C fills it with `PyStructSequence_SetItem` and the
//! Python object is made when it first crosses (see `mirror::materialize`).

use crate::{bad_internal, obj_api};
use emulation::err;
use emulation::layout::*;
use emulation::mirror::{self, from_c};
use emulation::statics;
use pyrite_vm::errors::{PyErr, PyResult};
use pyrite_vm::types::exceptions::exc;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int};
use std::ptr::null_mut;

#[repr(C)]
pub struct PyStructSequence_Field {
    pub name: *const c_char,
    pub doc: *const c_char,
}

#[repr(C)]
pub struct PyStructSequence_Desc {
    pub name: *const c_char,
    pub doc: *const c_char,
    pub fields: *mut PyStructSequence_Field,
    pub n_in_sequence: c_int,
}

/// The class for a description.
unsafe fn make_class(desc: *mut PyStructSequence_Desc) -> PyResult<Value> {
    if desc.is_null() || (*desc).name.is_null() {
        return Err(bad_internal("PyStructSequence_NewType"));
    }
    let full = std::ffi::CStr::from_ptr((*desc).name)
        .to_string_lossy()
        .into_owned();
    let (module, name) = match full.rfind('.') {
        Some(i) => (full[..i].to_string(), full[i + 1..].to_string()),
        None => ("builtins".to_string(), full.clone()),
    };
    let unnamed = statics::PyStructSequence_UnnamedField.0;
    let mut fields: Vec<Option<String>> = Vec::new();
    let mut f = (*desc).fields;
    while !f.is_null() && !(*f).name.is_null() {
        let n = (*f).name;
        fields.push(if n == unnamed {
            None
        } else {
            Some(std::ffi::CStr::from_ptr(n).to_string_lossy().into_owned())
        });
        f = f.add(1);
    }
    let nseq = (*desc).n_in_sequence.max(0) as usize;
    if nseq > fields.len() {
        return Err(PyErr::new(
            &exc().system_error,
            "PyStructSequence: n_in_sequence exceeds the number of fields",
        ));
    }
    let refs: Vec<Option<&str>> = fields.iter().map(|f| f.as_deref()).collect();
    let cls =
        crate::py(|| pyrite_vm::modules::osutil::structseq_type(&module, &name, &refs, nseq))?;
    if !(*desc).doc.is_null() {
        let doc = std::ffi::CStr::from_ptr((*desc).doc)
            .to_string_lossy()
            .into_owned();
        crate::py(|| pyrite_vm::ops::attr::setattr(&cls, "__doc__", Value::from(doc.as_str())))?;
    }
    Ok(cls)
}

#[no_mangle]
pub unsafe extern "C" fn PyStructSequence_NewType(
    desc: *mut PyStructSequence_Desc,
) -> *mut PyTypeObject {
    crate::ensure_ready();
    obj_api("PyStructSequence_NewType", || make_class(desc)) as *mut PyTypeObject
}

/// Make the static `PyTypeObject` at `tp` stand for a new struct-sequence class.
#[no_mangle]
pub unsafe extern "C" fn PyStructSequence_InitType2(
    tp: *mut PyTypeObject,
    desc: *mut PyStructSequence_Desc,
) -> c_int {
    crate::ensure_ready();
    crate::int_api("PyStructSequence_InitType2", || {
        if tp.is_null() {
            return Err(bad_internal("PyStructSequence_InitType2"));
        }
        let cls = make_class(desc)?;
        let o = cls.as_obj().unwrap().clone();
        (*tp).ob_base.ob_base.ob_type = statics::type_type();
        (*tp).ob_base.ob_base.ob_refcnt = statics::IMMORTAL;
        statics::register_type(tp, &o);
        o.obj().mirror.set(tp as *mut std::ffi::c_void);
        emulation::types::fill_type_object(tp, &o, true);
        o.make_immortal();
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyStructSequence_InitType(
    tp: *mut PyTypeObject,
    desc: *mut PyStructSequence_Desc,
) {
    if PyStructSequence_InitType2(tp, desc) < 0 {
        mirror::fatal("PyStructSequence_InitType", "cannot initialize the type");
    }
}

/// A new instance with every field NULL, to fill with `PyStructSequence_SetItem`.
#[no_mangle]
pub unsafe extern "C" fn PyStructSequence_New(tp: *mut PyTypeObject) -> *mut PyObject {
    crate::guard("PyStructSequence_New", || {
        if tp.is_null() {
            err::set_pyerr(bad_internal("PyStructSequence_New"));
            return null_mut();
        }
        let cls = from_c(tp as *mut PyObject);
        let get = |n: &str| -> PyResult<usize> {
            let v = pyrite_vm::ops::attr::getattr(&cls, n)?;
            Ok(pyrite_vm::types::int::as_i64(&v).unwrap_or(0).max(0) as usize)
        };
        let (total, nseq) = match (get("n_fields"), get("n_sequence_fields")) {
            (Ok(a), Ok(b)) => (a, b),
            _ => {
                err::set_pyerr(PyErr::new(
                    &exc().type_error,
                    "PyStructSequence_New: not a struct sequence type",
                ));
                return null_mut();
            }
        };
        let p = mirror::new_pending_tuple(total);
        (*p).ob_type = tp;
        (*(p as *mut PyVarObject)).ob_size = nseq as isize;
        p
    })
}

unsafe fn slot(p: *mut PyObject, pos: Py_ssize_t) -> *mut *mut PyObject {
    (*(p as *mut PyTupleObject))
        .ob_item
        .as_mut_ptr()
        .offset(pos)
}

/// Steals a reference to `o` (like `PyTuple_SET_ITEM`), for instances not yet used.
#[no_mangle]
pub unsafe extern "C" fn PyStructSequence_SetItem(
    p: *mut PyObject,
    pos: Py_ssize_t,
    o: *mut PyObject,
) {
    crate::guard("PyStructSequence_SetItem", || {
        if p.is_null() || pos < 0 || !mirror::is_pending(p, mirror::kind::TUPLE) {
            if mirror::debug() {
                mirror::fatal(
                    "PyStructSequence_SetItem",
                    "the struct sequence is already in use (or not one)",
                );
            }
            mirror::xdecref(o);
            return;
        }
        let s = slot(p, pos);
        let old = *s;
        *s = o;
        mirror::xdecref(old);
    })
}

/// Borrowed.
#[no_mangle]
pub unsafe extern "C" fn PyStructSequence_GetItem(
    p: *mut PyObject,
    pos: Py_ssize_t,
) -> *mut PyObject {
    crate::guard("PyStructSequence_GetItem", || {
        if p.is_null() || pos < 0 {
            err::set_pyerr(bad_internal("PyStructSequence_GetItem"));
            return null_mut();
        }
        if mirror::is_pending(p, mirror::kind::TUPLE) || pos < (*(p as *mut PyVarObject)).ob_size {
            return *slot(p, pos);
        }
        // a hidden field of an instance Python has: read it through the class
        let v = from_c(p);
        let r: PyResult<Value> = crate::py(|| {
            let cls = Value::Obj(v.class());
            let names = pyrite_vm::ops::attr::getattr(&cls, "n_sequence_fields")?;
            let nseq = pyrite_vm::types::int::as_i64(&names).unwrap_or(0);
            let extra = pyrite_vm::ops::getitem(
                &pyrite_vm::ops::attr::getattr(&v, "__dict__")?,
                &Value::from("_extra"),
            )?;
            pyrite_vm::ops::getitem(&extra, &Value::Int(pos as i64 - nseq))
        });
        match r {
            Ok(x) => mirror::to_c_borrowed_in(&x, p),
            Err(e) => {
                err::set_pyerr(e);
                null_mut()
            }
        }
    })
}
