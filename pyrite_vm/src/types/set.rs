//! `set` and `frozenset`: an open-addressing hash table laid out the way CPython's is
//! (same table sizes, probe sequence with short linear runs, dummies, resize points and
//! merge strategies), so that iteration order — and hence `repr`, `list(s)`, `pop()` —
//! matches CPython for the same hashes and operations.
//!
//! Reentrancy: `__eq__` of keys may mutate the set. No borrow of the table is held across
//! Python code; a lookup restarts when the table was rebuilt or the compared slot changed.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::margs;
use crate::types::typeobj::{add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use std::cell::{Cell, UnsafeCell};

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

enum Slot {
    Empty,
    Dummy,
    Active(i64, Value),
}

struct Table {
    slots: Vec<Slot>,
    /// active + dummy slots
    fill: usize,
    /// active slots
    used: usize,
    /// where `pop()` starts searching
    finger: usize,
    /// bumped whenever `slots` is replaced (resize, clear, swap)
    generation: u64,
}

fn empty_slots(n: usize) -> Vec<Slot> {
    let mut v = Vec::with_capacity(n);
    v.resize_with(n, || Slot::Empty);
    v
}

impl Default for Table {
    fn default() -> Table {
        Table {
            slots: empty_slots(MIN_SIZE),
            fill: 0,
            used: 0,
            finger: 0,
            generation: 0,
        }
    }
}

#[inline]
fn next_probe(i: usize, perturb: &mut u64, mask: usize) -> usize {
    *perturb >>= PERTURB_SHIFT;
    (i.wrapping_mul(5)
        .wrapping_add(1)
        .wrapping_add(*perturb as usize))
        & mask
}

/// Insert into a table known to hold neither `key` nor dummies.
fn insert_clean(slots: &mut [Slot], hash: i64, key: Value) {
    let mask = slots.len() - 1;
    let mut perturb = hash as u64;
    let mut i = (hash as u64 as usize) & mask;
    loop {
        let probes = if i + LINEAR_PROBES <= mask {
            LINEAR_PROBES
        } else {
            0
        };
        for j in i..=i + probes {
            if let Slot::Empty = slots[j] {
                slots[j] = Slot::Active(hash, key);
                return;
            }
        }
        i = next_probe(i, &mut perturb, mask);
    }
}

/// The hash table of a set.
#[derive(Default)]
pub struct SetTable {
    inner: UnsafeCell<Table>,
}

enum Step {
    Found(usize),
    Missing,
    Restart,
}

impl SetTable {
    #[allow(clippy::mut_from_ref)]
    #[inline]
    fn t(&self) -> &mut Table {
        // SAFETY: GIL held; no borrow is kept across Python code.
        unsafe { &mut *self.inner.get() }
    }

    pub fn len(&self) -> usize {
        self.t().used
    }

    /// Compare the key in slot `j` (hash already equal) with `key`.
    fn compare_slot(&self, j: usize, key: &Value) -> PyResult<Step> {
        let (start, generation) = {
            let t = self.t();
            let Slot::Active(_, k) = &t.slots[j] else {
                return Ok(Step::Restart);
            };
            if k.is(key) {
                return Ok(Step::Found(j));
            }
            match crate::types::dict::key_fast_eq(k, key) {
                Some(true) => return Ok(Step::Found(j)),
                Some(false) => return Ok(Step::Missing),
                None => (k.clone(), t.generation),
            }
        };
        let eq = crate::types::list::item_eq(&start, key)?;
        let t = self.t();
        let unchanged = t.generation == generation
            && matches!(t.slots.get(j), Some(Slot::Active(_, k)) if k.is(&start));
        drop(start);
        if !unchanged {
            return Ok(Step::Restart);
        }
        Ok(if eq { Step::Found(j) } else { Step::Missing })
    }

    /// The slot holding `key`, if present.
    fn lookup(&self, key: &Value, hash: i64) -> PyResult<Option<usize>> {
        'restart: loop {
            let mask = self.t().slots.len() - 1;
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                for j in i..=i + probes {
                    let hit = match &self.t().slots[j] {
                        Slot::Empty => return Ok(None),
                        Slot::Dummy => false,
                        Slot::Active(h, _) => *h == hash,
                    };
                    if hit {
                        match self.compare_slot(j, key)? {
                            Step::Found(j) => return Ok(Some(j)),
                            Step::Missing => {}
                            Step::Restart => continue 'restart,
                        }
                    }
                }
                i = next_probe(i, &mut perturb, mask);
            }
        }
    }

    pub fn contains_hashed(&self, key: &Value, hash: i64) -> PyResult<bool> {
        Ok(self.lookup(key, hash)?.is_some())
    }

    /// Add `key` (no-op when an equal key is present).
    pub fn add_hashed(&self, key: Value, hash: i64) -> PyResult<()> {
        'restart: loop {
            let mask = self.t().slots.len() - 1;
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            let mut free: Option<usize> = None;
            loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                for j in i..=i + probes {
                    let t = self.t();
                    let hit = match &t.slots[j] {
                        Slot::Empty => {
                            if let Some(f) = free {
                                t.slots[f] = Slot::Active(hash, key);
                                t.used += 1;
                                return Ok(());
                            }
                            t.slots[j] = Slot::Active(hash, key);
                            t.fill += 1;
                            t.used += 1;
                            if t.fill * 5 < mask * 3 {
                                return Ok(());
                            }
                            let used = t.used;
                            self.resize(if used > 50000 { used * 2 } else { used * 4 });
                            return Ok(());
                        }
                        Slot::Dummy => {
                            if free.is_none() {
                                free = Some(j);
                            }
                            false
                        }
                        Slot::Active(h, _) => *h == hash,
                    };
                    if hit {
                        match self.compare_slot(j, &key)? {
                            Step::Found(_) => return Ok(()),
                            Step::Missing => {}
                            Step::Restart => continue 'restart,
                        }
                    }
                }
                i = next_probe(i, &mut perturb, mask);
            }
        }
    }

    /// Rebuild with the smallest power-of-two size above `minused`.
    fn resize(&self, minused: usize) {
        let t = self.t();
        let mut size = MIN_SIZE;
        while size <= minused {
            size <<= 1;
        }
        let old = std::mem::replace(&mut t.slots, empty_slots(size));
        t.generation += 1;
        t.fill = t.used;
        for s in old {
            if let Slot::Active(h, k) = s {
                insert_clean(&mut t.slots, h, k);
            }
        }
    }

    /// Remove `key`; whether it was present.
    pub fn discard_hashed(&self, key: &Value, hash: i64) -> PyResult<bool> {
        match self.lookup(key, hash)? {
            Some(j) => {
                let t = self.t();
                let old = std::mem::replace(&mut t.slots[j], Slot::Dummy);
                t.used -= 1;
                drop(old);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Next active slot at or after `pos`: (next position, key, hash).
    pub fn next_entry(&self, mut pos: usize) -> Option<(usize, Value, i64)> {
        let t = self.t();
        while pos < t.slots.len() {
            if let Slot::Active(h, k) = &t.slots[pos] {
                return Some((pos + 1, k.clone(), *h));
            }
            pos += 1;
        }
        None
    }

    /// Keys in table order.
    pub fn keys(&self) -> Vec<Value> {
        let t = self.t();
        let mut out = Vec::with_capacity(t.used);
        for s in &t.slots {
            if let Slot::Active(_, k) = s {
                out.push(k.clone());
            }
        }
        out
    }

    /// (key, hash) pairs in table order.
    fn entries(&self) -> Vec<(Value, i64)> {
        let t = self.t();
        let mut out = Vec::with_capacity(t.used);
        for s in &t.slots {
            if let Slot::Active(h, k) = s {
                out.push((k.clone(), *h));
            }
        }
        out
    }

    pub fn clear(&self) {
        let old = std::mem::take(self.t());
        let t = self.t();
        t.generation = old.generation + 1;
        drop(old);
    }

    fn swap(&self, other: &SetTable) {
        std::mem::swap(self.t(), other.t());
        self.t().generation += 1;
        other.t().generation += 1;
    }

    /// `set.pop()`.
    fn pop(&self) -> Option<Value> {
        let t = self.t();
        if t.used == 0 {
            return None;
        }
        let mask = t.slots.len() - 1;
        let mut i = t.finger & mask;
        while !matches!(t.slots[i], Slot::Active(..)) {
            i = if i == mask { 0 } else { i + 1 };
        }
        let old = std::mem::replace(&mut t.slots[i], Slot::Dummy);
        t.used -= 1;
        t.finger = i + 1;
        match old {
            Slot::Active(_, k) => Some(k),
            _ => None,
        }
    }

    /// Visit all keys (cycle collector).
    pub fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        for s in &self.t().slots {
            if let Slot::Active(_, k) = s {
                f(k);
            }
        }
    }

    /// Take every key out (cycle collector's clear).
    pub fn take_all(&self) -> Vec<Value> {
        let old = std::mem::take(self.t());
        self.t().generation = old.generation + 1;
        old.slots
            .into_iter()
            .filter_map(|s| match s {
                Slot::Active(_, k) => Some(k),
                _ => None,
            })
            .collect()
    }

    fn mask(&self) -> usize {
        self.t().slots.len() - 1
    }
}

pub struct PySet {
    pub table: SetTable,
    /// cached frozenset hash (-1: not computed)
    hash: Cell<i64>,
}

impl Default for PySet {
    fn default() -> PySet {
        PySet {
            table: SetTable::default(),
            hash: Cell::new(-1),
        }
    }
}

/// A key's hash; a `set` key that is unhashable is looked up as a frozenset (as CPython's
/// `__contains__`/`remove`/`discard` do). Returns the (possibly converted) key and hash.
fn hash_for_lookup(v: &Value) -> PyResult<(Option<Value>, i64)> {
    match crate::ops::hash(v) {
        Ok(h) => Ok((None, h)),
        Err(e) => {
            if let Some(s) = as_set(v) {
                if !is_frozen(v) && e.matches(&crate::types::exceptions::exc().type_error) {
                    let f = new_frozenset_empty();
                    merge_set(as_set(&f).unwrap_or(s), s)?;
                    let h = crate::ops::hash(&f)?;
                    return Ok((Some(f), h));
                }
            }
            Err(e)
        }
    }
}

impl PySet {
    pub fn add(&self, v: Value) -> PyResult<()> {
        let h = crate::ops::hash(&v)?;
        self.table.add_hashed(v, h)
    }
    pub fn contains(&self, v: &Value) -> PyResult<bool> {
        let (conv, h) = hash_for_lookup(v)?;
        self.table.contains_hashed(conv.as_ref().unwrap_or(v), h)
    }
    pub fn discard(&self, v: &Value) -> PyResult<bool> {
        let (conv, h) = hash_for_lookup(v)?;
        self.table.discard_hashed(conv.as_ref().unwrap_or(v), h)
    }
    pub fn len(&self) -> usize {
        self.table.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Keys in iteration order.
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
    Value::Obj(ObjRef::new(
        &types().frozenset,
        Payload::Set(PySet::default()),
    ))
}

pub fn new_set_from(items: Vec<Value>) -> PyResult<Value> {
    let s = new_set_empty();
    if let Some(st) = as_set(&s) {
        for it in items {
            st.add(it)?;
        }
    }
    Ok(s)
}

pub fn new_frozenset_from(items: Vec<Value>) -> Value {
    let s = new_frozenset_empty();
    if let Some(st) = as_set(&s) {
        for it in items {
            let _ = st.add(it);
        }
    }
    s
}

/// `set(iterable)` / `frozenset(iterable)` built the way CPython builds them.
pub fn set_from_iterable(frozen: bool, it: &Value) -> PyResult<Value> {
    let s = if frozen {
        new_frozenset_empty()
    } else {
        new_set_empty()
    };
    if let Some(st) = as_set(&s) {
        update_internal(st, it)?;
    }
    Ok(s)
}

/// `s.update(other)` for the bytecode's set building (`{*a, *b}`).
pub fn update_from(s: &Value, other: &Value) -> PyResult<()> {
    match as_set(s) {
        Some(st) => update_internal(st, other),
        None => Err(type_error("expected a set")),
    }
}

fn this(v: &Value) -> PyResult<&PySet> {
    as_set(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'set' object but received a '{}'",
            v.type_name()
        ))
    })
}

