//! `list`, plus helpers shared by the sequence types (slices, repetition, comparison,
//! `index()` bounds) and the stable sort used by `list.sort` and `sorted`.
//!
//! Reentrancy: Python code (`__eq__`, `__index__`, `__repr__`, key functions) may mutate
//! the list while a method runs, so no borrow of the item vector is held across such a
//! call; loops re-read the length on every step.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::margs;
use crate::types::typeobj::{add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use pyrite_compiler::bytecode::CmpOp;
use std::cell::UnsafeCell;

#[derive(Default)]
pub struct PyList {
    items: UnsafeCell<Vec<Value>>,
}

/// CPython's over-allocation policy for a list growing or shrinking to `newsize`
/// (so that `__sizeof__` and memory use follow CPython's).
fn resize_for(v: &mut Vec<Value>, newsize: usize) {
    let allocated = v.capacity();
    if allocated >= newsize && newsize >= allocated >> 1 {
        return;
    }
    let mut target = (newsize + (newsize >> 3) + 6) & !3;
    if newsize > v.len() && newsize - v.len() > target - newsize {
        target = (newsize + 3) & !3;
    }
    if newsize == 0 {
        target = 0;
    }
    if target > allocated {
        v.reserve_exact(target - v.len());
    } else if v.len() <= target {
        v.shrink_to(target);
    }
}

impl PyList {
    pub fn new(v: Vec<Value>) -> PyList {
        PyList {
            items: UnsafeCell::new(v),
        }
    }
    /// # Invariant
    /// Never hold the returned reference across Python code.
    #[allow(clippy::mut_from_ref)]
    #[inline]
    pub fn vec(&self) -> &mut Vec<Value> {
        unsafe { &mut *self.items.get() }
    }
    #[inline]
    pub fn len(&self) -> usize {
        self.vec().len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    #[inline]
    pub fn push(&self, v: Value) {
        let items = self.vec();
        if items.len() == items.capacity() {
            resize_for(items, items.len() + 1);
        }
        items.push(v)
    }
    pub fn extend(&self, v: Vec<Value>) {
        let items = self.vec();
        if items.is_empty() && items.capacity() < v.len() {
            // exact preallocation rounded up to even (CPython's list_preallocate_exact)
            items.reserve_exact((v.len() + 1) & !1);
        } else if items.len() + v.len() > items.capacity() {
            resize_for(items, items.len() + v.len());
        }
        items.extend(v)
    }
    pub fn to_vec(&self) -> Vec<Value> {
        self.vec().clone()
    }
    #[inline]
    pub fn get(&self, i: usize) -> Option<Value> {
        self.vec().get(i).cloned()
    }
    #[inline]
    pub fn get_index(&self, i: i64) -> Option<Value> {
        let n = self.len() as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            None
        } else {
            Some(self.vec()[j as usize].clone())
        }
    }
    #[inline]
    pub fn set_index(&self, i: i64, v: Value) -> bool {
        let n = self.len() as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return false;
        }
        let old = std::mem::replace(&mut self.vec()[j as usize], v);
        drop(old);
        true
    }
    pub fn take_all(&self) -> Vec<Value> {
        std::mem::take(self.vec())
    }
    /// Replace the contents; the old items are dropped after the list is consistent.
    pub fn replace(&self, v: Vec<Value>) {
        let old = std::mem::replace(self.vec(), v);
        drop(old);
    }
    /// Remove and return the item at `i` (in range), shrinking as CPython does.
    fn remove_at(&self, i: usize) -> Value {
        let v = self.vec();
        let x = v.remove(i);
        let n = v.len();
        resize_for(v, n);
        x
    }
}

pub fn new_list(items: Vec<Value>) -> Value {
    Value::Obj(ObjRef::new(
        &types().list,
        Payload::List(PyList::new(items)),
    ))
}

pub fn as_list(v: &Value) -> Option<&PyList> {
    match v.payload() {
        Some(Payload::List(l)) => Some(l),
        _ => None,
    }
}

fn this(v: &Value) -> PyResult<&PyList> {
    as_list(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'list' object but received a '{}'",
            v.type_name()
        ))
    })
}

// ---------------------------------------------------------------------------
// shared sequence helpers

