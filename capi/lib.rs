//! `libpyrite.so`: the whole Pyrite runtime plus the CPython-compatible C API.
//!
//! Every exported symbol lives under `capi/` (one file per API area); the handle table,
//! refcount emulation and native mirrors live in the `emulation` crate.
//!
//! Architecture Invariant: no Rust panic crosses the C boundary. Every `extern "C"`
//! function runs its body through [`guard`], which turns a panic into a fatal error.

pub use pyrite_vm;

pub mod lifecycle;

use std::os::raw::c_int;

/// Run `f`, converting a panic into a clear fatal error instead of unwinding into C.
pub(crate) fn guard<T>(what: &str, f: impl FnOnce() -> T) -> T {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            pyrite_vm::vm::fatal(&format!("{}: internal error: {}", what, msg))
        }
    }
}

/// Install a panic hook that reports internal errors as CPython reports fatal errors.
pub(crate) fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let loc = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        eprintln!("Fatal Python error: internal error in Pyrite: {}{}", msg, loc);
    }));
}

#[allow(dead_code)]
fn _assert_c_int(_: c_int) {}
