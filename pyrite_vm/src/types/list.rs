//! `list`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::typeobj::{add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use pyrite_compiler::bytecode::CmpOp;
use std::cell::UnsafeCell;

#[derive(Default)]
pub struct PyList {
    items: UnsafeCell<Vec<Value>>,
}

impl PyList {
    pub fn new(v: Vec<Value>) -> PyList {
        PyList { items: UnsafeCell::new(v) }
    }
    /// # Invariant
    /// Never hold the returned reference across Python code.
    #[allow(clippy::mut_from_ref)]
    #[inline]
    pub fn vec(&self) -> &mut Vec<Value> {
        unsafe { &mut *self.items.get() }
    }
    pub fn len(&self) -> usize {
        self.vec().len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn push(&self, v: Value) {
        self.vec().push(v)
    }
    pub fn extend(&self, v: Vec<Value>) {
        self.vec().extend(v)
    }
    pub fn to_vec(&self) -> Vec<Value> {
        self.vec().clone()
    }
    pub fn get(&self, i: usize) -> Option<Value> {
        self.vec().get(i).cloned()
    }
    pub fn get_index(&self, i: i64) -> Option<Value> {
        let n = self.len() as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            None
        } else {
            Some(self.vec()[j as usize].clone())
        }
    }
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
}

pub fn new_list(items: Vec<Value>) -> Value {
    Value::Obj(ObjRef::new(&types().list, Payload::List(PyList::new(items))))
}

pub fn as_list(v: &Value) -> Option<&PyList> {
    match v.payload() {
        Some(Payload::List(l)) => Some(l),
        _ => None,
    }
}

fn this(v: &Value) -> PyResult<&PyList> {
    as_list(v).ok_or_else(|| type_error(format!("descriptor requires a 'list' object but received a '{}'", v.type_name())))
}

pub fn repeat(items: &[Value], n: i64) -> PyResult<Vec<Value>> {
    if n <= 0 || items.is_empty() {
        return Ok(Vec::new());
    }
    let total = (items.len() as u128) * (n as u128);
    if total > (1u128 << 40) {
        return Err(memory_error());
    }
    let mut v = Vec::with_capacity(total as usize);
    for _ in 0..n {
        v.extend_from_slice(items);
    }
    Ok(v)
}

/// `start`/`stop` arguments of `index()` (args[2], args[3]), clamped.
pub fn index_bounds(a: &[Value], len: usize) -> PyResult<(usize, usize)> {
    let n = len as i64;
    let norm = |v: Option<&Value>, dflt: i64| -> PyResult<usize> {
        let x = match v {
            Some(v) if !v.is_none() => crate::types::int::index_value(v).map(|x| match x {
                Value::Int(i) => i,
                _ => {
                    if crate::types::int::to_bigint(&x).map_or(false, |b| b.sign() == num_bigint::Sign::Minus) {
                        i64::MIN / 2
                    } else {
                        i64::MAX / 2
                    }
                }
            })?,
            _ => dflt,
        };
        let x = if x < 0 { (x + n).max(0) } else { x.min(n) };
        Ok(x as usize)
    };
    Ok((norm(a.get(2), 0)?, norm(a.get(3), n)?))
}

/// Indexing of a sequence by int or slice.
pub fn seq_getitem(items: &[Value], key: &Value, what: &str, make: impl Fn(Vec<Value>) -> Value) -> PyResult<Value> {
    if let Some(Payload::Slice(_)) = key.payload() {
        let (start, _stop, step, n) = crate::types::misc::slice_indices(key, items.len())?;
        let mut out = Vec::with_capacity(n);
        let mut i = start;
        for _ in 0..n {
            out.push(items[i as usize].clone());
            i += step;
        }
        return Ok(make(out));
    }
    let i = crate::types::int::index_value(key).map_err(|_| {
        type_error(format!("{} indices must be integers or slices, not {}", what, key.type_name()))
    })?;
    let n = items.len() as i64;
    let i = match i {
        Value::Int(i) => i,
        _ => return Err(index_error(format!("cannot fit 'int' into an index-sized integer"))),
    };
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error(format!("{} index out of range", what)));
    }
    Ok(items[j as usize].clone())
}

