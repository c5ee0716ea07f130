//! `dict`: a compact, insertion-ordered hash table (an index table of `i32` into a dense
//! entry vector), plus its methods, views and iterators.
//!
//! Reentrancy: `__hash__`/`__eq__` of keys may run Python code that mutates the dict.
//! No Rust reference into the table is held across such a call: comparisons run on
//! cloned keys and the lookup restarts if the dict's `version` changed meanwhile.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::margs;
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
    /// some key is not an exact str (CPython's "general" key table; for `__sizeof__`)
    general: bool,
}

static DICT_VERSION: crate::gil::GilCell<u64> = crate::gil::GilCell::new(0);

/// A fresh key-set version. Versions come from one counter shared by all dicts, so a
/// (version) pair identifies one dict's key set: the interpreter's global-load caches
/// remember an entry index under it. Only a dict that never had a key has version 0.
#[inline]
fn next_version() -> u64 {
    let v = DICT_VERSION.get();
    *v += 1;
    *v
}

/// CPython's usable fraction of an index table of `n` slots.
#[inline]
fn usable(n: usize) -> usize {
    (n << 1) / 3
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
                    return Ok(Probe::Missing(if first_dummy != usize::MAX {
                        first_dummy
                    } else {
                        i
                    }));
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
                        match key_fast_eq(&e.key, key) {
                            Some(true) => return Ok(Probe::Found(ix as usize)),
                            Some(false) => {}
                            None => {
                                let k = e.key.clone();
                                let version = inner.version;
                                let eq = crate::types::list::item_eq(&k, key)?;
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
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(perturb as usize))
                    & mask;
            }
        }
    }

    /// Rebuild the index table with at least `min_size` slots (a power of two >= 8),
    /// compacting the entries.
    fn resize(&self, min_size: usize) {
        let inner = self.inner();
        let mut size = 8;
        while size < min_size {
            size *= 2;
        }
        let old: Vec<Option<Entry>> = std::mem::take(&mut inner.entries);
        inner.version = next_version();
        inner.entries = Vec::with_capacity(usable(size));
        inner.indices = vec![EMPTY; size];
        let mask = size - 1;
        for e in old.into_iter().flatten() {
            let mut perturb = e.hash as u64;
            let mut i = (e.hash as u64 as usize) & mask;
            while inner.indices[i] != EMPTY {
                perturb >>= 5;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(perturb as usize))
                    & mask;
            }
            inner.indices[i] = inner.entries.len() as i32;
            inner.entries.push(Some(e));
        }
    }

    /// Make room for one more entry (CPython's growth: 3 x used).
    fn grow(&self) {
        let used = self.inner().used;
        self.resize(used * 3);
    }

    /// Preallocate for `n` entries (as CPython's presized dicts).
    pub fn presize(&self, n: usize) {
        if n > 5 && self.inner().indices.is_empty() {
            self.resize((n * 3 + 1) / 2);
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
                if !inner.general && !is_exact_str(&key) {
                    inner.general = true;
                }
                if slot == usize::MAX || inner.entries.len() >= usable(inner.indices.len()) {
                    self.grow();
                    return self.insert_new(key, hash, value);
                }
                inner.indices[slot] = inner.entries.len() as i32;
                inner.entries.push(Some(Entry { hash, key, value }));
                inner.used += 1;
                inner.version = next_version();
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
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
        inner.indices[i] = inner.entries.len() as i32;
        inner.entries.push(Some(Entry { hash, key, value }));
        inner.used += 1;
        inner.version = next_version();
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
                    i = (i
                        .wrapping_mul(5)
                        .wrapping_add(1)
                        .wrapping_add(perturb as usize))
                        & mask;
                }
                inner.indices[i] = DUMMY;
                let Some(e) = inner.entries[ix].take() else {
                    return Ok(None);
                };
                inner.used -= 1;
                inner.version = next_version();
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
        let Payload::Str(s) = name.payload() else {
            return None;
        };
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
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// The entry index of a str key (see `get_str`), for caches keyed by `version`.
    pub fn find_str(&self, name: &ObjRef) -> Option<usize> {
        let Payload::Str(s) = name.payload() else {
            return None;
        };
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
                            return Some(ix as usize);
                        }
                        if let Payload::Str(ks) = k.payload() {
                            if ks.as_str() == s.as_str() {
                                return Some(ix as usize);
                            }
                        }
                    }
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// The value of the entry at index `ix` (as found by `find_str` under the current
    /// `version`).
    #[inline]
    pub fn value_at(&self, ix: usize) -> Option<&Value> {
        self.inner()
            .entries
            .get(ix)
            .and_then(|e| e.as_ref())
            .map(|e| &e.value)
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

    /// Like `next_entry`, with the stored hash.
    pub fn next_entry_hashed(&self, mut pos: usize) -> Option<(usize, Value, Value, i64)> {
        let inner = self.inner();
        while pos < inner.entries.len() {
            if let Some(e) = &inner.entries[pos] {
                return Some((pos + 1, e.key.clone(), e.value.clone(), e.hash));
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
        self.inner()
            .entries
            .iter()
            .flatten()
            .map(|e| e.key.clone())
            .collect()
    }
    pub fn values(&self) -> Vec<Value> {
        self.inner()
            .entries
            .iter()
            .flatten()
            .map(|e| e.value.clone())
            .collect()
    }
    /// Keys with their stored hashes, in order.
    pub fn keys_hashed(&self) -> Vec<(Value, i64)> {
        self.inner()
            .entries
            .iter()
            .flatten()
            .map(|e| (e.key.clone(), e.hash))
            .collect()
    }
    /// (key, value, hash) triples, in order.
    pub fn items_hashed(&self) -> Vec<(Value, Value, i64)> {
        self.inner()
            .entries
            .iter()
            .flatten()
            .map(|e| (e.key.clone(), e.value.clone(), e.hash))
            .collect()
    }
    pub fn clear(&self) {
        let inner = self.inner();
        let old = std::mem::take(&mut inner.entries);
        inner.indices = Vec::new();
        inner.used = 0;
        inner.version = next_version();
        inner.general = false;
        drop(old);
    }
    /// Last inserted item (for `popitem`); the entry slot is reused afterwards.
    pub fn pop_last(&self) -> Option<(Value, Value)> {
        let inner = self.inner();
        let pos = inner.entries.iter().rposition(|e| e.is_some())?;
        let h = inner.entries[pos].as_ref()?.hash;
        // find the index slot pointing at pos
        let mask = inner.mask();
        let mut perturb = h as u64;
        let mut i = (h as u64 as usize) & mask;
        while inner.indices[i] != pos as i32 {
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
        inner.indices[i] = DUMMY;
        let e = inner.entries[pos].take()?;
        inner.entries.truncate(pos);
        inner.used -= 1;
        inner.version = next_version();
        Some((e.key, e.value))
    }
    /// `dict.__sizeof__()` as CPython 3.11 computes it.
    pub fn sizeof(&self) -> i64 {
        let inner = self.inner();
        let n = inner.indices.len();
        if n == 0 {
            return 48;
        }
        let ix_bytes = if n <= 128 {
            1
        } else if n <= 1 << 16 {
            2
        } else if n <= 1 << 32 {
            4
        } else {
            8
        };
        let entry = if inner.general { 24 } else { 16 };
        (48 + 32 + ix_bytes * n + usable(n) * entry) as i64
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
        inner.version = next_version();
        old.into_iter()
            .flatten()
            .map(|e| (e.key, e.value))
            .collect()
    }
    pub fn copy(&self) -> PyDict {
        let d = PyDict::new();
        let inner = self.inner();
        if inner.used > 0 {
            if inner.used >= inner.entries.len() * 2 / 3 {
                d.resize(inner.indices.len());
            } else {
                d.resize((inner.used * 3 + 1) / 2);
            }
            d.inner().general = inner.general;
            for e in inner.entries.iter().flatten() {
                let _ = d.insert_new(e.key.clone(), e.hash, e.value.clone());
            }
        }
        d
    }
}

/// Equality of two keys when it is known without running Python code (as
/// `ops::fast_eq`, plus bool/float pairs).
#[inline]
pub fn key_fast_eq(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Bool(x), Value::Float(y)) | (Value::Float(y), Value::Bool(x)) => {
            Some((*x as i64 as f64) == *y)
        }
        _ => crate::ops::fast_eq(a, b),
    }
}

#[inline]
fn is_exact_str(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if o.class_ref().is(&types().str))
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
        _ => crate::vm::fatal("not a dict"),
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

fn dict_repr_str(v: &Value, d: &PyDict) -> PyResult<String> {
    if d.is_empty() {
        return Ok("{}".into());
    }
    let Some(_guard) = crate::ops::repr_guard(v) else {
        return Ok("{...}".into());
    };
    let _n = crate::types::list::enter_nested(crate::types::list::IN_REPR)?;
    let mut s = String::from("{");
    let mut pos = 0;
    let mut first = true;
    while let Some((next, k, val)) = d.next_entry(pos) {
        pos = next;
        if !first {
            s.push_str(", ");
        }
        first = false;
        s.push_str(&crate::ops::repr(&k)?);
        s.push_str(": ");
        s.push_str(&crate::ops::repr(&val)?);
    }
    s.push('}');
    Ok(s)
}

fn view(a: &[Value], kw: Kw, q: &str, kind: crate::types::iter::DictIterKind) -> PyResult<Value> {
    margs::noargs(q, a, kw)?;
    this(&a[0])?;
    Ok(crate::types::iter::new_dict_view(a[0].clone(), kind))
}

pub fn init(t: &ObjRef) {
    use crate::types::iter::DictIterKind;
    add_method(t, "__getitem__", dict_getitem);
    add_method(t, "__setitem__", |a, kw| {
        let p = margs::wrapper("__setitem__", a, kw, 2)?;
        this(&a[0])?.set_item(p[0].clone(), p[1].clone())?;
        Ok(Value::None)
    });
    add_method(t, "__delitem__", |a, kw| {
        let k = &margs::wrapper("__delitem__", a, kw, 1)?[0];
        match this(&a[0])?.del_item(k)? {
            Some(_) => Ok(Value::None),
            None => Err(key_error(k.clone())),
        }
    });
    add_method(t, "__contains__", |a, kw| {
        let k = margs::one("dict.__contains__", a, kw)?;
        Ok(Value::Bool(this(&a[0])?.contains(k)?))
    });
    add_method(t, "__len__", |a, kw| {
        margs::wrapper("__len__", a, kw, 0)?;
        Ok(Value::Int(this(&a[0])?.len() as i64))
    });
    add_method(t, "__iter__", |a, kw| {
        margs::wrapper("__iter__", a, kw, 0)?;
        this(&a[0])?;
        Ok(crate::types::iter::new_dict_iter(
            a[0].clone(),
            DictIterKind::Keys,
            false,
        ))
    });
    add_method(t, "__reversed__", |a, kw| {
        margs::noargs("dict.__reversed__", a, kw)?;
        this(&a[0])?;
        Ok(crate::types::iter::new_dict_iter(
            a[0].clone(),
            DictIterKind::Keys,
            true,
        ))
    });
    add_method(t, "__repr__", |a, kw| {
        margs::wrapper("__repr__", a, kw, 0)?;
        let d = this(&a[0])?;
        Ok(dict_repr_str(&a[0], d)?.into())
    });
    add_method(t, "__eq__", |a, kw| {
        let o = &margs::wrapper("__eq__", a, kw, 1)?[0];
        dict_richcmp(&a[0], o, true)
    });
    add_method(t, "__ne__", |a, kw| {
        let o = &margs::wrapper("__ne__", a, kw, 1)?[0];
        dict_richcmp(&a[0], o, false)
    });
    for name in ["__lt__", "__le__", "__gt__", "__ge__"] {
        let f: crate::types::function::NativeFn = |a, kw| {
            margs::wrapper("comparison", a, kw, 1)?;
            this(&a[0])?;
            Ok(crate::types::misc::not_implemented())
        };
        add_method(t, name, f);
    }
    add_method(t, "__init__", dict_init);
    add_crate_new(t);
    add_method(t, "keys", |a, kw| {
        view(a, kw, "dict.keys", DictIterKind::Keys)
    });
    add_method(t, "values", |a, kw| {
        view(a, kw, "dict.values", DictIterKind::Values)
    });
    add_method(t, "items", |a, kw| {
        view(a, kw, "dict.items", DictIterKind::Items)
    });
    add_method(t, "get", |a, kw| {
        let p = margs::range("get", "dict.get", a, kw, 1, 2)?;
        Ok(this(&a[0])?
            .get_item(&p[0])?
            .unwrap_or_else(|| p.get(1).cloned().unwrap_or(Value::None)))
    });
    add_method(t, "setdefault", |a, kw| {
        let p = margs::range("setdefault", "dict.setdefault", a, kw, 1, 2)?;
        let d = this(&a[0])?;
        let h = crate::ops::hash(&p[0])?;
        if let Some(v) = d.get_item_hashed(&p[0], h)? {
            return Ok(v);
        }
        let dflt = p.get(1).cloned().unwrap_or(Value::None);
        d.set_item_hashed(p[0].clone(), h, dflt.clone())?;
        Ok(dflt)
    });
    add_method(t, "pop", |a, kw| {
        let p = margs::range("pop", "dict.pop", a, kw, 1, 2)?;
        match this(&a[0])?.del_item(&p[0])? {
            Some(v) => Ok(v),
            None => p.get(1).cloned().ok_or_else(|| key_error(p[0].clone())),
        }
    });
    add_method(t, "popitem", |a, kw| {
        margs::noargs("dict.popitem", a, kw)?;
        match this(&a[0])?.pop_last() {
            Some((k, v)) => Ok(crate::types::tuple::new_tuple(vec![k, v])),
            None => Err(PyErr::new(
                &crate::types::exceptions::exc().key_error,
                "popitem(): dictionary is empty",
            )),
        }
    });
    add_method(t, "clear", |a, kw| {
        margs::noargs("dict.clear", a, kw)?;
        this(&a[0])?.clear();
        Ok(Value::None)
    });
    add_method(t, "copy", |a, kw| {
        margs::noargs("dict.copy", a, kw)?;
        Ok(new_dict_from(this(&a[0])?.copy()))
    });
    add_method(t, "update", dict_update_method);
    add_classmethod(t, "fromkeys", dict_fromkeys);
    add_method(t, "__or__", |a, kw| {
        let o = &margs::wrapper("__or__", a, kw, 1)?[0];
        let d = this(&a[0])?;
        if as_dict(o).is_none() {
            return Ok(crate::types::misc::not_implemented());
        }
        let r = new_dict_from(d.copy());
        update_from(as_dict(&r).unwrap_or(d), o)?;
        Ok(r)
    });
    add_method(t, "__ror__", |a, kw| {
        let o = &margs::wrapper("__ror__", a, kw, 1)?[0];
        let d = this(&a[0])?;
        let Some(od) = as_dict(o) else {
            return Ok(crate::types::misc::not_implemented());
        };
        let r = new_dict_from(od.copy());
        update_from(as_dict(&r).unwrap_or(d), &a[0])?;
        Ok(r)
    });
    add_method(t, "__ior__", |a, kw| {
        let o = &margs::wrapper("__ior__", a, kw, 1)?[0];
        update_from(this(&a[0])?, o)?;
        Ok(a[0].clone())
    });
    add_method(t, "__sizeof__", |a, kw| {
        margs::noargs("dict.__sizeof__", a, kw)?;
        Ok(Value::Int(this(&a[0])?.sizeof()))
    });
    add_classmethod(t, "__class_getitem__", crate::types::list::class_getitem);
    crate::types::typeobj::set_attr_str(t, "__hash__", Value::None);
}

fn add_crate_new(t: &ObjRef) {
    crate::types::typeobj::add_staticmethod(t, "__new__", |a, _| {
        let cls = crate::types::misc::check_new_cls(a, "dict")?;
        Ok(crate::types::misc::new_instance(
            &cls,
            Payload::Dict(PyDict::new()),
        ))
    });
}

fn dict_getitem(a: &[Value], kw: Kw) -> PyResult<Value> {
    let k = margs::one("dict.__getitem__", a, kw)?;
    let d = this(&a[0])?;
    match d.get_item(k)? {
        Some(v) => Ok(v),
        None => {
            // __missing__ on subclasses
            if !a[0].class_ref().is(&types().dict) {
                if let Some(m) = crate::ops::attr::lookup_special(&a[0], "__missing__") {
                    return crate::ops::call_unbound(&m, &a[0], &[k.clone()]);
                }
            }
            Err(key_error(k.clone()))
        }
    }
}

fn dict_richcmp(a: &Value, b: &Value, eq: bool) -> PyResult<Value> {
    let (Some(x), Some(y)) = (as_dict(a), as_dict(b)) else {
        return Ok(crate::types::misc::not_implemented());
    };
    let r = dict_equal(x, y)?;
    Ok(Value::Bool(r == eq))
}

pub fn dict_equal(x: &PyDict, y: &PyDict) -> PyResult<bool> {
    if std::ptr::eq(x, y) {
        return Ok(true);
    }
    if x.len() != y.len() {
        return Ok(false);
    }
    let _g = crate::types::list::enter_nested(crate::types::list::IN_CMP)?;
    let mut pos = 0;
    while let Some((next, k, v, h)) = x.next_entry_hashed(pos) {
        pos = next;
        match y.get_item_hashed(&k, h)? {
            Some(w) => {
                if !v.is(&w) {
                    let r = crate::ops::compare(&v, &w, pyrite_compiler::bytecode::CmpOp::Eq)?;
                    if !crate::ops::truthy(&r)? {
                        return Ok(false);
                    }
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
        // a dict subclass overriding __iter__ goes the generic way (keys())
        let exact = other.class_ref().is(&types().dict)
            || crate::ops::attr::lookup_special(other, "__iter__").map_or(true, |k| {
                crate::types::typeobj::lookup_str(&types().dict, "__iter__")
                    .map_or(false, |dk| dk.is(&k))
            });
        if exact {
            if std::ptr::eq(o, d) {
                return Ok(());
            }
            for (k, v, h) in o.items_hashed() {
                d.set_item_hashed(k, h, v)?;
            }
            return Ok(());
        }
    }
    if crate::ops::attr::lookup_special(other, "keys").is_some() {
        let keys = crate::ops::attr::call_method(other, "keys", &[])?;
        let it = crate::ops::get_iter(&keys)?;
        while let Some(k) = crate::ops::next(&it)? {
            let v = crate::ops::getitem(other, &k)?;
            d.set_item(k, v)?;
        }
        return Ok(());
    }
    let it = crate::ops::get_iter(other)?;
    let mut i = 0;
    while let Some(item) = crate::ops::next(&it)? {
        let pair = match crate::types::tuple::as_tuple(&item) {
            Some(t) => t.to_vec(),
            None => match crate::types::list::as_list(&item) {
                Some(l) => l.to_vec(),
                None => {
                    if !crate::ops::is_iterable(&item) {
                        return Err(type_error(format!(
                            "cannot convert dictionary update sequence element #{} to a sequence",
                            i
                        )));
                    }
                    crate::ops::iterate(&item)?
                }
            },
        };
        if pair.len() != 2 {
            return Err(value_error(format!(
                "dictionary update sequence element #{} has length {}; 2 is required",
                i,
                pair.len()
            )));
        }
        let mut p = pair.into_iter();
        let (Some(k), Some(v)) = (p.next(), p.next()) else {
            break;
        };
        d.set_item(k, v)?;
        i += 1;
    }
    Ok(())
}

fn dict_update_common(d: &PyDict, fname: &str, a: &[Value], kw: Kw) -> PyResult<()> {
    let nkw = kw.map_or(0, |k| k.len());
    let pos = &a[1..a.len() - nkw];
    if pos.len() > 1 {
        return Err(type_error(format!(
            "{} expected at most 1 argument, got {}",
            fname,
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
    Ok(())
}

fn dict_update_method(a: &[Value], kw: Kw) -> PyResult<Value> {
    let d = this(&a[0])?;
    dict_update_common(d, "update", a, kw)?;
    Ok(Value::None)
}

fn dict_init(a: &[Value], kw: Kw) -> PyResult<Value> {
    let d = this(&a[0])?;
    dict_update_common(d, "dict", a, kw)?;
    Ok(Value::None)
}

fn dict_fromkeys(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = margs::range("fromkeys", "dict.fromkeys", a, kw, 1, 2)?;
    let cls = &a[0];
    let iterable = &p[0];
    let v = p.get(1).cloned().unwrap_or(Value::None);
    let d = crate::ops::call::call(cls, &[], None)?;
    if d.class_ref().is(&types().dict) {
        let dd = as_dict(&d).unwrap_or_else(|| crate::vm::fatal("dict without payload"));
        if dd.is_empty() {
            if iterable.class_ref().is(&types().dict) {
                if let Some(src) = as_dict(iterable) {
                    dd.presize(src.len());
                    for (k, h) in src.keys_hashed() {
                        dd.set_item_hashed(k, h, v.clone())?;
                    }
                    return Ok(d);
                }
            }
            if let Some(s) = crate::types::set::as_set(iterable) {
                if iterable.class_ref().is(&types().set)
                    || iterable.class_ref().is(&types().frozenset)
                {
                    dd.presize(s.len());
                    let mut pos = 0;
                    while let Some((np, k, h)) = s.table.next_entry(pos) {
                        pos = np;
                        dd.set_item_hashed(k, h, v.clone())?;
                    }
                    return Ok(d);
                }
            }
        }
        let it = crate::ops::get_iter(iterable)?;
        while let Some(k) = crate::ops::next(&it)? {
            dd.set_item(k, v.clone())?;
        }
        return Ok(d);
    }
    let it = crate::ops::get_iter(iterable)?;
    while let Some(k) = crate::ops::next(&it)? {
        crate::ops::setitem(&d, k, v.clone())?;
    }
    Ok(d)
}
