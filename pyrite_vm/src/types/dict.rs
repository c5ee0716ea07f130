//! `dict`: a compact, insertion-ordered hash table (an index table of `i32` into a dense
//! entry vector), plus its methods, views and iterators.
//!
//! Reentrancy: `__hash__`/`__eq__` of keys may run Python code that mutates the dict.
//! No Rust reference into the table is held across such a call: comparisons run on
//! cloned keys and the lookup restarts if the dict's `version` changed meanwhile.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::typeobj::{add_classmethod, add_method};
use crate::types::{types, Payload};
use crate::value::Value;
use std::cell::UnsafeCell;

const EMPTY: i32 = -1;
const DUMMY: i32 = -2;

pub struct Entry {
    pub hash: i64,
    pub key: Value,
    pub value: Value,
}

#[derive(Default)]
struct Inner {
    indices: Vec<i32>,
    entries: Vec<Option<Entry>>,
    used: usize,
    version: u64,
}

#[derive(Default)]
pub struct PyDict {
    inner: UnsafeCell<Inner>,
}

enum Probe {
    Found(usize),
    /// Not found; the slot where the key would be inserted.
    Missing(usize),
}

impl Inner {
    fn mask(&self) -> usize {
        self.indices.len() - 1
    }
}

impl PyDict {
    pub fn new() -> PyDict {
        PyDict::default()
    }
    #[inline]
    fn inner(&self) -> &mut Inner {
        // SAFETY: GIL held; callers never keep this borrow across Python code.
        unsafe { &mut *self.inner.get() }
    }
    pub fn len(&self) -> usize {
        self.inner().used
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn version(&self) -> u64 {
        self.inner().version
    }

    /// Find `key` with hash `hash`. Python `__eq__` may run.
    fn probe(&self, key: &Value, hash: i64) -> PyResult<Probe> {
        'restart: loop {
            let inner = self.inner();
            if inner.indices.is_empty() {
                return Ok(Probe::Missing(usize::MAX));
            }
            let mask = inner.mask();
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            let mut first_dummy = usize::MAX;
            loop {
                let ix = inner.indices[i];
                if ix == EMPTY {
                    return Ok(Probe::Missing(if first_dummy != usize::MAX { first_dummy } else { i }));
                }
                if ix == DUMMY {
                    if first_dummy == usize::MAX {
                        first_dummy = i;
                    }
                } else {
                    let e = inner.entries[ix as usize].as_ref().unwrap();
                    if e.hash == hash {
                        if e.key.is(key) {
                            return Ok(Probe::Found(ix as usize));
                        }
                        match crate::ops::fast_eq(&e.key, key) {
                            Some(true) => return Ok(Probe::Found(ix as usize)),
                            Some(false) => {}
                            None => {
                                let k = e.key.clone();
                                let version = inner.version;
                                let eq = crate::ops::eq(&k, key)?;
                                let inner = self.inner();
                                if inner.version != version {
                                    continue 'restart;
                                }
                                if eq {
                                    return Ok(Probe::Found(ix as usize));
                                }
                            }
                        }
                    }
                }
                perturb >>= 5;
                i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
            }
        }
    }

    fn resize(&self, min_used: usize) {
        let inner = self.inner();
        let mut size = 8;
        while size * 2 < min_used * 3 {
            size *= 2;
        }
        let old: Vec<Option<Entry>> = std::mem::take(&mut inner.entries);
        inner.entries = Vec::with_capacity(size * 2 / 3 + 1);
        inner.indices = vec![EMPTY; size];
        let mask = size - 1;
        for e in old.into_iter().flatten() {
            let mut perturb = e.hash as u64;
            let mut i = (e.hash as u64 as usize) & mask;
            while inner.indices[i] != EMPTY {
                perturb >>= 5;
                i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
            }
            inner.indices[i] = inner.entries.len() as i32;
            inner.entries.push(Some(e));
        }
    }

    pub fn get_item_hashed(&self, key: &Value, hash: i64) -> PyResult<Option<Value>> {
        match self.probe(key, hash)? {
            Probe::Found(ix) => Ok(self.inner().entries[ix].as_ref().map(|e| e.value.clone())),
            Probe::Missing(_) => Ok(None),
        }
    }

    pub fn get_item(&self, key: &Value) -> PyResult<Option<Value>> {
        let h = crate::ops::hash(key)?;
        self.get_item_hashed(key, h)
    }

    pub fn contains(&self, key: &Value) -> PyResult<bool> {
        Ok(self.get_item(key)?.is_some())
    }

