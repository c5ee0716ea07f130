//! The object protocol (`PyObject_GetAttr`, `Repr`, `RichCompare`, `Hash`, `Call`,
//! `Vectorcall`, `IsInstance`, ...) and the basic type queries (`PyType_IsSubtype`,
//! `PyType_GetFlags`, ...).

use crate::{bad_internal, cstr, int_api, obj_api, py, ssize_api, val};
use emulation::err;
use emulation::layout::*;
use emulation::mirror::{self, from_c, to_c_borrowed_obj};
use pyrite_vm::errors::{PyErr, PyResult};
use pyrite_vm::ops;
use pyrite_vm::types::exceptions::exc;
use pyrite_vm::types::typeobj::{is_subtype, tdata};
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int, c_ulong};
use std::ptr::null_mut;

// ---------------------------------------------------------------------------
// attributes

#[no_mangle]
pub unsafe extern "C" fn PyObject_GetAttr(o: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    obj_api("PyObject_GetAttr", || {
        let (o, n) = (val(o, "PyObject_GetAttr")?, val(name, "PyObject_GetAttr")?);
        check_name(&n)?;
        py(|| ops::attr::getattr_value(&o, &n))
    })
}

fn check_name(n: &Value) -> PyResult<()> {
    if pyrite_vm::types::str::as_str(n).is_none() {
        return Err(crate::type_error(format!(
            "attribute name must be string, not '{}'",
            n.type_name()
        )));
    }
    Ok(())
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_GetAttrString(
    o: *mut PyObject,
    name: *const c_char,
) -> *mut PyObject {
    obj_api("PyObject_GetAttrString", || {
        let o = val(o, "PyObject_GetAttrString")?;
        let n = cstr(name, "PyObject_GetAttrString")?;
        py(|| ops::attr::getattr(&o, n))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_SetAttr(
    o: *mut PyObject,
    name: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    int_api("PyObject_SetAttr", || {
        let (o, n) = (val(o, "PyObject_SetAttr")?, val(name, "PyObject_SetAttr")?);
        check_name(&n)?;
        let v = if v.is_null() { None } else { Some(from_c(v)) };
        py(|| ops::attr::setattr_value(&o, &n, v)).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_SetAttrString(
    o: *mut PyObject,
    name: *const c_char,
    v: *mut PyObject,
) -> c_int {
    int_api("PyObject_SetAttrString", || {
        let o = val(o, "PyObject_SetAttrString")?;
        let n = Value::from(cstr(name, "PyObject_SetAttrString")?);
        let v = if v.is_null() { None } else { Some(from_c(v)) };
        py(|| ops::attr::setattr_value(&o, &n, v)).map(|_| 0)
    })
}

/// `PyObject_HasAttr`: errors are swallowed (as in 3.11).
#[no_mangle]
pub unsafe extern "C" fn PyObject_HasAttr(o: *mut PyObject, name: *mut PyObject) -> c_int {
    crate::guard("PyObject_HasAttr", || {
        let (Ok(o), Ok(n)) = (val(o, "PyObject_HasAttr"), val(name, "PyObject_HasAttr")) else {
            return 0;
        };
        py(|| ops::attr::getattr_value(&o, &n)).is_ok() as c_int
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_HasAttrString(o: *mut PyObject, name: *const c_char) -> c_int {
    crate::guard("PyObject_HasAttrString", || {
        let (Ok(o), Ok(n)) = (
            val(o, "PyObject_HasAttrString"),
            cstr(name, "PyObject_HasAttrString"),
        ) else {
            return 0;
        };
        py(|| ops::attr::getattr(&o, n)).is_ok() as c_int
    })
}

/// `_PyObject_LookupAttr`: 1 and a new reference if found, 0 (no error) if the
/// attribute is missing, -1 on other errors.
#[no_mangle]
pub unsafe extern "C" fn _PyObject_LookupAttr(
    o: *mut PyObject,
    name: *mut PyObject,
    result: *mut *mut PyObject,
) -> c_int {
    int_api("_PyObject_LookupAttr", || {
        *result = null_mut();
        let (o, n) = (
            val(o, "_PyObject_LookupAttr")?,
            val(name, "_PyObject_LookupAttr")?,
        );
        match py(|| ops::attr::getattr_value(&o, &n)) {
            Ok(v) => {
                *result = mirror::to_c_new(&v);
                Ok(1)
            }
            Err(e) if e.matches(&exc().attribute_error) => Ok(0),
            Err(e) => Err(e),
        }
    })
}

/// `_PyObject_GetMethod`: always returns the bound attribute (0).
#[no_mangle]
pub unsafe extern "C" fn _PyObject_GetMethod(
    o: *mut PyObject,
    name: *mut PyObject,
    method: *mut *mut PyObject,
) -> c_int {
    *method = PyObject_GetAttr(o, name);
    0
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_GenericGetAttr(
    o: *mut PyObject,
    name: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyObject_GenericGetAttr", || {
        let (o, n) = (
            val(o, "PyObject_GenericGetAttr")?,
            val(name, "PyObject_GenericGetAttr")?,
        );
        check_name(&n)?;
        match py(|| ops::attr::generic_getattr_opt(&o, &n))? {
            Some(v) => Ok(v),
            None => Err(pyrite_vm::errors::attribute_error(format!(
                "'{}' object has no attribute '{}'",
                o.type_name(),
                pyrite_vm::types::str::as_str(&n).unwrap_or("?")
            ))),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyObject_GenericGetAttrWithDict(
    o: *mut PyObject,
    name: *mut PyObject,
    _d: *mut PyObject,
    suppress: c_int,
) -> *mut PyObject {
    let r = PyObject_GenericGetAttr(o, name);
    if r.is_null() && suppress != 0 && PyErr_ExceptionMatches_attr() {
        err::clear();
    }
    r
}

fn PyErr_ExceptionMatches_attr() -> bool {
    match err::occurred_type() {
        Some(Value::Obj(t)) => is_subtype(&t, &exc().attribute_error),
        _ => false,
    }
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_GenericSetAttr(
    o: *mut PyObject,
    name: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    // object.__setattr__ itself: a C type's tp_setattro falls back to this, so it must
    // not dispatch to `__setattr__` again
    int_api("PyObject_GenericSetAttr", || {
        let (ov, n) = (
            val(o, "PyObject_GenericSetAttr")?,
            val(name, "PyObject_GenericSetAttr")?,
        );
        check_name(&n)?;
        let value = if v.is_null() { None } else { Some(from_c(v)) };
        let nobj = n.as_obj().unwrap().clone();
        py(|| ops::attr::generic_setattr(&ov, &nobj, value))?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyObject_GenericSetAttrWithDict(
    o: *mut PyObject,
    name: *mut PyObject,
    v: *mut PyObject,
    _d: *mut PyObject,
) -> c_int {
    PyObject_GenericSetAttr(o, name, v)
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_GenericGetDict(
    o: *mut PyObject,
    _ctx: *mut std::ffi::c_void,
) -> *mut PyObject {
    // the instance dict itself (created on first use), not a `__dict__` lookup: a
    // type whose `__dict__` getset is this function would recurse forever
    obj_api("PyObject_GenericGetDict", || {
        match val(o, "PyObject_GenericGetDict")? {
            pyrite_vm::value::Value::Obj(ob) => {
                Ok(pyrite_vm::value::Value::Obj(ops::attr::instance_dict(&ob)))
            }
            v => Err(pyrite_vm::errors::attribute_error(format!(
                "This object has no __dict__ ('{}')",
                v.type_name()
            ))),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_GenericSetDict(
    o: *mut PyObject,
    v: *mut PyObject,
    _ctx: *mut std::ffi::c_void,
) -> c_int {
    int_api("PyObject_GenericSetDict", || {
        let ob = val(o, "PyObject_GenericSetDict")?;
        if v.is_null() {
            return Err(pyrite_vm::errors::type_error("cannot delete __dict__"));
        }
        let d = val(v, "PyObject_GenericSetDict")?;
        if pyrite_vm::types::dict::as_dict(&d).is_none() {
            return Err(pyrite_vm::errors::type_error(format!(
                "__dict__ must be set to a dictionary, not a '{}'",
                d.type_name()
            )));
        }
        match (ob, d) {
            (pyrite_vm::value::Value::Obj(ob), pyrite_vm::value::Value::Obj(d)) => {
                ob.set_dict(Some(d));
                Ok(0)
            }
            (ob, _) => Err(pyrite_vm::errors::attribute_error(format!(
                "This object has no __dict__ ('{}')",
                ob.type_name()
            ))),
        }
    })
}

// _Py_Identifier support: the identifier's string, interned once per identifier.

#[repr(C)]
pub struct PyIdentifier {
    pub string: *const c_char,
    pub index: isize,
}

static IDENTS: pyrite_vm::gil::GilCell<Vec<pyrite_vm::object::ObjRef>> =
    pyrite_vm::gil::GilCell::new(Vec::new());

/// `_PyUnicode_FromId`: the interned str of an identifier (borrowed, immortal).
#[no_mangle]
pub unsafe extern "C" fn _PyUnicode_FromId(id: *mut PyIdentifier) -> *mut PyObject {
    crate::ptr_api("_PyUnicode_FromId", || {
        if id.is_null() {
            return Err(bad_internal("_PyUnicode_FromId"));
        }
        let t = IDENTS.get();
        if (*id).index >= 0 && ((*id).index as usize) < t.len() {
            return Ok(to_c_borrowed_obj(&t[(*id).index as usize]));
        }
        let s = cstr((*id).string, "_PyUnicode_FromId")?;
        let o = pyrite_vm::types::str::intern(s);
        t.push(o.clone());
        (*id).index = (t.len() - 1) as isize;
        Ok(to_c_borrowed_obj(&o))
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyObject_GetAttrId(
    o: *mut PyObject,
    id: *mut PyIdentifier,
) -> *mut PyObject {
    let n = _PyUnicode_FromId(id);
    if n.is_null() {
        return null_mut();
    }
    PyObject_GetAttr(o, n)
}

#[no_mangle]
pub unsafe extern "C" fn _PyObject_SetAttrId(
    o: *mut PyObject,
    id: *mut PyIdentifier,
    v: *mut PyObject,
) -> c_int {
    let n = _PyUnicode_FromId(id);
    if n.is_null() {
        return -1;
    }
    PyObject_SetAttr(o, n, v)
}

#[no_mangle]
pub unsafe extern "C" fn _PyObject_LookupAttrId(
    o: *mut PyObject,
    id: *mut PyIdentifier,
    result: *mut *mut PyObject,
) -> c_int {
    let n = _PyUnicode_FromId(id);
    if n.is_null() {
        *result = null_mut();
        return -1;
    }
    _PyObject_LookupAttr(o, n, result)
}

/// `_PyObject_LookupSpecial`: look the name up on the type and bind it.
#[no_mangle]
pub unsafe extern "C" fn _PyObject_LookupSpecialId(
    o: *mut PyObject,
    id: *mut PyIdentifier,
) -> *mut PyObject {
    obj_api("_PyObject_LookupSpecial", || {
        let v = val(o, "_PyObject_LookupSpecial")?;
        let n = cstr((*id).string, "_PyObject_LookupSpecial")?;
        match pyrite_vm::types::typeobj::lookup_str(v.class_ref(), n) {
            Some(f) => py(|| ops::attr::call_get(&f, v.clone(), Value::Obj(v.class()))),
            None => Err(PyErr(pyrite_vm::types::exceptions::new_exception(
                &exc().attribute_error,
                vec![],
            ))),
        }
    })
    .pipe_clear_attr()
}

trait ClearAttr {
    fn pipe_clear_attr(self) -> Self;
}
impl ClearAttr for *mut PyObject {
    fn pipe_clear_attr(self) -> Self {
        if self.is_null() && PyErr_ExceptionMatches_attr() {
            err::clear();
        }
        self
    }
}

// ---------------------------------------------------------------------------
// conversions and comparisons

#[no_mangle]
pub unsafe extern "C" fn PyObject_Repr(o: *mut PyObject) -> *mut PyObject {
    if o.is_null() {
        return crate::unicode::PyUnicode_FromString(c"<NULL>".as_ptr());
    }
    obj_api("PyObject_Repr", || {
        let v = val(o, "PyObject_Repr")?;
        py(|| ops::repr(&v)).map(Value::from)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_Str(o: *mut PyObject) -> *mut PyObject {
    if o.is_null() {
        return crate::unicode::PyUnicode_FromString(c"<NULL>".as_ptr());
    }
    obj_api("PyObject_Str", || {
        let v = val(o, "PyObject_Str")?;
        py(|| ops::str_value(&v))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_ASCII(o: *mut PyObject) -> *mut PyObject {
    obj_api("PyObject_ASCII", || {
        let v = val(o, "PyObject_ASCII")?;
        py(|| ops::ascii(&v)).map(Value::from)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_Bytes(o: *mut PyObject) -> *mut PyObject {
    obj_api("PyObject_Bytes", || {
        let v = val(o, "PyObject_Bytes")?;
        py(|| emulation::call_builtin("bytes", &[v]))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_RichCompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    obj_api("PyObject_RichCompare", || {
        let (a, b) = (
            val(a, "PyObject_RichCompare")?,
            val(b, "PyObject_RichCompare")?,
        );
        let op =
            emulation::types::cmp_op(op).ok_or_else(|| bad_internal("PyObject_RichCompare"))?;
        py(|| ops::compare(&a, &b, op))
    })
}

/// `PyObject_RichCompareBool`: identity implies equality for `Py_EQ`/`Py_NE`.
#[no_mangle]
pub unsafe extern "C" fn PyObject_RichCompareBool(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> c_int {
    if !a.is_null() && a == b {
        if op == Py_EQ {
            return 1;
        }
        if op == Py_NE {
            return 0;
        }
    }
    int_api("PyObject_RichCompareBool", || {
        let (a, b) = (
            val(a, "PyObject_RichCompareBool")?,
            val(b, "PyObject_RichCompareBool")?,
        );
        let cop =
            emulation::types::cmp_op(op).ok_or_else(|| bad_internal("PyObject_RichCompareBool"))?;
        if op == Py_EQ {
            return py(|| ops::eq(&a, &b)).map(|x| x as c_int);
        }
        let r = py(|| ops::compare(&a, &b, cop))?;
        py(|| ops::truthy(&r)).map(|x| x as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_Hash(o: *mut PyObject) -> Py_hash_t {
    ssize_api("PyObject_Hash", || {
        let v = val(o, "PyObject_Hash")?;
        py(|| ops::hash(&v)).map(|h| h as isize)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_HashNotImplemented(o: *mut PyObject) -> Py_hash_t {
    ssize_api("PyObject_HashNotImplemented", || {
        let v = val(o, "PyObject_HashNotImplemented")?;
        Err(crate::type_error(format!(
            "unhashable type: '{}'",
            v.type_name()
        )))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_IsTrue(o: *mut PyObject) -> c_int {
    if o == emulation::statics::py_true() {
        return 1;
    }
    if o == emulation::statics::py_false() || o == emulation::statics::none() {
        return 0;
    }
    int_api("PyObject_IsTrue", || {
        let v = val(o, "PyObject_IsTrue")?;
        py(|| ops::truthy(&v)).map(|b| b as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_Not(o: *mut PyObject) -> c_int {
    let r = PyObject_IsTrue(o);
    if r < 0 {
        r
    } else {
        (r == 0) as c_int
    }
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_Type(o: *mut PyObject) -> *mut PyObject {
    obj_api("PyObject_Type", || {
        Ok(Value::Obj(val(o, "PyObject_Type")?.class()))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_Size(o: *mut PyObject) -> Py_ssize_t {
    ssize_api("PyObject_Size", || {
        let v = val(o, "PyObject_Size")?;
        py(|| ops::len(&v)).map(|n| n as isize)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_Length(o: *mut PyObject) -> Py_ssize_t {
    PyObject_Size(o)
}

#[no_mangle]
pub unsafe extern "C" fn _PyObject_HasLen(o: *mut PyObject) -> c_int {
    crate::guard("_PyObject_HasLen", || match val(o, "_PyObject_HasLen") {
        Ok(v) => pyrite_vm::types::typeobj::lookup_str(v.class_ref(), "__len__").is_some() as c_int,
        Err(_) => 0,
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_LengthHint(o: *mut PyObject, default: Py_ssize_t) -> Py_ssize_t {
    ssize_api("PyObject_LengthHint", || {
        let v = val(o, "PyObject_LengthHint")?;
        match py(|| ops::len(&v)) {
            Ok(n) => return Ok(n as isize),
            Err(e) if !e.matches(&exc().type_error) => return Err(e),
            Err(_) => {}
        }
        match pyrite_vm::types::typeobj::lookup_str(v.class_ref(), "__length_hint__") {
            None => Ok(default),
            Some(f) => {
                let r = py(|| ops::call_unbound(&f, &v, &[]))?;
                if pyrite_vm::types::misc::is_not_implemented(&r) {
                    return Ok(default);
                }
                let n = pyrite_vm::types::int::index_i64(&r)?;
                if n < 0 {
                    return Err(pyrite_vm::errors::value_error(
                        "__length_hint__() should return >= 0",
                    ));
                }
                Ok(n as isize)
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_GetItem(o: *mut PyObject, k: *mut PyObject) -> *mut PyObject {
    obj_api("PyObject_GetItem", || {
        let (o, k) = (val(o, "PyObject_GetItem")?, val(k, "PyObject_GetItem")?);
        py(|| ops::getitem(&o, &k))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_SetItem(
    o: *mut PyObject,
    k: *mut PyObject,
    v: *mut PyObject,
) -> c_int {
    int_api("PyObject_SetItem", || {
        let (o, k, v) = (
            val(o, "PyObject_SetItem")?,
            val(k, "PyObject_SetItem")?,
            val(v, "PyObject_SetItem")?,
        );
        py(|| ops::setitem(&o, k, v)).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_DelItem(o: *mut PyObject, k: *mut PyObject) -> c_int {
    int_api("PyObject_DelItem", || {
        let (o, k) = (val(o, "PyObject_DelItem")?, val(k, "PyObject_DelItem")?);
        py(|| ops::delitem(&o, &k)).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_DelItemString(o: *mut PyObject, k: *const c_char) -> c_int {
    int_api("PyObject_DelItemString", || {
        let o = val(o, "PyObject_DelItemString")?;
        let k = Value::from(cstr(k, "PyObject_DelItemString")?);
        py(|| ops::delitem(&o, &k)).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_Format(o: *mut PyObject, spec: *mut PyObject) -> *mut PyObject {
    obj_api("PyObject_Format", || {
        let o = val(o, "PyObject_Format")?;
        let s = if spec.is_null() {
            None
        } else {
            Some(from_c(spec))
        };
        py(|| ops::format(&o, s.as_ref()))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_Dir(o: *mut PyObject) -> *mut PyObject {
    obj_api("PyObject_Dir", || {
        if o.is_null() {
            return py(|| emulation::call_builtin("dir", &[]));
        }
        let v = val(o, "PyObject_Dir")?;
        py(|| emulation::call_builtin("dir", &[v]))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_GetIter(o: *mut PyObject) -> *mut PyObject {
    obj_api("PyObject_GetIter", || {
        let v = val(o, "PyObject_GetIter")?;
        py(|| ops::get_iter(&v))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_GetAIter(o: *mut PyObject) -> *mut PyObject {
    obj_api("PyObject_GetAIter", || {
        let v = val(o, "PyObject_GetAIter")?;
        py(|| ops::attr::call_method(&v, "__aiter__", &[]))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_SelfIter(o: *mut PyObject) -> *mut PyObject {
    mirror::incref(o);
    o
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_IsInstance(o: *mut PyObject, cls: *mut PyObject) -> c_int {
    int_api("PyObject_IsInstance", || {
        let (o, c) = (
            val(o, "PyObject_IsInstance")?,
            val(cls, "PyObject_IsInstance")?,
        );
        py(|| ops::isinstance(&o, &c)).map(|b| b as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_IsSubclass(o: *mut PyObject, cls: *mut PyObject) -> c_int {
    int_api("PyObject_IsSubclass", || {
        let (o, c) = (
            val(o, "PyObject_IsSubclass")?,
            val(cls, "PyObject_IsSubclass")?,
        );
        py(|| ops::issubclass(&o, &c)).map(|b| b as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyObject_RealIsInstance(o: *mut PyObject, cls: *mut PyObject) -> c_int {
    int_api("_PyObject_RealIsInstance", || {
        let (o, c) = (
            val(o, "_PyObject_RealIsInstance")?,
            val(cls, "_PyObject_RealIsInstance")?,
        );
        let c = c
            .as_obj()
            .ok_or_else(|| crate::type_error("isinstance() arg 2 must be a type"))?
            .clone();
        ops::isinstance_plain(&o, &c).map(|b| b as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyObject_RealIsSubclass(o: *mut PyObject, cls: *mut PyObject) -> c_int {
    int_api("_PyObject_RealIsSubclass", || {
        let (o, c) = (
            val(o, "_PyObject_RealIsSubclass")?,
            val(cls, "_PyObject_RealIsSubclass")?,
        );
        let c = c
            .as_obj()
            .ok_or_else(|| crate::type_error("issubclass() arg 2 must be a class"))?
            .clone();
        ops::issubclass_plain(&o, &c).map(|b| b as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCallable_Check(o: *mut PyObject) -> c_int {
    crate::guard("PyCallable_Check", || {
        if o.is_null() {
            return 0;
        }
        let v = from_c(o);
        let callable = match v.payload() {
            Some(pyrite_vm::types::Payload::Function(_))
            | Some(pyrite_vm::types::Payload::Builtin(_))
            | Some(pyrite_vm::types::Payload::BoundMethod(_))
            | Some(pyrite_vm::types::Payload::MethodDescr(_))
            | Some(pyrite_vm::types::Payload::Type(_)) => true,
            _ => {
                matches!(pyrite_vm::types::typeobj::lookup_str(v.class_ref(), "__call__"), Some(f) if !f.is_none())
            }
        };
        callable as c_int
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_Print(
    o: *mut PyObject,
    fp: *mut libc::FILE,
    flags: c_int,
) -> c_int {
    int_api("PyObject_Print", || {
        let s = if o.is_null() {
            "<nil>".to_string()
        } else {
            let v = from_c(o);
            if flags & 1 != 0 {
                py(|| ops::to_str(&v))?
            } else {
                py(|| ops::repr(&v))?
            }
        };
        pyrite_vm::modules::io_min::flush_std();
        libc::fwrite(s.as_ptr() as *const std::ffi::c_void, 1, s.len(), fp);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn Py_ReprEnter(o: *mut PyObject) -> c_int {
    crate::guard("Py_ReprEnter", || {
        let v = from_c(o);
        match ops::repr_guard(&v) {
            Some(g) => {
                std::mem::forget(g);
                0
            }
            None => 1,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn Py_ReprLeave(o: *mut PyObject) {
    crate::guard("Py_ReprLeave", || {
        let id = from_c(o).id() as usize;
        let t = pyrite_vm::vm::thread();
        if let Some(p) = t.repr_stack.iter().rposition(|&x| x == id) {
            t.repr_stack.remove(p);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_ClearWeakRefs(_o: *mut PyObject) {}

#[no_mangle]
pub unsafe extern "C" fn _PyObject_FunctionStr(o: *mut PyObject) -> *mut PyObject {
    obj_api("_PyObject_FunctionStr", || {
        let v = val(o, "_PyObject_FunctionStr")?;
        Ok(Value::from(pyrite_vm::ops::call::callable_name(&v)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyObject_Dump(o: *mut PyObject) {
    crate::guard("_PyObject_Dump", || {
        if o.is_null() {
            eprintln!("<object at NULL>");
            return;
        }
        let v = from_c(o);
        eprintln!("object address  : {:p}", o);
        eprintln!("object refcount : {}", (*o).ob_refcnt);
        eprintln!("object type name: {}", v.type_name());
        eprintln!(
            "object repr     : {}",
            ops::repr(&v).unwrap_or_else(|_| "<repr failed>".into())
        );
    })
}

// ---------------------------------------------------------------------------
// calling

/// `PyObject_Call(callable, args, kwargs)`.
#[no_mangle]
pub unsafe extern "C" fn PyObject_Call(
    f: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyObject_Call", || {
        let fv = val(f, "PyObject_Call")?;
        if args.is_null() {
            return Err(bad_internal("PyObject_Call"));
        }
        emulation::call_with_tuple_dict(&fv, args, kw)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_CallObject(
    f: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyObject_CallObject", || {
        let fv = val(f, "PyObject_CallObject")?;
        emulation::call_with_tuple_dict(&fv, args, null_mut())
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyEval_CallObjectWithKeywords(
    f: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyEval_CallObjectWithKeywords", || {
        let fv = val(f, "PyEval_CallObjectWithKeywords")?;
        emulation::call_with_tuple_dict(&fv, args, kw)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_CallNoArgs(f: *mut PyObject) -> *mut PyObject {
    obj_api("PyObject_CallNoArgs", || {
        let fv = val(f, "PyObject_CallNoArgs")?;
        py(|| ops::call::call(&fv, &[], None))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_CallOneArg(f: *mut PyObject, a: *mut PyObject) -> *mut PyObject {
    obj_api("PyObject_CallOneArg", || {
        let fv = val(f, "PyObject_CallOneArg")?;
        let av = val(a, "PyObject_CallOneArg")?;
        py(|| ops::call::call(&fv, &[av], None))
    })
}

/// Values of a vectorcall argument array plus keyword names.
unsafe fn vector_args(
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> PyResult<(Vec<Value>, Vec<Value>)> {
    let n = nargsf & !PY_VECTORCALL_ARGUMENTS_OFFSET;
    let names = if kwnames.is_null() {
        Vec::new()
    } else {
        emulation::tuple_items(kwnames)?
    };
    let total = n + names.len();
    let mut vals = Vec::with_capacity(total);
    for i in 0..total {
        let p = *args.add(i);
        if p.is_null() {
            return Err(bad_internal("PyObject_Vectorcall"));
        }
        vals.push(from_c(p));
    }
    Ok((vals, names))
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_Vectorcall(
    f: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyObject_Vectorcall", || {
        let fv = val(f, "PyObject_Vectorcall")?;
        let (vals, names) = vector_args(args, nargsf, kwnames)?;
        let kw = if names.is_empty() {
            None
        } else {
            Some(&names[..])
        };
        py(|| ops::call::call(&fv, &vals, kw))
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyObject_FastCall(
    f: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    PyObject_Vectorcall(f, args, nargs as usize, null_mut())
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_VectorcallDict(
    f: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kw: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyObject_VectorcallDict", || {
        let fv = val(f, "PyObject_VectorcallDict")?;
        let n = nargsf & !PY_VECTORCALL_ARGUMENTS_OFFSET;
        let mut vals = Vec::with_capacity(n);
        for i in 0..n {
            vals.push(from_c(*args.add(i)));
        }
        let mut names = Vec::new();
        if !kw.is_null() {
            let kv = from_c(kw);
            let d = pyrite_vm::types::dict::as_dict(&kv)
                .ok_or_else(|| bad_internal("PyObject_VectorcallDict"))?;
            for (k, v) in d.items() {
                names.push(k);
                vals.push(v);
            }
        }
        let kwn = if names.is_empty() {
            None
        } else {
            Some(&names[..])
        };
        py(|| ops::call::call(&fv, &vals, kwn))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_VectorcallMethod(
    name: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyObject_VectorcallMethod", || {
        let n = val(name, "PyObject_VectorcallMethod")?;
        let (vals, names) = vector_args(args, nargsf, kwnames)?;
        if vals.is_empty() {
            return Err(bad_internal("PyObject_VectorcallMethod"));
        }
        let m = py(|| ops::attr::getattr_value(&vals[0], &n))?;
        let kw = if names.is_empty() {
            None
        } else {
            Some(&names[..])
        };
        py(|| ops::call::call(&m, &vals[1..], kw))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyVectorcall_Call(
    f: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // a C type's instance that stores its own vectorcall function (tp_vectorcall_offset)
    if let Some(vc) = instance_vectorcall(f) {
        return crate::guard("PyVectorcall_Call", || {
            let r: PyResult<(Vec<*mut PyObject>, *mut PyObject, usize)> = (|| {
                let pos = emulation::tuple_items(args)?;
                let mut ptrs: Vec<*mut PyObject> = pos.iter().map(mirror::to_c_new).collect();
                let npos = ptrs.len();
                let mut names = Vec::new();
                if !kw.is_null() {
                    let kv = from_c(kw);
                    let d = pyrite_vm::types::dict::as_dict(&kv)
                        .ok_or_else(|| crate::type_error("keyword arguments must be a dict"))?;
                    for (k, v) in d.items() {
                        names.push(k);
                        ptrs.push(mirror::to_c_new(&v));
                    }
                }
                let kwnames = if names.is_empty() {
                    null_mut()
                } else {
                    mirror::to_c_new(&pyrite_vm::types::tuple::new_tuple(names))
                };
                Ok((ptrs, kwnames, npos))
            })();
            match r {
                Ok((ptrs, kwnames, npos)) => {
                    let out = vc(f, ptrs.as_ptr(), npos, kwnames);
                    for p in ptrs {
                        mirror::decref(p);
                    }
                    mirror::xdecref(kwnames);
                    out
                }
                Err(e) => {
                    err::set_pyerr(e);
                    null_mut()
                }
            }
        });
    }
    PyObject_Call(f, args, kw)
}

/// The vectorcall function a C instance stores at its type's `tp_vectorcall_offset`.
unsafe fn instance_vectorcall(f: *mut PyObject) -> vectorcallfunc {
    if f.is_null() || !emulation::ctype::is_cinst(f) {
        return None;
    }
    let t = (*f).ob_type;
    if (*t).tp_flags & Py_TPFLAGS_HAVE_VECTORCALL == 0 || (*t).tp_vectorcall_offset <= 0 {
        return None;
    }
    *((f as *mut u8).offset((*t).tp_vectorcall_offset) as *mut vectorcallfunc)
}

unsafe extern "C" fn generic_vectorcall(
    f: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    PyObject_Vectorcall(f, args, nargsf, kwnames)
}

/// `PyVectorcall_Function`: every callable supports vectorcall through the runtime.
#[no_mangle]
pub unsafe extern "C" fn PyVectorcall_Function(f: *mut PyObject) -> vectorcallfunc {
    if let Some(vc) = instance_vectorcall(f) {
        return Some(vc);
    }
    if PyCallable_Check(f) != 0 {
        Some(generic_vectorcall)
    } else {
        None
    }
}

#[no_mangle]
pub unsafe extern "C" fn _PyStack_AsDict(
    values: *const *mut PyObject,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    obj_api("_PyStack_AsDict", || {
        let names = emulation::tuple_items(kwnames)?;
        let d = pyrite_vm::types::dict::new_dict();
        let dd = pyrite_vm::types::dict::as_dict(&d).unwrap();
        for (i, k) in names.into_iter().enumerate() {
            dd.set_item(k, from_c(*values.add(i)))?;
        }
        Ok(d)
    })
}

#[no_mangle]
pub unsafe extern "C" fn _Py_CheckFunctionResult(
    _ts: *mut std::ffi::c_void,
    callable: *mut PyObject,
    result: *mut PyObject,
    where_: *const c_char,
) -> *mut PyObject {
    let _ = (callable, where_);
    let name = "function";
    if result.is_null() {
        if !err::occurred() {
            err::set_pyerr(emulation::err::error_from_null(name));
        }
        return null_mut();
    }
    if err::occurred() {
        mirror::decref(result);
        let e = emulation::err::result_with_error(name);
        err::set_pyerr(e);
        return null_mut();
    }
    result
}

// ---------------------------------------------------------------------------
// type objects

unsafe fn type_val(t: *mut PyTypeObject, func: &str) -> PyResult<pyrite_vm::object::ObjRef> {
    let v = val(t as *mut PyObject, func)?;
    match v {
        Value::Obj(o) if matches!(o.payload(), pyrite_vm::types::Payload::Type(_)) => Ok(o),
        _ => Err(bad_internal(func)),
    }
}

#[no_mangle]
pub unsafe extern "C" fn PyType_IsSubtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> c_int {
    if a == b {
        return 1;
    }
    crate::guard("PyType_IsSubtype", || {
        match (
            type_val(a, "PyType_IsSubtype"),
            type_val(b, "PyType_IsSubtype"),
        ) {
            (Ok(a), Ok(b)) => is_subtype(&a, &b) as c_int,
            _ => {
                err::clear();
                0
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyType_GetFlags(t: *mut PyTypeObject) -> c_ulong {
    (*t).tp_flags
}

#[no_mangle]
pub unsafe extern "C" fn PyType_GetName(t: *mut PyTypeObject) -> *mut PyObject {
    obj_api("PyType_GetName", || {
        Ok(Value::from(tdata(&type_val(t, "PyType_GetName")?).name()))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyType_GetQualName(t: *mut PyTypeObject) -> *mut PyObject {
    obj_api("PyType_GetQualName", || {
        Ok(Value::from(
            tdata(&type_val(t, "PyType_GetQualName")?).qualname(),
        ))
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyType_Name(t: *mut PyTypeObject) -> *const c_char {
    let n = (*t).tp_name;
    if n.is_null() {
        return n;
    }
    let s = std::ffi::CStr::from_ptr(n).to_bytes();
    match s.iter().rposition(|&c| c == b'.') {
        Some(i) => n.add(i + 1),
        None => n,
    }
}

/// `_PyType_Lookup`: the attribute found along the MRO (borrowed), or NULL.
#[no_mangle]
pub unsafe extern "C" fn _PyType_Lookup(
    t: *mut PyTypeObject,
    name: *mut PyObject,
) -> *mut PyObject {
    crate::guard("_PyType_Lookup", || {
        let (Ok(t), Ok(n)) = (type_val(t, "_PyType_Lookup"), val(name, "_PyType_Lookup")) else {
            err::clear();
            return null_mut();
        };
        let Some(s) = pyrite_vm::types::str::as_str(&n) else {
            return null_mut();
        };
        for base in tdata(&t).mro() {
            if let Some(v) = tdata(base).dict().get_str_key(s) {
                return mirror::to_c_borrowed_in(&v, to_c_borrowed_obj(&tdata(base).dict));
            }
        }
        null_mut()
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyType_LookupId(
    t: *mut PyTypeObject,
    id: *mut PyIdentifier,
) -> *mut PyObject {
    let n = _PyUnicode_FromId(id);
    if n.is_null() {
        return null_mut();
    }
    _PyType_Lookup(t, n)
}

#[no_mangle]
pub unsafe extern "C" fn PyType_Modified(t: *mut PyTypeObject) {
    crate::guard("PyType_Modified", || {
        if let Ok(t) = type_val(t, "PyType_Modified") {
            pyrite_vm::types::typeobj::modified(&t);
        }
    })
}

#[no_mangle]
pub extern "C" fn PyType_ClearCache() -> std::os::raw::c_uint {
    0
}

#[no_mangle]
pub unsafe extern "C" fn _PyType_CalculateMetaclass(
    meta: *mut PyTypeObject,
    bases: *mut PyObject,
) -> *mut PyTypeObject {
    crate::guard("_PyType_CalculateMetaclass", || {
        let r: PyResult<pyrite_vm::object::ObjRef> = (|| {
            let m = type_val(meta, "_PyType_CalculateMetaclass")?;
            let b = emulation::tuple_items(bases)?;
            pyrite_vm::types::typeobj::calculate_meta(&m, &b)
        })();
        match r {
            Ok(t) => to_c_borrowed_obj(&t) as *mut PyTypeObject,
            Err(e) => {
                err::set_pyerr(e);
                null_mut()
            }
        }
    })
}

/// `_Py_HashDouble(inst, v)`: the hash of a float value (identity-based for NaN).
#[no_mangle]
pub unsafe extern "C" fn _Py_HashDouble(
    inst: *mut PyObject,
    v: std::os::raw::c_double,
) -> Py_hash_t {
    crate::guard("_Py_HashDouble", || {
        if v.is_nan() {
            return if inst.is_null() {
                0
            } else {
                pyrite_vm::ops::identity_hash(&from_c(inst)) as isize
            };
        }
        pyrite_vm::ops::hash(&Value::Float(v)).unwrap_or(0) as isize
    })
}
