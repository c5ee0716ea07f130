//! The abstract object protocols (CPython's `abstract.c`/`object.c`): truth, repr,
//! hashing, comparison, iteration, item access. Fast paths for builtin types first,
//! then the generic dunder-method protocol.

pub mod arith;
pub mod attr;
pub mod cache;
pub mod call;

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::exceptions::exc;
use crate::types::{types, Payload};
use crate::value::Value;
use pyrite_compiler::bytecode::CmpOp;

/// An interned name cached per call site: `name!("__len__")` is a `&'static ObjRef`.
#[macro_export]
macro_rules! name {
    ($s:literal) => {{
        static CELL: $crate::gil::GilCell<Option<$crate::object::ObjRef>> =
            $crate::gil::GilCell::new(None);
        &*CELL
            .get()
            .get_or_insert_with(|| $crate::types::str::intern($s))
    }};
}

/// Look up a special method on the type and call it with `v` as self.
/// `Ok(None)` when the type does not define it.
pub fn call_special(v: &Value, name: &ObjRef, args: &[Value]) -> PyResult<Option<Value>> {
    let Some(f) = crate::types::typeobj::lookup(v.class_ref(), name) else {
        return Ok(None);
    };
    Ok(Some(call_unbound(&f, v, args)?))
}

/// Call an attribute found on the type as a method of `v`.
pub fn call_unbound(f: &Value, v: &Value, args: &[Value]) -> PyResult<Value> {
    match f.payload() {
        Some(Payload::Function(_)) | Some(Payload::MethodDescr(_)) => {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(v.clone());
            full.extend_from_slice(args);
            call::call(f, &full, None)
        }
        _ => {
            let bound = attr::bind(f, v)?;
            call::call(&bound, args, None)
        }
    }
}

pub fn truthy(v: &Value) -> PyResult<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::None => Ok(false),
        Value::Int(i) => Ok(*i != 0),
        Value::Float(f) => Ok(*f != 0.0),
        Value::Obj(o) => {
            let ty = types();
            let cls = o.class_ref();
            if cls.is(&ty.str) || cls.is(&ty.list) || cls.is(&ty.tuple) || cls.is(&ty.dict) {
                return Ok(len(v)? != 0);
            }
            if let Some(r) = call_special(v, name!("__bool__"), &[])? {
                return match r {
                    Value::Bool(b) => Ok(b),
                    _ => Err(type_error(format!(
                        "__bool__ should return bool, returned {}",
                        r.type_name()
                    ))),
                };
            }
            if crate::types::typeobj::lookup(cls, name!("__len__")).is_some() {
                return Ok(len(v)? != 0);
            }
            Ok(true)
        }
    }
}

/// `repr(v)` as a Rust string.
pub fn repr(v: &Value) -> PyResult<String> {
    match v {
        Value::None => Ok("None".into()),
        Value::Bool(b) => Ok(if *b { "True" } else { "False" }.into()),
        Value::Int(i) => Ok(i.to_string()),
        Value::Float(f) => Ok(crate::types::float::float_repr(*f)),
        Value::Obj(o) => {
            if o.class_ref().is(&types().str) {
                if let Payload::Str(s) = o.payload() {
                    return Ok(crate::types::str::repr_str(s.as_str()));
                }
            }
            // repr may recurse without Python frames (`__repr__ = __str__`)
            let _depth = call::NativeDepth::enter()?;
            let r = call_special(v, name!("__repr__"), &[])?
                .ok_or_else(|| type_error("object has no __repr__"))?;
            match crate::types::str::as_str(&r) {
                Some(s) => Ok(s.to_string()),
                None => Err(type_error(format!(
                    "__repr__ returned non-string (type {})",
                    r.type_name()
                ))),
            }
        }
    }
}

/// `ascii(v)`.
pub fn ascii(v: &Value) -> PyResult<String> {
    let r = repr(v)?;
    let mut out = String::with_capacity(r.len());
    for c in r.chars() {
        let u = c as u32;
        if u < 128 {
            out.push(c)
        } else if u <= 0xff {
            out.push_str(&format!("\\x{:02x}", u))
        } else if u <= 0xffff {
            out.push_str(&format!("\\u{:04x}", u))
        } else {
            out.push_str(&format!("\\U{:08x}", u))
        }
    }
    Ok(out)
}