    pub fn set_item_hashed(&self, key: Value, hash: i64, value: Value) -> PyResult<()> {
        match self.probe(&key, hash)? {
            Probe::Found(ix) => {
                let inner = self.inner();
                let old = std::mem::replace(&mut inner.entries[ix].as_mut().unwrap().value, value);
                drop(old);
            }
            Probe::Missing(slot) => {
                let inner = self.inner();
                if slot == usize::MAX || inner.entries.len() + 1 > inner.indices.len() * 2 / 3 {
                    self.resize(inner.used + 1);
                    return self.insert_new(key, hash, value);
                }
                inner.indices[slot] = inner.entries.len() as i32;
                inner.entries.push(Some(Entry { hash, key, value }));
                inner.used += 1;
                inner.version += 1;
            }
        }
        Ok(())
    }

    /// Insert a key known to be absent (after a resize).
    fn insert_new(&self, key: Value, hash: i64, value: Value) -> PyResult<()> {
        let inner = self.inner();
        let mask = inner.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        while inner.indices[i] >= 0 {
            perturb >>= 5;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
        inner.indices[i] = inner.entries.len() as i32;
        inner.entries.push(Some(Entry { hash, key, value }));
        inner.used += 1;
        inner.version += 1;
        Ok(())
    }

    pub fn set_item(&self, key: Value, value: Value) -> PyResult<()> {
        let h = crate::ops::hash(&key)?;
        self.set_item_hashed(key, h, value)
    }

    /// Remove `key`; returns the old value or None if absent.
    pub fn del_item(&self, key: &Value) -> PyResult<Option<Value>> {
        let h = crate::ops::hash(key)?;
        self.del_item_hashed(key, h)
    }

    pub fn del_item_hashed(&self, key: &Value, h: i64) -> PyResult<Option<Value>> {
        match self.probe(key, h)? {
            Probe::Found(ix) => {
                let inner = self.inner();
                // find the index slot pointing at ix
                let mask = inner.mask();
                let mut perturb = h as u64;
                let mut i = (h as u64 as usize) & mask;
                while inner.indices[i] != ix as i32 {
                    perturb >>= 5;
                    i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
                }
                inner.indices[i] = DUMMY;
                let e = inner.entries[ix].take().unwrap();
                inner.used -= 1;
                inner.version += 1;
                // compact when mostly holes
                if inner.entries.len() > 16 && inner.used * 4 < inner.entries.len() {
                    let used = inner.used;
                    self.resize(used);
                }
                let Entry { key, value, .. } = e;
                drop(key);
                Ok(Some(value))
            }
            Probe::Missing(_) => Ok(None),
        }
    }

    // ---- str-keyed helpers (namespaces): no Python code runs ----

    /// Look up an (interned or not) str key; compares only with str keys.
    pub fn get_str(&self, name: &ObjRef) -> Option<Value> {
        let Payload::Str(s) = name.payload() else { return None };
        let hash = s.hash();
        let inner = self.inner();
        if inner.indices.is_empty() {
            return None;
        }
        let mask = inner.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let ix = inner.indices[i];
            if ix == EMPTY {
                return None;
            }
            if ix >= 0 {
                let e = inner.entries[ix as usize].as_ref().unwrap();
                if e.hash == hash {
                    if let Value::Obj(k) = &e.key {
                        if k.is(name) {
                            return Some(e.value.clone());
                        }
                        if let Payload::Str(ks) = k.payload() {
                            if ks.as_str() == s.as_str() {
                                return Some(e.value.clone());
                            }
                        }
                    }
                }
            }
            perturb >>= 5;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    pub fn get_str_key(&self, name: &str) -> Option<Value> {
        self.get_str(&crate::types::str::intern(name))
    }

    pub fn set_str(&self, name: &str, v: Value) {
        let k = crate::types::str::intern(name);
        let h = crate::types::str::str_hash(&k);
        // str keys: hashing and equality cannot fail
        let _ = self.set_item_hashed(Value::Obj(k), h, v);
    }

    pub fn del_str(&self, name: &str) -> Option<Value> {
        let k = Value::Obj(crate::types::str::intern(name));
        self.del_item(&k).ok().flatten()
    }

    // ---- iteration ----

    /// Entry at dense position `pos` (skipping holes), with the next position.
    pub fn next_entry(&self, mut pos: usize) -> Option<(usize, Value, Value)> {
        let inner = self.inner();
        while pos < inner.entries.len() {
            if let Some(e) = &inner.entries[pos] {
                return Some((pos + 1, e.key.clone(), e.value.clone()));
            }
            pos += 1;
        }
        None
    }

    /// Start position for reverse iteration.
    pub fn next_entry_rev_start(&self) -> usize {
        self.inner().entries.len()
    }

    /// Reverse iteration: entry before dense position `pos`.
    pub fn next_entry_rev(&self, mut pos: usize) -> Option<(usize, Value, Value)> {
        let inner = self.inner();
        while pos > 0 {
            pos -= 1;
            if let Some(e) = inner.entries.get(pos).and_then(|e| e.as_ref()) {
                return Some((pos, e.key.clone(), e.value.clone()));
            }
        }
        None
    }

    pub fn items(&self) -> Vec<(Value, Value)> {
        self.inner()
            .entries
            .iter()
            .flatten()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect()
    }
    pub fn keys(&self) -> Vec<Value> {
        self.inner().entries.iter().flatten().map(|e| e.key.clone()).collect()
    }
    pub fn values(&self) -> Vec<Value> {
        self.inner().entries.iter().flatten().map(|e| e.value.clone()).collect()
    }
    pub fn clear(&self) {
        let inner = self.inner();
        let old = std::mem::take(&mut inner.entries);
        inner.indices = Vec::new();
        inner.used = 0;
        inner.version += 1;
        drop(old);
    }
    /// Last inserted item (for `popitem`).
    pub fn pop_last(&self) -> Option<(Value, Value)> {
        let inner = self.inner();
        let pos = inner.entries.iter().rposition(|e| e.is_some())?;
        let (k, h) = {
            let e = inner.entries[pos].as_ref().unwrap();
            (e.key.clone(), e.hash)
        };
        let v = self.del_item_hashed(&k, h).ok().flatten()?;
        Some((k, v))
    }
    /// Visit all keys and values (for the cycle collector).
    pub fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        for e in self.inner().entries.iter().flatten() {
            f(&e.key);
            f(&e.value);
        }
    }
    /// Take every entry out (cycle collector's clear).
    pub fn take_all(&self) -> Vec<(Value, Value)> {
        let inner = self.inner();
        let old = std::mem::take(&mut inner.entries);
        inner.indices = Vec::new();
        inner.used = 0;
        inner.version += 1;
        old.into_iter().flatten().map(|e| (e.key, e.value)).collect()
    }
    pub fn copy(&self) -> PyDict {
        let d = PyDict::new();
        let inner = self.inner();
        if inner.used > 0 {
            d.resize(inner.used);
            for e in inner.entries.iter().flatten() {
                let _ = d.insert_new(e.key.clone(), e.hash, e.value.clone());
            }
        }
        d
    }
}

pub fn new_dict() -> Value {
    Value::Obj(ObjRef::new(&types().dict, Payload::Dict(PyDict::new())))
}

pub fn new_dict_from(d: PyDict) -> Value {
    Value::Obj(ObjRef::new(&types().dict, Payload::Dict(d)))
}

pub fn as_dict(v: &Value) -> Option<&PyDict> {
    match v {
        Value::Obj(o) => match o.payload() {
            Payload::Dict(d) => Some(d),
            _ => None,
        },
        _ => None,
    }
}

pub fn obj_dict(o: &ObjRef) -> &PyDict {
    match o.payload() {
        Payload::Dict(d) => d,
        _ => panic!("not a dict"),
    }
}

fn this(v: &Value) -> PyResult<&PyDict> {
    as_dict(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'dict' object but received a '{}'",
            v.type_name()
        ))
    })
}

