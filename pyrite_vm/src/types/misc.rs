//! Small builtin types and shared helpers: `object`, `NoneType`, `NotImplemented`,
//! `Ellipsis`, `cell`, `slice`, `super`, `mappingproxy`, `types.GenericAlias`,
//! `types.UnionType`, and the helpers for `with`, `match` and `__new__`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::typeobj::{
    add_classmethod, add_getset, add_method, add_staticmethod, tdata, tflags, BaseKind,
};
use crate::types::{types, Payload, Slots};
use crate::value::Value;
use std::cell::UnsafeCell;

pub struct SuperData {
    pub ty: ObjRef,
    pub obj: Value,
    pub obj_type: Option<ObjRef>,
}

pub enum MiscPayload {
    Super(UnsafeCell<SuperData>),
    MappingProxy(Value),
    GenericAlias { origin: Value, args: Value },
    Union(Value),
    ASend(crate::types::generator::AsendState),
    MemoryView(crate::types::memoryview::PyMemoryView),
    Native(crate::modules::ndata::NativeObj),
}

static SINGLETONS: crate::gil::GilCell<Option<(ObjRef, ObjRef)>> = crate::gil::GilCell::new(None);

pub(crate) fn init_singletons() {
    let t = types();
    let ni = ObjRef::new(&t.not_implemented_type, Payload::Instance(Slots::empty()));
    let el = ObjRef::new(&t.ellipsis_type, Payload::Instance(Slots::empty()));
    ni.make_immortal();
    el.make_immortal();
    *SINGLETONS.get() = Some((ni, el));
}

pub fn not_implemented() -> Value {
    Value::Obj(SINGLETONS.get().as_ref().unwrap().0.clone())
}

pub fn ellipsis() -> Value {
    Value::Obj(SINGLETONS.get().as_ref().unwrap().1.clone())
}

#[inline]
pub fn is_not_implemented(v: &Value) -> bool {
    match v {
        Value::Obj(o) => o.is(&SINGLETONS.get().as_ref().unwrap().0),
        _ => false,
    }
}

pub fn new_cell(v: Option<Value>) -> ObjRef {
    ObjRef::new(&types().cell, Payload::Cell(UnsafeCell::new(v)))
}

pub fn new_slice(start: Value, stop: Value, step: Value) -> Value {
    Value::Obj(ObjRef::new(
        &types().slice,
        Payload::Slice(Box::new([start, stop, step])),
    ))
}

pub fn new_mappingproxy(v: Value) -> Value {
    Value::Obj(ObjRef::new(
        &types().mappingproxy,
        Payload::Misc(Box::new(MiscPayload::MappingProxy(v))),
    ))
}

/// Allocate an instance of `cls` carrying `payload` (with a dict if the class has one).
pub fn new_instance(cls: &ObjRef, payload: Payload) -> Value {
    let payload = match payload {
        Payload::Instance(_) => Payload::Instance(crate::types::typeobj::instance_slots(cls)),
        p => p,
    };
    Value::Obj(ObjRef::new(cls, payload))
}

/// `X.__new__(cls, ...)`: check `cls` is a subtype of the builtin `name`.
pub fn check_new_cls(a: &[Value], name: &str) -> PyResult<ObjRef> {
    let Some(c) = a.first() else {
        return Err(type_error(format!(
            "{}.__new__(): not enough arguments",
            name
        )));
    };
    match c {
        Value::Obj(o) if matches!(o.payload(), Payload::Type(_)) => {
            let base = crate::modules::builtins_mod::builtin_type(name);
            if let Some(b) = base {
                if !crate::types::typeobj::is_subtype(o, &b) {
                    return Err(type_error(format!(
                        "{}.__new__({}): {} is not a subtype of {}",
                        name,
                        tdata(o).name(),
                        tdata(o).name(),
                        name
                    )));
                }
            }
            Ok(o.clone())
        }
        v => Err(type_error(format!(
            "{}.__new__(X): X is not a type object ({})",
            name,
            v.type_name()
        ))),
    }
}

/// `object.__init__` argument check.
pub fn object_init_check(cls: &ObjRef, args: &[Value], kw: Kw) -> PyResult<()> {
    let _ = (args, kw);
    let new = crate::types::typeobj::lookup(cls, crate::name!("__new__"));
    let object_new = crate::types::typeobj::lookup(&types().object, crate::name!("__new__"));
    let new_overridden = match (&new, &object_new) {
        (Some(a), Some(b)) => !a.is(b),
        _ => false,
    };
    if !new_overridden {
        return Err(type_error(format!(
            "{}() takes no arguments",
            tdata(cls).name()
        )));
    }
    Ok(())
}

fn payload_for(cls: &ObjRef) -> Payload {
    match tdata(cls).base_kind {
        BaseKind::Exception => {
            Payload::Exception(Box::new(crate::types::exceptions::PyException::new(
                Value::Obj(crate::types::tuple::empty_tuple()),
            )))
        }
        _ => Payload::Instance(crate::types::typeobj::instance_slots(cls)),
    }
}

