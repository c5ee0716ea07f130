//! Scope analysis (CPython 3.11 semantics): which names are local, global (explicit or
//! implicit), free or cell in each scope, plus the scope-related syntax errors.
//!
//! The table is built in one walk over the AST; scopes are keyed by the address of the AST
//! node that creates them (function, class, lambda, comprehension), which the code generator
//! walks afterwards without modifying the tree.

use crate::error::{SyntaxErrorInfo, SyntaxErrorKind};
use crate::source::LineIndex;
use ruff_python_ast as ast;
use ruff_python_ast::{Expr, Pattern, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::collections::{HashMap, HashSet};

pub type ScopeId = usize;

/// Symbol flags (as in CPython's symtable).
pub mod flag {
    pub const DEF_GLOBAL: u32 = 1;
    pub const DEF_LOCAL: u32 = 2;
    pub const DEF_PARAM: u32 = 4;
    pub const DEF_NONLOCAL: u32 = 8;
    pub const USE: u32 = 16;
    pub const DEF_FREE_CLASS: u32 = 64;
    pub const DEF_IMPORT: u32 = 128;
    pub const DEF_ANNOT: u32 = 256;
    pub const DEF_COMP_ITER: u32 = 512;
    pub const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;
}
use flag::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompKind {
    List,
    Set,
    Dict,
    Generator,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension(CompKind),
    /// Annotations under `from __future__ import annotations` (never compiled).
    Annotation,
}

impl ScopeKind {
    /// CPython's `FunctionBlock` (functions, lambdas, comprehensions).
    pub fn is_function_like(self) -> bool {
        matches!(
            self,
            ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension(_)
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Unknown,
    Local,
    GlobalExplicit,
    GlobalImplicit,
    Free,
    Cell,
}

#[derive(Clone, Copy, Debug)]
pub struct Symbol {
    pub flags: u32,
    pub scope: Scope,
}

#[derive(Debug)]
pub struct ScopeInfo {
    pub kind: ScopeKind,
    pub name: String,
    pub parent: Option<ScopeId>,
    pub children: Vec<ScopeId>,
    /// Symbols in insertion order.
    pub symbols: Vec<(String, Symbol)>,
    index: HashMap<String, usize>,
    /// Parameter names in order (mangled).
    pub varnames: Vec<String>,
    pub is_nested: bool,
    pub is_generator: bool,
    pub is_coroutine: bool,
    pub is_async_def: bool,
    pub has_free: bool,
    pub child_free: bool,
    pub needs_class_closure: bool,
    /// Class name used for private-name mangling inside this scope.
    pub private: Option<String>,
    pub range: TextRange,
    /// Locations of global/nonlocal statements per name (for analysis errors).
    directives: HashMap<String, TextRange>,
    comp_iter_target: bool,
    comp_iter_expr: u32,
}

impl ScopeInfo {
    pub fn lookup(&self, name: &str) -> Option<&Symbol> {
        self.index.get(name).map(|&i| &self.symbols[i].1)
    }
    pub fn scope_of(&self, name: &str) -> Scope {
        self.lookup(name).map(|s| s.scope).unwrap_or(Scope::Unknown)
    }
    fn flags_of(&self, name: &str) -> u32 {
        self.lookup(name).map(|s| s.flags).unwrap_or(0)
    }
    fn set_flags(&mut self, name: &str, flags: u32) {
        match self.index.get(name) {
            Some(&i) => self.symbols[i].1.flags = flags,
            None => {
                self.index.insert(name.to_string(), self.symbols.len());
                self.symbols.push((
                    name.to_string(),
                    Symbol {
                        flags,
                        scope: Scope::Unknown,
                    },
                ));
            }
        }
    }
    fn set_scope(&mut self, name: &str, scope: Scope) {
        if let Some(&i) = self.index.get(name) {
            self.symbols[i].1.scope = scope;
        }
    }
    /// Names of cell variables, sorted (CPython orders `co_cellvars` by name).
    pub fn cellvars(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .symbols
            .iter()
            .filter(|(_, s)| s.scope == Scope::Cell)
            .map(|(n, _)| n.clone())
            .collect();
        v.sort();
        if self.needs_class_closure {
            v.retain(|n| n != "__class__");
            v.insert(0, "__class__".to_string());
        }
        v
    }
    /// Names of free variables, sorted.
    pub fn freevars(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .symbols
            .iter()
            .filter(|(_, s)| s.scope == Scope::Free || s.flags & DEF_FREE_CLASS != 0)
            .map(|(n, _)| n.clone())
            .collect();
        v.sort();
        v
    }
}

pub struct SymbolTable {
    pub scopes: Vec<ScopeInfo>,
    by_node: HashMap<usize, ScopeId>,
}

impl SymbolTable {
    pub fn scope_for<T>(&self, node: &T) -> Option<ScopeId> {
        self.by_node.get(&(node as *const T as usize)).copied()
    }
}

/// Private name mangling (`__x` in class `C` becomes `_C__x`).
pub fn mangle<'a>(private: Option<&str>, name: &'a str) -> std::borrow::Cow<'a, str> {
    let Some(p) = private else {
        return name.into();
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.into();
    }
    let p = p.trim_start_matches('_');
    if p.is_empty() {
        return name.into();
    }
    format!("_{p}{name}").into()
}

pub const MAX_DEPTH: u32 = 2950;

pub fn recursion_error(filename: &str) -> SyntaxErrorInfo {
    SyntaxErrorInfo::new(
        SyntaxErrorKind::RecursionError,
        "maximum recursion depth exceeded during compilation",
        filename,
    )
}

struct Builder<'a> {
    table: SymbolTable,
    stack: Vec<ScopeId>,
    lines: &'a LineIndex<'a>,
    filename: &'a str,
    future_annotations: bool,
    depth: u32,
}

