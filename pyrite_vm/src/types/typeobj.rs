//! `type`: type objects, the MRO, attribute lookup on types (with a per-type cache),
//! class creation (`type.__new__`) and instance creation (`type.__call__`).

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::dict::PyDict;
use crate::types::function::{Kw, NativeFn};
use crate::types::{types, Payload};
use crate::value::Value;
use std::cell::{Cell, UnsafeCell};

/// Type flags (Pyrite's own; the C side maps them to `Py_TPFLAGS_*`).
pub mod tflags {
    /// Created by a class statement / `type()` (mutable, has `__module__` etc.).
    pub const HEAPTYPE: u64 = 1 << 0;
    /// Can be subclassed.
    pub const BASETYPE: u64 = 1 << 1;
    /// Instances get a `__dict__`.
    pub const HAS_DICT: u64 = 1 << 2;
    /// The class or a base defines `__getattribute__` in Python.
    pub const CUSTOM_GETATTRIBUTE: u64 = 1 << 3;
    /// Defines `__getattr__`.
    pub const HAS_GETATTR: u64 = 1 << 4;
    /// Defines `__setattr__`/`__delattr__` in Python.
    pub const CUSTOM_SETATTR: u64 = 1 << 5;
    /// Abstract methods are pending (`__abstractmethods__` non-empty).
    pub const IS_ABSTRACT: u64 = 1 << 6;
    /// Instances support weak references.
    pub const HAS_WEAKREF: u64 = 1 << 7;
    /// Immutable type (builtins): `setattr` on it raises TypeError.
    pub const IMMUTABLE: u64 = 1 << 8;
    /// Instances are exceptions.
    pub const EXCEPTION: u64 = 1 << 9;
    /// Defines `__del__`.
    pub const HAS_DEL: u64 = 1 << 10;
    /// Python sequence/mapping flags for pattern matching.
    pub const SEQUENCE: u64 = 1 << 11;
    pub const MAPPING: u64 = 1 << 12;
    /// Defines `__eq__`/`__hash__` or comparison in Python (disables identity shortcuts
    /// in fast paths for exact builtins only; kept for future quickening).
    pub const CUSTOM_EQ: u64 = 1 << 13;
}

/// Which builtin layout instances of a type carry (the "solid base").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseKind {
    Object,
    Int,
    Bool,
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Type,
    Exception,
    Module,
    Property,
    Function,
    Other,
}

pub struct TypeData {
    pub name: UnsafeCell<String>,
    pub qualname: UnsafeCell<String>,
    pub bases: UnsafeCell<Vec<ObjRef>>,
    pub mro: UnsafeCell<Vec<ObjRef>>,
    /// The type's attribute dict (a dict object).
    pub dict: ObjRef,
    pub flags: Cell<u64>,
    pub base_kind: BaseKind,
    /// Names of `__slots__` (own and inherited, in index order).
    pub slot_names: UnsafeCell<Vec<String>>,
    /// Version tag: changes whenever this type or a base is modified (keys the
    /// global method cache).
    pub version: Cell<u32>,
    /// Direct subclasses (weak, by address) for cache invalidation and `__subclasses__`.
    pub subclasses: UnsafeCell<Vec<usize>>,
    /// The C `PyTypeObject` of a type defined in C (null otherwise).
    pub native: Cell<*mut std::ffi::c_void>,
}

impl TypeData {
    pub fn name(&self) -> &str {
        unsafe { &*self.name.get() }
    }
    pub fn qualname(&self) -> &str {
        unsafe { &*self.qualname.get() }
    }
    pub fn mro(&self) -> &[ObjRef] {
        unsafe { &*self.mro.get() }
    }
    pub fn bases(&self) -> &[ObjRef] {
        unsafe { &*self.bases.get() }
    }
    pub fn dict(&self) -> &PyDict {
        match self.dict.payload() {
            Payload::Dict(d) => d,
            _ => unreachable!("type dict is a dict"),
        }
    }
    pub fn has(&self, f: u64) -> bool {
        self.flags.get() & f != 0
    }
    pub fn set_flag(&self, f: u64, on: bool) {
        let v = self.flags.get();
        self.flags.set(if on { v | f } else { v & !f });
    }
}

/// The `TypeData` of a type object.
#[inline]
pub fn tdata(t: &ObjRef) -> &TypeData {
    match t.payload() {
        Payload::Type(d) => d,
        _ => panic!("not a type object"),
    }
}

pub fn is_type(v: &Value) -> bool {
    matches!(v.payload(), Some(Payload::Type(_)))
}

pub fn type_name(t: &ObjRef) -> String {
    match t.payload() {
        Payload::Type(d) => d.name().to_string(),
        _ => "?".into(),
    }
}

/// Create a new type object.
pub fn new_type_raw(
    meta: &ObjRef,
    name: &str,
    bases: Vec<ObjRef>,
    dict: ObjRef,
    flags: u64,
    base_kind: BaseKind,
) -> ObjRef {
    let data = TypeData {
        name: UnsafeCell::new(name.to_string()),
        qualname: UnsafeCell::new(name.to_string()),
        bases: UnsafeCell::new(bases),
        mro: UnsafeCell::new(Vec::new()),
        dict,
        flags: Cell::new(flags),
        base_kind,
        slot_names: UnsafeCell::new(Vec::new()),
        version: Cell::new(next_version()),
        subclasses: UnsafeCell::new(Vec::new()),
        native: Cell::new(std::ptr::null_mut()),
    };
    ObjRef::new(meta, Payload::Type(Box::new(data)))
}

