//! Iterator types: sequence/list/tuple/range/str/dict/set iterators, dict views,
//! `enumerate`, `zip`, `map`, `filter`, `reversed`, `iter(callable, sentinel)`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::margs;
use crate::types::typeobj::{add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use num_bigint::BigInt;
use num_traits::Signed;
use pyrite_compiler::bytecode::CmpOp;
use std::cell::{Cell, UnsafeCell};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SeqKind {
    List,
    Tuple,
    GetItem,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DictIterKind {
    Keys,
    Values,
    Items,
}

pub enum PyIter {
    Seq {
        seq: UnsafeCell<Option<Value>>,
        index: Cell<usize>,
        kind: SeqKind,
    },
    ReversedList {
        seq: UnsafeCell<Option<Value>>,
        index: Cell<isize>,
    },
    Range {
        cur: Cell<i64>,
        step: i64,
        left: Cell<i64>,
    },
    LongRange {
        cur: UnsafeCell<BigInt>,
        step: BigInt,
        left: UnsafeCell<BigInt>,
    },
    Str {
        s: Value,
        byte_pos: Cell<usize>,
    },
    /// `used`: the dict's size when iteration started (any change is an error);
    /// `remaining`: items still expected.
    Dict {
        dict: UnsafeCell<Option<Value>>,
        pos: Cell<usize>,
        kind: DictIterKind,
        used: Cell<usize>,
        remaining: Cell<usize>,
        reversed: bool,
    },
    DictView {
        dict: Value,
        kind: DictIterKind,
    },
    Set {
        set: UnsafeCell<Option<Value>>,
        pos: Cell<usize>,
        used: Cell<usize>,
        remaining: Cell<usize>,
    },
    Enumerate {
        it: Value,
        count: UnsafeCell<Value>,
    },
    Zip {
        its: Vec<Value>,
        strict: bool,
        done: Cell<bool>,
    },
    Map {
        f: Value,
        its: Vec<Value>,
    },
    Filter {
        f: Value,
        it: Value,
    },
    Callable {
        f: Value,
        sentinel: Value,
        done: Cell<bool>,
    },
    Reversed {
        seq: UnsafeCell<Option<Value>>,
        index: Cell<isize>,
    },
}

/// Iterator types not in the builtin type table.
struct ExtraTypes {
    longrange_iterator: ObjRef,
    dict_reversekeyiterator: ObjRef,
    dict_reversevalueiterator: ObjRef,
    dict_reverseitemiterator: ObjRef,
}

static EXTRA: crate::gil::GilCell<Option<ExtraTypes>> = crate::gil::GilCell::new(None);

fn extra() -> &'static ExtraTypes {
    EXTRA.get().get_or_insert_with(|| {
        let mk = |name: &str| -> ObjRef {
            let t = types();
            let d = ObjRef::new(&t.dict, Payload::Dict(crate::types::dict::PyDict::new()));
            d.make_immortal();
            let ty = crate::types::typeobj::new_type_raw(
                &t.type_,
                name,
                vec![t.object.clone()],
                d,
                0,
                crate::types::typeobj::BaseKind::Other,
            );
            ty.make_immortal();
            unsafe {
                *crate::types::typeobj::tdata(&ty).mro.get() = vec![ty.clone(), t.object.clone()]
            };
            ty
        };
        ExtraTypes {
            longrange_iterator: mk("longrange_iterator"),
            dict_reversekeyiterator: mk("dict_reversekeyiterator"),
            dict_reversevalueiterator: mk("dict_reversevalueiterator"),
            dict_reverseitemiterator: mk("dict_reverseitemiterator"),
        }
    })
}

fn new_iter(ty: &ObjRef, it: PyIter) -> Value {
    Value::Obj(ObjRef::new(ty, Payload::Iter(Box::new(it))))
}

pub fn new_seq_iter(seq: Value, kind: SeqKind) -> Value {
    let t = types();
    let ty = match kind {
        SeqKind::List => &t.list_iterator,
        SeqKind::Tuple => &t.tuple_iterator,
        SeqKind::GetItem => &t.iterator,
    };
    new_iter(
        ty,
        PyIter::Seq {
            seq: UnsafeCell::new(Some(seq)),
            index: Cell::new(0),
            kind,
        },
    )
}

pub fn new_reversed_list(seq: Value) -> Value {
    let n = crate::types::list::as_list(&seq).map_or(0, |l| l.len()) as isize;
    new_iter(
        &types().list_reverseiterator,
        PyIter::ReversedList {
            seq: UnsafeCell::new(Some(seq)),
            index: Cell::new(n - 1),
        },
    )
}

pub fn new_range_iter(start: i64, step: i64, len: i64) -> Value {
    new_iter(
        &types().range_iterator,
        PyIter::Range {
            cur: Cell::new(start),
            step,
            left: Cell::new(len),
        },
    )
}

pub fn new_long_range_iter(start: BigInt, step: BigInt, len: BigInt) -> Value {
    new_iter(
        &extra().longrange_iterator,
        PyIter::LongRange {
            cur: UnsafeCell::new(start),
            step,
            left: UnsafeCell::new(len),
        },
    )
}

pub fn new_str_iter(s: Value) -> Value {
    new_iter(
        &types().str_iterator,
        PyIter::Str {
            s,
            byte_pos: Cell::new(0),
        },
    )
}

pub fn new_dict_iter(dict: Value, kind: DictIterKind, reversed: bool) -> Value {
    let t = types();
    let ty = match (kind, reversed) {
        (DictIterKind::Keys, false) => &t.dict_keyiterator,
        (DictIterKind::Values, false) => &t.dict_valueiterator,
        (DictIterKind::Items, false) => &t.dict_itemiterator,
        (DictIterKind::Keys, true) => &extra().dict_reversekeyiterator,
        (DictIterKind::Values, true) => &extra().dict_reversevalueiterator,
        (DictIterKind::Items, true) => &extra().dict_reverseitemiterator,
    };
    let (len, pos) = match crate::types::dict::as_dict(&dict) {
        Some(d) => (
            d.len(),
            if reversed {
                d.next_entry_rev_start()
            } else {
                0
            },
        ),
        None => (0, 0),
    };
    new_iter(
        ty,
        PyIter::Dict {
            dict: UnsafeCell::new(Some(dict)),
            pos: Cell::new(pos),
            kind,
            used: Cell::new(len),
            remaining: Cell::new(len),
            reversed,
        },
    )
}

pub fn new_dict_view(dict: Value, kind: DictIterKind) -> Value {
    let t = types();
    let ty = match kind {
        DictIterKind::Keys => &t.dict_keys,
        DictIterKind::Values => &t.dict_values,
        DictIterKind::Items => &t.dict_items,
    };
    new_iter(ty, PyIter::DictView { dict, kind })
}

pub fn new_set_iter(set: Value) -> Value {
    let len = crate::types::set::as_set(&set).map_or(0, |s| s.len());
    new_iter(
        &types().set_iterator,
        PyIter::Set {
            set: UnsafeCell::new(Some(set)),
            pos: Cell::new(0),
            used: Cell::new(len),
            remaining: Cell::new(len),
        },
    )
}

pub fn new_callable_iter(f: Value, sentinel: Value) -> Value {
    new_iter(
        &types().callable_iterator,
        PyIter::Callable {
            f,
            sentinel,
            done: Cell::new(false),
        },
    )
}

pub fn as_iter(v: &Value) -> Option<&PyIter> {
    match v.payload() {
        Some(Payload::Iter(i)) => Some(i),
        _ => None,
    }
}

/// Drop the value held in an iterator slot (exhaustion).
fn release(slot: &UnsafeCell<Option<Value>>) {
    let old = unsafe { (*slot.get()).take() };
    drop(old);
}

fn slot_value(slot: &UnsafeCell<Option<Value>>) -> Option<Value> {
    unsafe { (*slot.get()).clone() }
}

fn is_stop(e: &PyErr) -> bool {
    let x = crate::types::exceptions::exc();
    e.matches(&x.index_error) || e.matches(&x.stop_iteration)
}

/// Advance a native iterator.
pub fn iter_next(it: &PyIter) -> PyResult<Option<Value>> {
    match it {
        PyIter::Seq { seq, index, kind } => {
            let i = index.get();
            let r = match kind {
                SeqKind::List => {
                    let s = unsafe { &*seq.get() };
                    let Some(sv) = s.as_ref() else {
                        return Ok(None);
                    };
                    crate::types::list::as_list(sv).and_then(|l| l.get(i))
                }
                SeqKind::Tuple => {
                    let s = unsafe { &*seq.get() };
                    let Some(sv) = s.as_ref() else {
                        return Ok(None);
                    };
                    crate::types::tuple::as_tuple(sv).and_then(|t| t.get(i).cloned())
                }
                SeqKind::GetItem => {
                    let Some(sv) = slot_value(seq) else {
                        return Ok(None);
                    };
                    if i > isize::MAX as usize {
                        return Err(overflow_error("iter index too large"));
                    }
                    match crate::ops::getitem(&sv, &Value::Int(i as i64)) {
                        Ok(v) => Some(v),
                        Err(e) if is_stop(&e) => None,
                        Err(e) => return Err(e),
                    }
                }
            };
            match r {
                Some(v) => {
                    index.set(i + 1);
                    Ok(Some(v))
                }
                None => {
                    release(seq);
                    Ok(None)
                }
            }
        }
        PyIter::ReversedList { seq, index } => {
            let s = unsafe { &*seq.get() };
            let Some(sv) = s.as_ref() else {
                return Ok(None);
            };
            let i = index.get();
            if let Some(l) = crate::types::list::as_list(sv) {
                if i >= 0 && (i as usize) < l.len() {
                    index.set(i - 1);
                    return Ok(l.get(i as usize));
                }
            }
            index.set(-1);
            release(seq);
            Ok(None)
        }
        PyIter::Range { cur, step, left } => {
            if left.get() <= 0 {
                return Ok(None);
            }
            let v = cur.get();
            left.set(left.get() - 1);
            cur.set(v.wrapping_add(*step));
            Ok(Some(Value::Int(v)))
        }
        PyIter::LongRange { cur, step, left } => {
            let l = unsafe { &mut *left.get() };
            if !l.is_positive() {
                return Ok(None);
            }
            *l -= 1u32;
            let c = unsafe { &mut *cur.get() };
            let v = c.clone();
            *c += step;
            Ok(Some(crate::types::int::from_bigint(v)))
        }
        PyIter::Str { s, byte_pos } => {
            let st = crate::types::str::as_str(s).unwrap_or("");
            let p = byte_pos.get();
            match st.get(p..).and_then(|r| r.chars().next()) {
                Some(c) => {
                    byte_pos.set(p + c.len_utf8());
                    let mut buf = [0u8; 4];
                    Ok(Some(crate::types::str::new_str(c.encode_utf8(&mut buf))))
                }
                None => Ok(None),
            }
        }
        PyIter::Dict {
            dict,
            pos,
            kind,
            used,
            remaining,
            reversed,
        } => {
            let Some(dv) = slot_value(dict) else {
                return Ok(None);
            };
            let Some(d) = crate::types::dict::as_dict(&dv) else {
                return Ok(None);
            };
            if d.len() != used.get() {
                // sticky: later calls raise again
                used.set(usize::MAX);
                return Err(runtime_error("dictionary changed size during iteration"));
            }
            let next = if *reversed {
                d.next_entry_rev(pos.get())
            } else {
                d.next_entry(pos.get())
            };
            match next {
                Some((np, k, v)) => {
                    if remaining.get() == 0 {
                        release(dict);
                        return Err(runtime_error("dictionary keys changed during iteration"));
                    }
                    remaining.set(remaining.get() - 1);
                    pos.set(np);
                    Ok(Some(match kind {
                        DictIterKind::Keys => k,
                        DictIterKind::Values => v,
                        DictIterKind::Items => crate::types::tuple::new_tuple(vec![k, v]),
                    }))
                }
                None => {
                    release(dict);
                    Ok(None)
                }
            }
        }
        PyIter::Set {
            set,
            pos,
            used,
            remaining,
        } => {
            let Some(sv) = slot_value(set) else {
                return Ok(None);
            };
            let Some(s) = crate::types::set::as_set(&sv) else {
                return Ok(None);
            };
            if s.len() != used.get() {
                used.set(usize::MAX);
                return Err(runtime_error("Set changed size during iteration"));
            }
            match s.table.next_entry(pos.get()) {
                Some((np, k, _)) => {
                    pos.set(np);
                    remaining.set(remaining.get().saturating_sub(1));
                    Ok(Some(k))
                }
                None => {
                    release(set);
                    Ok(None)
                }
            }
        }
        PyIter::Enumerate { it, count } => match crate::ops::next(it)? {
            Some(v) => {
                let c = unsafe { &mut *count.get() };
                let cur = c.clone();
                let nxt = match &cur {
                    Value::Int(i) if *i < i64::MAX => Value::Int(i + 1),
                    _ => crate::ops::arith::binary_op(
                        &cur,
                        &Value::Int(1),
                        pyrite_compiler::bytecode::BinOp::Add,
                    )?,
                };
                unsafe { *count.get() = nxt };
                Ok(Some(crate::types::tuple::new_tuple(vec![cur, v])))
            }
            None => Ok(None),
        },
        PyIter::Zip { its, strict, done } => {
            if done.get() || its.is_empty() {
                return Ok(None);
            }
            let mut out = Vec::with_capacity(its.len());
            for (i, it) in its.iter().enumerate() {
                match crate::ops::next(it)? {
                    Some(v) => out.push(v),
                    None => {
                        done.set(true);
                        if *strict {
                            let plural = |n: usize| {
                                if n == 1 {
                                    " 1".to_string()
                                } else {
                                    format!("s 1-{}", n)
                                }
                            };
                            if i > 0 {
                                return Err(value_error(format!(
                                    "zip() argument {} is shorter than argument{}",
                                    i + 1,
                                    plural(i)
                                )));
                            }
                            for (j, other) in its.iter().enumerate().skip(1) {
                                if crate::ops::next(other)?.is_some() {
                                    return Err(value_error(format!(
                                        "zip() argument {} is longer than argument{}",
                                        j + 1,
                                        plural(j)
                                    )));
                                }
                            }
                        }
                        return Ok(None);
                    }
                }
            }
            Ok(Some(crate::types::tuple::new_tuple(out)))
        }
        PyIter::Map { f, its } => {
            let mut args = Vec::with_capacity(its.len());
            for it in its {
                match crate::ops::next(it)? {
                    Some(v) => args.push(v),
                    None => return Ok(None),
                }
            }
            crate::ops::call::call(f, &args, None).map(Some)
        }
        PyIter::Filter { f, it } => loop {
            let Some(v) = crate::ops::next(it)? else {
                return Ok(None);
            };
            let keep = if f.is_none() || f.is(&Value::Obj(types().bool.clone())) {
                crate::ops::truthy(&v)?
            } else {
                crate::ops::truthy(&crate::ops::call::call(f, std::slice::from_ref(&v), None)?)?
            };
            if keep {
                return Ok(Some(v));
            }
        },
        PyIter::Callable { f, sentinel, done } => {
            if done.get() {
                return Ok(None);
            }
            let v = match crate::ops::call::call(f, &[], None) {
                Ok(v) => v,
                Err(e) if e.matches(&crate::types::exceptions::exc().stop_iteration) => {
                    done.set(true);
                    return Ok(None);
                }
                Err(e) => return Err(e),
            };
            if crate::types::list::item_eq(&v, sentinel)? {
                done.set(true);
                return Ok(None);
            }
            Ok(Some(v))
        }
        PyIter::Reversed { seq, index } => {
            let i = index.get();
            let Some(sv) = slot_value(seq) else {
                return Ok(None);
            };
            if i >= 0 {
                match crate::ops::getitem(&sv, &Value::Int(i as i64)) {
                    Ok(v) => {
                        index.set(i - 1);
                        return Ok(Some(v));
                    }
                    Err(e) if is_stop(&e) => {}
                    Err(e) => return Err(e),
                }
            }
            index.set(-1);
            release(seq);
            Ok(None)
        }
        PyIter::DictView { .. } => Err(type_error("dict view is not an iterator")),
    }
}

/// `next(v)` without a method lookup when `v` is a native iterator of an exact builtin
/// iterator type (a Python subclass of `enumerate` etc. may override `__next__`).
/// `None` when `v` is not such an iterator.
#[inline]
pub fn fast_next(v: &Value) -> Option<PyResult<Option<Value>>> {
    let Value::Obj(o) = v else { return None };
    let Payload::Iter(it) = o.payload() else {
        return None;
    };
    if matches!(**it, PyIter::DictView { .. }) {
        return None;
    }
    let c = o.class_ref();
    let t = types();
    let exact = c.is(&t.list_iterator)
        || c.is(&t.tuple_iterator)
        || c.is(&t.range_iterator)
        || c.is(&t.dict_keyiterator)
        || c.is(&t.dict_valueiterator)
        || c.is(&t.dict_itemiterator)
        || c.is(&t.set_iterator)
        || c.is(&t.str_iterator)
        || c.is(&t.list_reverseiterator)
        || c.is(&t.enumerate)
        || c.is(&t.zip)
        || c.is(&t.map)
        || c.is(&t.filter)
        || c.is(&t.reversed)
        || c.is(&t.iterator)
        || c.is(&t.callable_iterator)
        || {
            let x = extra();
            c.is(&x.longrange_iterator)
                || c.is(&x.dict_reversekeyiterator)
                || c.is(&x.dict_reversevalueiterator)
                || c.is(&x.dict_reverseitemiterator)
        };
    if !exact {
        return None;
    }
    Some(iter_next(it))
}

fn next_method(a: &[Value], kw: Kw) -> PyResult<Value> {
    margs::wrapper("__next__", a, kw, 0)?;
    let it = as_iter(&a[0]).ok_or_else(|| type_error("expected an iterator"))?;
    match iter_next(it)? {
        Some(v) => Ok(v),
        None => Err(stop_iteration(Value::None)),
    }
}

/// `__length_hint__` of the iterators that have one.
fn length_hint(a: &[Value], kw: Kw) -> PyResult<Value> {
    margs::noargs("__length_hint__", a, kw)?;
    let it = as_iter(&a[0]).ok_or_else(|| type_error("expected an iterator"))?;
    Ok(match it {
        PyIter::Range { left, .. } => Value::Int(left.get().max(0)),
        PyIter::LongRange { left, .. } => {
            crate::types::int::from_bigint(unsafe { (*left.get()).clone() })
        }
        PyIter::Seq { seq, index, kind } => {
            let s = unsafe { &*seq.get() };
            let n = match (s, kind) {
                (Some(v), SeqKind::List) => crate::types::list::as_list(v).map_or(0, |l| l.len()),
                (Some(v), SeqKind::Tuple) => {
                    crate::types::tuple::as_tuple(v).map_or(0, |l| l.len())
                }
                (Some(v), SeqKind::GetItem) => {
                    let v = v.clone();
                    match crate::ops::len(&v) {
                        Ok(n) => n,
                        Err(_) => return Ok(crate::types::misc::not_implemented()),
                    }
                }
                (None, _) => 0,
            };
            Value::Int(n.saturating_sub(index.get()) as i64)
        }
        PyIter::ReversedList { seq, index } => {
            let s = unsafe { &*seq.get() };
            let n = s
                .as_ref()
                .and_then(crate::types::list::as_list)
                .map_or(0, |l| l.len()) as isize;
            let i = index.get();
            Value::Int(if s.is_some() && i < n {
                (i + 1).max(0) as i64
            } else {
                0
            })
        }
        PyIter::Reversed { seq, index } => match slot_value(seq) {
            Some(sv) => {
                let n = crate::ops::len(&sv)? as isize;
                let p = index.get() + 1;
                Value::Int(if n < p { 0 } else { p as i64 })
            }
            None => Value::Int(0),
        },
        PyIter::Dict {
            dict,
            used,
            remaining,
            ..
        } => {
            let alive = slot_value(dict)
                .and_then(|d| crate::types::dict::as_dict(&d).map(|d| d.len() == used.get()));
            Value::Int(if alive == Some(true) {
                remaining.get() as i64
            } else {
                0
            })
        }
        PyIter::Set {
            set,
            used,
            remaining,
            ..
        } => {
            let alive = slot_value(set)
                .and_then(|s| crate::types::set::as_set(&s).map(|s| s.len() == used.get()));
            Value::Int(if alive == Some(true) {
                remaining.get() as i64
            } else {
                0
            })
        }
        PyIter::Str { s, byte_pos } => {
            let st = crate::types::str::as_str(s).unwrap_or("");
            Value::Int(st.get(byte_pos.get()..).map_or(0, |r| r.chars().count()) as i64)
        }
        _ => return Ok(crate::types::misc::not_implemented()),
    })
}

fn init_iterator_type(t: &ObjRef, hint: bool) {
    add_method(t, "__iter__", |a, kw| {
        margs::wrapper("__iter__", a, kw, 0)?;
        Ok(a[0].clone())
    });
    add_method(t, "__next__", next_method);
    if hint {
        add_method(t, "__length_hint__", length_hint);
    }
}

fn enumerate_new(a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = crate::types::misc::check_new_cls(a, "enumerate")?;
    let nkw = kw.map_or(0, |k| k.len());
    let npos = a.len() - 1 - nkw;
    if npos + nkw > 2 {
        return Err(type_error(format!(
            "enumerate() takes at most 2 arguments ({} given)",
            npos + nkw
        )));
    }
    let mut iterable = if npos >= 1 { Some(&a[1]) } else { None };
    let mut start = if npos >= 2 { Some(&a[2]) } else { None };
    if let Some(k) = kw {
        for (i, n) in k.iter().enumerate() {
            let v = &a[1 + npos + i];
            match crate::types::str::as_str(n) {
                Some("iterable") if iterable.is_none() => iterable = Some(v),
                Some("start") if start.is_none() => start = Some(v),
                Some(name @ ("iterable" | "start")) => {
                    return Err(type_error(format!(
                        "argument for enumerate() given by name ('{}') and position ({})",
                        name,
                        if name == "iterable" { 1 } else { 2 }
                    )))
                }
                Some(other) => {
                    return Err(type_error(format!(
                        "'{}' is an invalid keyword argument for enumerate()",
                        other
                    )))
                }
                None => return Err(type_error("keywords must be strings")),
            }
        }
    }
    let Some(iterable) = iterable else {
        return Err(type_error(
            "enumerate() missing required argument 'iterable'",
        ));
    };
    let it = crate::ops::get_iter(iterable)?;
    let start = match start {
        Some(s) => crate::types::int::index_value(s)?,
        None => Value::Int(0),
    };
    Ok(crate::types::misc::new_instance(
        &cls,
        Payload::Iter(Box::new(PyIter::Enumerate {
            it,
            count: UnsafeCell::new(start),
        })),
    ))
}

fn zip_new(a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = crate::types::misc::check_new_cls(a, "zip")?;
    let nkw = kw.map_or(0, |k| k.len());
    let mut strict = false;
    if nkw > 1 {
        return Err(type_error(format!(
            "zip() takes at most 1 keyword argument ({} given)",
            nkw
        )));
    }
    if let Some(k) = kw {
        for (i, n) in k.iter().enumerate() {
            match crate::types::str::as_str(n) {
                Some("strict") => strict = crate::ops::truthy(&a[a.len() - nkw + i])?,
                Some(other) => {
                    return Err(type_error(format!(
                        "'{}' is an invalid keyword argument for zip()",
                        other
                    )))
                }
                None => return Err(type_error("keywords must be strings")),
            }
        }
    }
    let mut its = Vec::with_capacity(a.len() - 1 - nkw);
    for x in &a[1..a.len() - nkw] {
        its.push(crate::ops::get_iter(x)?);
    }
    Ok(crate::types::misc::new_instance(
        &cls,
        Payload::Iter(Box::new(PyIter::Zip {
            its,
            strict,
            done: Cell::new(false),
        })),
    ))
}

fn reversed_new(a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = crate::types::misc::check_new_cls(a, "reversed")?;
    if cls.is(&types().reversed) && kw.map_or(false, |k| !k.is_empty()) {
        return Err(type_error("reversed() takes no keyword arguments"));
    }
    let p = margs::pos(a, kw);
    if p.len() != 1 {
        return Err(type_error(format!(
            "reversed expected 1 argument, got {}",
            p.len()
        )));
    }
    let seq = &p[0];
    match crate::ops::attr::lookup_special(seq, "__reversed__") {
        Some(Value::None) => {
            return Err(type_error(format!(
                "'{}' object is not reversible",
                seq.type_name()
            )));
        }
        Some(f) => return crate::ops::call_unbound(&f, seq, &[]),
        None => {}
    }
    let is_seq = crate::ops::attr::lookup_special(seq, "__getitem__").is_some()
        && !crate::types::typeobj::isinstance(seq, &types().dict);
    if !is_seq {
        return Err(type_error(format!(
            "'{}' object is not reversible",
            seq.type_name()
        )));
    }
    let n = crate::ops::len(seq)? as isize;
    Ok(crate::types::misc::new_instance(
        &cls,
        Payload::Iter(Box::new(PyIter::Reversed {
            seq: UnsafeCell::new(Some(seq.clone())),
            index: Cell::new(n - 1),
        })),
    ))
}

pub fn init_all() {
    let t = types();
    for (ty, hint) in [
        (&t.list_iterator, true),
        (&t.list_reverseiterator, true),
        (&t.tuple_iterator, true),
        (&t.range_iterator, true),
        (&t.str_iterator, true),
        (&t.dict_keyiterator, true),
        (&t.dict_valueiterator, true),
        (&t.dict_itemiterator, true),
        (&t.set_iterator, true),
        (&t.iterator, true),
        (&t.callable_iterator, false),
        (&t.enumerate, false),
        (&t.zip, false),
        (&t.map, false),
        (&t.filter, false),
        (&t.reversed, true),
        (&t.bytes_iterator, true),
        (&t.bytearray_iterator, true),
        (&extra().longrange_iterator, true),
        (&extra().dict_reversekeyiterator, true),
        (&extra().dict_reversevalueiterator, true),
        (&extra().dict_reverseitemiterator, true),
    ] {
        init_iterator_type(ty, hint);
    }
    add_staticmethod(&t.enumerate, "__new__", enumerate_new);
    crate::types::typeobj::add_classmethod(
        &t.enumerate,
        "__class_getitem__",
        crate::types::list::class_getitem,
    );
    add_staticmethod(&t.zip, "__new__", zip_new);
    add_staticmethod(&t.map, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "map")?;
        if cls.is(&types().map) && kw.map_or(false, |k| !k.is_empty()) {
            return Err(type_error("map() takes no keyword arguments"));
        }
        let p = margs::pos(a, kw);
        if p.len() < 2 {
            return Err(type_error("map() must have at least two arguments."));
        }
        let mut its = Vec::with_capacity(p.len() - 1);
        for x in &p[1..] {
            its.push(crate::ops::get_iter(x)?);
        }
        Ok(crate::types::misc::new_instance(
            &cls,
            Payload::Iter(Box::new(PyIter::Map {
                f: p[0].clone(),
                its,
            })),
        ))
    });
    add_staticmethod(&t.filter, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "filter")?;
        if cls.is(&types().filter) && kw.map_or(false, |k| !k.is_empty()) {
            return Err(type_error("filter() takes no keyword arguments"));
        }
        let p = margs::pos(a, kw);
        if p.len() != 2 {
            return Err(type_error(format!(
                "filter expected 2 arguments, got {}",
                p.len()
            )));
        }
        let it = crate::ops::get_iter(&p[1])?;
        Ok(crate::types::misc::new_instance(
            &cls,
            Payload::Iter(Box::new(PyIter::Filter {
                f: p[0].clone(),
                it,
            })),
        ))
    });
    add_staticmethod(&t.reversed, "__new__", reversed_new);
    init_views();
}

