//! Reference counting: `_Py_Dealloc` (reached when an inline `Py_DECREF` brings a count
//! to zero) and the out-of-line increments/decrements.

use emulation::layout::PyObject;
use emulation::mirror;

/// `void _Py_Dealloc(PyObject *op)`.
#[no_mangle]
pub unsafe extern "C" fn _Py_Dealloc(op: *mut PyObject) {
    crate::guard("_Py_Dealloc", || {
        if !op.is_null() {
            mirror::dealloc(op)
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn Py_IncRef(op: *mut PyObject) {
    if !op.is_null() {
        mirror::check_live("Py_IncRef", op);
        mirror::incref(op);
    }
}

#[no_mangle]
pub unsafe extern "C" fn Py_DecRef(op: *mut PyObject) {
    if !op.is_null() {
        mirror::check_live("Py_DecRef", op);
        crate::guard("Py_DecRef", || mirror::decref(op));
    }
}

#[no_mangle]
pub unsafe extern "C" fn _Py_IncRef(op: *mut PyObject) {
    Py_IncRef(op)
}

#[no_mangle]
pub unsafe extern "C" fn _Py_DecRef(op: *mut PyObject) {
    Py_DecRef(op)
}

#[no_mangle]
pub unsafe extern "C" fn Py_NewRef(op: *mut PyObject) -> *mut PyObject {
    Py_IncRef(op);
    op
}

#[no_mangle]
pub unsafe extern "C" fn Py_XNewRef(op: *mut PyObject) -> *mut PyObject {
    Py_IncRef(op);
    op
}

/// `int Py_Is(PyObject *x, PyObject *y)`.
#[no_mangle]
pub unsafe extern "C" fn Py_Is(x: *mut PyObject, y: *mut PyObject) -> std::os::raw::c_int {
    (x == y) as std::os::raw::c_int
}

#[no_mangle]
pub unsafe extern "C" fn Py_IsNone(x: *mut PyObject) -> std::os::raw::c_int {
    (x == emulation::statics::none()) as std::os::raw::c_int
}

#[no_mangle]
pub unsafe extern "C" fn Py_IsTrue(x: *mut PyObject) -> std::os::raw::c_int {
    (x == emulation::statics::py_true()) as std::os::raw::c_int
}

#[no_mangle]
pub unsafe extern "C" fn Py_IsFalse(x: *mut PyObject) -> std::os::raw::c_int {
    (x == emulation::statics::py_false()) as std::os::raw::c_int
}

/// `_Py_NewReference(op)`: (re)initialize the count of an object C allocated itself.
#[no_mangle]
pub unsafe extern "C" fn _Py_NewReference(op: *mut PyObject) {
    if !op.is_null() {
        (*op).ob_refcnt = 1;
    }
}