/// `str(v)` as a str value.
pub fn str_value(v: &Value) -> PyResult<Value> {
    match v {
        Value::Obj(o) if o.class_ref().is(&types().str) => Ok(v.clone()),
        Value::Obj(_) => {
            let _depth = call::NativeDepth::enter()?;
            let r = call_special(v, name!("__str__"), &[])?
                .ok_or_else(|| type_error("object has no __str__"))?;
            if crate::types::str::as_str(&r).is_none() {
                return Err(type_error(format!(
                    "__str__ returned non-string (type {})",
                    r.type_name()
                )));
            }
            Ok(r)
        }
        _ => Ok(Value::from(repr(v)?)),
    }
}

/// `str(v)` as a Rust string.
pub fn to_str(v: &Value) -> PyResult<String> {
    let s = str_value(v)?;
    Ok(crate::types::str::as_str(&s).unwrap_or("").to_string())
}

/// `format(v, spec)`.
pub fn format(v: &Value, spec: Option<&Value>) -> PyResult<Value> {
    let spec = spec.cloned().unwrap_or_else(|| Value::from(""));
    let r = call_special(v, name!("__format__"), &[spec])?
        .ok_or_else(|| type_error("object has no __format__"))?;
    if crate::types::str::as_str(&r).is_none() {
        return Err(type_error(format!(
            "__format__ must return a str, not {}",
            r.type_name()
        )));
    }
    Ok(r)
}

/// Guard against infinite recursion in container reprs: `None` if `v` is already being
/// repr'd on this thread.
pub fn repr_guard(v: &Value) -> Option<ReprGuard> {
    let id = v.id() as usize;
    let t = crate::vm::thread();
    if t.repr_stack.contains(&id) {
        return None;
    }
    t.repr_stack.push(id);
    Some(ReprGuard(id))
}

pub struct ReprGuard(usize);
impl Drop for ReprGuard {
    fn drop(&mut self) {
        let t = crate::vm::thread();
        if let Some(p) = t.repr_stack.iter().rposition(|&x| x == self.0) {
            t.repr_stack.remove(p);
        }
    }
}

// ---------------------------------------------------------------------------
// hashing

pub const HASH_MODULUS: u64 = (1 << 61) - 1;

pub fn hash_i64(i: i64) -> i64 {
    let a = i.unsigned_abs() % HASH_MODULUS;
    let mut h = a as i64;
    if i < 0 {
        h = -h;
    }
    if h == -1 {
        -2
    } else {
        h
    }
}

pub fn hash(v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(hash_i64(*i)),
        Value::Bool(b) => Ok(*b as i64),
        Value::None => Ok(0xfc_a86),
        Value::Float(f) => Ok(crate::types::float::hash_float(*f, v)),
        Value::Obj(o) => {
            let ty = types();
            let cls = o.class_ref();
            if cls.is(&ty.str) {
                if let Payload::Str(s) = o.payload() {
                    return Ok(s.hash());
                }
            }
            match crate::types::typeobj::lookup(cls, name!("__hash__")) {
                None | Some(Value::None) => {
                    Err(type_error(format!("unhashable type: '{}'", v.type_name())))
                }
                Some(f) => {
                    let r = call_unbound(&f, v, &[])?;
                    match r {
                        Value::Int(i) => Ok(if i == -1 { -2 } else { i }),
                        Value::Bool(b) => Ok(b as i64),
                        Value::Obj(ref ro) if matches!(ro.payload(), Payload::Int(_)) => {
                            Ok(crate::types::int::hash_int_value(&r))
                        }
                        _ => Err(type_error("__hash__ method should return an integer")),
                    }
                }
            }
        }
    }
}

/// Default `object.__hash__`.
pub fn identity_hash(v: &Value) -> i64 {
    let id = v.id();
    let h = (id >> 4) | (id << 60);
    if h == -1 {
        -2
    } else {
        h
    }
}

// ---------------------------------------------------------------------------
// comparison

#[inline]
pub fn cmp_ord(o: std::cmp::Ordering, op: CmpOp) -> bool {
    use std::cmp::Ordering::*;
    match op {
        CmpOp::Lt => o == Less,
        CmpOp::Le => o != Greater,
        CmpOp::Eq => o == Equal,
        CmpOp::Ne => o != Equal,
        CmpOp::Gt => o == Greater,
        CmpOp::Ge => o != Less,
    }
}