/// `items * n` (n <= 0 gives empty).
pub fn repeat(items: &[Value], n: i64) -> PyResult<Vec<Value>> {
    if n <= 0 || items.is_empty() {
        return Ok(Vec::new());
    }
    let total = (items.len() as u128) * (n as u128);
    if total > (1u128 << 32) {
        return Err(memory_error());
    }
    let mut v = Vec::with_capacity(total as usize);
    for _ in 0..n {
        v.extend_from_slice(items);
    }
    Ok(v)
}

/// The repeat count for `seq * n`: `Ok(None)` means "return NotImplemented" (the other
/// operand may implement the reflected operator), otherwise the count or CPython's
/// "can't multiply sequence by non-int" TypeError.
pub fn repeat_count(n: &Value) -> PyResult<Option<i64>> {
    match n {
        Value::Int(i) => return Ok(Some(*i)),
        Value::Bool(b) => return Ok(Some(*b as i64)),
        _ => {}
    }
    let has_index = crate::ops::attr::lookup_special(n, "__index__").is_some();
    if !has_index {
        // a Python-level __rmul__ gets its chance first
        if let Some(f) = crate::ops::attr::lookup_special(n, "__rmul__") {
            if !matches!(f.payload(), Some(Payload::MethodDescr(_))) {
                return Ok(None);
            }
        }
        return Err(type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            n.type_name()
        )));
    }
    match crate::types::int::index_value(n)? {
        Value::Int(i) => Ok(Some(i)),
        _ => Err(overflow_error(
            "cannot fit 'int' into an index-sized integer",
        )),
    }
}

static NESTING: crate::gil::GilCell<usize> = crate::gil::GilCell::new(0);

/// Depth guard for recursion through native container code (`repr`, comparison),
/// counted together with Python frames against the recursion limit as CPython does.
pub struct NestGuard(());

impl Drop for NestGuard {
    fn drop(&mut self) {
        let d = NESTING.get();
        *d = d.saturating_sub(1);
    }
}

/// Enter one level of native recursion; RecursionError "maximum recursion depth
/// exceeded{where_}" past the limit.
pub fn enter_nested(where_: &str) -> PyResult<NestGuard> {
    let t = crate::vm::thread();
    let d = NESTING.get();
    if *d + t.frames.len() >= t.recursion_limit as usize {
        return Err(PyErr::new(
            &crate::types::exceptions::exc().recursion_error,
            format!("maximum recursion depth exceeded{}", where_),
        ));
    }
    *d += 1;
    Ok(NestGuard(()))
}

pub const IN_REPR: &str = " while getting the repr of an object";
pub const IN_CMP: &str = " in comparison";

/// `a == b` for container searches (identity first, as CPython's
/// `PyObject_RichCompareBool`).
#[inline]
pub fn item_eq(a: &Value, b: &Value) -> PyResult<bool> {
    if a.is(b) {
        return Ok(true);
    }
    if let Some(r) = crate::types::dict::key_fast_eq(a, b) {
        return Ok(r);
    }
    let r = crate::ops::compare(a, b, CmpOp::Eq)?;
    crate::ops::truthy(&r)
}

/// `start`/`stop` arguments of `index()`, clamped (None is not accepted).
pub fn index_bounds(
    start: Option<&Value>,
    stop: Option<&Value>,
    len: usize,
) -> PyResult<(usize, usize)> {
    let n = len as i64;
    let conv = |v: &Value| -> PyResult<i64> {
        if !crate::types::int::is_int(v)
            && crate::ops::attr::lookup_special(v, "__index__").is_none()
        {
            return Err(type_error(
                "slice indices must be integers or have an __index__ method",
            ));
        }
        crate::types::int::index_clamped(v)
    };
    let norm = |x: i64| -> usize {
        if x < 0 {
            x.saturating_add(n).max(0) as usize
        } else {
            x.min(n) as usize
        }
    };
    let s = match start {
        Some(v) => norm(conv(v)?),
        None => 0,
    };
    let e = match stop {
        Some(v) => norm(conv(v)?),
        None => len,
    };
    Ok((s, e))
}

/// A slice's (start, stop, step) with the indices converted (Python code may run) but not
/// yet adjusted to a length; `None` if `key` is not a slice.
pub fn slice_unpack(key: &Value) -> PyResult<Option<(Option<i64>, Option<i64>, i64)>> {
    let Some(Payload::Slice(parts)) = key.payload() else {
        return Ok(None);
    };
    let conv = |x: &Value| -> PyResult<Option<i64>> {
        match x {
            Value::None => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            _ => {
                if !crate::types::int::is_int(x)
                    && crate::ops::attr::lookup_special(x, "__index__").is_none()
                {
                    return Err(type_error(
                        "slice indices must be integers or None or have an __index__ method",
                    ));
                }
                Ok(Some(crate::types::int::index_clamped(x)?))
            }
        }
    };
    let step = conv(&parts[2])?.unwrap_or(1);
    if step == 0 {
        return Err(value_error("slice step cannot be zero"));
    }
    // keep -step representable
    let step = step.max(-i64::MAX);
    let start = conv(&parts[0])?;
    let stop = conv(&parts[1])?;
    Ok(Some((start, stop, step)))
}

