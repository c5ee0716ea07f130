//! Compile errors, carrying what CPython's `SyntaxError` carries.

/// Which exception class the VM raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    SyntaxError,
    IndentationError,
    TabError,
    /// Nesting too deep for the compiler ("maximum recursion depth exceeded during compilation").
    RecursionError,
    /// The source is too large for the compiler's tables (a `MemoryError` in Python).
    MemoryError,
}

/// A `SyntaxError` (or subclass) with CPython's attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxErrorInfo {
    pub kind: SyntaxErrorKind,
    pub msg: String,
    pub filename: String,
    /// 1-based; 0 when unknown.
    pub lineno: u32,
    /// 1-based column in characters (CPython's `offset`); 0 when unknown.
    pub offset: u32,
    pub end_lineno: u32,
    pub end_offset: u32,
    /// The source line (with its newline), if known.
    pub text: Option<String>,
}

impl SyntaxErrorInfo {
    pub fn new(kind: SyntaxErrorKind, msg: impl Into<String>, filename: &str) -> Self {
        SyntaxErrorInfo {
            kind,
            msg: msg.into(),
            filename: filename.to_string(),
            lineno: 0,
            offset: 0,
            end_lineno: 0,
            end_offset: 0,
            text: None,
        }
    }
}