fn cmp(a: &[Value], op: CmpOp) -> PyResult<Value> {
    let (Some(x), Some(y)) = (as_list(&a[0]), as_list(&a[1])) else {
        return Ok(crate::types::misc::not_implemented());
    };
    Ok(Value::Bool(crate::types::tuple::seq_compare(&x.to_vec(), &y.to_vec(), op)?))
}

fn list_setitem(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("__setitem__", a, 3, 3)?;
    let l = this(&a[0])?;
    if let Some(Payload::Slice(_)) = a[1].payload() {
        let new = crate::ops::iterate(&a[2])?;
        let (start, stop, step, n) = crate::types::misc::slice_indices(&a[1], l.len())?;
        let v = l.vec();
        if step == 1 {
            let stop = stop.max(start);
            let removed: Vec<Value> = v.splice(start as usize..stop as usize, new).collect();
            drop(removed);
        } else {
            if new.len() != n {
                return Err(value_error(format!(
                    "attempt to assign sequence of size {} to extended slice of size {}",
                    new.len(),
                    n
                )));
            }
            let mut i = start;
            let mut old = Vec::new();
            for x in new {
                old.push(std::mem::replace(&mut v[i as usize], x));
                i += step;
            }
            drop(old);
        }
        return Ok(Value::None);
    }
    let i = crate::types::int::index_value(&a[1]).map_err(|_| {
        type_error(format!("list indices must be integers or slices, not {}", a[1].type_name()))
    })?;
    let i = crate::types::int::as_i64(&i).unwrap_or(i64::MAX);
    if !l.set_index(i, a[2].clone()) {
        return Err(index_error("list assignment index out of range"));
    }
    Ok(Value::None)
}

fn list_delitem(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("__delitem__", a, 2, 2)?;
    let l = this(&a[0])?;
    if let Some(Payload::Slice(_)) = a[1].payload() {
        let (start, _stop, step, n) = crate::types::misc::slice_indices(&a[1], l.len())?;
        let v = l.vec();
        let mut idx: Vec<usize> = (0..n).map(|k| (start + k as i64 * step) as usize).collect();
        idx.sort_unstable();
        let mut removed = Vec::new();
        for &i in idx.iter().rev() {
            removed.push(v.remove(i));
        }
        drop(removed);
        return Ok(Value::None);
    }
    let i = crate::types::int::index_value(&a[1]).map_err(|_| {
        type_error(format!("list indices must be integers or slices, not {}", a[1].type_name()))
    })?;
    let n = l.len() as i64;
    let i = crate::types::int::as_i64(&i).unwrap_or(i64::MAX);
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error("list assignment index out of range"));
    }
    let old = l.vec().remove(j as usize);
    drop(old);
    Ok(Value::None)
}