// ---------------------------------------------------------------------------
// table-level algorithms

/// Add every key of `other` into `so` (CPython's set_merge).
fn merge_set(so: &PySet, other: &PySet) -> PyResult<()> {
    if std::ptr::eq(so, other) || other.len() == 0 {
        return Ok(());
    }
    {
        let t = so.table.t();
        if (t.fill + other.len()) * 5 >= (t.slots.len() - 1) * 3 {
            let n = (t.used + other.len()) * 2;
            so.table.resize(n);
        }
    }
    let t = so.table.t();
    let o = other.table.t();
    if t.fill == 0 && t.slots.len() == o.slots.len() && o.fill == o.used {
        for (dst, src) in t.slots.iter_mut().zip(o.slots.iter()) {
            if let Slot::Active(h, k) = src {
                *dst = Slot::Active(*h, k.clone());
            }
        }
        t.fill = o.fill;
        t.used = o.used;
        return Ok(());
    }
    if t.fill == 0 {
        t.fill = o.used;
        t.used = o.used;
        for src in o.slots.iter() {
            if let Slot::Active(h, k) = src {
                insert_clean(&mut t.slots, *h, k.clone());
            }
        }
        return Ok(());
    }
    for (k, h) in other.table.entries() {
        so.table.add_hashed(k, h)?;
    }
    Ok(())
}

