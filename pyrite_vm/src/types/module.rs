//! `module` objects. A module's namespace is its instance dict.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;

#[derive(Default)]
pub struct PyModule {
    /// Native state for C extension modules (`PyModule_GetState`), owned by the C side.
    pub state: std::cell::Cell<usize>,
    /// The `PyModuleDef*` of an extension module.
    pub def: std::cell::Cell<usize>,
}

pub fn new_module(name: &str) -> ObjRef {
    let m = ObjRef::new(&types().module, Payload::Module(PyModule::default()));
    let d = crate::ops::attr::instance_dict(&m);
    let dd = crate::types::dict::obj_dict(&d);
    dd.set_str("__name__", Value::from(name));
    dd.set_str("__doc__", Value::None);
    dd.set_str("__package__", Value::None);
    dd.set_str("__loader__", Value::None);
    dd.set_str("__spec__", Value::None);
    m
}

/// The namespace dict of a module.
pub fn module_dict(m: &ObjRef) -> ObjRef {
    crate::ops::attr::instance_dict(m)
}

pub fn set_attr(m: &ObjRef, name: &str, v: Value) {
    crate::types::dict::obj_dict(&module_dict(m)).set_str(name, v);
}

pub fn get_attr(m: &ObjRef, name: &str) -> Option<Value> {
    crate::types::dict::obj_dict(&module_dict(m)).get_str_key(name)
}

pub fn add_function(m: &ObjRef, name: &'static str, f: crate::types::function::NativeFn) {
    let modname: &'static str = match get_attr(m, "__name__")
        .and_then(|n| crate::types::str::as_str(&n).map(|s| s.to_string()))
    {
        Some(s) => Box::leak(s.into_boxed_str()),
        None => "?",
    };
    let doc = if modname == "builtins" {
        crate::docs::BUILTIN_FUNCTIONS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, d)| *d)
    } else {
        None
    };
    set_attr(
        m,
        name,
        crate::types::function::new_builtin_with_doc(modname, name, f, doc),
    );
}

pub fn init(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, _| {
        let cls = crate::types::misc::check_new_cls(a, "module")?;
        Ok(crate::types::misc::new_instance(
            &cls,
            Payload::Module(PyModule::default()),
        ))
    });
    add_method(t, "__init__", |a, kw| {
        let args = crate::args::parse("module", &a[1..], kw, &["name", "doc"], 1)?;
        let m = a[0].as_obj().unwrap();
        let d = module_dict(m);
        let dd = crate::types::dict::obj_dict(&d);
        dd.set_str("__name__", args[0].clone().unwrap());
        dd.set_str("__doc__", args[1].clone().unwrap_or(Value::None));
        for k in ["__package__", "__loader__", "__spec__"] {
            if dd.get_str_key(k).is_none() {
                dd.set_str(k, Value::None);
            }
        }
        Ok(Value::None)
    });
    add_method(t, "__repr__", |a, _| {
        let m = a[0]
            .as_obj()
            .ok_or_else(|| type_error("expected a module"))?;
        let name = get_attr(m, "__name__")
            .map(|n| crate::ops::to_str(&n))
            .transpose()?
            .unwrap_or_else(|| "?".into());
        if let Some(f) = get_attr(m, "__file__") {
            if let Some(fs) = crate::types::str::as_str(&f) {
                return Ok(format!("<module '{}' from '{}'>", name, fs).into());
            }
        }
        if let Some(l) = get_attr(m, "__loader__") {
            if !l.is_none() {
                if let Ok(r) = crate::ops::attr::call_method(&l, "module_repr", &[a[0].clone()]) {
                    if crate::types::str::as_str(&r).is_some() {
                        return Ok(r);
                    }
                }
                if let Some(spec) = get_attr(m, "__spec__") {
                    if let Ok(o) = crate::ops::attr::getattr(&spec, "origin") {
                        if crate::types::str::as_str(&o) == Some("built-in") {
                            return Ok(format!("<module '{}' (built-in)>", name).into());
                        }
                    }
                }
                return Ok(format!("<module '{}' ({})>", name, crate::ops::repr(&l)?).into());
            }
        }
        Ok(format!("<module '{}'>", name).into())
    });
    add_method(t, "__dir__", |a, _| {
        let m = a[0]
            .as_obj()
            .ok_or_else(|| type_error("expected a module"))?;
        let d = module_dict(m);
        if let Some(f) = crate::types::dict::obj_dict(&d).get_str_key("__dir__") {
            return crate::ops::call::call(&f, &[], None);
        }
        Ok(crate::types::list::new_list(
            crate::types::dict::obj_dict(&d).keys(),
        ))
    });
    add_getset(
        t,
        "__dict__",
        |v| Ok(Value::Obj(module_dict(v.as_obj().unwrap()))),
        None,
    );
}