// ---------------------------------------------------------------------------
// dict views

fn view_of(v: &Value) -> PyResult<(&Value, DictIterKind)> {
    match as_iter(v) {
        Some(PyIter::DictView { dict, kind }) => Ok((dict, *kind)),
        _ => Err(type_error(format!(
            "descriptor requires a dict view object but received a '{}'",
            v.type_name()
        ))),
    }
}

fn is_set_view(v: &Value) -> bool {
    matches!(
        as_iter(v),
        Some(PyIter::DictView {
            kind: DictIterKind::Keys | DictIterKind::Items,
            ..
        })
    )
}

fn view_len(v: &Value) -> PyResult<usize> {
    let (d, _) = view_of(v)?;
    Ok(crate::types::dict::as_dict(d).map_or(0, |d| d.len()))
}

/// `x in view` for keys and items views.
fn view_contains(v: &Value, x: &Value) -> PyResult<bool> {
    let (d, k) = view_of(v)?;
    let Some(dd) = crate::types::dict::as_dict(d) else {
        return Ok(false);
    };
    match k {
        DictIterKind::Keys => dd.contains(x),
        DictIterKind::Items => {
            let Some(pair) = crate::types::tuple::as_tuple(x) else {
                return Ok(false);
            };
            if pair.len() != 2 {
                return Ok(false);
            }
            match dd.get_item(&pair[0])? {
                Some(found) => {
                    let r = crate::ops::compare(&found, &pair[1], CmpOp::Eq)?;
                    crate::ops::truthy(&r)
                }
                None => Ok(false),
            }
        }
        DictIterKind::Values => {
            let it = new_dict_iter(d.clone(), DictIterKind::Values, false);
            while let Some(y) = crate::ops::next(&it)? {
                if crate::types::list::item_eq(&y, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

/// A new set from an operand of a view operator (a keys view uses the dict itself).
fn view_to_set(v: &Value) -> PyResult<Value> {
    if let Some(PyIter::DictView {
        dict,
        kind: DictIterKind::Keys,
    }) = as_iter(v)
    {
        return crate::types::set::set_from_iterable(false, dict);
    }
    crate::types::set::set_from_iterable(false, v)
}

fn view_and(a: &Value, b: &Value) -> PyResult<Value> {
    let (mut x, mut y) = (a.clone(), b.clone());
    if !is_set_view(&x) {
        std::mem::swap(&mut x, &mut y);
    }
    let len_x = view_len(&x)?;
    if y.class_ref().is(&types().set) && len_x <= crate::ops::len(&y)? {
        return crate::ops::attr::call_method(&y, "intersection", &[x]);
    }
    if is_set_view(&y) && view_len(&y)? > len_x {
        std::mem::swap(&mut x, &mut y);
    }
    let result = crate::types::set::new_set_empty();
    let it = crate::ops::get_iter(&y)?;
    while let Some(k) = crate::ops::next(&it)? {
        if view_contains(&x, &k)? {
            if let Some(s) = crate::types::set::as_set(&result) {
                s.add(k)?;
            }
        }
    }
    Ok(result)
}

fn view_setop(a: &Value, b: &Value, op: &str) -> PyResult<Value> {
    let r = view_to_set(a)?;
    crate::ops::attr::call_method(&r, op, &[b.clone()])?;
    Ok(r)
}

fn all_contained_in(a: &Value, b: &Value) -> PyResult<bool> {
    let it = crate::ops::get_iter(a)?;
    while let Some(x) = crate::ops::next(&it)? {
        if !crate::ops::contains(b, &x)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn view_richcmp(a: &[Value], kw: Kw, name: &str, op: CmpOp) -> PyResult<Value> {
    let o = &margs::wrapper(name, a, kw, 1)?[0];
    view_of(&a[0])?;
    if crate::types::set::as_set(o).is_none() && !is_set_view(o) {
        return Ok(crate::types::misc::not_implemented());
    }
    let ls = crate::ops::len(&a[0])?;
    let lo = crate::ops::len(o)?;
    let r = match op {
        CmpOp::Eq | CmpOp::Ne => {
            let eq = ls == lo && all_contained_in(&a[0], o)?;
            if op == CmpOp::Eq {
                eq
            } else {
                !eq
            }
        }
        CmpOp::Lt => ls < lo && all_contained_in(&a[0], o)?,
        CmpOp::Le => ls <= lo && all_contained_in(&a[0], o)?,
        CmpOp::Gt => ls > lo && all_contained_in(o, &a[0])?,
        CmpOp::Ge => ls >= lo && all_contained_in(o, &a[0])?,
    };
    Ok(Value::Bool(r))
}

fn view_repr(a: &[Value], kw: Kw) -> PyResult<Value> {
    margs::wrapper("__repr__", a, kw, 0)?;
    let (d, k) = view_of(&a[0])?;
    let Some(_g) = crate::ops::repr_guard(&a[0]) else {
        return Ok("...".into());
    };
    let _n = crate::types::list::enter_nested(crate::types::list::IN_REPR)?;
    let it = new_dict_iter(d.clone(), k, false);
    let items = crate::ops::iterate(&it)?;
    let l = crate::types::list::new_list(items);
    Ok(format!("{}({})", a[0].type_name(), crate::ops::repr(&l)?).into())
}

fn init_views() {
    let t = types();
    for ty in [&t.dict_keys, &t.dict_values, &t.dict_items] {
        add_method(ty, "__len__", |a, kw| {
            margs::wrapper("__len__", a, kw, 0)?;
            Ok(Value::Int(view_len(&a[0])? as i64))
        });
        add_method(ty, "__iter__", |a, kw| {
            margs::wrapper("__iter__", a, kw, 0)?;
            let (d, k) = view_of(&a[0])?;
            Ok(new_dict_iter(d.clone(), k, false))
        });
        add_method(ty, "__reversed__", |a, kw| {
            margs::noargs("__reversed__", a, kw)?;
            let (d, k) = view_of(&a[0])?;
            Ok(new_dict_iter(d.clone(), k, true))
        });
        add_method(ty, "__repr__", view_repr);
        crate::types::typeobj::add_getset(
            ty,
            "mapping",
            |v| {
                let (d, _) = view_of(v)?;
                Ok(crate::types::misc::new_mappingproxy(d.clone()))
            },
            None,
        );
    }
    for ty in [&t.dict_keys, &t.dict_items] {
        add_method(ty, "__contains__", |a, kw| {
            let x = &margs::wrapper("__contains__", a, kw, 1)?[0];
            Ok(Value::Bool(view_contains(&a[0], x)?))
        });
        add_method(ty, "__and__", |a, kw| {
            let o = &margs::wrapper("__and__", a, kw, 1)?[0];
            view_and(&a[0], o)
        });
        add_method(ty, "__rand__", |a, kw| {
            let o = &margs::wrapper("__rand__", a, kw, 1)?[0];
            view_and(&a[0], o)
        });
        add_method(ty, "__or__", |a, kw| {
            let o = &margs::wrapper("__or__", a, kw, 1)?[0];
            view_setop(&a[0], o, "update")
        });
        add_method(ty, "__ror__", |a, kw| {
            let o = &margs::wrapper("__ror__", a, kw, 1)?[0];
            view_setop(o, &a[0], "update")
        });
        add_method(ty, "__sub__", |a, kw| {
            let o = &margs::wrapper("__sub__", a, kw, 1)?[0];
            view_setop(&a[0], o, "difference_update")
        });
        add_method(ty, "__rsub__", |a, kw| {
            let o = &margs::wrapper("__rsub__", a, kw, 1)?[0];
            view_setop(o, &a[0], "difference_update")
        });
        add_method(ty, "__xor__", |a, kw| {
            let o = &margs::wrapper("__xor__", a, kw, 1)?[0];
            view_setop(&a[0], o, "symmetric_difference_update")
        });
        add_method(ty, "__rxor__", |a, kw| {
            let o = &margs::wrapper("__rxor__", a, kw, 1)?[0];
            view_setop(o, &a[0], "symmetric_difference_update")
        });
        add_method(ty, "isdisjoint", |a, kw| {
            let o = margs::one("isdisjoint", a, kw)?;
            let (mut x, mut y) = (a[0].clone(), o.clone());
            if x.is(&y) {
                return Ok(Value::Bool(view_len(&x)? == 0));
            }
            if crate::types::set::as_set(&y).is_some() || is_set_view(&y) {
                let lx = crate::ops::len(&x)?;
                let ly = crate::ops::len(&y)?;
                if ly > lx {
                    std::mem::swap(&mut x, &mut y);
                }
            }
            let it = crate::ops::get_iter(&y)?;
            while let Some(item) = crate::ops::next(&it)? {
                if crate::ops::contains(&x, &item)? {
                    return Ok(Value::Bool(false));
                }
            }
            Ok(Value::Bool(true))
        });
        add_method(ty, "__eq__", |a, kw| {
            view_richcmp(a, kw, "__eq__", CmpOp::Eq)
        });
        add_method(ty, "__ne__", |a, kw| {
            view_richcmp(a, kw, "__ne__", CmpOp::Ne)
        });
        add_method(ty, "__lt__", |a, kw| {
            view_richcmp(a, kw, "__lt__", CmpOp::Lt)
        });
        add_method(ty, "__le__", |a, kw| {
            view_richcmp(a, kw, "__le__", CmpOp::Le)
        });
        add_method(ty, "__gt__", |a, kw| {
            view_richcmp(a, kw, "__gt__", CmpOp::Gt)
        });
        add_method(ty, "__ge__", |a, kw| {
            view_richcmp(a, kw, "__ge__", CmpOp::Ge)
        });
        crate::types::typeobj::set_attr_str(ty, "__hash__", Value::None);
    }
}

/// Visit the values an iterator holds (cycle collector).
pub fn traverse(it: &PyIter, f: &mut dyn FnMut(&Value)) {
    match it {
        PyIter::Seq { seq, .. }
        | PyIter::ReversedList { seq, .. }
        | PyIter::Reversed { seq, .. } => {
            if let Some(v) = unsafe { &*seq.get() } {
                f(v);
            }
        }
        PyIter::Str { s, .. } => f(s),
        PyIter::Dict { dict, .. } => {
            if let Some(v) = unsafe { &*dict.get() } {
                f(v);
            }
        }
        PyIter::DictView { dict, .. } => f(dict),
        PyIter::Set { set, .. } => {
            if let Some(v) = unsafe { &*set.get() } {
                f(v);
            }
        }
        PyIter::Enumerate { it, count } => {
            f(it);
            f(unsafe { &*count.get() });
        }
        PyIter::Zip { its, .. } => its.iter().for_each(|v| f(v)),
        PyIter::Map { f: func, its } => {
            f(func);
            its.iter().for_each(|v| f(v));
        }
        PyIter::Filter { f: func, it } => {
            f(func);
            f(it);
        }
        PyIter::Callable {
            f: func, sentinel, ..
        } => {
            f(func);
            f(sentinel);
        }
        PyIter::Range { .. } | PyIter::LongRange { .. } => {}
    }
}
