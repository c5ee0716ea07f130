//! Descriptors: getset (native attributes), members (`__slots__`), `property`,
//! `classmethod`, `staticmethod`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::typeobj::{add_getset, add_method, add_staticmethod, tdata};
use crate::types::{types, Payload};
use crate::value::Value;
use std::cell::UnsafeCell;

pub type Getter = fn(&Value) -> PyResult<Value>;
pub type Setter = fn(&Value, Option<Value>) -> PyResult<()>;

pub enum Descr {
    GetSet {
        name: &'static str,
        objclass: ObjRef,
        get: Getter,
        set: Option<Setter>,
    },
    Member {
        name: String,
        objclass: ObjRef,
        index: usize,
    },
    /// An attribute served by foreign code (a C type's `PyMemberDef`/`PyGetSetDef`):
    /// `get(&[inst])`; `set(&[inst, value, True])` sets and `set(&[inst, None, False])`
    /// deletes (so one native function can serve all three).
    Native(Box<NativeDescr>),
    Property(UnsafeCell<PropertyData>),
    ClassMethod(Value),
    StaticMethod(Value),
}

pub struct NativeDescr {
    pub name: String,
    pub objclass: ObjRef,
    pub doc: Option<String>,
    /// `member_descriptor` (a struct member) rather than `getset_descriptor`.
    pub member: bool,
    pub get: Option<crate::types::function::NativeFn>,
    pub set: Option<crate::types::function::NativeFn>,
}

/// A descriptor whose get/set are native functions (see [`Descr::Native`]).
pub fn new_native_descr(d: NativeDescr) -> Value {
    let cls = if d.member {
        &types().member_descriptor
    } else {
        &types().getset_descriptor
    };
    Value::Obj(ObjRef::new(
        cls,
        Payload::Descr(Box::new(Descr::Native(Box::new(d)))),
    ))
}

pub struct PropertyData {
    pub fget: Value,
    pub fset: Value,
    pub fdel: Value,
    pub doc: Value,
    pub name: Value,
}

pub fn new_getset(
    name: &'static str,
    objclass: &ObjRef,
    get: Getter,
    set: Option<Setter>,
) -> Value {
    Value::Obj(ObjRef::new(
        &types().getset_descriptor,
        Payload::Descr(Box::new(Descr::GetSet {
            name,
            objclass: objclass.clone(),
            get,
            set,
        })),
    ))
}

pub fn new_member(name: &str, objclass: &ObjRef, index: usize) -> Value {
    Value::Obj(ObjRef::new(
        &types().member_descriptor,
        Payload::Descr(Box::new(Descr::Member {
            name: name.to_string(),
            objclass: objclass.clone(),
            index,
        })),
    ))
}

pub fn new_staticmethod(f: Value) -> Value {
    Value::Obj(ObjRef::new(
        &types().staticmethod,
        Payload::Descr(Box::new(Descr::StaticMethod(f))),
    ))
}

pub fn new_classmethod(f: Value) -> Value {
    Value::Obj(ObjRef::new(
        &types().classmethod,
        Payload::Descr(Box::new(Descr::ClassMethod(f))),
    ))
}

pub fn as_descr(v: &Value) -> Option<&Descr> {
    match v.payload() {
        Some(Payload::Descr(d)) => Some(d),
        _ => None,
    }
}

fn descr_of(v: &Value) -> PyResult<&Descr> {
    as_descr(v).ok_or_else(|| type_error("expected a descriptor"))
}

fn check_objclass(name: &str, objclass: &ObjRef, inst: &Value) -> PyResult<()> {
    if !crate::types::typeobj::isinstance(inst, objclass) {
        return Err(type_error(format!(
            "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
            name,
            tdata(objclass).name(),
            inst.type_name()
        )));
    }
    Ok(())
}

