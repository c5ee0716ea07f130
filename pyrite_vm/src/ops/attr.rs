//! Attribute access: the descriptor protocol, instance dicts, types' own lookup
//! (`type.__getattribute__`), `__getattr__` fallbacks, and method loading without
//! creating bound methods.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::descr::{as_descr, descr_get, descr_set, is_data_descr};
use crate::types::exceptions::exc;
use crate::types::function::{new_bound_builtin, new_bound_method, MethKind, PyMethodDescr};
use crate::types::typeobj::{lookup, tdata, tflags};
use crate::types::{types, Payload};
use crate::value::Value;

/// The instance dict of `o`, created on first use.
pub fn instance_dict(o: &ObjRef) -> ObjRef {
    if let Some(d) = o.dict() {
        return d;
    }
    let d = crate::types::dict::new_dict();
    let d = d.as_obj().unwrap().clone();
    o.set_dict(Some(d.clone()));
    d
}

fn has_instance_dict(v: &Value) -> bool {
    match v {
        Value::Obj(o) => {
            o.dict().is_some()
                || tdata(o.class_ref()).has(tflags::HAS_DICT)
                || matches!(o.payload(), Payload::Function(_) | Payload::Module(_))
        }
        _ => false,
    }
}

/// Does the attribute value define `__get__`?
pub fn has_get(v: &Value) -> bool {
    match v.payload() {
        Some(Payload::Function(_)) | Some(Payload::MethodDescr(_)) | Some(Payload::Descr(_)) => {
            true
        }
        Some(_) => lookup(v.class_ref(), crate::name!("__get__")).is_some(),
        None => false,
    }
}

fn is_data_descriptor(v: &Value) -> bool {
    match v.payload() {
        Some(Payload::Descr(d))
            if v.class_ref().is(&types().property)
                || !tdata(v.class_ref()).has(tflags::HEAPTYPE) =>
        {
            is_data_descr(d)
        }
        Some(Payload::Function(_)) | Some(Payload::MethodDescr(_)) | None => false,
        Some(_) => {
            let c = v.class_ref();
            lookup(c, crate::name!("__set__")).is_some()
                || lookup(c, crate::name!("__delete__")).is_some()
        }
    }
}

/// `descr.__get__(inst, owner)` for an attribute looked up on the instance `inst`:
/// unlike [`call_get`], an `inst` of `None` is the `None` object itself (as in
/// `None.__class__`), not a lookup on the class.
#[inline]
pub fn call_get_instance(descr: &Value, inst: Value, owner: Value) -> PyResult<Value> {
    if inst.is_none() {
        if let Some(Payload::Descr(d)) = descr.payload() {
            if !tdata(descr.class_ref()).has(tflags::HEAPTYPE) {
                return crate::types::descr::descr_get_on_none(d, descr, owner);
            }
        }
    }
    call_get(descr, inst, owner)
}

/// `descr.__get__(inst, owner)`.
pub fn call_get(descr: &Value, inst: Value, owner: Value) -> PyResult<Value> {
    match descr.payload() {
        Some(Payload::Function(_)) => {
            if inst.is_none() {
                Ok(descr.clone())
            } else {
                Ok(new_bound_method(descr.clone(), inst))
            }
        }
        Some(Payload::MethodDescr(m)) => method_descr_get(m, descr, inst, owner),
        Some(Payload::Descr(d)) if !tdata(descr.class_ref()).has(tflags::HEAPTYPE) => {
            descr_get(d, descr, inst, owner)
        }
        _ => match lookup(descr.class_ref(), crate::name!("__get__")) {
            Some(g) => crate::ops::call_unbound(&g, descr, &[inst, owner]),
            None => Ok(descr.clone()),
        },
    }
}

pub fn method_descr_get(
    m: &PyMethodDescr,
    this: &Value,
    inst: Value,
    owner: Value,
) -> PyResult<Value> {
    match m.kind {
        MethKind::Class => {
            let owner = if owner.is_none() {
                Value::Obj(inst.class())
            } else {
                owner
            };
            Ok(new_bound_builtin(m.name, m.f, owner))
        }
        _ => {
            if inst.is_none() {
                return Ok(this.clone());
            }
            if !crate::types::typeobj::isinstance(&inst, &m.objclass) {
                return Err(type_error(format!(
                    "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                    m.name,
                    tdata(&m.objclass).name(),
                    inst.type_name()
                )));
            }
            Ok(new_bound_builtin(m.name, m.f, inst))
        }
    }
}

