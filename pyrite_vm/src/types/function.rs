//! Functions: Python functions, builtin (native) functions, method descriptors of
//! builtin types, and bound methods.
//!
//! Calling convention ("vectorcall"): `args` holds the positional arguments followed by
//! the keyword argument values; `kw`, when present, holds the keyword names (str values),
//! one per trailing value. Native methods receive `self` as `args[0]`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::{types, Payload};
use crate::value::Value;
use std::cell::UnsafeCell;

pub type Kw<'a> = Option<&'a [Value]>;
pub type NativeFn = fn(&[Value], Kw) -> PyResult<Value>;

pub struct PyFunction {
    /// The code object; replaced only through `set_code` (see there).
    code: UnsafeCell<ObjRef>,
    pub globals: ObjRef,
    /// The builtins dict captured at creation.
    pub builtins: ObjRef,
    pub name: UnsafeCell<Value>,
    pub qualname: UnsafeCell<Value>,
    pub defaults: UnsafeCell<Option<ObjRef>>,
    pub kwdefaults: UnsafeCell<Option<ObjRef>>,
    pub closure: Option<ObjRef>,
    pub doc: UnsafeCell<Value>,
    pub module: UnsafeCell<Value>,
    pub annotations: UnsafeCell<Option<Value>>,
}

impl PyFunction {
    pub fn defaults(&self) -> Option<&[Value]> {
        unsafe {
            (*self.defaults.get())
                .as_ref()
                .and_then(|t| crate::types::tuple::obj_tuple(t))
        }
    }
    pub fn kwdefaults(&self) -> Option<&crate::types::dict::PyDict> {
        unsafe {
            (*self.kwdefaults.get())
                .as_ref()
                .map(crate::types::dict::obj_dict)
        }
    }
    pub fn code(&self) -> &crate::types::code::PyCode {
        crate::types::code::obj_code(self.code_obj())
    }
    /// The code object (`__code__`).
    #[inline]
    pub fn code_obj(&self) -> &ObjRef {
        // SAFETY: see set_code: a code object once installed is never freed while
        // references obtained here may exist.
        unsafe { &*self.code.get() }
    }
    /// `f.__code__ = c`. The replaced code object is kept alive for the rest of the
    /// process, because callers hold plain references into a function's code while
    /// it runs (assigning `__code__` is rare: `types.coroutine`, decorators).
    pub fn set_code(&self, c: ObjRef) {
        static OLD: crate::gil::GilCell<Vec<ObjRef>> = crate::gil::GilCell::new(Vec::new());
        let old = unsafe { std::mem::replace(&mut *self.code.get(), c) };
        OLD.get().push(old);
    }
}

pub struct PyBuiltin {
    pub name: &'static str,
    pub f: NativeFn,
    /// Bound receiver (`[].append`), passed as `args[0]`.
    pub self_: Option<Value>,
    pub module: Option<&'static str>,
    pub doc: Option<&'static str>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum MethKind {
    Method,
    Class,
    Static,
}

/// A method of a builtin type, in the type's dict (`list.append`).
pub struct PyMethodDescr {
    pub name: &'static str,
    pub f: NativeFn,
    pub objclass: ObjRef,
    pub kind: MethKind,
    /// The C docstring (`ml_doc`), possibly starting with a text signature.
    pub doc: Option<&'static str>,
}

/// Split a C docstring into (`__text_signature__`, `__doc__`) as CPython does: a doc
/// starting with `name(...)` followed by a `--` line and a blank line carries the
/// signature `(...)`.
pub fn split_c_doc(
    name: &str,
    doc: Option<&'static str>,
) -> (Option<&'static str>, Option<&'static str>) {
    let Some(d) = doc else {
        return (None, None);
    };
    if let Some(rest) = d.strip_prefix(name) {
        if rest.starts_with('(') {
            if let Some(end) = rest.find(")\n--\n\n") {
                let sig = &rest[..end + 1];
                let body = &rest[end + 6..];
                return (Some(sig), Some(body));
            }
            if let Some(sig) = rest.strip_suffix(")\n--") {
                return (Some(&rest[..sig.len() + 1]), None);
            }
        }
    }
    (None, Some(d))
}

pub struct PyBoundMethod {
    pub func: Value,
    pub self_: Value,
}

pub fn new_builtin(name: &'static str, f: NativeFn) -> Value {
    Value::Obj(ObjRef::new(
        &types().builtin_function,
        Payload::Builtin(Box::new(PyBuiltin {
            name,
            f,
            self_: None,
            module: Some("builtins"),
            doc: None,
        })),
    ))
}