struct CacheEntry {
    version: u32,
    name: usize,
    value: Option<Value>,
}

const CACHE_SIZE: usize = 1 << 12;
static METHOD_CACHE: crate::gil::GilCell<Vec<CacheEntry>> = crate::gil::GilCell::new(Vec::new());
static NEXT_VERSION: crate::gil::GilCell<u32> = crate::gil::GilCell::new(1);

/// A fresh type version tag.
pub fn next_version() -> u32 {
    let v = NEXT_VERSION.get();
    *v = v.wrapping_add(1).max(1);
    *v
}

/// Look `name` (an interned str object) up along the MRO of `t`, without descriptors.
/// A global direct-mapped cache keyed by (type version, name) makes repeated lookups
/// O(1) without hashing strings.
#[inline]
pub fn lookup(t: &ObjRef, name: &ObjRef) -> Option<Value> {
    let td = tdata(t);
    let version = td.version.get();
    let key = name.addr();
    let slot = ((key >> 4) ^ (version as usize).wrapping_mul(0x9E37_79B9)) & (CACHE_SIZE - 1);
    let cache = METHOD_CACHE.get();
    if let Some(e) = cache.get(slot) {
        if e.version == version && e.name == key {
            return e.value.clone();
        }
    }
    let mut found = None;
    for base in td.mro() {
        if let Some(v) = tdata(base).dict().get_str(name) {
            found = Some(v);
            break;
        }
    }
    // only interned names are stable keys
    let interned = matches!(name.payload(), Payload::Str(s) if s.interned.get());
    if interned {
        let cache = METHOD_CACHE.get();
        if cache.is_empty() {
            cache.resize_with(CACHE_SIZE, || CacheEntry {
                version: 0,
                name: 0,
                value: None,
            });
        }
        let old = std::mem::replace(
            &mut cache[slot],
            CacheEntry {
                version,
                name: key,
                value: found.clone(),
            },
        );
        drop(old);
    }
    found
}

/// Look up by Rust string (interns the name).
pub fn lookup_str(t: &ObjRef, name: &str) -> Option<Value> {
    let n = crate::types::str::intern(name);
    lookup(t, &n)
}

/// Invalidate lookup caches of `t` and its subclasses after a change of its dict or bases.
pub fn modified(t: &ObjRef) {
    let td = tdata(t);
    td.version.set(next_version());
    update_dunder_flags(t);
    let subs: Vec<usize> = unsafe { (*td.subclasses.get()).clone() };
    for s in subs {
        let sub = unsafe { ObjRef::from_ptr(s as *const crate::object::Object) };
        modified(&sub);
    }
}

/// Recompute the flags that record Python-level overrides of attribute hooks.
pub fn update_dunder_flags(t: &ObjRef) {
    let td = tdata(t);
    let ty = types();
    let obj_t = &ty.object;
    let differs = |n: &str| match (lookup_str(t, n), lookup_str(obj_t, n)) {
        (Some(a), Some(b)) => !a.is(&b),
        (Some(_), None) => true,
        _ => false,
    };
    let custom_ga = differs("__getattribute__");
    td.set_flag(tflags::CUSTOM_GETATTRIBUTE, custom_ga);
    td.set_flag(tflags::HAS_GETATTR, lookup_str(t, "__getattr__").is_some());
    let is_type = is_subtype(t, &ty.type_);
    td.set_flag(
        tflags::CUSTOM_SETATTR,
        !is_type && (differs("__setattr__") || differs("__delattr__")),
    );
    if is_type {
        // metaclasses: only Python-level overrides count
        let py = |n: &str| matches!(lookup_str(t, n), Some(Value::Obj(o)) if !matches!(o.payload(), Payload::MethodDescr(_)));
        td.set_flag(
            tflags::CUSTOM_SETATTR,
            py("__setattr__") || py("__delattr__"),
        );
        td.set_flag(tflags::CUSTOM_GETATTRIBUTE, py("__getattribute__"));
    }
    td.set_flag(tflags::HAS_DEL, lookup_str(t, "__del__").is_some());
    let _ = ty;
}

/// `issubclass` along the MRO (no `__subclasscheck__`).
#[inline]
pub fn is_subtype(a: &ObjRef, b: &ObjRef) -> bool {
    if a.is(b) {
        return true;
    }
    match a.payload() {
        Payload::Type(d) => d.mro().iter().any(|t| t.is(b)),
        _ => false,
    }
}

/// `isinstance` without `__instancecheck__`.
#[inline]
pub fn isinstance(v: &Value, t: &ObjRef) -> bool {
    is_subtype(v.class_ref(), t)
}

/// C3 linearization.
pub fn compute_mro(t: &ObjRef, bases: &[ObjRef]) -> PyResult<Vec<ObjRef>> {
    let mut seqs: Vec<Vec<ObjRef>> = bases.iter().map(|b| tdata(b).mro().to_vec()).collect();
    seqs.push(bases.to_vec());
    let mut result = vec![t.clone()];
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(result);
        }
        let mut cand = None;
        for s in &seqs {
            let head = &s[0];
            if !seqs.iter().any(|o| o[1..].iter().any(|x| x.is(head))) {
                cand = Some(head.clone());
                break;
            }
        }
        let Some(c) = cand else {
            let mut names: Vec<String> = Vec::new();
            for s in &seqs {
                let n = type_name(&s[0]);
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            return Err(type_error(format!(
                "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                names.join(", ")
            )));
        };
        for s in seqs.iter_mut() {
            if s[0].is(&c) {
                s.remove(0);
            }
        }
        result.push(c);
    }
}