/// Bind an attribute found on `type(v)` to `v`.
pub fn bind(f: &Value, v: &Value) -> PyResult<Value> {
    if has_get(f) {
        call_get_instance(f, v.clone(), Value::Obj(v.class()))
    } else {
        Ok(f.clone())
    }
}

/// The generic `object.__getattribute__`; `Ok(None)` when not found.
pub fn generic_getattr_opt(obj: &Value, name: &Value) -> PyResult<Option<Value>> {
    let Some(n) = name.as_obj() else {
        return Err(type_error(format!(
            "attribute name must be string, not '{}'",
            name.type_name()
        )));
    };
    let n = if let Payload::Str(s) = n.payload() {
        if s.interned.get() {
            n.clone()
        } else {
            crate::types::str::intern(s.as_str())
        }
    } else {
        return Err(type_error(format!(
            "attribute name must be string, not '{}'",
            name.type_name()
        )));
    };
    generic_getattr_name(obj, &n)
}

fn generic_getattr_name(obj: &Value, name: &ObjRef) -> PyResult<Option<Value>> {
    let cls = obj.class_ref();
    let descr = lookup(cls, name);
    if let Some(d) = &descr {
        if is_data_descriptor(d) {
            return call_get_instance(d, obj.clone(), Value::Obj(cls.clone())).map(Some);
        }
    }
    if let Value::Obj(o) = obj {
        if let Some(dict) = o.dict() {
            if let Some(v) = crate::types::dict::obj_dict(&dict).get_str(name) {
                return Ok(Some(v));
            }
        }
    }
    if let Some(d) = descr {
        return Ok(Some(if has_get(&d) {
            call_get_instance(&d, obj.clone(), Value::Obj(cls.clone()))?
        } else {
            d
        }));
    }
    Ok(None)
}

/// `type.__getattribute__(cls, name)`; `Ok(None)` when not found.
fn type_getattr_name(t: &ObjRef, name: &ObjRef) -> PyResult<Option<Value>> {
    let tv = Value::Obj(t.clone());
    let meta = t.class_ref();
    let meta_attr = lookup(meta, name);
    if let Some(ma) = &meta_attr {
        if is_data_descriptor(ma) {
            return call_get(ma, tv, Value::Obj(meta.clone())).map(Some);
        }
    }
    if let Some(a) = lookup(t, name) {
        if has_get(&a) {
            // functions accessed on the class stay plain functions
            return match a.payload() {
                Some(Payload::Function(_)) => Ok(Some(a)),
                _ => call_get(&a, Value::None, tv).map(Some),
            };
        }
        return Ok(Some(a));
    }
    if let Some(ma) = meta_attr {
        if has_get(&ma) {
            return call_get(&ma, tv, Value::Obj(meta.clone())).map(Some);
        }
        return Ok(Some(ma));
    }
    Ok(None)
}

fn no_attr(obj: &Value, name: &ObjRef) -> PyErr {
    let n = crate::types::str::obj_str(name).to_string();
    let msg = match obj {
        Value::Obj(o) => match o.payload() {
            Payload::Module(_) => {
                let mname = o
                    .dict()
                    .and_then(|d| crate::types::dict::obj_dict(&d).get_str_key("__name__"))
                    .and_then(|v| crate::types::str::as_str(&v).map(|s| s.to_string()))
                    .unwrap_or_else(|| "?".into());
                format!("module '{}' has no attribute '{}'", mname, n)
            }
            Payload::Type(d) => format!("type object '{}' has no attribute '{}'", d.name(), n),
            _ => format!("'{}' object has no attribute '{}'", obj.type_name(), n),
        },
        _ => format!("'{}' object has no attribute '{}'", obj.type_name(), n),
    };
    let e = PyErr::new(&exc().attribute_error, msg);
    crate::types::exceptions::set_attribute_error_context(&e, obj, name);
    e
}

