//! The error type shared by every function of this crate.

use std::fmt;

/// The Python exception class a [`FormatError`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `ValueError`
    ValueError,
    /// `OverflowError`
    OverflowError,
    /// `TypeError`
    TypeError,
    /// `MemoryError` (a result would be absurdly large; CPython fails to allocate it)
    MemoryError,
    /// `IndexError` (`str.format` replacement index out of range)
    IndexError,
    /// `ZeroDivisionError`
    ZeroDivisionError,
}

impl ErrorKind {
    /// The exception class name exactly as CPython spells it (`"ValueError"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::ValueError => "ValueError",
            ErrorKind::OverflowError => "OverflowError",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::MemoryError => "MemoryError",
            ErrorKind::IndexError => "IndexError",
            ErrorKind::ZeroDivisionError => "ZeroDivisionError",
        }
    }
}

/// A Python exception to raise: its class and its exact CPython 3.11 message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FormatError {
    /// Which exception class to raise.
    pub kind: ErrorKind,
    /// The message (`str(exc)`), identical to CPython 3.11's.
    pub message: String,
}

impl FormatError {
    /// A `ValueError` with the given message.
    pub fn value(message: impl Into<String>) -> Self {
        FormatError {
            kind: ErrorKind::ValueError,
            message: message.into(),
        }
    }
    /// An `OverflowError` with the given message.
    pub fn overflow(message: impl Into<String>) -> Self {
        FormatError {
            kind: ErrorKind::OverflowError,
            message: message.into(),
        }
    }
    /// A `TypeError` with the given message.
    pub fn type_error(message: impl Into<String>) -> Self {
        FormatError {
            kind: ErrorKind::TypeError,
            message: message.into(),
        }
    }
    /// A `MemoryError` (empty message, as CPython's allocation failures).
    pub fn memory() -> Self {
        FormatError {
            kind: ErrorKind::MemoryError,
            message: String::new(),
        }
    }
    /// The exception class name (`"ValueError"`, `"OverflowError"`, ...).
    pub fn type_name(&self) -> &'static str {
        self.kind.name()
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            f.write_str(self.kind.name())
        } else {
            write!(f, "{}: {}", self.kind.name(), self.message)
        }
    }
}

impl std::error::Error for FormatError {}

/// Result alias used throughout the crate.
pub type FormatResult<T> = Result<T, FormatError>;

/// Results longer than this many bytes are refused with `MemoryError` instead of being
/// allocated (CPython raises `MemoryError` for e.g. `format(1, '999999999999')`).
pub const MAX_RESULT_LEN: usize = 1 << 32;

/// `MemoryError` if a result of `len` bytes would be too large.
pub(crate) fn check_len(len: usize) -> FormatResult<()> {
    if len > MAX_RESULT_LEN {
        Err(FormatError::memory())
    } else {
        Ok(())
    }
}
