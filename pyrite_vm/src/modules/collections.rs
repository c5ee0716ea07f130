//! `_collections`: `deque` (with its iterators), `defaultdict`, `_count_elements` and
//! `_tuplegetter`. `OrderedDict` comes from the pure-Python `collections` package.

use crate::errors::*;
use crate::gil::GilCell;
use crate::modules::ndata::{self, NativeData, PCell};
use crate::object::{flags, ObjRef};
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::{add_classmethod, add_getset, add_method, add_staticmethod, tdata};
use crate::types::{types, Payload};
use crate::value::Value;
use pyrite_compiler::bytecode::CmpOp;
use std::cell::Cell;
use std::collections::{HashMap, VecDeque};

// ---------------------------------------------------------------------------
// deque

pub struct Deque {
    items: PCell<VecDeque<Value>>,
    maxlen: Cell<Option<usize>>,
    /// Bumped by every mutation that invalidates iterators.
    state: Cell<u64>,
}

impl NativeData for Deque {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        self.items.get().iter().for_each(|v| f(v));
    }
    fn clear(&self) {
        drop(self.items.take());
    }
}

impl Deque {
    fn bump(&self) {
        self.state.set(self.state.get().wrapping_add(1));
    }
    fn len(&self) -> usize {
        self.items.get().len()
    }
    fn append(&self, v: Value) {
        let old;
        {
            let d = self.items.get();
            d.push_back(v);
            old = match self.maxlen.get() {
                Some(m) if d.len() > m => d.pop_front(),
                _ => None,
            };
        }
        self.bump();
        drop(old);
    }
    fn appendleft(&self, v: Value) {
        let old;
        {
            let d = self.items.get();
            d.push_front(v);
            old = match self.maxlen.get() {
                Some(m) if d.len() > m => d.pop_back(),
                _ => None,
            };
        }
        self.bump();
        drop(old);
    }
    fn snapshot(&self) -> Vec<Value> {
        self.items.get().iter().cloned().collect()
    }
}

fn dq(v: &Value) -> PyResult<&Deque> {
    ndata::this::<Deque>(v, "collections.deque")
}

fn new_deque_of(cls: &ObjRef, items: VecDeque<Value>, maxlen: Option<usize>) -> Value {
    ndata::new_native(
        cls,
        Deque {
            items: PCell::new(items),
            maxlen: Cell::new(maxlen),
            state: Cell::new(0),
        },
    )
}

fn deque_extend(d: &Deque, this: &Value, iterable: &Value) -> PyResult<()> {
    if iterable.is(this) {
        let items = d.snapshot();
        for v in items {
            d.append(v);
        }
        return Ok(());
    }
    let it = crate::ops::get_iter(iterable)?;
    while let Some(v) = crate::ops::next(&it)? {
        d.append(v);
    }
    Ok(())
}

fn deque_extendleft(d: &Deque, this: &Value, iterable: &Value) -> PyResult<()> {
    if iterable.is(this) {
        let items = d.snapshot();
        for v in items {
            d.appendleft(v);
        }
        return Ok(());
    }
    let it = crate::ops::get_iter(iterable)?;
    while let Some(v) = crate::ops::next(&it)? {
        d.appendleft(v);
    }
    Ok(())
}

fn norm_index(d: &Deque, i: &Value) -> PyResult<usize> {
    if !crate::types::int::is_int(i) && crate::ops::attr::lookup_special(i, "__index__").is_none() {
        return Err(type_error(format!(
            "sequence index must be integer, not '{}'",
            i.type_name()
        )));
    }
    let n = d.len() as i64;
    let mut k = crate::types::int::index_isize(i)?;
    if k < 0 {
        k += n;
    }
    if k < 0 || k >= n {
        return Err(index_error("deque index out of range"));
    }
    Ok(k as usize)
}

fn parse_maxlen(v: Option<&Value>) -> PyResult<Option<usize>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            if !crate::types::int::is_int(v) {
                return Err(type_error("an integer is required"));
            }
            let n = crate::types::int::index_i64(v)?;
            if n < 0 {
                return Err(value_error("maxlen must be non-negative"));
            }
            Ok(Some(n as usize))
        }
    }
}