/// `so.update(other)` for any iterable (CPython's set_update_internal).
fn update_internal(so: &PySet, other: &Value) -> PyResult<()> {
    if let Some(o) = as_set(other) {
        return merge_set(so, o);
    }
    if other.class_ref().is(&types().dict) {
        if let Some(d) = crate::types::dict::as_dict(other) {
            let n = d.len();
            {
                let t = so.table.t();
                if (t.fill + n) * 5 >= (t.slots.len() - 1) * 3 {
                    let m = (t.used + n) * 2;
                    so.table.resize(m);
                }
            }
            for (k, h) in d.keys_hashed() {
                so.table.add_hashed(k, h)?;
            }
            return Ok(());
        }
    }
    let it = crate::ops::get_iter(other)?;
    while let Some(k) = crate::ops::next(&it)? {
        so.add(k)?;
    }
    Ok(())
}

/// A new empty set of the base kind of `like` (set for set subclasses, else frozenset).
fn new_like(like: &Value) -> Value {
    if is_frozen(like) {
        new_frozenset_empty()
    } else {
        new_set_empty()
    }
}

fn pset(v: &Value) -> &PySet {
    match v.payload() {
        Some(Payload::Set(s)) => s,
        _ => crate::vm::fatal("set operation on a non-set"),
    }
}