/// Equality without running Python code, when the answer is known.
#[inline]
pub fn fast_eq(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x == y),
        (Value::Float(x), Value::Float(y)) => Some(x == y),
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => {
            Some(crate::types::float::int_eq_float(*x, *y))
        }
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::Bool(x), Value::Int(y)) | (Value::Int(y), Value::Bool(x)) => Some(*x as i64 == *y),
        (Value::None, Value::None) => Some(true),
        (Value::None, _) | (_, Value::None) => {
            // None == obj may call obj.__eq__
            match (a, b) {
                (Value::Obj(_), _) | (_, Value::Obj(_)) => None,
                _ => Some(false),
            }
        }
        (Value::Obj(x), Value::Obj(y)) => {
            let ty = types();
            if x.class_ref().is(&ty.str) && y.class_ref().is(&ty.str) {
                if let (Payload::Str(s1), Payload::Str(s2)) = (x.payload(), y.payload()) {
                    return Some(s1.as_str() == s2.as_str());
                }
            }
            None
        }
        (Value::Obj(x), _) | (_, Value::Obj(x)) => {
            let ty = types();
            let c = x.class_ref();
            if c.is(&ty.str)
                || c.is(&ty.tuple)
                || c.is(&ty.list)
                || c.is(&ty.dict)
                || c.is(&ty.bytes)
            {
                Some(false)
            } else {
                None
            }
        }
        _ => Some(false),
    }
}

/// `a == b` as a bool (identity implies equality, as in containers).
pub fn eq(a: &Value, b: &Value) -> PyResult<bool> {
    if a.is(b) {
        return Ok(true);
    }
    if let Some(r) = fast_eq(a, b) {
        return Ok(r);
    }
    let r = compare(a, b, CmpOp::Eq)?;
    truthy(&r)
}

fn cmp_name(op: CmpOp) -> &'static ObjRef {
    match op {
        CmpOp::Lt => name!("__lt__"),
        CmpOp::Le => name!("__le__"),
        CmpOp::Eq => name!("__eq__"),
        CmpOp::Ne => name!("__ne__"),
        CmpOp::Gt => name!("__gt__"),
        CmpOp::Ge => name!("__ge__"),
    }
}

fn is_not_implemented(v: &Value) -> bool {
    crate::types::misc::is_not_implemented(v)
}

/// Rich comparison `a op b`.
pub fn compare(a: &Value, b: &Value, op: CmpOp) -> PyResult<Value> {
    // numeric fast paths
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => return Ok(Value::Bool(cmp_ord(x.cmp(y), op))),
        (Value::Float(x), Value::Float(y)) => {
            return Ok(Value::Bool(match op {
                CmpOp::Lt => x < y,
                CmpOp::Le => x <= y,
                CmpOp::Eq => x == y,
                CmpOp::Ne => x != y,
                CmpOp::Gt => x > y,
                CmpOp::Ge => x >= y,
            }))
        }
        _ => {}
    }
    if let (Value::Obj(x), Value::Obj(y)) = (a, b) {
        let ty = types();
        if x.class_ref().is(&ty.str) && y.class_ref().is(&ty.str) {
            if let (Payload::Str(s1), Payload::Str(s2)) = (x.payload(), y.payload()) {
                return Ok(Value::Bool(cmp_ord(s1.as_str().cmp(s2.as_str()), op)));
            }
        }
    }
    let ta = a.class_ref();
    let tb = b.class_ref();
    let mut checked_reflected = false;
    if !ta.is(tb) && crate::types::typeobj::is_subtype(tb, ta) {
        if let Some(f) = crate::types::typeobj::lookup(tb, cmp_name(op.swapped())) {
            checked_reflected = true;
            let r = call_unbound(&f, b, &[a.clone()])?;
            if !is_not_implemented(&r) {
                return Ok(r);
            }
        }
    }
    if let Some(f) = crate::types::typeobj::lookup(ta, cmp_name(op)) {
        let r = call_unbound(&f, a, &[b.clone()])?;
        if !is_not_implemented(&r) {
            return Ok(r);
        }
    }
    if !checked_reflected {
        if let Some(f) = crate::types::typeobj::lookup(tb, cmp_name(op.swapped())) {
            let r = call_unbound(&f, b, &[a.clone()])?;
            if !is_not_implemented(&r) {
                return Ok(r);
            }
        }
    }
    match op {
        CmpOp::Eq => Ok(Value::Bool(a.is(b))),
        CmpOp::Ne => Ok(Value::Bool(!a.is(b))),
        _ => Err(type_error(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            a.type_name(),
            b.type_name()
        ))),
    }
}