/// A native descriptor read on the `None` object (not on its class).
pub fn descr_get_on_none(d: &Descr, this: &Value, owner: Value) -> PyResult<Value> {
    let inst = Value::None;
    match d {
        Descr::GetSet {
            name,
            objclass,
            get,
            ..
        } => {
            check_objclass(name, objclass, &inst)?;
            get(&inst)
        }
        Descr::Property(p) => {
            let p = unsafe { &*p.get() };
            if p.fget.is_none() {
                return Err(attribute_error(
                    "property of 'NoneType' object has no getter",
                ));
            }
            let f = p.fget.clone();
            crate::ops::call::call(&f, &[inst], None)
        }
        _ => descr_get(d, this, inst, owner),
    }
}

/// `descr.__get__(inst, owner)` for the native descriptor kinds.
pub fn descr_get(d: &Descr, this: &Value, inst: Value, owner: Value) -> PyResult<Value> {
    match d {
        Descr::GetSet {
            name,
            objclass,
            get,
            ..
        } => {
            if inst.is_none() {
                return Ok(this.clone());
            }
            check_objclass(name, objclass, &inst)?;
            get(&inst)
        }
        Descr::Native(n) => {
            if inst.is_none() {
                return Ok(this.clone());
            }
            check_objclass(&n.name, &n.objclass, &inst)?;
            match n.get {
                Some(g) => g(&[inst], None),
                None => Err(attribute_error(format!(
                    "attribute '{}' of '{}' objects is not readable",
                    n.name,
                    tdata(&n.objclass).name()
                ))),
            }
        }
        Descr::Member {
            name,
            objclass,
            index,
        } => {
            if inst.is_none() {
                return Ok(this.clone());
            }
            check_objclass(name, objclass, &inst)?;
            match crate::modules::ndata::slots_of(&inst) {
                Some(slots) => slots.get(*index).ok_or_else(|| {
                    let e = attribute_error(format!(
                        "'{}' object has no attribute '{}'",
                        inst.type_name(),
                        name
                    ));
                    crate::types::exceptions::set_attribute_error_context(
                        &e,
                        &inst,
                        &crate::types::str::intern(name),
                    );
                    e
                }),
                _ => Err(attribute_error(name.clone())),
            }
        }
        Descr::Property(p) => {
            if inst.is_none() {
                return Ok(this.clone());
            }
            let p = unsafe { &*p.get() };
            if p.fget.is_none() {
                let msg = match crate::types::str::as_str(&p.name) {
                    Some(n) => format!(
                        "property '{}' of '{}' object has no getter",
                        n,
                        inst.type_name()
                    ),
                    None => format!("property of '{}' object has no getter", inst.type_name()),
                };
                return Err(attribute_error(msg));
            }
            let f = p.fget.clone();
            crate::ops::call::call(&f, &[inst], None)
        }
        Descr::ClassMethod(f) => {
            let owner = if owner.is_none() {
                inst.class().into()
            } else {
                owner
            };
            // classmethod wrapping a descriptor (3.9+ chaining)
            if let Some(get) = crate::ops::attr::lookup_special(f, "__get__") {
                if !matches!(
                    f.payload(),
                    Some(Payload::Function(_)) | Some(Payload::Builtin(_))
                ) {
                    return crate::ops::call::call(&get, &[f.clone(), owner.clone(), owner], None);
                }
            }
            Ok(crate::types::function::new_bound_method(f.clone(), owner))
        }
        Descr::StaticMethod(f) => Ok(f.clone()),
    }
}

