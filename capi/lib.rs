//! `libpyrite.so`: the whole Pyrite runtime plus the CPython-compatible C API.
//!
//! Every exported symbol lives under `capi/` (one file per API area, grouped as
//! CPython's documentation groups them); the handle table, refcount emulation and
//! native mirrors live in the `emulation` crate. Variadic entry points
//! (`PyArg_ParseTuple`, `Py_BuildValue`, `PyErr_Format`, ...) are small C shims
//! (`capi/shims.c`, compiled by `build.rs`) that hand a `va_list` to the Rust
//! functions of `arg.rs`/`unicode.rs` through the accessors of [`va`].
//!
//! Architecture Invariant: no Rust panic crosses the C boundary. Every `extern "C"`
//! function runs its body through [`guard`], which turns a panic into a fatal error.
//! Python errors become the C convention: the thread's error indicator is set and the
//! function returns NULL / -1.

#![allow(non_snake_case, non_upper_case_globals, clippy::missing_safety_doc)]

pub use emulation;
pub use pyrite_vm;

pub mod abstract_;
pub mod arg;
pub mod bytes;
pub mod capsule;
pub mod codecs;
pub mod complex;
pub mod contextvar;
pub mod descr;
pub mod dict;
pub mod dynload;
pub mod errors;
pub mod eval;
pub mod fileobject;
pub mod float;
pub mod frame;
pub mod gc;
pub mod gil;
pub mod import;
pub mod interp;
pub mod lifecycle;
pub mod list;
pub mod long;
pub mod marshal;
pub mod mem;
pub mod methodobject;
pub mod module;
pub mod object;
pub mod os;
pub mod pycall;
pub mod pythread;
pub mod refcount;
pub mod set;
pub mod slice;
pub mod structseq;
pub mod sys;
pub mod tuple;
pub mod typeobject;
pub mod unicode;
pub mod unicode_codecs;
pub mod va;
pub mod weakref;

pub use emulation::layout::layout_facts;

use emulation::layout::PyObject;
use emulation::mirror;
use pyrite_vm::errors::{PyErr, PyResult};
use pyrite_vm::types::exceptions::exc;
use pyrite_vm::value::Value;
use std::os::raw::c_int;
use std::ptr::null_mut;

/// Run `f`, converting a panic into a clear fatal error instead of unwinding into C.
pub(crate) fn guard<T>(what: &str, f: impl FnOnce() -> T) -> T {
    emulation::guard(what, f)
}

/// Install a panic hook that reports internal errors as CPython reports fatal errors.
pub(crate) fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let loc = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        eprintln!(
            "Fatal Python error: internal error in Pyrite: {}{}",
            msg, loc
        );
    }));
}

/// Register the C boundary's hooks with the core (extension loading, mirror release).
pub fn install_hooks() {
    pyrite_vm::capi_hooks::install(pyrite_vm::capi_hooks::CapiHooks {
        object_dying: emulation::mirror::object_dying,
        extra_refs: emulation::mirror::extra_refs,
        load_extension: dynload::load_extension,
        extension_suffixes: dynload::EXTENSION_SUFFIXES,
        traverse_native: emulation::ctype::traverse_native,
        clear_native: emulation::ctype::clear_native,
        get_buffer: emulation::ctype::get_buffer,
        may_export: emulation::ctype::may_export,
    });
}

/// The interpreter is running and the static objects are linked.
pub(crate) fn ensure_ready() {
    if !emulation::is_initialized() {
        emulation::init();
    }
}

// ---- helpers shared by the API files ----

/// `SystemError: bad argument to internal function` (or a fatal error in debug mode).
pub(crate) fn bad_internal(func: &str) -> PyErr {
    if mirror::debug() {
        mirror::fatal(func, "NULL or invalid object passed");
    }
    PyErr::new(
        &exc().system_error,
        format!("{}: bad argument to internal function", func),
    )
}

/// The value of an argument (`Err` for NULL).
#[inline]
pub(crate) unsafe fn val(p: *mut PyObject, func: &str) -> PyResult<Value> {
    if p.is_null() {
        return Err(bad_internal(func));
    }
    mirror::check_live(func, p);
    Ok(mirror::from_c(p))
}

/// An API function returning a new reference.
#[inline]
pub(crate) fn obj_api(func: &str, f: impl FnOnce() -> PyResult<Value>) -> *mut PyObject {
    guard(func, || emulation::ret_obj(f()))
}

/// An API function returning a borrowed pointer (or NULL with an error).
#[inline]
pub(crate) fn ptr_api(func: &str, f: impl FnOnce() -> PyResult<*mut PyObject>) -> *mut PyObject {
    guard(func, || match f() {
        Ok(p) => p,
        Err(e) => {
            emulation::err::set_pyerr(e);
            null_mut()
        }
    })
}

/// An API function returning an int status/value (-1 on error).
#[inline]
pub(crate) fn int_api(func: &str, f: impl FnOnce() -> PyResult<c_int>) -> c_int {
    guard(func, || emulation::ret_int(f()))
}

/// An API function returning a `Py_ssize_t` (-1 on error).
#[inline]
pub(crate) fn ssize_api(func: &str, f: impl FnOnce() -> PyResult<isize>) -> isize {
    guard(func, || emulation::ret_ssize(f()))
}

/// Run Python-level code on behalf of C (see `emulation::enter_py`).
#[inline]
pub(crate) fn py<T>(f: impl FnOnce() -> T) -> T {
    emulation::enter_py(f)
}

pub(crate) fn type_error(msg: impl Into<String>) -> PyErr {
    pyrite_vm::errors::type_error(msg)
}

pub(crate) fn system_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&exc().system_error, msg)
}

/// A C string argument as `&str` (`Err` for NULL or invalid UTF-8).
pub(crate) unsafe fn cstr<'a>(p: *const std::os::raw::c_char, func: &str) -> PyResult<&'a str> {
    if p.is_null() {
        return Err(bad_internal(func));
    }
    std::ffi::CStr::from_ptr(p).to_str().map_err(|_| {
        PyErr::new(
            &exc().unicode_decode_error,
            format!("{}: invalid UTF-8 in C string", func),
        )
    })
}