/// Adjust unpacked slice indices to a sequence length: (start, stop, step, count).
pub fn slice_adjust(
    start: Option<i64>,
    stop: Option<i64>,
    step: i64,
    len: usize,
) -> (i64, i64, i64, usize) {
    let len = len as i64;
    let norm = |x: Option<i64>, dflt: i64| -> i64 {
        match x {
            None => dflt,
            Some(i) if i < 0 => {
                let j = i.saturating_add(len);
                if j < 0 {
                    if step < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    j
                }
            }
            Some(i) => {
                if i >= len {
                    if step < 0 {
                        len - 1
                    } else {
                        len
                    }
                } else {
                    i
                }
            }
        }
    };
    let (s, e) = if step < 0 {
        (norm(start, len - 1), norm(stop, -1))
    } else {
        (norm(start, 0), norm(stop, len))
    };
    let n = if step < 0 {
        if e < s {
            ((s - e - 1) as u64 / step.unsigned_abs() + 1) as usize
        } else {
            0
        }
    } else if s < e {
        ((e - s - 1) as u64 / step as u64 + 1) as usize
    } else {
        0
    };
    (s, e, step, n)
}

/// Items selected by an adjusted slice.
pub fn slice_items(items: &[Value], start: i64, step: i64, n: usize) -> Vec<Value> {
    if step == 1 {
        let s = start as usize;
        return items[s..s + n].to_vec();
    }
    let mut out = Vec::with_capacity(n);
    let mut i = start;
    for _ in 0..n {
        out.push(items[i as usize].clone());
        i += step;
    }
    out
}

/// Indexing of an immutable sequence by int or slice (`what` names it in messages).
pub fn seq_getitem(
    items: &[Value],
    key: &Value,
    what: &str,
    make: impl Fn(Vec<Value>) -> Value,
) -> PyResult<Value> {
    if let Some((a, b, c)) = slice_unpack(key)? {
        let (start, _stop, step, n) = slice_adjust(a, b, c, items.len());
        return Ok(make(slice_items(items, start, step, n)));
    }
    let i = seq_index(key, what)?;
    let n = items.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error(format!("{} index out of range", what)));
    }
    Ok(items[j as usize].clone())
}

/// An item index: TypeError "list indices must be integers or slices, not str",
/// IndexError for ints beyond the index range.
pub fn seq_index(key: &Value, what: &str) -> PyResult<i64> {
    if let Value::Int(i) = key {
        return Ok(*i);
    }
    if !crate::types::int::is_int(key)
        && crate::ops::attr::lookup_special(key, "__index__").is_none()
    {
        return Err(type_error(format!(
            "{} indices must be integers or slices, not {}",
            what,
            key.type_name()
        )));
    }
    crate::types::int::index_isize(key)
}

/// Lexicographic rich comparison of two sequences, re-reading them through `get` on each
/// step (they may change while Python `__eq__` runs). Returns the comparison's result
/// object (`[a] < [b]` is whatever `a < b` returns).
pub fn seq_richcompare(
    get_a: &dyn Fn(usize) -> Option<Value>,
    get_b: &dyn Fn(usize) -> Option<Value>,
    len_a: &dyn Fn() -> usize,
    len_b: &dyn Fn() -> usize,
    op: CmpOp,
) -> PyResult<Value> {
    if matches!(op, CmpOp::Eq | CmpOp::Ne) && len_a() != len_b() {
        return Ok(Value::Bool(op == CmpOp::Ne));
    }
    let _g = enter_nested(IN_CMP)?;
    let mut i = 0;
    loop {
        let (Some(x), Some(y)) = (get_a(i), get_b(i)) else {
            break;
        };
        if !crate::types::list::item_eq(&x, &y)? {
            return match op {
                CmpOp::Eq => Ok(Value::Bool(false)),
                CmpOp::Ne => Ok(Value::Bool(true)),
                _ => crate::ops::compare(&x, &y, op),
            };
        }
        i += 1;
    }
    Ok(Value::Bool(crate::ops::cmp_ord(len_a().cmp(&len_b()), op)))
}