/// Register `t` as a subclass of each of its bases.
pub fn link_subclass(t: &ObjRef) {
    for b in tdata(t).bases() {
        unsafe { (*tdata(b).subclasses.get()).push(t.addr()) };
    }
}

pub fn unlink_subclass(t: &ObjRef) {
    for b in tdata(t).bases() {
        unsafe { (*tdata(b).subclasses.get()).retain(|&a| a != t.addr()) };
    }
}

/// Add a native method to a builtin type's dict.
pub fn add_method(t: &ObjRef, name: &'static str, f: NativeFn) {
    let d = crate::types::function::new_method_descr(
        name,
        f,
        t,
        crate::types::function::MethKind::Method,
    );
    tdata(t).dict().set_str(name, d);
}

pub fn add_classmethod(t: &ObjRef, name: &'static str, f: NativeFn) {
    let d = crate::types::function::new_method_descr(
        name,
        f,
        t,
        crate::types::function::MethKind::Class,
    );
    tdata(t).dict().set_str(name, d);
}

pub fn add_staticmethod(t: &ObjRef, name: &'static str, f: NativeFn) {
    let d = crate::types::function::new_method_descr(
        name,
        f,
        t,
        crate::types::function::MethKind::Static,
    );
    tdata(t).dict().set_str(name, d);
}

pub fn add_getset(
    t: &ObjRef,
    name: &'static str,
    get: crate::types::descr::Getter,
    set: Option<crate::types::descr::Setter>,
) {
    let d = crate::types::descr::new_getset(name, t, get, set);
    tdata(t).dict().set_str(name, d);
}

pub fn set_attr_str(t: &ObjRef, name: &str, v: Value) {
    tdata(t).dict().set_str(name, v);
}

// ---------------------------------------------------------------------------
// type's own methods

pub fn init_type(t: &ObjRef) {
    add_method(t, "__call__", type_call_method);
    add_staticmethod(t, "__new__", type_new);
    add_method(t, "__init__", type_init);
    add_method(t, "mro", type_mro);
    add_method(t, "__subclasses__", type_subclasses);
    add_method(t, "__instancecheck__", type_instancecheck);
    add_method(t, "__subclasscheck__", type_subclasscheck);
    add_method(t, "__repr__", type_repr);
    add_method(t, "__or__", type_or);
    add_method(t, "__ror__", type_or);
    add_classmethod(t, "__prepare__", type_prepare);
    add_method(t, "__sizeof__", |_a, _k| Ok(Value::Int(880)));
    add_method(t, "__dir__", |a, _k| crate::builtins::type_dir(&a[0]));
    add_getset(
        t,
        "__name__",
        |v| {
            let td = tdata(v.as_obj().unwrap());
            // a type defined in C keeps its full `tp_name` ("module.Name") for messages
            if !td.native.get().is_null() {
                return Ok(td.name().rsplit('.').next().unwrap_or("").into());
            }
            Ok(td.name().into())
        },
        Some(set_name),
    );
    add_getset(
        t,
        "__qualname__",
        |v| Ok(tdata(v.as_obj().unwrap()).qualname().into()),
        Some(set_qualname),
    );
    add_getset(t, "__bases__", get_bases, Some(set_bases));
    add_getset(t, "__base__", get_base, None);
    add_getset(
        t,
        "__mro__",
        |v| {
            Ok(crate::types::tuple::new_tuple(
                tdata(v.as_obj().unwrap())
                    .mro()
                    .iter()
                    .map(|t| Value::Obj(t.clone()))
                    .collect(),
            ))
        },
        None,
    );
    add_getset(
        t,
        "__dict__",
        |v| {
            Ok(crate::types::misc::new_mappingproxy(Value::Obj(
                tdata(v.as_obj().unwrap()).dict.clone(),
            )))
        },
        None,
    );
    add_getset(t, "__module__", get_module, Some(set_module));
    add_getset(t, "__doc__", get_doc, Some(set_doc));
    add_getset(t, "__abstractmethods__", get_abstract, Some(set_abstract));
    add_getset(t, "__annotations__", get_annotations, Some(set_annotations));
    add_getset(
        t,
        "__text_signature__",
        |v| {
            let td = tdata(v.as_obj().unwrap());
            if !td.native.get().is_null() {
                // C types: the signature line of their tp_doc (kept in the dict by ctype)
                return Ok(td
                    .dict()
                    .get_str_key("__text_signature__")
                    .unwrap_or(Value::None));
            }
            Ok(Value::None)
        },
        None,
    );
    add_getset(
        t,
        "__flags__",
        |v| {
            Ok(Value::Int(
                crate::capi_hooks::type_flags(v.as_obj().unwrap()) as i64,
            ))
        },
        None,
    );
    add_getset(t, "__basicsize__", |_| Ok(Value::Int(16)), None);
    add_getset(t, "__itemsize__", |_| Ok(Value::Int(0)), None);
    add_getset(t, "__weakrefoffset__", |_| Ok(Value::Int(0)), None);
    add_getset(t, "__dictoffset__", |_| Ok(Value::Int(0)), None);
}