/// Compare the items of a deque with `x` (stops with RuntimeError if mutated).
fn find(d: &Deque, x: &Value, start: usize, stop: usize) -> PyResult<Option<usize>> {
    let state = d.state.get();
    let mut i = start;
    while i < stop.min(d.len()) {
        let item = match d.items.get().get(i) {
            Some(v) => v.clone(),
            None => break,
        };
        let eq = crate::ops::eq(&item, x)?;
        if d.state.get() != state {
            return Err(runtime_error("deque mutated during iteration"));
        }
        if eq {
            return Ok(Some(i));
        }
        i += 1;
    }
    Ok(None)
}

fn deque_repr(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = dq(ndata::arg(a, 0)?)?;
    let name = tdata(ndata::arg(a, 0)?.class_ref()).name().to_string();
    let Some(_g) = crate::ops::repr_guard(ndata::arg(a, 0)?) else {
        return Ok("[...]".into());
    };
    let items = d.snapshot();
    let mut parts = Vec::with_capacity(items.len());
    for v in &items {
        parts.push(crate::ops::repr(v)?);
    }
    Ok(match d.maxlen.get() {
        Some(m) => format!("{}([{}], maxlen={})", name, parts.join(", "), m),
        None => format!("{}([{}])", name, parts.join(", ")),
    }
    .into())
}

fn deque_cmp(a: &Value, b: &Value, op: CmpOp) -> PyResult<Value> {
    let (Some(x), Some(y)) = (ndata::get::<Deque>(a), ndata::get::<Deque>(b)) else {
        return Ok(crate::types::misc::not_implemented());
    };
    let xs = x.snapshot();
    let ys = y.snapshot();
    Ok(Value::Bool(crate::types::tuple::seq_compare(&xs, &ys, op)?))
}

fn deque_copy(v: &Value) -> PyResult<Value> {
    let d = dq(v)?;
    let cls = v.class();
    if cls.is(&deque_type()) {
        return Ok(new_deque_of(&cls, d.items.get().clone(), d.maxlen.get()));
    }
    let items = crate::types::list::new_list(d.snapshot());
    match d.maxlen.get() {
        None => crate::ops::call::call(&Value::Obj(cls), &[items], None),
        Some(m) => crate::ops::call::call(&Value::Obj(cls), &[items, Value::Int(m as i64)], None),
    }
}

