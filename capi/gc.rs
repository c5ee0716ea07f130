//! The cycle collector from C (`PyGC_*`) and the GC hooks of objects
//! (`PyObject_GC_Track` & co.: Pyrite's collector finds containers itself).

use emulation::layout::*;
use std::os::raw::c_int;

#[no_mangle]
pub extern "C" fn PyGC_Collect() -> Py_ssize_t {
    crate::guard("PyGC_Collect", || {
        emulation::enter_py(pyrite_vm::gc::collect) as Py_ssize_t
    })
}

#[no_mangle]
pub extern "C" fn PyGC_Enable() -> c_int {
    let was = pyrite_vm::gc::is_enabled();
    pyrite_vm::gc::set_enabled(true);
    was as c_int
}

#[no_mangle]
pub extern "C" fn PyGC_Disable() -> c_int {
    let was = pyrite_vm::gc::is_enabled();
    pyrite_vm::gc::set_enabled(false);
    was as c_int
}

#[no_mangle]
pub extern "C" fn PyGC_IsEnabled() -> c_int {
    pyrite_vm::gc::is_enabled() as c_int
}