fn the_type(v: &Value) -> PyResult<&ObjRef> {
    match v {
        Value::Obj(o) if matches!(o.payload(), Payload::Type(_)) => Ok(o),
        _ => Err(type_error(format!(
            "descriptor requires a 'type' object but received '{}'",
            v.type_name()
        ))),
    }
}

fn check_heap(t: &ObjRef, what: &str) -> PyResult<()> {
    if !tdata(t).has(tflags::HEAPTYPE) {
        return Err(type_error(format!(
            "cannot set '{}' attribute of immutable type '{}'",
            what,
            tdata(t).name()
        )));
    }
    Ok(())
}

fn set_name(v: &Value, new: Option<Value>) -> PyResult<()> {
    let t = the_type(v)?;
    check_heap(t, "__name__")?;
    let Some(new) = new else {
        return Err(type_error(
            "cannot delete '__name__' attribute of immutable type",
        ));
    };
    match crate::types::str::as_str(&new) {
        Some(s) => {
            unsafe { *tdata(t).name.get() = s.to_string() };
            Ok(())
        }
        None => Err(type_error(format!(
            "can only assign string to {}.__name__, not '{}'",
            tdata(t).name(),
            new.type_name()
        ))),
    }
}

fn set_qualname(v: &Value, new: Option<Value>) -> PyResult<()> {
    let t = the_type(v)?;
    check_heap(t, "__qualname__")?;
    match new.as_ref().and_then(crate::types::str::as_str) {
        Some(s) => {
            unsafe { *tdata(t).qualname.get() = s.to_string() };
            Ok(())
        }
        None => Err(type_error(format!(
            "can only assign string to {}.__qualname__, not '{}'",
            tdata(t).name(),
            new.map(|n| n.type_name()).unwrap_or_default()
        ))),
    }
}

fn get_bases(v: &Value) -> PyResult<Value> {
    let t = the_type(v)?;
    Ok(crate::types::tuple::new_tuple(
        tdata(t)
            .bases()
            .iter()
            .map(|b| Value::Obj(b.clone()))
            .collect(),
    ))
}

fn get_base(v: &Value) -> PyResult<Value> {
    let t = the_type(v)?;
    Ok(solid_base_of(t).map(Value::Obj).unwrap_or(Value::None))
}

/// `__base__`: the first base (CPython picks the "best base"; the first base whose layout
/// is the most derived — close enough: the first base).
fn solid_base_of(t: &ObjRef) -> Option<ObjRef> {
    tdata(t).bases().first().cloned()
}

fn set_bases(v: &Value, new: Option<Value>) -> PyResult<()> {
    let t = the_type(v)?;
    check_heap(t, "__bases__")?;
    let new = new.ok_or_else(|| type_error("cannot delete '__bases__' attribute"))?;
    let items = crate::types::tuple::as_tuple(&new).ok_or_else(|| {
        type_error(format!(
            "can only assign tuple to {}.__bases__, not {}",
            tdata(t).name(),
            new.type_name()
        ))
    })?;
    if items.is_empty() {
        return Err(type_error(format!(
            "can only assign non-empty tuple to {}.__bases__, not ()",
            tdata(t).name()
        )));
    }
    let mut bases = Vec::new();
    for b in items.iter() {
        match b {
            Value::Obj(o) if matches!(o.payload(), Payload::Type(_)) => {
                if is_subtype(o, t) {
                    return Err(type_error("a __bases__ item causes an inheritance cycle"));
                }
                bases.push(o.clone())
            }
            _ => {
                return Err(type_error(format!(
                    "{}.__bases__ must be tuple of classes, not '{}'",
                    tdata(t).name(),
                    b.type_name()
                )))
            }
        }
    }
    let mro = compute_mro(t, &bases)?;
    unlink_subclass(t);
    unsafe {
        *tdata(t).bases.get() = bases;
        *tdata(t).mro.get() = mro;
    }
    link_subclass(t);
    modified(t);
    Ok(())
}

fn get_module(v: &Value) -> PyResult<Value> {
    let t = the_type(v)?;
    let td = tdata(t);
    if td.has(tflags::HEAPTYPE) {
        if let Some(m) = td.dict().get_str_key("__module__") {
            return Ok(m);
        }
        return Err(attribute_error("__module__"));
    }
    // builtins: "module.name" in the type name, else builtins (the dict of `type` and
    // of the descriptor types holds descriptors under that name, not a module name)
    if let Some(m) = td.dict().get_str_key("__module__") {
        if crate::types::str::as_str(&m).is_some() {
            return Ok(m);
        }
    }
    Ok("builtins".into())
}

fn set_module(v: &Value, new: Option<Value>) -> PyResult<()> {
    let t = the_type(v)?;
    check_heap(t, "__module__")?;
    match new {
        Some(n) => tdata(t).dict().set_str("__module__", n),
        None => {
            tdata(t).dict().del_str("__module__");
        }
    }
    modified(t);
    Ok(())
}

fn get_doc(v: &Value) -> PyResult<Value> {
    let t = the_type(v)?;
    match tdata(t).dict().get_str_key("__doc__") {
        Some(d) => {
            // a descriptor __doc__ (e.g. property) is invoked with None instance
            if let Value::Obj(o) = &d {
                if crate::ops::attr::has_get(&d) && !matches!(o.payload(), Payload::Str(_)) {
                    return crate::ops::attr::call_get(&d, Value::None, Value::Obj(t.clone()));
                }
            }
            Ok(d)
        }
        None => Ok(Value::None),
    }
}

