//! `_contextvars`: `ContextVar`, `Token`, `Context` and `copy_context`.

use crate::errors::*;
use crate::modules::ndata::{self, NativeData, PCell};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::{add_classmethod, add_getset, add_method, add_staticmethod, tdata};
use crate::value::Value;
use std::cell::{Cell, RefCell};

struct Ctx {
    /// (var, value) pairs in insertion order.
    vars: PCell<Vec<(Value, Value)>>,
    entered: Cell<bool>,
}
impl NativeData for Ctx {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        for (k, v) in self.vars.get().iter() {
            f(k);
            f(v);
        }
    }
    fn clear(&self) {
        drop(self.vars.take());
    }
}

impl Ctx {
    fn find(&self, var: &Value) -> Option<usize> {
        self.vars.get().iter().position(|(k, _)| k.is(var))
    }
    fn lookup(&self, var: &Value) -> Option<Value> {
        self.find(var).map(|i| self.vars.get()[i].1.clone())
    }
}

struct Var {
    name: Value,
    default: Option<Value>,
}
impl NativeData for Var {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.name);
        if let Some(d) = &self.default {
            f(d);
        }
    }
}

struct Token {
    ctx: Value,
    var: Value,
    old: Option<Value>,
    used: Cell<bool>,
}
impl NativeData for Token {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.ctx);
        f(&self.var);
        if let Some(o) = &self.old {
            f(o);
        }
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Value>> = const { RefCell::new(None) };
}

fn new_ctx(vars: Vec<(Value, Value)>) -> Value {
    ndata::new_native(
        &context_type(),
        Ctx {
            vars: PCell::new(vars),
            entered: Cell::new(false),
        },
    )
}

fn current() -> Value {
    if let Some(c) = CURRENT.with(|c| c.borrow().clone()) {
        return c;
    }
    let c = new_ctx(vec![]);
    CURRENT.with(|cur| *cur.borrow_mut() = Some(c.clone()));
    c
}

fn set_current(v: Option<Value>) -> Option<Value> {
    CURRENT.with(|c| std::mem::replace(&mut *c.borrow_mut(), v))
}

fn ctx(v: &Value) -> PyResult<&Ctx> {
    ndata::this::<Ctx>(v, "_contextvars.Context")
}
fn var(v: &Value) -> PyResult<&Var> {
    ndata::this::<Var>(v, "_contextvars.ContextVar")
}
fn tok(v: &Value) -> PyResult<&Token> {
    ndata::this::<Token>(v, "_contextvars.Token")
}

fn need_var(v: &Value) -> PyResult<()> {
    if ndata::get::<Var>(v).is_none() {
        return Err(type_error(format!(
            "a ContextVar key was expected, got {}",
            crate::ops::repr(v)?
        )));
    }
    Ok(())
}

fn run(a: &[Value], kw: Kw) -> PyResult<Value> {
    let c = ctx(ndata::arg(a, 0)?)?;
    if a.len() < 2 {
        return Err(type_error("run() missing 1 required positional argument"));
    }
    if c.entered.get() {
        return Err(runtime_error(format!(
            "cannot enter context: {} is already entered",
            crate::ops::repr(ndata::arg(a, 0)?)?
        )));
    }
    c.entered.set(true);
    let prev = set_current(Some(ndata::arg(a, 0)?.clone()));
    let r = crate::ops::call::call(ndata::arg(a, 1)?, &a[2..], kw);
    set_current(prev);
    c.entered.set(false);
    r
}