/// A builtin function of `module` with a docstring.
pub fn new_builtin_with_doc(
    module: &'static str,
    name: &'static str,
    f: NativeFn,
    doc: Option<&'static str>,
) -> Value {
    Value::Obj(ObjRef::new(
        &types().builtin_function,
        Payload::Builtin(Box::new(PyBuiltin {
            name,
            f,
            self_: None,
            module: Some(module),
            doc,
        })),
    ))
}

pub fn new_builtin_in(module: &'static str, name: &'static str, f: NativeFn) -> Value {
    Value::Obj(ObjRef::new(
        &types().builtin_function,
        Payload::Builtin(Box::new(PyBuiltin {
            name,
            f,
            self_: None,
            module: Some(module),
            doc: None,
        })),
    ))
}

pub fn new_bound_builtin(name: &'static str, f: NativeFn, self_: Value) -> Value {
    Value::Obj(ObjRef::new(
        &types().builtin_function,
        Payload::Builtin(Box::new(PyBuiltin {
            name,
            f,
            self_: Some(self_),
            module: None,
            doc: None,
        })),
    ))
}

pub fn new_method_descr(
    name: &'static str,
    f: NativeFn,
    objclass: &ObjRef,
    kind: MethKind,
) -> Value {
    new_method_descr_doc(name, f, objclass, kind, None)
}

/// `new_method_descr` with a docstring (C methods: `ml_doc`).
pub fn new_method_descr_doc(
    name: &'static str,
    f: NativeFn,
    objclass: &ObjRef,
    kind: MethKind,
    doc: Option<&'static str>,
) -> Value {
    let ty = match kind {
        MethKind::Class => &types().classmethod_descriptor,
        _ => &types().method_descriptor,
    };
    let d = Value::Obj(ObjRef::new(
        ty,
        Payload::MethodDescr(Box::new(PyMethodDescr {
            name,
            f,
            objclass: objclass.clone(),
            kind,
            doc,
        })),
    ));
    if kind == MethKind::Static {
        return crate::types::descr::new_staticmethod(new_builtin_in("builtins", name, f));
    }
    d
}

pub fn new_bound_method(func: Value, self_: Value) -> Value {
    Value::Obj(ObjRef::new(
        &types().method,
        Payload::BoundMethod(Box::new(PyBoundMethod { func, self_ })),
    ))
}

/// `MakeFunction`: build a function from a code object and the optional parts.
pub fn make_function(
    code: Value,
    globals: &ObjRef,
    builtins: &ObjRef,
    defaults: Option<Value>,
    kwdefaults: Option<Value>,
    annotations: Option<Value>,
    closure: Option<Value>,
) -> Value {
    let c = code
        .as_obj()
        .cloned()
        .unwrap_or_else(|| crate::vm::fatal("MakeFunction without a code object"));
    let (name, qualname, doc) = match c.payload() {
        Payload::Code(pc) => (
            Value::from(&*pc.code.name),
            Value::from(&*pc.code.qualname),
            pc.code
                .docstring
                .as_deref()
                .map(Value::from)
                .unwrap_or(Value::None),
        ),
        _ => crate::vm::fatal("MakeFunction without a code object"),
    };
    let module = crate::types::dict::obj_dict(globals)
        .get_str_key("__name__")
        .unwrap_or(Value::None);
    let f = PyFunction {
        code: UnsafeCell::new(c),
        globals: globals.clone(),
        builtins: builtins.clone(),
        name: UnsafeCell::new(name),
        qualname: UnsafeCell::new(qualname),
        defaults: UnsafeCell::new(defaults.and_then(|d| d.as_obj().cloned())),
        kwdefaults: UnsafeCell::new(kwdefaults.and_then(|d| d.as_obj().cloned())),
        closure: closure.and_then(|c| c.as_obj().cloned()),
        doc: UnsafeCell::new(doc),
        module: UnsafeCell::new(module),
        annotations: UnsafeCell::new(annotations),
    };
    Value::Obj(ObjRef::new(
        &types().function,
        Payload::Function(Box::new(f)),
    ))
}

