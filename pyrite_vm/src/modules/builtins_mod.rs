//! The `builtins` module object.

use crate::object::ObjRef;
use crate::types::types;
use crate::value::Value;

pub fn create() -> ObjRef {
    let m = crate::types::module::new_module("builtins");
    let set = |n: &str, v: Value| crate::types::module::set_attr(&m, n, v);
    let t = types();
    for (n, ty) in [
        ("type", &t.type_),
        ("object", &t.object),
        ("int", &t.int),
        ("bool", &t.bool),
        ("float", &t.float),
        ("complex", &t.complex),
        ("str", &t.str),
        ("bytes", &t.bytes),
        ("bytearray", &t.bytearray),
        ("tuple", &t.tuple),
        ("list", &t.list),
        ("dict", &t.dict),
        ("set", &t.set),
        ("frozenset", &t.frozenset),
        ("range", &t.range),
        ("slice", &t.slice),
        ("property", &t.property),
        ("classmethod", &t.classmethod),
        ("staticmethod", &t.staticmethod),
        ("super", &t.super_),
        ("enumerate", &t.enumerate),
        ("zip", &t.zip),
        ("map", &t.map),
        ("filter", &t.filter),
        ("reversed", &t.reversed),
        ("memoryview", &t.memoryview),
    ] {
        set(n, Value::Obj(ty.clone()));
    }
    for (n, ty) in crate::types::exceptions::all_exceptions() {
        set(n, Value::Obj(ty));
    }
    set(
        "EnvironmentError",
        Value::Obj(crate::types::exceptions::exc().os_error.clone()),
    );
    set(
        "IOError",
        Value::Obj(crate::types::exceptions::exc().os_error.clone()),
    );
    set("None", Value::None);
    set("True", Value::Bool(true));
    set("False", Value::Bool(false));
    set("Ellipsis", crate::types::misc::ellipsis());
    set("NotImplemented", crate::types::misc::not_implemented());
    set("__debug__", Value::Bool(true));
    set(
        "__doc__",
        Value::from("Built-in functions, exceptions, and other objects."),
    );
    crate::builtins::init(&m);
    m
}

/// A builtin type by its `builtins` name (for `X.__new__` checks).
pub fn builtin_type(name: &str) -> Option<ObjRef> {
    let t = types();
    Some(match name {
        "int" => t.int.clone(),
        "float" => t.float.clone(),
        "complex" => t.complex.clone(),
        "str" => t.str.clone(),
        "bytes" => t.bytes.clone(),
        "bytearray" => t.bytearray.clone(),
        "tuple" => t.tuple.clone(),
        "list" => t.list.clone(),
        "dict" => t.dict.clone(),
        "set" => t.set.clone(),
        "frozenset" => t.frozenset.clone(),
        "property" => t.property.clone(),
        "classmethod" => t.classmethod.clone(),
        "staticmethod" => t.staticmethod.clone(),
        "super" => t.super_.clone(),
        "module" => t.module.clone(),
        "enumerate" => t.enumerate.clone(),
        "zip" => t.zip.clone(),
        "map" => t.map.clone(),
        "filter" => t.filter.clone(),
        "reversed" => t.reversed.clone(),
        "BaseException" => crate::types::exceptions::exc().base_exception.clone(),
        "BaseExceptionGroup" => crate::types::exceptions::exc().base_exception_group.clone(),
        "OSError" => crate::types::exceptions::exc().os_error.clone(),
        _ => return None,
    })
}