fn cmp(a: &[Value], kw: Kw, name: &str, op: CmpOp) -> PyResult<Value> {
    let o = &margs::wrapper(name, a, kw, 1)?[0];
    let x = this(&a[0])?;
    let Some(y) = as_list(o) else {
        return Ok(crate::types::misc::not_implemented());
    };
    seq_richcompare(&|i| x.get(i), &|i| y.get(i), &|| x.len(), &|| y.len(), op)
}

// ---------------------------------------------------------------------------
// item and slice assignment

fn list_setitem(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = margs::wrapper("__setitem__", a, kw, 2)?;
    let l = this(&a[0])?;
    setitem(l, &p[0], p[1].clone())?;
    Ok(Value::None)
}

/// `l[key] = value` for a list payload.
pub fn setitem(l: &PyList, key: &Value, value: Value) -> PyResult<()> {
    if let Some((a, b, c)) = slice_unpack(key)? {
        return set_slice(l, a, b, c, &value);
    }
    let i = seq_index(key, "list")?;
    if !l.set_index(i, value) {
        return Err(index_error("list assignment index out of range"));
    }
    Ok(())
}

fn set_slice(l: &PyList, a: Option<i64>, b: Option<i64>, step: i64, value: &Value) -> PyResult<()> {
    // materialize the new items first (may run Python code)
    let new: Vec<Value> = match as_list(value) {
        Some(o) => o.to_vec(),
        None => match crate::types::tuple::as_tuple(value) {
            Some(t) => t.to_vec(),
            None => {
                if !crate::ops::is_iterable(value) {
                    return Err(type_error(if step == 1 {
                        "can only assign an iterable"
                    } else {
                        "must assign iterable to extended slice"
                    }));
                }
                crate::ops::iterate(value)?
            }
        },
    };
    let (start, stop, step, n) = slice_adjust(a, b, step, l.len());
    let v = l.vec();
    if step == 1 {
        let stop = stop.max(start) as usize;
        let start = start as usize;
        let newlen = v.len() - (stop - start) + new.len();
        if newlen > v.capacity() {
            resize_for(v, newlen);
        }
        let removed: Vec<Value> = v.splice(start..stop, new).collect();
        let n = v.len();
        resize_for(v, n);
        drop(removed);
        return Ok(());
    }
    if new.len() != n {
        return Err(value_error(format!(
            "attempt to assign sequence of size {} to extended slice of size {}",
            new.len(),
            n
        )));
    }
    let mut i = start;
    let mut old = Vec::with_capacity(n);
    for x in new {
        old.push(std::mem::replace(&mut v[i as usize], x));
        i += step;
    }
    drop(old);
    Ok(())
}

fn list_delitem(a: &[Value], kw: Kw) -> PyResult<Value> {
    let key = &margs::wrapper("__delitem__", a, kw, 1)?[0];
    let l = this(&a[0])?;
    delitem(l, key)?;
    Ok(Value::None)
}

/// `del l[key]` for a list payload.
pub fn delitem(l: &PyList, key: &Value) -> PyResult<()> {
    if let Some((a, b, c)) = slice_unpack(key)? {
        let (start, _stop, step, n) = slice_adjust(a, b, c, l.len());
        if n == 0 {
            return Ok(());
        }
        let v = l.vec();
        let removed: Vec<Value>;
        if step == 1 {
            removed = v.drain(start as usize..start as usize + n).collect();
        } else {
            // normalize to an increasing index sequence
            let (lo, st) = if step < 0 {
                (start + (n as i64 - 1) * step, -step)
            } else {
                (start, step)
            };
            let (lo, st) = (lo as usize, st as usize);
            let old = std::mem::take(v);
            let mut keep = Vec::with_capacity(old.len() - n);
            let mut gone = Vec::with_capacity(n);
            for (i, x) in old.into_iter().enumerate() {
                if i >= lo && (i - lo) % st == 0 && (i - lo) / st < n {
                    gone.push(x);
                } else {
                    keep.push(x);
                }
            }
            *v = keep;
            removed = gone;
        }
        let len = v.len();
        resize_for(v, len);
        drop(removed);
        return Ok(());
    }
    let i = seq_index(key, "list")?;
    let n = l.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error("list assignment index out of range"));
    }
    let old = l.remove_at(j as usize);
    drop(old);
    Ok(())
}

