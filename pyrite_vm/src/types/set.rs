//! `set` and `frozenset` (a key-only hash table reusing the dict's).

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::dict::PyDict;
use crate::types::function::Kw;
use crate::types::typeobj::{add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;

#[derive(Default)]
pub struct PySet {
    pub table: PyDict,
}

impl PySet {
    pub fn add(&self, v: Value) -> PyResult<()> {
        self.table.set_item(v, Value::None)
    }
    pub fn contains(&self, v: &Value) -> PyResult<bool> {
        match self.table.contains(v) {
            Ok(b) => Ok(b),
            Err(e) => {
                // a set inside `in` is looked up as a frozenset
                if let Some(s) = as_set(v) {
                    if v.class_ref().is(&types().set) && e.matches(&crate::types::exceptions::exc().type_error) {
                        let f = new_frozenset_from(s.items());
                        return self.table.contains(&f);
                    }
                }
                Err(e)
            }
        }
    }
    pub fn discard(&self, v: &Value) -> PyResult<bool> {
        Ok(self.table.del_item(v)?.is_some())
    }
    pub fn len(&self) -> usize {
        self.table.len()
    }
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
    pub fn items(&self) -> Vec<Value> {
        self.table.keys()
    }
}

pub fn as_set(v: &Value) -> Option<&PySet> {
    match v.payload() {
        Some(Payload::Set(s)) => Some(s),
        _ => None,
    }
}

pub fn is_frozen(v: &Value) -> bool {
    crate::types::typeobj::isinstance(v, &types().frozenset)
}

pub fn new_set_empty() -> Value {
    Value::Obj(ObjRef::new(&types().set, Payload::Set(PySet::default())))
}

pub fn new_frozenset_empty() -> Value {
    Value::Obj(ObjRef::new(&types().frozenset, Payload::Set(PySet::default())))
}

pub fn new_set_from(items: Vec<Value>) -> PyResult<Value> {
    let s = new_set_empty();
    for it in items {
        as_set(&s).unwrap().add(it)?;
    }
    Ok(s)
}

pub fn new_frozenset_from(items: Vec<Value>) -> Value {
    let s = new_frozenset_empty();
    for it in items {
        let _ = as_set(&s).unwrap().add(it);
    }
    s
}

fn this(v: &Value) -> PyResult<&PySet> {
    as_set(v).ok_or_else(|| type_error(format!("descriptor requires a 'set' object but received a '{}'", v.type_name())))
}

/// A new set of the same kind (set or frozenset) as `like`.
fn same_kind(like: &Value, items: Vec<Value>) -> PyResult<Value> {
    if is_frozen(like) {
        Ok(new_frozenset_from(items))
    } else {
        new_set_from(items)
    }
}

fn other_items(v: &Value) -> PyResult<Vec<Value>> {
    match as_set(v) {
        Some(s) => Ok(s.items()),
        None => crate::ops::iterate(v),
    }
}

fn union(a: &Value, others: &[Value]) -> PyResult<Value> {
    let mut items = this(a)?.items();
    for o in others {
        items.extend(other_items(o)?);
    }
    same_kind(a, items)
}

fn intersection(a: &Value, others: &[Value]) -> PyResult<Value> {
    let mut cur = this(a)?.items();
    for o in others {
        let other = match as_set(o) {
            Some(_) => o.clone(),
            None => new_set_from(crate::ops::iterate(o)?)?,
        };
        let os = as_set(&other).unwrap();
        let mut next = Vec::new();
        for x in cur {
            if os.contains(&x)? {
                next.push(x);
            }
        }
        cur = next;
    }
    same_kind(a, cur)
}

fn difference(a: &Value, others: &[Value]) -> PyResult<Value> {
    let mut cur = this(a)?.items();
    for o in others {
        let other = match as_set(o) {
            Some(_) => o.clone(),
            None => new_set_from(crate::ops::iterate(o)?)?,
        };
        let os = as_set(&other).unwrap();
        let mut next = Vec::new();
        for x in cur {
            if !os.contains(&x)? {
                next.push(x);
            }
        }
        cur = next;
    }
    same_kind(a, cur)
}

fn symdiff(a: &Value, o: &Value) -> PyResult<Value> {
    let other = match as_set(o) {
        Some(_) => o.clone(),
        None => new_set_from(crate::ops::iterate(o)?)?,
    };
    let s = this(a)?;
    let os = as_set(&other).unwrap();
    let mut out = Vec::new();
    for x in s.items() {
        if !os.contains(&x)? {
            out.push(x);
        }
    }
    for x in os.items() {
        if !s.contains(&x)? {
            out.push(x);
        }
    }
    same_kind(a, out)
}

fn issubset(a: &PySet, b: &PySet) -> PyResult<bool> {
    if a.len() > b.len() {
        return Ok(false);
    }
    for x in a.items() {
        if !b.contains(&x)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn binop(a: &[Value], f: fn(&Value, &[Value]) -> PyResult<Value>) -> PyResult<Value> {
    if as_set(&a[1]).is_none() {
        return Ok(crate::types::misc::not_implemented());
    }
    f(&a[0], &a[1..2])
}

fn set_repr(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(&a[0])?;
    let name = a[0].type_name();
    let items = s.items();
    let Some(_g) = crate::ops::repr_guard(&a[0]) else { return Ok(format!("{}(...)", name).into()) };
    if items.is_empty() {
        return Ok(format!("{}()", name).into());
    }
    let inner = crate::types::tuple::seq_repr(&items, "{", "}")?;
    if a[0].class_ref().is(&types().set) {
        Ok(inner.into())
    } else {
        Ok(format!("{}({})", name, inner).into())
    }
}

fn cmp(a: &[Value], which: u8) -> PyResult<Value> {
    let (Some(x), Some(y)) = (as_set(&a[0]), as_set(&a[1])) else {
        return Ok(crate::types::misc::not_implemented());
    };
    Ok(Value::Bool(match which {
        0 => x.len() == y.len() && issubset(x, y)?,
        1 => !(x.len() == y.len() && issubset(x, y)?),
        2 => x.len() < y.len() && issubset(x, y)?,
        3 => issubset(x, y)?,
        4 => x.len() > y.len() && issubset(y, x)?,
        _ => issubset(y, x)?,
    }))
}

fn init_common(t: &ObjRef) {
    add_method(t, "__len__", |a, _| Ok(Value::Int(this(&a[0])?.len() as i64)));
    add_method(t, "__contains__", |a, _| Ok(Value::Bool(this(&a[0])?.contains(&a[1])?)));
    add_method(t, "__iter__", |a, _| {
        this(&a[0])?;
        Ok(crate::types::iter::new_set_iter(a[0].clone()))
    });
    add_method(t, "__repr__", set_repr);
    add_method(t, "__or__", |a, _| binop(a, union));
    add_method(t, "__ror__", |a, _| binop(a, union));
    add_method(t, "__and__", |a, _| binop(a, intersection));
    add_method(t, "__rand__", |a, _| binop(a, intersection));
    add_method(t, "__sub__", |a, _| binop(a, difference));
    add_method(t, "__rsub__", |a, _| {
        if as_set(&a[1]).is_none() {
            return Ok(crate::types::misc::not_implemented());
        }
        difference(&a[1], &a[..1])
    });
    add_method(t, "__xor__", |a, _| {
        if as_set(&a[1]).is_none() {
            return Ok(crate::types::misc::not_implemented());
        }
        symdiff(&a[0], &a[1])
    });
    add_method(t, "__rxor__", |a, _| {
        if as_set(&a[1]).is_none() {
            return Ok(crate::types::misc::not_implemented());
        }
        symdiff(&a[0], &a[1])
    });
    add_method(t, "__eq__", |a, _| cmp(a, 0));
    add_method(t, "__ne__", |a, _| cmp(a, 1));
    add_method(t, "__lt__", |a, _| cmp(a, 2));
    add_method(t, "__le__", |a, _| cmp(a, 3));
    add_method(t, "__gt__", |a, _| cmp(a, 4));
    add_method(t, "__ge__", |a, _| cmp(a, 5));
    add_method(t, "union", |a, _| union(&a[0], &a[1..]));
    add_method(t, "intersection", |a, _| intersection(&a[0], &a[1..]));
    add_method(t, "difference", |a, _| difference(&a[0], &a[1..]));
    add_method(t, "symmetric_difference", |a, _| {
        check_args("symmetric_difference", &a[1..], 1, 1)?;
        symdiff(&a[0], &a[1])
    });
    add_method(t, "issubset", |a, _| {
        check_args("issubset", &a[1..], 1, 1)?;
        let o = if as_set(&a[1]).is_some() { a[1].clone() } else { new_set_from(crate::ops::iterate(&a[1])?)? };
        Ok(Value::Bool(issubset(this(&a[0])?, as_set(&o).unwrap())?))
    });
    add_method(t, "issuperset", |a, _| {
        check_args("issuperset", &a[1..], 1, 1)?;
        let o = if as_set(&a[1]).is_some() { a[1].clone() } else { new_set_from(crate::ops::iterate(&a[1])?)? };
        Ok(Value::Bool(issubset(as_set(&o).unwrap(), this(&a[0])?)?))
    });
    add_method(t, "isdisjoint", |a, _| {
        check_args("isdisjoint", &a[1..], 1, 1)?;
        let s = this(&a[0])?;
        for x in other_items(&a[1])? {
            if s.contains(&x)? {
                return Ok(Value::Bool(false));
            }
        }
        Ok(Value::Bool(true))
    });
    add_method(t, "copy", |a, _| same_kind(&a[0], this(&a[0])?.items()));
    crate::types::typeobj::add_classmethod(t, "__class_getitem__", crate::types::misc::generic_alias_method);
}

pub fn init_set(t: &ObjRef) {
    init_common(t);
    add_staticmethod(t, "__new__", |a, _| {
        let cls = crate::types::misc::check_new_cls(a, "set")?;
        Ok(crate::types::misc::new_instance(&cls, Payload::Set(PySet::default())))
    });
    add_method(t, "__init__", |a, kw| {
        let args = crate::args::parse("set", &a[1..], kw, &[""], 0)?;
        let s = this(&a[0])?;
        s.table.clear();
        if let Some(v) = &args[0] {
            for x in crate::ops::iterate(v)? {
                s.add(x)?;
            }
        }
        Ok(Value::None)
    });
    add_method(t, "add", |a, _| {
        check_args("add", &a[1..], 1, 1)?;
        this(&a[0])?.add(a[1].clone())?;
        Ok(Value::None)
    });
    add_method(t, "discard", |a, _| {
        this(&a[0])?.discard(&a[1])?;
        Ok(Value::None)
    });
    add_method(t, "remove", |a, _| {
        if !this(&a[0])?.discard(&a[1])? {
            return Err(key_error(a[1].clone()));
        }
        Ok(Value::None)
    });
    add_method(t, "pop", |a, _| {
        let s = this(&a[0])?;
        match s.table.next_entry(0) {
            Some((_, k, _)) => {
                s.discard(&k)?;
                Ok(k)
            }
            None => Err(PyErr::new(&crate::types::exceptions::exc().key_error, "pop from an empty set")),
        }
    });
    add_method(t, "clear", |a, _| {
        this(&a[0])?.table.clear();
        Ok(Value::None)
    });
    add_method(t, "update", |a, _| {
        let s = this(&a[0])?;
        for o in &a[1..] {
            for x in other_items(o)? {
                s.add(x)?;
            }
        }
        Ok(Value::None)
    });
    fn inplace(a: &[Value], f: fn(&Value, &[Value]) -> PyResult<Value>, check: bool) -> PyResult<Value> {
        if check && as_set(&a[1]).is_none() {
            return Ok(crate::types::misc::not_implemented());
        }
        let r = f(&a[0], &a[1..])?;
        let s = this(&a[0])?;
        let items = as_set(&r).unwrap().items();
        s.table.clear();
        for x in items {
            s.add(x)?;
        }
        Ok(if check { a[0].clone() } else { Value::None })
    }
    add_method(t, "__ior__", |a, _| inplace(a, union, true));
    add_method(t, "__iand__", |a, _| inplace(a, intersection, true));
    add_method(t, "__isub__", |a, _| inplace(a, difference, true));
    add_method(t, "__ixor__", |a, _| inplace(a, |x, o| symdiff(x, &o[0]), true));
    add_method(t, "intersection_update", |a, _| inplace(a, intersection, false));
    add_method(t, "difference_update", |a, _| inplace(a, difference, false));
    add_method(t, "symmetric_difference_update", |a, _| inplace(a, |x, o| symdiff(x, &o[0]), false));
    crate::types::typeobj::set_attr_str(t, "__hash__", Value::None);
}

pub fn init_frozenset(t: &ObjRef) {
    init_common(t);
    add_staticmethod(t, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "frozenset")?;
        let args = crate::args::parse("frozenset", &a[1..], kw, &[""], 0)?;
        let s = crate::types::misc::new_instance(&cls, Payload::Set(PySet::default()));
        if let Some(v) = &args[0] {
            for x in crate::ops::iterate(v)? {
                as_set(&s).unwrap().add(x)?;
            }
        }
        Ok(s)
    });
    add_method(t, "__hash__", |a, _| {
        // order-independent combination (as CPython's frozenset hash is)
        let s = this(&a[0])?;
        let mut h: u64 = 0;
        for x in s.items() {
            let xh = crate::ops::hash(&x)? as u64;
            h ^= (xh ^ (xh << 16) ^ 89869747).wrapping_mul(3644798167);
        }
        h ^= (s.len() as u64 + 1).wrapping_mul(1927868237);
        h ^= (h >> 11) ^ (h >> 25);
        h = h.wrapping_mul(69069).wrapping_add(907133923);
        let r = h as i64;
        Ok(Value::Int(if r == -1 { 590923713 } else { r }))
    });
}