crate::native_type!(deque_type, || {
    let t = ndata::new_type("deque", "collections", None, true);
    let td = tdata(&t);
    td.flags
        .set(td.flags.get() | crate::types::typeobj::tflags::SEQUENCE);
    add_staticmethod(&t, "__new__", |a, _| {
        let cls = ndata::new_cls(a, &deque_type())?;
        Ok(new_deque_of(&cls, VecDeque::new(), None))
    });
    add_method(&t, "__init__", |a, kw| {
        let p = crate::args::parse("deque", &a[1..], kw, &["iterable", "maxlen"], 0)?;
        let d = dq(ndata::arg(a, 0)?)?;
        let maxlen = parse_maxlen(p[1].as_ref())?;
        d.maxlen.set(maxlen);
        if d.len() > 0 {
            let old = d.items.take();
            d.bump();
            drop(old);
        }
        if let Some(it) = &p[0] {
            deque_extend(d, ndata::arg(a, 0)?, it)?;
        }
        Ok(Value::None)
    });
    add_method(&t, "append", |a, kw| {
        let x = crate::types::margs::one("append", a, kw)?;
        dq(ndata::arg(a, 0)?)?.append(x.clone());
        Ok(Value::None)
    });
    add_method(&t, "appendleft", |a, kw| {
        let x = crate::types::margs::one("appendleft", a, kw)?;
        dq(ndata::arg(a, 0)?)?.appendleft(x.clone());
        Ok(Value::None)
    });
    add_method(&t, "pop", |a, kw| {
        crate::types::margs::noargs("pop", a, kw)?;
        let d = dq(ndata::arg(a, 0)?)?;
        let v = d
            .items
            .get()
            .pop_back()
            .ok_or_else(|| index_error("pop from an empty deque"))?;
        d.bump();
        Ok(v)
    });
    add_method(&t, "popleft", |a, kw| {
        crate::types::margs::noargs("popleft", a, kw)?;
        let d = dq(ndata::arg(a, 0)?)?;
        let v = d
            .items
            .get()
            .pop_front()
            .ok_or_else(|| index_error("pop from an empty deque"))?;
        d.bump();
        Ok(v)
    });
    add_method(&t, "extend", |a, kw| {
        let x = crate::types::margs::one("extend", a, kw)?;
        deque_extend(dq(ndata::arg(a, 0)?)?, ndata::arg(a, 0)?, x)?;
        Ok(Value::None)
    });
    add_method(&t, "extendleft", |a, kw| {
        let x = crate::types::margs::one("extendleft", a, kw)?;
        deque_extendleft(dq(ndata::arg(a, 0)?)?, ndata::arg(a, 0)?, x)?;
        Ok(Value::None)
    });
    add_method(&t, "clear", |a, kw| {
        crate::types::margs::noargs("clear", a, kw)?;
        let d = dq(ndata::arg(a, 0)?)?;
        let old = d.items.take();
        d.bump();
        drop(old);
        Ok(Value::None)
    });
    add_method(&t, "copy", |a, kw| {
        crate::types::margs::noargs("copy", a, kw)?;
        deque_copy(ndata::arg(a, 0)?)
    });
    add_method(&t, "__copy__", |a, _| deque_copy(ndata::arg(a, 0)?));
    add_method(&t, "count", |a, kw| {
        let x = crate::types::margs::one("count", a, kw)?;
        let d = dq(ndata::arg(a, 0)?)?;
        let state = d.state.get();
        let mut n = 0;
        let mut i = 0;
        while i < d.len() {
            let item = d.items.get()[i].clone();
            let eq = crate::ops::eq(&item, x)?;
            if d.state.get() != state {
                return Err(runtime_error("deque mutated during iteration"));
            }
            if eq {
                n += 1;
            }
            i += 1;
        }
        Ok(Value::Int(n))
    });
    add_method(&t, "index", |a, kw| {
        let p = crate::types::margs::range("index", "index", a, kw, 1, 3)?;
        let d = dq(ndata::arg(a, 0)?)?;
        let n = d.len() as i64;
        let norm = |v: &Value| -> PyResult<usize> {
            let mut i = crate::types::int::index_clamped(v)?;
            if i < 0 {
                i += n;
                if i < 0 {
                    i = 0;
                }
            }
            Ok(i.min(n) as usize)
        };
        let start = match p.get(1) {
            Some(v) => norm(v)?,
            None => 0,
        };
        let stop = match p.get(2) {
            Some(v) => norm(v)?,
            None => n as usize,
        };
        match find(d, &p[0], start, stop)? {
            Some(i) => Ok(Value::Int(i as i64)),
            None => Err(value_error(format!(
                "{} is not in deque",
                crate::ops::repr(&p[0])?
            ))),
        }
    });
    add_method(&t, "insert", |a, kw| {
        let p = crate::types::margs::range("insert", "insert", a, kw, 2, 2)?;
        let d = dq(ndata::arg(a, 0)?)?;
        let n = d.len() as i64;
        if let Some(m) = d.maxlen.get() {
            if d.len() >= m {
                return Err(index_error("deque already at its maximum size"));
            }
        }
        let mut i = crate::types::int::index_clamped(&p[0])?;
        if i < 0 {
            i += n;
            if i < 0 {
                i = 0;
            }
        }
        let i = i.min(n) as usize;
        d.items.get().insert(i, p[1].clone());
        d.bump();
        Ok(Value::None)
    });
    add_method(&t, "remove", |a, kw| {
        let x = crate::types::margs::one("remove", a, kw)?;
        let d = dq(ndata::arg(a, 0)?)?;
        match find(d, x, 0, usize::MAX)? {
            Some(i) => {
                let v = d.items.get().remove(i);
                d.bump();
                drop(v);
                Ok(Value::None)
            }
            None => Err(value_error(format!(
                "{} is not in deque",
                crate::ops::repr(x)?
            ))),
        }
    });
    add_method(&t, "reverse", |a, kw| {
        crate::types::margs::noargs("reverse", a, kw)?;
        let d = dq(ndata::arg(a, 0)?)?;
        let items = d.items.get();
        let v: VecDeque<Value> = items.drain(..).rev().collect();
        *items = v;
        Ok(Value::None)
    });
    add_method(&t, "rotate", |a, kw| {
        let p = crate::types::margs::range("rotate", "rotate", a, kw, 0, 1)?;
        let d = dq(ndata::arg(a, 0)?)?;
        let n = match p.first() {
            Some(v) => crate::types::int::index_clamped(v)?,
            None => 1,
        };
        let len = d.len() as i64;
        if len > 1 {
            let k = n.rem_euclid(len) as usize;
            d.items.get().rotate_right(k);
            d.bump();
        }
        Ok(Value::None)
    });
    add_getset(
        &t,
        "maxlen",
        |v| {
            Ok(dq(v)?
                .maxlen
                .get()
                .map(|m| Value::Int(m as i64))
                .unwrap_or(Value::None))
        },
        None,
    );
    add_method(&t, "__len__", |a, _| {
        Ok(Value::Int(dq(ndata::arg(a, 0)?)?.len() as i64))
    });
    add_method(&t, "__bool__", |a, _| {
        Ok(Value::Bool(dq(ndata::arg(a, 0)?)?.len() > 0))
    });
    add_method(&t, "__getitem__", |a, _| {
        let d = dq(ndata::arg(a, 0)?)?;
        let i = norm_index(d, ndata::arg(a, 1)?)?;
        Ok(d.items.get()[i].clone())
    });
    add_method(&t, "__setitem__", |a, _| {
        let d = dq(ndata::arg(a, 0)?)?;
        let i = norm_index(d, ndata::arg(a, 1)?)?;
        let old = std::mem::replace(&mut d.items.get()[i], ndata::arg(a, 2)?.clone());
        drop(old);
        Ok(Value::None)
    });
    add_method(&t, "__delitem__", |a, _| {
        let d = dq(ndata::arg(a, 0)?)?;
        let i = norm_index(d, ndata::arg(a, 1)?)?;
        let old = d.items.get().remove(i);
        d.bump();
        drop(old);
        Ok(Value::None)
    });
    add_method(&t, "__contains__", |a, _| {
        let d = dq(ndata::arg(a, 0)?)?;
        Ok(Value::Bool(
            find(d, ndata::arg(a, 1)?, 0, usize::MAX)?.is_some(),
        ))
    });
    add_method(&t, "__iter__", |a, _| {
        Ok(new_deque_iter(ndata::arg(a, 0)?, false))
    });
    add_method(&t, "__reversed__", |a, _| {
        Ok(new_deque_iter(ndata::arg(a, 0)?, true))
    });
    add_method(&t, "__repr__", deque_repr);
    add_method(&t, "__eq__", |a, _| {
        deque_cmp(ndata::arg(a, 0)?, ndata::arg(a, 1)?, CmpOp::Eq)
    });
    add_method(&t, "__ne__", |a, _| {
        deque_cmp(ndata::arg(a, 0)?, ndata::arg(a, 1)?, CmpOp::Ne)
    });
    add_method(&t, "__lt__", |a, _| {
        deque_cmp(ndata::arg(a, 0)?, ndata::arg(a, 1)?, CmpOp::Lt)
    });
    add_method(&t, "__le__", |a, _| {
        deque_cmp(ndata::arg(a, 0)?, ndata::arg(a, 1)?, CmpOp::Le)
    });
    add_method(&t, "__gt__", |a, _| {
        deque_cmp(ndata::arg(a, 0)?, ndata::arg(a, 1)?, CmpOp::Gt)
    });
    add_method(&t, "__ge__", |a, _| {
        deque_cmp(ndata::arg(a, 0)?, ndata::arg(a, 1)?, CmpOp::Ge)
    });
    add_method(&t, "__add__", |a, _| {
        let d = dq(ndata::arg(a, 0)?)?;
        let Some(o) = ndata::get::<Deque>(ndata::arg(a, 1)?) else {
            return Err(type_error(format!(
                "can only concatenate deque (not \"{}\") to deque",
                ndata::arg(a, 1)?.type_name()
            )));
        };
        let r = deque_copy(ndata::arg(a, 0)?)?;
        let rd = dq(&r)?;
        let _ = d;
        for v in o.snapshot() {
            rd.append(v);
        }
        Ok(r)
    });
    add_method(&t, "__iadd__", |a, _| {
        deque_extend(dq(ndata::arg(a, 0)?)?, ndata::arg(a, 0)?, ndata::arg(a, 1)?)?;
        Ok(ndata::arg(a, 0)?.clone())
    });
    fn mul(a: &[Value], inplace: bool) -> PyResult<Value> {
        if !crate::types::int::is_int(ndata::arg(a, 1)?)
            && crate::ops::attr::lookup_special(ndata::arg(a, 1)?, "__index__").is_none()
        {
            return Ok(crate::types::misc::not_implemented());
        }
        let n = crate::types::int::index_clamped(ndata::arg(a, 1)?)?;
        let target = if inplace {
            ndata::arg(a, 0)?.clone()
        } else {
            deque_copy(ndata::arg(a, 0)?)?
        };
        let d = dq(&target)?;
        let items = d.snapshot();
        if n <= 0 || items.is_empty() {
            let old = d.items.take();
            d.bump();
            drop(old);
            return Ok(target);
        }
        let total = (items.len() as u128) * (n as u128);
        let keep = match d.maxlen.get() {
            Some(m) => total.min(m as u128),
            None => {
                if total > (1u128 << 36) {
                    return Err(memory_error());
                }
                total
            }
        } as usize;
        let len = items.len();
        let mut out: VecDeque<Value> = VecDeque::with_capacity(keep);
        // the last `keep` items of the repetition
        for k in (total - keep as u128)..total {
            out.push_back(items[(k % len as u128) as usize].clone());
        }
        let old = d.items.replace(out);
        d.bump();
        drop(old);
        Ok(target)
    }
    add_method(&t, "__mul__", |a, _| mul(a, false));
    add_method(&t, "__rmul__", |a, _| mul(a, false));
    add_method(&t, "__imul__", |a, _| mul(a, true));
    add_method(&t, "__reduce__", |a, _| {
        let d = dq(ndata::arg(a, 0)?)?;
        let cls = Value::Obj(ndata::arg(a, 0)?.class());
        let state = match ndata::arg(a, 0)?.as_obj().and_then(|o| o.dict()) {
            Some(dd) if !crate::types::dict::obj_dict(&dd).is_empty() => Value::Obj(dd),
            _ => Value::None,
        };
        let it = new_deque_iter(ndata::arg(a, 0)?, false);
        let args = match d.maxlen.get() {
            None => crate::types::tuple::new_tuple(vec![]),
            Some(m) => crate::types::tuple::new_tuple(vec![
                crate::types::tuple::new_tuple(vec![]),
                Value::Int(m as i64),
            ]),
        };
        Ok(crate::types::tuple::new_tuple(vec![cls, args, state, it]))
    });
    add_method(&t, "__sizeof__", |a, _| {
        Ok(Value::Int(624 + 8 * dq(ndata::arg(a, 0)?)?.len() as i64))
    });
    ndata::add_reduce_ex(&t);
    add_classmethod(
        &t,
        "__class_getitem__",
        crate::types::misc::generic_alias_method,
    );
    crate::types::typeobj::set_attr_str(&t, "__hash__", Value::None);
    ndata::finish_type(&t);
    t
});