fn set_doc(v: &Value, new: Option<Value>) -> PyResult<()> {
    let t = the_type(v)?;
    check_heap(t, "__doc__")?;
    tdata(t)
        .dict()
        .set_str("__doc__", new.unwrap_or(Value::None));
    modified(t);
    Ok(())
}

fn get_abstract(v: &Value) -> PyResult<Value> {
    let t = the_type(v)?;
    if !t.is(&types().type_) {
        if let Some(a) = tdata(t).dict().get_str_key("__abstractmethods__") {
            return Ok(a);
        }
    }
    Err(attribute_error("__abstractmethods__"))
}

fn set_abstract(v: &Value, new: Option<Value>) -> PyResult<()> {
    let t = the_type(v)?;
    match new {
        Some(n) => {
            let abs = crate::ops::truthy(&n)?;
            tdata(t).dict().set_str("__abstractmethods__", n);
            tdata(t).set_flag(tflags::IS_ABSTRACT, abs);
        }
        None => {
            if tdata(t).dict().del_str("__abstractmethods__").is_none() {
                return Err(attribute_error("__abstractmethods__"));
            }
            tdata(t).set_flag(tflags::IS_ABSTRACT, false);
        }
    }
    modified(t);
    Ok(())
}

fn get_annotations(v: &Value) -> PyResult<Value> {
    let t = the_type(v)?;
    if !tdata(t).has(tflags::HEAPTYPE) {
        return Err(attribute_error(format!(
            "type object '{}' has no attribute '__annotations__'",
            tdata(t).name()
        )));
    }
    if let Some(a) = tdata(t).dict().get_str_key("__annotations__") {
        return Ok(a);
    }
    let d = crate::types::dict::new_dict();
    tdata(t).dict().set_str("__annotations__", d.clone());
    modified(t);
    Ok(d)
}

fn set_annotations(v: &Value, new: Option<Value>) -> PyResult<()> {
    let t = the_type(v)?;
    check_heap(t, "__annotations__")?;
    match new {
        Some(n) => tdata(t).dict().set_str("__annotations__", n),
        None => {
            tdata(t).dict().del_str("__annotations__");
        }
    }
    modified(t);
    Ok(())
}

fn type_repr(args: &[Value], _kw: Kw) -> PyResult<Value> {
    let t = the_type(&args[0])?;
    let td = tdata(t);
    let module = get_module(&args[0]).ok();
    let m = module
        .as_ref()
        .and_then(crate::types::str::as_str)
        .map(|s| s.to_string());
    Ok(match m {
        Some(m) if m != "builtins" => format!("<class '{}.{}'>", m, td.qualname()).into(),
        _ => format!("<class '{}'>", td.qualname()).into(),
    })
}

fn type_or(args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::types::misc::union_or(&args[0], &args[1])
}

fn type_mro(args: &[Value], _kw: Kw) -> PyResult<Value> {
    let t = the_type(&args[0])?;
    let bases = tdata(t).bases().to_vec();
    let mro = compute_mro(t, &bases)?;
    Ok(crate::types::list::new_list(
        mro.into_iter().map(Value::Obj).collect(),
    ))
}

fn type_subclasses(args: &[Value], _kw: Kw) -> PyResult<Value> {
    let t = the_type(&args[0])?;
    let subs: Vec<Value> = unsafe { (*tdata(t).subclasses.get()).iter() }
        .map(|&p| Value::Obj(unsafe { ObjRef::from_ptr(p as *const crate::object::Object) }))
        .collect();
    Ok(crate::types::list::new_list(subs))
}

fn type_instancecheck(args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::errors::check_args("__instancecheck__", args, 2, 2)?;
    let t = the_type(&args[0])?;
    Ok(Value::Bool(crate::ops::isinstance_plain(&args[1], t)?))
}

fn type_subclasscheck(args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::errors::check_args("__subclasscheck__", args, 2, 2)?;
    let t = the_type(&args[0])?;
    Ok(Value::Bool(crate::ops::issubclass_plain(&args[1], t)?))
}

fn type_prepare(_args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(crate::types::dict::new_dict())
}

fn type_init(args: &[Value], kw: Kw) -> PyResult<Value> {
    let n = args.len() - 1 - kw.map_or(0, |k| k.len());
    if n != 1 && n != 3 {
        return Err(type_error("type.__init__() takes 1 or 3 arguments"));
    }
    Ok(Value::None)
}

/// `type.__call__(cls, *args, **kw)`: `__new__` then `__init__`.
fn type_call_method(args: &[Value], kw: Kw) -> PyResult<Value> {
    let t = the_type(&args[0])?.clone();
    call_type(&t, &args[1..], kw)
}

