//! Iterator types: sequence/list/tuple/range/str/dict/set iterators, dict views,
//! `enumerate`, `zip`, `map`, `filter`, `reversed`, `iter(callable, sentinel)`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::typeobj::{add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
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
    Seq { seq: UnsafeCell<Option<Value>>, index: Cell<usize>, kind: SeqKind },
    ReversedList { seq: UnsafeCell<Option<Value>>, index: Cell<isize> },
    Range { cur: Cell<i64>, step: i64, left: Cell<i64> },
    Str { s: Value, byte_pos: Cell<usize> },
    Dict { dict: Value, pos: Cell<usize>, kind: DictIterKind, len: usize, reversed: bool, done: Cell<bool> },
    DictView { dict: Value, kind: DictIterKind },
    Set { set: Value, pos: Cell<usize>, len: usize },
    Enumerate { it: Value, count: UnsafeCell<Value> },
    Zip { its: Vec<Value>, strict: bool, done: Cell<bool> },
    Map { f: Value, its: Vec<Value> },
    Filter { f: Value, it: Value },
    Callable { f: Value, sentinel: Value, done: Cell<bool> },
    Reversed { seq: Value, index: Cell<isize> },
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
    new_iter(ty, PyIter::Seq { seq: UnsafeCell::new(Some(seq)), index: Cell::new(0), kind })
}

pub fn new_reversed_list(seq: Value) -> Value {
    let n = crate::types::list::as_list(&seq).map_or(0, |l| l.len()) as isize;
    new_iter(&types().list_reverseiterator, PyIter::ReversedList { seq: UnsafeCell::new(Some(seq)), index: Cell::new(n - 1) })
}

pub fn new_range_iter(start: i64, step: i64, len: i64) -> Value {
    new_iter(&types().range_iterator, PyIter::Range { cur: Cell::new(start), step, left: Cell::new(len) })
}

pub fn new_str_iter(s: Value) -> Value {
    new_iter(&types().str_iterator, PyIter::Str { s, byte_pos: Cell::new(0) })
}

pub fn new_dict_iter(dict: Value, kind: DictIterKind, reversed: bool) -> Value {
    let t = types();
    let ty = match kind {
        DictIterKind::Keys => &t.dict_keyiterator,
        DictIterKind::Values => &t.dict_valueiterator,
        DictIterKind::Items => &t.dict_itemiterator,
    };
    let d = crate::types::dict::as_dict(&dict).unwrap();
    let len = d.len();
    let pos = if reversed { d.next_entry_rev_start() } else { 0 };
    new_iter(ty, PyIter::Dict { dict, pos: Cell::new(pos), kind, len, reversed, done: Cell::new(false) })
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
    new_iter(&types().set_iterator, PyIter::Set { set, pos: Cell::new(0), len })
}

pub fn as_iter(v: &Value) -> Option<&PyIter> {
    match v.payload() {
        Some(Payload::Iter(i)) => Some(i),
        _ => None,
    }
}