fn object_new(a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = match a.first() {
        Some(Value::Obj(o)) if matches!(o.payload(), Payload::Type(_)) => o.clone(),
        Some(v) => {
            return Err(type_error(format!(
                "object.__new__(X): X is not a type object ({})",
                v.type_name()
            )))
        }
        None => return Err(type_error("object.__new__(): not enough arguments")),
    };
    // instances of C-defined types live in native memory their own `__new__` allocates
    if let Some(base) = tdata(&cls)
        .mro()
        .iter()
        .find(|t| !tdata(t).native.get().is_null())
    {
        return Err(type_error(format!(
            "object.__new__({}) is not safe, use {}.__new__()",
            tdata(&cls).name(),
            tdata(base).name()
        )));
    }
    if a.len() > 1 || kw.map_or(false, |k| !k.is_empty()) {
        let init = crate::types::typeobj::lookup(&cls, crate::name!("__init__"));
        let object_init = crate::types::typeobj::lookup(&types().object, crate::name!("__init__"));
        let init_overridden = match (&init, &object_init) {
            (Some(x), Some(y)) => !x.is(y),
            _ => false,
        };
        let new = crate::types::typeobj::lookup(&cls, crate::name!("__new__"));
        let onew = crate::types::typeobj::lookup(&types().object, crate::name!("__new__"));
        let new_overridden = match (&new, &onew) {
            (Some(x), Some(y)) => !x.is(y),
            _ => false,
        };
        if new_overridden || !init_overridden {
            return Err(type_error(format!(
                "{}() takes no arguments",
                tdata(&cls).name()
            )));
        }
    }
    let td = tdata(&cls);
    if td.has(tflags::IS_ABSTRACT) {
        let abs = td
            .dict()
            .get_str_key("__abstractmethods__")
            .map(|v| crate::ops::iterate(&v))
            .transpose()?
            .unwrap_or_default();
        let mut names: Vec<String> = abs
            .iter()
            .filter_map(|v| crate::types::str::as_str(v).map(|s| s.to_string()))
            .collect();
        names.sort();
        let q: Vec<String> = names.iter().map(|n| format!("'{}'", n)).collect();
        return Err(type_error(format!(
            "Can't instantiate abstract class {} with abstract method{} {}",
            td.name(),
            if names.len() == 1 { "" } else { "s" },
            q.join(", ")
        )));
    }
    if td.base_kind != BaseKind::Object && td.base_kind != BaseKind::Exception {
        return Err(type_error(format!(
            "object.__new__({}) is not safe, use {}.__new__()",
            td.name(),
            td.name()
        )));
    }
    Ok(Value::Obj(ObjRef::new(&cls, payload_for(&cls))))
}

fn object_repr(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let cls = a[0].class();
    let module = crate::ops::attr::getattr(&Value::Obj(cls.clone()), "__module__").ok();
    let qn = tdata(&cls).qualname().to_string();
    let name = match module.as_ref().and_then(crate::types::str::as_str) {
        Some(m) if m != "builtins" => format!("{}.{}", m, qn),
        _ => qn,
    };
    Ok(format!("<{} object at {:#x}>", name, a[0].id()).into())
}

fn object_format(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("__format__", a, 2, 2)?;
    let spec = crate::types::str::as_str(&a[1]).ok_or_else(|| {
        type_error(format!(
            "__format__() argument must be str, not {}",
            a[1].type_name()
        ))
    })?;
    if !spec.is_empty() {
        return Err(type_error(format!(
            "unsupported format string passed to {}.__format__",
            a[0].type_name()
        )));
    }
    crate::ops::str_value(&a[0])
}