crate::native_type!(context_type, || {
    let t = ndata::new_type("Context", "_contextvars", None, false);
    add_staticmethod(&t, "__new__", |a, kw| {
        if a.len() > 1 || ndata::nkw(kw) > 0 {
            return Err(type_error("Context() does not accept any arguments"));
        }
        Ok(new_ctx(vec![]))
    });
    add_method(&t, "run", run);
    add_method(&t, "copy", |a, _| {
        Ok(new_ctx(ctx(ndata::arg(a, 0)?)?.vars.cloned()))
    });
    add_method(&t, "__getitem__", |a, _| {
        need_var(ndata::arg(a, 1)?)?;
        ctx(ndata::arg(a, 0)?)?
            .lookup(ndata::arg(a, 1)?)
            .ok_or_else(|| key_error(ndata::argv(a, 1).clone()))
    });
    add_method(&t, "get", |a, kw| {
        let p = crate::types::margs::range("get", "get", a, kw, 1, 2)?;
        need_var(&p[0])?;
        Ok(ctx(ndata::arg(a, 0)?)?
            .lookup(&p[0])
            .unwrap_or_else(|| p.get(1).cloned().unwrap_or(Value::None)))
    });
    add_method(&t, "__contains__", |a, _| {
        need_var(ndata::arg(a, 1)?)?;
        Ok(Value::Bool(
            ctx(ndata::arg(a, 0)?)?.find(ndata::arg(a, 1)?).is_some(),
        ))
    });
    add_method(&t, "__len__", |a, _| {
        Ok(Value::Int(ctx(ndata::arg(a, 0)?)?.vars.get().len() as i64))
    });
    add_method(&t, "__iter__", |a, _| {
        let keys: Vec<Value> = ctx(ndata::arg(a, 0)?)?
            .vars
            .get()
            .iter()
            .map(|(k, _)| k.clone())
            .collect();
        crate::ops::get_iter(&crate::types::list::new_list(keys))
    });
    add_method(&t, "keys", |a, _| {
        Ok(crate::types::list::new_list(
            ctx(ndata::arg(a, 0)?)?
                .vars
                .get()
                .iter()
                .map(|(k, _)| k.clone())
                .collect(),
        ))
    });
    add_method(&t, "values", |a, _| {
        Ok(crate::types::list::new_list(
            ctx(ndata::arg(a, 0)?)?
                .vars
                .get()
                .iter()
                .map(|(_, v)| v.clone())
                .collect(),
        ))
    });
    add_method(&t, "items", |a, _| {
        Ok(crate::types::list::new_list(
            ctx(ndata::arg(a, 0)?)?
                .vars
                .get()
                .iter()
                .map(|(k, v)| crate::types::tuple::new_tuple(vec![k.clone(), v.clone()]))
                .collect(),
        ))
    });
    add_method(&t, "__eq__", |a, _| {
        let (Some(x), Some(y)) = (
            ndata::get::<Ctx>(ndata::arg(a, 0)?),
            ndata::get::<Ctx>(ndata::arg(a, 1)?),
        ) else {
            return Ok(crate::types::misc::not_implemented());
        };
        let xs = x.vars.cloned();
        if xs.len() != y.vars.get().len() {
            return Ok(Value::Bool(false));
        }
        for (k, v) in xs {
            match y.lookup(&k) {
                Some(w) if crate::ops::eq(&v, &w)? => {}
                _ => return Ok(Value::Bool(false)),
            }
        }
        Ok(Value::Bool(true))
    });
    crate::types::typeobj::set_attr_str(&t, "__hash__", Value::None);
    ndata::finish_type(&t);
    t
});