struct DequeIter {
    deque: Value,
    index: Cell<usize>,
    counter: Cell<usize>,
    state: u64,
    reverse: bool,
}
impl NativeData for DequeIter {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.deque);
    }
}

fn new_deque_iter(d: &Value, reverse: bool) -> Value {
    let dd = ndata::get::<Deque>(d);
    let (len, state) = dd.map(|x| (x.len(), x.state.get())).unwrap_or((0, 0));
    let cls = if reverse {
        deque_rev_iter_type()
    } else {
        deque_iter_type()
    };
    ndata::new_native(
        &cls,
        DequeIter {
            deque: d.clone(),
            index: Cell::new(0),
            counter: Cell::new(len),
            state,
            reverse,
        },
    )
}

fn deque_iter_next(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let it = ndata::this::<DequeIter>(ndata::arg(a, 0)?, "_collections._deque_iterator")?;
    let d = dq(&it.deque)?;
    if d.state.get() != it.state {
        it.counter.set(0);
        return Err(runtime_error("deque mutated during iteration"));
    }
    if it.counter.get() == 0 {
        return Err(stop_iteration(Value::None));
    }
    let i = it.index.get();
    let n = d.len();
    let pos = if it.reverse {
        n.wrapping_sub(1).wrapping_sub(i)
    } else {
        i
    };
    let v = d
        .items
        .get()
        .get(pos)
        .cloned()
        .ok_or_else(|| stop_iteration(Value::None))?;
    it.index.set(i + 1);
    it.counter.set(it.counter.get() - 1);
    Ok(v)
}