/// Stable sort with Python comparisons; errors abort the sort.
pub fn sort_values(items: &mut Vec<Value>, key: Option<&Value>, reverse: bool) -> PyResult<()> {
    let keys: Option<Vec<Value>> = match key {
        Some(k) if !k.is_none() => {
            let mut ks = Vec::with_capacity(items.len());
            for it in items.iter() {
                ks.push(crate::ops::call::call(k, &[it.clone()], None)?);
            }
            Some(ks)
        }
        _ => None,
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    let mut err: Option<PyErr> = None;
    {
        let ks: &[Value] = keys.as_deref().unwrap_or(items);
        let mut less = |a: usize, b: usize| -> bool {
            if err.is_some() {
                return false;
            }
            match crate::ops::lt(&ks[a], &ks[b]) {
                Ok(r) => r,
                Err(e) => {
                    err = Some(e);
                    false
                }
            }
        };
        if reverse {
            idx.reverse();
            idx.sort_by(|&a, &b| if less(b, a) { std::cmp::Ordering::Less } else if less(a, b) { std::cmp::Ordering::Greater } else { std::cmp::Ordering::Equal });
            idx.reverse();
        } else {
            idx.sort_by(|&a, &b| if less(a, b) { std::cmp::Ordering::Less } else if less(b, a) { std::cmp::Ordering::Greater } else { std::cmp::Ordering::Equal });
        }
    }
    if let Some(e) = err {
        return Err(e);
    }
    let sorted: Vec<Value> = idx.into_iter().map(|i| items[i].clone()).collect();
    *items = sorted;
    Ok(())
}

fn list_sort(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("sort", &a[1..], kw, &["$key", "$reverse"], 0)?;
    let l = this(&a[0])?;
    let reverse = match &args[1] {
        Some(r) => crate::ops::truthy(r)?,
        None => false,
    };
    let mut items = l.take_all();
    let r = sort_values(&mut items, args[0].as_ref(), reverse);
    let modified = !l.is_empty();
    let during = l.take_all();
    *l.vec() = items;
    drop(during);
    r?;
    if modified {
        return Err(value_error("list modified during sort"));
    }
    Ok(Value::None)
}

pub fn init(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, _| {
        let cls = crate::types::misc::check_new_cls(a, "list")?;
        Ok(crate::types::misc::new_instance(&cls, Payload::List(PyList::default())))
    });
    add_method(t, "__init__", |a, kw| {
        let args = crate::args::parse("list", &a[1..], kw, &[""], 0)?;
        let l = this(&a[0])?;
        let items = match &args[0] {
            Some(v) => crate::ops::iterate(v)?,
            None => Vec::new(),
        };
        let old = std::mem::replace(l.vec(), items);
        drop(old);
        Ok(Value::None)
    });
    add_method(t, "__len__", |a, _| Ok(Value::Int(this(&a[0])?.len() as i64)));
    add_method(t, "__getitem__", |a, _| {
        let items = this(&a[0])?.to_vec();
        seq_getitem(&items, &a[1], "list", new_list)
    });
    add_method(t, "__setitem__", list_setitem);
    add_method(t, "__delitem__", list_delitem);
    add_method(t, "__contains__", |a, _| {
        let l = this(&a[0])?;
        let mut i = 0;
        while let Some(x) = l.get(i) {
            if crate::ops::eq(&x, &a[1])? {
                return Ok(Value::Bool(true));
            }
            i += 1;
        }
        Ok(Value::Bool(false))
    });
    add_method(t, "__iter__", |a, _| {
        this(&a[0])?;
        Ok(crate::types::iter::new_seq_iter(a[0].clone(), crate::types::iter::SeqKind::List))
    });
    add_method(t, "__reversed__", |a, _| {
        this(&a[0])?;
        Ok(crate::types::iter::new_reversed_list(a[0].clone()))
    });
    add_method(t, "__repr__", |a, _| {
        let items = this(&a[0])?.to_vec();
        let Some(_g) = crate::ops::repr_guard(&a[0]) else { return Ok("[...]".into()) };
        Ok(crate::types::tuple::seq_repr(&items, "[", "]")?.into())
    });
    add_method(t, "__add__", |a, _| {
        let Some(o) = as_list(&a[1]) else {
            return Err(type_error(format!("can only concatenate list (not \"{}\") to list", a[1].type_name())));
        };
        let mut v = this(&a[0])?.to_vec();
        v.extend(o.to_vec());
        Ok(new_list(v))
    });
    add_method(t, "__iadd__", |a, _| {
        let items = crate::ops::iterate(&a[1])?;
        this(&a[0])?.extend(items);
        Ok(a[0].clone())
    });
    add_method(t, "__mul__", |a, _| {
        let n = match crate::types::int::index_value(&a[1]) {
            Ok(Value::Int(n)) => n,
            Ok(_) => return Err(overflow_error("cannot fit 'int' into an index-sized integer")),
            Err(_) => return Ok(crate::types::misc::not_implemented()),
        };
        Ok(new_list(repeat(&this(&a[0])?.to_vec(), n)?))
    });
    add_method(t, "__rmul__", |a, _| {
        let n = match crate::types::int::index_value(&a[1]) {
            Ok(Value::Int(n)) => n,
            _ => return Ok(crate::types::misc::not_implemented()),
        };
        Ok(new_list(repeat(&this(&a[0])?.to_vec(), n)?))
    });
    add_method(t, "__imul__", |a, _| {
        let n = match crate::types::int::index_value(&a[1]) {
            Ok(Value::Int(n)) => n,
            _ => return Ok(crate::types::misc::not_implemented()),
        };
        let l = this(&a[0])?;
        let v = repeat(&l.to_vec(), n)?;
        let old = std::mem::replace(l.vec(), v);
        drop(old);
        Ok(a[0].clone())
    });
    add_method(t, "__eq__", |a, _| cmp(a, CmpOp::Eq));
    add_method(t, "__ne__", |a, _| cmp(a, CmpOp::Ne));
    add_method(t, "__lt__", |a, _| cmp(a, CmpOp::Lt));
    add_method(t, "__le__", |a, _| cmp(a, CmpOp::Le));
    add_method(t, "__gt__", |a, _| cmp(a, CmpOp::Gt));
    add_method(t, "__ge__", |a, _| cmp(a, CmpOp::Ge));
    add_method(t, "__sizeof__", |a, _| Ok(Value::Int(40 + 8 * this(&a[0])?.vec().capacity() as i64)));
    add_method(t, "append", |a, _| {
        check_args("append", &a[1..], 1, 1).map_err(|_| type_error(format!("list.append() takes exactly one argument ({} given)", a.len() - 1)))?;
        this(&a[0])?.push(a[1].clone());
        Ok(Value::None)
    });
    add_method(t, "extend", |a, _| {
        check_args("extend", &a[1..], 1, 1)?;
        let items = crate::ops::iterate(&a[1])?;
        this(&a[0])?.extend(items);
        Ok(Value::None)
    });
    add_method(t, "insert", |a, _| {
        if a.len() != 3 {
            return Err(type_error(format!("insert expected 2 arguments, got {}", a.len() - 1)));
        }
        let l = this(&a[0])?;
        let n = l.len() as i64;
        let i = crate::types::int::index_i64(&a[1])?;
        let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
        l.vec().insert(j as usize, a[2].clone());
        Ok(Value::None)
    });
    add_method(t, "pop", |a, _| {
        check_args("pop", &a[1..], 0, 1)?;
        let l = this(&a[0])?;
        if l.is_empty() {
            return Err(index_error("pop from empty list"));
        }
        let n = l.len() as i64;
        let i = match a.get(1) {
            Some(v) => crate::types::int::index_i64(v)?,
            None => -1,
        };
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(index_error("pop index out of range"));
        }
        Ok(l.vec().remove(j as usize))
    });
    add_method(t, "remove", |a, _| {
        check_args("remove", &a[1..], 1, 1)?;
        let l = this(&a[0])?;
        let mut i = 0;
        while let Some(x) = l.get(i) {
            if crate::ops::eq(&x, &a[1])? {
                if i < l.len() {
                    let old = l.vec().remove(i);
                    drop(old);
                }
                return Ok(Value::None);
            }
            i += 1;
        }
        Err(value_error("list.remove(x): x not in list"))
    });
    add_method(t, "index", |a, _| {
        check_args("index", &a[1..], 1, 3)?;
        let l = this(&a[0])?;
        let (start, stop) = index_bounds(a, l.len())?;
        let mut i = start;
        while i < stop.min(l.len()) {
            let x = l.get(i).unwrap();
            if crate::ops::eq(&x, &a[1])? {
                return Ok(Value::Int(i as i64));
            }
            i += 1;
        }
        Err(value_error(format!("{} is not in list", crate::ops::repr(&a[1])?)))
    });
    add_method(t, "count", |a, _| {
        check_args("count", &a[1..], 1, 1)?;
        let mut n = 0;
        for x in this(&a[0])?.to_vec() {
            if crate::ops::eq(&x, &a[1])? {
                n += 1;
            }
        }
        Ok(Value::Int(n))
    });
    add_method(t, "clear", |a, _| {
        let old = this(&a[0])?.take_all();
        drop(old);
        Ok(Value::None)
    });
    add_method(t, "copy", |a, _| Ok(new_list(this(&a[0])?.to_vec())));
    add_method(t, "reverse", |a, _| {
        this(&a[0])?.vec().reverse();
        Ok(Value::None)
    });
    add_method(t, "sort", list_sort);
    crate::types::typeobj::add_classmethod(t, "__class_getitem__", crate::types::misc::generic_alias_method);
    crate::types::typeobj::set_attr_str(t, "__hash__", Value::None);
}