pub fn init_object(t: &ObjRef) {
    add_staticmethod(t, "__new__", object_new);
    add_method(t, "__init__", |a, kw| {
        if a.len() > 1 || kw.map_or(false, |k| !k.is_empty()) {
            let cls = a[0].class();
            let init = crate::types::typeobj::lookup(&cls, crate::name!("__init__"));
            let object_init =
                crate::types::typeobj::lookup(&types().object, crate::name!("__init__"));
            let init_overridden = match (&init, &object_init) {
                (Some(x), Some(y)) => !x.is(y),
                _ => false,
            };
            let new = crate::types::typeobj::lookup(&cls, crate::name!("__new__"));
            let onew = crate::types::typeobj::lookup(&types().object, crate::name!("__new__"));
            let new_overridden = match (&new, &onew) {
                (Some(x), Some(y)) => !x.is(y),
                _ => false,
            };
            if init_overridden || !new_overridden {
                return Err(type_error(
                    "object.__init__() takes exactly one argument (the instance to initialize)",
                ));
            }
        }
        Ok(Value::None)
    });
    add_method(t, "__repr__", object_repr);
    add_method(t, "__str__", |a, _| {
        Ok(Value::from(crate::ops::repr(&a[0])?))
    });
    add_method(t, "__format__", object_format);
    add_method(t, "__hash__", |a, _| {
        Ok(Value::Int(crate::ops::identity_hash(&a[0])))
    });
    add_method(t, "__eq__", |a, _| {
        check_args("__eq__", a, 2, 2)?;
        Ok(if a[0].is(&a[1]) {
            Value::Bool(true)
        } else {
            not_implemented()
        })
    });
    add_method(t, "__ne__", |a, _| {
        check_args("__ne__", a, 2, 2)?;
        // delegate to __eq__ and invert
        let r = crate::ops::call_special(&a[0], crate::name!("__eq__"), &[a[1].clone()])?
            .unwrap_or_else(not_implemented);
        if is_not_implemented(&r) {
            return Ok(r);
        }
        Ok(Value::Bool(!crate::ops::truthy(&r)?))
    });
    for n in ["__lt__", "__le__", "__gt__", "__ge__"] {
        add_method(t, n, |_a, _| Ok(not_implemented()));
    }
    add_method(t, "__getattribute__", |a, _| {
        check_args("__getattribute__", a, 2, 2)?;
        match crate::ops::attr::generic_getattr_opt(&a[0], &a[1])? {
            Some(v) => Ok(v),
            None => {
                let n = crate::types::str::as_str(&a[1]).unwrap_or("?");
                let e = attribute_error(format!(
                    "'{}' object has no attribute '{}'",
                    a[0].type_name(),
                    n
                ));
                crate::types::exceptions::set_attribute_error_context(
                    &e,
                    &a[0],
                    &crate::types::str::intern(n),
                );
                Err(e)
            }
        }
    });
    add_method(t, "__setattr__", |a, _| {
        check_args("__setattr__", a, 3, 3)?;
        let n = crate::types::str::as_str(&a[1]).ok_or_else(|| {
            type_error(format!(
                "attribute name must be string, not '{}'",
                a[1].type_name()
            ))
        })?;
        crate::ops::attr::generic_setattr(
            &a[0],
            &crate::types::str::intern(n),
            Some(a[2].clone()),
        )?;
        Ok(Value::None)
    });
    add_method(t, "__delattr__", |a, _| {
        check_args("__delattr__", a, 2, 2)?;
        let n = crate::types::str::as_str(&a[1]).ok_or_else(|| {
            type_error(format!(
                "attribute name must be string, not '{}'",
                a[1].type_name()
            ))
        })?;
        crate::ops::attr::generic_setattr(&a[0], &crate::types::str::intern(n), None)?;
        Ok(Value::None)
    });
    add_method(t, "__dir__", |a, _| crate::builtins::object_dir(&a[0]));
    add_method(t, "__sizeof__", |_a, _| Ok(Value::Int(16)));
    add_method(t, "__reduce_ex__", |a, _| {
        crate::modules::copyreg_support::reduce_ex(
            &a[0],
            a.get(1).cloned().unwrap_or(Value::Int(0)),
        )
    });
    add_method(t, "__reduce__", |a, _| {
        crate::modules::copyreg_support::reduce_ex(&a[0], Value::Int(0))
    });
    add_method(t, "__getstate__", |a, _| {
        Ok(match a[0].as_obj().and_then(|o| o.dict()) {
            Some(d) if !crate::types::dict::obj_dict(&d).is_empty() => Value::Obj(d),
            _ => Value::None,
        })
    });
    add_classmethod(t, "__init_subclass__", |a, kw| {
        if let Some(k) = kw {
            if !k.is_empty() {
                let name = match a.first() {
                    Some(Value::Obj(c)) if matches!(c.payload(), Payload::Type(_)) => {
                        tdata(c).name().to_string()
                    }
                    _ => "object".into(),
                };
                return Err(type_error(format!(
                    "{}.__init_subclass__() takes no keyword arguments",
                    name
                )));
            }
        }
        Ok(Value::None)
    });
    add_classmethod(t, "__subclasshook__", |_a, _| Ok(not_implemented()));
    add_getset(
        t,
        "__class__",
        |v| Ok(Value::Obj(v.class())),
        Some(|v, n| {
            let Some(n) = n else {
                return Err(type_error("can't delete __class__ attribute"));
            };
            let Value::Obj(nt) = &n else {
                return Err(type_error("__class__ must be set to a class"));
            };
            if !matches!(nt.payload(), Payload::Type(_)) {
                return Err(type_error(format!(
                    "__class__ must be set to a class, not '{}' object",
                    n.type_name()
                )));
            }
            let Value::Obj(o) = v else {
                return Err(type_error("__class__ assignment only supported for mutable types or ModuleType subclasses"));
            };
            let old = o.class();
            if !tdata(nt).has(tflags::HEAPTYPE) || !tdata(&old).has(tflags::HEAPTYPE) {
                if !matches!(o.payload(), Payload::Module(_)) {
                    return Err(type_error("__class__ assignment only supported for mutable types or ModuleType subclasses"));
                }
            }
            if tdata(nt).base_kind != tdata(&old).base_kind {
                return Err(type_error(format!(
                    "__class__ assignment: '{}' object layout differs from '{}'",
                    tdata(nt).name(),
                    tdata(&old).name()
                )));
            }
            o.set_class(nt);
            Ok(())
        }),
    );
    add_getset(
        t,
        "__dict__",
        |v| match v {
            Value::Obj(o) if o.dict().is_some() || tdata(o.class_ref()).has(tflags::HAS_DICT) => {
                Ok(Value::Obj(crate::ops::attr::instance_dict(o)))
            }
            _ => {
                let e = attribute_error(format!(
                    "'{}' object has no attribute '__dict__'",
                    v.type_name()
                ));
                crate::types::exceptions::set_attribute_error_context(
                    &e,
                    v,
                    &crate::types::str::intern("__dict__"),
                );
                Err(e)
            }
        },
        Some(|v, n| match (v, n) {
            (Value::Obj(o), Some(d)) if crate::types::dict::as_dict(&d).is_some() => {
                o.set_dict(d.as_obj().cloned());
                Ok(())
            }
            (_, Some(d)) => Err(type_error(format!(
                "__dict__ must be set to a dictionary, not a '{}'",
                d.type_name()
            ))),
            _ => Err(type_error("cannot delete __dict__")),
        }),
    );
}

pub fn init_none(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, _| {
        if a.len() > 1 {
            return Err(type_error("NoneType takes no arguments"));
        }
        Ok(Value::None)
    });
    add_method(t, "__repr__", |_a, _| Ok("None".into()));
    add_method(t, "__bool__", |_a, _| Ok(Value::Bool(false)));
    add_method(t, "__hash__", |a, _| {
        crate::ops::hash(&a[0]).map(Value::Int)
    });
}

pub fn init_singleton_types() {
    let t = types();
    add_method(&t.not_implemented_type, "__repr__", |_a, _| {
        Ok("NotImplemented".into())
    });
    add_method(&t.not_implemented_type, "__reduce__", |_a, _| {
        Ok("NotImplemented".into())
    });
    add_method(&t.not_implemented_type, "__bool__", |_a, _| {
        crate::modules::warnings::warn(
            &crate::types::exceptions::exc().deprecation_warning,
            "NotImplemented should not be used in a boolean context",
            1,
        )?;
        Ok(Value::Bool(true))
    });
    add_staticmethod(&t.not_implemented_type, "__new__", |_a, _| {
        Ok(not_implemented())
    });
    add_method(&t.ellipsis_type, "__repr__", |_a, _| Ok("Ellipsis".into()));
    add_method(
        &t.ellipsis_type,
        "__reduce__",
        |_a, _| Ok("Ellipsis".into()),
    );
    add_staticmethod(&t.ellipsis_type, "__new__", |_a, _| Ok(ellipsis()));
    // cell
    add_getset(
        &t.cell,
        "cell_contents",
        |v| match v.payload() {
            Some(Payload::Cell(c)) => {
                unsafe { (*c.get()).clone() }.ok_or_else(|| value_error("Cell is empty"))
            }
            _ => Err(type_error("expected a cell")),
        },
        Some(|v, n| match v.payload() {
            Some(Payload::Cell(c)) => {
                let old = unsafe { std::mem::replace(&mut *c.get(), n) };
                drop(old);
                Ok(())
            }
            _ => Err(type_error("expected a cell")),
        }),
    );
    add_staticmethod(&t.cell, "__new__", |a, _| {
        Ok(Value::Obj(new_cell(a.get(1).cloned())))
    });
    add_method(&t.cell, "__repr__", |a, _| match a[0].payload() {
        Some(Payload::Cell(c)) => match unsafe { (*c.get()).clone() } {
            Some(v) => Ok(format!(
                "<cell at {:#x}: {} object at {:#x}>",
                a[0].id(),
                v.type_name(),
                v.id()
            )
            .into()),
            None => Ok(format!("<cell at {:#x}: empty>", a[0].id()).into()),
        },
        _ => Err(type_error("expected a cell")),
    });
    init_slice(&t.slice);
    init_super(&t.super_);
    init_mappingproxy(&t.mappingproxy);
    init_generic_alias(&t.generic_alias);
    init_union(&t.union_type);
}