// ---------------------------------------------------------------------------
// methods

pub fn init(t: &ObjRef) {
    add_method(t, "__getitem__", dict_getitem);
    add_method(t, "__setitem__", |a, _| {
        check_args("__setitem__", a, 3, 3)?;
        this(&a[0])?.set_item(a[1].clone(), a[2].clone())?;
        Ok(Value::None)
    });
    add_method(t, "__delitem__", |a, _| {
        check_args("__delitem__", a, 2, 2)?;
        match this(&a[0])?.del_item(&a[1])? {
            Some(_) => Ok(Value::None),
            None => Err(key_error(a[1].clone())),
        }
    });
    add_method(t, "__contains__", |a, _| {
        check_args("__contains__", a, 2, 2)?;
        Ok(Value::Bool(this(&a[0])?.contains(&a[1])?))
    });
    add_method(t, "__len__", |a, _| Ok(Value::Int(this(&a[0])?.len() as i64)));
    add_method(t, "__iter__", |a, _| {
        this(&a[0])?;
        Ok(crate::types::iter::new_dict_iter(a[0].clone(), crate::types::iter::DictIterKind::Keys, false))
    });
    add_method(t, "__reversed__", |a, _| {
        this(&a[0])?;
        Ok(crate::types::iter::new_dict_iter(a[0].clone(), crate::types::iter::DictIterKind::Keys, true))
    });
    add_method(t, "__repr__", dict_repr);
    add_method(t, "__eq__", |a, _| dict_richcmp(&a[0], &a[1], true));
    add_method(t, "__ne__", |a, _| dict_richcmp(&a[0], &a[1], false));
    add_method(t, "__init__", dict_init);
    add_crate_new(t);
    add_method(t, "keys", |a, _| Ok(crate::types::iter::new_dict_view(a[0].clone(), crate::types::iter::DictIterKind::Keys)));
    add_method(t, "values", |a, _| Ok(crate::types::iter::new_dict_view(a[0].clone(), crate::types::iter::DictIterKind::Values)));
    add_method(t, "items", |a, _| Ok(crate::types::iter::new_dict_view(a[0].clone(), crate::types::iter::DictIterKind::Items)));
    add_method(t, "get", |a, _| {
        check_args("get", &a[1..], 1, 2)?;
        Ok(this(&a[0])?.get_item(&a[1])?.unwrap_or_else(|| a.get(2).cloned().unwrap_or(Value::None)))
    });
    add_method(t, "setdefault", |a, _| {
        check_args("setdefault", &a[1..], 1, 2)?;
        let d = this(&a[0])?;
        if let Some(v) = d.get_item(&a[1])? {
            return Ok(v);
        }
        let dflt = a.get(2).cloned().unwrap_or(Value::None);
        d.set_item(a[1].clone(), dflt.clone())?;
        Ok(dflt)
    });
    add_method(t, "pop", |a, _| {
        check_args("pop", &a[1..], 1, 2)?;
        match this(&a[0])?.del_item(&a[1])? {
            Some(v) => Ok(v),
            None => a.get(2).cloned().ok_or_else(|| key_error(a[1].clone())),
        }
    });
    add_method(t, "popitem", |a, _| match this(&a[0])?.pop_last() {
        Some((k, v)) => Ok(crate::types::tuple::new_tuple(vec![k, v])),
        None => Err(PyErr::new(&crate::types::exceptions::exc().key_error, "popitem(): dictionary is empty")),
    });
    add_method(t, "clear", |a, _| {
        this(&a[0])?.clear();
        Ok(Value::None)
    });
    add_method(t, "copy", |a, _| Ok(new_dict_from(this(&a[0])?.copy())));
    add_method(t, "update", dict_update_method);
    add_classmethod(t, "fromkeys", dict_fromkeys);
    add_method(t, "__or__", |a, _| {
        if as_dict(&a[1]).is_none() {
            return Ok(crate::types::misc::not_implemented());
        }
        let d = new_dict_from(this(&a[0])?.copy());
        update_from(as_dict(&d).unwrap(), &a[1])?;
        Ok(d)
    });
    add_method(t, "__ror__", |a, _| {
        if as_dict(&a[1]).is_none() {
            return Ok(crate::types::misc::not_implemented());
        }
        let d = new_dict_from(as_dict(&a[1]).unwrap().copy());
        update_from(as_dict(&d).unwrap(), &a[0])?;
        Ok(d)
    });
    add_method(t, "__ior__", |a, _| {
        update_from(this(&a[0])?, &a[1])?;
        Ok(a[0].clone())
    });
    add_method(t, "__sizeof__", |a, _| Ok(Value::Int(48 + 24 * this(&a[0])?.len() as i64)));
    add_classmethod(t, "__class_getitem__", crate::types::misc::generic_alias_method);
    crate::types::typeobj::set_attr_str(t, "__hash__", Value::None);
}