/// Create an instance: `cls(*args, **kw)`.
pub fn call_type(t: &ObjRef, args: &[Value], kw: Kw) -> PyResult<Value> {
    let ty = types();
    // type(x) -> the class of x
    if t.is(&ty.type_) && args.len() == 1 && kw.map_or(true, |k| k.is_empty()) {
        return Ok(Value::Obj(args[0].class()));
    }
    let new = lookup(t, crate::name!("__new__"))
        .ok_or_else(|| type_error(format!("cannot create '{}' instances", tdata(t).name())))?;
    // a plain Python class: allocate here and run its Python `__init__` (what
    // object.__new__ followed by the generic path below would do, minus the checks
    // that cannot fail for such a class)
    if is_object_new(&new) {
        let td = tdata(t);
        if td.base_kind == BaseKind::Object
            && !td.has(tflags::IS_ABSTRACT)
            && td.mro().iter().all(|b| tdata(b).native.get().is_null())
        {
            if let Some(init) = lookup(t, crate::name!("__init__")) {
                if let Some(Payload::Function(_)) = init.payload() {
                    let obj = Value::Obj(ObjRef::new(t, Payload::Instance(instance_slots(t))));
                    let r = crate::ops::call::with_first(&obj, args, |full| {
                        crate::ops::call::call(&init, full, kw)
                    })?;
                    if !r.is_none() {
                        return Err(type_error(format!(
                            "__init__() should return None, not '{}'",
                            r.type_name()
                        )));
                    }
                    return Ok(obj);
                }
            }
        }
    }
    let obj = {
        let newf = match &new {
            Value::Obj(o) => match o.payload() {
                Payload::Descr(d) => match &**d {
                    crate::types::descr::Descr::StaticMethod(f) => f.clone(),
                    _ => new.clone(),
                },
                _ => new.clone(),
            },
            _ => new.clone(),
        };
        crate::ops::call::with_first(&Value::Obj(t.clone()), args, |full| {
            crate::ops::call::call(&newf, full, kw)
        })?
    };
    if !is_subtype(obj.class_ref(), t) {
        return Ok(obj);
    }
    if t.is(&ty.type_) {
        return Ok(obj);
    }
    if let Some(init) = lookup(obj.class_ref(), crate::name!("__init__")) {
        // object.__init__ fast path
        let is_object_init = match &init {
            Value::Obj(o) => match o.payload() {
                Payload::MethodDescr(m) => m.objclass.is(&ty.object),
                _ => false,
            },
            _ => false,
        };
        if is_object_init {
            if !args.is_empty() || kw.map_or(false, |k| !k.is_empty()) {
                crate::types::misc::object_init_check(obj.class_ref(), args, kw)?;
            }
        } else {
            let r = crate::ops::call::with_first(&obj, args, |full| {
                crate::ops::call::call(&init, full, kw)
            })?;
            if !r.is_none() {
                return Err(type_error(format!(
                    "__init__() should return None, not '{}'",
                    r.type_name()
                )));
            }
        }
    }
    Ok(obj)
}

/// Is `v` `object.__new__` itself?
fn is_object_new(v: &Value) -> bool {
    static OBJECT_NEW: crate::gil::GilCell<usize> = crate::gil::GilCell::new(0);
    let Value::Obj(o) = v else {
        return false;
    };
    let cached = OBJECT_NEW.get();
    if *cached == 0 {
        // `object` is immutable, so its `__new__` never changes
        match lookup(&types().object, crate::name!("__new__")) {
            Some(Value::Obj(n)) => *cached = n.addr(),
            _ => return false,
        }
    }
    o.addr() == *cached
}

/// A tiny stack-first argument buffer.
pub mod smallvec_like {
    use crate::value::Value;
    pub struct ArgBuf {
        v: Vec<Value>,
    }
    impl ArgBuf {
        pub fn new() -> Self {
            ArgBuf {
                v: Vec::with_capacity(8),
            }
        }
        pub fn push(&mut self, x: Value) {
            self.v.push(x)
        }
        pub fn extend_from_slice(&mut self, s: &[Value]) {
            self.v.extend_from_slice(s)
        }
    }
    impl Default for ArgBuf {
        fn default() -> Self {
            Self::new()
        }
    }
    impl std::ops::Deref for ArgBuf {
        type Target = [Value];
        fn deref(&self) -> &[Value] {
            &self.v
        }
    }
}

/// `type.__new__(mcls, name, bases, ns, **kw)` and 1-argument `type(x)`.
fn type_new(args: &[Value], kw: Kw) -> PyResult<Value> {
    let nkw = kw.map_or(0, |k| k.len());
    let pos = &args[..args.len() - nkw];
    if pos.is_empty() {
        return Err(type_error("type.__new__(): not enough arguments"));
    }
    let mcls = match &pos[0] {
        Value::Obj(o) if matches!(o.payload(), Payload::Type(_)) => o.clone(),
        v => {
            return Err(type_error(format!(
                "type.__new__(X): X is not a type object ({})",
                v.type_name()
            )))
        }
    };
    if pos.len() == 2 && mcls.is(&types().type_) && nkw == 0 {
        return Ok(Value::Obj(pos[1].class()));
    }
    if pos.len() != 4 {
        return Err(type_error("type() takes 1 or 3 arguments"));
    }
    let name = crate::types::str::as_str(&pos[1])
        .ok_or_else(|| {
            type_error(format!(
                "type.__new__() argument 1 must be str, not {}",
                pos[1].type_name()
            ))
        })?
        .to_string();
    let bases_t = crate::types::tuple::as_tuple(&pos[2]).ok_or_else(|| {
        type_error(format!(
            "type.__new__() argument 2 must be tuple, not {}",
            pos[2].type_name()
        ))
    })?;
    if !matches!(pos[3].payload(), Some(Payload::Dict(_))) {
        return Err(type_error(format!(
            "type.__new__() argument 3 must be dict, not {}",
            pos[3].type_name()
        )));
    }
    let mut kwargs = Vec::new();
    if let Some(k) = kw {
        for (i, n) in k.iter().enumerate() {
            kwargs.push((n.clone(), args[pos.len() + i].clone()));
        }
    }
    // the most derived metaclass wins; if it has its own __new__, it creates the class
    let winner = calculate_meta(&mcls, bases_t)?;
    let mcls = if !winner.is(&mcls) {
        let wnew = lookup_str(&winner, "__new__");
        let tnew = lookup_str(&types().type_, "__new__");
        if let (Some(w), Some(t)) = (&wnew, &tnew) {
            if !w.is(t) {
                let f = match crate::types::descr::as_descr(w) {
                    Some(crate::types::descr::Descr::StaticMethod(f)) => f.clone(),
                    _ => w.clone(),
                };
                let mut full = vec![Value::Obj(winner.clone())];
                full.extend_from_slice(&args[1..]);
                return crate::ops::call::call(&f, &full, kw);
            }
        }
        winner
    } else {
        mcls
    };
    let cls = create_class(&mcls, &name, bases_t.to_vec(), &pos[3], &kwargs)?;
    Ok(Value::Obj(cls))
}