type R = Result<(), SyntaxErrorInfo>;

pub fn build(
    module: &[Stmt],
    expr: Option<&Expr>,
    lines: &LineIndex,
    filename: &str,
    future_annotations: bool,
) -> Result<SymbolTable, SyntaxErrorInfo> {
    let mut b = Builder {
        table: SymbolTable {
            scopes: Vec::new(),
            by_node: HashMap::new(),
        },
        stack: Vec::new(),
        lines,
        filename,
        future_annotations,
        depth: 0,
    };
    b.enter(ScopeKind::Module, "top", 0, TextRange::default());
    if let Some(e) = expr {
        b.visit_expr(e)?;
    } else {
        for s in module {
            b.visit_stmt(s)?;
        }
    }
    b.stack.pop();
    let mut table = b.table;
    analyze(&mut table, lines, filename)?;
    Ok(table)
}

impl<'a> Builder<'a> {
    fn err(&self, msg: impl Into<String>, range: TextRange) -> SyntaxErrorInfo {
        self.lines.error_at(
            SyntaxErrorKind::SyntaxError,
            msg,
            self.filename,
            range,
            false,
        )
    }

    fn cur(&self) -> ScopeId {
        *self.stack.last().unwrap_or(&0)
    }
    fn cur_scope(&mut self) -> &mut ScopeInfo {
        let c = self.cur();
        &mut self.table.scopes[c]
    }

    fn enter(&mut self, kind: ScopeKind, name: &str, node: usize, range: TextRange) -> ScopeId {
        let id = self.table.scopes.len();
        let parent = self.stack.last().copied();
        let (is_nested, private) = match parent {
            Some(p) => {
                let ps = &self.table.scopes[p];
                (
                    ps.is_nested || ps.kind.is_function_like(),
                    ps.private.clone(),
                )
            }
            None => (false, None),
        };
        self.table.scopes.push(ScopeInfo {
            kind,
            name: name.to_string(),
            parent,
            children: Vec::new(),
            symbols: Vec::new(),
            index: HashMap::new(),
            varnames: Vec::new(),
            is_nested,
            is_generator: false,
            is_coroutine: false,
            is_async_def: false,
            has_free: false,
            child_free: false,
            needs_class_closure: false,
            private,
            range,
            directives: HashMap::new(),
            comp_iter_target: false,
            comp_iter_expr: 0,
        });
        if let Some(p) = parent {
            self.table.scopes[p].children.push(id);
        }
        if node != 0 {
            self.table.by_node.insert(node, id);
        }
        self.stack.push(id);
        id
    }

    fn add_def(&mut self, name: &str, fl: u32, range: TextRange) -> R {
        let cur = self.cur();
        self.add_def_in(cur, name, fl, range)
    }

    fn add_def_in(&mut self, sid: ScopeId, name: &str, fl: u32, range: TextRange) -> R {
        let mangled = mangle(self.table.scopes[sid].private.as_deref(), name).into_owned();
        let scope = &self.table.scopes[sid];
        let mut val = scope.flags_of(&mangled);
        if fl & DEF_PARAM != 0 && val & DEF_PARAM != 0 {
            return Err(self.err(
                format!("duplicate argument '{mangled}' in function definition"),
                range,
            ));
        }
        val |= fl;
        if scope.comp_iter_target {
            if val & (DEF_GLOBAL | DEF_NONLOCAL) != 0 {
                return Err(self.err(
                    format!(
                        "comprehension inner loop cannot rebind assignment expression target '{mangled}'"
                    ),
                    range,
                ));
            }
            val |= DEF_COMP_ITER;
        }
        let scope = &mut self.table.scopes[sid];
        scope.set_flags(&mangled, val);
        if fl & DEF_PARAM != 0 {
            scope.varnames.push(mangled.clone());
        } else if fl & DEF_GLOBAL != 0 {
            let m = &mut self.table.scopes[0];
            let v = m.flags_of(&mangled) | fl;
            m.set_flags(&mangled, v);
        }
        Ok(())
    }

