//! AST -> bytecode.
//!
//! One [`Unit`] per code object being compiled (module, class body, function, lambda,
//! comprehension). Jumps are emitted against [`Label`]s and patched when the unit is
//! assembled; the maximum stack depth is then computed by flow analysis (`flow.rs`).

use crate::bytecode::{format_value, make_function, BinOp, CmpOp, Instr};
use crate::code::{flags as co, CodeObject, Constant, Location};
use crate::error::{SyntaxErrorInfo, SyntaxErrorKind};
use crate::source::LineIndex;
use crate::symtable::{self, mangle, CompKind, Scope, ScopeId, ScopeKind, SymbolTable};
use num_bigint::BigInt;
use ruff_python_ast as ast;
use ruff_python_ast::{Expr, ExprContext, Pattern, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::collections::HashMap;
use std::sync::Arc;

pub type R<T = ()> = Result<T, SyntaxErrorInfo>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label(u32);

/// Maximum static block nesting (CPython's CO_MAXBLOCKS).
const MAX_BLOCKS: usize = 20;
/// Above this many items, displays and calls are built incrementally.
const STACK_USE_GUIDELINE: usize = 30;

#[derive(Clone)]
enum FBlock<'a> {
    WhileLoop {
        start: Label,
        exit: Label,
    },
    ForLoop {
        start: Label,
        exit: Label,
    },
    TryExcept,
    FinallyTry {
        body: &'a [Stmt],
    },
    FinallyEnd,
    With {
        is_async: bool,
    },
    HandlerCleanup {
        name: Option<&'a str>,
    },
    PopValue,
    ExceptionGroupHandler,
    /// The body of an `async for` in a comprehension: nothing to unwind (not reachable by
    /// break/continue/return).
    AsyncComprehension,
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum ConstKey {
    None,
    Ellipsis,
    Bool(bool),
    Int(i64),
    BigInt(BigInt),
    Float(u64),
    Complex(u64, u64),
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    Tuple(Vec<ConstKey>),
    FrozenSet(Vec<ConstKey>),
    Code(usize),
}

fn const_key(c: &Constant, counter: &mut usize) -> ConstKey {
    match c {
        Constant::None => ConstKey::None,
        Constant::Ellipsis => ConstKey::Ellipsis,
        Constant::Bool(b) => ConstKey::Bool(*b),
        Constant::Int(i) => ConstKey::Int(*i),
        Constant::BigInt(b) => ConstKey::BigInt(b.clone()),
        Constant::Float(f) => ConstKey::Float(f.to_bits()),
        Constant::Complex { re, im } => ConstKey::Complex(re.to_bits(), im.to_bits()),
        Constant::Str(s) => ConstKey::Str(s.clone()),
        Constant::Bytes(b) => ConstKey::Bytes(b.clone()),
        Constant::Tuple(t) => ConstKey::Tuple(t.iter().map(|c| const_key(c, counter)).collect()),
        Constant::FrozenSet(t) => {
            ConstKey::FrozenSet(t.iter().map(|c| const_key(c, counter)).collect())
        }
        Constant::Code(_) => {
            *counter += 1;
            ConstKey::Code(*counter)
        }
    }
}

struct Unit<'a> {
    scope: ScopeId,
    kind: ScopeKind,
    name: Arc<str>,
    qualname: Arc<str>,
    private: Option<String>,
    instrs: Vec<Instr>,
    locs: Vec<Location>,
    labels: Vec<u32>,
    jumps: Vec<usize>,
    consts: Vec<Constant>,
    const_map: HashMap<ConstKey, u32>,
    names: Vec<Arc<str>>,
    name_map: HashMap<Arc<str>, u32>,
    varnames: Vec<Arc<str>>,
    varname_map: HashMap<Arc<str>, u32>,
    cellvars: Vec<String>,
    freevars: Vec<String>,
    fblocks: Vec<FBlock<'a>>,
    loc: Location,
    argcount: u32,
    posonlyargcount: u32,
    kwonlyargcount: u32,
    flags: u32,
    firstlineno: u32,
    docstring: Option<Arc<str>>,
    /// >0: compiling dead code (constant-false `if`): instructions are discarded.
    no_emit: u32,
    is_async_def: bool,
    code_counter: usize,
}

impl<'a> Unit<'a> {
    fn emit(&mut self, i: Instr) {
        if self.no_emit > 0 {
            return;
        }
        self.instrs.push(i);
        self.locs.push(self.loc);
    }
}

pub struct Compiler<'a> {
    table: &'a SymbolTable,
    lines: &'a LineIndex<'a>,
    filename: Arc<str>,
    source: &'a str,
    optimize: u32,
    future_annotations: bool,
    interactive: bool,
    units: Vec<Unit<'a>>,
    depth: u32,
    future_stmts: Vec<u32>,
}

fn is_jump(i: &Instr) -> bool {
    matches!(
        i,
        Instr::Jump(_)
            | Instr::PopJumpIfFalse(_)
            | Instr::PopJumpIfTrue(_)
            | Instr::JumpIfFalseOrPop(_)
            | Instr::JumpIfTrueOrPop(_)
            | Instr::PopJumpIfNone(_)
            | Instr::PopJumpIfNotNone(_)
            | Instr::ForIter(_)
            | Instr::SetupFinally(_)
            | Instr::SetupWith(_)
            | Instr::SetupAsyncWith(_)
            | Instr::JumpIfNotExcMatch(_)
    )
}