// ---------------------------------------------------------------------------
// sorting

#[derive(Clone, Copy, PartialEq)]
enum KeyKind {
    Int,
    Float,
    Str,
    Any,
}

fn key_kind(keys: &[Value]) -> KeyKind {
    let Some(first) = keys.first() else {
        return KeyKind::Any;
    };
    let str_t = &types().str;
    let kind = match first {
        Value::Int(_) => KeyKind::Int,
        Value::Float(_) => KeyKind::Float,
        Value::Obj(o) if o.class_ref().is(str_t) => KeyKind::Str,
        _ => return KeyKind::Any,
    };
    let same = keys.iter().all(|k| match (kind, k) {
        (KeyKind::Int, Value::Int(_)) | (KeyKind::Float, Value::Float(_)) => true,
        (KeyKind::Str, Value::Obj(o)) => o.class_ref().is(str_t),
        _ => false,
    });
    if same {
        kind
    } else {
        KeyKind::Any
    }
}

/// Run length at `lo` (>= 1); a strictly descending run is reversed in place.
fn count_run(
    idx: &mut [usize],
    lo: usize,
    hi: usize,
    less: &mut dyn FnMut(usize, usize) -> PyResult<bool>,
) -> PyResult<usize> {
    if lo + 1 >= hi {
        return Ok(hi - lo);
    }
    let mut n = 2;
    if less(idx[lo + 1], idx[lo])? {
        while lo + n < hi && less(idx[lo + n], idx[lo + n - 1])? {
            n += 1;
        }
        idx[lo..lo + n].reverse();
    } else {
        while lo + n < hi && !less(idx[lo + n], idx[lo + n - 1])? {
            n += 1;
        }
    }
    Ok(n)
}

/// Binary insertion sort of `idx[lo..hi]` whose prefix `lo..start` is sorted.
fn binary_insertion(
    idx: &mut [usize],
    lo: usize,
    hi: usize,
    start: usize,
    less: &mut dyn FnMut(usize, usize) -> PyResult<bool>,
) -> PyResult<()> {
    for i in start.max(lo + 1)..hi {
        let pivot = idx[i];
        let (mut l, mut r) = (lo, i);
        while l < r {
            let p = l + ((r - l) >> 1);
            if less(pivot, idx[p])? {
                r = p;
            } else {
                l = p + 1;
            }
        }
        idx.copy_within(l..i, l + 1);
        idx[l] = pivot;
    }
    Ok(())
}

