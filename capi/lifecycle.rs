//! Program entry points and interpreter lifecycle (`Py_BytesMain`, `Py_Main`).

use std::ffi::CStr;
use std::os::raw::{c_char, c_int};

/// `int Py_BytesMain(int argc, char **argv)`: run the `pyrite` command line.
#[no_mangle]
pub extern "C" fn Py_BytesMain(argc: c_int, argv: *mut *mut c_char) -> c_int {
    crate::install_panic_hook();
    let mut args = Vec::new();
    for i in 0..argc.max(0) as usize {
        // SAFETY: the caller passes argc valid NUL-terminated strings.
        let p = unsafe { *argv.add(i) };
        if p.is_null() {
            break;
        }
        args.push(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned());
    }
    crate::guard("Py_BytesMain", || pyrite_vm::main_with_args(args))
}