/// `descr.__set__`/`__delete__`; `Ok(false)` when this kind is not a data descriptor.
pub fn descr_set(d: &Descr, inst: &Value, value: Option<Value>) -> PyResult<bool> {
    match d {
        Descr::GetSet {
            name,
            objclass,
            set,
            ..
        } => {
            check_objclass(name, objclass, inst)?;
            match set {
                Some(s) => s(inst, value)?,
                None => {
                    return Err(attribute_error(format!(
                        "attribute '{}' of '{}' objects is not writable",
                        name,
                        tdata(objclass).name()
                    )))
                }
            }
            Ok(true)
        }
        Descr::Native(n) => {
            check_objclass(&n.name, &n.objclass, inst)?;
            match n.set {
                Some(f) => {
                    match value {
                        Some(v) => f(&[inst.clone(), v, Value::Bool(true)], None)?,
                        None => f(&[inst.clone(), Value::None, Value::Bool(false)], None)?,
                    };
                }
                None => {
                    return Err(attribute_error(if n.member {
                        "readonly attribute".to_string()
                    } else {
                        format!(
                            "attribute '{}' of '{}' objects is not writable",
                            n.name,
                            tdata(&n.objclass).name()
                        )
                    }))
                }
            }
            Ok(true)
        }
        Descr::Member {
            name,
            objclass,
            index,
        } => {
            check_objclass(name, objclass, inst)?;
            match crate::modules::ndata::slots_of(inst) {
                Some(slots) => {
                    if value.is_none() && slots.get(*index).is_none() {
                        return Err(attribute_error(format!(
                            "'{}' object has no attribute '{}'",
                            inst.type_name(),
                            name
                        )));
                    }
                    slots.set(*index, value);
                    Ok(true)
                }
                _ => Err(attribute_error(name.clone())),
            }
        }
        Descr::Property(p) => {
            let p = unsafe { &*p.get() };
            let pname = crate::types::str::as_str(&p.name).map(|s| s.to_string());
            match value {
                Some(v) => {
                    if p.fset.is_none() {
                        return Err(attribute_error(match pname {
                            Some(n) => format!(
                                "property '{}' of '{}' object has no setter",
                                n,
                                inst.type_name()
                            ),
                            None => {
                                format!("property of '{}' object has no setter", inst.type_name())
                            }
                        }));
                    }
                    let f = p.fset.clone();
                    crate::ops::call::call(&f, &[inst.clone(), v], None)?;
                }
                None => {
                    if p.fdel.is_none() {
                        return Err(attribute_error(match pname {
                            Some(n) => format!(
                                "property '{}' of '{}' object has no deleter",
                                n,
                                inst.type_name()
                            ),
                            None => {
                                format!("property of '{}' object has no deleter", inst.type_name())
                            }
                        }));
                    }
                    let f = p.fdel.clone();
                    crate::ops::call::call(&f, &[inst.clone()], None)?;
                }
            }
            Ok(true)
        }
        _ => Ok(false),
    }
}

pub fn is_data_descr(d: &Descr) -> bool {
    matches!(
        d,
        Descr::GetSet { .. } | Descr::Member { .. } | Descr::Property(_) | Descr::Native(_)
    )
}

// ---------------------------------------------------------------------------

pub fn init_getset(t: &ObjRef) {
    add_method(t, "__get__", |a, _| {
        let d = descr_of(&a[0])?;
        descr_get(
            d,
            &a[0],
            a.get(1).cloned().unwrap_or(Value::None),
            a.get(2).cloned().unwrap_or(Value::None),
        )
    });
    add_method(t, "__set__", |a, _| {
        check_args("__set__", a, 3, 3)?;
        descr_set(descr_of(&a[0])?, &a[1], Some(a[2].clone()))?;
        Ok(Value::None)
    });
    add_method(t, "__delete__", |a, _| {
        check_args("__delete__", a, 2, 2)?;
        descr_set(descr_of(&a[0])?, &a[1], None)?;
        Ok(Value::None)
    });
    add_getset(
        t,
        "__name__",
        |v| match descr_of(v)? {
            Descr::GetSet { name, .. } => Ok((*name).into()),
            Descr::Member { name, .. } => Ok(name.as_str().into()),
            Descr::Native(n) => Ok(n.name.as_str().into()),
            _ => Ok(Value::None),
        },
        None,
    );
    add_getset(
        t,
        "__objclass__",
        |v| match descr_of(v)? {
            Descr::GetSet { objclass, .. } | Descr::Member { objclass, .. } => {
                Ok(Value::Obj(objclass.clone()))
            }
            Descr::Native(n) => Ok(Value::Obj(n.objclass.clone())),
            _ => Ok(Value::None),
        },
        None,
    );
    add_getset(
        t,
        "__doc__",
        |v| match descr_of(v)? {
            Descr::Native(n) => Ok(n.doc.as_deref().map(Value::from).unwrap_or(Value::None)),
            _ => Ok(Value::None),
        },
        None,
    );
    add_method(t, "__repr__", |a, _| match descr_of(&a[0])? {
        Descr::GetSet { name, objclass, .. } => Ok(format!(
            "<attribute '{}' of '{}' objects>",
            name,
            tdata(objclass).name()
        )
        .into()),
        Descr::Member { name, objclass, .. } => Ok(format!(
            "<member '{}' of '{}' objects>",
            name,
            tdata(objclass).name()
        )
        .into()),
        Descr::Native(n) if n.member => Ok(format!(
            "<member '{}' of '{}' objects>",
            n.name,
            tdata(&n.objclass).name()
        )
        .into()),
        Descr::Native(n) => Ok(format!(
            "<attribute '{}' of '{}' objects>",
            n.name,
            tdata(&n.objclass).name()
        )
        .into()),
        _ => Ok("<descriptor>".into()),
    });
}