fn min_run(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// Stable natural merge sort of `idx` using only a strict "less than" that may fail
/// (runs detected and extended by binary insertion as in timsort, then merged).
fn merge_sort(
    idx: &mut [usize],
    less: &mut dyn FnMut(usize, usize) -> PyResult<bool>,
) -> PyResult<()> {
    let n = idx.len();
    if n < 2 {
        return Ok(());
    }
    let minrun = min_run(n);
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut lo = 0;
    while lo < n {
        let mut run = count_run(idx, lo, n, less)?;
        if run < minrun {
            let force = minrun.min(n - lo);
            binary_insertion(idx, lo, lo + force, lo + run, less)?;
            run = force;
        }
        runs.push((lo, run));
        lo += run;
    }
    let mut buf: Vec<usize> = Vec::with_capacity(n);
    while runs.len() > 1 {
        let mut merged = Vec::with_capacity(runs.len() / 2 + 1);
        let mut k = 0;
        while k + 1 < runs.len() {
            let (a, alen) = runs[k];
            let (b, blen) = runs[k + 1];
            let (mid, hi) = (b, b + blen);
            if less(idx[mid], idx[mid - 1])? {
                buf.clear();
                let (mut i, mut j) = (a, mid);
                while i < mid && j < hi {
                    if less(idx[j], idx[i])? {
                        buf.push(idx[j]);
                        j += 1;
                    } else {
                        buf.push(idx[i]);
                        i += 1;
                    }
                }
                buf.extend_from_slice(&idx[i..mid]);
                buf.extend_from_slice(&idx[j..hi]);
                idx[a..hi].copy_from_slice(&buf);
            }
            merged.push((a, alen + blen));
            k += 2;
        }
        if k < runs.len() {
            merged.push(runs[k]);
        }
        runs = merged;
    }
    Ok(())
}

/// Stable sort with Python `<` comparisons (optionally on `key(item)`), as `list.sort`:
/// on error the items keep their original order.
pub fn sort_values(items: &mut Vec<Value>, key: Option<&Value>, reverse: bool) -> PyResult<()> {
    let keys: Option<Vec<Value>> = match key {
        Some(k) if !k.is_none() => {
            let mut ks = Vec::with_capacity(items.len());
            for it in items.iter() {
                ks.push(crate::ops::call::call(k, std::slice::from_ref(it), None)?);
            }
            Some(ks)
        }
        _ => None,
    };
    let n = items.len();
    if n < 2 {
        return Ok(());
    }
    let mut idx: Vec<usize> = (0..n).collect();
    if reverse {
        idx.reverse();
    }
    {
        let ks: &[Value] = keys.as_deref().unwrap_or(items);
        match key_kind(ks) {
            KeyKind::Int => {
                let v: Vec<i64> = ks
                    .iter()
                    .map(|k| if let Value::Int(i) = k { *i } else { 0 })
                    .collect();
                merge_sort(&mut idx, &mut |a, b| Ok(v[a] < v[b]))?;
            }
            KeyKind::Float => {
                let v: Vec<f64> = ks
                    .iter()
                    .map(|k| if let Value::Float(f) = k { *f } else { 0.0 })
                    .collect();
                merge_sort(&mut idx, &mut |a, b| Ok(v[a] < v[b]))?;
            }
            KeyKind::Str => {
                let v: Vec<&str> = ks
                    .iter()
                    .map(|k| crate::types::str::as_str(k).unwrap_or(""))
                    .collect();
                merge_sort(&mut idx, &mut |a, b| Ok(v[a] < v[b]))?;
            }
            KeyKind::Any => {
                merge_sort(&mut idx, &mut |a, b| crate::ops::lt(&ks[a], &ks[b]))?;
            }
        }
    }
    if reverse {
        idx.reverse();
    }
    let mut old: Vec<Option<Value>> = std::mem::take(items).into_iter().map(Some).collect();
    let mut sorted = Vec::with_capacity(n);
    for i in idx {
        sorted.push(old[i].take().unwrap_or(Value::None));
    }
    *items = sorted;
    Ok(())
}

fn list_sort(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("sort", &a[1..], kw, &["$key", "$reverse"], 0)?;
    let l = this(&a[0])?;
    let reverse = match &args[1] {
        Some(r) => match crate::types::int::index_value(r) {
            Ok(v) => crate::ops::truthy(&v)?,
            Err(_) if r.is_none() || !crate::types::int::is_int(r) => {
                return Err(type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    r.type_name()
                )))
            }
            Err(e) => return Err(e),
        },
        None => false,
    };
    // the list appears empty while sorting; changes made meanwhile are detected
    let mut items = l.take_all();
    let cap_marker = l.vec().capacity();
    let r = sort_values(&mut items, args[0].as_ref(), reverse);
    let modified = !l.is_empty() || l.vec().capacity() != cap_marker;
    let during = std::mem::replace(l.vec(), items);
    drop(during);
    r?;
    if modified {
        return Err(value_error("list modified during sort"));
    }
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// repr

/// `repr` of a list's items between brackets, tolerating mutation during item reprs.
pub fn list_repr_str(v: &Value, l: &PyList) -> PyResult<String> {
    if l.is_empty() {
        return Ok("[]".into());
    }
    let Some(_g) = crate::ops::repr_guard(v) else {
        return Ok("[...]".into());
    };
    let _n = enter_nested(IN_REPR)?;
    let mut s = String::from("[");
    let mut i = 0;
    while let Some(x) = l.get(i) {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&crate::ops::repr(&x)?);
        i += 1;
    }
    s.push(']');
    Ok(s)
}

// ---------------------------------------------------------------------------
// methods

fn find(l: &PyList, x: &Value, start: usize, stop: usize) -> PyResult<Option<usize>> {
    let mut i = start;
    while i < stop {
        let Some(y) = l.get(i) else { break };
        if crate::types::list::item_eq(&y, x)? {
            return Ok(Some(i));
        }
        i += 1;
    }
    Ok(None)
}

/// Index argument of `insert`/`pop`: OverflowError when out of the C range.
fn ssize_arg(v: &Value) -> PyResult<i64> {
    crate::types::int::index_i64(v)
}

