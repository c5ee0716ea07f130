//! Pyrite's compiler: Python 3.11 source text to [`code::CodeObject`]s.
//!
//! Pipeline: `tokenizer` (CPython-compatible token checks: nesting limits, tokenizer
//! errors) -> `ruff_python_parser` (AST) -> `symtable` (scopes) -> `codegen` (bytecode)
//! -> `flow` (stack depth).
//!
//! Architecture Invariant: this crate knows nothing about the VM or runtime objects;
//! its output is plain data that can be serialized (the .pyc cache) and shared.
//!
//! Robustness: every input gives `Ok` or `Err(SyntaxErrorInfo)`. Compilation runs on a
//! dedicated, large, lazily committed stack (`stacker::grow`), nesting is bounded before
//! parsing, and every recursive pass counts its depth.

pub mod bytecode;
pub mod code;
mod codegen;
mod codepages;
mod depth;
pub mod dis;
mod error;
mod errors;
pub mod flow;
pub mod serialize;
mod source;
pub mod symtable;
mod tokenizer;
mod unparse;

pub use dis::disassemble;
pub use error::{SyntaxErrorInfo, SyntaxErrorKind};
pub use source::decode_source;

use ruff_python_ast::{PythonVersion, Stmt};
use ruff_python_parser::{parse_unchecked, Mode as RuffMode, ParseOptions};
use ruff_text_size::Ranged;

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

/// Stack reserved (lazily committed) for one compilation.
const COMPILE_STACK: usize = 256 * 1024 * 1024;

/// Compile `source` (already decoded text) into a code object.
pub fn compile(
    source: &str,
    filename: &str,
    mode: Mode,
    options: &CompileOptions,
) -> Result<code::CodeObject, SyntaxErrorInfo> {
    stacker::grow(COMPILE_STACK, || {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            compile_inner(source, filename, mode, options)
        })) {
            Ok(r) => r,
            Err(_) => Err(SyntaxErrorInfo::new(
                SyntaxErrorKind::SyntaxError,
                "invalid syntax",
                filename,
            )),
        }
    })
}

fn compile_inner(
    source: &str,
    filename: &str,
    mode: Mode,
    options: &CompileOptions,
) -> Result<code::CodeObject, SyntaxErrorInfo> {
    if source.len() >= u32::MAX as usize / 2 {
        return Err(SyntaxErrorInfo::new(
            SyntaxErrorKind::MemoryError,
            "",
            filename,
        ));
    }
    if source.contains('\0') {
        return Err(SyntaxErrorInfo::new(
            SyntaxErrorKind::SyntaxError,
            "source code string cannot contain null bytes",
            filename,
        ));
    }
    let lines = source::LineIndex::new(source);
    // CPython-compatible token-level checks, and bounds on nesting before the
    // (recursive) parser runs.
    let tok = tokenizer::check(source, filename, &lines, mode == Mode::Eval);
    if let Some(e) = &tok.fatal {
        return Err(e.clone());
    }
    let ruff_mode = match mode {
        Mode::Exec | Mode::Single => RuffMode::Module,
        Mode::Eval => RuffMode::Expression,
    };
    let parsed = parse_unchecked(
        source,
        ParseOptions::from(ruff_mode).with_target_version(PythonVersion::PY311),
    );
    if let Some(e) = errors::first_error(&parsed, source, filename, &lines, &tok, mode) {
        // Dropping the AST is recursive: it is bounded by the nesting checks above.
        return Err(e);
    }
    let syntax = parsed.into_syntax();
    match syntax {
        ruff_python_ast::Mod::Module(m) => {
            if mode == Mode::Single {
                if m.body.is_empty() {
                    return Err(SyntaxErrorInfo::new(
                        SyntaxErrorKind::SyntaxError,
                        "invalid syntax",
                        filename,
                    ));
                }
                check_single(&m.body, filename, &lines)?;
            }
            let future = future_features(&m.body, filename, &lines)?;
            let table = symtable::build(&m.body, None, &lines, filename, future.annotations)?;
            let mut c = codegen::Compiler::new(
                &table,
                &lines,
                filename,
                options.optimize,
                future.annotations,
                mode == Mode::Single,
            );
            c.set_future_stmts(future.stmts);
            c.compile_module(&m.body)
        }
        ruff_python_ast::Mod::Expression(e) => {
            let table = symtable::build(&[], Some(&e.body), &lines, filename, false)?;
            let c =
                codegen::Compiler::new(&table, &lines, filename, options.optimize, false, false);
            c.compile_expression(&e.body)
        }
    }
}

fn check_single(
    body: &[Stmt],
    filename: &str,
    lines: &source::LineIndex,
) -> Result<(), SyntaxErrorInfo> {
    if body.len() > 1 {
        let first_line = lines.line_col(body[0].range().start().into()).0;
        let first_end = lines.line_col(body[0].range().end().into()).0;
        for s in &body[1..] {
            let l = lines.line_col(s.range().start().into()).0;
            if l != first_line
                || matches!(
                    body[0],
                    Stmt::FunctionDef(_)
                        | Stmt::ClassDef(_)
                        | Stmt::If(_)
                        | Stmt::For(_)
                        | Stmt::While(_)
                        | Stmt::With(_)
                        | Stmt::Try(_)
                        | Stmt::Match(_)
                )
                || l > first_end
            {
                return Err(lines.error_at(
                    SyntaxErrorKind::SyntaxError,
                    "multiple statements found while compiling a single statement",
                    filename,
                    body[0].range(),
                    true,
                ));
            }
        }
    }
    Ok(())
}

pub(crate) struct Future {
    pub annotations: bool,
    /// Start offsets of the valid (leading) `from __future__` statements.
    pub stmts: Vec<u32>,
}

fn future_features(
    body: &[Stmt],
    filename: &str,
    lines: &source::LineIndex,
) -> Result<Future, SyntaxErrorInfo> {
    let mut f = Future {
        annotations: false,
        stmts: Vec::new(),
    };
    let mut done = false;
    for (i, s) in body.iter().enumerate() {
        if i == 0 && codegen::docstring_of(body).is_some() {
            continue;
        }
        match s {
            Stmt::ImportFrom(imp)
                if imp.level == 0
                    && imp
                        .module
                        .as_ref()
                        .is_some_and(|m| m.as_str() == "__future__") =>
            {
                if done {
                    return Err(lines.error_at(
                        SyntaxErrorKind::SyntaxError,
                        "from __future__ imports must occur at the beginning of the file",
                        filename,
                        s.range(),
                        false,
                    ));
                }
                f.stmts.push(s.range().start().into());
                for a in &imp.names {
                    if a.name.as_str() == "annotations" {
                        f.annotations = true;
                    }
                }
            }
            _ => done = true,
        }
    }
    Ok(f)
}