    fn guard<F: FnOnce(&mut Self) -> R>(&mut self, f: F) -> R {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(recursion_error(self.filename));
        }
        let r = stacker::maybe_grow(64 * 1024, 1024 * 1024, || f(self));
        self.depth -= 1;
        r
    }

    fn visit_body(&mut self, body: &[Stmt]) -> R {
        for s in body {
            self.visit_stmt(s)?;
        }
        Ok(())
    }

    fn visit_stmt(&mut self, s: &Stmt) -> R {
        self.guard(|b| b.visit_stmt_inner(s))
    }

    fn visit_stmt_inner(&mut self, s: &Stmt) -> R {
        match s {
            Stmt::FunctionDef(f) => {
                self.add_def(f.name.as_str(), DEF_LOCAL, f.name.range)?;
                self.visit_param_defaults(&f.parameters)?;
                self.visit_annotations(&f.parameters, f.returns.as_deref())?;
                for d in &f.decorator_list {
                    self.visit_expr(&d.expression)?;
                }
                let id = self.enter(
                    ScopeKind::Function,
                    f.name.as_str(),
                    f as *const _ as usize,
                    f.range,
                );
                if f.is_async {
                    self.table.scopes[id].is_coroutine = true;
                    self.table.scopes[id].is_async_def = true;
                }
                self.visit_params(&f.parameters)?;
                self.visit_body(&f.body)?;
                self.stack.pop();
            }
            Stmt::ClassDef(c) => {
                self.add_def(c.name.as_str(), DEF_LOCAL, c.name.range)?;
                if let Some(args) = &c.arguments {
                    for a in args.args.iter() {
                        self.visit_expr(a)?;
                    }
                    for k in args.keywords.iter() {
                        self.visit_expr(&k.value)?;
                    }
                }
                for d in &c.decorator_list {
                    self.visit_expr(&d.expression)?;
                }
                let id = self.enter(
                    ScopeKind::Class,
                    c.name.as_str(),
                    c as *const _ as usize,
                    c.range,
                );
                self.table.scopes[id].private = Some(c.name.to_string());
                self.visit_body(&c.body)?;
                self.stack.pop();
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.visit_expr(v)?;
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.visit_expr(t)?;
                }
            }
            Stmt::Assign(a) => {
                for t in &a.targets {
                    self.visit_expr(t)?;
                }
                self.visit_expr(&a.value)?;
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    let cur = self.table.scopes[self.cur()].flags_of(&mangle(
                        self.table.scopes[self.cur()].private.as_deref(),
                        n.id.as_str(),
                    ));
                    if cur & (DEF_GLOBAL | DEF_NONLOCAL) != 0
                        && self.table.scopes[self.cur()].directives.contains_key(
                            &mangle(
                                self.table.scopes[self.cur()].private.as_deref(),
                                n.id.as_str(),
                            )
                            .into_owned(),
                        )
                        && a.simple
                    {
                        let kw = if cur & DEF_GLOBAL != 0 {
                            "global"
                        } else {
                            "nonlocal"
                        };
                        return Err(
                            self.err(format!("annotated name '{}' can't be {kw}", n.id), n.range)
                        );
                    }
                    if a.simple {
                        self.add_def(n.id.as_str(), DEF_ANNOT | DEF_LOCAL, n.range)?;
                    } else if a.value.is_some() {
                        self.add_def(n.id.as_str(), DEF_LOCAL, n.range)?;
                    }
                } else {
                    self.visit_expr(&a.target)?;
                }
                self.visit_annotation(&a.annotation)?;
                if let Some(v) = &a.value {
                    self.visit_expr(v)?;
                }
            }
            Stmt::AugAssign(a) => {
                self.visit_expr(&a.target)?;
                self.visit_expr(&a.value)?;
            }
            Stmt::TypeAlias(t) => {
                self.visit_expr(&t.name)?;
                self.visit_expr(&t.value)?;
            }
            Stmt::For(f) => {
                self.visit_expr(&f.target)?;
                self.visit_expr(&f.iter)?;
                self.visit_body(&f.body)?;
                self.visit_body(&f.orelse)?;
            }
            Stmt::While(w) => {
                self.visit_expr(&w.test)?;
                self.visit_body(&w.body)?;
                self.visit_body(&w.orelse)?;
            }
            Stmt::If(i) => {
                self.visit_expr(&i.test)?;
                self.visit_body(&i.body)?;
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.visit_expr(t)?;
                    }
                    self.visit_body(&c.body)?;
                }
            }
            Stmt::With(w) => {
                for it in &w.items {
                    self.visit_expr(&it.context_expr)?;
                    if let Some(v) = &it.optional_vars {
                        self.visit_expr(v)?;
                    }
                }
                self.visit_body(&w.body)?;
            }
            Stmt::Match(m) => {
                self.visit_expr(&m.subject)?;
                for c in &m.cases {
                    self.visit_pattern(&c.pattern)?;
                    if let Some(g) = &c.guard {
                        self.visit_expr(g)?;
                    }
                    self.visit_body(&c.body)?;
                }
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.visit_expr(e)?;
                }
                if let Some(c) = &r.cause {
                    self.visit_expr(c)?;
                }
            }
            Stmt::Try(t) => {
                self.visit_body(&t.body)?;
                self.visit_body(&t.orelse)?;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.visit_expr(ty)?;
                    }
                    if let Some(n) = &h.name {
                        self.add_def(n.as_str(), DEF_LOCAL, n.range)?;
                    }
                    self.visit_body(&h.body)?;
                }
                self.visit_body(&t.finalbody)?;
            }
            Stmt::Assert(a) => {
                self.visit_expr(&a.test)?;
                if let Some(m) = &a.msg {
                    self.visit_expr(m)?;
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    self.visit_alias(a)?;
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    self.visit_alias(a)?;
                }
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    let name = n.as_str();
                    let sid = self.cur();
                    let mangled =
                        mangle(self.table.scopes[sid].private.as_deref(), name).into_owned();
                    let cur = self.table.scopes[sid].flags_of(&mangled);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{name}' is parameter and global")
                        } else if cur & USE != 0 {
                            format!("name '{name}' is used prior to global declaration")
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{name}' can't be global")
                        } else {
                            format!("name '{name}' is assigned to before global declaration")
                        };
                        return Err(self.err(msg, g.range));
                    }
                    self.add_def(name, DEF_GLOBAL, n.range)?;
                    self.table.scopes[sid]
                        .directives
                        .entry(mangled)
                        .or_insert(g.range);
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    let name = n.as_str();
                    let sid = self.cur();
                    let mangled =
                        mangle(self.table.scopes[sid].private.as_deref(), name).into_owned();
                    let cur = self.table.scopes[sid].flags_of(&mangled);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{name}' is parameter and nonlocal")
                        } else if cur & USE != 0 {
                            format!("name '{name}' is used prior to nonlocal declaration")
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{name}' can't be nonlocal")
                        } else {
                            format!("name '{name}' is assigned to before nonlocal declaration")
                        };
                        return Err(self.err(msg, g.range));
                    }
                    self.add_def(name, DEF_NONLOCAL, n.range)?;
                    self.table.scopes[sid]
                        .directives
                        .entry(mangled)
                        .or_insert(g.range);
                }
            }
            Stmt::Expr(e) => self.visit_expr(&e.value)?,
            Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) | Stmt::IpyEscapeCommand(_) => {}
        }
        Ok(())
    }

    fn visit_alias(&mut self, a: &ast::Alias) -> R {
        let full = a.name.as_str();
        let store = match &a.asname {
            Some(n) => n.as_str(),
            None => full.split('.').next().unwrap_or(full),
        };
        if store == "*" {
            if self.table.scopes[self.cur()].kind != ScopeKind::Module {
                return Err(self.err("import * only allowed at module level", a.range));
            }
            return Ok(());
        }
        self.add_def(store, DEF_IMPORT, a.range)
    }

    fn visit_param_defaults(&mut self, p: &ast::Parameters) -> R {
        for d in p.posonlyargs.iter().chain(p.args.iter()) {
            if let Some(e) = &d.default {
                self.visit_expr(e)?;
            }
        }
        for d in p.kwonlyargs.iter() {
            if let Some(e) = &d.default {
                self.visit_expr(e)?;
            }
        }
        Ok(())
    }

    fn visit_annotation(&mut self, e: &Expr) -> R {
        if self.future_annotations {
            self.enter(ScopeKind::Annotation, "_annotation", 0, e.range());
            let r = self.visit_expr(e);
            self.stack.pop();
            r
        } else {
            self.visit_expr(e)
        }
    }

    fn visit_annotations(&mut self, p: &ast::Parameters, returns: Option<&Expr>) -> R {
        for a in p.iter() {
            if let Some(an) = a.annotation() {
                self.visit_annotation(an)?;
            }
        }
        if let Some(r) = returns {
            self.visit_annotation(r)?;
        }
        Ok(())
    }

    fn visit_params(&mut self, p: &ast::Parameters) -> R {
        for a in p.posonlyargs.iter().chain(p.args.iter()) {
            self.add_def(a.parameter.name.as_str(), DEF_PARAM, a.parameter.name.range)?;
        }
        for a in p.kwonlyargs.iter() {
            self.add_def(a.parameter.name.as_str(), DEF_PARAM, a.parameter.name.range)?;
        }
        if let Some(v) = &p.vararg {
            self.add_def(v.name.as_str(), DEF_PARAM, v.name.range)?;
        }
        if let Some(v) = &p.kwarg {
            self.add_def(v.name.as_str(), DEF_PARAM, v.name.range)?;
        }
        Ok(())
    }

    fn visit_pattern(&mut self, p: &Pattern) -> R {
        self.guard(|b| b.visit_pattern_inner(p))
    }

    fn visit_pattern_inner(&mut self, p: &Pattern) -> R {
        match p {
            Pattern::MatchValue(v) => self.visit_expr(&v.value)?,
            Pattern::MatchSingleton(_) => {}
            Pattern::MatchSequence(s) => {
                for p in &s.patterns {
                    self.visit_pattern(p)?;
                }
            }
            Pattern::MatchMapping(m) => {
                for k in m.keys.iter() {
                    self.visit_expr(k)?;
                }
                for p in m.patterns.iter() {
                    self.visit_pattern(p)?;
                }
                if let Some(r) = &m.rest {
                    self.add_def(r.as_str(), DEF_LOCAL, r.range)?;
                }
            }
            Pattern::MatchClass(c) => {
                self.visit_expr(&c.cls)?;
                for p in c.arguments.patterns.iter() {
                    self.visit_pattern(p)?;
                }
                for k in c.arguments.keywords.iter() {
                    self.visit_pattern(&k.pattern)?;
                }
            }
            Pattern::MatchStar(s) => {
                if let Some(n) = &s.name {
                    self.add_def(n.as_str(), DEF_LOCAL, n.range)?;
                }
            }
            Pattern::MatchAs(a) => {
                if let Some(p) = &a.pattern {
                    self.visit_pattern(p)?;
                }
                if let Some(n) = &a.name {
                    self.add_def(n.as_str(), DEF_LOCAL, n.range)?;
                }
            }
            Pattern::MatchOr(o) => {
                for p in &o.patterns {
                    self.visit_pattern(p)?;
                }
            }
        }
        Ok(())
    }

    fn visit_expr(&mut self, e: &Expr) -> R {
        self.guard(|b| b.visit_expr_inner(e))
    }

    fn raise_if_comprehension(&self, e: &Expr) -> R {
        let s = &self.table.scopes[self.cur()];
        if let ScopeKind::Comprehension(k) = s.kind {
            let what = match k {
                CompKind::List => "list comprehension",
                CompKind::Set => "set comprehension",
                CompKind::Dict => "dict comprehension",
                CompKind::Generator => "generator expression",
            };
            return Err(self.err(format!("'yield' inside {what}"), e.range()));
        }
        Ok(())
    }

    fn raise_if_annotation(&self, what: &str, e: &Expr) -> R {
        if self.table.scopes[self.cur()].kind == ScopeKind::Annotation {
            return Err(self.err(
                format!("'{what}' can not be used within an annotation"),
                e.range(),
            ));
        }
        Ok(())
    }

    fn visit_expr_inner(&mut self, e: &Expr) -> R {
        match e {
            Expr::BoolOp(b) => {
                for v in &b.values {
                    self.visit_expr(v)?;
                }
            }
            Expr::Named(n) => {
                self.raise_if_annotation("named expression", e)?;
                if self.table.scopes[self.cur()].comp_iter_expr > 0 {
                    return Err(self.err(
                        "assignment expression cannot be used in a comprehension iterable expression",
                        n.range,
                    ));
                }
                self.visit_expr(&n.value)?;
                let in_comp = matches!(
                    self.table.scopes[self.cur()].kind,
                    ScopeKind::Comprehension(_)
                );
                if let (Expr::Name(t), true) = (&*n.target, in_comp) {
                    self.extend_namedexpr_scope(t)?;
                } else {
                    self.visit_expr(&n.target)?;
                }
            }
            Expr::BinOp(b) => {
                self.visit_expr(&b.left)?;
                self.visit_expr(&b.right)?;
            }
            Expr::UnaryOp(u) => self.visit_expr(&u.operand)?,
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    self.visit_param_defaults(p)?;
                }
                self.enter(ScopeKind::Lambda, "lambda", l as *const _ as usize, l.range);
                if let Some(p) = &l.parameters {
                    self.visit_params(p)?;
                }
                self.visit_expr(&l.body)?;
                self.stack.pop();
            }
            Expr::If(i) => {
                self.visit_expr(&i.test)?;
                self.visit_expr(&i.body)?;
                self.visit_expr(&i.orelse)?;
            }
            Expr::Dict(d) => {
                for it in &d.items {
                    if let Some(k) = &it.key {
                        self.visit_expr(k)?;
                    }
                    self.visit_expr(&it.value)?;
                }
            }
            Expr::Set(s) => {
                for x in &s.elts {
                    self.visit_expr(x)?;
                }
            }
            Expr::ListComp(c) => {
                self.visit_comprehension(
                    e,
                    CompKind::List,
                    "listcomp",
                    &c.generators,
                    &c.elt,
                    None,
                )?;
            }
            Expr::SetComp(c) => {
                self.visit_comprehension(e, CompKind::Set, "setcomp", &c.generators, &c.elt, None)?;
            }
            Expr::DictComp(c) => {
                let key = c.key.as_deref();
                match key {
                    Some(k) => self.visit_comprehension(
                        e,
                        CompKind::Dict,
                        "dictcomp",
                        &c.generators,
                        k,
                        Some(&c.value),
                    )?,
                    None => self.visit_comprehension(
                        e,
                        CompKind::Dict,
                        "dictcomp",
                        &c.generators,
                        &c.value,
                        None,
                    )?,
                }
            }
            Expr::Generator(c) => {
                self.visit_comprehension(
                    e,
                    CompKind::Generator,
                    "genexpr",
                    &c.generators,
                    &c.elt,
                    None,
                )?;
            }
            Expr::Await(a) => {
                self.raise_if_annotation("await expression", e)?;
                self.visit_expr(&a.value)?;
                self.cur_scope().is_coroutine = true;
            }
            Expr::Yield(y) => {
                self.raise_if_annotation("yield expression", e)?;
                if let Some(v) = &y.value {
                    self.visit_expr(v)?;
                }
                self.cur_scope().is_generator = true;
                self.raise_if_comprehension(e)?;
            }
            Expr::YieldFrom(y) => {
                self.raise_if_annotation("yield expression", e)?;
                self.visit_expr(&y.value)?;
                self.cur_scope().is_generator = true;
                self.raise_if_comprehension(e)?;
            }
            Expr::Compare(c) => {
                self.visit_expr(&c.left)?;
                for x in c.comparators.iter() {
                    self.visit_expr(x)?;
                }
            }
            Expr::Call(c) => {
                self.visit_expr(&c.func)?;
                for a in c.arguments.args.iter() {
                    self.visit_expr(a)?;
                }
                for k in c.arguments.keywords.iter() {
                    self.visit_expr(&k.value)?;
                }
            }
            Expr::FString(f) => {
                for part in f.value.iter() {
                    if let ast::FStringPart::FString(fs) = part {
                        self.visit_fstring_elements(&fs.elements)?;
                    }
                }
            }
            Expr::TString(t) => {
                for ts in t.value.iter() {
                    self.visit_fstring_elements(&ts.elements)?;
                }
            }
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
            | Expr::IpyEscapeCommand(_) => {}
            Expr::Attribute(a) => self.visit_expr(&a.value)?,
            Expr::Subscript(s) => {
                self.visit_expr(&s.value)?;
                self.visit_expr(&s.slice)?;
            }
            Expr::Starred(s) => self.visit_expr(&s.value)?,
            Expr::Name(n) => {
                let fl = if n.ctx == ast::ExprContext::Load {
                    USE
                } else {
                    DEF_LOCAL
                };
                self.add_def(n.id.as_str(), fl, n.range)?;
                if n.ctx == ast::ExprContext::Load
                    && self.table.scopes[self.cur()].kind.is_function_like()
                    && n.id.as_str() == "super"
                {
                    self.add_def("__class__", USE, n.range)?;
                }
            }
            Expr::List(l) => {
                for x in &l.elts {
                    self.visit_expr(x)?;
                }
            }
            Expr::Tuple(t) => {
                for x in &t.elts {
                    self.visit_expr(x)?;
                }
            }
            Expr::Slice(s) => {
                if let Some(x) = &s.lower {
                    self.visit_expr(x)?;
                }
                if let Some(x) = &s.upper {
                    self.visit_expr(x)?;
                }
                if let Some(x) = &s.step {
                    self.visit_expr(x)?;
                }
            }
        }
        Ok(())
    }

    fn visit_fstring_elements(&mut self, els: &ast::InterpolatedStringElements) -> R {
        for el in els.iter() {
            if let ast::InterpolatedStringElement::Interpolation(i) = el {
                self.visit_expr(&i.expression)?;
                if let Some(spec) = &i.format_spec {
                    self.visit_fstring_elements(&spec.elements)?;
                }
            }
        }
        Ok(())
    }

    fn visit_comprehension(
        &mut self,
        node: &Expr,
        kind: CompKind,
        name: &str,
        gens: &[ast::Comprehension],
        elt: &Expr,
        value: Option<&Expr>,
    ) -> R {
        let Some(first) = gens.first() else {
            return Ok(());
        };
        // The outermost iterator is evaluated in the enclosing scope.
        self.cur_scope().comp_iter_expr += 1;
        let r = self.visit_expr(&first.iter);
        self.cur_scope().comp_iter_expr -= 1;
        r?;
        let node_addr = match node {
            Expr::ListComp(c) => c as *const _ as usize,
            Expr::SetComp(c) => c as *const _ as usize,
            Expr::DictComp(c) => c as *const _ as usize,
            Expr::Generator(c) => c as *const _ as usize,
            _ => 0,
        };
        let id = self.enter(
            ScopeKind::Comprehension(kind),
            name,
            node_addr,
            node.range(),
        );
        if kind == CompKind::Generator {
            self.table.scopes[id].is_generator = true;
        }
        if first.is_async {
            self.table.scopes[id].is_coroutine = true;
        }
        self.add_def(".0", DEF_PARAM, first.range)?;
        self.table.scopes[id].comp_iter_target = true;
        let r = self.visit_expr(&first.target);
        self.table.scopes[id].comp_iter_target = false;
        r?;
        for c in &first.ifs {
            self.visit_expr(c)?;
        }
        for g in &gens[1..] {
            self.table.scopes[id].comp_iter_target = true;
            let r = self.visit_expr(&g.target);
            self.table.scopes[id].comp_iter_target = false;
            r?;
            self.table.scopes[id].comp_iter_expr += 1;
            let r = self.visit_expr(&g.iter);
            self.table.scopes[id].comp_iter_expr -= 1;
            r?;
            for c in &g.ifs {
                self.visit_expr(c)?;
            }
            if g.is_async {
                self.table.scopes[id].is_coroutine = true;
            }
        }
        if let Some(v) = value {
            self.visit_expr(elt)?;
            self.visit_expr(v)?;
        } else {
            self.visit_expr(elt)?;
        }
        self.stack.pop();
        // An async (non-generator) comprehension makes an enclosing comprehension async.
        if self.table.scopes[id].is_coroutine && kind != CompKind::Generator {
            let cur = self.cur();
            if let ScopeKind::Comprehension(_) = self.table.scopes[cur].kind {
                self.table.scopes[cur].is_coroutine = true;
            }
        }
        Ok(())
    }

    fn extend_namedexpr_scope(&mut self, t: &ast::ExprName) -> R {
        let name = t.id.as_str();
        let cur = self.cur();
        let mangled = mangle(self.table.scopes[cur].private.as_deref(), name).into_owned();
        for &sid in self.stack.iter().rev() {
            let s = &self.table.scopes[sid];
            match s.kind {
                ScopeKind::Comprehension(_) => {
                    if s.flags_of(&mangled) & DEF_COMP_ITER != 0 {
                        return Err(self.err(
                            format!(
                                "assignment expression cannot rebind comprehension iteration variable '{name}'"
                            ),
                            t.range,
                        ));
                    }
                    continue;
                }
                ScopeKind::Function | ScopeKind::Lambda => {
                    // Bind in the enclosing function and mark it nonlocal (or global, if the
                    // function declares it global) in the comprehension.
                    let fl = if s.flags_of(&mangled) & DEF_GLOBAL != 0 {
                        DEF_GLOBAL
                    } else {
                        DEF_NONLOCAL
                    };
                    self.add_def_in(cur, name, fl, t.range)?;
                    self.table.scopes[cur]
                        .directives
                        .entry(mangled.clone())
                        .or_insert(t.range);
                    self.add_def_in(sid, name, DEF_LOCAL, t.range)?;
                    return Ok(());
                }
                ScopeKind::Module => {
                    self.add_def_in(cur, name, DEF_GLOBAL, t.range)?;
                    self.add_def_in(sid, name, DEF_GLOBAL, t.range)?;
                    return Ok(());
                }
                ScopeKind::Class => {
                    return Err(self.err(
                        "assignment expression within a comprehension cannot be used in a class body",
                        t.range,
                    ));
                }
                ScopeKind::Annotation => break,
            }
        }
        // Not inside a comprehension: a plain binding in the current scope.
        self.add_def(name, DEF_LOCAL, t.range)
    }
}