crate::native_type!(var_type, || {
    let t = ndata::new_type("ContextVar", "_contextvars", None, false);
    add_staticmethod(&t, "__new__", |a, kw| {
        let p = crate::args::parse("ContextVar", &a[1..], kw, &["name", "$default"], 1)?;
        let name = p[0].clone().unwrap();
        if crate::types::str::as_str(&name).is_none() {
            return Err(type_error("context variable name must be a str"));
        }
        Ok(ndata::new_native(
            &var_type(),
            Var {
                name,
                default: p[1].clone(),
            },
        ))
    });
    add_getset(&t, "name", |v| Ok(var(v)?.name.clone()), None);
    add_method(&t, "get", |a, kw| {
        let p = crate::types::margs::range("get", "get", a, kw, 0, 1)?;
        let v = var(ndata::arg(a, 0)?)?;
        let c = current();
        if let Some(x) = ctx(&c)?.lookup(ndata::arg(a, 0)?) {
            return Ok(x);
        }
        if let Some(d) = p.first() {
            return Ok(d.clone());
        }
        if let Some(d) = &v.default {
            return Ok(d.clone());
        }
        Err(PyErr::with_args(
            &crate::types::exceptions::exc().lookup_error,
            vec![ndata::arg(a, 0)?.clone()],
        ))
    });
    add_method(&t, "set", |a, kw| {
        let value = crate::types::margs::one("set", a, kw)?;
        var(ndata::arg(a, 0)?)?;
        let c = current();
        let cx = ctx(&c)?;
        let old = cx.lookup(ndata::arg(a, 0)?);
        match cx.find(ndata::arg(a, 0)?) {
            Some(i) => {
                let prev = std::mem::replace(&mut cx.vars.get()[i].1, value.clone());
                drop(prev);
            }
            None => cx
                .vars
                .get()
                .push((ndata::arg(a, 0)?.clone(), value.clone())),
        }
        Ok(ndata::new_native(
            &token_type(),
            Token {
                ctx: c,
                var: ndata::arg(a, 0)?.clone(),
                old,
                used: Cell::new(false),
            },
        ))
    });
    add_method(&t, "reset", |a, kw| {
        let tv = crate::types::margs::one("reset", a, kw)?;
        var(ndata::arg(a, 0)?)?;
        let Some(t) = ndata::get::<Token>(tv) else {
            return Err(type_error(format!(
                "expected an instance of Token, got {}",
                crate::ops::repr(tv)?
            )));
        };
        if t.used.get() {
            return Err(runtime_error(format!(
                "{} has already been used once",
                crate::ops::repr(tv)?
            )));
        }
        if !t.var.is(ndata::arg(a, 0)?) {
            return Err(value_error(format!(
                "{} was created by a different ContextVar",
                crate::ops::repr(tv)?
            )));
        }
        let c = current();
        if !t.ctx.is(&c) {
            return Err(value_error(format!(
                "{} was created in a different Context",
                crate::ops::repr(tv)?
            )));
        }
        t.used.set(true);
        let cx = ctx(&c)?;
        match &t.old {
            Some(o) => match cx.find(ndata::arg(a, 0)?) {
                Some(i) => {
                    let prev = std::mem::replace(&mut cx.vars.get()[i].1, o.clone());
                    drop(prev);
                }
                None => cx.vars.get().push((ndata::arg(a, 0)?.clone(), o.clone())),
            },
            None => {
                if let Some(i) = cx.find(ndata::arg(a, 0)?) {
                    let prev = cx.vars.get().remove(i);
                    drop(prev);
                }
            }
        }
        Ok(Value::None)
    });
    add_method(&t, "__repr__", |a, _| {
        let v = var(ndata::arg(a, 0)?)?;
        let mut s = format!("<ContextVar name={}", crate::ops::repr(&v.name)?);
        if let Some(d) = &v.default {
            s.push_str(&format!(" default={}", crate::ops::repr(d)?));
        }
        s.push_str(&format!(" at {:#x}>", ndata::arg(a, 0)?.id()));
        Ok(s.into())
    });
    add_method(&t, "__hash__", |a, _| {
        Ok(Value::Int(crate::ops::identity_hash(ndata::arg(a, 0)?)))
    });
    add_classmethod(
        &t,
        "__class_getitem__",
        crate::types::misc::generic_alias_method,
    );
    ndata::finish_type(&t);
    t
});

crate::native_type!(missing_type, || {
    let t = ndata::new_type("Token.MISSING", "_contextvars", None, false);
    add_method(&t, "__repr__", |_a, _| Ok("<Token.MISSING>".into()));
    ndata::finish_type(&t);
    t
});

struct Missing;
impl NativeData for Missing {}

fn missing() -> Value {
    static M: crate::gil::GilCell<Option<Value>> = crate::gil::GilCell::new(None);
    M.get()
        .get_or_insert_with(|| ndata::new_native(&missing_type(), Missing))
        .clone()
}

crate::native_type!(token_type, || {
    let t = ndata::new_type("Token", "_contextvars", None, false);
    add_getset(&t, "var", |v| Ok(tok(v)?.var.clone()), None);
    add_getset(
        &t,
        "old_value",
        |v| Ok(tok(v)?.old.clone().unwrap_or_else(missing)),
        None,
    );
    add_method(&t, "__repr__", |a, _| {
        let t = tok(ndata::arg(a, 0)?)?;
        Ok(format!(
            "<Token{} var={} at {:#x}>",
            if t.used.get() { " used" } else { "" },
            crate::ops::repr(&t.var)?,
            ndata::arg(a, 0)?.id()
        )
        .into())
    });
    add_classmethod(
        &t,
        "__class_getitem__",
        crate::types::misc::generic_alias_method,
    );
    ndata::finish_type(&t);
    t
});

pub fn init(m: &ObjRef) -> PyResult<()> {
    let tt = token_type();
    crate::types::typeobj::set_attr_str(&tt, "MISSING", missing());
    set_attr(m, "Context", Value::Obj(context_type()));
    set_attr(m, "ContextVar", Value::Obj(var_type()));
    set_attr(m, "Token", Value::Obj(tt));
    add_function(m, "copy_context", |a, _| {
        check_args("copy_context", a, 0, 0)?;
        let c = current();
        Ok(new_ctx(ctx(&c)?.vars.cloned()))
    });
    let _ = tdata;
    Ok(())
}