// ---------------------------------------------------------------------------
// slice

fn slice_parts(v: &Value) -> PyResult<&[Value; 3]> {
    match v.payload() {
        Some(Payload::Slice(s)) => Ok(s),
        _ => Err(type_error("expected a slice")),
    }
}

/// `slice.indices(len)` plus the slice length: (start, stop, step, count).
pub fn slice_indices(v: &Value, len: usize) -> PyResult<(i64, i64, i64, usize)> {
    let [start, stop, step] = slice_parts(v)?;
    let len = len as i64;
    let get = |x: &Value| -> PyResult<Option<i64>> {
        if x.is_none() {
            return Ok(None);
        }
        let i = crate::types::int::index_value(x).map_err(|_| {
            type_error("slice indices must be integers or None or have an __index__ method")
        })?;
        Ok(Some(match i {
            Value::Int(i) => i,
            other => {
                if crate::types::int::to_bigint(&other)
                    .map_or(false, |b| b.sign() == num_bigint::Sign::Minus)
                {
                    i64::MIN + 1
                } else {
                    i64::MAX
                }
            }
        }))
    };
    let step = get(step)?.unwrap_or(1);
    if step == 0 {
        return Err(value_error("slice step cannot be zero"));
    }
    let (lo, hi) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let norm = |x: Option<i64>, dflt: i64| -> i64 {
        match x {
            None => dflt,
            Some(i) if i < 0 => (i.saturating_add(len)).max(lo),
            Some(i) => i.min(hi),
        }
    };
    let s = norm(get(start)?, if step < 0 { hi } else { lo });
    let e = norm(get(stop)?, if step < 0 { lo } else { hi });
    let n = if step < 0 {
        if e < s {
            ((s - e - 1) / (-step) + 1) as usize
        } else {
            0
        }
    } else if s < e {
        ((e - s - 1) / step + 1) as usize
    } else {
        0
    };
    Ok((s, e, step, n))
}

fn init_slice(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, _| {
        let a = &a[1..];
        match a.len() {
            1 => Ok(new_slice(Value::None, a[0].clone(), Value::None)),
            2 => Ok(new_slice(a[0].clone(), a[1].clone(), Value::None)),
            3 => Ok(new_slice(a[0].clone(), a[1].clone(), a[2].clone())),
            0 => Err(type_error("slice expected at least 1 argument, got 0")),
            n => Err(type_error(format!(
                "slice expected at most 3 arguments, got {}",
                n
            ))),
        }
    });
    add_getset(t, "start", |v| Ok(slice_parts(v)?[0].clone()), None);
    add_getset(t, "stop", |v| Ok(slice_parts(v)?[1].clone()), None);
    add_getset(t, "step", |v| Ok(slice_parts(v)?[2].clone()), None);
    add_method(t, "indices", |a, _| {
        let n = crate::types::int::index_i64(&a[1])?;
        if n < 0 {
            return Err(value_error("length should not be negative"));
        }
        let (s, e, st, _) = slice_indices(&a[0], n as usize)?;
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Int(s),
            Value::Int(e),
            Value::Int(st),
        ]))
    });
    add_method(t, "__repr__", |a, _| {
        let p = slice_parts(&a[0])?;
        Ok(format!(
            "slice({}, {}, {})",
            crate::ops::repr(&p[0])?,
            crate::ops::repr(&p[1])?,
            crate::ops::repr(&p[2])?
        )
        .into())
    });
    add_method(t, "__eq__", |a, _| {
        let (Ok(x), Ok(y)) = (slice_parts(&a[0]), slice_parts(&a[1])) else {
            return Ok(not_implemented());
        };
        let (x, y) = (x.to_vec(), y.to_vec());
        Ok(Value::Bool(crate::types::tuple::seq_compare(
            &x,
            &y,
            pyrite_compiler::bytecode::CmpOp::Eq,
        )?))
    });
    crate::types::typeobj::set_attr_str(t, "__hash__", Value::None);
}

// ---------------------------------------------------------------------------
// super

pub fn new_super(ty: Value, obj: Value) -> PyResult<Value> {
    let Value::Obj(t) = &ty else {
        return Err(type_error("super() argument 1 must be a type"));
    };
    if !matches!(t.payload(), Payload::Type(_)) {
        return Err(type_error(format!(
            "super() argument 1 must be a type, not {}",
            ty.type_name()
        )));
    }
    let obj_type = if obj.is_none() {
        None
    } else {
        Some(super_check(t, &obj)?)
    };
    Ok(Value::Obj(ObjRef::new(
        &types().super_,
        Payload::Misc(Box::new(MiscPayload::Super(UnsafeCell::new(SuperData {
            ty: t.clone(),
            obj,
            obj_type,
        })))),
    )))
}

fn super_check(t: &ObjRef, obj: &Value) -> PyResult<ObjRef> {
    if let Value::Obj(o) = obj {
        if matches!(o.payload(), Payload::Type(_)) && crate::types::typeobj::is_subtype(o, t) {
            return Ok(o.clone());
        }
    }
    if crate::types::typeobj::isinstance(obj, t) {
        return Ok(obj.class());
    }
    Err(type_error(
        "super(type, obj): obj must be an instance or subtype of type",
    ))
}

