//! Code objects: the immutable, serializable output of the compiler.
//!
//! Architecture Invariant: nothing here refers to runtime objects. Constants are plain
//! data ([`Constant`]); the VM turns them into Python objects once per code object.

use crate::bytecode::Instr;
use num_bigint::BigInt;
use std::sync::Arc;

/// Code flags (the CPython `co_flags` bit values, so `inspect` keeps working).
pub mod flags {
    pub const OPTIMIZED: u32 = 0x0001;
    pub const NEWLOCALS: u32 = 0x0002;
    pub const VARARGS: u32 = 0x0004;
    pub const VARKEYWORDS: u32 = 0x0008;
    pub const NESTED: u32 = 0x0010;
    pub const GENERATOR: u32 = 0x0020;
    pub const NOFREE: u32 = 0x0040;
    pub const COROUTINE: u32 = 0x0080;
    pub const ITERABLE_COROUTINE: u32 = 0x0100;
    pub const ASYNC_GENERATOR: u32 = 0x0200;
}

/// A compile-time constant.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    None,
    Ellipsis,
    Bool(bool),
    /// An int that fits in i64.
    Int(i64),
    /// Any other int.
    BigInt(BigInt),
    Float(f64),
    Complex {
        re: f64,
        im: f64,
    },
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    Tuple(Arc<[Constant]>),
    FrozenSet(Arc<[Constant]>),
    Code(Arc<CodeObject>),
}

/// Source position of one instruction, as CPython's `co_positions()`: 1-based lines,
/// 0-based UTF-8 byte columns. `line == 0` means "no position" (synthetic code).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Location {
    pub line: u32,
    pub end_line: u32,
    pub col: u32,
    pub end_col: u32,
}

/// A compiled body: module, class body, function, lambda or comprehension.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeObject {
    /// `co_name`: function name, `<module>`, `<lambda>`, `<listcomp>`, class name, ...
    pub name: Arc<str>,
    /// `co_qualname`: `Outer.method.<locals>.inner`.
    pub qualname: Arc<str>,
    pub filename: Arc<str>,
    pub firstlineno: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    /// See [`flags`].
    pub flags: u32,
    /// Fast locals: parameters first (positional, kw-only, then `*args`, `**kwargs`),
    /// then other locals. Used only when `flags & OPTIMIZED`.
    pub varnames: Vec<Arc<str>>,
    /// Variables of this scope captured by inner scopes (cells made at frame start).
    /// A parameter that is also a cellvar keeps its slot in `varnames`; the compiler emits
    /// `LoadFast(arg); StoreDeref(cell)` at the start of the body to move it into the cell,
    /// and afterwards the code only uses the cell.
    pub cellvars: Vec<Arc<str>>,
    /// Variables of enclosing scopes used here (cells received from the closure).
    pub freevars: Vec<Arc<str>>,
    /// Names for globals, attributes, `LoadName`, imports.
    pub names: Vec<Arc<str>>,
    pub consts: Vec<Constant>,
    pub instructions: Vec<Instr>,
    /// One per instruction.
    pub locations: Vec<Location>,
    /// Upper bound of the value stack depth (the VM may reserve this much).
    pub max_stackdepth: u32,
    /// The docstring for functions (`__doc__`); module and class docstrings are stored
    /// by the code itself (`StoreName("__doc__")`).
    pub docstring: Option<Arc<str>>,
}

impl CodeObject {
    pub fn has_flag(&self, f: u32) -> bool {
        self.flags & f != 0
    }
    /// Total number of parameters including `*args`/`**kwargs`.
    pub fn total_args(&self) -> usize {
        let mut n = (self.argcount + self.kwonlyargcount) as usize;
        if self.has_flag(flags::VARARGS) {
            n += 1;
        }
        if self.has_flag(flags::VARKEYWORDS) {
            n += 1;
        }
        n
    }
    /// The line of instruction `i` (0 if it has none).
    pub fn line_of(&self, i: usize) -> u32 {
        self.locations.get(i).map(|l| l.line).unwrap_or(0)
    }
}