fn prop(v: &Value) -> PyResult<&mut PropertyData> {
    match descr_of(v)? {
        Descr::Property(p) => Ok(unsafe { &mut *p.get() }),
        _ => Err(type_error("expected a property")),
    }
}

pub fn init_property(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, _| {
        let cls = crate::types::misc::check_new_cls(a, "property")?;
        Ok(crate::types::misc::new_instance(
            &cls,
            Payload::Descr(Box::new(Descr::Property(UnsafeCell::new(PropertyData {
                fget: Value::None,
                fset: Value::None,
                fdel: Value::None,
                doc: Value::None,
                name: Value::None,
            })))),
        ))
    });
    add_method(t, "__init__", |a, kw| {
        let args =
            crate::args::parse("property", &a[1..], kw, &["fget", "fset", "fdel", "doc"], 0)?;
        let p = prop(&a[0])?;
        p.fget = args[0].clone().unwrap_or(Value::None);
        p.fset = args[1].clone().unwrap_or(Value::None);
        p.fdel = args[2].clone().unwrap_or(Value::None);
        let mut doc = args[3].clone().unwrap_or(Value::None);
        if doc.is_none() && !p.fget.is_none() {
            doc = crate::ops::attr::getattr(&p.fget, "__doc__").unwrap_or(Value::None);
            // subclasses store the doc in the instance dict
            if !a[0].class_ref().is(&types().property) && !doc.is_none() {
                crate::ops::attr::setattr(&a[0], "__doc__", doc.clone())?;
            }
        }
        p.doc = doc;
        Ok(Value::None)
    });
    add_method(t, "__get__", |a, _| {
        let d = descr_of(&a[0])?;
        descr_get(
            d,
            &a[0],
            a.get(1).cloned().unwrap_or(Value::None),
            a.get(2).cloned().unwrap_or(Value::None),
        )
    });
    add_method(t, "__set__", |a, _| {
        descr_set(descr_of(&a[0])?, &a[1], Some(a[2].clone()))?;
        Ok(Value::None)
    });
    add_method(t, "__delete__", |a, _| {
        descr_set(descr_of(&a[0])?, &a[1], None)?;
        Ok(Value::None)
    });
    add_method(t, "__set_name__", |a, _| {
        prop(&a[0])?.name = a[2].clone();
        Ok(Value::None)
    });
    fn copy_with(a: &[Value], which: usize) -> PyResult<Value> {
        let p = prop(&a[0])?;
        let mut parts = [p.fget.clone(), p.fset.clone(), p.fdel.clone()];
        parts[which] = a[1].clone();
        let doc = if which == 0 {
            Value::None
        } else {
            p.doc.clone()
        };
        let cls = a[0].class();
        let new = crate::ops::call::call(
            &Value::Obj(cls),
            &[parts[0].clone(), parts[1].clone(), parts[2].clone(), doc],
            None,
        )?;
        if let Ok(np) = prop(&new) {
            np.name = p.name.clone();
        }
        Ok(new)
    }
    add_method(t, "getter", |a, _| copy_with(a, 0));
    add_method(t, "setter", |a, _| copy_with(a, 1));
    add_method(t, "deleter", |a, _| copy_with(a, 2));
    add_getset(t, "fget", |v| Ok(prop(v)?.fget.clone()), None);
    add_getset(t, "fset", |v| Ok(prop(v)?.fset.clone()), None);
    add_getset(t, "fdel", |v| Ok(prop(v)?.fdel.clone()), None);
    add_getset(
        t,
        "__doc__",
        |v| Ok(prop(v)?.doc.clone()),
        Some(|v, n| {
            prop(v)?.doc = n.unwrap_or(Value::None);
            Ok(())
        }),
    );
    add_getset(
        t,
        "__isabstractmethod__",
        |v| {
            let p = prop(v)?;
            for f in [&p.fget, &p.fset, &p.fdel] {
                if let Ok(x) = crate::ops::attr::getattr(f, "__isabstractmethod__") {
                    if crate::ops::truthy(&x)? {
                        return Ok(Value::Bool(true));
                    }
                }
            }
            Ok(Value::Bool(false))
        },
        None,
    );
}