fn init_super(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, _| {
        let _ = check_new_cls(a, "super")?;
        Ok(Value::Obj(ObjRef::new(
            &types().super_,
            Payload::Misc(Box::new(MiscPayload::Super(UnsafeCell::new(SuperData {
                ty: types().object.clone(),
                obj: Value::None,
                obj_type: None,
            })))),
        )))
    });
    add_method(t, "__init__", |a, _| {
        let (ty, obj) = match a.len() {
            1 => zero_arg_super()?,
            2 => (a[1].clone(), Value::None),
            3 => (a[1].clone(), a[2].clone()),
            _ => return Err(type_error("super() takes at most 2 arguments")),
        };
        let new = new_super(ty, obj)?;
        let Some(Payload::Misc(m)) = new.payload() else {
            unreachable!()
        };
        let MiscPayload::Super(src) = &**m else {
            unreachable!()
        };
        let src = unsafe { &*src.get() };
        if let Some(Payload::Misc(mine)) = a[0].payload() {
            if let MiscPayload::Super(dst) = &**mine {
                let old = unsafe {
                    std::mem::replace(
                        &mut *dst.get(),
                        SuperData {
                            ty: src.ty.clone(),
                            obj: src.obj.clone(),
                            obj_type: src.obj_type.clone(),
                        },
                    )
                };
                drop(old);
            }
        }
        Ok(Value::None)
    });
    add_method(t, "__getattribute__", |a, _| super_getattr(&a[0], &a[1]));
    add_method(t, "__get__", |a, _| {
        let Some(Payload::Misc(m)) = a[0].payload() else {
            return Err(type_error("expected super"));
        };
        let MiscPayload::Super(sd) = &**m else {
            return Err(type_error("expected super"));
        };
        let SuperData { ty, obj, .. } = unsafe { &*sd.get() };
        if !obj.is_none() || a.len() < 2 || a[1].is_none() {
            return Ok(a[0].clone());
        }
        new_super(Value::Obj(ty.clone()), a[1].clone())
    });
    add_method(t, "__repr__", |a, _| {
        let Some(Payload::Misc(m)) = a[0].payload() else {
            return Err(type_error("expected super"));
        };
        let MiscPayload::Super(sd) = &**m else {
            return Err(type_error("expected super"));
        };
        let SuperData { ty, obj_type, .. } = unsafe { &*sd.get() };
        Ok(match obj_type {
            Some(ot) => format!(
                "<super: <class '{}'>, <{} object>>",
                tdata(ty).name(),
                tdata(ot).name()
            ),
            None => format!("<super: <class '{}'>, NULL>", tdata(ty).name()),
        }
        .into())
    });
    add_getset(
        t,
        "__thisclass__",
        |v| match v.payload() {
            Some(Payload::Misc(m)) => match &**m {
                MiscPayload::Super(sd) => Ok(Value::Obj(unsafe { &*sd.get() }.ty.clone())),
                _ => Ok(Value::None),
            },
            _ => Ok(Value::None),
        },
        None,
    );
    add_getset(
        t,
        "__self__",
        |v| match v.payload() {
            Some(Payload::Misc(m)) => match &**m {
                MiscPayload::Super(sd) => Ok(unsafe { &*sd.get() }.obj.clone()),
                _ => Ok(Value::None),
            },
            _ => Ok(Value::None),
        },
        None,
    );
    add_getset(
        t,
        "__self_class__",
        |v| match v.payload() {
            Some(Payload::Misc(m)) => match &**m {
                MiscPayload::Super(sd) => Ok(unsafe { &*sd.get() }
                    .obj_type
                    .clone()
                    .map(Value::Obj)
                    .unwrap_or(Value::None)),
                _ => Ok(Value::None),
            },
            _ => Ok(Value::None),
        },
        None,
    );
}

/// `super()` with no arguments: `__class__` cell and the first argument of the caller.
fn zero_arg_super() -> PyResult<(Value, Value)> {
    let t = crate::vm::thread();
    let fo = t
        .frames
        .last()
        .ok_or_else(|| runtime_error("super(): no current frame"))?
        .clone();
    let f = crate::frame::frame_mut(&fo);
    let code = f.pycode();
    if code.code.argcount == 0 && code.code.flags & pyrite_compiler::code::flags::VARARGS == 0 {
        return Err(runtime_error("super(): no arguments"));
    }
    let first = match f.fast.first().cloned().flatten() {
        Some(v) => v,
        None => {
            // the first argument may have been moved into a cell
            let name = &code.code.varnames[0];
            match code.code.cellvars.iter().position(|c| c == name) {
                Some(i) => match f.cells[i].payload() {
                    Payload::Cell(c) => unsafe { (*c.get()).clone() }
                        .ok_or_else(|| runtime_error("super(): arg[0] deleted"))?,
                    _ => return Err(runtime_error("super(): arg[0] deleted")),
                },
                None => return Err(runtime_error("super(): arg[0] deleted")),
            }
        }
    };
    let ncell = code.code.cellvars.len();
    let idx = code
        .code
        .freevars
        .iter()
        .position(|n| &**n == "__class__")
        .ok_or_else(|| runtime_error("super(): __class__ cell not found"))?;
    let cell = &f.cells[ncell + idx];
    let cls = match cell.payload() {
        Payload::Cell(c) => unsafe { (*c.get()).clone() },
        _ => None,
    }
    .ok_or_else(|| runtime_error("super(): empty __class__ cell"))?;
    if !crate::types::typeobj::is_type(&cls) {
        return Err(runtime_error("super(): __class__ is not a type"));
    }
    Ok((cls, first))
}

fn super_getattr(sup: &Value, name: &Value) -> PyResult<Value> {
    let Some(Payload::Misc(m)) = sup.payload() else {
        return Err(type_error("expected super"));
    };
    let MiscPayload::Super(sd) = &**m else {
        return Err(type_error("expected super"));
    };
    let SuperData { ty, obj, obj_type } = unsafe { &*sd.get() };
    let n = crate::types::str::as_str(name)
        .ok_or_else(|| type_error("attribute name must be string"))?;
    if let Some(ot) = obj_type {
        if n != "__class__" {
            let mro = tdata(ot).mro().to_vec();
            let pos = mro
                .iter()
                .position(|t| t.is(ty))
                .map(|p| p + 1)
                .unwrap_or(mro.len());
            let key = crate::types::str::intern(n);
            for t in &mro[pos..] {
                if let Some(v) = tdata(t).dict().get_str(&key) {
                    if crate::ops::attr::has_get(&v) {
                        let inst = if obj.is(&Value::Obj(ot.clone())) {
                            Value::None
                        } else {
                            obj.clone()
                        };
                        return crate::ops::attr::call_get(&v, inst, Value::Obj(ot.clone()));
                    }
                    return Ok(v);
                }
            }
        }
    }
    match crate::ops::attr::generic_getattr_opt(sup, name)? {
        Some(v) => Ok(v),
        None => {
            let e = attribute_error(format!("'super' object has no attribute '{}'", n));
            crate::types::exceptions::set_attribute_error_context(
                &e,
                sup,
                &crate::types::str::intern(&n),
            );
            Err(e)
        }
    }
}