fn add_crate_new(t: &ObjRef) {
    crate::types::typeobj::add_staticmethod(t, "__new__", |a, _| {
        let cls = crate::types::misc::check_new_cls(a, "dict")?;
        Ok(crate::types::misc::new_instance(&cls, Payload::Dict(PyDict::new())))
    });
}

fn dict_getitem(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("__getitem__", a, 2, 2)?;
    let d = this(&a[0])?;
    match d.get_item(&a[1])? {
        Some(v) => Ok(v),
        None => {
            // __missing__ on subclasses
            if !a[0].class_ref().is(&types().dict) {
                if let Some(m) = crate::ops::attr::lookup_special(&a[0], "__missing__") {
                    return crate::ops::call::call(&m, &[a[0].clone(), a[1].clone()], None);
                }
            }
            Err(key_error(a[1].clone()))
        }
    }
}

fn dict_repr(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = this(&a[0])?;
    let Some(_guard) = crate::ops::repr_guard(&a[0]) else {
        return Ok("{...}".into());
    };
    let mut s = String::from("{");
    let mut pos = 0;
    let mut first = true;
    while let Some((next, k, v)) = d.next_entry(pos) {
        pos = next;
        if !first {
            s.push_str(", ");
        }
        first = false;
        s.push_str(&crate::ops::repr(&k)?);
        s.push_str(": ");
        s.push_str(&crate::ops::repr(&v)?);
    }
    s.push('}');
    Ok(s.into())
}