fn wrapped(v: &Value) -> PyResult<&Value> {
    match descr_of(v)? {
        Descr::ClassMethod(f) | Descr::StaticMethod(f) => Ok(f),
        _ => Err(type_error("expected classmethod or staticmethod")),
    }
}

fn init_wrapper(t: &ObjRef, name: &'static str, is_class: bool) {
    if is_class {
        add_staticmethod(t, "__new__", |a, _| {
            let cls = crate::types::misc::check_new_cls(a, "classmethod")?;
            check_args("classmethod", &a[1..], 1, 1)?;
            Ok(crate::types::misc::new_instance(
                &cls,
                Payload::Descr(Box::new(Descr::ClassMethod(a[1].clone()))),
            ))
        });
    } else {
        add_staticmethod(t, "__new__", |a, _| {
            let cls = crate::types::misc::check_new_cls(a, "staticmethod")?;
            check_args("staticmethod", &a[1..], 1, 1)?;
            Ok(crate::types::misc::new_instance(
                &cls,
                Payload::Descr(Box::new(Descr::StaticMethod(a[1].clone()))),
            ))
        });
    }
    let _ = name;
    add_method(t, "__init__", |a, _| {
        // copy __doc__, __name__ etc. like functools.wraps does (3.10+)
        let f = wrapped(&a[0])?.clone();
        let d = crate::ops::attr::instance_dict(a[0].as_obj().unwrap());
        for n in ["__module__", "__name__", "__qualname__", "__doc__"] {
            if let Ok(v) = crate::ops::attr::getattr(&f, n) {
                crate::types::dict::obj_dict(&d).set_str(n, v);
            }
        }
        Ok(Value::None)
    });
    add_method(t, "__get__", |a, _| {
        let d = descr_of(&a[0])?;
        descr_get(
            d,
            &a[0],
            a.get(1).cloned().unwrap_or(Value::None),
            a.get(2).cloned().unwrap_or(Value::None),
        )
    });
    add_getset(t, "__func__", |v| Ok(wrapped(v)?.clone()), None);
    add_getset(t, "__wrapped__", |v| Ok(wrapped(v)?.clone()), None);
    add_getset(
        t,
        "__isabstractmethod__",
        |v| match crate::ops::attr::getattr(wrapped(v)?, "__isabstractmethod__") {
            Ok(x) => Ok(Value::Bool(crate::ops::truthy(&x)?)),
            Err(_) => Ok(Value::Bool(false)),
        },
        None,
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
    if !is_class {
        add_method(t, "__call__", |a, kw| {
            crate::ops::call::call(wrapped(&a[0])?, &a[1..], kw)
        });
    }
    add_method(t, "__repr__", |a, _| {
        let f = wrapped(&a[0])?;
        Ok(format!("<{} ({})>", a[0].type_name(), crate::ops::repr(f)?).into())
    });
}

pub fn init_classmethod(t: &ObjRef) {
    init_wrapper(t, "classmethod", true);
}

pub fn init_staticmethod(t: &ObjRef) {
    init_wrapper(t, "staticmethod", false);
}