// ---------------------------------------------------------------------------
// mappingproxy, GenericAlias, Union

fn proxied(v: &Value) -> PyResult<&Value> {
    match v.payload() {
        Some(Payload::Misc(m)) => match &**m {
            MiscPayload::MappingProxy(d) => Ok(d),
            _ => Err(type_error("expected mappingproxy")),
        },
        _ => Err(type_error("expected mappingproxy")),
    }
}

fn init_mappingproxy(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, _| {
        check_args("mappingproxy", &a[1..], 1, 1)?;
        Ok(new_mappingproxy(a[1].clone()))
    });
    add_method(t, "__getitem__", |a, _| {
        crate::ops::getitem(proxied(&a[0])?, &a[1])
    });
    add_method(t, "__contains__", |a, _| {
        Ok(Value::Bool(crate::ops::contains(proxied(&a[0])?, &a[1])?))
    });
    add_method(t, "__len__", |a, _| {
        Ok(Value::Int(crate::ops::len(proxied(&a[0])?)? as i64))
    });
    add_method(t, "__iter__", |a, _| crate::ops::get_iter(proxied(&a[0])?));
    add_method(t, "get", |a, _| {
        let d = proxied(&a[0])?;
        match crate::ops::getitem(d, &a[1]) {
            Ok(v) => Ok(v),
            Err(e) if e.matches(&crate::types::exceptions::exc().key_error) => {
                Ok(a.get(2).cloned().unwrap_or(Value::None))
            }
            Err(e) => Err(e),
        }
    });
    add_method(t, "keys", |a, _| {
        crate::ops::attr::call_method(proxied(&a[0])?, "keys", &[])
    });
    add_method(t, "values", |a, _| {
        crate::ops::attr::call_method(proxied(&a[0])?, "values", &[])
    });
    add_method(t, "items", |a, _| {
        crate::ops::attr::call_method(proxied(&a[0])?, "items", &[])
    });
    add_method(t, "copy", |a, _| {
        crate::ops::attr::call_method(proxied(&a[0])?, "copy", &[])
    });
    add_method(t, "__repr__", |a, _| {
        Ok(format!("mappingproxy({})", crate::ops::repr(proxied(&a[0])?)?).into())
    });
    // str() of a proxy is str() of the mapping
    add_method(t, "__str__", |a, _| crate::ops::str_value(proxied(&a[0])?));
    add_method(t, "__eq__", |a, _| {
        crate::ops::compare(proxied(&a[0])?, &a[1], pyrite_compiler::bytecode::CmpOp::Eq)
    });
    add_method(t, "__or__", |a, _| {
        crate::ops::arith::binary_op(proxied(&a[0])?, &a[1], pyrite_compiler::bytecode::BinOp::Or)
    });
}

pub fn new_generic_alias(origin: Value, args: Value) -> Value {
    let args = if crate::types::tuple::as_tuple(&args).is_some() {
        args
    } else {
        crate::types::tuple::new_tuple(vec![args])
    };
    Value::Obj(ObjRef::new(
        &types().generic_alias,
        Payload::Misc(Box::new(MiscPayload::GenericAlias { origin, args })),
    ))
}

/// `cls.__class_getitem__(item)` returning `types.GenericAlias`.
pub fn generic_alias_method(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("__class_getitem__", a, 2, 2)?;
    Ok(new_generic_alias(a[0].clone(), a[1].clone()))
}

fn ga(v: &Value) -> PyResult<(&Value, &Value)> {
    match v.payload() {
        Some(Payload::Misc(m)) => match &**m {
            MiscPayload::GenericAlias { origin, args } => Ok((origin, args)),
            _ => Err(type_error("expected GenericAlias")),
        },
        _ => Err(type_error("expected GenericAlias")),
    }
}

fn type_repr_short(v: &Value) -> PyResult<String> {
    if crate::types::misc::is_ellipsis(v) {
        return Ok("...".into());
    }
    if let Value::Obj(o) = v {
        if let Payload::Type(td) = o.payload() {
            let m = crate::ops::attr::getattr(v, "__module__").ok();
            return Ok(match m.as_ref().and_then(crate::types::str::as_str) {
                Some("builtins") | None => td.qualname().to_string(),
                Some(m) => format!("{}.{}", m, td.qualname()),
            });
        }
    }
    crate::ops::repr(v)
}

pub fn is_ellipsis(v: &Value) -> bool {
    match v {
        Value::Obj(o) => o.is(&SINGLETONS.get().as_ref().unwrap().1),
        _ => false,
    }
}