/// `set_copy`: a new set of the base kind holding the same keys.
fn copy_of(v: &Value) -> PyResult<Value> {
    let r = new_like(v);
    merge_set(pset(&r), this(v)?)?;
    Ok(r)
}

fn intersection2(so_v: &Value, other: &Value) -> PyResult<Value> {
    if so_v.is(other) {
        return copy_of(so_v);
    }
    let result = new_like(so_v);
    let rs = pset(&result);
    let so = this(so_v)?;
    if let Some(o) = as_set(other) {
        let (big, small) = if o.len() > so.len() { (o, so) } else { (so, o) };
        let mut pos = 0;
        while let Some((np, k, h)) = small.table.next_entry(pos) {
            pos = np;
            if big.table.contains_hashed(&k, h)? {
                rs.table.add_hashed(k, h)?;
            }
        }
        return Ok(result);
    }
    let it = crate::ops::get_iter(other)?;
    while let Some(k) = crate::ops::next(&it)? {
        let h = crate::ops::hash(&k)?;
        if so.table.contains_hashed(&k, h)? {
            rs.table.add_hashed(k, h)?;
        }
    }
    Ok(result)
}

fn intersection_multi(so: &Value, others: &[Value]) -> PyResult<Value> {
    if others.is_empty() {
        return copy_of(so);
    }
    let mut result = so.clone();
    for o in others {
        result = intersection2(&result, o)?;
    }
    Ok(result)
}

/// Remove from `so` every key of `other` (CPython's set_difference_update_internal).
fn difference_update_internal(so_v: &Value, other: &Value) -> PyResult<()> {
    let so = this(so_v)?;
    if so_v.is(other) {
        so.table.clear();
        return Ok(());
    }
    if let Some(o) = as_set(other) {
        let src = if (o.len() >> 3) > so.len() {
            intersection2(so_v, other)?
        } else {
            other.clone()
        };
        let s = pset(&src);
        let mut pos = 0;
        while let Some((np, k, h)) = s.table.next_entry(pos) {
            pos = np;
            so.table.discard_hashed(&k, h)?;
        }
    } else {
        let it = crate::ops::get_iter(other)?;
        while let Some(k) = crate::ops::next(&it)? {
            let h = crate::ops::hash(&k)?;
            so.table.discard_hashed(&k, h)?;
        }
    }
    let t = so.table.t();
    if t.fill - t.used > (t.slots.len() - 1) / 4 {
        let used = t.used;
        so.table
            .resize(if used > 50000 { used * 2 } else { used * 4 });
    }
    Ok(())
}

fn difference2(so_v: &Value, other: &Value) -> PyResult<Value> {
    let so = this(so_v)?;
    let other_size = if let Some(o) = as_set(other) {
        o.len()
    } else if other.class_ref().is(&types().dict) {
        crate::types::dict::as_dict(other).map_or(0, |d| d.len())
    } else {
        let r = copy_of(so_v)?;
        difference_update_internal(&r, other)?;
        return Ok(r);
    };
    if (so.len() >> 2) > other_size {
        let r = copy_of(so_v)?;
        difference_update_internal(&r, other)?;
        return Ok(r);
    }
    let result = new_like(so_v);
    let rs = pset(&result);
    let mut pos = 0;
    while let Some((np, k, h)) = so.table.next_entry(pos) {
        pos = np;
        let present = match as_set(other) {
            Some(o) => o.table.contains_hashed(&k, h)?,
            None => match crate::types::dict::as_dict(other) {
                Some(d) => d.get_item_hashed(&k, h)?.is_some(),
                None => false,
            },
        };
        if !present {
            rs.table.add_hashed(k, h)?;
        }
    }
    Ok(result)
}