pub fn set_jump_target(i: &mut Instr, t: u32) {
    match i {
        Instr::Jump(x)
        | Instr::PopJumpIfFalse(x)
        | Instr::PopJumpIfTrue(x)
        | Instr::JumpIfFalseOrPop(x)
        | Instr::JumpIfTrueOrPop(x)
        | Instr::PopJumpIfNone(x)
        | Instr::PopJumpIfNotNone(x)
        | Instr::ForIter(x)
        | Instr::SetupFinally(x)
        | Instr::SetupWith(x)
        | Instr::SetupAsyncWith(x)
        | Instr::JumpIfNotExcMatch(x) => *x = t,
        _ => {}
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NameCtx {
    Load,
    Store,
    Del,
}

/// State of one `case` pattern being compiled (see `compile_pattern`).
struct PatternCtx {
    /// Names captured so far, in order; their values sit on the stack below `on_top` items,
    /// the first capture nearest the top.
    stores: Vec<String>,
    allow_irrefutable: bool,
    /// `fail_pop[n]`: label that pops n items and then fails.
    fail_pop: Vec<Label>,
    /// Items on the stack above the captured values that must be popped on failure.
    on_top: usize,
}

impl<'a> Compiler<'a> {
    pub fn new(
        table: &'a SymbolTable,
        lines: &'a LineIndex<'a>,
        filename: &str,
        optimize: u32,
        future_annotations: bool,
        interactive: bool,
    ) -> Self {
        Compiler {
            table,
            lines,
            filename: filename.into(),
            source: lines.source,
            optimize,
            future_annotations,
            interactive,
            units: Vec::new(),
            depth: 0,
            future_stmts: Vec::new(),
        }
    }

    pub fn set_future_stmts(&mut self, v: Vec<u32>) {
        self.future_stmts = v;
    }

    // ------------------------------------------------------------------ errors

    fn error(&self, msg: impl Into<String>, range: TextRange) -> SyntaxErrorInfo {
        self.lines.error_at(
            SyntaxErrorKind::SyntaxError,
            msg,
            &self.filename,
            range,
            false,
        )
    }

    fn guard<T, F: FnOnce(&mut Self) -> R<T>>(&mut self, f: F) -> R<T> {
        self.depth += 1;
        if self.depth > symtable::MAX_DEPTH {
            self.depth -= 1;
            return Err(symtable::recursion_error(&self.filename));
        }
        let r = stacker::maybe_grow(64 * 1024, 1024 * 1024, || f(self));
        self.depth -= 1;
        r
    }

    // ------------------------------------------------------------------ units

    fn u(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("no unit")
    }
    fn ur(&self) -> &Unit<'a> {
        self.units.last().expect("no unit")
    }

    fn enter_unit(&mut self, scope: ScopeId, name: &str, qualname: String, firstlineno: u32) {
        let info = &self.table.scopes[scope];
        let private = info.private.clone();
        let cellvars = info.cellvars();
        let freevars = info.freevars();
        let mut varnames = Vec::new();
        let mut varname_map = HashMap::new();
        for v in &info.varnames {
            let a: Arc<str> = v.as_str().into();
            if !varname_map.contains_key(&a) {
                varname_map.insert(a.clone(), varnames.len() as u32);
                varnames.push(a);
            }
        }
        let loc = Location {
            line: firstlineno,
            end_line: firstlineno,
            col: 0,
            end_col: 0,
        };
        self.units.push(Unit {
            scope,
            kind: info.kind,
            name: name.into(),
            qualname: qualname.into(),
            private,
            instrs: Vec::new(),
            locs: Vec::new(),
            labels: Vec::new(),
            jumps: Vec::new(),
            consts: Vec::new(),
            const_map: HashMap::new(),
            names: Vec::new(),
            name_map: HashMap::new(),
            varnames,
            varname_map,
            cellvars,
            freevars,
            fblocks: Vec::new(),
            loc,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            flags: 0,
            firstlineno,
            docstring: None,
            no_emit: 0,
            is_async_def: info.is_async_def,
            code_counter: 0,
        });
    }

    fn exit_unit(&mut self) -> CodeObject {
        let u = self.units.pop().expect("no unit");
        let info = &self.table.scopes[u.scope];
        let mut flags = u.flags;
        if info.kind.is_function_like() {
            flags |= co::OPTIMIZED | co::NEWLOCALS;
            if info.is_nested {
                flags |= co::NESTED;
            }
            match (info.is_coroutine, info.is_generator) {
                (true, false) => flags |= co::COROUTINE,
                (true, true) => flags |= co::ASYNC_GENERATOR,
                (false, true) => flags |= co::GENERATOR,
                _ => {}
            }
        }
        let mut instrs = u.instrs;
        for &j in &u.jumps {
            let target = match &instrs[j] {
                Instr::Jump(x)
                | Instr::PopJumpIfFalse(x)
                | Instr::PopJumpIfTrue(x)
                | Instr::JumpIfFalseOrPop(x)
                | Instr::JumpIfTrueOrPop(x)
                | Instr::PopJumpIfNone(x)
                | Instr::PopJumpIfNotNone(x)
                | Instr::ForIter(x)
                | Instr::SetupFinally(x)
                | Instr::SetupWith(x)
                | Instr::SetupAsyncWith(x)
                | Instr::JumpIfNotExcMatch(x) => u.labels.get(*x as usize).copied().unwrap_or(0),
                _ => continue,
            };
            let target = if target == u32::MAX { 0 } else { target };
            set_jump_target(&mut instrs[j], target);
        }
        let max_stackdepth = crate::flow::max_stack_depth(&instrs);
        CodeObject {
            name: u.name,
            qualname: u.qualname,
            filename: self.filename.clone(),
            firstlineno: u.firstlineno,
            argcount: u.argcount,
            posonlyargcount: u.posonlyargcount,
            kwonlyargcount: u.kwonlyargcount,
            flags,
            varnames: u.varnames,
            cellvars: u.cellvars.into_iter().map(|s| s.into()).collect(),
            freevars: u.freevars.into_iter().map(|s| s.into()).collect(),
            names: u.names,
            consts: u.consts,
            instructions: instrs,
            locations: u.locs,
            max_stackdepth,
            docstring: u.docstring,
        }
    }

    // ------------------------------------------------------------------ emission

    fn emit(&mut self, i: Instr) {
        debug_assert!(!is_jump(&i));
        self.u().emit(i);
    }

    fn new_label(&mut self) -> Label {
        let u = self.u();
        u.labels.push(u32::MAX);
        Label(u.labels.len() as u32 - 1)
    }

    fn bind(&mut self, l: Label) {
        let u = self.u();
        if u.no_emit > 0 {
            return;
        }
        u.labels[l.0 as usize] = u.instrs.len() as u32;
    }

    fn jump(&mut self, f: fn(u32) -> Instr, l: Label) {
        let u = self.u();
        if u.no_emit > 0 {
            return;
        }
        u.jumps.push(u.instrs.len());
        u.emit(f(l.0));
    }

    fn add_const(&mut self, c: Constant) -> u32 {
        let u = self.u();
        let key = const_key(&c, &mut u.code_counter);
        if let Some(&i) = u.const_map.get(&key) {
            return i;
        }
        let i = u.consts.len() as u32;
        u.consts.push(c);
        u.const_map.insert(key, i);
        i
    }

    fn load_const(&mut self, c: Constant) {
        let i = self.add_const(c);
        self.emit(Instr::LoadConst(i));
    }

    fn add_name(&mut self, name: &str) -> u32 {
        let u = self.u();
        if let Some(&i) = u.name_map.get(name) {
            return i;
        }
        let a: Arc<str> = name.into();
        let i = u.names.len() as u32;
        u.names.push(a.clone());
        u.name_map.insert(a, i);
        i
    }

    /// Add a name with private-name mangling applied.
    fn add_mangled(&mut self, name: &str) -> u32 {
        let m = mangle(self.ur().private.as_deref(), name).into_owned();
        self.add_name(&m)
    }

    fn add_varname(&mut self, name: &str) -> u32 {
        let u = self.u();
        if let Some(&i) = u.varname_map.get(name) {
            return i;
        }
        let a: Arc<str> = name.into();
        let i = u.varnames.len() as u32;
        u.varnames.push(a.clone());
        u.varname_map.insert(a, i);
        i
    }

    /// Start of the current location (for errors CPython reports at the enclosing node).
    fn lines_range_start(&self) -> ruff_text_size::TextSize {
        let l = self.ur().loc;
        let start = self.lines.line_start(l.line) + l.col;
        ruff_text_size::TextSize::new(start)
    }

    fn set_loc(&mut self, r: TextRange) -> Location {
        let l = self.lines.location(r);
        std::mem::replace(&mut self.u().loc, l)
    }
    fn restore_loc(&mut self, l: Location) {
        self.u().loc = l;
    }

    fn push_fblock(&mut self, b: FBlock<'a>, range: TextRange) -> R {
        if self.ur().fblocks.len() >= MAX_BLOCKS {
            return Err(self.error("too many statically nested blocks", range));
        }
        self.u().fblocks.push(b);
        Ok(())
    }
    fn pop_fblock(&mut self) {
        self.u().fblocks.pop();
    }

    fn scope_info(&self) -> &'a symtable::ScopeInfo {
        &self.table.scopes[self.ur().scope]
    }

    // ------------------------------------------------------------------ entry points

    pub fn compile_module(mut self, body: &'a [Stmt]) -> R<CodeObject> {
        self.enter_unit(0, "<module>", "<module>".into(), 1);
        if self.interactive {
            if find_ann(body) {
                self.emit(Instr::SetupAnnotations);
            }
            for s in body {
                self.visit_stmt(s)?;
            }
        } else {
            self.compile_body(body, true)?;
        }
        if let Some(last) = body.last() {
            let l = self.lines.location(last.range());
            self.u().loc = l;
        }
        self.load_const(Constant::None);
        self.emit(Instr::ReturnValue);
        Ok(self.exit_unit())
    }

    pub fn compile_expression(mut self, e: &'a Expr) -> R<CodeObject> {
        self.enter_unit(0, "<module>", "<module>".into(), 1);
        self.set_loc(e.range());
        self.visit_expr(e)?;
        self.emit(Instr::ReturnValue);
        Ok(self.exit_unit())
    }

    /// Module or class body: annotations setup, docstring, statements.
    fn compile_body(&mut self, body: &'a [Stmt], is_module: bool) -> R {
        let _ = is_module;
        if find_ann(body) {
            if let Some(first) = body.first() {
                self.set_loc(first.range());
            }
            self.emit(Instr::SetupAnnotations);
        }
        let mut rest = body;
        if let Some(doc) = docstring_of(body) {
            if self.optimize < 2 {
                let first = &body[0];
                self.set_loc(first.range());
                self.load_const(Constant::Str(doc.into()));
                let n = self.add_name("__doc__");
                self.emit(Instr::StoreName(n));
            }
            rest = &body[1..];
        }
        for s in rest {
            self.visit_stmt(s)?;
        }
        Ok(())
    }

    // ------------------------------------------------------------------ names

    fn name_op(&mut self, name: &str, ctx: NameCtx, range: TextRange) -> R {
        if name == "__debug__" {
            match ctx {
                NameCtx::Store => return Err(self.error("cannot assign to __debug__", range)),
                NameCtx::Del => return Err(self.error("cannot delete __debug__", range)),
                NameCtx::Load => {}
            }
        }
        let mangled = mangle(self.ur().private.as_deref(), name).into_owned();
        let info = self.scope_info();
        let scope = info.scope_of(&mangled);
        let function_like = info.kind.is_function_like();
        enum Op {
            Fast,
            Deref(u32),
            Global,
            Name,
        }
        let op = match scope {
            Scope::Free => {
                let u = self.ur();
                let idx =
                    u.freevars.iter().position(|n| *n == mangled).unwrap_or(0) + u.cellvars.len();
                Op::Deref(idx as u32)
            }
            Scope::Cell => {
                let idx = self
                    .ur()
                    .cellvars
                    .iter()
                    .position(|n| *n == mangled)
                    .unwrap_or(0);
                Op::Deref(idx as u32)
            }
            Scope::Local => {
                if function_like {
                    Op::Fast
                } else {
                    Op::Name
                }
            }
            Scope::GlobalImplicit => {
                if function_like {
                    Op::Global
                } else {
                    Op::Name
                }
            }
            Scope::GlobalExplicit => Op::Global,
            Scope::Unknown => Op::Name,
        };
        match op {
            Op::Fast => {
                let i = self.add_varname(&mangled);
                self.emit(match ctx {
                    NameCtx::Load => Instr::LoadFast(i),
                    NameCtx::Store => Instr::StoreFast(i),
                    NameCtx::Del => Instr::DeleteFast(i),
                });
            }
            Op::Deref(i) => {
                let class = self.ur().kind == ScopeKind::Class;
                self.emit(match ctx {
                    NameCtx::Load => {
                        if class {
                            Instr::LoadClassDeref(i)
                        } else {
                            Instr::LoadDeref(i)
                        }
                    }
                    NameCtx::Store => Instr::StoreDeref(i),
                    NameCtx::Del => Instr::DeleteDeref(i),
                });
            }
            Op::Global => {
                let i = self.add_name(&mangled);
                self.emit(match ctx {
                    NameCtx::Load => Instr::LoadGlobal(i),
                    NameCtx::Store => Instr::StoreGlobal(i),
                    NameCtx::Del => Instr::DeleteGlobal(i),
                });
            }
            Op::Name => {
                let i = self.add_name(&mangled);
                self.emit(match ctx {
                    NameCtx::Load => Instr::LoadName(i),
                    NameCtx::Store => Instr::StoreName(i),
                    NameCtx::Del => Instr::DeleteName(i),
                });
            }
        }
        Ok(())
    }

    /// Index of a cell (for `LoadClosure`) in the current unit.
    fn closure_index(&self, name: &str) -> u32 {
        let u = self.ur();
        if let Some(i) = u.cellvars.iter().position(|n| n == name) {
            return i as u32;
        }
        let i = u.freevars.iter().position(|n| n == name).unwrap_or(0);
        (u.cellvars.len() + i) as u32
    }

    // ------------------------------------------------------------------ statements

    fn visit_body(&mut self, body: &'a [Stmt]) -> R {
        for s in body {
            self.visit_stmt(s)?;
        }
        Ok(())
    }

    fn visit_stmt(&mut self, s: &'a Stmt) -> R {
        self.guard(|c| {
            let old = c.set_loc(s.range());
            let r = c.visit_stmt_inner(s);
            c.restore_loc(old);
            r
        })
    }

    fn visit_stmt_inner(&mut self, s: &'a Stmt) -> R {
        match s {
            Stmt::FunctionDef(f) => self.compile_function_def(f),
            Stmt::ClassDef(c) => self.compile_class_def(c),
            Stmt::Return(r) => self.compile_return(r),
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.compile_delete(t)?;
                }
                Ok(())
            }
            Stmt::Assign(a) => {
                self.visit_expr(&a.value)?;
                let n = a.targets.len();
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < n {
                        self.emit(Instr::Copy(1));
                    }
                    self.compile_store(t)?;
                }
                Ok(())
            }
            Stmt::AugAssign(a) => self.compile_augassign(a),
            Stmt::AnnAssign(a) => self.compile_annassign(a),
            Stmt::TypeAlias(t) => Err(self.error("invalid syntax", t.range)),
            Stmt::For(f) => {
                if f.is_async {
                    self.compile_async_for(f)
                } else {
                    self.compile_for(f)
                }
            }
            Stmt::While(w) => self.compile_while(w),
            Stmt::If(i) => self.compile_if(i),
            Stmt::With(w) => {
                if w.is_async {
                    if !self.ur().is_async_def {
                        return Err(self.error("'async with' outside async function", w.range));
                    }
                    self.compile_async_with(w, 0)
                } else {
                    self.compile_with(w, 0)
                }
            }
            Stmt::Match(m) => self.compile_match(m),
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.visit_expr(e)?;
                    n = 1;
                    if let Some(c) = &r.cause {
                        self.visit_expr(c)?;
                        n = 2;
                    }
                }
                self.emit(Instr::Raise(n));
                Ok(())
            }
            Stmt::Try(t) => {
                if t.is_star {
                    if !t.finalbody.is_empty() {
                        self.compile_try_finally(t)
                    } else {
                        self.compile_try_star_except(t)
                    }
                } else if !t.finalbody.is_empty() {
                    self.compile_try_finally(t)
                } else {
                    self.compile_try_except(t)
                }
            }
            Stmt::Assert(a) => {
                if self.optimize > 0 {
                    return Ok(());
                }
                let end = self.new_label();
                self.compile_jump_if(&a.test, end, true)?;
                self.emit(Instr::LoadAssertionError);
                if let Some(m) = &a.msg {
                    self.visit_expr(m)?;
                    self.emit(Instr::CallFunction(1));
                }
                self.emit(Instr::Raise(1));
                self.bind(end);
                Ok(())
            }
            Stmt::Import(i) => self.compile_import(i),
            Stmt::ImportFrom(i) => self.compile_import_from(i),
            Stmt::Global(_) | Stmt::Nonlocal(_) => Ok(()),
            Stmt::Expr(e) => {
                if self.interactive && self.units.len() == 1 {
                    self.visit_expr(&e.value)?;
                    self.emit(Instr::PrintExpr);
                } else if is_constant_expr(&e.value) {
                    self.emit(Instr::Nop);
                } else {
                    self.visit_expr(&e.value)?;
                    self.emit(Instr::PopTop);
                }
                Ok(())
            }
            Stmt::Pass(_) => {
                self.emit(Instr::Nop);
                Ok(())
            }
            Stmt::Break(b) => self.compile_break(b.range),
            Stmt::Continue(c) => self.compile_continue(c.range),
            Stmt::IpyEscapeCommand(i) => Err(self.error("invalid syntax", i.range)),
        }
    }

    // ---- function and class definitions

    fn qualname_for(&self, name: &str, is_def_or_class: bool) -> String {
        let u = self.ur();
        if u.kind == ScopeKind::Module {
            return name.to_string();
        }
        if is_def_or_class {
            let mangled = mangle(u.private.as_deref(), name);
            if self.scope_info().scope_of(&mangled) == Scope::GlobalExplicit {
                return name.to_string();
            }
        }
        // a comprehension's scope adds no `<locals>` (CPython: `<listcomp>.<lambda>`)
        if u.kind.is_function_like() && !matches!(u.kind, ScopeKind::Comprehension(_)) {
            format!("{}.<locals>.{}", u.qualname, name)
        } else {
            format!("{}.{}", u.qualname, name)
        }
    }

    fn make_closure(&mut self, code: CodeObject, mut fflags: u32) {
        if !code.freevars.is_empty() {
            for fv in code.freevars.iter() {
                let i = self.closure_index(fv);
                self.emit(Instr::LoadClosure(i));
            }
            self.emit(Instr::BuildTuple(code.freevars.len() as u32));
            fflags |= make_function::CLOSURE;
        }
        self.load_const(Constant::Code(Arc::new(code)));
        self.emit(Instr::MakeFunction(fflags));
    }

    /// Push defaults / kwdefaults; returns the MakeFunction flags.
    fn compile_defaults(&mut self, p: &'a ast::Parameters) -> R<u32> {
        let mut fl = 0;
        let defaults: Vec<&Expr> = p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .filter_map(|a| a.default.as_deref())
            .collect();
        if !defaults.is_empty() {
            self.build_tuple_of(&defaults)?;
            fl |= make_function::DEFAULTS;
        }
        let kw: Vec<&ast::ParameterWithDefault> = p
            .kwonlyargs
            .iter()
            .filter(|a| a.default.is_some())
            .collect();
        if !kw.is_empty() {
            for a in &kw {
                let m =
                    mangle(self.ur().private.as_deref(), a.parameter.name.as_str()).into_owned();
                self.load_const(Constant::Str(m.into()));
                if let Some(d) = &a.default {
                    self.visit_expr(d)?;
                }
            }
            self.emit(Instr::BuildMap(kw.len() as u32));
            fl |= make_function::KWDEFAULTS;
        }
        Ok(fl)
    }

    fn build_tuple_of(&mut self, items: &[&'a Expr]) -> R {
        if items.iter().all(|e| self.constant_of(e).is_some()) {
            let cs: Vec<Constant> = items.iter().filter_map(|e| self.constant_of(e)).collect();
            self.load_const(Constant::Tuple(cs.into()));
        } else {
            for e in items {
                self.visit_expr(e)?;
            }
            self.emit(Instr::BuildTuple(items.len() as u32));
        }
        Ok(())
    }

    fn compile_annotation_value(&mut self, ann: &'a Expr) -> R {
        if self.future_annotations {
            let s = crate::unparse::unparse_annotation(ann, self.source);
            self.load_const(Constant::Str(s.into()));
        } else if let Expr::Starred(st) = ann {
            self.visit_expr(&st.value)?;
            self.emit(Instr::UnpackSequence(1));
        } else {
            self.visit_expr(ann)?;
        }
        Ok(())
    }

    /// Build the annotations dict if there are any; returns whether one was pushed.
    fn compile_annotations(
        &mut self,
        p: &'a ast::Parameters,
        returns: Option<&'a Expr>,
    ) -> R<bool> {
        let mut n = 0u32;
        let private = self.ur().private.clone();
        let mut one = |c: &mut Self, name: &str, ann: Option<&'a Expr>| -> R {
            if let Some(a) = ann {
                let m = mangle(private.as_deref(), name).into_owned();
                c.load_const(Constant::Str(m.into()));
                c.compile_annotation_value(a)?;
                n += 1;
            }
            Ok(())
        };
        for a in p.args.iter().chain(p.posonlyargs.iter()) {
            one(
                self,
                a.parameter.name.as_str(),
                a.parameter.annotation.as_deref(),
            )?;
        }
        if let Some(v) = &p.vararg {
            one(self, v.name.as_str(), v.annotation.as_deref())?;
        }
        for a in p.kwonlyargs.iter() {
            one(
                self,
                a.parameter.name.as_str(),
                a.parameter.annotation.as_deref(),
            )?;
        }
        if let Some(v) = &p.kwarg {
            one(self, v.name.as_str(), v.annotation.as_deref())?;
        }
        if let Some(r) = returns {
            self.load_const(Constant::Str("return".into()));
            self.compile_annotation_value(r)?;
            n += 1;
        }
        if n > 0 {
            self.emit(Instr::BuildMap(n));
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn check_debug_params(&self, p: &ast::Parameters, range: TextRange) -> R {
        for a in p.iter() {
            if a.name().as_str() == "__debug__" {
                return Err(self.error("cannot assign to __debug__", range));
            }
        }
        Ok(())
    }

    fn compile_function_def(&mut self, f: &'a ast::StmtFunctionDef) -> R {
        if let Some(tp) = &f.type_params {
            return Err(self.error("invalid syntax", tp.range));
        }
        if f.name.as_str() == "__debug__" {
            return Err(self.error("cannot assign to __debug__", f.range));
        }
        self.check_debug_params(&f.parameters, f.range)?;
        for d in &f.decorator_list {
            self.visit_expr(&d.expression)?;
        }
        let firstlineno = match f.decorator_list.first() {
            Some(d) => self.lines.line_col(d.range.start().into()).0,
            None => self.lines.line_col(f.range.start().into()).0,
        };
        let mut fflags = self.compile_defaults(&f.parameters)?;
        if self.compile_annotations(&f.parameters, f.returns.as_deref())? {
            fflags |= make_function::ANNOTATIONS;
        }
        let Some(scope) = self.table.scope_for(f) else {
            return Err(self.error("internal error: no scope for function", f.range));
        };
        let qualname = self.qualname_for(f.name.as_str(), true);
        self.enter_unit(scope, f.name.as_str(), qualname, firstlineno);
        self.set_loc(f.range);
        self.set_params(&f.parameters);
        let mut body: &'a [Stmt] = &f.body;
        if let Some(doc) = docstring_of(body) {
            if self.optimize < 2 {
                self.u().docstring = Some(doc.into());
            }
            body = &body[1..];
        }
        self.emit_cell_setup();
        let r = self.compile_function_body(body);
        if let Err(e) = r {
            self.units.pop();
            return Err(e);
        }
        let code = self.exit_unit();
        self.make_closure(code, fflags);
        for _ in &f.decorator_list {
            self.emit(Instr::CallFunction(1));
        }
        self.name_op(f.name.as_str(), NameCtx::Store, f.range)
    }

    fn compile_function_body(&mut self, body: &'a [Stmt]) -> R {
        for s in body {
            self.visit_stmt(s)?;
        }
        if !ends_with_return(body) {
            if let Some(last) = body.last() {
                let l = self.lines.location(last.range());
                self.u().loc = l;
            }
            self.load_const(Constant::None);
            self.emit(Instr::ReturnValue);
        }
        Ok(())
    }

    fn set_params(&mut self, p: &ast::Parameters) {
        let u = self.u();
        u.argcount = (p.posonlyargs.len() + p.args.len()) as u32;
        u.posonlyargcount = p.posonlyargs.len() as u32;
        u.kwonlyargcount = p.kwonlyargs.len() as u32;
        if p.vararg.is_some() {
            u.flags |= co::VARARGS;
        }
        if p.kwarg.is_some() {
            u.flags |= co::VARKEYWORDS;
        }
    }

    /// Move parameters that are cells into their cells.
    fn emit_cell_setup(&mut self) {
        let u = self.ur();
        let mut moves = Vec::new();
        for (ci, c) in u.cellvars.iter().enumerate() {
            if let Some(&vi) = u.varname_map.get(c.as_str()) {
                moves.push((vi, ci as u32));
            }
        }
        for (vi, ci) in moves {
            self.emit(Instr::LoadFast(vi));
            self.emit(Instr::StoreDeref(ci));
        }
    }

    fn compile_class_def(&mut self, c: &'a ast::StmtClassDef) -> R {
        if let Some(tp) = &c.type_params {
            return Err(self.error("invalid syntax", tp.range));
        }
        if c.name.as_str() == "__debug__" {
            return Err(self.error("cannot assign to __debug__", c.range));
        }
        for d in &c.decorator_list {
            self.visit_expr(&d.expression)?;
        }
        let firstlineno = match c.decorator_list.first() {
            Some(d) => self.lines.line_col(d.range.start().into()).0,
            None => self.lines.line_col(c.range.start().into()).0,
        };
        let Some(scope) = self.table.scope_for(c) else {
            return Err(self.error("internal error: no scope for class", c.range));
        };
        let qualname = self.qualname_for(c.name.as_str(), true);
        self.emit(Instr::LoadBuildClass);
        self.enter_unit(scope, c.name.as_str(), qualname.clone(), firstlineno);
        self.set_loc(c.range);
        let r = (|| -> R {
            let n = self.add_name("__name__");
            self.emit(Instr::LoadName(n));
            let n = self.add_name("__module__");
            self.emit(Instr::StoreName(n));
            self.load_const(Constant::Str(qualname.as_str().into()));
            let n = self.add_name("__qualname__");
            self.emit(Instr::StoreName(n));
            self.compile_body(&c.body, false)?;
            if let Some(last) = c.body.last() {
                let l = self.lines.location(last.range());
                self.u().loc = l;
            }
            if self.scope_info().needs_class_closure {
                self.emit(Instr::LoadClosure(0));
                let n = self.add_name("__classcell__");
                self.emit(Instr::StoreName(n));
            }
            self.load_const(Constant::None);
            self.emit(Instr::ReturnValue);
            Ok(())
        })();
        if let Err(e) = r {
            self.units.pop();
            return Err(e);
        }
        let code = self.exit_unit();
        self.make_closure(code, 0);
        self.load_const(Constant::Str(c.name.as_str().into()));
        let (args, kws): (&'a [Expr], &'a [ast::Keyword]) = match &c.arguments {
            Some(a) => (&a.args, &a.keywords),
            None => (&[], &[]),
        };
        self.compile_call_helper(2, args, kws, c.range)?;
        for _ in &c.decorator_list {
            self.emit(Instr::CallFunction(1));
        }
        self.name_op(c.name.as_str(), NameCtx::Store, c.range)
    }

    // ---- return / break / continue

    fn compile_return(&mut self, r: &'a ast::StmtReturn) -> R {
        let info = self.scope_info();
        if !info.kind.is_function_like() {
            return Err(self.error("'return' outside function", r.range));
        }
        if r.value.is_some() && info.is_coroutine && info.is_generator {
            return Err(self.error("'return' with value in async generator", r.range));
        }
        let preserve = r
            .value
            .as_deref()
            .is_some_and(|v| self.constant_of(v).is_none());
        if preserve {
            if let Some(v) = &r.value {
                self.visit_expr(v)?;
            }
        }
        self.unwind_fblock_stack(preserve, false, r.range)?;
        match &r.value {
            None => self.load_const(Constant::None),
            Some(v) => {
                if !preserve {
                    self.visit_expr(v)?;
                }
            }
        }
        self.emit(Instr::ReturnValue);
        Ok(())
    }

    fn compile_break(&mut self, range: TextRange) -> R {
        let lp = self.unwind_fblock_stack(false, true, range)?;
        match lp {
            Some(b) => {
                self.unwind_fblock(&b, false, range)?;
                if let FBlock::WhileLoop { exit, .. } | FBlock::ForLoop { exit, .. } = b {
                    self.jump(Instr::Jump, exit);
                }
                Ok(())
            }
            None => Err(self.error("'break' outside loop", range)),
        }
    }

    fn compile_continue(&mut self, range: TextRange) -> R {
        let lp = self.unwind_fblock_stack(false, true, range)?;
        match lp {
            Some(FBlock::WhileLoop { start, .. }) | Some(FBlock::ForLoop { start, .. }) => {
                self.jump(Instr::Jump, start);
                Ok(())
            }
            _ => Err(self.error("'continue' not properly in loop", range)),
        }
    }

    /// Emit the code leaving every frame block (up to the innermost loop if `to_loop`).
    /// Returns the loop block found.
    fn unwind_fblock_stack(
        &mut self,
        preserve_tos: bool,
        to_loop: bool,
        range: TextRange,
    ) -> R<Option<FBlock<'a>>> {
        let Some(top) = self.ur().fblocks.last().cloned() else {
            return Ok(None);
        };
        if let FBlock::ExceptionGroupHandler = top {
            return Err(self.error(
                "'break', 'continue' and 'return' cannot appear in an except* block",
                range,
            ));
        }
        if to_loop && matches!(top, FBlock::WhileLoop { .. } | FBlock::ForLoop { .. }) {
            return Ok(Some(top));
        }
        let b = self.u().fblocks.pop().expect("fblock");
        let r = self.unwind_fblock(&b, preserve_tos, range);
        let r = r.and_then(|_| self.unwind_fblock_stack(preserve_tos, to_loop, range));
        self.u().fblocks.push(b);
        r
    }

    fn unwind_fblock(&mut self, b: &FBlock<'a>, preserve_tos: bool, range: TextRange) -> R {
        match b {
            FBlock::WhileLoop { .. } | FBlock::AsyncComprehension => {}
            FBlock::ForLoop { .. } => {
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit(Instr::PopTop);
            }
            FBlock::TryExcept => self.emit(Instr::PopBlock),
            FBlock::FinallyTry { body } => {
                self.emit(Instr::PopBlock);
                if preserve_tos {
                    self.push_fblock(FBlock::PopValue, range)?;
                }
                let r = self.visit_body(body);
                if preserve_tos {
                    self.pop_fblock();
                }
                r?;
            }
            FBlock::FinallyEnd => {
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit(Instr::PopTop);
                self.emit(Instr::PopExcept);
            }
            FBlock::With { is_async } => {
                self.emit(Instr::PopBlock);
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.call_exit_with_nones();
                if *is_async {
                    self.emit_await(2);
                }
                self.emit(Instr::PopTop);
            }
            FBlock::HandlerCleanup { name } => {
                if name.is_some() {
                    self.emit(Instr::PopBlock);
                }
                self.emit(Instr::PopExcept);
                if let Some(n) = name {
                    self.load_const(Constant::None);
                    self.name_op(n, NameCtx::Store, range)?;
                    self.name_op(n, NameCtx::Del, range)?;
                }
            }
            FBlock::PopValue => {
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit(Instr::PopTop);
            }
            FBlock::ExceptionGroupHandler => {}
        }
        Ok(())
    }

    fn call_exit_with_nones(&mut self) {
        let n = self.add_const(Constant::None);
        self.emit(Instr::LoadConst(n));
        self.emit(Instr::LoadConst(n));
        self.emit(Instr::LoadConst(n));
        self.emit(Instr::CallFunction(3));
    }

    /// `[awaitable] -> [result]`
    fn emit_await(&mut self, kind: u32) {
        self.emit(Instr::GetAwaitable(kind));
        self.load_const(Constant::None);
        self.emit(Instr::YieldFrom);
    }

    // ---- loops and conditionals

    fn compile_for(&mut self, f: &'a ast::StmtFor) -> R {
        let start = self.new_label();
        let cleanup = self.new_label();
        let end = self.new_label();
        self.visit_expr(&f.iter)?;
        self.emit(Instr::GetIter);
        self.bind(start);
        self.push_fblock(FBlock::ForLoop { start, exit: end }, f.range)?;
        self.jump(Instr::ForIter, cleanup);
        self.compile_store(&f.target)?;
        self.visit_body(&f.body)?;
        self.jump(Instr::Jump, start);
        self.pop_fblock();
        self.bind(cleanup);
        self.visit_body(&f.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn compile_async_for(&mut self, f: &'a ast::StmtFor) -> R {
        if !self.ur().is_async_def {
            return Err(self.error("'async for' outside async function", f.range));
        }
        let start = self.new_label();
        let except = self.new_label();
        let end = self.new_label();
        self.visit_expr(&f.iter)?;
        self.emit(Instr::GetAiter);
        self.bind(start);
        self.push_fblock(FBlock::ForLoop { start, exit: end }, f.range)?;
        self.jump(Instr::SetupFinally, except);
        self.emit(Instr::GetAnext);
        self.load_const(Constant::None);
        self.emit(Instr::YieldFrom);
        self.emit(Instr::PopBlock);
        self.compile_store(&f.target)?;
        self.visit_body(&f.body)?;
        self.jump(Instr::Jump, start);
        self.pop_fblock();
        self.bind(except);
        self.emit(Instr::EndAsyncFor);
        self.visit_body(&f.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn compile_while(&mut self, w: &'a ast::StmtWhile) -> R {
        let cond = self.static_truth(&w.test);
        if cond == Some(false) {
            self.u().no_emit += 1;
            let start = self.new_label();
            let end = self.new_label();
            self.push_fblock(FBlock::WhileLoop { start, exit: end }, w.range)?;
            let r = self.visit_body(&w.body);
            self.pop_fblock();
            self.u().no_emit -= 1;
            r?;
            return self.visit_body(&w.orelse);
        }
        let start = self.new_label();
        let anchor = self.new_label();
        let end = self.new_label();
        self.bind(start);
        self.push_fblock(FBlock::WhileLoop { start, exit: end }, w.range)?;
        if cond != Some(true) {
            self.compile_jump_if(&w.test, anchor, false)?;
        }
        self.visit_body(&w.body)?;
        self.jump(Instr::Jump, start);
        self.pop_fblock();
        self.bind(anchor);
        self.visit_body(&w.orelse)?;
        self.bind(end);
        Ok(())
    }

    fn compile_if(&mut self, i: &'a ast::StmtIf) -> R {
        // Chain: test/body pairs then an optional else.
        let mut clauses: Vec<(Option<&'a Expr>, &'a [Stmt], TextRange)> =
            vec![(Some(&i.test), &i.body, i.range)];
        for c in &i.elif_else_clauses {
            clauses.push((c.test.as_ref(), &c.body, c.range));
        }
        self.compile_if_chain(&clauses)
    }

    fn compile_if_chain(&mut self, clauses: &[(Option<&'a Expr>, &'a [Stmt], TextRange)]) -> R {
        let end = self.new_label();
        let mut dead = 0u32;
        let n = clauses.len();
        for (k, (test, body, range)) in clauses.iter().enumerate() {
            let old = self.set_loc(*range);
            let r = (|| -> R {
                let Some(test) = test else {
                    return self.visit_body(body);
                };
                match self.static_truth(test) {
                    Some(true) => {
                        self.visit_body(body)?;
                        // Later clauses are dead code (still checked for errors).
                        self.u().no_emit += 1;
                        dead += 1;
                        Ok(())
                    }
                    Some(false) => {
                        self.u().no_emit += 1;
                        let r = self.visit_body(body);
                        self.u().no_emit -= 1;
                        r
                    }
                    None => {
                        let next = self.new_label();
                        self.compile_jump_if(test, next, false)?;
                        self.visit_body(body)?;
                        if k + 1 < n {
                            self.jump(Instr::Jump, end);
                        }
                        self.bind(next);
                        Ok(())
                    }
                }
            })();
            self.restore_loc(old);
            if let Err(e) = r {
                self.u().no_emit -= dead;
                return Err(e);
            }
        }
        self.u().no_emit -= dead;
        self.bind(end);
        Ok(())
    }

    /// Constant truth value of a test, if known at compile time.
    fn static_truth(&self, e: &Expr) -> Option<bool> {
        match e {
            Expr::Name(n) if n.id.as_str() == "__debug__" => Some(self.optimize == 0),
            Expr::BooleanLiteral(b) => Some(b.value),
            Expr::NoneLiteral(_) => Some(false),
            Expr::EllipsisLiteral(_) => Some(true),
            Expr::NumberLiteral(n) => Some(match &n.value {
                ast::Number::Int(i) => i.as_u64() != Some(0),
                ast::Number::Float(f) => *f != 0.0,
                ast::Number::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
            }),
            Expr::StringLiteral(s) => Some(!s.value.is_empty()),
            Expr::BytesLiteral(b) => Some(b.value.bytes().next().is_some()),
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                self.static_truth(&u.operand).map(|b| !b)
            }
            _ => None,
        }
    }

    /// Jump to `target` if the truth of `e` equals `cond`; fall through otherwise.
    fn compile_jump_if(&mut self, e: &'a Expr, target: Label, cond: bool) -> R {
        self.guard(|c| c.compile_jump_if_inner(e, target, cond))
    }

    fn compile_jump_if_inner(&mut self, e: &'a Expr, target: Label, cond: bool) -> R {
        match e {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                return self.compile_jump_if(&u.operand, target, !cond);
            }
            Expr::BoolOp(b) => {
                let is_or = b.op == ast::BoolOp::Or;
                let n = b.values.len();
                if n == 0 {
                    return Ok(());
                }
                if is_or == cond {
                    // Any operand deciding → jump directly.
                    for v in &b.values {
                        self.compile_jump_if(v, target, cond)?;
                    }
                } else {
                    let next = self.new_label();
                    for v in &b.values[..n - 1] {
                        self.compile_jump_if(v, next, !cond)?;
                    }
                    self.compile_jump_if(&b.values[n - 1], target, cond)?;
                    self.bind(next);
                }
                return Ok(());
            }
            Expr::If(i) => {
                let end = self.new_label();
                let next2 = self.new_label();
                self.compile_jump_if(&i.test, next2, false)?;
                self.compile_jump_if(&i.body, target, cond)?;
                self.jump(Instr::Jump, end);
                self.bind(next2);
                self.compile_jump_if(&i.orelse, target, cond)?;
                self.bind(end);
                return Ok(());
            }
            _ => {}
        }
        self.visit_expr(e)?;
        let old = self.set_loc(e.range());
        self.jump(
            if cond {
                Instr::PopJumpIfTrue
            } else {
                Instr::PopJumpIfFalse
            },
            target,
        );
        self.restore_loc(old);
        Ok(())
    }

    // ---- with

    fn compile_with(&mut self, w: &'a ast::StmtWith, pos: usize) -> R {
        let Some(item) = w.items.get(pos) else {
            return self.visit_body(&w.body);
        };
        let exc = self.new_label();
        let exit = self.new_label();
        let old = self.set_loc(item.range);
        self.visit_expr(&item.context_expr)?;
        self.jump(Instr::SetupWith, exc);
        self.restore_loc(old);
        self.push_fblock(FBlock::With { is_async: false }, w.range)?;
        match &item.optional_vars {
            Some(v) => self.compile_store(v)?,
            None => self.emit(Instr::PopTop),
        }
        if pos + 1 < w.items.len() {
            self.compile_with(w, pos + 1)?;
        } else {
            self.visit_body(&w.body)?;
        }
        self.pop_fblock();
        let old = self.set_loc(item.range);
        self.emit(Instr::PopBlock);
        self.call_exit_with_nones();
        self.emit(Instr::PopTop);
        self.jump(Instr::Jump, exit);
        self.bind(exc);
        self.emit(Instr::WithExceptStart);
        self.with_except_finish();
        self.bind(exit);
        self.restore_loc(old);
        Ok(())
    }

    /// `[exit, exc, res] -> ` reraise unless res is true; else clean up.
    fn with_except_finish(&mut self) {
        let suppress = self.new_label();
        self.jump(Instr::PopJumpIfTrue, suppress);
        self.emit(Instr::Reraise);
        self.bind(suppress);
        self.emit(Instr::PopTop);
        self.emit(Instr::PopExcept);
        self.emit(Instr::PopTop);
    }

    fn compile_async_with(&mut self, w: &'a ast::StmtWith, pos: usize) -> R {
        let Some(item) = w.items.get(pos) else {
            return self.visit_body(&w.body);
        };
        let exc = self.new_label();
        let exit = self.new_label();
        let old = self.set_loc(item.range);
        self.visit_expr(&item.context_expr)?;
        self.emit(Instr::BeforeAsyncWith);
        self.emit_await(1);
        self.jump(Instr::SetupAsyncWith, exc);
        self.restore_loc(old);
        self.push_fblock(FBlock::With { is_async: true }, w.range)?;
        match &item.optional_vars {
            Some(v) => self.compile_store(v)?,
            None => self.emit(Instr::PopTop),
        }
        if pos + 1 < w.items.len() {
            self.compile_async_with(w, pos + 1)?;
        } else {
            self.visit_body(&w.body)?;
        }
        self.pop_fblock();
        let old = self.set_loc(item.range);
        self.emit(Instr::PopBlock);
        self.call_exit_with_nones();
        self.emit_await(2);
        self.emit(Instr::PopTop);
        self.jump(Instr::Jump, exit);
        self.bind(exc);
        self.emit(Instr::WithExceptStart);
        self.emit_await(2);
        self.with_except_finish();
        self.bind(exit);
        self.restore_loc(old);
        Ok(())
    }

    // ---- try

    fn compile_try_finally(&mut self, t: &'a ast::StmtTry) -> R {
        let end = self.new_label();
        let exit = self.new_label();
        self.jump(Instr::SetupFinally, end);
        self.push_fblock(FBlock::FinallyTry { body: &t.finalbody }, t.range)?;
        if !t.handlers.is_empty() {
            if t.is_star {
                self.compile_try_star_except(t)?;
            } else {
                self.compile_try_except(t)?;
            }
        } else {
            self.visit_body(&t.body)?;
        }
        self.pop_fblock();
        self.emit(Instr::PopBlock);
        self.visit_body(&t.finalbody)?;
        self.jump(Instr::Jump, exit);
        self.bind(end);
        self.push_fblock(FBlock::FinallyEnd, t.range)?;
        self.visit_body(&t.finalbody)?;
        self.pop_fblock();
        self.emit(Instr::Reraise);
        self.bind(exit);
        Ok(())
    }

    fn compile_try_except(&mut self, t: &'a ast::StmtTry) -> R {
        let except = self.new_label();
        let orelse = self.new_label();
        let end = self.new_label();
        self.jump(Instr::SetupFinally, except);
        self.push_fblock(FBlock::TryExcept, t.range)?;
        self.visit_body(&t.body)?;
        self.pop_fblock();
        self.emit(Instr::PopBlock);
        self.jump(Instr::Jump, orelse);
        self.bind(except);
        let n = t.handlers.len();
        for (i, h) in t.handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            let old = self.set_loc(h.range);
            if h.type_.is_none() && i + 1 < n {
                return Err(self.error("default 'except:' must be last", h.range));
            }
            let next = self.new_label();
            if let Some(ty) = &h.type_ {
                self.emit(Instr::Copy(1));
                self.visit_expr(ty)?;
                self.jump(Instr::JumpIfNotExcMatch, next);
            }
            if let Some(name) = &h.name {
                let cleanup_end = self.new_label();
                self.name_op(name.as_str(), NameCtx::Store, name.range)?;
                self.jump(Instr::SetupFinally, cleanup_end);
                self.push_fblock(
                    FBlock::HandlerCleanup {
                        name: Some(name.as_str()),
                    },
                    h.range,
                )?;
                self.visit_body(&h.body)?;
                self.pop_fblock();
                self.emit(Instr::PopBlock);
                self.emit(Instr::PopExcept);
                self.load_const(Constant::None);
                self.name_op(name.as_str(), NameCtx::Store, name.range)?;
                self.name_op(name.as_str(), NameCtx::Del, name.range)?;
                self.jump(Instr::Jump, end);
                self.bind(cleanup_end);
                self.load_const(Constant::None);
                self.name_op(name.as_str(), NameCtx::Store, name.range)?;
                self.name_op(name.as_str(), NameCtx::Del, name.range)?;
                self.emit(Instr::Reraise);
            } else {
                self.emit(Instr::PopTop);
                self.push_fblock(FBlock::HandlerCleanup { name: None }, h.range)?;
                self.visit_body(&h.body)?;
                self.pop_fblock();
                self.emit(Instr::PopExcept);
                self.jump(Instr::Jump, end);
            }
            self.bind(next);
            self.restore_loc(old);
        }
        // No handler matched: re-raise.
        self.emit(Instr::Reraise);
        self.bind(orelse);
        self.visit_body(&t.orelse)?;
        self.bind(end);
        Ok(())
    }

    /// `try: ... except* T as e: ...` (3.11 semantics).
    ///
    /// Handler stack layout: `[orig, raised_list, rest]` while matching; `rest` is what is
    /// left of the exception group after the previous handlers.
    fn compile_try_star_except(&mut self, t: &'a ast::StmtTry) -> R {
        let except = self.new_label();
        let orelse = self.new_label();
        let end = self.new_label();
        let reraise_star = self.new_label();
        self.jump(Instr::SetupFinally, except);
        self.push_fblock(FBlock::TryExcept, t.range)?;
        self.visit_body(&t.body)?;
        self.pop_fblock();
        self.emit(Instr::PopBlock);
        self.jump(Instr::Jump, orelse);
        self.bind(except);
        // [orig] -> [orig, [], orig]
        self.emit(Instr::Copy(1));
        self.emit(Instr::BuildList(0));
        self.emit(Instr::Swap(2));
        self.push_fblock(FBlock::ExceptionGroupHandler, t.range)?;
        let n = t.handlers.len();
        for (i, h) in t.handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            let old = self.set_loc(h.range);
            let next = self.new_label();
            let no_match = self.new_label();
            let cleanup = self.new_label();
            let Some(ty) = &h.type_ else {
                return Err(self.error("expected one or more exception types", h.range));
            };
            self.visit_expr(ty)?;
            // [orig, list, rest, type] -> [orig, list, rest, match]
            self.emit(Instr::CheckEgMatch);
            self.emit(Instr::Copy(1));
            self.jump(Instr::PopJumpIfNone, no_match);
            match &h.name {
                Some(name) => self.name_op(name.as_str(), NameCtx::Store, name.range)?,
                None => self.emit(Instr::PopTop),
            }
            self.jump(Instr::SetupFinally, cleanup);
            let name = h.name.as_ref().map(|n| n.as_str());
            self.push_fblock(FBlock::HandlerCleanup { name }, h.range)?;
            self.visit_body(&h.body)?;
            self.pop_fblock();
            self.emit(Instr::PopBlock);
            if let Some(name) = &h.name {
                self.load_const(Constant::None);
                self.name_op(name.as_str(), NameCtx::Store, name.range)?;
                self.name_op(name.as_str(), NameCtx::Del, name.range)?;
            }
            self.jump(Instr::Jump, next);
            // An exception raised by the handler body: [orig, list, rest, raised]
            self.bind(cleanup);
            if let Some(name) = &h.name {
                self.load_const(Constant::None);
                self.name_op(name.as_str(), NameCtx::Store, name.range)?;
                self.name_op(name.as_str(), NameCtx::Del, name.range)?;
            }
            self.emit(Instr::ListAppend(2));
            self.emit(Instr::PopExcept);
            self.jump(Instr::Jump, next);
            self.bind(no_match);
            self.emit(Instr::PopTop);
            self.bind(next);
            if i + 1 == n {
                // [orig, list, rest] -> [orig, list]
                self.emit(Instr::ListAppend(1));
                self.jump(Instr::Jump, reraise_star);
            }
            self.restore_loc(old);
        }
        self.pop_fblock();
        let reraise = self.new_label();
        self.bind(reraise_star);
        self.emit(Instr::PrepReraiseStar);
        self.emit(Instr::Copy(1));
        self.jump(Instr::PopJumpIfNotNone, reraise);
        self.emit(Instr::PopTop);
        self.emit(Instr::PopExcept);
        self.jump(Instr::Jump, end);
        self.bind(reraise);
        self.emit(Instr::Reraise);
        self.bind(orelse);
        self.visit_body(&t.orelse)?;
        self.bind(end);
        Ok(())
    }

    // ---- imports

    fn compile_import(&mut self, i: &'a ast::StmtImport) -> R {
        for a in &i.names {
            let old = self.set_loc(a.range);
            let full = a.name.as_str();
            self.load_const(Constant::Int(0));
            self.load_const(Constant::None);
            let n = self.add_mangled(full);
            self.emit(Instr::ImportName(n));
            match &a.asname {
                Some(asname) => {
                    let parts: Vec<&str> = full.split('.').collect();
                    if parts.len() > 1 {
                        for (k, part) in parts[1..].iter().enumerate() {
                            let n = self.add_name(part);
                            self.emit(Instr::ImportFrom(n));
                            if k + 2 < parts.len() {
                                self.emit(Instr::Swap(2));
                                self.emit(Instr::PopTop);
                            }
                        }
                        self.name_op(asname.as_str(), NameCtx::Store, i.range)?;
                        self.emit(Instr::PopTop);
                    } else {
                        self.name_op(asname.as_str(), NameCtx::Store, i.range)?;
                    }
                }
                None => {
                    let top = full.split('.').next().unwrap_or(full);
                    self.name_op(top, NameCtx::Store, a.range)?;
                }
            }
            self.restore_loc(old);
        }
        Ok(())
    }

    fn compile_import_from(&mut self, i: &'a ast::StmtImportFrom) -> R {
        let module = i.module.as_ref().map(|m| m.as_str()).unwrap_or("");
        if module == "__future__" && i.level == 0 {
            let start: u32 = i.range.start().into();
            if !self.future_stmts.contains(&start) {
                return Err(self.error(
                    "from __future__ imports must occur at the beginning of the file",
                    i.range,
                ));
            }
            for a in &i.names {
                let f = a.name.as_str();
                match f {
                    "nested_scopes" | "generators" | "division" | "absolute_import"
                    | "with_statement" | "print_function" | "unicode_literals"
                    | "barry_as_FLUFL" | "generator_stop" | "annotations" => {}
                    "braces" => return Err(self.error("not a chance", i.range)),
                    _ => {
                        return Err(
                            self.error(format!("future feature {f} is not defined"), i.range)
                        )
                    }
                }
            }
        }
        self.load_const(Constant::Int(i.level as i64));
        let names: Vec<Constant> = i
            .names
            .iter()
            .map(|a| Constant::Str(a.name.as_str().into()))
            .collect();
        self.load_const(Constant::Tuple(names.into()));
        let n = self.add_mangled(module);
        self.emit(Instr::ImportName(n));
        if i.names.len() == 1 && i.names[0].name.as_str() == "*" {
            self.emit(Instr::ImportStar);
            return Ok(());
        }
        for a in &i.names {
            let old = self.set_loc(a.range);
            let n = self.add_mangled(a.name.as_str());
            self.emit(Instr::ImportFrom(n));
            let store = a.asname.as_ref().unwrap_or(&a.name);
            self.name_op(store.as_str(), NameCtx::Store, i.range)?;
            self.restore_loc(old);
        }
        self.emit(Instr::PopTop);
        Ok(())
    }

    // ---- assignments

    fn compile_store(&mut self, t: &'a Expr) -> R {
        self.guard(|c| c.compile_store_inner(t))
    }

    fn compile_store_inner(&mut self, t: &'a Expr) -> R {
        let old = self.set_loc(t.range());
        let r = match t {
            Expr::Name(n) => self.name_op(n.id.as_str(), NameCtx::Store, n.range),
            Expr::Attribute(a) => {
                if a.attr.as_str() == "__debug__" {
                    return Err(self.error("cannot assign to __debug__", a.range));
                }
                self.visit_expr(&a.value)?;
                let n = self.add_mangled(a.attr.as_str());
                self.set_loc(a.range);
                self.emit(Instr::StoreAttr(n));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.visit_expr(&s.value)?;
                self.visit_slice(&s.slice)?;
                self.set_loc(s.range);
                self.emit(Instr::StoreSubscr);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                self.unpack_helper(elts, t.range())?;
                for e in elts {
                    let e = if let Expr::Starred(s) = e {
                        &*s.value
                    } else {
                        e
                    };
                    self.compile_store(e)?;
                }
                Ok(())
            }
            Expr::Starred(s) => Err(self.error(
                "starred assignment target must be in a list or tuple",
                s.range,
            )),
            _ => Err(self.error(
                format!("cannot assign to {}", expr_description(t)),
                t.range(),
            )),
        };
        self.restore_loc(old);
        r
    }

    fn unpack_helper(&mut self, elts: &'a [Expr], range: TextRange) -> R {
        let mut star: Option<usize> = None;
        for (i, e) in elts.iter().enumerate() {
            if let Expr::Starred(_) = e {
                if star.is_some() {
                    return Err(self.error("multiple starred expressions in assignment", range));
                }
                star = Some(i);
            }
        }
        match star {
            Some(i) => {
                let after = elts.len() - i - 1;
                if i >= 256 || after >= (1 << 24) {
                    return Err(
                        self.error("too many expressions in star-unpacking assignment", range)
                    );
                }
                self.emit(Instr::UnpackEx(i as u32 | ((after as u32) << 8)));
            }
            None => self.emit(Instr::UnpackSequence(elts.len() as u32)),
        }
        Ok(())
    }

    fn compile_delete(&mut self, t: &'a Expr) -> R {
        self.guard(|c| {
            let old = c.set_loc(t.range());
            let r = match t {
                Expr::Name(n) => c.name_op(n.id.as_str(), NameCtx::Del, n.range),
                Expr::Attribute(a) => {
                    c.visit_expr(&a.value)?;
                    let n = c.add_mangled(a.attr.as_str());
                    c.set_loc(a.range);
                    c.emit(Instr::DeleteAttr(n));
                    Ok(())
                }
                Expr::Subscript(s) => {
                    c.visit_expr(&s.value)?;
                    c.visit_slice(&s.slice)?;
                    c.set_loc(s.range);
                    c.emit(Instr::DeleteSubscr);
                    Ok(())
                }
                Expr::Tuple(ast::ExprTuple { elts, .. })
                | Expr::List(ast::ExprList { elts, .. }) => {
                    for e in elts {
                        c.compile_delete(e)?;
                    }
                    Ok(())
                }
                _ => Err(c.error(format!("cannot delete {}", expr_description(t)), t.range())),
            };
            c.restore_loc(old);
            r
        })
    }

    fn compile_augassign(&mut self, a: &'a ast::StmtAugAssign) -> R {
        let op = inplace_op(a.op);
        match &*a.target {
            Expr::Name(n) => {
                self.name_op(n.id.as_str(), NameCtx::Load, n.range)?;
                self.visit_expr(&a.value)?;
                self.set_loc(a.range);
                self.emit(Instr::BinaryOp(op));
                self.name_op(n.id.as_str(), NameCtx::Store, n.range)
            }
            Expr::Attribute(at) => {
                self.visit_expr(&at.value)?;
                self.emit(Instr::Copy(1));
                let n = self.add_mangled(at.attr.as_str());
                self.set_loc(at.range);
                self.emit(Instr::LoadAttr(n));
                self.visit_expr(&a.value)?;
                self.set_loc(a.range);
                self.emit(Instr::BinaryOp(op));
                self.emit(Instr::Swap(2));
                self.emit(Instr::StoreAttr(n));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.visit_expr(&s.value)?;
                self.visit_slice(&s.slice)?;
                self.emit(Instr::Copy(2));
                self.emit(Instr::Copy(2));
                self.set_loc(s.range);
                self.emit(Instr::BinarySubscr);
                self.visit_expr(&a.value)?;
                self.set_loc(a.range);
                self.emit(Instr::BinaryOp(op));
                self.emit(Instr::Swap(3));
                self.emit(Instr::Swap(2));
                self.emit(Instr::StoreSubscr);
                Ok(())
            }
            t => Err(self.error(
                format!(
                    "'{}' is an illegal expression for augmented assignment",
                    expr_description(t)
                ),
                t.range(),
            )),
        }
    }

    fn compile_annassign(&mut self, a: &'a ast::StmtAnnAssign) -> R {
        if let Some(v) = &a.value {
            self.visit_expr(v)?;
            self.compile_store(&a.target)?;
        }
        let kind = self.ur().kind;
        let module_or_class = matches!(kind, ScopeKind::Module | ScopeKind::Class);
        match &*a.target {
            Expr::Name(n) => {
                if n.id.as_str() == "__debug__" {
                    return Err(self.error("cannot assign to __debug__", n.range));
                }
                if a.simple && module_or_class {
                    self.compile_annotation_value(&a.annotation)?;
                    let ann = self.add_name("__annotations__");
                    self.emit(Instr::LoadName(ann));
                    let m = mangle(self.ur().private.as_deref(), n.id.as_str()).into_owned();
                    self.load_const(Constant::Str(m.into()));
                    self.emit(Instr::StoreSubscr);
                } else if !a.simple && module_or_class && !self.future_annotations {
                    self.visit_expr(&a.annotation)?;
                    self.emit(Instr::PopTop);
                }
            }
            Expr::Attribute(at) => {
                if a.value.is_none() {
                    self.visit_expr(&at.value)?;
                    self.emit(Instr::PopTop);
                }
                if module_or_class && !self.future_annotations {
                    self.visit_expr(&a.annotation)?;
                    self.emit(Instr::PopTop);
                }
            }
            Expr::Subscript(s) => {
                if a.value.is_none() {
                    self.visit_expr(&s.value)?;
                    self.emit(Instr::PopTop);
                    self.visit_slice(&s.slice)?;
                    self.emit(Instr::PopTop);
                }
                if module_or_class && !self.future_annotations {
                    self.visit_expr(&a.annotation)?;
                    self.emit(Instr::PopTop);
                }
            }
            t => return Err(self.error("illegal target for annotation", t.range())),
        }
        Ok(())
    }

    // ------------------------------------------------------------------ expressions

    /// The constant value of an expression, if it is a literal (or a tuple of literals,
    /// or a negated number).
    fn constant_of(&self, e: &Expr) -> Option<Constant> {
        match e {
            Expr::NoneLiteral(_) => Some(Constant::None),
            Expr::EllipsisLiteral(_) => Some(Constant::Ellipsis),
            Expr::BooleanLiteral(b) => Some(Constant::Bool(b.value)),
            Expr::NumberLiteral(n) => Some(number_constant(&n.value)),
            Expr::StringLiteral(s) => Some(Constant::Str(s.value.to_str().into())),
            Expr::BytesLiteral(b) => {
                let v: Vec<u8> = b.value.bytes().collect();
                Some(Constant::Bytes(v.into()))
            }
            Expr::Name(n) if n.id.as_str() == "__debug__" => {
                Some(Constant::Bool(self.optimize == 0))
            }
            Expr::Tuple(t) => {
                let mut v = Vec::with_capacity(t.elts.len());
                for x in &t.elts {
                    v.push(self.constant_of(x)?);
                }
                Some(Constant::Tuple(v.into()))
            }
            Expr::BinOp(b) if matches!(b.op, ast::Operator::Add | ast::Operator::Sub) => {
                // Complex literals: `1+2j`, `-1-2j`.
                let Expr::NumberLiteral(r) = &*b.right else {
                    return None;
                };
                let ast::Number::Complex { real: _, imag } = r.value else {
                    return None;
                };
                let l = match self.constant_of(&b.left)? {
                    Constant::Int(i) => i as f64,
                    Constant::Float(f) => f,
                    _ => return None,
                };
                let (re, im) = if b.op == ast::Operator::Add {
                    (l + 0.0, 0.0 + imag)
                } else {
                    (l - 0.0, 0.0 - imag)
                };
                Some(Constant::Complex { re, im })
            }
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => {
                if let Expr::NumberLiteral(n) = &*u.operand {
                    return Some(match number_constant(&n.value) {
                        Constant::Int(i) => match i.checked_neg() {
                            Some(v) => Constant::Int(v),
                            None => Constant::BigInt(-BigInt::from(i)),
                        },
                        Constant::BigInt(b) => {
                            let nb = -b;
                            match i64::try_from(&nb) {
                                Ok(v) => Constant::Int(v),
                                Err(_) => Constant::BigInt(nb),
                            }
                        }
                        Constant::Float(f) => Constant::Float(-f),
                        Constant::Complex { re, im } => Constant::Complex { re: -re, im: -im },
                        other => other,
                    });
                }
                None
            }
            _ => None,
        }
    }

    pub fn visit_expr(&mut self, e: &'a Expr) -> R {
        self.guard(|c| {
            let old = c.set_loc(e.range());
            let r = c.visit_expr_inner(e);
            c.restore_loc(old);
            r
        })
    }

    fn visit_expr_inner(&mut self, e: &'a Expr) -> R {
        if let Some(c) = self.constant_of(e) {
            self.load_const(c);
            return Ok(());
        }
        match e {
            Expr::BoolOp(b) => {
                let end = self.new_label();
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    self.visit_expr(v)?;
                    if i + 1 < n {
                        self.jump(
                            if b.op == ast::BoolOp::And {
                                Instr::JumpIfFalseOrPop
                            } else {
                                Instr::JumpIfTrueOrPop
                            },
                            end,
                        );
                    }
                }
                self.bind(end);
            }
            Expr::Named(n) => {
                self.visit_expr(&n.value)?;
                self.emit(Instr::Copy(1));
                self.compile_store(&n.target)?;
            }
            Expr::BinOp(b) => {
                self.visit_expr(&b.left)?;
                self.visit_expr(&b.right)?;
                self.emit(Instr::BinaryOp(binop(b.op)));
            }
            Expr::UnaryOp(u) => {
                self.visit_expr(&u.operand)?;
                self.emit(match u.op {
                    ast::UnaryOp::Invert => Instr::UnaryInvert,
                    ast::UnaryOp::Not => Instr::UnaryNot,
                    ast::UnaryOp::UAdd => Instr::UnaryPositive,
                    ast::UnaryOp::USub => Instr::UnaryNegative,
                });
            }
            Expr::Lambda(l) => self.compile_lambda(l)?,
            Expr::If(i) => {
                let end = self.new_label();
                let orelse = self.new_label();
                self.compile_jump_if(&i.test, orelse, false)?;
                self.visit_expr(&i.body)?;
                self.jump(Instr::Jump, end);
                self.bind(orelse);
                self.visit_expr(&i.orelse)?;
                self.bind(end);
            }
            Expr::Dict(d) => self.compile_dict(d)?,
            Expr::Set(s) => self.starunpack(&s.elts, Seq::Set, 0)?,
            Expr::List(l) => {
                if l.ctx != ExprContext::Load {
                    return Err(self.error("invalid syntax", l.range));
                }
                self.starunpack(&l.elts, Seq::List, 0)?
            }
            Expr::Tuple(t) => {
                if t.ctx != ExprContext::Load {
                    return Err(self.error("invalid syntax", t.range));
                }
                self.starunpack(&t.elts, Seq::Tuple, 0)?
            }
            Expr::ListComp(c) => self.compile_comprehension(
                e,
                CompKind::List,
                "<listcomp>",
                &c.generators,
                &c.elt,
                None,
            )?,
            Expr::SetComp(c) => self.compile_comprehension(
                e,
                CompKind::Set,
                "<setcomp>",
                &c.generators,
                &c.elt,
                None,
            )?,
            Expr::DictComp(c) => match &c.key {
                Some(k) => self.compile_comprehension(
                    e,
                    CompKind::Dict,
                    "<dictcomp>",
                    &c.generators,
                    k,
                    Some(&c.value),
                )?,
                None => {
                    return Err(self.error(
                        "dict unpacking cannot be used in dict comprehension",
                        c.range,
                    ))
                }
            },
            Expr::Generator(c) => self.compile_comprehension(
                e,
                CompKind::Generator,
                "<genexpr>",
                &c.generators,
                &c.elt,
                None,
            )?,
            Expr::Await(a) => {
                let info = self.scope_info();
                if !info.kind.is_function_like() {
                    return Err(self.error("'await' outside function", a.range));
                }
                if !info.is_async_def && !matches!(info.kind, ScopeKind::Comprehension(_)) {
                    return Err(self.error("'await' outside async function", a.range));
                }
                self.visit_expr(&a.value)?;
                self.emit_await(0);
            }
            Expr::Yield(y) => {
                if !self.scope_info().kind.is_function_like() {
                    return Err(self.error("'yield' outside function", y.range));
                }
                match &y.value {
                    Some(v) => self.visit_expr(v)?,
                    None => self.load_const(Constant::None),
                }
                self.emit(Instr::YieldValue);
            }
            Expr::YieldFrom(y) => {
                let info = self.scope_info();
                if !info.kind.is_function_like() {
                    return Err(self.error("'yield' outside function", y.range));
                }
                if info.is_async_def {
                    return Err(self.error("'yield from' inside async function", y.range));
                }
                self.visit_expr(&y.value)?;
                self.emit(Instr::GetYieldFromIter);
                self.load_const(Constant::None);
                self.emit(Instr::YieldFrom);
            }
            Expr::Compare(c) => self.compile_compare(c)?,
            Expr::Call(c) => self.compile_call(c)?,
            Expr::FString(f) => self.compile_fstring(f)?,
            Expr::TString(t) => return Err(self.error("invalid syntax", t.range)),
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => {
                // Handled by constant_of above.
                if let Some(c) = self.constant_of(e) {
                    self.load_const(c);
                }
            }
            Expr::Attribute(a) => {
                self.visit_expr(&a.value)?;
                let n = self.add_mangled(a.attr.as_str());
                self.emit(Instr::LoadAttr(n));
            }
            Expr::Subscript(s) => {
                self.visit_expr(&s.value)?;
                self.visit_slice(&s.slice)?;
                self.emit(Instr::BinarySubscr);
            }
            Expr::Starred(s) => {
                return Err(self.error("can't use starred expression here", s.range));
            }
            Expr::Name(n) => self.name_op(n.id.as_str(), NameCtx::Load, n.range)?,
            Expr::Slice(s) => {
                // A slice outside a subscript (only inside tuple subscripts).
                self.compile_slice(s)?;
            }
            Expr::IpyEscapeCommand(i) => return Err(self.error("invalid syntax", i.range)),
        }
        Ok(())
    }

    fn visit_slice(&mut self, s: &'a Expr) -> R {
        match s {
            Expr::Slice(sl) => {
                let old = self.set_loc(sl.range);
                let r = self.compile_slice(sl);
                self.restore_loc(old);
                r
            }
            _ => self.visit_expr(s),
        }
    }

    fn compile_slice(&mut self, s: &'a ast::ExprSlice) -> R {
        match &s.lower {
            Some(x) => self.visit_expr(x)?,
            None => self.load_const(Constant::None),
        }
        match &s.upper {
            Some(x) => self.visit_expr(x)?,
            None => self.load_const(Constant::None),
        }
        match &s.step {
            Some(x) => {
                self.visit_expr(x)?;
                self.emit(Instr::BuildSlice(3));
            }
            None => self.emit(Instr::BuildSlice(2)),
        }
        Ok(())
    }

    fn compile_compare(&mut self, c: &'a ast::ExprCompare) -> R {
        self.visit_expr(&c.left)?;
        let n = c.ops.len();
        if n == 1 {
            self.visit_expr(&c.comparators[0])?;
            self.emit(cmp_instr(c.ops[0]));
            return Ok(());
        }
        let cleanup = self.new_label();
        let end = self.new_label();
        for i in 0..n - 1 {
            self.visit_expr(&c.comparators[i])?;
            self.emit(Instr::Swap(2));
            self.emit(Instr::Copy(2));
            self.emit(cmp_instr(c.ops[i]));
            self.jump(Instr::JumpIfFalseOrPop, cleanup);
        }
        self.visit_expr(&c.comparators[n - 1])?;
        self.emit(cmp_instr(c.ops[n - 1]));
        self.jump(Instr::Jump, end);
        self.bind(cleanup);
        self.emit(Instr::Swap(2));
        self.emit(Instr::PopTop);
        self.bind(end);
        Ok(())
    }

    fn compile_dict(&mut self, d: &'a ast::ExprDict) -> R {
        let items = &d.items;
        let n = items.len();
        if n == 0 {
            self.emit(Instr::BuildMap(0));
            return Ok(());
        }
        let has_unpack = items.iter().any(|i| i.key.is_none());
        if !has_unpack && n <= STACK_USE_GUIDELINE / 2 {
            let keys: Option<Vec<Constant>> = items
                .iter()
                .map(|i| i.key.as_ref().and_then(|k| self.constant_of(k)))
                .collect();
            if let (Some(keys), true) = (keys, n > 1) {
                for it in items {
                    self.visit_expr(&it.value)?;
                }
                self.load_const(Constant::Tuple(keys.into()));
                self.emit(Instr::BuildConstKeyMap(n as u32));
                return Ok(());
            }
            for it in items {
                if let Some(k) = &it.key {
                    self.visit_expr(k)?;
                }
                self.visit_expr(&it.value)?;
            }
            self.emit(Instr::BuildMap(n as u32));
            return Ok(());
        }
        // General case: build incrementally.
        let mut built = false;
        let mut pending = 0u32;
        for it in items {
            match &it.key {
                Some(k) => {
                    if built && pending == 0 {
                        // Add directly.
                        self.visit_expr(k)?;
                        self.visit_expr(&it.value)?;
                        self.emit(Instr::MapAdd(1));
                    } else {
                        self.visit_expr(k)?;
                        self.visit_expr(&it.value)?;
                        pending += 1;
                        if pending as usize * 2 >= STACK_USE_GUIDELINE {
                            self.emit(Instr::BuildMap(pending));
                            if built {
                                self.emit(Instr::DictUpdate(1));
                            }
                            built = true;
                            pending = 0;
                        }
                    }
                }
                None => {
                    if pending > 0 || !built {
                        self.emit(Instr::BuildMap(pending));
                        if built {
                            self.emit(Instr::DictUpdate(1));
                        }
                        built = true;
                        pending = 0;
                    }
                    self.visit_expr(&it.value)?;
                    self.emit(Instr::DictUpdate(1));
                }
            }
        }
        if pending > 0 || !built {
            self.emit(Instr::BuildMap(pending));
            if built {
                self.emit(Instr::DictUpdate(1));
            }
        }
        Ok(())
    }

    /// Lists, tuples and sets, with `*` unpacking. `pushed` items are already on the stack.
    fn starunpack(&mut self, elts: &'a [Expr], kind: Seq, pushed: u32) -> R {
        let n = elts.len();
        type Op = fn(u32) -> Instr;
        let (build, add, extend): (Op, Op, Op) = match kind {
            Seq::List | Seq::Tuple => (Instr::BuildList, Instr::ListAppend, Instr::ListExtend),
            Seq::Set => (Instr::BuildSet, Instr::SetAdd, Instr::SetUpdate),
        };
        if n > 2 || (kind == Seq::Tuple && pushed == 0) {
            let consts: Option<Vec<Constant>> = elts.iter().map(|e| self.constant_of(e)).collect();
            if let Some(cs) = consts {
                if kind == Seq::Tuple && pushed == 0 {
                    self.load_const(Constant::Tuple(cs.into()));
                    return Ok(());
                }
                if n > 2 {
                    self.emit(build(pushed));
                    let folded = if kind == Seq::Set {
                        Constant::FrozenSet(cs.into())
                    } else {
                        Constant::Tuple(cs.into())
                    };
                    self.load_const(folded);
                    self.emit(extend(1));
                    if kind == Seq::Tuple {
                        self.emit(Instr::ListToTuple);
                    }
                    return Ok(());
                }
            }
        }
        let big = n + pushed as usize > STACK_USE_GUIDELINE;
        let seen_star = elts.iter().any(|e| matches!(e, Expr::Starred(_)));
        if !seen_star && !big {
            for e in elts {
                self.visit_expr(e)?;
            }
            let total = n as u32 + pushed;
            self.emit(match kind {
                Seq::Tuple => Instr::BuildTuple(total),
                _ => build(total),
            });
            return Ok(());
        }
        let mut built = false;
        if big {
            self.emit(build(pushed));
            built = true;
        }
        for (i, e) in elts.iter().enumerate() {
            if let Expr::Starred(st) = e {
                if !built {
                    self.emit(build(i as u32 + pushed));
                    built = true;
                }
                self.visit_expr(&st.value)?;
                self.emit(extend(1));
            } else {
                self.visit_expr(e)?;
                if built {
                    self.emit(add(1));
                }
            }
        }
        if !built {
            self.emit(build(n as u32 + pushed));
        }
        if kind == Seq::Tuple {
            self.emit(Instr::ListToTuple);
        }
        Ok(())
    }

    // ---- calls

    fn compile_call(&mut self, c: &'a ast::ExprCall) -> R {
        let args = &c.arguments.args;
        let kws = &c.arguments.keywords;
        self.validate_keywords(kws)?;
        let simple = !args.iter().any(|a| matches!(a, Expr::Starred(_)))
            && !kws.iter().any(|k| k.arg.is_none())
            && args.len() + kws.len() * 2 < STACK_USE_GUIDELINE;
        if let (Expr::Attribute(at), true) = (&*c.func, simple) {
            // Method call.
            self.visit_expr(&at.value)?;
            let n = self.add_mangled(at.attr.as_str());
            let old = self.set_loc(at.range);
            self.emit(Instr::LoadMethod(n));
            self.restore_loc(old);
            for a in args.iter() {
                self.visit_expr(a)?;
            }
            for k in kws.iter() {
                self.visit_expr(&k.value)?;
            }
            let total = (args.len() + kws.len()) as u32;
            if kws.is_empty() {
                self.emit(Instr::CallMethod(total));
            } else {
                let names: Vec<Constant> = kws
                    .iter()
                    .map(|k| Constant::Str(k.arg.as_ref().map(|a| a.as_str()).unwrap_or("").into()))
                    .collect();
                self.load_const(Constant::Tuple(names.into()));
                self.emit(Instr::CallMethodKw(total));
            }
            return Ok(());
        }
        self.visit_expr(&c.func)?;
        self.compile_call_helper(0, args, kws, c.range())
    }

    fn validate_keywords(&self, kws: &[ast::Keyword]) -> R {
        for (i, k) in kws.iter().enumerate() {
            let Some(a) = &k.arg else { continue };
            if a.as_str() == "__debug__" {
                let r = TextRange::new(self.lines_range_start(), k.range.end());
                return Err(self.error("cannot assign to __debug__", r));
            }
            for k2 in &kws[i + 1..] {
                if let Some(b) = &k2.arg {
                    if a.as_str() == b.as_str() {
                        return Err(self.error(
                            format!("keyword argument repeated: {}", a.as_str()),
                            k2.range,
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Call the callable on the stack (with `n` extra positional args already pushed).
    fn compile_call_helper(
        &mut self,
        n: u32,
        args: &'a [Expr],
        kws: &'a [ast::Keyword],
        range: TextRange,
    ) -> R {
        self.validate_keywords(kws)?;
        let has_star = args.iter().any(|a| matches!(a, Expr::Starred(_)));
        let has_dstar = kws.iter().any(|k| k.arg.is_none());
        let big = args.len() + n as usize + kws.len() * 2 > STACK_USE_GUIDELINE;
        let old = self.set_loc(range);
        let r = (|| -> R {
            if !has_star && !has_dstar && !big {
                for a in args {
                    self.visit_expr(a)?;
                }
                for k in kws {
                    self.visit_expr(&k.value)?;
                }
                let total = n + (args.len() + kws.len()) as u32;
                if kws.is_empty() {
                    self.emit(Instr::CallFunction(total));
                } else {
                    let names: Vec<Constant> = kws
                        .iter()
                        .map(|k| {
                            Constant::Str(k.arg.as_ref().map(|a| a.as_str()).unwrap_or("").into())
                        })
                        .collect();
                    self.load_const(Constant::Tuple(names.into()));
                    self.emit(Instr::CallFunctionKw(total));
                }
                return Ok(());
            }
            // Positional arguments as a tuple.
            if n == 0 && args.len() == 1 && has_star {
                if let Expr::Starred(s) = &args[0] {
                    // f(*a): still normalize to a tuple.
                    self.emit(Instr::BuildList(0));
                    self.visit_expr(&s.value)?;
                    self.emit(Instr::ListExtend(1 | crate::bytecode::LIST_EXTEND_CALL));
                    self.emit(Instr::ListToTuple);
                }
            } else {
                self.starunpack_call_args(args, n)?;
            }
            // Keyword arguments as a dict.
            if !kws.is_empty() {
                let mut have_dict = false;
                let mut i = 0;
                while i < kws.len() {
                    if kws[i].arg.is_none() {
                        if !have_dict {
                            self.emit(Instr::BuildMap(0));
                            have_dict = true;
                        }
                        self.visit_expr(&kws[i].value)?;
                        self.emit(Instr::DictMerge(1));
                        i += 1;
                    } else {
                        let start = i;
                        while i < kws.len() && kws[i].arg.is_some() {
                            i += 1;
                        }
                        let group = &kws[start..i];
                        self.compile_kw_group(group)?;
                        if have_dict {
                            self.emit(Instr::DictMerge(1));
                        }
                        have_dict = true;
                    }
                }
                self.emit(Instr::CallFunctionEx(1));
            } else {
                self.emit(Instr::CallFunctionEx(0));
            }
            Ok(())
        })();
        self.restore_loc(old);
        r
    }

    fn compile_kw_group(&mut self, group: &'a [ast::Keyword]) -> R {
        if group.len() > 1 && group.len() * 2 <= STACK_USE_GUIDELINE {
            for k in group {
                self.visit_expr(&k.value)?;
            }
            let names: Vec<Constant> = group
                .iter()
                .map(|k| Constant::Str(k.arg.as_ref().map(|a| a.as_str()).unwrap_or("").into()))
                .collect();
            self.load_const(Constant::Tuple(names.into()));
            self.emit(Instr::BuildConstKeyMap(group.len() as u32));
        } else if group.len() * 2 <= STACK_USE_GUIDELINE {
            for k in group {
                let name = k.arg.as_ref().map(|a| a.as_str()).unwrap_or("");
                self.load_const(Constant::Str(name.into()));
                self.visit_expr(&k.value)?;
            }
            self.emit(Instr::BuildMap(group.len() as u32));
        } else {
            self.emit(Instr::BuildMap(0));
            for k in group {
                let name = k.arg.as_ref().map(|a| a.as_str()).unwrap_or("");
                self.load_const(Constant::Str(name.into()));
                self.visit_expr(&k.value)?;
                self.emit(Instr::MapAdd(1));
            }
        }
        Ok(())
    }

    /// Build the positional-args tuple (`n` items already pushed become its first items).
    fn starunpack_call_args(&mut self, args: &'a [Expr], n: u32) -> R {
        self.emit(Instr::BuildList(n));
        for a in args {
            if let Expr::Starred(s) = a {
                self.visit_expr(&s.value)?;
                // (CPython names the function only for a lone `f(*args)`)
                self.emit(Instr::ListExtend(1));
            } else {
                self.visit_expr(a)?;
                self.emit(Instr::ListAppend(1));
            }
        }
        self.emit(Instr::ListToTuple);
        Ok(())
    }

    // ---- f-strings

    fn compile_fstring(&mut self, f: &'a ast::ExprFString) -> R {
        let mut pieces = 0u32;
        let mut pending = String::new();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(l) => pending.push_str(&l.value),
                ast::FStringPart::FString(fs) => {
                    self.compile_fstring_elements(&fs.elements, &mut pending, &mut pieces)?;
                }
            }
        }
        if !pending.is_empty() || pieces == 0 {
            self.load_const(Constant::Str(std::mem::take(&mut pending).into()));
            pieces += 1;
        }
        if pieces > 1 {
            self.emit(Instr::BuildString(pieces));
        }
        Ok(())
    }

    fn compile_fstring_elements(
        &mut self,
        els: &'a ast::InterpolatedStringElements,
        pending: &mut String,
        pieces: &mut u32,
    ) -> R {
        for el in els.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => pending.push_str(&l.value),
                ast::InterpolatedStringElement::Interpolation(i) => {
                    if let Some(dbg) = &i.debug_text {
                        pending.push_str(dbg.as_str());
                    }
                    if !pending.is_empty() {
                        self.load_const(Constant::Str(std::mem::take(pending).into()));
                        *pieces += 1;
                    }
                    self.guard(|c| c.compile_formatted_value(i))?;
                    *pieces += 1;
                }
            }
        }
        Ok(())
    }

    fn compile_formatted_value(&mut self, i: &'a ast::InterpolatedElement) -> R {
        self.visit_expr(&i.expression)?;
        let mut fl = match i.conversion {
            ast::ConversionFlag::None => 0,
            ast::ConversionFlag::Str => format_value::CONV_STR,
            ast::ConversionFlag::Repr => format_value::CONV_REPR,
            ast::ConversionFlag::Ascii => format_value::CONV_ASCII,
        };
        if i.debug_text.is_some() && fl == 0 && i.format_spec.is_none() {
            fl = format_value::CONV_REPR;
        }
        if let Some(spec) = &i.format_spec {
            let mut pending = String::new();
            let mut pieces = 0u32;
            self.compile_fstring_elements(&spec.elements, &mut pending, &mut pieces)?;
            if !pending.is_empty() || pieces == 0 {
                self.load_const(Constant::Str(pending.into()));
                pieces += 1;
            }
            if pieces > 1 {
                self.emit(Instr::BuildString(pieces));
            }
            fl |= format_value::HAS_SPEC;
        }
        self.emit(Instr::FormatValue(fl));
        Ok(())
    }

    // ---- lambda and comprehensions

    fn compile_lambda(&mut self, l: &'a ast::ExprLambda) -> R {
        let mut fflags = 0;
        if let Some(p) = &l.parameters {
            self.check_debug_params(p, l.range)?;
        }
        if let Some(p) = &l.parameters {
            fflags = self.compile_defaults(p)?;
        }
        let Some(scope) = self.table.scope_for(l) else {
            return Err(self.error("internal error: no scope for lambda", l.range));
        };
        let qualname = self.qualname_for("<lambda>", false);
        let line = self.lines.line_col(l.range.start().into()).0;
        self.enter_unit(scope, "<lambda>", qualname, line);
        self.set_loc(l.range);
        if let Some(p) = &l.parameters {
            self.set_params(p);
        }
        self.emit_cell_setup();
        let r = self.visit_expr(&l.body);
        if let Err(e) = r {
            self.units.pop();
            return Err(e);
        }
        self.set_loc(l.body.range());
        self.emit(Instr::ReturnValue);
        let code = self.exit_unit();
        self.make_closure(code, fflags);
        Ok(())
    }

    fn compile_comprehension(
        &mut self,
        node: &'a Expr,
        kind: CompKind,
        name: &str,
        gens: &'a [ast::Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> R {
        let Some(first) = gens.first() else {
            return Err(self.error("invalid syntax", node.range()));
        };
        let scope_id = match node {
            Expr::ListComp(c) => self.table.scope_for(c),
            Expr::SetComp(c) => self.table.scope_for(c),
            Expr::DictComp(c) => self.table.scope_for(c),
            Expr::Generator(c) => self.table.scope_for(c),
            _ => None,
        };
        let Some(scope_id) = scope_id else {
            return Err(self.error("internal error: no scope for comprehension", node.range()));
        };
        let info = &self.table.scopes[scope_id];
        let is_async = info.is_coroutine;
        let outer_kind = self.ur().kind;
        let outer_async = self.ur().is_async_def;
        if is_async
            && kind != CompKind::Generator
            && !outer_async
            && !matches!(outer_kind, ScopeKind::Comprehension(_))
        {
            return Err(self.error(
                "asynchronous comprehension outside of an asynchronous function",
                node.range(),
            ));
        }
        let qualname = self.qualname_for(name, false);
        let line = self.lines.line_col(node.range().start().into()).0;
        self.enter_unit(scope_id, name, qualname, line);
        self.set_loc(node.range());
        self.u().argcount = 1;
        self.emit_cell_setup();
        let r = (|| -> R {
            match kind {
                CompKind::List => self.emit(Instr::BuildList(0)),
                CompKind::Set => self.emit(Instr::BuildSet(0)),
                CompKind::Dict => self.emit(Instr::BuildMap(0)),
                CompKind::Generator => {}
            }
            self.comprehension_generator(gens, 0, kind, elt, value)?;
            self.set_loc(node.range());
            if kind == CompKind::Generator {
                self.load_const(Constant::None);
            }
            self.emit(Instr::ReturnValue);
            Ok(())
        })();
        if let Err(e) = r {
            self.units.pop();
            return Err(e);
        }
        let code = self.exit_unit();
        self.make_closure(code, 0);
        self.visit_expr(&first.iter)?;
        self.set_loc(node.range());
        if first.is_async {
            self.emit(Instr::GetAiter);
        } else {
            self.emit(Instr::GetIter);
        }
        self.emit(Instr::CallFunction(1));
        if is_async && kind != CompKind::Generator {
            self.emit_await(0);
        }
        Ok(())
    }

    fn comprehension_generator(
        &mut self,
        gens: &'a [ast::Comprehension],
        i: usize,
        kind: CompKind,
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> R {
        self.guard(|c| c.comprehension_generator_inner(gens, i, kind, elt, value))
    }

    fn comprehension_generator_inner(
        &mut self,
        gens: &'a [ast::Comprehension],
        i: usize,
        kind: CompKind,
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> R {
        let g = &gens[i];
        let old = self.set_loc(g.range);
        if i == 0 {
            let v = self.add_varname(".0");
            self.emit(Instr::LoadFast(v));
        } else {
            self.visit_expr(&g.iter)?;
            if g.is_async {
                self.emit(Instr::GetAiter);
            } else {
                self.emit(Instr::GetIter);
            }
        }
        let start = self.new_label();
        let if_cleanup = self.new_label();
        let anchor = self.new_label();
        self.bind(start);
        if g.is_async {
            let except = anchor;
            self.jump(Instr::SetupFinally, except);
            self.emit(Instr::GetAnext);
            self.load_const(Constant::None);
            self.emit(Instr::YieldFrom);
            self.emit(Instr::PopBlock);
        } else {
            self.jump(Instr::ForIter, anchor);
        }
        if g.is_async {
            self.push_fblock(FBlock::AsyncComprehension, g.range)?;
        }
        self.compile_store(&g.target)?;
        for cond in &g.ifs {
            self.compile_jump_if(cond, if_cleanup, false)?;
        }
        if i + 1 < gens.len() {
            self.comprehension_generator(gens, i + 1, kind, elt, value)?;
        } else {
            let depth = gens.len() as u32 + 1;
            match kind {
                CompKind::Generator => {
                    self.visit_expr(elt)?;
                    self.emit(Instr::YieldValue);
                    self.emit(Instr::PopTop);
                }
                CompKind::List => {
                    self.visit_expr(elt)?;
                    self.emit(Instr::ListAppend(depth));
                }
                CompKind::Set => {
                    self.visit_expr(elt)?;
                    self.emit(Instr::SetAdd(depth));
                }
                CompKind::Dict => {
                    self.visit_expr(elt)?;
                    if let Some(v) = value {
                        self.visit_expr(v)?;
                    }
                    self.emit(Instr::MapAdd(depth));
                }
            }
        }
        if g.is_async {
            self.pop_fblock();
        }
        self.bind(if_cleanup);
        self.jump(Instr::Jump, start);
        self.bind(anchor);
        if g.is_async {
            self.emit(Instr::EndAsyncFor);
        }
        self.restore_loc(old);
        Ok(())
    }

    // ------------------------------------------------------------------ match

    fn compile_match(&mut self, m: &'a ast::StmtMatch) -> R {
        self.visit_expr(&m.subject)?;
        let end = self.new_label();
        let n = m.cases.len();
        let has_default = m
            .cases
            .last()
            .is_some_and(|c| c.guard.is_none() && is_wildcard_pattern(&c.pattern))
            && n > 1;
        let ncases = if has_default { n - 1 } else { n };
        for (i, case) in m.cases[..ncases].iter().enumerate() {
            let old = self.set_loc(case.pattern.range());
            let mut pc = PatternCtx {
                stores: Vec::new(),
                allow_irrefutable: case.guard.is_some() || i + 1 == n,
                fail_pop: Vec::new(),
                on_top: 0,
            };
            // Keep the subject for the next case.
            self.emit(Instr::Copy(1));
            self.compile_pattern(&case.pattern, &mut pc)?;
            let stores = std::mem::take(&mut pc.stores);
            for name in &stores {
                self.name_op(name, NameCtx::Store, case.pattern.range())?;
            }
            if let Some(g) = &case.guard {
                self.ensure_fail_pop(&mut pc, 0);
                let l = pc.fail_pop[0];
                self.compile_jump_if(g, l, false)?;
            }
            self.emit(Instr::PopTop);
            self.restore_loc(old);
            self.visit_body(&case.body)?;
            self.jump(Instr::Jump, end);
            self.emit_and_reset_fail_pop(&mut pc);
        }
        if has_default {
            let case = &m.cases[n - 1];
            let old = self.set_loc(case.pattern.range());
            // Irrefutable default: just drop the subject (and bind a name if any).
            if let Pattern::MatchAs(a) = &case.pattern {
                if let Some(name) = &a.name {
                    self.name_op(name.as_str(), NameCtx::Store, name.range)?;
                } else {
                    self.emit(Instr::PopTop);
                }
            } else {
                self.emit(Instr::PopTop);
            }
            self.restore_loc(old);
            self.visit_body(&case.body)?;
        } else {
            self.emit(Instr::PopTop);
        }
        self.bind(end);
        Ok(())
    }

    fn ensure_fail_pop(&mut self, pc: &mut PatternCtx, n: usize) {
        while pc.fail_pop.len() <= n {
            let l = self.new_label();
            pc.fail_pop.push(l);
        }
    }

    /// Jump (with `f`) to the failure label that pops everything this pattern pushed.
    fn jump_to_fail_pop(&mut self, pc: &mut PatternCtx, f: fn(u32) -> Instr) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        let l = pc.fail_pop[pops];
        self.jump(f, l);
    }

    fn emit_and_reset_fail_pop(&mut self, pc: &mut PatternCtx) {
        let labels = std::mem::take(&mut pc.fail_pop);
        if labels.is_empty() {
            return;
        }
        for k in (1..labels.len()).rev() {
            self.bind(labels[k]);
            self.emit(Instr::PopTop);
        }
        self.bind(labels[0]);
    }

    /// Move TOS under the next `count - 1` items.
    fn rotate(&mut self, count: usize) {
        let mut c = count;
        while c > 1 {
            self.emit(Instr::Swap(c as u32));
            c -= 1;
        }
    }

    fn store_capture(&mut self, name: Option<&str>, pc: &mut PatternCtx, range: TextRange) -> R {
        let Some(name) = name else {
            self.emit(Instr::PopTop);
            return Ok(());
        };
        if name == "__debug__" {
            return Err(self.error("cannot assign to __debug__", range));
        }
        if pc.stores.iter().any(|s| s == name) {
            return Err(self.error(
                format!("multiple assignments to name '{name}' in pattern"),
                range,
            ));
        }
        let rotations = pc.on_top + pc.stores.len() + 1;
        self.rotate(rotations);
        pc.stores.push(name.to_string());
        Ok(())
    }

    fn compile_pattern(&mut self, p: &'a Pattern, pc: &mut PatternCtx) -> R {
        self.guard(|c| {
            let old = c.set_loc(p.range());
            let r = c.compile_pattern_inner(p, pc);
            c.restore_loc(old);
            r
        })
    }

    fn compile_pattern_inner(&mut self, p: &'a Pattern, pc: &mut PatternCtx) -> R {
        match p {
            Pattern::MatchValue(v) => {
                if !matches!(
                    &*v.value,
                    Expr::Attribute(_)
                        | Expr::NumberLiteral(_)
                        | Expr::StringLiteral(_)
                        | Expr::BytesLiteral(_)
                        | Expr::UnaryOp(_)
                        | Expr::BinOp(_)
                ) {
                    return Err(self.error(
                        "patterns may only match literals and attribute lookups",
                        v.range,
                    ));
                }
                self.visit_expr(&v.value)?;
                self.emit(Instr::CompareOp(CmpOp::Eq));
                self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
            }
            Pattern::MatchSingleton(s) => {
                self.load_const(match s.value {
                    ast::Singleton::None => Constant::None,
                    ast::Singleton::True => Constant::Bool(true),
                    ast::Singleton::False => Constant::Bool(false),
                });
                self.emit(Instr::IsOp(0));
                self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
            }
            Pattern::MatchAs(a) => match &a.pattern {
                None => {
                    if !pc.allow_irrefutable {
                        return Err(match &a.name {
                            Some(n) => self.error(
                                format!(
                                    "name capture '{}' makes remaining patterns unreachable",
                                    n.as_str()
                                ),
                                a.range,
                            ),
                            None => {
                                self.error("wildcard makes remaining patterns unreachable", a.range)
                            }
                        });
                    }
                    self.store_capture(a.name.as_ref().map(|n| n.as_str()), pc, a.range)?;
                }
                Some(sub) => {
                    pc.on_top += 1;
                    self.emit(Instr::Copy(1));
                    let old = pc.allow_irrefutable;
                    pc.allow_irrefutable = true;
                    self.compile_pattern(sub, pc)?;
                    pc.allow_irrefutable = old;
                    pc.on_top -= 1;
                    self.store_capture(a.name.as_ref().map(|n| n.as_str()), pc, a.range)?;
                }
            },
            Pattern::MatchStar(s) => {
                self.store_capture(s.name.as_ref().map(|n| n.as_str()), pc, s.range)?;
            }
            Pattern::MatchSequence(s) => self.compile_sequence_pattern(s, pc)?,
            Pattern::MatchMapping(m) => self.compile_mapping_pattern(m, pc)?,
            Pattern::MatchClass(c) => self.compile_class_pattern(c, pc)?,
            Pattern::MatchOr(o) => self.compile_or_pattern(o, pc)?,
        }
        Ok(())
    }

    fn compile_sequence_pattern(
        &mut self,
        s: &'a ast::PatternMatchSequence,
        pc: &mut PatternCtx,
    ) -> R {
        let pats = &s.patterns;
        let size = pats.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in pats.iter().enumerate() {
            if let Pattern::MatchStar(st) = p {
                if star.is_some() {
                    return Err(self.error("multiple starred names in sequence pattern", s.range));
                }
                star = Some(i);
                star_wildcard = st.name.is_none();
                only_wildcard &= st.name.is_none();
            } else {
                only_wildcard &= is_wildcard_pattern(p);
            }
        }
        pc.on_top += 1;
        self.emit(Instr::MatchSequence);
        self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        match star {
            None => {
                self.emit(Instr::GetLen);
                self.load_const(Constant::Int(size as i64));
                self.emit(Instr::CompareOp(CmpOp::Eq));
                self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
            }
            Some(_) if only_wildcard => {}
            Some(_) => {
                if size > 1 {
                    self.emit(Instr::GetLen);
                    self.load_const(Constant::Int(size as i64 - 1));
                    self.emit(Instr::CompareOp(CmpOp::Ge));
                    self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
                }
            }
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.emit(Instr::PopTop);
        } else if star_wildcard {
            self.sequence_subscr(pats, star.unwrap_or(0), pc)?;
        } else {
            self.sequence_unpack(pats, star, pc)?;
        }
        Ok(())
    }

    fn sequence_unpack(
        &mut self,
        pats: &'a [Pattern],
        star: Option<usize>,
        pc: &mut PatternCtx,
    ) -> R {
        let size = pats.len();
        match star {
            Some(i) => {
                let after = size - i - 1;
                if i >= 256 || after >= (1 << 24) {
                    return Err(self.error(
                        "too many expressions in star-unpacking sequence pattern",
                        pats[i].range(),
                    ));
                }
                self.emit(Instr::UnpackEx(i as u32 | ((after as u32) << 8)));
            }
            None => self.emit(Instr::UnpackSequence(size as u32)),
        }
        pc.on_top += size;
        for p in pats {
            pc.on_top -= 1;
            let old = pc.allow_irrefutable;
            pc.allow_irrefutable = true;
            self.compile_pattern(p, pc)?;
            pc.allow_irrefutable = old;
        }
        Ok(())
    }

    /// `[a, *_, b]`: index the subject instead of unpacking it.
    fn sequence_subscr(&mut self, pats: &'a [Pattern], star: usize, pc: &mut PatternCtx) -> R {
        let size = pats.len();
        pc.on_top += 1;
        for (i, p) in pats.iter().enumerate() {
            if i == star || is_wildcard_pattern(p) {
                continue;
            }
            self.emit(Instr::Copy(1));
            if i < star {
                self.load_const(Constant::Int(i as i64));
            } else {
                self.emit(Instr::GetLen);
                self.load_const(Constant::Int((size - i) as i64));
                self.emit(Instr::BinaryOp(BinOp::Sub));
            }
            self.emit(Instr::BinarySubscr);
            let old = pc.allow_irrefutable;
            pc.allow_irrefutable = true;
            self.compile_pattern(p, pc)?;
            pc.allow_irrefutable = old;
        }
        pc.on_top -= 1;
        self.emit(Instr::PopTop);
        Ok(())
    }

    fn compile_mapping_pattern(
        &mut self,
        m: &'a ast::PatternMatchMapping,
        pc: &mut PatternCtx,
    ) -> R {
        let size = m.keys.len();
        if size != m.patterns.len() {
            return Err(self.error(
                "keys (mapping pattern) and patterns differ in length",
                m.range,
            ));
        }
        pc.on_top += 1;
        self.emit(Instr::MatchMapping);
        self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        if size == 0 && m.rest.is_none() {
            pc.on_top -= 1;
            self.emit(Instr::PopTop);
            return Ok(());
        }
        if size > 0 {
            self.emit(Instr::GetLen);
            self.load_const(Constant::Int(size as i64));
            self.emit(Instr::CompareOp(CmpOp::Ge));
            self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        }
        // Keys.
        let mut seen: Vec<ConstKey> = Vec::new();
        let mut all_const = true;
        let mut consts = Vec::new();
        for k in m.keys.iter() {
            match self.constant_of(k) {
                Some(c) => {
                    let key = const_key(&c, &mut 0);
                    if seen.contains(&key) {
                        return Err(self.error(
                            format!("mapping pattern checks duplicate key ({})", const_repr(&c)),
                            m.range,
                        ));
                    }
                    seen.push(key);
                    consts.push(c);
                }
                None => {
                    if !matches!(k, Expr::Attribute(_)) {
                        return Err(self.error(
                            "mapping pattern keys may only match literals and attribute lookups",
                            k.range(),
                        ));
                    }
                    all_const = false;
                }
            }
        }
        if all_const {
            self.load_const(Constant::Tuple(consts.into()));
        } else {
            for k in m.keys.iter() {
                self.visit_expr(k)?;
            }
            self.emit(Instr::BuildTuple(size as u32));
        }
        // [subject, keys] -> [subject, keys, values_or_None]
        self.emit(Instr::MatchKeys);
        self.emit(Instr::Copy(1));
        self.load_const(Constant::None);
        self.emit(Instr::IsOp(1));
        pc.on_top += 2;
        self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        self.emit(Instr::UnpackSequence(size as u32));
        pc.on_top += size;
        pc.on_top -= 1;
        for p in m.patterns.iter() {
            pc.on_top -= 1;
            let old = pc.allow_irrefutable;
            pc.allow_irrefutable = true;
            self.compile_pattern(p, pc)?;
            pc.allow_irrefutable = old;
        }
        // [subject, keys]
        pc.on_top -= 2;
        match &m.rest {
            Some(rest) => {
                self.emit(Instr::CopyDictWithoutKeys);
                self.emit(Instr::Swap(2));
                self.emit(Instr::PopTop);
                self.store_capture(Some(rest.as_str()), pc, rest.range)?;
            }
            None => {
                self.emit(Instr::PopTop);
                self.emit(Instr::PopTop);
            }
        }
        Ok(())
    }

    fn compile_class_pattern(&mut self, c: &'a ast::PatternMatchClass, pc: &mut PatternCtx) -> R {
        let args = &c.arguments;
        let nargs = args.patterns.len();
        let nattrs = args.keywords.len();
        for (i, k) in args.keywords.iter().enumerate() {
            let name = k.attr.as_str();
            if name == "__debug__" {
                return Err(self.error("cannot assign to __debug__", k.attr.range));
            }
            if args.keywords[..i].iter().any(|o| o.attr.as_str() == name) {
                return Err(self.error(
                    format!("attribute name repeated in class pattern: {name}"),
                    k.pattern.range(),
                ));
            }
        }
        self.visit_expr(&c.cls)?;
        let names: Vec<Constant> = args
            .keywords
            .iter()
            .map(|k| Constant::Str(k.attr.as_str().into()))
            .collect();
        self.load_const(Constant::Tuple(names.into()));
        self.emit(Instr::MatchClass(nargs as u32));
        self.emit(Instr::Copy(1));
        self.load_const(Constant::None);
        self.emit(Instr::IsOp(1));
        pc.on_top += 1;
        self.jump_to_fail_pop(pc, Instr::PopJumpIfFalse);
        self.emit(Instr::UnpackSequence((nargs + nattrs) as u32));
        pc.on_top += nargs + nattrs;
        pc.on_top -= 1;
        let subs: Vec<&'a Pattern> = args
            .patterns
            .iter()
            .chain(args.keywords.iter().map(|k| &k.pattern))
            .collect();
        for p in subs {
            pc.on_top -= 1;
            if is_wildcard_pattern(p) {
                self.emit(Instr::PopTop);
                continue;
            }
            let old = pc.allow_irrefutable;
            pc.allow_irrefutable = true;
            self.compile_pattern(p, pc)?;
            pc.allow_irrefutable = old;
        }
        Ok(())
    }

    fn compile_or_pattern(&mut self, o: &'a ast::PatternMatchOr, pc: &mut PatternCtx) -> R {
        let end = self.new_label();
        let n = o.patterns.len();
        let old_stores = std::mem::take(&mut pc.stores);
        let old_fail_pop = std::mem::take(&mut pc.fail_pop);
        let old_on_top = pc.on_top;
        let old_allow = pc.allow_irrefutable;
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in o.patterns.iter().enumerate() {
            pc.stores = Vec::new();
            pc.allow_irrefutable = i + 1 == n && old_allow;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.emit(Instr::Copy(1));
            self.compile_pattern(alt, pc)?;
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(ctl) => {
                    let mut a = ctl.clone();
                    let mut b = pc.stores.clone();
                    a.sort();
                    b.sort();
                    if a != b {
                        let mut r = alt.range();
                        let text = &self.source[r.start().to_usize().min(self.source.len())
                            ..r.end().to_usize().min(self.source.len())];
                        if text.starts_with('(') && text.ends_with(')') && text.len() >= 2 {
                            r = TextRange::new(
                                r.start() + ruff_text_size::TextSize::new(1),
                                r.end() - ruff_text_size::TextSize::new(1),
                            );
                        }
                        return Err(self.error("alternative patterns bind different names", r));
                    }
                    if *ctl != pc.stores {
                        // Reorder the captured values to the control order.
                        let mut model = pc.stores.clone(); // model[d] = name at depth d
                        let k = model.len();
                        for target_depth in (1..k).rev() {
                            let want = &ctl[target_depth];
                            let cur = model.iter().position(|x| x == want).unwrap_or(0);
                            if cur == target_depth {
                                continue;
                            }
                            if cur != 0 {
                                self.emit(Instr::Swap(cur as u32 + 1));
                                model.swap(0, cur);
                            }
                            self.emit(Instr::Swap(target_depth as u32 + 1));
                            model.swap(0, target_depth);
                        }
                    }
                }
            }
            self.jump(Instr::Jump, end);
            self.emit_and_reset_fail_pop(pc);
        }
        // Nothing matched: drop the subject copy and fail.
        pc.stores = old_stores;
        pc.fail_pop = old_fail_pop;
        pc.on_top = old_on_top;
        pc.allow_irrefutable = old_allow;
        self.emit(Instr::PopTop);
        self.jump_to_fail_pop(pc, Instr::Jump);
        self.bind(end);
        let control = control.unwrap_or_default();
        let nstores = control.len();
        let nrots = nstores + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.rotate(nrots);
            if pc.stores.contains(&name) {
                return Err(self.error(
                    format!("multiple assignments to name '{name}' in pattern"),
                    o.range,
                ));
            }
            pc.stores.push(name);
        }
        // Drop the subject.
        self.emit(Instr::PopTop);
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Seq {
    List,
    Tuple,
    Set,
}

fn is_wildcard_pattern(p: &Pattern) -> bool {
    matches!(p, Pattern::MatchAs(a) if a.pattern.is_none() && a.name.is_none())
}

fn const_repr(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::Ellipsis => "Ellipsis".into(),
        Constant::Bool(b) => {
            if *b {
                "True".into()
            } else {
                "False".into()
            }
        }
        Constant::Int(i) => i.to_string(),
        Constant::BigInt(b) => b.to_string(),
        Constant::Float(f) => crate::dis::float_repr(*f),
        Constant::Complex { re, im } => {
            if *re == 0.0 && re.is_sign_positive() {
                format!("{}j", crate::dis::float_repr(*im))
            } else {
                format!(
                    "({}+{}j)",
                    crate::dis::float_repr(*re),
                    crate::dis::float_repr(*im)
                )
            }
        }
        Constant::Str(s) => crate::dis::str_repr(s),
        Constant::Bytes(b) => crate::dis::bytes_repr(b),
        Constant::Tuple(t) => {
            let parts: Vec<String> = t.iter().map(const_repr).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Constant::FrozenSet(_) => "frozenset(...)".into(),
        Constant::Code(_) => "<code>".into(),
    }
}

pub fn number_constant(n: &ast::Number) -> Constant {
    match n {
        ast::Number::Int(i) => match i.as_i64() {
            Some(v) => Constant::Int(v),
            None => Constant::BigInt(parse_big_int(&i.to_string())),
        },
        ast::Number::Float(f) => Constant::Float(*f),
        ast::Number::Complex { real, imag } => Constant::Complex {
            re: *real,
            im: *imag,
        },
    }
}

fn parse_big_int(text: &str) -> BigInt {
    let t: String = text.chars().filter(|c| *c != '_').collect();
    let lower = t.to_ascii_lowercase();
    let (digits, radix) = if let Some(d) = lower.strip_prefix("0x") {
        (d.to_string(), 16)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (d.to_string(), 8)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (d.to_string(), 2)
    } else {
        (lower, 10)
    };
    BigInt::parse_bytes(digits.as_bytes(), radix).unwrap_or_default()
}

fn binop(op: ast::Operator) -> BinOp {
    match op {
        ast::Operator::Add => BinOp::Add,
        ast::Operator::Sub => BinOp::Sub,
        ast::Operator::Mult => BinOp::Mul,
        ast::Operator::MatMult => BinOp::MatMul,
        ast::Operator::Div => BinOp::TrueDiv,
        ast::Operator::Mod => BinOp::Mod,
        ast::Operator::Pow => BinOp::Pow,
        ast::Operator::LShift => BinOp::LShift,
        ast::Operator::RShift => BinOp::RShift,
        ast::Operator::BitOr => BinOp::Or,
        ast::Operator::BitXor => BinOp::Xor,
        ast::Operator::BitAnd => BinOp::And,
        ast::Operator::FloorDiv => BinOp::FloorDiv,
    }
}

fn inplace_op(op: ast::Operator) -> BinOp {
    match op {
        ast::Operator::Add => BinOp::InplaceAdd,
        ast::Operator::Sub => BinOp::InplaceSub,
        ast::Operator::Mult => BinOp::InplaceMul,
        ast::Operator::MatMult => BinOp::InplaceMatMul,
        ast::Operator::Div => BinOp::InplaceTrueDiv,
        ast::Operator::Mod => BinOp::InplaceMod,
        ast::Operator::Pow => BinOp::InplacePow,
        ast::Operator::LShift => BinOp::InplaceLShift,
        ast::Operator::RShift => BinOp::InplaceRShift,
        ast::Operator::BitOr => BinOp::InplaceOr,
        ast::Operator::BitXor => BinOp::InplaceXor,
        ast::Operator::BitAnd => BinOp::InplaceAnd,
        ast::Operator::FloorDiv => BinOp::InplaceFloorDiv,
    }
}

fn cmp_instr(op: ast::CmpOp) -> Instr {
    match op {
        ast::CmpOp::Eq => Instr::CompareOp(CmpOp::Eq),
        ast::CmpOp::NotEq => Instr::CompareOp(CmpOp::Ne),
        ast::CmpOp::Lt => Instr::CompareOp(CmpOp::Lt),
        ast::CmpOp::LtE => Instr::CompareOp(CmpOp::Le),
        ast::CmpOp::Gt => Instr::CompareOp(CmpOp::Gt),
        ast::CmpOp::GtE => Instr::CompareOp(CmpOp::Ge),
        ast::CmpOp::Is => Instr::IsOp(0),
        ast::CmpOp::IsNot => Instr::IsOp(1),
        ast::CmpOp::In => Instr::ContainsOp(0),
        ast::CmpOp::NotIn => Instr::ContainsOp(1),
    }
}

fn is_constant_expr(e: &Expr) -> bool {
    matches!(
        e,
        Expr::NumberLiteral(_)
            | Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
    )
}

/// The docstring of a body, if its first statement is a string literal.
pub fn docstring_of(body: &[Stmt]) -> Option<String> {
    if let Some(Stmt::Expr(e)) = body.first() {
        if let Expr::StringLiteral(s) = &*e.value {
            return Some(s.value.to_str().to_string());
        }
    }
    None
}

fn ends_with_return(body: &[Stmt]) -> bool {
    matches!(body.last(), Some(Stmt::Return(_)))
}

/// Does the body contain an annotated assignment (not inside nested functions/classes)?
pub fn find_ann(body: &[Stmt]) -> bool {
    let mut stack: Vec<&[Stmt]> = vec![body];
    while let Some(b) = stack.pop() {
        for s in b {
            match s {
                Stmt::AnnAssign(_) => return true,
                Stmt::For(f) => {
                    stack.push(&f.body);
                    stack.push(&f.orelse);
                }
                Stmt::While(w) => {
                    stack.push(&w.body);
                    stack.push(&w.orelse);
                }
                Stmt::If(i) => {
                    stack.push(&i.body);
                    for c in &i.elif_else_clauses {
                        stack.push(&c.body);
                    }
                }
                Stmt::With(w) => stack.push(&w.body),
                Stmt::Try(t) => {
                    stack.push(&t.body);
                    stack.push(&t.orelse);
                    stack.push(&t.finalbody);
                    for h in &t.handlers {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        stack.push(&h.body);
                    }
                }
                Stmt::Match(m) => {
                    for c in &m.cases {
                        stack.push(&c.body);
                    }
                }
                _ => {}
            }
        }
    }
    false
}

/// CPython's description of an expression kind in "cannot assign to X" messages.
pub fn expr_description(e: &Expr) -> &'static str {
    match e {
        Expr::BoolOp(_) | Expr::BinOp(_) | Expr::UnaryOp(_) => "expression",
        Expr::Named(_) => "named expression",
        Expr::Lambda(_) => "lambda",
        Expr::If(_) => "conditional expression",
        Expr::Dict(_) => "dict literal",
        Expr::Set(_) => "set display",
        Expr::ListComp(_) => "list comprehension",
        Expr::SetComp(_) => "set comprehension",
        Expr::DictComp(_) => "dict comprehension",
        Expr::Generator(_) => "generator expression",
        Expr::Await(_) => "await expression",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield expression",
        Expr::Compare(_) => "comparison",
        Expr::Call(_) => "function call",
        Expr::FString(_) | Expr::TString(_) => "f-string expression",
        Expr::StringLiteral(_)
        | Expr::BytesLiteral(_)
        | Expr::NumberLiteral(_)
        | Expr::EllipsisLiteral(_) => "literal",
        Expr::BooleanLiteral(b) => {
            if b.value {
                "True"
            } else {
                "False"
            }
        }
        Expr::NoneLiteral(_) => "None",
        Expr::Attribute(_) => "attribute",
        Expr::Subscript(_) => "subscript",
        Expr::Starred(_) => "starred",
        Expr::Name(_) => "name",
        Expr::List(_) => "list",
        Expr::Tuple(_) => "tuple",
        Expr::Slice(_) => "slice",
        Expr::IpyEscapeCommand(_) => "expression",
    }
}