fn init_generic_alias(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, _| {
        check_args("GenericAlias", &a[1..], 2, 2)?;
        Ok(new_generic_alias(a[1].clone(), a[2].clone()))
    });
    add_method(t, "__repr__", |a, _| {
        let (o, args) = ga(&a[0])?;
        let items = crate::types::tuple::as_tuple(args).unwrap_or(&[]).to_vec();
        let mut parts = Vec::new();
        for it in &items {
            parts.push(type_repr_short(it)?);
        }
        let inner = if items.is_empty() {
            "()".to_string()
        } else {
            parts.join(", ")
        };
        Ok(format!("{}[{}]", type_repr_short(o)?, inner).into())
    });
    add_method(t, "__call__", |a, kw| {
        let (o, _) = ga(&a[0])?;
        let r = crate::ops::call::call(o, &a[1..], kw)?;
        let _ = crate::ops::attr::setattr(&r, "__orig_class__", a[0].clone());
        Ok(r)
    });
    add_method(t, "__getattribute__", |a, _| {
        let n = crate::types::str::as_str(&a[1]).unwrap_or("");
        let (o, args) = ga(&a[0])?;
        match n {
            "__origin__" => return Ok(o.clone()),
            "__args__" => return Ok(args.clone()),
            "__parameters__" => return Ok(crate::types::tuple::new_tuple(vec![])),
            "__class__" => return Ok(Value::Obj(a[0].class())),
            _ => {}
        }
        if n.starts_with("__")
            && n.ends_with("__")
            && !matches!(n, "__name__" | "__qualname__" | "__module__" | "__doc__")
        {
            if let Some(v) = crate::ops::attr::generic_getattr_opt(&a[0], &a[1])? {
                return Ok(v);
            }
        }
        crate::ops::attr::getattr_value(o, &a[1])
    });
    add_method(t, "__eq__", |a, _| {
        let (Ok((o1, a1)), Ok((o2, a2))) = (ga(&a[0]), ga(&a[1])) else {
            return Ok(not_implemented());
        };
        Ok(Value::Bool(
            crate::ops::eq(o1, o2)? && crate::ops::eq(a1, a2)?,
        ))
    });
    add_method(t, "__hash__", |a, _| {
        let (o, args) = ga(&a[0])?;
        Ok(Value::Int(crate::ops::hash(o)? ^ crate::ops::hash(args)?))
    });
    add_method(t, "__or__", |a, _| union_or(&a[0], &a[1]));
    add_method(t, "__ror__", |a, _| union_or(&a[1], &a[0]));
    add_method(t, "__mro_entries__", |a, _| {
        let (o, _) = ga(&a[0])?;
        Ok(crate::types::tuple::new_tuple(vec![o.clone()]))
    });
    add_method(t, "__instancecheck__", |_a, _| {
        Err(type_error(
            "isinstance() argument 2 cannot be a parameterized generic",
        ))
    });
    add_method(t, "__subclasscheck__", |_a, _| {
        Err(type_error(
            "issubclass() argument 2 cannot be a parameterized generic",
        ))
    });
}

fn union_member_ok(v: &Value) -> bool {
    v.is_none()
        || crate::types::typeobj::is_type(v)
        || matches!(v.payload(), Some(Payload::Misc(m)) if matches!(&**m, MiscPayload::GenericAlias { .. } | MiscPayload::Union(_)))
}

/// `X | Y` for types.
pub fn union_or(a: &Value, b: &Value) -> PyResult<Value> {
    if !union_member_ok(a) || !union_member_ok(b) {
        return Ok(not_implemented());
    }
    let mut items: Vec<Value> = Vec::new();
    for v in [a, b] {
        let parts = match union_args(v) {
            Some(t) => crate::types::tuple::as_tuple(&t).unwrap().to_vec(),
            None => vec![if v.is_none() {
                Value::Obj(types().none_type.clone())
            } else {
                v.clone()
            }],
        };
        for p in parts {
            let mut dup = false;
            for it in &items {
                if it.is(&p) {
                    dup = true;
                }
            }
            if !dup {
                items.push(p);
            }
        }
    }
    if items.len() == 1 {
        return Ok(items.pop().unwrap());
    }
    Ok(Value::Obj(ObjRef::new(
        &types().union_type,
        Payload::Misc(Box::new(MiscPayload::Union(
            crate::types::tuple::new_tuple(items),
        ))),
    )))
}