fn difference_multi(so: &Value, others: &[Value]) -> PyResult<Value> {
    let Some((first, rest)) = others.split_first() else {
        return copy_of(so);
    };
    let result = difference2(so, first)?;
    for o in rest {
        difference_update_internal(&result, o)?;
    }
    Ok(result)
}

fn symmetric_difference_update(so_v: &Value, other: &Value) -> PyResult<()> {
    let so = this(so_v)?;
    if so_v.is(other) {
        so.table.clear();
        return Ok(());
    }
    if other.class_ref().is(&types().dict) {
        if let Some(d) = crate::types::dict::as_dict(other) {
            for (k, h) in d.keys_hashed() {
                if !so.table.discard_hashed(&k, h)? {
                    so.table.add_hashed(k, h)?;
                }
            }
            return Ok(());
        }
    }
    let otherset = if as_set(other).is_some() {
        other.clone()
    } else {
        let s = new_like(so_v);
        update_internal(pset(&s), other)?;
        s
    };
    let os = pset(&otherset);
    let mut pos = 0;
    while let Some((np, k, h)) = os.table.next_entry(pos) {
        pos = np;
        if !so.table.discard_hashed(&k, h)? {
            so.table.add_hashed(k, h)?;
        }
    }
    Ok(())
}

fn symmetric_difference(so: &Value, other: &Value) -> PyResult<Value> {
    let result = new_like(so);
    update_internal(pset(&result), other)?;
    symmetric_difference_update(&result, so)?;
    Ok(result)
}

fn union_multi(so: &Value, others: &[Value]) -> PyResult<Value> {
    let result = copy_of(so)?;
    let rs = pset(&result);
    for o in others {
        if o.is(so) && (o.class_ref().is(&types().set) || o.class_ref().is(&types().frozenset)) {
            continue;
        }
        update_internal(rs, o)?;
    }
    Ok(result)
}