pub fn as_function(v: &Value) -> Option<&PyFunction> {
    match v.payload() {
        Some(Payload::Function(f)) => Some(f),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Python-visible attributes

use crate::types::typeobj::{add_getset, add_method};

fn func_of(v: &Value) -> PyResult<&PyFunction> {
    as_function(v).ok_or_else(|| type_error("expected a function"))
}

pub fn init_function(t: &ObjRef) {
    add_getset(
        t,
        "__name__",
        |v| Ok(unsafe { (*func_of(v)?.name.get()).clone() }),
        Some(|v, n| {
            let f = func_of(v)?;
            match n {
                Some(n) if crate::types::str::as_str(&n).is_some() => {
                    unsafe { *f.name.get() = n };
                    Ok(())
                }
                _ => Err(type_error("__name__ must be set to a string object")),
            }
        }),
    );
    add_getset(
        t,
        "__qualname__",
        |v| Ok(unsafe { (*func_of(v)?.qualname.get()).clone() }),
        Some(|v, n| {
            let f = func_of(v)?;
            match n {
                Some(n) if crate::types::str::as_str(&n).is_some() => {
                    unsafe { *f.qualname.get() = n };
                    Ok(())
                }
                _ => Err(type_error("__qualname__ must be set to a string object")),
            }
        }),
    );
    add_getset(
        t,
        "__code__",
        |v| Ok(Value::Obj(func_of(v)?.code_obj().clone())),
        Some(|v, n| {
            let f = func_of(v)?;
            match n {
                Some(Value::Obj(c)) if matches!(c.payload(), Payload::Code(_)) => {
                    let new = crate::types::code::obj_code(&c);
                    let nfree = new.code.freevars.len();
                    let have = f
                        .closure
                        .as_ref()
                        .and_then(crate::types::tuple::obj_tuple)
                        .map_or(0, |t| t.len());
                    if nfree != have {
                        return Err(value_error(format!(
                            "{}() requires a code object with {} free vars, not {}",
                            crate::types::str::as_str(unsafe { &*f.name.get() }).unwrap_or("?"),
                            have,
                            nfree
                        )));
                    }
                    f.set_code(c);
                    Ok(())
                }
                _ => Err(type_error("__code__ must be set to a code object")),
            }
        }),
    );
    add_getset(
        t,
        "__globals__",
        |v| Ok(Value::Obj(func_of(v)?.globals.clone())),
        None,
    );
    add_getset(
        t,
        "__builtins__",
        |v| Ok(Value::Obj(func_of(v)?.builtins.clone())),
        None,
    );
    add_getset(
        t,
        "__closure__",
        |v| {
            Ok(match &func_of(v)?.closure {
                Some(c) => Value::Obj(c.clone()),
                None => Value::None,
            })
        },
        None,
    );
    add_getset(
        t,
        "__doc__",
        |v| Ok(unsafe { (*func_of(v)?.doc.get()).clone() }),
        Some(|v, n| {
            unsafe { *func_of(v)?.doc.get() = n.unwrap_or(Value::None) };
            Ok(())
        }),
    );
    add_getset(
        t,
        "__module__",
        |v| Ok(unsafe { (*func_of(v)?.module.get()).clone() }),
        Some(|v, n| {
            unsafe { *func_of(v)?.module.get() = n.unwrap_or(Value::None) };
            Ok(())
        }),
    );
    add_getset(
        t,
        "__defaults__",
        |v| {
            Ok(unsafe { (*func_of(v)?.defaults.get()).clone() }
                .map(Value::Obj)
                .unwrap_or(Value::None))
        },
        Some(|v, n| {
            let f = func_of(v)?;
            let n = match n {
                None | Some(Value::None) => None,
                Some(Value::Obj(o)) if matches!(o.payload(), Payload::Tuple(_)) => Some(o),
                _ => return Err(type_error("__defaults__ must be set to a tuple object")),
            };
            unsafe { *f.defaults.get() = n };
            Ok(())
        }),
    );
    add_getset(
        t,
        "__kwdefaults__",
        |v| {
            Ok(unsafe { (*func_of(v)?.kwdefaults.get()).clone() }
                .map(Value::Obj)
                .unwrap_or(Value::None))
        },
        Some(|v, n| {
            let f = func_of(v)?;
            let n = match n {
                None | Some(Value::None) => None,
                Some(Value::Obj(o)) if matches!(o.payload(), Payload::Dict(_)) => Some(o),
                _ => return Err(type_error("__kwdefaults__ must be set to a dict object")),
            };
            unsafe { *f.kwdefaults.get() = n };
            Ok(())
        }),
    );
    add_getset(
        t,
        "__annotations__",
        |v| {
            let f = func_of(v)?;
            let cur = unsafe { &mut *f.annotations.get() };
            if cur.is_none() {
                *cur = Some(crate::types::dict::new_dict());
            }
            Ok(cur.clone().unwrap())
        },
        Some(|v, n| {
            let f = func_of(v)?;
            match n {
                None | Some(Value::None) => unsafe { *f.annotations.get() = None },
                Some(d) if crate::types::dict::as_dict(&d).is_some() => unsafe {
                    *f.annotations.get() = Some(d)
                },
                _ => return Err(type_error("__annotations__ must be set to a dict object")),
            }
            Ok(())
        }),
    );
    add_getset(
        t,
        "__dict__",
        |v| {
            Ok(Value::Obj(crate::ops::attr::instance_dict(
                v.as_obj().unwrap(),
            )))
        },
        None,
    );
    add_method(t, "__get__", |a, _| {
        if a.len() < 2 || a[1].is_none() {
            return Ok(a[0].clone());
        }
        Ok(new_bound_method(a[0].clone(), a[1].clone()))
    });
    add_method(t, "__call__", |a, kw| {
        crate::ops::call::call(&a[0], &a[1..], kw)
    });
    add_method(t, "__repr__", |a, _| {
        let f = func_of(&a[0])?;
        let q = unsafe { (*f.qualname.get()).clone() };
        Ok(format!(
            "<function {} at {:#x}>",
            crate::types::str::as_str(&q).unwrap_or("?"),
            a[0].id()
        )
        .into())
    });
}

pub fn init_builtin_function(t: &ObjRef) {
    fn bf(v: &Value) -> PyResult<&PyBuiltin> {
        match v.payload() {
            Some(Payload::Builtin(b)) => Ok(b),
            _ => Err(type_error("expected a builtin function")),
        }
    }
    add_getset(t, "__name__", |v| Ok(bf(v)?.name.into()), None);
    add_getset(
        t,
        "__qualname__",
        |v| {
            let b = bf(v)?;
            Ok(match &b.self_ {
                Some(s) if !matches!(s, Value::Obj(o) if matches!(o.payload(), Payload::Module(_))) =>
                {
                    let tn = if crate::types::typeobj::is_type(s) {
                        crate::types::typeobj::type_name(s.as_obj().unwrap())
                    } else {
                        s.type_name()
                    };
                    format!("{}.{}", tn, b.name).into()
                }
                _ => b.name.into(),
            })
        },
        None,
    );
    add_getset(
        t,
        "__self__",
        |v| Ok(bf(v)?.self_.clone().unwrap_or(Value::None)),
        None,
    );
    add_getset(
        t,
        "__module__",
        |v| Ok(bf(v)?.module.map(Value::from).unwrap_or(Value::None)),
        None,
    );
    add_getset(
        t,
        "__doc__",
        |v| Ok(bf(v)?.doc.map(Value::from).unwrap_or(Value::None)),
        None,
    );
    add_getset(t, "__text_signature__", |_| Ok(Value::None), None);
    add_method(t, "__repr__", |a, _| {
        let b = bf(&a[0])?;
        Ok(match &b.self_ {
            Some(s) if !matches!(s, Value::Obj(o) if matches!(o.payload(), Payload::Module(_))) => {
                format!(
                    "<built-in method {} of {} object at {:#x}>",
                    b.name,
                    s.type_name(),
                    s.id()
                )
                .into()
            }
            _ => format!("<built-in function {}>", b.name).into(),
        })
    });
    add_method(t, "__call__", |a, kw| {
        crate::ops::call::call(&a[0], &a[1..], kw)
    });
    add_method(t, "__reduce__", |a, _| Ok(bf(&a[0])?.name.into()));
}

pub fn init_method_descriptor(t: &ObjRef) {
    fn md(v: &Value) -> PyResult<&PyMethodDescr> {
        match v.payload() {
            Some(Payload::MethodDescr(b)) => Ok(b),
            _ => Err(type_error("expected a method descriptor")),
        }
    }
    add_getset(t, "__name__", |v| Ok(md(v)?.name.into()), None);
    add_getset(
        t,
        "__qualname__",
        |v| {
            let m = md(v)?;
            // the type's __qualname__ (a C type's tp_name may carry its module)
            let q = crate::ops::attr::getattr(&Value::Obj(m.objclass.clone()), "__qualname__")?;
            let q = crate::types::str::as_str(&q)
                .map(str::to_string)
                .unwrap_or_else(|| crate::types::typeobj::type_name(&m.objclass));
            Ok(format!("{}.{}", q, m.name).into())
        },
        None,
    );
    add_getset(
        t,
        "__objclass__",
        |v| Ok(Value::Obj(md(v)?.objclass.clone())),
        None,
    );
    add_getset(
        t,
        "__doc__",
        |v| {
            let m = md(v)?;
            Ok(split_c_doc(m.name, m.doc)
                .1
                .map(Value::from)
                .unwrap_or(Value::None))
        },
        None,
    );
    add_getset(
        t,
        "__text_signature__",
        |v| {
            let m = md(v)?;
            Ok(split_c_doc(m.name, m.doc)
                .0
                .map(Value::from)
                .unwrap_or(Value::None))
        },
        None,
    );
    add_method(t, "__get__", |a, _| {
        let m = md(&a[0])?;
        let inst = a.get(1).cloned().unwrap_or(Value::None);
        let owner = a.get(2).cloned().unwrap_or(Value::None);
        crate::ops::attr::method_descr_get(m, &a[0], inst, owner)
    });
    add_method(t, "__call__", |a, kw| {
        crate::ops::call::call(&a[0], &a[1..], kw)
    });
    add_method(t, "__repr__", |a, _| {
        let m = md(&a[0])?;
        Ok(format!(
            "<method '{}' of '{}' objects>",
            m.name,
            crate::types::typeobj::type_name(&m.objclass)
        )
        .into())
    });
}

pub fn init_method(t: &ObjRef) {
    fn bm(v: &Value) -> PyResult<&PyBoundMethod> {
        match v.payload() {
            Some(Payload::BoundMethod(b)) => Ok(b),
            _ => Err(type_error("expected a method")),
        }
    }
    // types.MethodType(func, instance)
    crate::types::typeobj::add_staticmethod(t, "__new__", |a, kw| {
        if kw.is_some_and(|k| !k.is_empty()) {
            return Err(type_error("method() takes no keyword arguments"));
        }
        if a.len() != 3 {
            return Err(type_error(format!(
                "method expected 2 arguments, got {}",
                a.len().saturating_sub(1)
            )));
        }
        if !crate::builtins::is_callable(&a[1]) {
            return Err(type_error("first argument must be callable"));
        }
        if a[2].is_none() {
            return Err(type_error("instance must not be None"));
        }
        Ok(new_bound_method(a[1].clone(), a[2].clone()))
    });
    add_getset(t, "__func__", |v| Ok(bm(v)?.func.clone()), None);
    add_getset(t, "__self__", |v| Ok(bm(v)?.self_.clone()), None);
    add_getset(
        t,
        "__doc__",
        |v| crate::ops::attr::getattr(&bm(v)?.func, "__doc__"),
        None,
    );
    add_getset(
        t,
        "__name__",
        |v| crate::ops::attr::getattr(&bm(v)?.func, "__name__"),
        None,
    );
    add_getset(
        t,
        "__qualname__",
        |v| crate::ops::attr::getattr(&bm(v)?.func, "__qualname__"),
        None,
    );
    add_getset(
        t,
        "__module__",
        |v| crate::ops::attr::getattr(&bm(v)?.func, "__module__"),
        None,
    );
    add_getset(
        t,
        "__wrapped__",
        |v| crate::ops::attr::getattr(&bm(v)?.func, "__wrapped__"),
        None,
    );
    add_method(t, "__call__", |a, kw| {
        crate::ops::call::call(&a[0], &a[1..], kw)
    });
    add_method(t, "__get__", |a, _| Ok(a[0].clone()));
    add_method(t, "__getattribute__", |a, _| {
        let b = bm(&a[0])?;
        match crate::ops::attr::generic_getattr_opt(&a[0], &a[1])? {
            Some(v) => Ok(v),
            None => crate::ops::attr::getattr_value(&b.func, &a[1]),
        }
    });
    add_method(t, "__eq__", |a, _| {
        let (Ok(x), Ok(y)) = (bm(&a[0]), bm(&a[1])) else {
            return Ok(crate::types::misc::not_implemented());
        };
        Ok(Value::Bool(
            x.self_.is(&y.self_) && crate::ops::eq(&x.func, &y.func)?,
        ))
    });
    add_method(t, "__hash__", |a, _| {
        let b = bm(&a[0])?;
        Ok(Value::Int(crate::ops::hash(&b.func)? ^ b.self_.id()))
    });
    add_method(t, "__repr__", |a, _| {
        let b = bm(&a[0])?;
        let name = crate::ops::attr::getattr(&b.func, "__qualname__")
            .ok()
            .and_then(|v| crate::types::str::as_str(&v).map(|s| s.to_string()))
            .unwrap_or_else(|| "?".into());
        Ok(format!("<bound method {} of {}>", name, crate::ops::repr(&b.self_)?).into())
    });
}