pub fn union_args(v: &Value) -> Option<Value> {
    match v.payload() {
        Some(Payload::Misc(m)) => match &**m {
            MiscPayload::Union(a) => Some(a.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn init_union(t: &ObjRef) {
    add_method(t, "__repr__", |a, _| {
        let args = union_args(&a[0]).unwrap();
        let mut parts = Vec::new();
        for it in crate::types::tuple::as_tuple(&args).unwrap().to_vec() {
            if it.is(&Value::Obj(types().none_type.clone())) {
                parts.push("None".to_string());
            } else {
                parts.push(type_repr_short(&it)?);
            }
        }
        Ok(parts.join(" | ").into())
    });
    add_getset(
        t,
        "__args__",
        |v| Ok(union_args(v).unwrap_or(Value::None)),
        None,
    );
    add_method(t, "__or__", |a, _| union_or(&a[0], &a[1]));
    add_method(t, "__ror__", |a, _| union_or(&a[1], &a[0]));
    add_method(t, "__eq__", |a, _| {
        match (union_args(&a[0]), union_args(&a[1])) {
            (Some(x), Some(y)) => {
                let sx = crate::types::set::new_set_from(crate::ops::iterate(&x)?)?;
                let sy = crate::types::set::new_set_from(crate::ops::iterate(&y)?)?;
                Ok(Value::Bool(crate::ops::eq(&sx, &sy)?))
            }
            _ => Ok(not_implemented()),
        }
    });
    add_method(t, "__hash__", |a, _| {
        let x = union_args(&a[0]).unwrap();
        let s = crate::types::set::new_frozenset_from(crate::ops::iterate(&x)?);
        Ok(Value::Int(crate::ops::hash(&s)?))
    });
    add_method(t, "__instancecheck__", |a, _| {
        Ok(Value::Bool(crate::ops::isinstance(
            &a[1],
            &union_args(&a[0]).unwrap(),
        )?))
    });
    add_method(t, "__subclasscheck__", |a, _| {
        Ok(Value::Bool(crate::ops::issubclass(
            &a[1],
            &union_args(&a[0]).unwrap(),
        )?))
    });
}

// ---------------------------------------------------------------------------
// with-statement and match-statement helpers

/// `with mgr`: returns (bound __exit__, result of __enter__()).
pub fn enter_context(mgr: &Value) -> PyResult<(Value, Value)> {
    let enter = crate::ops::attr::lookup_special(mgr, "__enter__");
    let exit = crate::ops::attr::lookup_special(mgr, "__exit__");
    let (Some(enter), Some(exit)) = (enter.clone(), exit) else {
        // 3.11 names the missing half when only __exit__ is absent
        let suffix = if enter.is_some() {
            " (missed __exit__ method)"
        } else {
            ""
        };
        return Err(type_error(format!(
            "'{}' object does not support the context manager protocol{}",
            mgr.type_name(),
            suffix
        )));
    };
    let exit_bound = crate::ops::attr::bind(&exit, mgr)?;
    let r = crate::ops::call_unbound(&enter, mgr, &[])?;
    Ok((exit_bound, r))
}

pub fn enter_async_context(mgr: &Value) -> PyResult<(Value, Value)> {
    let enter = crate::ops::attr::lookup_special(mgr, "__aenter__");
    let exit = crate::ops::attr::lookup_special(mgr, "__aexit__");
    let (Some(enter), Some(exit)) = (enter.clone(), exit) else {
        let suffix = if enter.is_some() {
            " (missed __aexit__ method)"
        } else {
            ""
        };
        return Err(type_error(format!(
            "'{}' object does not support the asynchronous context manager protocol{}",
            mgr.type_name(),
            suffix
        )));
    };
    let exit_bound = crate::ops::attr::bind(&exit, mgr)?;
    let r = crate::ops::call_unbound(&enter, mgr, &[])?;
    let aw = crate::types::generator::get_awaitable(&r, 1)?;
    Ok((exit_bound, aw))
}

pub fn is_mapping_for_match(v: &Value) -> bool {
    tdata(v.class_ref()).has(tflags::MAPPING)
}

pub fn is_sequence_for_match(v: &Value) -> bool {
    tdata(v.class_ref()).has(tflags::SEQUENCE)
}

pub fn match_keys(subj: &Value, keys: &Value) -> PyResult<Value> {
    let keys = crate::types::tuple::as_tuple(keys).unwrap_or(&[]).to_vec();
    let mut vals = Vec::new();
    let get = crate::ops::attr::getattr(subj, "get")?;
    let dummy = Value::Obj(ObjRef::new(
        &types().object,
        Payload::Instance(Slots::empty()),
    ));
    for (i, k) in keys.iter().enumerate() {
        for prev in &keys[..i] {
            if crate::ops::eq(prev, k)? {
                return Err(value_error(format!(
                    "mapping pattern checks duplicate key ({})",
                    crate::ops::repr(k)?
                )));
            }
        }
        let v = crate::ops::call::call(&get, &[k.clone(), dummy.clone()], None)?;
        if v.is(&dummy) {
            return Ok(Value::None);
        }
        vals.push(v);
    }
    Ok(crate::types::tuple::new_tuple(vals))
}

pub fn match_class(subj: &Value, cls: &Value, npos: usize, names: &Value) -> PyResult<Value> {
    if !crate::types::typeobj::is_type(cls) {
        return Err(type_error("called match pattern must be a class"));
    }
    if !crate::ops::isinstance(subj, cls)? {
        return Ok(Value::None);
    }
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    if npos > 0 {
        let ma = crate::ops::attr::getattr_opt(cls, "__match_args__")?;
        let cname = crate::types::typeobj::type_name(cls.as_obj().unwrap());
        match ma {
            None => {
                // self-matching builtins take the subject itself for one positional
                let t = cls.as_obj().unwrap();
                let bk = tdata(t).base_kind;
                let selfmatch = matches!(
                    bk,
                    BaseKind::Int
                        | BaseKind::Bool
                        | BaseKind::Float
                        | BaseKind::Str
                        | BaseKind::Bytes
                        | BaseKind::ByteArray
                        | BaseKind::Tuple
                        | BaseKind::List
                        | BaseKind::Dict
                        | BaseKind::Set
                        | BaseKind::FrozenSet
                        | BaseKind::Complex
                ) && !tdata(t).has(tflags::HEAPTYPE);
                if selfmatch {
                    if npos > 1 {
                        return Err(type_error(format!(
                            "{}() accepts 1 positional sub-pattern ({} given)",
                            cname, npos
                        )));
                    }
                    out.push(subj.clone());
                } else {
                    return Err(type_error(format!(
                        "{}() accepts 0 positional sub-patterns ({} given)",
                        cname, npos
                    )));
                }
            }
            Some(ma) => {
                let items = crate::types::tuple::as_tuple(&ma)
                    .ok_or_else(|| {
                        type_error(format!(
                            "{}.__match_args__ must be a tuple (got {})",
                            cname,
                            ma.type_name()
                        ))
                    })?
                    .to_vec();
                if npos > items.len() {
                    return Err(type_error(format!(
                        "{}() accepts {} positional sub-pattern{} ({} given)",
                        cname,
                        items.len(),
                        if items.len() == 1 { "" } else { "s" },
                        npos
                    )));
                }
                for it in &items[..npos] {
                    let n = crate::types::str::as_str(it).ok_or_else(|| {
                        type_error(format!(
                            "__match_args__ elements must be strings (got {})",
                            it.type_name()
                        ))
                    })?;
                    seen.push(n.to_string());
                    match crate::ops::attr::getattr_opt(subj, n)? {
                        Some(v) => out.push(v),
                        None => return Ok(Value::None),
                    }
                }
            }
        }
    }
    for n in crate::types::tuple::as_tuple(names).unwrap_or(&[]).to_vec() {
        let s = crate::types::str::as_str(&n).unwrap_or("").to_string();
        if seen.contains(&s) {
            return Err(type_error(format!(
                "{}() got multiple sub-patterns for attribute '{}'",
                crate::types::typeobj::type_name(cls.as_obj().unwrap()),
                s
            )));
        }
        seen.push(s.clone());
        match crate::ops::attr::getattr_opt(subj, &s)? {
            Some(v) => out.push(v),
            None => return Ok(Value::None),
        }
    }
    Ok(crate::types::tuple::new_tuple(out))
}

/// `format(v, spec)` with a non-empty spec for builtin numbers and str.
pub fn format_with_spec(v: &Value, spec: &str) -> PyResult<Value> {
    crate::format::format_value_spec(v, spec).map(Value::from)
}

/// Round `x` to `n` decimal digits, correctly (round-half-even on the exact value).
pub fn round_decimal(x: f64, n: i32) -> f64 {
    crate::format::round_float(x, n)
}