fn issubset(a: &PySet, b: &PySet) -> PyResult<bool> {
    if a.len() > b.len() {
        return Ok(false);
    }
    let mut pos = 0;
    while let Some((np, k, h)) = a.table.next_entry(pos) {
        pos = np;
        if !b.table.contains_hashed(&k, h)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn issuperset_any(so: &PySet, other: &Value) -> PyResult<bool> {
    if let Some(o) = as_set(other) {
        return issubset(o, so);
    }
    let it = crate::ops::get_iter(other)?;
    while let Some(k) = crate::ops::next(&it)? {
        if !so.contains(&k)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn issubset_any(so_v: &Value, other: &Value) -> PyResult<bool> {
    let so = this(so_v)?;
    if let Some(o) = as_set(other) {
        return issubset(so, o);
    }
    let tmp = set_from_iterable(false, other)?;
    issubset(so, pset(&tmp))
}

fn isdisjoint(so_v: &Value, other: &Value) -> PyResult<bool> {
    let so = this(so_v)?;
    if so_v.is(other) {
        return Ok(so.len() == 0);
    }
    if let Some(o) = as_set(other) {
        let (big, small) = if o.len() > so.len() { (o, so) } else { (so, o) };
        let mut pos = 0;
        while let Some((np, k, h)) = small.table.next_entry(pos) {
            pos = np;
            if big.table.contains_hashed(&k, h)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    let it = crate::ops::get_iter(other)?;
    while let Some(k) = crate::ops::next(&it)? {
        if so.contains(&k)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn frozenset_hash(s: &PySet) -> i64 {
    let cached = s.hash.get();
    if cached != -1 {
        return cached;
    }
    let shuffle = |h: u64| ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167);
    let mut h: u64 = 0;
    for (_, eh) in s.table.entries() {
        h ^= shuffle(eh as u64);
    }
    h ^= (s.len() as u64 + 1).wrapping_mul(1927868237);
    h ^= (h >> 11) ^ (h >> 25);
    h = h.wrapping_mul(69069).wrapping_add(907133923);
    let mut r = h as i64;
    if r == -1 {
        r = 590923713;
    }
    s.hash.set(r);
    r
}

// ---------------------------------------------------------------------------
// methods

/// Both operands sets (or frozensets)? Otherwise the operator returns NotImplemented.
fn both_sets(a: &[Value], kw: Kw, name: &str) -> PyResult<Option<Value>> {
    let o = &margs::wrapper(name, a, kw, 1)?[0];
    this(&a[0])?;
    if as_set(o).is_none() {
        return Ok(None);
    }
    Ok(Some(o.clone()))
}

fn set_repr(a: &[Value], kw: Kw) -> PyResult<Value> {
    margs::wrapper("__repr__", a, kw, 0)?;
    let s = this(&a[0])?;
    let name = a[0].type_name();
    if s.is_empty() {
        return Ok(format!("{}()", name).into());
    }
    let Some(_g) = crate::ops::repr_guard(&a[0]) else {
        return Ok(format!("{}(...)", name).into());
    };
    let _n = crate::types::list::enter_nested(crate::types::list::IN_REPR)?;
    let items = s.items();
    let inner = crate::types::tuple::seq_repr(&items, "{", "}")?;
    if a[0].class_ref().is(&types().set) {
        Ok(inner.into())
    } else {
        Ok(format!("{}({})", name, inner).into())
    }
}

fn richcmp(a: &[Value], kw: Kw, name: &str, which: u8) -> PyResult<Value> {
    let Some(o) = both_sets(a, kw, name)? else {
        return Ok(crate::types::misc::not_implemented());
    };
    let (x, y) = (this(&a[0])?, pset(&o));
    let eq = |x: &PySet, y: &PySet, xv: &Value, yv: &Value| -> PyResult<bool> {
        if x.len() != y.len() {
            return Ok(false);
        }
        if is_frozen(xv)
            && is_frozen(yv)
            && x.hash.get() != -1
            && y.hash.get() != -1
            && x.hash.get() != y.hash.get()
        {
            return Ok(false);
        }
        issubset(x, y)
    };
    Ok(Value::Bool(match which {
        0 => eq(x, y, &a[0], &o)?,
        1 => !eq(x, y, &a[0], &o)?,
        2 => x.len() < y.len() && issubset(x, y)?,
        3 => issubset(x, y)?,
        4 => x.len() > y.len() && issubset(y, x)?,
        _ => issubset(y, x)?,
    }))
}

fn sizeof(s: &PySet) -> i64 {
    let slots = s.table.mask() + 1;
    200 + if slots > MIN_SIZE {
        16 * slots as i64
    } else {
        0
    }
}

fn init_common(t: &ObjRef, q: &'static str) {
    add_method(t, "__len__", |a, kw| {
        margs::wrapper("__len__", a, kw, 0)?;
        Ok(Value::Int(this(&a[0])?.len() as i64))
    });
    add_method(t, "__contains__", |a, kw| {
        let p = margs::pos(a, kw);
        if p.len() != 1 || kw.is_some() {
            let q = if is_frozen(&a[0]) {
                "frozenset.__contains__"
            } else {
                "set.__contains__"
            };
            margs::one(q, a, kw)?;
        }
        Ok(Value::Bool(this(&a[0])?.contains(&a[1])?))
    });
    add_method(t, "__iter__", |a, kw| {
        margs::wrapper("__iter__", a, kw, 0)?;
        this(&a[0])?;
        Ok(crate::types::iter::new_set_iter(a[0].clone()))
    });
    add_method(t, "__repr__", set_repr);
    add_method(t, "__or__", |a, kw| match both_sets(a, kw, "__or__")? {
        Some(o) => {
            let r = copy_of(&a[0])?;
            if !o.is(&a[0]) {
                update_internal(pset(&r), &o)?;
            }
            Ok(r)
        }
        None => Ok(crate::types::misc::not_implemented()),
    });
    add_method(t, "__ror__", |a, kw| match both_sets(a, kw, "__ror__")? {
        Some(o) => {
            let r = copy_of(&o)?;
            if !o.is(&a[0]) {
                update_internal(pset(&r), &a[0])?;
            }
            Ok(r)
        }
        None => Ok(crate::types::misc::not_implemented()),
    });
    add_method(t, "__and__", |a, kw| match both_sets(a, kw, "__and__")? {
        Some(o) => intersection2(&a[0], &o),
        None => Ok(crate::types::misc::not_implemented()),
    });
    add_method(t, "__rand__", |a, kw| match both_sets(a, kw, "__rand__")? {
        Some(o) => intersection2(&o, &a[0]),
        None => Ok(crate::types::misc::not_implemented()),
    });
    add_method(t, "__sub__", |a, kw| match both_sets(a, kw, "__sub__")? {
        Some(o) => difference2(&a[0], &o),
        None => Ok(crate::types::misc::not_implemented()),
    });
    add_method(t, "__rsub__", |a, kw| match both_sets(a, kw, "__rsub__")? {
        Some(o) => difference2(&o, &a[0]),
        None => Ok(crate::types::misc::not_implemented()),
    });
    add_method(t, "__xor__", |a, kw| match both_sets(a, kw, "__xor__")? {
        Some(o) => symmetric_difference(&a[0], &o),
        None => Ok(crate::types::misc::not_implemented()),
    });
    add_method(t, "__rxor__", |a, kw| match both_sets(a, kw, "__rxor__")? {
        Some(o) => symmetric_difference(&o, &a[0]),
        None => Ok(crate::types::misc::not_implemented()),
    });
    add_method(t, "__eq__", |a, kw| richcmp(a, kw, "__eq__", 0));
    add_method(t, "__ne__", |a, kw| richcmp(a, kw, "__ne__", 1));
    add_method(t, "__lt__", |a, kw| richcmp(a, kw, "__lt__", 2));
    add_method(t, "__le__", |a, kw| richcmp(a, kw, "__le__", 3));
    add_method(t, "__gt__", |a, kw| richcmp(a, kw, "__gt__", 4));
    add_method(t, "__ge__", |a, kw| richcmp(a, kw, "__ge__", 5));
    add_method(t, "__sizeof__", |a, kw| {
        margs::noargs(
            if is_frozen(&a[0]) {
                "frozenset.__sizeof__"
            } else {
                "set.__sizeof__"
            },
            a,
            kw,
        )?;
        Ok(Value::Int(sizeof(this(&a[0])?)))
    });
    add_method(t, "__reduce__", |a, kw| {
        margs::noargs(
            if is_frozen(&a[0]) {
                "frozenset.__reduce__"
            } else {
                "set.__reduce__"
            },
            a,
            kw,
        )?;
        let s = this(&a[0])?;
        let keys = crate::types::list::new_list(s.items());
        let d = crate::ops::attr::getattr_opt(&a[0], "__dict__")?.unwrap_or(Value::None);
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Obj(a[0].class()),
            crate::types::tuple::new_tuple(vec![keys]),
            d,
        ]))
    });
    let _ = q;
    add_method(t, "union", |a, kw| {
        margs::range("union", qual(a, "union"), a, kw, 0, usize::MAX)?;
        union_multi(&a[0], &a[1..])
    });
    add_method(t, "intersection", |a, kw| {
        margs::range(
            "intersection",
            qual(a, "intersection"),
            a,
            kw,
            0,
            usize::MAX,
        )?;
        intersection_multi(&a[0], &a[1..])
    });
    add_method(t, "difference", |a, kw| {
        margs::range("difference", qual(a, "difference"), a, kw, 0, usize::MAX)?;
        difference_multi(&a[0], &a[1..])
    });
    add_method(t, "symmetric_difference", |a, kw| {
        let o = margs::one(qual(a, "symmetric_difference"), a, kw)?;
        symmetric_difference(&a[0], o)
    });
    add_method(t, "issubset", |a, kw| {
        let o = margs::one(qual(a, "issubset"), a, kw)?;
        Ok(Value::Bool(issubset_any(&a[0], o)?))
    });
    add_method(t, "issuperset", |a, kw| {
        let o = margs::one(qual(a, "issuperset"), a, kw)?;
        Ok(Value::Bool(issuperset_any(this(&a[0])?, o)?))
    });
    add_method(t, "isdisjoint", |a, kw| {
        let o = margs::one(qual(a, "isdisjoint"), a, kw)?;
        Ok(Value::Bool(isdisjoint(&a[0], o)?))
    });
    add_method(t, "copy", |a, kw| {
        margs::noargs(qual(a, "copy"), a, kw)?;
        if a[0].class_ref().is(&types().frozenset) {
            return Ok(a[0].clone());
        }
        copy_of(&a[0])
    });
    crate::types::typeobj::add_classmethod(
        t,
        "__class_getitem__",
        crate::types::list::class_getitem,
    );
}

/// "set.union" / "frozenset.union" for messages.
fn qual(a: &[Value], m: &str) -> &'static str {
    let frozen = a.first().map_or(false, is_frozen);
    macro_rules! pick {
        ($($name:literal),*) => {
            match m {
                $($name => if frozen { concat!("frozenset.", $name) } else { concat!("set.", $name) },)*
                _ => if frozen { "frozenset" } else { "set" },
            }
        };
    }
    pick!(
        "union",
        "intersection",
        "difference",
        "symmetric_difference",
        "issubset",
        "issuperset",
        "isdisjoint",
        "copy"
    )
}

pub fn init_set(t: &ObjRef) {
    init_common(t, "set");
    add_staticmethod(t, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "set")?;
        if cls.is(&types().set) && kw.map_or(false, |k| !k.is_empty()) {
            return Err(type_error("set() takes no keyword arguments"));
        }
        Ok(crate::types::misc::new_instance(
            &cls,
            Payload::Set(PySet::default()),
        ))
    });
    add_method(t, "__init__", |a, kw| {
        let s = this(&a[0])?;
        let arg = margs::ctor_one("set", &a[1..], kw)?;
        if s.table.t().fill > 0 {
            s.table.clear();
        }
        if let Some(v) = arg {
            update_internal(s, v)?;
        }
        Ok(Value::None)
    });
    add_method(t, "add", |a, kw| {
        let x = margs::one("set.add", a, kw)?;
        this(&a[0])?.add(x.clone())?;
        Ok(Value::None)
    });
    add_method(t, "discard", |a, kw| {
        let x = margs::one("set.discard", a, kw)?;
        this(&a[0])?.discard(x)?;
        Ok(Value::None)
    });
    add_method(t, "remove", |a, kw| {
        let x = margs::one("set.remove", a, kw)?;
        if !this(&a[0])?.discard(x)? {
            return Err(key_error(x.clone()));
        }
        Ok(Value::None)
    });
    add_method(t, "pop", |a, kw| {
        margs::noargs("set.pop", a, kw)?;
        match this(&a[0])?.table.pop() {
            Some(k) => Ok(k),
            None => Err(PyErr::new(
                &crate::types::exceptions::exc().key_error,
                "pop from an empty set",
            )),
        }
    });
    add_method(t, "clear", |a, kw| {
        margs::noargs("set.clear", a, kw)?;
        this(&a[0])?.table.clear();
        Ok(Value::None)
    });
    add_method(t, "update", |a, kw| {
        margs::range("update", "set.update", a, kw, 0, usize::MAX)?;
        let s = this(&a[0])?;
        for o in &a[1..] {
            update_internal(s, o)?;
        }
        Ok(Value::None)
    });
    add_method(t, "intersection_update", |a, kw| {
        margs::range(
            "intersection_update",
            "set.intersection_update",
            a,
            kw,
            0,
            usize::MAX,
        )?;
        let tmp = intersection_multi(&a[0], &a[1..])?;
        if !tmp.is(&a[0]) {
            this(&a[0])?.table.swap(&pset(&tmp).table);
        }
        Ok(Value::None)
    });
    add_method(t, "difference_update", |a, kw| {
        margs::range(
            "difference_update",
            "set.difference_update",
            a,
            kw,
            0,
            usize::MAX,
        )?;
        for o in &a[1..] {
            difference_update_internal(&a[0], o)?;
        }
        Ok(Value::None)
    });
    add_method(t, "symmetric_difference_update", |a, kw| {
        let o = margs::one("set.symmetric_difference_update", a, kw)?;
        symmetric_difference_update(&a[0], o)?;
        Ok(Value::None)
    });
    add_method(t, "__ior__", |a, kw| {
        let Some(o) = both_sets(a, kw, "__ior__")? else {
            return Ok(crate::types::misc::not_implemented());
        };
        update_internal(this(&a[0])?, &o)?;
        Ok(a[0].clone())
    });
    add_method(t, "__iand__", |a, kw| {
        let Some(o) = both_sets(a, kw, "__iand__")? else {
            return Ok(crate::types::misc::not_implemented());
        };
        let tmp = intersection2(&a[0], &o)?;
        this(&a[0])?.table.swap(&pset(&tmp).table);
        Ok(a[0].clone())
    });
    add_method(t, "__isub__", |a, kw| {
        let Some(o) = both_sets(a, kw, "__isub__")? else {
            return Ok(crate::types::misc::not_implemented());
        };
        difference_update_internal(&a[0], &o)?;
        Ok(a[0].clone())
    });
    add_method(t, "__ixor__", |a, kw| {
        let Some(o) = both_sets(a, kw, "__ixor__")? else {
            return Ok(crate::types::misc::not_implemented());
        };
        symmetric_difference_update(&a[0], &o)?;
        Ok(a[0].clone())
    });
    crate::types::typeobj::set_attr_str(t, "__hash__", Value::None);
}

pub fn init_frozenset(t: &ObjRef) {
    init_common(t, "frozenset");
    add_staticmethod(t, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "frozenset")?;
        let arg = margs::ctor_one("frozenset", &a[1..], kw)?;
        if cls.is(&types().frozenset) {
            if let Some(v) = arg {
                if v.class_ref().is(&types().frozenset) {
                    return Ok(v.clone());
                }
            }
        }
        let s = crate::types::misc::new_instance(&cls, Payload::Set(PySet::default()));
        if let Some(v) = arg {
            update_internal(pset(&s), v)?;
        }
        Ok(s)
    });
    add_method(t, "__hash__", |a, kw| {
        margs::wrapper("__hash__", a, kw, 0)?;
        Ok(Value::Int(frozenset_hash(this(&a[0])?)))
    });
}