// ---------------------------------------------------------------------------------------
// Analysis: resolve each symbol's scope (CPython's analyze_block).

fn analyze(table: &mut SymbolTable, lines: &LineIndex, filename: &str) -> R {
    let mut free = HashSet::new();
    analyze_block(
        table,
        0,
        None,
        &mut free,
        HashSet::new(),
        lines,
        filename,
        0,
    )
}

#[allow(clippy::too_many_arguments)]
fn analyze_block(
    table: &mut SymbolTable,
    sid: ScopeId,
    mut bound: Option<HashSet<String>>,
    free: &mut HashSet<String>,
    mut global: HashSet<String>,
    lines: &LineIndex,
    filename: &str,
    depth: u32,
) -> R {
    if depth > MAX_DEPTH {
        return Err(recursion_error(filename));
    }
    let kind = table.scopes[sid].kind;
    let mut local: HashSet<String> = HashSet::new();
    let mut scopes: HashMap<String, Scope> = HashMap::new();
    let mut newglobal: HashSet<String> = HashSet::new();
    let mut newfree: HashSet<String> = HashSet::new();
    let mut newbound: HashSet<String> = HashSet::new();

    if kind == ScopeKind::Class {
        newglobal.extend(global.iter().cloned());
        if let Some(b) = &bound {
            newbound.extend(b.iter().cloned());
        }
    }

    let symbols: Vec<(String, u32)> = table.scopes[sid]
        .symbols
        .iter()
        .map(|(n, s)| (n.clone(), s.flags))
        .collect();
    for (name, fl) in &symbols {
        let s = &mut table.scopes[sid];
        let sc = if fl & DEF_GLOBAL != 0 {
            if fl & DEF_NONLOCAL != 0 {
                let r = s.directives.get(name).copied().unwrap_or_default();
                return Err(lines.error_at(
                    SyntaxErrorKind::SyntaxError,
                    format!("name '{name}' is nonlocal and global"),
                    filename,
                    r,
                    false,
                ));
            }
            global.insert(name.clone());
            if let Some(b) = &mut bound {
                b.remove(name);
            }
            Scope::GlobalExplicit
        } else if fl & DEF_NONLOCAL != 0 {
            let r = s.directives.get(name).copied().unwrap_or_default();
            match &bound {
                None => {
                    return Err(lines.error_at(
                        SyntaxErrorKind::SyntaxError,
                        "nonlocal declaration not allowed at module level",
                        filename,
                        r,
                        false,
                    ))
                }
                Some(b) if !b.contains(name) => {
                    return Err(lines.error_at(
                        SyntaxErrorKind::SyntaxError,
                        format!("no binding for nonlocal '{name}' found"),
                        filename,
                        r,
                        false,
                    ))
                }
                _ => {}
            }
            s.has_free = true;
            free.insert(name.clone());
            Scope::Free
        } else if fl & DEF_BOUND != 0 {
            local.insert(name.clone());
            global.remove(name);
            Scope::Local
        } else if bound.as_ref().is_some_and(|b| b.contains(name)) {
            s.has_free = true;
            free.insert(name.clone());
            Scope::Free
        } else if global.contains(name) {
            Scope::GlobalImplicit
        } else {
            if s.is_nested {
                s.has_free = true;
            }
            Scope::GlobalImplicit
        };
        scopes.insert(name.clone(), sc);
    }

    if kind != ScopeKind::Class {
        if kind.is_function_like() {
            newbound.extend(local.iter().cloned());
        }
        if let Some(b) = &bound {
            newbound.extend(b.iter().cloned());
        }
        newglobal.extend(global.iter().cloned());
    } else {
        newbound.insert("__class__".to_string());
    }

    let children = table.scopes[sid].children.clone();
    let mut allfree: HashSet<String> = HashSet::new();
    for c in children {
        if table.scopes[c].kind == ScopeKind::Annotation {
            continue;
        }
        let mut child_free = newfree.clone();
        let nb = newbound.clone();
        let ng = newglobal.clone();
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
            analyze_block(
                table,
                c,
                Some(nb),
                &mut child_free,
                ng,
                lines,
                filename,
                depth + 1,
            )
        })?;
        allfree.extend(child_free);
        if table.scopes[c].has_free || table.scopes[c].child_free {
            table.scopes[sid].child_free = true;
        }
    }
    newfree.extend(allfree);

    if kind.is_function_like() {
        // Locals that children use freely become cells.
        for (name, sc) in scopes.iter_mut() {
            if *sc == Scope::Local && newfree.remove(name) {
                *sc = Scope::Cell;
            }
        }
    } else if kind == ScopeKind::Class && newfree.remove("__class__") {
        table.scopes[sid].needs_class_closure = true;
    }

    // Record the results.
    let s = &mut table.scopes[sid];
    for (name, sc) in &scopes {
        s.set_scope(name, *sc);
    }
    let mut extra: Vec<&String> = newfree.iter().collect();
    extra.sort();
    for name in extra {
        if let Some(sym) = s.lookup(name).copied() {
            if kind == ScopeKind::Class && sym.flags & (DEF_BOUND | DEF_GLOBAL) != 0 {
                s.set_flags(name, sym.flags | DEF_FREE_CLASS);
            }
            continue;
        }
        if let Some(b) = &bound {
            if !b.contains(name) {
                continue;
            }
        }
        s.set_flags(name, 0);
        s.set_scope(name, Scope::Free);
    }
    free.extend(newfree);
    Ok(())
}
