//! A helper for C-API functions whose behaviour is the standard library's: call
//! `module.func(*args)` (importing the module).

use pyrite_vm::errors::PyResult;
use pyrite_vm::value::Value;

pub(crate) fn call_mod(module: &str, func: &str, args: &[Value]) -> PyResult<Value> {
    crate::py(|| {
        let m = pyrite_vm::modules::osutil::import(module)?;
        let f = pyrite_vm::ops::attr::getattr(&m, func)?;
        pyrite_vm::ops::call::call(&f, args, None)
    })
}

/// A C string argument (`default` for NULL).
///
/// # Safety
/// `p` is NULL or NUL-terminated.
pub(crate) unsafe fn cstr_or(p: *const std::os::raw::c_char, default: &str) -> String {
    if p.is_null() {
        default.to_string()
    } else {
        std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}