/// Advance a native iterator.
pub fn iter_next(it: &PyIter) -> PyResult<Option<Value>> {
    match it {
        PyIter::Seq { seq, index, kind } => {
            let s = unsafe { &mut *seq.get() };
            let Some(sv) = s.as_ref() else { return Ok(None) };
            let i = index.get();
            let r = match kind {
                SeqKind::List => crate::types::list::as_list(sv).and_then(|l| l.get(i)),
                SeqKind::Tuple => crate::types::tuple::as_tuple(sv).and_then(|t| t.get(i).cloned()),
                SeqKind::GetItem => {
                    let sv = sv.clone();
                    match crate::ops::getitem(&sv, &Value::Int(i as i64)) {
                        Ok(v) => Some(v),
                        Err(e) if e.matches(&crate::types::exceptions::exc().index_error) || e.matches(&crate::types::exceptions::exc().stop_iteration) => None,
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
                    let old = unsafe { (*seq.get()).take() };
                    drop(old);
                    Ok(None)
                }
            }
        }
        PyIter::ReversedList { seq, index } => {
            let s = unsafe { &*seq.get() };
            let Some(sv) = s.as_ref() else { return Ok(None) };
            let i = index.get();
            let l = crate::types::list::as_list(sv).unwrap();
            if i >= 0 && (i as usize) < l.len() {
                index.set(i - 1);
                return Ok(l.get(i as usize));
            }
            let old = unsafe { (*seq.get()).take() };
            drop(old);
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
        PyIter::Str { s, byte_pos } => {
            let st = crate::types::str::as_str(s).unwrap_or("");
            let p = byte_pos.get();
            match st[p..].chars().next() {
                Some(c) => {
                    byte_pos.set(p + c.len_utf8());
                    let mut buf = [0u8; 4];
                    Ok(Some(crate::types::str::new_str(c.encode_utf8(&mut buf))))
                }
                None => Ok(None),
            }
        }
        PyIter::Dict { dict, pos, kind, len, reversed, done } => {
            if done.get() {
                return Ok(None);
            }
            let d = crate::types::dict::as_dict(dict).unwrap();
            if d.len() != *len {
                done.set(true);
                return Err(runtime_error("dictionary changed size during iteration"));
            }
            let next = if *reversed { d.next_entry_rev(pos.get()) } else { d.next_entry(pos.get()) };
            match next {
                Some((np, k, v)) => {
                    pos.set(np);
                    Ok(Some(match kind {
                        DictIterKind::Keys => k,
                        DictIterKind::Values => v,
                        DictIterKind::Items => crate::types::tuple::new_tuple(vec![k, v]),
                    }))
                }
                None => {
                    done.set(true);
                    Ok(None)
                }
            }
        }
        PyIter::Set { set, pos, len } => {
            let s = crate::types::set::as_set(set).unwrap();
            if s.len() != *len {
                return Err(runtime_error("Set changed size during iteration"));
            }
            match s.table.next_entry(pos.get()) {
                Some((np, k, _)) => {
                    pos.set(np);
                    Ok(Some(k))
                }
                None => Ok(None),
            }
        }
        PyIter::Enumerate { it, count } => match crate::ops::next(it)? {
            Some(v) => {
                let c = unsafe { &mut *count.get() };
                let cur = c.clone();
                *c = match &cur {
                    Value::Int(i) if *i < i64::MAX => Value::Int(i + 1),
                    _ => crate::ops::arith::binary_op(&cur, &Value::Int(1), pyrite_compiler::bytecode::BinOp::Add)?,
                };
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
                            if i > 0 {
                                let s = if i == 1 { " " } else { "s 1-" };
                                return Err(value_error(format!(
                                    "zip() argument {} is shorter than argument{}{}",
                                    i + 1,
                                    s,
                                    i
                                )));
                            }
                            for (j, other) in its.iter().enumerate().skip(1) {
                                if crate::ops::next(other)?.is_some() {
                                    let s = if j == 1 { " " } else { "s 1-" };
                                    return Err(value_error(format!(
                                        "zip() argument {} is longer than argument{}{}",
                                        j + 1,
                                        s,
                                        j
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
            let Some(v) = crate::ops::next(it)? else { return Ok(None) };
            let keep = if f.is_none() {
                crate::ops::truthy(&v)?
            } else {
                crate::ops::truthy(&crate::ops::call::call(f, &[v.clone()], None)?)?
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
            if crate::ops::eq(&v, sentinel)? {
                done.set(true);
                return Ok(None);
            }
            Ok(Some(v))
        }
        PyIter::Reversed { seq, index } => {
            let i = index.get();
            if i < 0 {
                return Ok(None);
            }
            index.set(i - 1);
            match crate::ops::getitem(seq, &Value::Int(i as i64)) {
                Ok(v) => Ok(Some(v)),
                Err(e) if e.matches(&crate::types::exceptions::exc().index_error) || e.matches(&crate::types::exceptions::exc().stop_iteration) => {
                    index.set(-1);
                    Ok(None)
                }
                Err(e) => Err(e),
            }
        }
        PyIter::DictView { .. } => Err(type_error("dict view is not an iterator")),
    }
}

fn next_method(a: &[Value], _kw: crate::types::function::Kw) -> PyResult<Value> {
    let it = as_iter(&a[0]).ok_or_else(|| type_error("expected an iterator"))?;
    match iter_next(it)? {
        Some(v) => Ok(v),
        None => Err(stop_iteration(Value::None)),
    }
}

fn init_iterator_type(t: &ObjRef) {
    add_method(t, "__iter__", |a, _| Ok(a[0].clone()));
    add_method(t, "__next__", next_method);
    add_method(t, "__length_hint__", |a, _| {
        let it = as_iter(&a[0]).ok_or_else(|| type_error("expected an iterator"))?;
        Ok(Value::Int(match it {
            PyIter::Range { left, .. } => left.get().max(0),
            PyIter::Seq { seq, index, kind } => {
                let s = unsafe { &*seq.get() };
                match (s, kind) {
                    (Some(v), SeqKind::List) => crate::types::list::as_list(v).map_or(0, |l| l.len().saturating_sub(index.get()) as i64),
                    (Some(v), SeqKind::Tuple) => crate::types::tuple::as_tuple(v).map_or(0, |l| l.len().saturating_sub(index.get()) as i64),
                    _ => 0,
                }
            }
            _ => return Ok(crate::types::misc::not_implemented()),
        }))
    });
}

pub fn init_all() {
    let t = types();
    for ty in [
        &t.list_iterator, &t.list_reverseiterator, &t.tuple_iterator, &t.range_iterator, &t.str_iterator,
        &t.dict_keyiterator, &t.dict_valueiterator, &t.dict_itemiterator, &t.set_iterator, &t.iterator,
        &t.callable_iterator, &t.enumerate, &t.zip, &t.map, &t.filter, &t.reversed, &t.bytes_iterator,
        &t.bytearray_iterator,
    ] {
        init_iterator_type(ty);
    }
    add_staticmethod(&t.enumerate, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "enumerate")?;
        let args = crate::args::parse("enumerate", &a[1..], kw, &["iterable", "start"], 1)?;
        let it = crate::ops::get_iter(args[0].as_ref().unwrap())?;
        let start = match &args[1] {
            Some(s) => crate::types::int::index_value(s)?,
            None => Value::Int(0),
        };
        Ok(crate::types::misc::new_instance(&cls, Payload::Iter(Box::new(PyIter::Enumerate { it, count: UnsafeCell::new(start) }))))
    });
    add_staticmethod(&t.zip, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "zip")?;
        let nkw = kw.map_or(0, |k| k.len());
        let mut strict = false;
        if let Some(k) = kw {
            for (i, n) in k.iter().enumerate() {
                if crate::types::str::as_str(n) == Some("strict") {
                    strict = crate::ops::truthy(&a[a.len() - nkw + i])?;
                } else {
                    return Err(type_error(format!("zip() got an unexpected keyword argument '{}'", crate::types::str::as_str(n).unwrap_or("?"))));
                }
            }
        }
        let mut its = Vec::new();
        for (i, x) in a[1..a.len() - nkw].iter().enumerate() {
            its.push(crate::ops::get_iter(x).map_err(|e| {
                if e.matches(&crate::types::exceptions::exc().type_error) {
                    type_error(format!("zip argument #{} must support iteration", i + 1))
                } else {
                    e
                }
            })?);
        }
        Ok(crate::types::misc::new_instance(&cls, Payload::Iter(Box::new(PyIter::Zip { its, strict, done: Cell::new(false) }))))
    });
    add_staticmethod(&t.map, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "map")?;
        if kw.map_or(false, |k| !k.is_empty()) {
            return Err(type_error("map() takes no keyword arguments"));
        }
        if a.len() < 3 {
            return Err(type_error("map() must have at least two arguments."));
        }
        let mut its = Vec::new();
        for x in &a[2..] {
            its.push(crate::ops::get_iter(x)?);
        }
        Ok(crate::types::misc::new_instance(&cls, Payload::Iter(Box::new(PyIter::Map { f: a[1].clone(), its }))))
    });
    add_staticmethod(&t.filter, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "filter")?;
        if kw.map_or(false, |k| !k.is_empty()) {
            return Err(type_error("filter() takes no keyword arguments"));
        }
        check_args("filter", &a[1..], 2, 2)?;
        let it = crate::ops::get_iter(&a[2])?;
        Ok(crate::types::misc::new_instance(&cls, Payload::Iter(Box::new(PyIter::Filter { f: a[1].clone(), it }))))
    });
    add_staticmethod(&t.reversed, "__new__", |a, _kw| {
        let _cls = crate::types::misc::check_new_cls(a, "reversed")?;
        check_args("reversed", &a[1..], 1, 1)?;
        let seq = &a[1];
        if let Some(r) = crate::ops::call_special(seq, crate::name!("__reversed__"), &[])? {
            return Ok(r);
        }
        if crate::ops::attr::lookup_special(seq, "__getitem__").is_none() || crate::types::dict::as_dict(seq).is_some() {
            return Err(type_error(format!("'{}' object is not reversible", seq.type_name())));
        }
        let n = crate::ops::len(seq)? as isize;
        Ok(new_iter(&types().reversed, PyIter::Reversed { seq: seq.clone(), index: Cell::new(n - 1) }))
    });
    init_views();
}

pub fn new_callable_iter(f: Value, sentinel: Value) -> Value {
    new_iter(&types().callable_iterator, PyIter::Callable { f, sentinel, done: Cell::new(false) })
}

fn view_of(v: &Value) -> PyResult<(&Value, DictIterKind)> {
    match as_iter(v) {
        Some(PyIter::DictView { dict, kind }) => Ok((dict, *kind)),
        _ => Err(type_error("expected a dict view")),
    }
}

fn init_views() {
    let t = types();
    for ty in [&t.dict_keys, &t.dict_values, &t.dict_items] {
        add_method(ty, "__len__", |a, _| {
            let (d, _) = view_of(&a[0])?;
            Ok(Value::Int(crate::types::dict::as_dict(d).unwrap().len() as i64))
        });
        add_method(ty, "__iter__", |a, _| {
            let (d, k) = view_of(&a[0])?;
            Ok(new_dict_iter(d.clone(), k, false))
        });
        add_method(ty, "__reversed__", |a, _| {
            let (d, k) = view_of(&a[0])?;
            Ok(new_dict_iter(d.clone(), k, true))
        });
        add_method(ty, "__repr__", |a, _| {
            let (d, k) = view_of(&a[0])?;
            let it = new_dict_iter(d.clone(), k, false);
            let items = crate::ops::iterate(&it)?;
            Ok(format!("{}({})", a[0].type_name(), crate::types::tuple::seq_repr(&items, "[", "]")?).into())
        });
        add_getset_mapping(ty);
    }
    for ty in [&t.dict_keys, &t.dict_items] {
        add_method(ty, "__contains__", |a, _| {
            let (d, k) = view_of(&a[0])?;
            let dd = crate::types::dict::as_dict(d).unwrap();
            match k {
                DictIterKind::Keys => Ok(Value::Bool(dd.contains(&a[1])?)),
                _ => {
                    let Some(pair) = crate::types::tuple::as_tuple(&a[1]) else { return Ok(Value::Bool(false)) };
                    if pair.len() != 2 {
                        return Ok(Value::Bool(false));
                    }
                    match dd.get_item(&pair[0])? {
                        Some(v) => Ok(Value::Bool(crate::ops::eq(&v, &pair[1])?)),
                        None => Ok(Value::Bool(false)),
                    }
                }
            }
        });
        fn as_set_value(v: &Value) -> PyResult<Value> {
            crate::types::set::new_set_from(crate::ops::iterate(v)?)
        }
        fn setop(a: &[Value], op: &str) -> PyResult<Value> {
            let x = as_set_value(&a[0])?;
            let y = match crate::ops::iterate(&a[1]) {
                Ok(v) => crate::types::set::new_set_from(v)?,
                Err(_) => return Ok(crate::types::misc::not_implemented()),
            };
            crate::ops::attr::call_method(&x, op, &[y])
        }
        add_method(ty, "__and__", |a, _| setop(a, "__and__"));
        add_method(ty, "__rand__", |a, _| setop(a, "__and__"));
        add_method(ty, "__or__", |a, _| setop(a, "__or__"));
        add_method(ty, "__ror__", |a, _| setop(a, "__or__"));
        add_method(ty, "__sub__", |a, _| setop(a, "__sub__"));
        add_method(ty, "__xor__", |a, _| setop(a, "__xor__"));
        add_method(ty, "__rxor__", |a, _| setop(a, "__xor__"));
        add_method(ty, "isdisjoint", |a, _| {
            let x = as_set_value(&a[0])?;
            crate::ops::attr::call_method(&x, "isdisjoint", &[a[1].clone()])
        });
        fn cmpop(a: &[Value], op: &str) -> PyResult<Value> {
            if crate::types::set::as_set(&a[1]).is_none() && !matches!(as_iter(&a[1]), Some(PyIter::DictView { .. })) {
                return Ok(crate::types::misc::not_implemented());
            }
            let x = as_set_value(&a[0])?;
            let y = as_set_value(&a[1])?;
            crate::ops::attr::call_method(&x, op, &[y])
        }
        add_method(ty, "__eq__", |a, _| cmpop(a, "__eq__"));
        add_method(ty, "__ne__", |a, _| cmpop(a, "__ne__"));
        add_method(ty, "__lt__", |a, _| cmpop(a, "__lt__"));
        add_method(ty, "__le__", |a, _| cmpop(a, "__le__"));
        add_method(ty, "__gt__", |a, _| cmpop(a, "__gt__"));
        add_method(ty, "__ge__", |a, _| cmpop(a, "__ge__"));
        crate::types::typeobj::set_attr_str(ty, "__hash__", Value::None);
    }
}

fn add_getset_mapping(ty: &ObjRef) {
    crate::types::typeobj::add_getset(ty, "mapping", |v| {
        let (d, _) = view_of(v)?;
        Ok(crate::types::misc::new_mappingproxy(d.clone()))
    }, None);
}

/// Visit the values an iterator holds (cycle collector).
pub fn traverse(it: &PyIter, f: &mut dyn FnMut(&Value)) {
    match it {
        PyIter::Seq { seq, .. } | PyIter::ReversedList { seq, .. } => {
            if let Some(v) = unsafe { &*seq.get() } {
                f(v);
            }
        }
        PyIter::Str { s, .. } => f(s),
        PyIter::Dict { dict, .. } | PyIter::DictView { dict, .. } => f(dict),
        PyIter::Set { set, .. } => f(set),
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
        PyIter::Callable { f: func, sentinel, .. } => {
            f(func);
            f(sentinel);
        }
        PyIter::Reversed { seq, .. } => f(seq),
        PyIter::Range { .. } => {}
    }
}