/// `getattr(obj, name)` with an interned name.
pub fn getattr_name(obj: &Value, name: &ObjRef) -> PyResult<Value> {
    let cls = obj.class_ref();
    let flags = tdata(cls).flags.get();
    // (the flags may be stale after `del cls.__getattr__`: the lookups decide)
    if flags & tflags::CUSTOM_GETATTRIBUTE != 0 {
        if let Some(ga) = lookup(cls, crate::name!("__getattribute__")) {
            let r = crate::ops::call_unbound(&ga, obj, &[Value::Obj(name.clone())]);
            return match r {
                Err(e) if flags & tflags::HAS_GETATTR != 0 && e.matches(&exc().attribute_error) => {
                    match lookup(cls, crate::name!("__getattr__")) {
                        Some(g) => crate::ops::call_unbound(&g, obj, &[Value::Obj(name.clone())]),
                        None => Err(e),
                    }
                }
                r => r,
            };
        }
    }
    let found = match obj {
        Value::Obj(o) if matches!(o.payload(), Payload::Type(_)) => type_getattr_name(o, name),
        _ => generic_getattr_name(obj, name),
    };
    let found = match found {
        Ok(f) => f,
        Err(e) if flags & tflags::HAS_GETATTR != 0 && e.matches(&exc().attribute_error) => None,
        Err(e) => return Err(e),
    };
    if let Some(v) = found {
        return Ok(v);
    }
    if flags & tflags::HAS_GETATTR != 0 {
        if let Some(g) = lookup(cls, crate::name!("__getattr__")) {
            return crate::ops::call_unbound(&g, obj, &[Value::Obj(name.clone())]);
        }
    }
    // module-level __getattr__ (PEP 562)
    if let Value::Obj(o) = obj {
        if let Payload::Module(_) = o.payload() {
            if let Some(d) = o.dict() {
                if let Some(g) =
                    crate::types::dict::obj_dict(&d).get_str(crate::name!("__getattr__"))
                {
                    return crate::ops::call::call(&g, &[Value::Obj(name.clone())], None);
                }
            }
        }
    }
    Err(no_attr(obj, name))
}

pub fn getattr_value(obj: &Value, name: &Value) -> PyResult<Value> {
    match crate::types::str::as_pystr(name) {
        Some(s) => {
            let n = if s.interned.get() {
                name.as_obj().unwrap().clone()
            } else {
                crate::types::str::intern(s.as_str())
            };
            getattr_name(obj, &n)
        }
        None => Err(type_error(format!(
            "attribute name must be string, not '{}'",
            name.type_name()
        ))),
    }
}

pub fn getattr(obj: &Value, name: &str) -> PyResult<Value> {
    getattr_name(obj, &crate::types::str::intern(name))
}

