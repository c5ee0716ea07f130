//! Pyrite's compiler: Python 3.11 source text to [`code::CodeObject`]s.
//!
//! Pipeline: `ruff_python_parser` (AST) -> `symtable` (scopes) -> `codegen` (bytecode).
//!
//! Architecture Invariant: this crate knows nothing about the VM or runtime objects;
//! its output is plain data that can be serialized (the .pyc cache) and shared.

pub mod bytecode;
pub mod code;
mod error;

pub use error::{SyntaxErrorInfo, SyntaxErrorKind};

/// What the source is compiled as (`compile()`'s mode argument).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A module / `exec` (statements).
    Exec,
    /// A single expression, its value is returned (`eval`).
    Eval,
    /// One interactive statement: expression statements call `PrintExpr`.
    Single,
}

/// Options for [`compile`].
#[derive(Clone, Debug, Default)]
pub struct CompileOptions {
    /// `-O` level: 1 drops asserts and `__debug__` blocks, 2 also docstrings.
    pub optimize: u32,
}

/// Compile `source` (already decoded text) into a code object.
pub fn compile(
    source: &str,
    filename: &str,
    mode: Mode,
    options: &CompileOptions,
) -> Result<code::CodeObject, SyntaxErrorInfo> {
    let _ = (source, filename, mode, options);
    Err(SyntaxErrorInfo::new(
        SyntaxErrorKind::SyntaxError,
        "the compiler is not written yet",
        filename,
    ))
}