fn init_deque_iter(t: &ObjRef) {
    add_method(t, "__iter__", |a, _| Ok(ndata::arg(a, 0)?.clone()));
    add_method(t, "__next__", deque_iter_next);
    add_method(t, "__length_hint__", |a, _| {
        let it = ndata::this::<DequeIter>(ndata::arg(a, 0)?, "_collections._deque_iterator")?;
        Ok(Value::Int(it.counter.get() as i64))
    });
}

crate::native_type!(deque_iter_type, || {
    let t = ndata::new_type("_deque_iterator", "_collections", None, false);
    init_deque_iter(&t);
    add_staticmethod(&t, "__new__", |a, _| {
        check_args("_deque_iterator", &a[1..], 1, 2)?;
        dq(ndata::arg(a, 1)?)?;
        let it = new_deque_iter(ndata::arg(a, 1)?, false);
        if let Some(n) = a.get(2) {
            let n = crate::types::int::index_i64(n)?;
            for _ in 0..n.max(0) {
                if deque_iter_next(&[it.clone()], None).is_err() {
                    break;
                }
            }
        }
        Ok(it)
    });
    ndata::finish_type(&t);
    t
});

crate::native_type!(deque_rev_iter_type, || {
    let t = ndata::new_type("_deque_reverse_iterator", "_collections", None, false);
    init_deque_iter(&t);
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// defaultdict

static FACTORIES: GilCell<Option<HashMap<usize, Value>>> = GilCell::new(None);

fn factories() -> &'static mut HashMap<usize, Value> {
    FACTORIES.get().get_or_insert_with(HashMap::new)
}

fn get_factory(v: &Value) -> Value {
    match v {
        Value::Obj(o) => factories().get(&o.addr()).cloned().unwrap_or(Value::None),
        _ => Value::None,
    }
}

fn set_factory(v: &Value, f: Value) {
    if let Value::Obj(o) = v {
        // the dying hook (see `weakref::clear_weakrefs`) drops the entry
        o.set_flag(flags::HAS_WEAKREFS);
        let old = if f.is_none() {
            factories().remove(&o.addr())
        } else {
            factories().insert(o.addr(), f)
        };
        drop(old);
    }
}

/// Called when an object flagged `HAS_WEAKREFS` dies.
pub fn forget_object(addr: usize) {
    if let Some(m) = FACTORIES.get() {
        if let Some(v) = m.remove(&addr) {
            drop(v);
        }
    }
}

fn dict_of(v: &Value) -> PyResult<&crate::types::dict::PyDict> {
    crate::types::dict::as_dict(v)
        .ok_or_else(|| type_error("descriptor requires a 'collections.defaultdict' object"))
}

fn new_defaultdict(cls: &ObjRef, factory: Value, items: Option<&Value>) -> PyResult<Value> {
    let mut args = vec![factory];
    if let Some(i) = items {
        args.push(i.clone());
    }
    crate::ops::call::call(&Value::Obj(cls.clone()), &args, None)
}

fn dd_copy(v: &Value) -> PyResult<Value> {
    new_defaultdict(&v.class(), get_factory(v), Some(v))
}

crate::native_type!(defaultdict_type, || {
    let t = ndata::new_type("defaultdict", "collections", Some(&types().dict), true);
    add_method(&t, "__init__", |a, kw| {
        let pos = ndata::positional(&a[1..], kw);
        let mut factory = Value::None;
        let mut rest_start = 1;
        if let Some(f) = pos.first() {
            if !f.is_none() && !crate::builtins::is_callable(f) {
                return Err(type_error("first argument must be callable or None"));
            }
            factory = f.clone();
            rest_start = 2;
        }
        set_factory(ndata::arg(a, 0)?, factory);
        let mut args = vec![ndata::arg(a, 0)?.clone()];
        args.extend_from_slice(&a[rest_start.min(a.len())..]);
        let init = crate::types::typeobj::lookup_str(&types().dict, "__init__")
            .ok_or_else(|| type_error("dict.__init__"))?;
        crate::ops::call::call(&init, &args, kw)
    });
    add_method(&t, "__missing__", |a, kw| {
        let key = crate::types::margs::one("__missing__", a, kw)?;
        let f = get_factory(ndata::arg(a, 0)?);
        if f.is_none() {
            return Err(key_error(key.clone()));
        }
        let v = crate::ops::call::call(&f, &[], None)?;
        crate::ops::setitem(ndata::arg(a, 0)?, key.clone(), v.clone())?;
        Ok(v)
    });
    add_getset(
        &t,
        "default_factory",
        |v| Ok(get_factory(v)),
        Some(|v, n| {
            set_factory(v, n.unwrap_or(Value::None));
            Ok(())
        }),
    );
    add_method(&t, "__repr__", |a, _| {
        let f = get_factory(ndata::arg(a, 0)?);
        let name = tdata(ndata::arg(a, 0)?.class_ref()).name().to_string();
        let frepr = if f.is_none() {
            "None".to_string()
        } else {
            match crate::ops::repr_guard(&f) {
                Some(_g) => crate::ops::repr(&f)?,
                None => "...".to_string(),
            }
        };
        let drepr = crate::types::typeobj::lookup_str(&types().dict, "__repr__")
            .map(|r| crate::ops::call::call(&r, &[ndata::arg(a, 0)?.clone()], None))
            .transpose()?
            .map(|v| crate::types::str::as_str(&v).unwrap_or("").to_string())
            .unwrap_or_default();
        Ok(format!("{}({}, {})", name, frepr, drepr).into())
    });
    add_method(&t, "copy", |a, _| dd_copy(ndata::arg(a, 0)?));
    ndata::add_reduce_ex(&t);
    add_method(&t, "__copy__", |a, _| dd_copy(ndata::arg(a, 0)?));
    add_method(&t, "__reduce__", |a, _| {
        let f = get_factory(ndata::arg(a, 0)?);
        let args = if f.is_none() {
            crate::types::tuple::new_tuple(vec![])
        } else {
            crate::types::tuple::new_tuple(vec![f])
        };
        let items = crate::ops::attr::call_method(ndata::arg(a, 0)?, "items", &[])?;
        let it = crate::ops::get_iter(&items)?;
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Obj(ndata::arg(a, 0)?.class()),
            args,
            Value::None,
            Value::None,
            it,
        ]))
    });
    add_method(&t, "__or__", |a, _| {
        if crate::types::dict::as_dict(ndata::arg(a, 1)?).is_none() {
            return Ok(crate::types::misc::not_implemented());
        }
        let r = dd_copy(ndata::arg(a, 0)?)?;
        crate::ops::attr::call_method(&r, "update", &[ndata::arg(a, 1)?.clone()])?;
        Ok(r)
    });
    add_method(&t, "__ror__", |a, _| {
        if crate::types::dict::as_dict(ndata::arg(a, 1)?).is_none() {
            return Ok(crate::types::misc::not_implemented());
        }
        let r = new_defaultdict(
            &ndata::arg(a, 0)?.class(),
            get_factory(ndata::arg(a, 0)?),
            Some(ndata::arg(a, 1)?),
        )?;
        crate::ops::attr::call_method(&r, "update", &[ndata::arg(a, 0)?.clone()])?;
        Ok(r)
    });
    let _ = dict_of;
    add_classmethod(
        &t,
        "__class_getitem__",
        crate::types::misc::generic_alias_method,
    );
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// _count_elements, _tuplegetter