/// `getattr(obj, name, None)`-like: `Ok(None)` on AttributeError.
pub fn getattr_opt(obj: &Value, name: &str) -> PyResult<Option<Value>> {
    match getattr(obj, name) {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.matches(&exc().attribute_error) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Look up a special method on the type of `v` (not the instance), unbound.
pub fn lookup_special(v: &Value, name: &str) -> Option<Value> {
    lookup(v.class_ref(), &crate::types::str::intern(name))
}

/// `v.name(*args)`.
pub fn call_method(v: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
    let n = crate::types::str::intern(name);
    match load_method(v, &n)? {
        (Some(m), _) => {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(v.clone());
            full.extend_from_slice(args);
            crate::ops::call::call(&m, &full, None)
        }
        (None, attr) => crate::ops::call::call(&attr, args, None),
    }
}

/// Method lookup for `LoadMethod`: `(Some(unbound), _)` when `obj.name` would be a bound
/// method of a plain function or builtin method, else `(None, attribute)`.
pub fn load_method(obj: &Value, name: &ObjRef) -> PyResult<(Option<Value>, Value)> {
    let cls = obj.class_ref();
    let td = tdata(cls);
    if td.flags.get() & tflags::CUSTOM_GETATTRIBUTE == 0 {
        let is_type_or_module = matches!(
            obj.payload(),
            Some(Payload::Type(_)) | Some(Payload::Module(_))
        );
        if !is_type_or_module {
            if let Some(d) = lookup(cls, name) {
                let is_method = match d.payload() {
                    Some(Payload::Function(_)) => true,
                    Some(Payload::MethodDescr(m)) => m.kind == MethKind::Method,
                    _ => false,
                };
                if is_method {
                    let shadowed = match obj {
                        Value::Obj(o) => match o.dict() {
                            Some(dict) => {
                                crate::types::dict::obj_dict(&dict).get_str(name).is_some()
                            }
                            None => false,
                        },
                        _ => false,
                    };
                    if !shadowed {
                        return Ok((Some(d), Value::None));
                    }
                }
            }
        }
    }
    Ok((None, getattr_name(obj, name)?))
}

/// `setattr(obj, name, value)` / `delattr` (value None) with an interned name.
pub fn setattr_name(obj: &Value, name: &ObjRef, value: Option<Value>) -> PyResult<()> {
    let cls = obj.class_ref();
    if tdata(cls).has(tflags::CUSTOM_SETATTR) {
        let (hook, args) = match &value {
            Some(v) => ("__setattr__", vec![Value::Obj(name.clone()), v.clone()]),
            None => ("__delattr__", vec![Value::Obj(name.clone())]),
        };
        if let Some(f) = lookup(cls, &crate::types::str::intern(hook)) {
            crate::ops::call_unbound(&f, obj, &args)?;
            return Ok(());
        }
    }
    generic_setattr(obj, name, value)
}

/// `object.__setattr__` / `type.__setattr__`.
pub fn generic_setattr(obj: &Value, name: &ObjRef, value: Option<Value>) -> PyResult<()> {
    if let Value::Obj(o) = obj {
        if let Payload::Type(td) = o.payload() {
            if !td.has(tflags::HEAPTYPE) {
                let n = crate::types::str::obj_str(name);
                return Err(type_error(format!(
                    "cannot set '{}' attribute of immutable type '{}'",
                    n,
                    td.name()
                )));
            }
            // data descriptors on the metaclass (e.g. __name__, __doc__)
            if let Some(d) = lookup(o.class_ref(), name) {
                if let Some(de) = as_descr(&d) {
                    if is_data_descr(de) {
                        descr_set(de, obj, value)?;
                        crate::types::typeobj::modified(o);
                        return Ok(());
                    }
                }
            }
            match value {
                Some(v) => td.dict().set_item(Value::Obj(name.clone()), v)?,
                None => {
                    if td.dict().del_item(&Value::Obj(name.clone()))?.is_none() {
                        return Err(attribute_error(format!(
                            "type object '{}' has no attribute '{}'",
                            td.name(),
                            crate::types::str::obj_str(name)
                        )));
                    }
                }
            }
            crate::types::typeobj::modified(o);
            return Ok(());
        }
    }
    let cls = obj.class_ref();
    if let Some(d) = lookup(cls, name) {
        if let Some(de) = as_descr(&d) {
            if is_data_descr(de)
                && (d.class_ref().is(&types().property)
                    || !tdata(d.class_ref()).has(tflags::HEAPTYPE)
                    || true)
            {
                if descr_set(de, obj, value.clone())? {
                    return Ok(());
                }
            }
        } else if !matches!(
            d.payload(),
            Some(Payload::Function(_)) | Some(Payload::MethodDescr(_)) | None
        ) {
            let dc = d.class_ref();
            let hook = if value.is_some() {
                "__set__"
            } else {
                "__delete__"
            };
            if let Some(f) = lookup(dc, &crate::types::str::intern(hook)) {
                let mut args = vec![obj.clone()];
                if let Some(v) = &value {
                    args.push(v.clone());
                }
                crate::ops::call_unbound(&f, &d, &args)?;
                return Ok(());
            }
            let other = if value.is_some() {
                "__delete__"
            } else {
                "__set__"
            };
            if lookup(dc, &crate::types::str::intern(other)).is_some() {
                return Err(attribute_error(if value.is_some() {
                    "__set__"
                } else {
                    "__delete__"
                }));
            }
        }
    }
    match obj {
        Value::Obj(o) if has_instance_dict(obj) => {
            let d = instance_dict(o);
            let dd = crate::types::dict::obj_dict(&d);
            match value {
                Some(v) => {
                    let h = crate::types::str::str_hash(name);
                    dd.set_item_hashed(Value::Obj(name.clone()), h, v)
                }
                // (deleting a missing attribute: 3.11 sets no name/obj on the error)
                None => match dd.del_item(&Value::Obj(name.clone()))? {
                    Some(_) => Ok(()),
                    None => Err(attribute_error(format!(
                        "'{}' object has no attribute '{}'",
                        obj.type_name(),
                        crate::types::str::obj_str(name)
                    ))),
                },
            }
        }
        _ => {
            let n = crate::types::str::obj_str(name);
            if lookup(cls, name).is_some() {
                Err(attribute_error(format!(
                    "'{}' object attribute '{}' is read-only",
                    obj.type_name(),
                    n
                )))
            } else {
                Err(attribute_error(format!(
                    "'{}' object has no attribute '{}'",
                    obj.type_name(),
                    n
                )))
            }
        }
    }
}

pub fn setattr(obj: &Value, name: &str, v: Value) -> PyResult<()> {
    setattr_name(obj, &crate::types::str::intern(name), Some(v))
}

pub fn setattr_value(obj: &Value, name: &Value, v: Option<Value>) -> PyResult<()> {
    match crate::types::str::as_str(name) {
        Some(s) => setattr_name(obj, &crate::types::str::intern(s), v),
        None => Err(type_error(format!(
            "attribute name must be string, not '{}'",
            name.type_name()
        ))),
    }
}