pub fn init(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, _| {
        let cls = crate::types::misc::check_new_cls(a, "list")?;
        Ok(crate::types::misc::new_instance(
            &cls,
            Payload::List(PyList::default()),
        ))
    });
    add_method(t, "__init__", |a, kw| {
        let l = this(&a[0])?;
        let arg = margs::ctor_one("list", &a[1..], kw)?;
        let old = l.take_all();
        drop(old);
        if let Some(v) = arg {
            let items = crate::ops::iterate(v)?;
            l.extend(items);
        }
        Ok(Value::None)
    });
    add_method(t, "__len__", |a, kw| {
        margs::wrapper("__len__", a, kw, 0)?;
        Ok(Value::Int(this(&a[0])?.len() as i64))
    });
    add_method(t, "__getitem__", |a, kw| {
        let key = margs::one("list.__getitem__", a, kw)?;
        let l = this(&a[0])?;
        if let Some((x, y, z)) = slice_unpack(key)? {
            let (start, _stop, step, n) = slice_adjust(x, y, z, l.len());
            return Ok(new_list(slice_items(l.vec(), start, step, n)));
        }
        let i = seq_index(key, "list")?;
        l.get_index(i)
            .ok_or_else(|| index_error("list index out of range"))
    });
    add_method(t, "__setitem__", list_setitem);
    add_method(t, "__delitem__", list_delitem);
    add_method(t, "__contains__", |a, kw| {
        let x = &margs::wrapper("__contains__", a, kw, 1)?[0];
        let l = this(&a[0])?;
        Ok(Value::Bool(find(l, x, 0, usize::MAX)?.is_some()))
    });
    add_method(t, "__iter__", |a, kw| {
        margs::wrapper("__iter__", a, kw, 0)?;
        this(&a[0])?;
        Ok(crate::types::iter::new_seq_iter(
            a[0].clone(),
            crate::types::iter::SeqKind::List,
        ))
    });
    add_method(t, "__reversed__", |a, kw| {
        margs::noargs("list.__reversed__", a, kw)?;
        this(&a[0])?;
        Ok(crate::types::iter::new_reversed_list(a[0].clone()))
    });
    add_method(t, "__repr__", |a, kw| {
        margs::wrapper("__repr__", a, kw, 0)?;
        let l = this(&a[0])?;
        Ok(list_repr_str(&a[0], l)?.into())
    });
    add_method(t, "__add__", |a, kw| {
        let o = &margs::wrapper("__add__", a, kw, 1)?[0];
        let l = this(&a[0])?;
        let Some(ol) = as_list(o) else {
            return Err(type_error(format!(
                "can only concatenate list (not \"{}\") to list",
                o.type_name()
            )));
        };
        let mut v = Vec::with_capacity(l.len() + ol.len());
        v.extend_from_slice(l.vec());
        v.extend_from_slice(ol.vec());
        Ok(new_list(v))
    });
    add_method(t, "__iadd__", |a, kw| {
        let o = &margs::wrapper("__iadd__", a, kw, 1)?[0];
        let l = this(&a[0])?;
        let items = crate::ops::iterate(o)?;
        l.extend(items);
        Ok(a[0].clone())
    });
    fn mul(a: &[Value], kw: Kw, name: &str) -> PyResult<Value> {
        let o = &margs::wrapper(name, a, kw, 1)?[0];
        let l = this(&a[0])?;
        let Some(n) = repeat_count(o)? else {
            return Ok(crate::types::misc::not_implemented());
        };
        Ok(new_list(repeat(l.vec(), n)?))
    }
    add_method(t, "__mul__", |a, kw| mul(a, kw, "__mul__"));
    add_method(t, "__rmul__", |a, kw| mul(a, kw, "__rmul__"));
    add_method(t, "__imul__", |a, kw| {
        let o = &margs::wrapper("__imul__", a, kw, 1)?[0];
        let l = this(&a[0])?;
        let Some(n) = repeat_count(o)? else {
            return Ok(crate::types::misc::not_implemented());
        };
        if n != 1 {
            let v = repeat(l.vec(), n)?;
            l.replace(v);
        }
        Ok(a[0].clone())
    });
    add_method(t, "__eq__", |a, kw| cmp(a, kw, "__eq__", CmpOp::Eq));
    add_method(t, "__ne__", |a, kw| cmp(a, kw, "__ne__", CmpOp::Ne));
    add_method(t, "__lt__", |a, kw| cmp(a, kw, "__lt__", CmpOp::Lt));
    add_method(t, "__le__", |a, kw| cmp(a, kw, "__le__", CmpOp::Le));
    add_method(t, "__gt__", |a, kw| cmp(a, kw, "__gt__", CmpOp::Gt));
    add_method(t, "__ge__", |a, kw| cmp(a, kw, "__ge__", CmpOp::Ge));
    add_method(t, "__sizeof__", |a, kw| {
        margs::noargs("list.__sizeof__", a, kw)?;
        Ok(Value::Int(40 + 8 * this(&a[0])?.vec().capacity() as i64))
    });
    add_method(t, "append", |a, kw| {
        let x = margs::one("list.append", a, kw)?;
        this(&a[0])?.push(x.clone());
        Ok(Value::None)
    });
    add_method(t, "extend", |a, kw| {
        let x = margs::one("list.extend", a, kw)?;
        let l = this(&a[0])?;
        let items = crate::ops::iterate(x)?;
        l.extend(items);
        Ok(Value::None)
    });
    add_method(t, "insert", |a, kw| {
        let p = margs::range("insert", "list.insert", a, kw, 2, 2)?;
        let l = this(&a[0])?;
        let i = ssize_arg(&p[0])?;
        let n = l.len() as i64;
        let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
        let v = l.vec();
        if v.len() == v.capacity() {
            resize_for(v, v.len() + 1);
        }
        v.insert(j as usize, p[1].clone());
        Ok(Value::None)
    });
    add_method(t, "pop", |a, kw| {
        let p = margs::range("pop", "list.pop", a, kw, 0, 1)?;
        let l = this(&a[0])?;
        let i = match p.first() {
            Some(v) => ssize_arg(v)?,
            None => -1,
        };
        if l.is_empty() {
            return Err(index_error("pop from empty list"));
        }
        let n = l.len() as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(index_error("pop index out of range"));
        }
        Ok(l.remove_at(j as usize))
    });
    add_method(t, "remove", |a, kw| {
        let x = margs::one("list.remove", a, kw)?;
        let l = this(&a[0])?;
        match find(l, x, 0, usize::MAX)? {
            Some(i) if i < l.len() => {
                let old = l.remove_at(i);
                drop(old);
                Ok(Value::None)
            }
            _ => Err(value_error("list.remove(x): x not in list")),
        }
    });
    add_method(t, "index", |a, kw| {
        let p = margs::range("index", "list.index", a, kw, 1, 3)?;
        let l = this(&a[0])?;
        let (start, stop) = index_bounds(p.get(1), p.get(2), l.len())?;
        match find(l, &p[0], start, stop)? {
            Some(i) => Ok(Value::Int(i as i64)),
            None => Err(value_error(format!(
                "{} is not in list",
                crate::ops::repr(&p[0])?
            ))),
        }
    });
    add_method(t, "count", |a, kw| {
        let x = margs::one("list.count", a, kw)?;
        let l = this(&a[0])?;
        let mut n = 0;
        let mut i = 0;
        while let Some(y) = l.get(i) {
            if crate::types::list::item_eq(&y, x)? {
                n += 1;
            }
            i += 1;
        }
        Ok(Value::Int(n))
    });
    add_method(t, "clear", |a, kw| {
        margs::noargs("list.clear", a, kw)?;
        let old = this(&a[0])?.take_all();
        drop(old);
        Ok(Value::None)
    });
    add_method(t, "copy", |a, kw| {
        margs::noargs("list.copy", a, kw)?;
        Ok(new_list(this(&a[0])?.to_vec()))
    });
    add_method(t, "reverse", |a, kw| {
        margs::noargs("list.reverse", a, kw)?;
        this(&a[0])?.vec().reverse();
        Ok(Value::None)
    });
    add_method(t, "sort", list_sort);
    crate::types::typeobj::add_classmethod(t, "__class_getitem__", class_getitem);
    crate::types::typeobj::set_attr_str(t, "__hash__", Value::None);
}

/// `cls.__class_getitem__(item)` -> `types.GenericAlias`.
pub fn class_getitem(a: &[Value], kw: Kw) -> PyResult<Value> {
    let q = format!(
        "{}.__class_getitem__",
        crate::types::typeobj::type_name(&a[0].class())
    );
    let q = match &a[0] {
        Value::Obj(o) if matches!(o.payload(), Payload::Type(_)) => {
            format!("{}.__class_getitem__", crate::types::typeobj::type_name(o))
        }
        _ => q,
    };
    let item = margs::one(&q, a, kw)?;
    Ok(crate::types::misc::new_generic_alias(
        a[0].clone(),
        item.clone(),
    ))
}