/// The most derived metaclass of `meta` and the bases' metaclasses.
pub fn calculate_meta(meta: &ObjRef, bases: &[Value]) -> PyResult<ObjRef> {
    let mut winner = meta.clone();
    for b in bases {
        let bt = b.class();
        if is_subtype(&winner, &bt) {
            continue;
        }
        if is_subtype(&bt, &winner) {
            winner = bt;
            continue;
        }
        return Err(type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
        ));
    }
    Ok(winner)
}

fn layout_kind(t: &ObjRef) -> BaseKind {
    tdata(t).base_kind
}

/// Create a class (the work of `type.__new__`).
pub fn create_class(
    mcls: &ObjRef,
    name: &str,
    bases_v: Vec<Value>,
    ns: &Value,
    kwargs: &[(Value, Value)],
) -> PyResult<ObjRef> {
    let ty = types();
    let mut bases = Vec::new();
    for b in &bases_v {
        match b {
            Value::Obj(o) if matches!(o.payload(), Payload::Type(_)) => {
                if !tdata(o).has(tflags::BASETYPE) {
                    return Err(type_error(format!(
                        "type '{}' is not an acceptable base type",
                        tdata(o).name()
                    )));
                }
                if bases.iter().any(|x: &ObjRef| x.is(o)) {
                    return Err(type_error(format!(
                        "duplicate base class {}",
                        tdata(o).name()
                    )));
                }
                bases.push(o.clone())
            }
            _ => {
                if crate::ops::attr::lookup_special(b, "__mro_entries__").is_some() {
                    return Err(type_error(
                        "type() doesn't support MRO entry resolution; use types.new_class()",
                    ));
                }
                return Err(type_error(format!("bases must be types")));
            }
        }
    }
    if bases.is_empty() {
        bases.push(ty.object.clone());
    }
    // layout: all non-object layouts must be on one line of inheritance
    let mut kind = BaseKind::Object;
    let mut kind_base: Option<ObjRef> = None;
    for b in &bases {
        let k = layout_kind(b);
        if k == BaseKind::Object {
            continue;
        }
        match &kind_base {
            None => {
                kind = k;
                kind_base = Some(b.clone());
            }
            Some(kb) => {
                let compatible = is_subtype(b, kb) || is_subtype(kb, b) || k == kind;
                if !compatible {
                    return Err(type_error("multiple bases have instance lay-out conflict"));
                }
                if is_subtype(b, kb) {
                    kind = k;
                    kind_base = Some(b.clone());
                }
            }
        }
    }
    if kind == BaseKind::Bool {
        return Err(type_error("type 'bool' is not an acceptable base type"));
    }
    // copy the namespace
    let dict = crate::types::dict::new_dict();
    let d = crate::types::dict::as_dict(&dict).unwrap();
    let nsd = crate::types::dict::as_dict(ns).unwrap();
    for (k, v) in nsd.items() {
        d.set_item(k, v)?;
    }
    let mut flags = tflags::HEAPTYPE | tflags::BASETYPE | tflags::HAS_WEAKREF;
    for b in &bases {
        let bf = tdata(b).flags.get();
        flags |= bf & (tflags::EXCEPTION | tflags::SEQUENCE | tflags::MAPPING);
    }
    // __slots__
    let mut slot_names: Vec<String> = Vec::new();
    for b in bases.iter().rev() {
        for s in unsafe { &*tdata(b).slot_names.get() } {
            if !slot_names.contains(s) {
                slot_names.push(s.clone());
            }
        }
    }
    let inherited_dict = bases.iter().any(|b| tdata(b).has(tflags::HAS_DICT));
    let mut own_slots: Vec<String> = Vec::new();
    let mut has_dict = true;
    if let Some(slots) = d.get_str_key("__slots__") {
        has_dict = inherited_dict;
        let items: Vec<Value> = if crate::types::str::as_str(&slots).is_some() {
            vec![slots.clone()]
        } else {
            crate::ops::iterate(&slots)?
        };
        for it in items {
            let s = crate::types::str::as_str(&it)
                .ok_or_else(|| {
                    type_error(format!(
                        "__slots__ items must be strings, not '{}'",
                        it.type_name()
                    ))
                })?
                .to_string();
            if !crate::types::str::is_identifier(&s) {
                return Err(type_error("__slots__ must be identifiers"));
            }
            if s == "__dict__" {
                if has_dict {
                    return Err(type_error("__dict__ slot disallowed: we already got one"));
                }
                has_dict = true;
                continue;
            }
            if s == "__weakref__" {
                continue;
            }
            let mangled = crate::types::str::mangle(name, &s);
            if d.get_str_key(&mangled).is_some() {
                return Err(value_error(format!(
                    "'{}' in __slots__ conflicts with class variable",
                    s
                )));
            }
            own_slots.push(mangled);
        }
        if !own_slots.is_empty() && kind != BaseKind::Object && kind != BaseKind::Exception {
            // CPython forbids nonempty __slots__ for variable-size builtins
            if matches!(kind, BaseKind::Int | BaseKind::Bytes | BaseKind::Tuple) {
                return Err(type_error(format!(
                    "nonempty __slots__ not supported for subtype of '{}'",
                    tdata(kind_base.as_ref().unwrap()).name()
                )));
            }
        }
    } else {
        has_dict = true;
    }
    if has_dict {
        flags |= tflags::HAS_DICT;
    }
    let base_slot_count = slot_names.len();
    for s in &own_slots {
        slot_names.push(s.clone());
    }
    // __qualname__
    let qualname = match d.del_str("__qualname__") {
        Some(q) => crate::types::str::as_str(&q)
            .ok_or_else(|| {
                type_error(format!(
                    "type __qualname__ must be a str, not {}",
                    q.type_name()
                ))
            })?
            .to_string(),
        None => name.to_string(),
    };
    // __module__ from the caller's globals
    if d.get_str_key("__module__").is_none() {
        if let Some(m) = crate::frame::current_globals_name() {
            d.set_str("__module__", m);
        }
    }
    if d.get_str_key("__doc__").is_none() {
        d.set_str("__doc__", Value::None);
    }
    // wrap special functions
    if let Some(f) = d.get_str_key("__new__") {
        if matches!(f.payload(), Some(Payload::Function(_))) {
            d.set_str("__new__", crate::types::descr::new_staticmethod(f));
        }
    }
    for n in ["__init_subclass__", "__class_getitem__"] {
        if let Some(f) = d.get_str_key(n) {
            if matches!(f.payload(), Some(Payload::Function(_))) {
                d.set_str(n, crate::types::descr::new_classmethod(f));
            }
        }
    }
    // defining __eq__ without __hash__ makes instances unhashable
    if d.get_str_key("__eq__").is_some() && d.get_str_key("__hash__").is_none() {
        d.set_str("__hash__", Value::None);
    }
    let classcell = d.del_str("__classcell__");
    let cls = new_type_raw(
        mcls,
        name,
        bases.clone(),
        dict.as_obj().unwrap().clone(),
        flags,
        kind,
    );
    unsafe { *tdata(&cls).qualname.get() = qualname };
    let mro = compute_mro(&cls, &bases)?;
    unsafe {
        *tdata(&cls).mro.get() = mro;
        *tdata(&cls).slot_names.get() = slot_names.clone();
    }
    // a metaclass overriding mro() decides the __mro__
    if !mcls.is(&types().type_) {
        let own = lookup_str(mcls, "mro");
        let base = lookup_str(&types().type_, "mro");
        if let (Some(o), Some(b)) = (own, base) {
            if !o.is(&b) {
                let r = crate::ops::call_unbound(&o, &Value::Obj(cls.clone()), &[])?;
                let mut custom = Vec::new();
                for v in crate::ops::iterate(&r)? {
                    match v {
                        Value::Obj(t) if matches!(t.payload(), Payload::Type(_)) => custom.push(t),
                        other => {
                            return Err(type_error(format!(
                                "mro() returned a non-class ('{}')",
                                other.type_name()
                            )))
                        }
                    }
                }
                unsafe { *tdata(&cls).mro.get() = custom };
            }
        }
    }
    link_subclass(&cls);
    // slot descriptors
    for (i, s) in own_slots.iter().enumerate() {
        let desc = crate::types::descr::new_member(s, &cls, base_slot_count + i);
        d.set_str(s, desc);
    }
    update_dunder_flags(&cls);
    // abstract methods are computed by abc; nothing here.
    if let Some(cell) = classcell {
        match cell.payload() {
            Some(Payload::Cell(c)) => unsafe { *c.get() = Some(Value::Obj(cls.clone())) },
            _ => {
                return Err(type_error(format!(
                    "__classcell__ must be a nonlocal cell, not {}",
                    cell.type_name()
                )))
            }
        }
    }
    // __set_name__
    for (k, v) in d.items() {
        if let Some(sn) = crate::ops::attr::lookup_special(&v, "__set_name__") {
            crate::ops::call::call(&sn, &[v.clone(), Value::Obj(cls.clone()), k.clone()], None)
                .map_err(|e| crate::errors::add_note_set_name(e, &v, &k, tdata(&cls).name()))?;
        }
    }
    // __init_subclass__ of the parent
    let sup = crate::types::misc::new_super(Value::Obj(cls.clone()), Value::Obj(cls.clone()))?;
    let isc = crate::ops::attr::getattr(&sup, "__init_subclass__")?;
    let mut cargs = Vec::new();
    let mut names = Vec::new();
    for (k, v) in kwargs {
        names.push(k.clone());
        cargs.push(v.clone());
    }
    crate::ops::call::call(
        &isc,
        &cargs,
        if names.is_empty() { None } else { Some(&names) },
    )?;
    Ok(cls)
}

/// Used by `create_class` callers that need a fresh set of slots.
pub fn instance_slots(t: &ObjRef) -> crate::types::Slots {
    let n = unsafe { (*tdata(t).slot_names.get()).len() };
    if n == 0 {
        crate::types::Slots::empty()
    } else {
        crate::types::Slots::with_len(n)
    }
}
