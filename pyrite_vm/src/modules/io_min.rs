//! Entry points the rest of the interpreter uses for I/O (tracebacks, warnings,
//! `print`, `open`, errors of the loader); they forward to the `_io` implementation
//! (`io_mod.rs` and friends) and `osutil`.

use crate::errors::*;
use crate::types::function::Kw;
use crate::value::Value;

/// `OSError` (subclass by errno) from a Rust I/O error.
pub fn os_err(e: std::io::Error, filename: Option<Value>) -> PyErr {
    crate::modules::osutil::io_error(&e, filename)
}

/// Whether `v` is a native text stream (`print` builds its output in one piece).
pub fn is_native_stream(v: &Value) -> bool {
    crate::modules::io_mod::is_native_text(v)
}

/// `file.write(text)`.
pub fn write_to(file: &Value, text: &str) -> PyResult<()> {
    crate::modules::io_mod::write_to(file, text)
}

/// Flush `sys.stdout` and `sys.stderr` (errors ignored).
pub fn flush_std() {
    crate::modules::io_mod::flush_std()
}

/// `builtins.open`.
pub fn open(args: &[Value], kw: Kw) -> PyResult<Value> {
    crate::modules::io_mod::open(args, kw)
}