/// `a < b` as a bool (sorting).
pub fn lt(a: &Value, b: &Value) -> PyResult<bool> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(x < y),
        (Value::Float(x), Value::Float(y)) => Ok(x < y),
        _ => truthy(&compare(a, b, CmpOp::Lt)?),
    }
}

// ---------------------------------------------------------------------------
// isinstance / issubclass

pub fn isinstance_plain(v: &Value, t: &ObjRef) -> PyResult<bool> {
    if crate::types::typeobj::isinstance(v, t) {
        return Ok(true);
    }
    // obj.__class__ may differ from type(obj) (proxies)
    match attr::getattr(v, "__class__") {
        Ok(Value::Obj(c)) if !c.is(v.class_ref()) && matches!(c.payload(), Payload::Type(_)) => {
            Ok(crate::types::typeobj::is_subtype(&c, t))
        }
        _ => Ok(false),
    }
}

pub fn issubclass_plain(sub: &Value, t: &ObjRef) -> PyResult<bool> {
    match sub {
        Value::Obj(o) if matches!(o.payload(), Payload::Type(_)) => {
            Ok(crate::types::typeobj::is_subtype(o, t))
        }
        _ => {
            // abstract classes: look at __bases__
            let bases = attr::getattr(sub, "__bases__")
                .map_err(|_| type_error("issubclass() arg 1 must be a class"))?;
            for b in iterate(&bases)? {
                if b.is(&Value::Obj(t.clone())) || issubclass_plain(&b, t)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

/// `isinstance(v, cls)` with `__instancecheck__`, tuples and unions.
pub fn isinstance(v: &Value, cls: &Value) -> PyResult<bool> {
    if let Value::Obj(c) = cls {
        if c.class_ref().is(&types().type_) {
            return isinstance_plain(v, c);
        }
        if let Some(items) = crate::types::tuple::as_tuple(cls) {
            for it in items.to_vec() {
                if isinstance(v, &it)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        if let Some(args) = crate::types::misc::union_args(cls) {
            return isinstance(v, &args);
        }
        // an exact type match never consults __instancecheck__ (as in CPython)
        if v.class_ref().is(c) {
            return Ok(true);
        }
    }
    if let Some(f) = crate::types::typeobj::lookup(cls.class_ref(), name!("__instancecheck__")) {
        let r = call_unbound(&f, cls, &[v.clone()])?;
        return truthy(&r);
    }
    Err(type_error(
        "isinstance() arg 2 must be a type, a tuple of types, or a union",
    ))
}

pub fn issubclass(sub: &Value, cls: &Value) -> PyResult<bool> {
    if let Value::Obj(c) = cls {
        if c.class_ref().is(&types().type_) {
            if !crate::types::typeobj::is_type(sub) && attr::getattr(sub, "__bases__").is_err() {
                return Err(type_error("issubclass() arg 1 must be a class"));
            }
            return issubclass_plain(sub, c);
        }
        if let Some(items) = crate::types::tuple::as_tuple(cls) {
            for it in items.to_vec() {
                if issubclass(sub, &it)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        if let Some(args) = crate::types::misc::union_args(cls) {
            return issubclass(sub, &args);
        }
    }
    if let Some(f) = crate::types::typeobj::lookup(cls.class_ref(), name!("__subclasscheck__")) {
        let r = call_unbound(&f, cls, &[sub.clone()])?;
        return truthy(&r);
    }
    Err(type_error(
        "issubclass() arg 2 must be a class, a tuple of classes, or a union",
    ))
}

// ---------------------------------------------------------------------------
// iteration

pub fn is_iterable(v: &Value) -> bool {
    let t = v.class_ref();
    crate::types::typeobj::lookup(t, name!("__iter__")).map_or(false, |x| !x.is_none())
        || crate::types::typeobj::lookup(t, name!("__getitem__")).is_some()
}

/// `iter(v)`.
pub fn get_iter(v: &Value) -> PyResult<Value> {
    if let Value::Obj(o) = v {
        let ty = types();
        let c = o.class_ref();
        if c.is(&ty.list) {
            return Ok(crate::types::iter::new_seq_iter(
                v.clone(),
                crate::types::iter::SeqKind::List,
            ));
        }
        if c.is(&ty.tuple) {
            return Ok(crate::types::iter::new_seq_iter(
                v.clone(),
                crate::types::iter::SeqKind::Tuple,
            ));
        }
        if c.is(&ty.range) {
            return crate::types::range::range_iter(v);
        }
        match crate::types::typeobj::lookup(c, name!("__iter__")) {
            Some(Value::None) => {}
            Some(f) => {
                let it = call_unbound(&f, v, &[])?;
                if crate::types::typeobj::lookup(it.class_ref(), name!("__next__")).is_none() {
                    return Err(type_error(format!(
                        "iter() returned non-iterator of type '{}'",
                        it.type_name()
                    )));
                }
                return Ok(it);
            }
            None => {
                if crate::types::typeobj::lookup(c, name!("__getitem__")).is_some() {
                    return Ok(crate::types::iter::new_seq_iter(
                        v.clone(),
                        crate::types::iter::SeqKind::GetItem,
                    ));
                }
            }
        }
    }
    Err(type_error(format!(
        "'{}' object is not iterable",
        v.type_name()
    )))
}

/// `next(it)`; `Ok(None)` at exhaustion (StopIteration swallowed).
pub fn next(it: &Value) -> PyResult<Option<Value>> {
    if let Value::Obj(o) = it {
        if let Payload::Iter(i) = o.payload() {
            if o.class_ref().is(&types().list_iterator)
                || o.class_ref().is(&types().tuple_iterator)
                || o.class_ref().is(&types().range_iterator)
            {
                return crate::types::iter::iter_next(i);
            }
        }
        if let Payload::Generator(_) = o.payload() {
            if o.class_ref().is(&types().generator) {
                return crate::types::generator::gen_next(it);
            }
        }
    }
    let f = crate::types::typeobj::lookup(it.class_ref(), name!("__next__"))
        .ok_or_else(|| type_error(format!("'{}' object is not an iterator", it.type_name())))?;
    match call_unbound(&f, it, &[]) {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.matches(&exc().stop_iteration) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Collect an iterable into a Vec.
pub fn iterate(v: &Value) -> PyResult<Vec<Value>> {
    if let Some(t) = crate::types::tuple::as_tuple(v) {
        if v.class_ref().is(&types().tuple) {
            return Ok(t.to_vec());
        }
    }
    if let Some(l) = crate::types::list::as_list(v) {
        if v.class_ref().is(&types().list) {
            return Ok(l.to_vec());
        }
    }
    // the length hint, as list() takes it: a __len__ that fails with anything but
    // TypeError (e.g. range(2**64): OverflowError) stops here, and the size is reserved
    // up front (MemoryError instead of growing until the machine runs out)
    let mut out = Vec::new();
    if let Value::Obj(o) = v {
        if crate::types::typeobj::lookup(o.class_ref(), name!("__len__")).is_some() {
            match len(v) {
                Ok(n) => out.try_reserve(n).map_err(|_| memory_error())?,
                Err(e) if e.matches(&exc().type_error) => {}
                Err(e) => return Err(e),
            }
        }
    }
    let it = get_iter(v)?;
    while let Some(x) = next(&it)? {
        out.push(x);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// containers

pub fn len(v: &Value) -> PyResult<usize> {
    if let Value::Obj(o) = v {
        match o.payload() {
            Payload::Str(s) if o.class_ref().is(&types().str) => return Ok(s.len()),
            Payload::List(l) if o.class_ref().is(&types().list) => return Ok(l.len()),
            Payload::Tuple(t) if o.class_ref().is(&types().tuple) => return Ok(t.len()),
            Payload::Dict(d) if o.class_ref().is(&types().dict) => return Ok(d.len()),
            _ => {}
        }
    }
    match call_special(v, name!("__len__"), &[])? {
        Some(r) => {
            let n = crate::types::int::index_value(&r).map_err(|_| {
                type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    r.type_name()
                ))
            })?;
            match n {
                Value::Int(i) if i >= 0 => Ok(i as usize),
                Value::Int(_) => Err(value_error("__len__() should return >= 0")),
                _ => Err(overflow_error(
                    "cannot fit 'int' into an index-sized integer",
                )),
            }
        }
        None => Err(type_error(format!(
            "object of type '{}' has no len()",
            v.type_name()
        ))),
    }
}

pub fn getitem(o: &Value, k: &Value) -> PyResult<Value> {
    if let Value::Obj(ob) = o {
        match (ob.payload(), k) {
            (Payload::List(l), Value::Int(i)) if ob.class_ref().is(&types().list) => {
                return l
                    .get_index(*i)
                    .ok_or_else(|| index_error("list index out of range"));
            }
            (Payload::Tuple(t), Value::Int(i)) if ob.class_ref().is(&types().tuple) => {
                let n = t.len() as i64;
                let j = if *i < 0 { i + n } else { *i };
                if j < 0 || j >= n {
                    return Err(index_error("tuple index out of range"));
                }
                return Ok(t[j as usize].clone());
            }
            (Payload::Dict(d), _) if ob.class_ref().is(&types().dict) => {
                return d.get_item(k)?.ok_or_else(|| key_error(k.clone()));
            }
            _ => {}
        }
    }
    if let Some(r) = call_special(o, name!("__getitem__"), &[k.clone()])? {
        return Ok(r);
    }
    if let Value::Obj(ob) = o {
        if matches!(ob.payload(), Payload::Type(_)) {
            // `type[int]`: the one class subscripted without a __class_getitem__
            if ob.is(&types().type_) {
                return Ok(crate::types::misc::new_generic_alias(o.clone(), k.clone()));
            }
            if let Some(cg) = attr::getattr_opt(o, "__class_getitem__")? {
                return call::call(&cg, &[k.clone()], None);
            }
            return Err(type_error(format!(
                "type '{}' is not subscriptable",
                crate::types::typeobj::type_name(ob)
            )));
        }
    }
    Err(type_error(format!(
        "'{}' object is not subscriptable",
        o.type_name()
    )))
}

pub fn setitem(o: &Value, k: Value, v: Value) -> PyResult<()> {
    if let Value::Obj(ob) = o {
        match (ob.payload(), &k) {
            (Payload::List(l), Value::Int(i)) if ob.class_ref().is(&types().list) => {
                return if l.set_index(*i, v) {
                    Ok(())
                } else {
                    Err(index_error("list assignment index out of range"))
                };
            }
            (Payload::Dict(d), _) if ob.class_ref().is(&types().dict) => return d.set_item(k, v),
            _ => {}
        }
    }
    match call_special(o, name!("__setitem__"), &[k, v])? {
        Some(_) => Ok(()),
        None => Err(type_error(format!(
            "'{}' object does not support item assignment",
            o.type_name()
        ))),
    }
}

pub fn delitem(o: &Value, k: &Value) -> PyResult<()> {
    match call_special(o, name!("__delitem__"), &[k.clone()])? {
        Some(_) => Ok(()),
        None => Err(type_error(format!(
            "'{}' object doesn't support item deletion",
            o.type_name()
        ))),
    }
}

/// `item in container`.
pub fn contains(container: &Value, item: &Value) -> PyResult<bool> {
    if let Value::Obj(ob) = container {
        match ob.payload() {
            Payload::Dict(d) if ob.class_ref().is(&types().dict) => return d.contains(item),
            Payload::Set(s)
                if ob.class_ref().is(&types().set) || ob.class_ref().is(&types().frozenset) =>
            {
                return s.contains(item)
            }
            Payload::Str(s) if ob.class_ref().is(&types().str) => {
                return match crate::types::str::as_str(item) {
                    Some(sub) => Ok(s.as_str().contains(sub)),
                    None => Err(type_error(format!(
                        "'in <string>' requires string as left operand, not {}",
                        item.type_name()
                    ))),
                };
            }
            _ => {}
        }
    }
    if let Some(r) = call_special(container, name!("__contains__"), &[item.clone()])? {
        return truthy(&r);
    }
    // fall back to iteration
    let it = get_iter(container).map_err(|_| {
        type_error(format!(
            "argument of type '{}' is not iterable",
            container.type_name()
        ))
    })?;
    while let Some(x) = next(&it)? {
        if eq(&x, item)? {
            return Ok(true);
        }
    }
    Ok(false)
}