fn dict_richcmp(a: &Value, b: &Value, eq: bool) -> PyResult<Value> {
    let (Some(x), Some(y)) = (as_dict(a), as_dict(b)) else {
        return Ok(crate::types::misc::not_implemented());
    };
    let r = dict_equal(x, y)?;
    Ok(Value::Bool(r == eq))
}

pub fn dict_equal(x: &PyDict, y: &PyDict) -> PyResult<bool> {
    if x.len() != y.len() {
        return Ok(false);
    }
    for (k, v) in x.items() {
        match y.get_item(&k)? {
            Some(w) => {
                if !v.is(&w) && !crate::ops::eq(&v, &w)? {
                    return Ok(false);
                }
            }
            None => return Ok(false),
        }
    }
    Ok(true)
}

/// `d.update(other)` for mappings (with `keys()`) or iterables of pairs.
pub fn update_from(d: &PyDict, other: &Value) -> PyResult<()> {
    if let Some(o) = as_dict(other) {
        for (k, v) in o.items() {
            d.set_item(k, v)?;
        }
        return Ok(());
    }
    if crate::ops::attr::lookup_special(other, "keys").is_some() {
        let keys = crate::ops::attr::call_method(other, "keys", &[])?;
        for k in crate::ops::iterate(&keys)? {
            let v = crate::ops::getitem(other, &k)?;
            d.set_item(k, v)?;
        }
        return Ok(());
    }
    let it = crate::ops::get_iter(other).map_err(|e| {
        if e.matches(&crate::types::exceptions::exc().type_error) {
            type_error(format!("'{}' object is not iterable", other.type_name()))
        } else {
            e
        }
    })?;
    let mut i = 0;
    while let Some(item) = crate::ops::next(&it)? {
        let pair = crate::ops::iterate(&item).map_err(|_| {
            type_error(format!(
                "cannot convert dictionary update sequence element #{} to a sequence",
                i
            ))
        })?;
        if pair.len() != 2 {
            return Err(value_error(format!(
                "dictionary update sequence element #{} has length {}; 2 is required",
                i,
                pair.len()
            )));
        }
        let mut p = pair.into_iter();
        let k = p.next().unwrap();
        let v = p.next().unwrap();
        d.set_item(k, v)?;
        i += 1;
    }
    Ok(())
}

fn dict_update_method(a: &[Value], kw: Kw) -> PyResult<Value> {
    let d = this(&a[0])?;
    let nkw = kw.map_or(0, |k| k.len());
    let pos = &a[1..a.len() - nkw];
    if pos.len() > 1 {
        return Err(type_error(format!(
            "update expected at most 1 argument, got {}",
            pos.len()
        )));
    }
    if let Some(o) = pos.first() {
        update_from(d, o)?;
    }
    if let Some(k) = kw {
        for (i, n) in k.iter().enumerate() {
            d.set_item(n.clone(), a[a.len() - nkw + i].clone())?;
        }
    }
    Ok(Value::None)
}

fn dict_init(a: &[Value], kw: Kw) -> PyResult<Value> {
    let nkw = kw.map_or(0, |k| k.len());
    if a.len() - nkw > 2 {
        return Err(type_error(format!(
            "dict expected at most 1 argument, got {}",
            a.len() - nkw - 1
        )));
    }
    dict_update_method(a, kw)
}

fn dict_fromkeys(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("fromkeys", &a[1..], 1, 2)?;
    let cls = &a[0];
    let d = crate::ops::call::call(cls, &[], None)?;
    let v = a.get(2).cloned().unwrap_or(Value::None);
    for k in crate::ops::iterate(&a[1])? {
        crate::ops::setitem(&d, k, v.clone())?;
    }
    Ok(d)
}
