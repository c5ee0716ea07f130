//! Types defined in C and their instances: `PyType_Ready`, `PyType_FromSpec*`,
//! `PyType_GetSlot`/`GetModule`/`GetModuleState`, allocation (`PyType_GenericAlloc`,
//! `PyObject_New`/`NewVar`/`Init`, `PyObject_GC_*`). The machinery is in
//! `emulation::ctype`.

use crate::{bad_internal, int_api};
use emulation::ctype::{self, PyType_Spec};
use emulation::err;
use emulation::layout::*;
use emulation::mirror;
use pyrite_vm::errors::PyErr;
use pyrite_vm::types::exceptions::exc;
use std::ffi::c_void;
use std::os::raw::c_int;
use std::ptr::null_mut;

/// Tell the emulation layer which exported functions mean "the generic behaviour" when
/// a C type puts them in its slots.
pub(crate) fn register() {
    ctype::register_generic_fns(
        crate::object::PyObject_GenericGetAttr as *const () as usize,
        crate::object::PyObject_GenericSetAttr as *const () as usize,
        crate::object::PyObject_HashNotImplemented as *const () as usize,
    );
}

fn set_err(e: PyErr) -> *mut PyObject {
    err::set_pyerr(e);
    null_mut()
}

/// `PyType_Ready`: types Pyrite made (builtin statics and mirrors) are ready already;
/// a C type gets its Pyrite twin.
#[no_mangle]
pub unsafe extern "C" fn PyType_Ready(t: *mut PyTypeObject) -> c_int {
    int_api("PyType_Ready", || {
        if t.is_null() {
            return Err(bad_internal("PyType_Ready"));
        }
        crate::ensure_ready();
        register();
        ctype::ready(t).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyType_FromModuleAndSpec(
    module: *mut PyObject,
    spec: *mut PyType_Spec,
    bases: *mut PyObject,
) -> *mut PyObject {
    crate::guard("PyType_FromModuleAndSpec", || {
        if spec.is_null() {
            return set_err(bad_internal("PyType_FromModuleAndSpec"));
        }
        crate::ensure_ready();
        register();
        match ctype::from_spec(module, spec, bases) {
            Ok(v) => mirror::to_c_new(&v),
            Err(e) => set_err(e),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyType_FromSpecWithBases(
    spec: *mut PyType_Spec,
    bases: *mut PyObject,
) -> *mut PyObject {
    PyType_FromModuleAndSpec(null_mut(), spec, bases)
}

#[no_mangle]
pub unsafe extern "C" fn PyType_FromSpec(spec: *mut PyType_Spec) -> *mut PyObject {
    PyType_FromModuleAndSpec(null_mut(), spec, null_mut())
}

/// `PyType_GetModule`: borrowed.
#[no_mangle]
pub unsafe extern "C" fn PyType_GetModule(t: *mut PyTypeObject) -> *mut PyObject {
    crate::guard("PyType_GetModule", || {
        if t.is_null() {
            return set_err(bad_internal("PyType_GetModule"));
        }
        match ctype::type_module(t) {
            Ok(m) => m,
            Err(e) => set_err(e),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyType_GetModuleState(t: *mut PyTypeObject) -> *mut c_void {
    let m = PyType_GetModule(t);
    if m.is_null() {
        return null_mut();
    }
    crate::module::PyModule_GetState(m)
}

/// `PyType_GetSlot(type, slot)`: the function (or value) in a slot, NULL if unset.
#[no_mangle]
pub unsafe extern "C" fn PyType_GetSlot(t: *mut PyTypeObject, slot: c_int) -> *mut c_void {
    crate::guard("PyType_GetSlot", || {
        if t.is_null() {
            err::set_pyerr(bad_internal("PyType_GetSlot"));
            return null_mut();
        }
        macro_rules! f {
            ($e:expr) => {
                match $e {
                    Some(f) => f as *mut c_void,
                    None => null_mut(),
                }
            };
        }
        let nb = (*t).tp_as_number;
        let sq = (*t).tp_as_sequence;
        let mp = (*t).tp_as_mapping;
        let am = (*t).tp_as_async;
        let bf = (*t).tp_as_buffer;
        macro_rules! tab {
            ($tab:ident, $field:ident) => {
                if $tab.is_null() {
                    null_mut()
                } else {
                    f!((*$tab).$field)
                }
            };
        }
        match slot {
            1 => {
                if bf.is_null() {
                    null_mut()
                } else {
                    (*bf).bf_getbuffer
                }
            }
            2 => {
                if bf.is_null() {
                    null_mut()
                } else {
                    (*bf).bf_releasebuffer
                }
            }
            3 => tab!(mp, mp_ass_subscript),
            4 => tab!(mp, mp_length),
            5 => tab!(mp, mp_subscript),
            6 => tab!(nb, nb_absolute),
            7 => tab!(nb, nb_add),
            8 => tab!(nb, nb_and),
            9 => tab!(nb, nb_bool),
            10 => tab!(nb, nb_divmod),
            11 => tab!(nb, nb_float),
            12 => tab!(nb, nb_floor_divide),
            13 => tab!(nb, nb_index),
            14 => tab!(nb, nb_inplace_add),
            15 => tab!(nb, nb_inplace_and),
            16 => tab!(nb, nb_inplace_floor_divide),
            17 => tab!(nb, nb_inplace_lshift),
            18 => tab!(nb, nb_inplace_multiply),
            19 => tab!(nb, nb_inplace_or),
            20 => tab!(nb, nb_inplace_power),
            21 => tab!(nb, nb_inplace_remainder),
            22 => tab!(nb, nb_inplace_rshift),
            23 => tab!(nb, nb_inplace_subtract),
            24 => tab!(nb, nb_inplace_true_divide),
            25 => tab!(nb, nb_inplace_xor),
            26 => tab!(nb, nb_int),
            27 => tab!(nb, nb_invert),
            28 => tab!(nb, nb_lshift),
            29 => tab!(nb, nb_multiply),
            30 => tab!(nb, nb_negative),
            31 => tab!(nb, nb_or),
            32 => tab!(nb, nb_positive),
            33 => tab!(nb, nb_power),
            34 => tab!(nb, nb_remainder),
            35 => tab!(nb, nb_rshift),
            36 => tab!(nb, nb_subtract),
            37 => tab!(nb, nb_true_divide),
            38 => tab!(nb, nb_xor),
            39 => tab!(sq, sq_ass_item),
            40 => tab!(sq, sq_concat),
            41 => tab!(sq, sq_contains),
            42 => tab!(sq, sq_inplace_concat),
            43 => tab!(sq, sq_inplace_repeat),
            44 => tab!(sq, sq_item),
            45 => tab!(sq, sq_length),
            46 => tab!(sq, sq_repeat),
            47 => f!((*t).tp_alloc),
            48 => (*t).tp_base as *mut c_void,
            49 => (*t).tp_bases as *mut c_void,
            50 => f!((*t).tp_call),
            51 => f!((*t).tp_clear),
            52 => f!((*t).tp_dealloc),
            53 => f!((*t).tp_del),
            54 => f!((*t).tp_descr_get),
            55 => f!((*t).tp_descr_set),
            56 => (*t).tp_doc as *mut c_void,
            57 => (*t).tp_getattr,
            58 => f!((*t).tp_getattro),
            59 => f!((*t).tp_hash),
            60 => f!((*t).tp_init),
            61 => f!((*t).tp_is_gc),
            62 => f!((*t).tp_iter),
            63 => f!((*t).tp_iternext),
            64 => (*t).tp_methods as *mut c_void,
            65 => f!((*t).tp_new),
            66 => f!((*t).tp_repr),
            67 => f!((*t).tp_richcompare),
            68 => (*t).tp_setattr,
            69 => f!((*t).tp_setattro),
            70 => f!((*t).tp_str),
            71 => (*t).tp_traverse,
            72 => (*t).tp_members,
            73 => (*t).tp_getset,
            74 => f!((*t).tp_free),
            75 => tab!(nb, nb_matrix_multiply),
            76 => tab!(nb, nb_inplace_matrix_multiply),
            77 => tab!(am, am_await),
            78 => tab!(am, am_aiter),
            79 => tab!(am, am_anext),
            80 => f!((*t).tp_finalize),
            81 => {
                if am.is_null() {
                    null_mut()
                } else {
                    (*am).am_send
                }
            }
            _ => {
                err::set_pyerr(bad_internal("PyType_GetSlot"));
                null_mut()
            }
        }
    })
}

// ---- allocation ----

#[no_mangle]
pub unsafe extern "C" fn PyType_GenericAlloc(
    t: *mut PyTypeObject,
    nitems: Py_ssize_t,
) -> *mut PyObject {
    if t.is_null() {
        return set_err(bad_internal("PyType_GenericAlloc"));
    }
    ctype::generic_alloc(t, nitems)
}

#[no_mangle]
pub unsafe extern "C" fn PyType_GenericNew(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    if t.is_null() {
        return set_err(bad_internal("PyType_GenericNew"));
    }
    ctype::generic_new(t, args, kw)
}

/// `PyObject_New(T, type)`: an instance without calling `tp_new`/`tp_init`.
#[no_mangle]
pub unsafe extern "C" fn _PyObject_New(t: *mut PyTypeObject) -> *mut PyObject {
    _PyObject_NewVar(t, 0)
}

#[no_mangle]
pub unsafe extern "C" fn _PyObject_NewVar(t: *mut PyTypeObject, n: Py_ssize_t) -> *mut PyObject {
    crate::guard("PyObject_New", || {
        if t.is_null() || n < 0 {
            return set_err(bad_internal("PyObject_New"));
        }
        if (*t).tp_flags & Py_TPFLAGS_READY == 0 {
            if let Err(e) = ctype::ready(t) {
                return set_err(e);
            }
        }
        let p = ctype::alloc_instance(t, n);
        if !p.is_null() {
            // PyObject_New objects are not tracked until PyObject_GC_Track
            (*mirror::head(p)).flags &= !mirror::flag::GC_TRACKED;
        }
        p
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyObject_GC_New(t: *mut PyTypeObject) -> *mut PyObject {
    _PyObject_NewVar(t, 0)
}

#[no_mangle]
pub unsafe extern "C" fn _PyObject_GC_NewVar(
    t: *mut PyTypeObject,
    n: Py_ssize_t,
) -> *mut PyVarObject {
    _PyObject_NewVar(t, n) as *mut PyVarObject
}

/// `PyObject_Init(op, type)`: only for memory from this runtime's object allocator.
#[no_mangle]
pub unsafe extern "C" fn PyObject_Init(op: *mut PyObject, t: *mut PyTypeObject) -> *mut PyObject {
    crate::guard("PyObject_Init", || {
        if op.is_null() {
            return set_err(PyErr::new(&exc().memory_error, ""));
        }
        if !ctype::is_instance_block(op as *mut c_void) {
            mirror::fatal(
                "PyObject_Init",
                "the memory was not allocated by tp_alloc/PyObject_New; Pyrite can only initialize objects it allocated",
            );
        }
        (*op).ob_type = t;
        (*op).ob_refcnt = 1;
        if (*t).tp_flags & Py_TPFLAGS_HEAPTYPE != 0 {
            mirror::incref(t as *mut PyObject);
        }
        op
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_InitVar(
    op: *mut PyVarObject,
    t: *mut PyTypeObject,
    n: Py_ssize_t,
) -> *mut PyVarObject {
    let r = PyObject_Init(op as *mut PyObject, t);
    if !r.is_null() {
        (*op).ob_size = n;
    }
    r as *mut PyVarObject
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_GC_Del(p: *mut c_void) {
    ctype::generic_free(p)
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_GC_Track(p: *mut c_void) {
    crate::guard("PyObject_GC_Track", || {
        let o = p as *mut PyObject;
        if !o.is_null() && ctype::is_cinst(o) {
            let h = mirror::head(o);
            if (*h).flags & mirror::flag::GC_TRACKED != 0 && mirror::debug() {
                mirror::fatal(
                    "PyObject_GC_Track",
                    "object already tracked by the garbage collector",
                );
            }
            (*h).flags |= mirror::flag::GC_TRACKED;
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_GC_UnTrack(p: *mut c_void) {
    crate::guard("PyObject_GC_UnTrack", || {
        let o = p as *mut PyObject;
        if !o.is_null() && ctype::is_cinst(o) {
            (*mirror::head(o)).flags &= !mirror::flag::GC_TRACKED;
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_GC_IsTracked(p: *mut PyObject) -> c_int {
    crate::guard("PyObject_GC_IsTracked", || {
        if p.is_null() || mirror::is_static(p) {
            return 0;
        }
        if ctype::is_cinst(p) {
            return ((*mirror::head(p)).flags & mirror::flag::GC_TRACKED != 0) as c_int;
        }
        // Pyrite's containers are tracked by the collector
        let v = mirror::from_c(p);
        v.payload().is_some_and(|pl| pl.is_container()) as c_int
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_GC_IsFinalized(_p: *mut PyObject) -> c_int {
    0
}

/// `_PyObject_GC_Resize(op, n)`: resizing a variable-size C instance is not possible
/// once it may have moved; supported only while Python has not seen it.
#[no_mangle]
pub unsafe extern "C" fn _PyObject_GC_Resize(
    op: *mut PyVarObject,
    n: Py_ssize_t,
) -> *mut PyVarObject {
    crate::guard("_PyObject_GC_Resize", || {
        let p = op as *mut PyObject;
        if p.is_null() || !ctype::is_cinst(p) || n < 0 || !(*mirror::head(p)).obj.is_null() {
            err::set_pyerr(bad_internal("_PyObject_GC_Resize"));
            return null_mut();
        }
        let t = (*p).ob_type;
        let nb = (*t).tp_basicsize as usize + (*t).tp_itemsize.max(0) as usize * (n as usize + 1);
        let base = mirror::head(p) as *mut u8;
        ctype::forget_instance(p);
        let nbase = libc::realloc(base as *mut c_void, mirror::HEAD_SIZE + nb) as *mut u8;
        if nbase.is_null() {
            ctype::remember_instance(p);
            err::set_pyerr(PyErr::new(&exc().memory_error, ""));
            return null_mut();
        }
        let np = nbase.add(mirror::HEAD_SIZE) as *mut PyObject;
        ctype::remember_instance(np);
        (*(np as *mut PyVarObject)).ob_size = n;
        np as *mut PyVarObject
    })
}

/// `PyObject_CallFinalizerFromDealloc`: run `tp_finalize` from a destructor; 0 when
/// the object may be freed (Pyrite does not support resurrection from finalizers).
#[no_mangle]
pub unsafe extern "C" fn PyObject_CallFinalizerFromDealloc(p: *mut PyObject) -> c_int {
    crate::guard("PyObject_CallFinalizerFromDealloc", || {
        let t = (*p).ob_type;
        if let Some(f) = (*t).tp_finalize {
            let saved = err::take();
            (*p).ob_refcnt += 1;
            f(p);
            (*p).ob_refcnt -= 1;
            err::restore(saved);
        }
        0
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_CallFinalizer(p: *mut PyObject) {
    let t = (*p).ob_type;
    if let Some(f) = (*t).tp_finalize {
        f(p);
    }
}