fn count_elements(a: &[Value], kw: Kw) -> PyResult<Value> {
    ndata::no_kw("_count_elements", kw)?;
    check_args("_count_elements", a, 2, 2)?;
    let mapping = ndata::arg(a, 0)?;
    let it = crate::ops::get_iter(ndata::arg(a, 1)?)?;
    let dict_t = &types().dict;
    let fast = crate::types::dict::as_dict(mapping).is_some() && {
        let cls = mapping.class_ref();
        let same = |n: &str| match (
            crate::types::typeobj::lookup_str(cls, n),
            crate::types::typeobj::lookup_str(dict_t, n),
        ) {
            (Some(x), Some(y)) => x.is(&y),
            _ => false,
        };
        same("get") && same("__setitem__")
    };
    if fast {
        let d = crate::types::dict::as_dict(mapping).unwrap();
        while let Some(x) = crate::ops::next(&it)? {
            let old = d.get_item(&x)?;
            let new = match old {
                None => Value::Int(1),
                Some(Value::Int(n)) if n < i64::MAX => Value::Int(n + 1),
                Some(o) => crate::ops::arith::binary_op(
                    &o,
                    &Value::Int(1),
                    pyrite_compiler::bytecode::BinOp::Add,
                )?,
            };
            d.set_item(x, new)?;
        }
        return Ok(Value::None);
    }
    let get = crate::ops::attr::getattr(mapping, "get")?;
    while let Some(x) = crate::ops::next(&it)? {
        let old = crate::ops::call::call(&get, &[x.clone(), Value::Int(0)], None)?;
        let new = crate::ops::arith::binary_op(
            &old,
            &Value::Int(1),
            pyrite_compiler::bytecode::BinOp::Add,
        )?;
        crate::ops::setitem(mapping, x, new)?;
    }
    Ok(Value::None)
}

struct TupleGetter {
    index: usize,
    doc: PCell<Value>,
}
impl NativeData for TupleGetter {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(self.doc.get());
    }
}

crate::native_type!(tuplegetter_type, || {
    let t = ndata::new_type("_tuplegetter", "_collections", None, false);
    add_staticmethod(&t, "__new__", |a, kw| {
        let cls = ndata::new_cls(a, &tuplegetter_type())?;
        ndata::no_kw("_tuplegetter", kw)?;
        check_args("_tuplegetter", &a[1..], 2, 2)?;
        let i = crate::types::int::index_i64(ndata::arg(a, 1)?)?;
        Ok(ndata::new_native(
            &cls,
            TupleGetter {
                index: i.max(0) as usize,
                doc: PCell::new(ndata::arg(a, 2)?.clone()),
            },
        ))
    });
    add_method(&t, "__get__", |a, _| {
        let g = ndata::this::<TupleGetter>(ndata::arg(a, 0)?, "_tuplegetter")?;
        let inst = a.get(1).cloned().unwrap_or(Value::None);
        if inst.is_none() {
            return Ok(ndata::arg(a, 0)?.clone());
        }
        let Some(items) = crate::types::tuple::as_tuple(&inst) else {
            return Err(type_error(format!(
                "descriptor for index '{}' for tuple subclasses doesn't apply to '{}' object",
                g.index,
                inst.type_name()
            )));
        };
        items
            .get(g.index)
            .cloned()
            .ok_or_else(|| index_error("tuple index out of range"))
    });
    add_method(&t, "__set__", |_a, _| {
        Err(attribute_error("can't set attribute"))
    });
    add_method(&t, "__delete__", |_a, _| {
        Err(attribute_error("can't delete attribute"))
    });
    add_getset(
        &t,
        "__doc__",
        |v| Ok(ndata::this::<TupleGetter>(v, "_tuplegetter")?.doc.cloned()),
        Some(|v, n| {
            *ndata::this::<TupleGetter>(v, "_tuplegetter")?.doc.get() = n.unwrap_or(Value::None);
            Ok(())
        }),
    );
    add_method(&t, "__repr__", |a, _| {
        let g = ndata::this::<TupleGetter>(ndata::arg(a, 0)?, "_tuplegetter")?;
        Ok(format!(
            "_tuplegetter({}, {})",
            g.index,
            crate::ops::repr(&g.doc.cloned())?
        )
        .into())
    });
    add_method(&t, "__reduce__", |a, _| {
        let g = ndata::this::<TupleGetter>(ndata::arg(a, 0)?, "_tuplegetter")?;
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Obj(ndata::arg(a, 0)?.class()),
            crate::types::tuple::new_tuple(vec![Value::Int(g.index as i64), g.doc.cloned()]),
        ]))
    });
    ndata::finish_type(&t);
    t
});

pub fn init(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "deque", Value::Obj(deque_type()));
    set_attr(m, "defaultdict", Value::Obj(defaultdict_type()));
    set_attr(m, "_deque_iterator", Value::Obj(deque_iter_type()));
    set_attr(
        m,
        "_deque_reverse_iterator",
        Value::Obj(deque_rev_iter_type()),
    );
    set_attr(m, "_tuplegetter", Value::Obj(tuplegetter_type()));
    add_function(m, "_count_elements", count_elements);
    let _ = Payload::Instance;
    Ok(())
}
