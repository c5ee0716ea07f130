//! The `itertools` module.

use crate::errors::*;
use crate::modules::ndata::{self, NativeData, PCell};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::set_attr;
use crate::types::typeobj::{add_classmethod, add_method, add_staticmethod};
use crate::value::Value;
use pyrite_compiler::bytecode::{BinOp, CmpOp};
use std::cell::Cell;
use std::rc::Rc;

fn stop() -> PyErr {
    stop_iteration(Value::None)
}

fn next_of(it: &Value) -> PyResult<Option<Value>> {
    crate::ops::next(it)
}

fn tuple(v: Vec<Value>) -> Value {
    crate::types::tuple::new_tuple(v)
}

/// Create an iterator type `itertools.name` with `__new__`, `__iter__` and `__next__`.
fn iter_type(
    name: &str,
    new: crate::types::function::NativeFn,
    next: crate::types::function::NativeFn,
) -> ObjRef {
    let t = ndata::new_type(name, "itertools", None, true);
    add_staticmethod(&t, "__new__", new);
    add_method(&t, "__iter__", |a, _| Ok(ndata::arg(a, 0)?.clone()));
    add_method(&t, "__next__", next);
    t
}

macro_rules! state {
    ($ty:ident, $v:expr, $name:literal) => {
        ndata::this::<$ty>($v, concat!("itertools.", $name))?
    };
}

// ---------------------------------------------------------------------------
// count

struct Count {
    cnt: PCell<Value>,
    step: Value,
}
impl NativeData for Count {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(self.cnt.get());
        f(&self.step);
    }
}

fn is_number(v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => true,
        Value::None => false,
        _ => {
            crate::types::int::is_int(v)
                || crate::types::complex::as_complex(v).is_some()
                || ["__index__", "__int__", "__float__", "__complex__"]
                    .iter()
                    .any(|n| crate::ops::attr::lookup_special(v, n).is_some())
        }
    }
}

crate::native_type!(count_type, || {
    let t = iter_type(
        "count",
        |a, kw| {
            let cls = ndata::new_cls(a, &count_type())?;
            let p = crate::args::parse("count", &a[1..], kw, &["start", "step"], 0)?;
            let start = p[0].clone().unwrap_or(Value::Int(0));
            let step = p[1].clone().unwrap_or(Value::Int(1));
            if !is_number(&start) || !is_number(&step) {
                return Err(type_error("a number is required"));
            }
            Ok(ndata::new_native(
                &cls,
                Count {
                    cnt: PCell::new(start),
                    step,
                },
            ))
        },
        |a, _| {
            let s = state!(Count, ndata::arg(a, 0)?, "count");
            let cur = s.cnt.cloned();
            let next = match (&cur, &s.step) {
                (Value::Int(x), Value::Int(y)) => match x.checked_add(*y) {
                    Some(r) => Value::Int(r),
                    None => crate::ops::arith::binary_op(&cur, &s.step, BinOp::Add)?,
                },
                _ => crate::ops::arith::binary_op(&cur, &s.step, BinOp::Add)?,
            };
            *s.cnt.get() = next;
            Ok(cur)
        },
    );
    add_method(&t, "__repr__", |a, _| {
        let s = state!(Count, ndata::arg(a, 0)?, "count");
        let name = crate::types::typeobj::tdata(ndata::arg(a, 0)?.class_ref())
            .name()
            .to_string();
        let cnt = crate::ops::repr(&s.cnt.cloned())?;
        let step_is_one = matches!(s.step, Value::Int(1));
        if step_is_one {
            Ok(format!("{}({})", name, cnt).into())
        } else {
            Ok(format!("{}({}, {})", name, cnt, crate::ops::repr(&s.step)?).into())
        }
    });
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// cycle

struct Cycle {
    it: PCell<Option<Value>>,
    saved: PCell<Vec<Value>>,
    index: Cell<usize>,
}
impl NativeData for Cycle {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        if let Some(i) = self.it.get() {
            f(i);
        }
        self.saved.get().iter().for_each(|v| f(v));
    }
    fn clear(&self) {
        drop(self.it.take());
        drop(self.saved.take());
    }
}

crate::native_type!(cycle_type, || {
    let t = iter_type(
        "cycle",
        |a, kw| {
            let cls = ndata::new_cls(a, &cycle_type())?;
            ndata::no_kw("cycle", kw)?;
            check_args("cycle", &a[1..], 1, 1)?;
            let it = crate::ops::get_iter(ndata::arg(a, 1)?)?;
            Ok(ndata::new_native(
                &cls,
                Cycle {
                    it: PCell::new(Some(it)),
                    saved: PCell::new(vec![]),
                    index: Cell::new(0),
                },
            ))
        },
        |a, _| {
            let s = state!(Cycle, ndata::arg(a, 0)?, "cycle");
            if let Some(it) = s.it.cloned() {
                match next_of(&it)? {
                    Some(v) => {
                        s.saved.get().push(v.clone());
                        return Ok(v);
                    }
                    None => {
                        *s.it.get() = None;
                    }
                }
            }
            let saved = s.saved.get();
            if saved.is_empty() {
                return Err(stop());
            }
            let i = s.index.get() % saved.len();
            let v = saved[i].clone();
            s.index.set(i + 1);
            Ok(v)
        },
    );
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// repeat

struct Repeat {
    obj: Value,
    left: Cell<i64>, // -1: forever
}
impl NativeData for Repeat {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.obj);
    }
}

crate::native_type!(repeat_type, || {
    let t = iter_type(
        "repeat",
        |a, kw| {
            let cls = ndata::new_cls(a, &repeat_type())?;
            let p = crate::args::parse("repeat", &a[1..], kw, &["object", "times"], 1)?;
            let left = match &p[1] {
                None => -1,
                Some(v) => crate::types::int::index_i64(v)?.max(0),
            };
            Ok(ndata::new_native(
                &cls,
                Repeat {
                    obj: p[0].clone().unwrap(),
                    left: Cell::new(left),
                },
            ))
        },
        |a, _| {
            let s = state!(Repeat, ndata::arg(a, 0)?, "repeat");
            match s.left.get() {
                0 => Err(stop()),
                -1 => Ok(s.obj.clone()),
                n => {
                    s.left.set(n - 1);
                    Ok(s.obj.clone())
                }
            }
        },
    );
    add_method(&t, "__repr__", |a, _| {
        let s = state!(Repeat, ndata::arg(a, 0)?, "repeat");
        let name = crate::types::typeobj::tdata(ndata::arg(a, 0)?.class_ref())
            .name()
            .to_string();
        Ok(match s.left.get() {
            -1 => format!("{}({})", name, crate::ops::repr(&s.obj)?),
            n => format!("{}({}, {})", name, crate::ops::repr(&s.obj)?, n),
        }
        .into())
    });
    add_method(&t, "__length_hint__", |a, _| {
        let s = state!(Repeat, ndata::arg(a, 0)?, "repeat");
        match s.left.get() {
            -1 => Err(type_error("len() of unsized object")),
            n => Ok(Value::Int(n)),
        }
    });
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// accumulate

struct Accumulate {
    it: Value,
    func: Option<Value>,
    total: PCell<Option<Value>>,
    initial: PCell<Option<Value>>,
}
impl NativeData for Accumulate {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.it);
        if let Some(x) = &self.func {
            f(x);
        }
        if let Some(x) = self.total.get() {
            f(x);
        }
        if let Some(x) = self.initial.get() {
            f(x);
        }
    }
    fn clear(&self) {
        drop(self.total.take());
        drop(self.initial.take());
    }
}

crate::native_type!(accumulate_type, || {
    let t = iter_type(
        "accumulate",
        |a, kw| {
            let cls = ndata::new_cls(a, &accumulate_type())?;
            let p = crate::args::parse(
                "accumulate",
                &a[1..],
                kw,
                &["iterable", "func", "$initial"],
                1,
            )?;
            let it = crate::ops::get_iter(p[0].as_ref().unwrap())?;
            let func = p[1].clone().filter(|f| !f.is_none());
            let initial = p[2].clone().filter(|f| !f.is_none());
            Ok(ndata::new_native(
                &cls,
                Accumulate {
                    it,
                    func,
                    total: PCell::new(None),
                    initial: PCell::new(initial),
                },
            ))
        },
        |a, _| {
            let s = state!(Accumulate, ndata::arg(a, 0)?, "accumulate");
            if let Some(i) = s.initial.take() {
                *s.total.get() = Some(i.clone());
                return Ok(i);
            }
            let Some(v) = next_of(&s.it)? else {
                return Err(stop());
            };
            let new = match s.total.cloned() {
                None => v,
                Some(t) => match &s.func {
                    None => crate::ops::arith::binary_op(&t, &v, BinOp::Add)?,
                    Some(f) => crate::ops::call::call(f, &[t, v], None)?,
                },
            };
            *s.total.get() = Some(new.clone());
            Ok(new)
        },
    );
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// chain

struct Chain {
    source: PCell<Option<Value>>,
    active: PCell<Option<Value>>,
}
impl NativeData for Chain {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        if let Some(x) = self.source.get() {
            f(x);
        }
        if let Some(x) = self.active.get() {
            f(x);
        }
    }
    fn clear(&self) {
        drop(self.source.take());
        drop(self.active.take());
    }
}

crate::native_type!(chain_type, || {
    let t = iter_type(
        "chain",
        |a, kw| {
            let cls = ndata::new_cls(a, &chain_type())?;
            if cls.is(&chain_type()) {
                ndata::no_kw("chain", kw)?;
            }
            let items = tuple(ndata::positional(&a[1..], kw).to_vec());
            let source = crate::ops::get_iter(&items)?;
            Ok(ndata::new_native(
                &cls,
                Chain {
                    source: PCell::new(Some(source)),
                    active: PCell::new(None),
                },
            ))
        },
        |a, _| {
            let s = state!(Chain, ndata::arg(a, 0)?, "chain");
            loop {
                if let Some(act) = s.active.cloned() {
                    if let Some(v) = next_of(&act)? {
                        return Ok(v);
                    }
                    *s.active.get() = None;
                }
                let Some(src) = s.source.cloned() else {
                    return Err(stop());
                };
                match next_of(&src)? {
                    Some(iterable) => {
                        let it = crate::ops::get_iter(&iterable)?;
                        *s.active.get() = Some(it);
                    }
                    None => {
                        *s.source.get() = None;
                        return Err(stop());
                    }
                }
            }
        },
    );
    add_classmethod(&t, "from_iterable", |a, _| {
        check_args("from_iterable", &a[1..], 1, 1)?;
        let cls = ndata::arg(a, 0)?
            .as_obj()
            .cloned()
            .unwrap_or_else(chain_type);
        let source = crate::ops::get_iter(ndata::arg(a, 1)?)?;
        Ok(ndata::new_native(
            &cls,
            Chain {
                source: PCell::new(Some(source)),
                active: PCell::new(None),
            },
        ))
    });
    add_classmethod(
        &t,
        "__class_getitem__",
        crate::types::misc::generic_alias_method,
    );
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// compress, dropwhile, takewhile, filterfalse, starmap

struct Compress {
    data: Value,
    selectors: Value,
}
impl NativeData for Compress {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.data);
        f(&self.selectors);
    }
}

crate::native_type!(compress_type, || {
    let t = iter_type(
        "compress",
        |a, kw| {
            let cls = ndata::new_cls(a, &compress_type())?;
            let p = crate::args::parse("compress", &a[1..], kw, &["data", "selectors"], 2)?;
            let data = crate::ops::get_iter(p[0].as_ref().unwrap())?;
            let selectors = crate::ops::get_iter(p[1].as_ref().unwrap())?;
            Ok(ndata::new_native(&cls, Compress { data, selectors }))
        },
        |a, _| {
            let s = state!(Compress, ndata::arg(a, 0)?, "compress");
            loop {
                let Some(d) = next_of(&s.data)? else {
                    return Err(stop());
                };
                let Some(sel) = next_of(&s.selectors)? else {
                    return Err(stop());
                };
                if crate::ops::truthy(&sel)? {
                    return Ok(d);
                }
            }
        },
    );
    ndata::finish_type(&t);
    t
});

struct PredIter {
    func: Value,
    it: Value,
    flag: Cell<bool>,
}
impl NativeData for PredIter {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.func);
        f(&self.it);
    }
}

fn pred_new(a: &[Value], kw: Kw, name: &str, cls: ObjRef) -> PyResult<Value> {
    if cls.is(&dropwhile_type())
        || cls.is(&takewhile_type())
        || cls.is(&filterfalse_type())
        || cls.is(&starmap_type())
    {
        ndata::no_kw(name, kw)?;
    }
    let p = ndata::positional(&a[1..], kw);
    if p.len() != 2 {
        return Err(type_error(format!(
            "{} expected 2 arguments, got {}",
            name,
            p.len()
        )));
    }
    let it = crate::ops::get_iter(&p[1])?;
    Ok(ndata::new_native(
        &cls,
        PredIter {
            func: p[0].clone(),
            it,
            flag: Cell::new(false),
        },
    ))
}

crate::native_type!(dropwhile_type, || {
    let t = iter_type(
        "dropwhile",
        |a, kw| pred_new(a, kw, "dropwhile", ndata::new_cls(a, &dropwhile_type())?),
        |a, _| {
            let s = state!(PredIter, ndata::arg(a, 0)?, "dropwhile");
            loop {
                let Some(v) = next_of(&s.it)? else {
                    return Err(stop());
                };
                if s.flag.get() {
                    return Ok(v);
                }
                let r = crate::ops::call::call(&s.func, &[v.clone()], None)?;
                if !crate::ops::truthy(&r)? {
                    s.flag.set(true);
                    return Ok(v);
                }
            }
        },
    );
    ndata::finish_type(&t);
    t
});

crate::native_type!(takewhile_type, || {
    let t = iter_type(
        "takewhile",
        |a, kw| pred_new(a, kw, "takewhile", ndata::new_cls(a, &takewhile_type())?),
        |a, _| {
            let s = state!(PredIter, ndata::arg(a, 0)?, "takewhile");
            if s.flag.get() {
                return Err(stop());
            }
            let Some(v) = next_of(&s.it)? else {
                return Err(stop());
            };
            let r = crate::ops::call::call(&s.func, &[v.clone()], None)?;
            if crate::ops::truthy(&r)? {
                return Ok(v);
            }
            s.flag.set(true);
            Err(stop())
        },
    );
    ndata::finish_type(&t);
    t
});

crate::native_type!(filterfalse_type, || {
    let t = iter_type(
        "filterfalse",
        |a, kw| {
            pred_new(
                a,
                kw,
                "filterfalse",
                ndata::new_cls(a, &filterfalse_type())?,
            )
        },
        |a, _| {
            let s = state!(PredIter, ndata::arg(a, 0)?, "filterfalse");
            loop {
                let Some(v) = next_of(&s.it)? else {
                    return Err(stop());
                };
                let ok = if s.func.is_none() {
                    crate::ops::truthy(&v)?
                } else {
                    crate::ops::truthy(&crate::ops::call::call(&s.func, &[v.clone()], None)?)?
                };
                if !ok {
                    return Ok(v);
                }
            }
        },
    );
    ndata::finish_type(&t);
    t
});

crate::native_type!(starmap_type, || {
    let t = iter_type(
        "starmap",
        |a, kw| pred_new(a, kw, "starmap", ndata::new_cls(a, &starmap_type())?),
        |a, _| {
            let s = state!(PredIter, ndata::arg(a, 0)?, "starmap");
            let Some(v) = next_of(&s.it)? else {
                return Err(stop());
            };
            let args = crate::ops::iterate(&v)?;
            crate::ops::call::call(&s.func, &args, None)
        },
    );
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// groupby

struct GroupBy {
    it: Value,
    keyfunc: Value,
    tgtkey: PCell<Option<Value>>,
    currkey: PCell<Option<Value>>,
    currvalue: PCell<Option<Value>>,
    currgrouper: Cell<u64>,
    serial: Cell<u64>,
}
impl NativeData for GroupBy {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.it);
        f(&self.keyfunc);
        for c in [&self.tgtkey, &self.currkey, &self.currvalue] {
            if let Some(v) = c.get() {
                f(v);
            }
        }
    }
    fn clear(&self) {
        drop(self.tgtkey.take());
        drop(self.currkey.take());
        drop(self.currvalue.take());
    }
}

fn groupby_step(g: &GroupBy) -> PyResult<bool> {
    let Some(v) = next_of(&g.it)? else {
        return Ok(false);
    };
    let key = if g.keyfunc.is_none() {
        v.clone()
    } else {
        crate::ops::call::call(&g.keyfunc, &[v.clone()], None)?
    };
    *g.currvalue.get() = Some(v);
    *g.currkey.get() = Some(key);
    Ok(true)
}

struct Grouper {
    parent: Value,
    tgtkey: Value,
    id: u64,
}
impl NativeData for Grouper {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.parent);
        f(&self.tgtkey);
    }
}

crate::native_type!(grouper_type, || {
    let t = ndata::new_type("_grouper", "itertools", None, false);
    add_method(&t, "__iter__", |a, _| Ok(ndata::arg(a, 0)?.clone()));
    add_method(&t, "__next__", |a, _| {
        let s = state!(Grouper, ndata::arg(a, 0)?, "_grouper");
        let g = state!(GroupBy, &s.parent, "groupby");
        if g.currgrouper.get() != s.id {
            return Err(stop());
        }
        if g.currvalue.get().is_none() && !groupby_step(g)? {
            return Err(stop());
        }
        let ck = g.currkey.cloned().unwrap_or(Value::None);
        if !crate::ops::eq(&s.tgtkey, &ck)? {
            return Err(stop());
        }
        let r = g.currvalue.take().unwrap_or(Value::None);
        drop(g.currkey.take());
        Ok(r)
    });
    ndata::finish_type(&t);
    t
});

crate::native_type!(groupby_type, || {
    let t = iter_type(
        "groupby",
        |a, kw| {
            let cls = ndata::new_cls(a, &groupby_type())?;
            let p = crate::args::parse("groupby", &a[1..], kw, &["iterable", "key"], 1)?;
            let it = crate::ops::get_iter(p[0].as_ref().unwrap())?;
            Ok(ndata::new_native(
                &cls,
                GroupBy {
                    it,
                    keyfunc: p[1].clone().unwrap_or(Value::None),
                    tgtkey: PCell::new(None),
                    currkey: PCell::new(None),
                    currvalue: PCell::new(None),
                    currgrouper: Cell::new(0),
                    serial: Cell::new(0),
                },
            ))
        },
        |a, _| {
            let g = state!(GroupBy, ndata::arg(a, 0)?, "groupby");
            g.currgrouper.set(0);
            loop {
                match (g.currkey.cloned(), g.tgtkey.cloned()) {
                    (None, _) => {}
                    (Some(_), None) => break,
                    (Some(ck), Some(tk)) => {
                        if !crate::ops::eq(&tk, &ck)? {
                            break;
                        }
                    }
                }
                if !groupby_step(g)? {
                    return Err(stop());
                }
            }
            let key = g.currkey.cloned().unwrap_or(Value::None);
            *g.tgtkey.get() = Some(key.clone());
            let id = g.serial.get() + 1;
            g.serial.set(id);
            g.currgrouper.set(id);
            let grouper = ndata::new_native(
                &grouper_type(),
                Grouper {
                    parent: ndata::arg(a, 0)?.clone(),
                    tgtkey: key.clone(),
                    id,
                },
            );
            Ok(tuple(vec![key, grouper]))
        },
    );
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// islice

struct ISlice {
    it: PCell<Option<Value>>,
    next: Cell<usize>,
    stop: Option<usize>,
    step: usize,
    cnt: Cell<usize>,
}
impl NativeData for ISlice {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        if let Some(x) = self.it.get() {
            f(x);
        }
    }
    fn clear(&self) {
        drop(self.it.take());
    }
}

fn islice_arg(v: &Value, msg: &str) -> PyResult<Option<usize>> {
    if v.is_none() {
        return Ok(None);
    }
    let i = match crate::types::int::index_value(v) {
        Ok(i) => i,
        Err(_) => return Err(value_error(msg.to_string())),
    };
    match i {
        Value::Int(n) if n >= 0 => Ok(Some(n as usize)),
        Value::Int(_) => Err(value_error(msg.to_string())),
        other => {
            // too large for a C ssize_t
            if crate::types::int::to_bigint(&other)
                .map_or(false, |b| b.sign() == num_bigint::Sign::Minus)
            {
                Err(value_error(msg.to_string()))
            } else {
                Err(overflow_error(
                    "Python int too large to convert to C ssize_t",
                ))
            }
        }
    }
}

const STOP_MSG: &str =
    "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
const IDX_MSG: &str = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";

crate::native_type!(islice_type, || {
    let t = iter_type(
        "islice",
        |a, kw| {
            let cls = ndata::new_cls(a, &islice_type())?;
            if cls.is(&islice_type()) {
                ndata::no_kw("islice", kw)?;
            }
            let p = ndata::positional(&a[1..], kw);
            if p.len() < 2 {
                return Err(type_error(format!(
                    "islice expected at least 2 arguments, got {}",
                    p.len()
                )));
            }
            if p.len() > 4 {
                return Err(type_error(format!(
                    "islice expected at most 4 arguments, got {}",
                    p.len()
                )));
            }
            let (start, stop, step);
            if p.len() == 2 {
                start = 0;
                stop = islice_arg(&p[1], STOP_MSG)?;
                step = 1;
            } else {
                start = islice_arg(&p[1], IDX_MSG)?.unwrap_or(0);
                stop = islice_arg(&p[2], STOP_MSG)?;
                step = match p.get(3) {
                    None => 1,
                    Some(v) if v.is_none() => 1,
                    Some(v) => {
                        let s = crate::types::int::index_value(v).map_err(|_| {
                            value_error("Step for islice() must be a positive integer or None.")
                        })?;
                        match s {
                            Value::Int(n) if n >= 1 => n as usize,
                            Value::Int(_) => {
                                return Err(value_error(
                                    "Step for islice() must be a positive integer or None.",
                                ))
                            }
                            _ => usize::MAX >> 1,
                        }
                    }
                };
            }
            let it = crate::ops::get_iter(&p[0])?;
            Ok(ndata::new_native(
                &cls,
                ISlice {
                    it: PCell::new(Some(it)),
                    next: Cell::new(start),
                    stop,
                    step,
                    cnt: Cell::new(0),
                },
            ))
        },
        |a, _| {
            let s = state!(ISlice, ndata::arg(a, 0)?, "islice");
            let Some(it) = s.it.cloned() else {
                return Err(stop());
            };
            while s.cnt.get() < s.next.get() {
                match next_of(&it)? {
                    Some(_) => s.cnt.set(s.cnt.get() + 1),
                    None => {
                        *s.it.get() = None;
                        return Err(stop());
                    }
                }
            }
            if let Some(st) = s.stop {
                if s.cnt.get() >= st {
                    *s.it.get() = None;
                    return Err(stop());
                }
            }
            let Some(item) = next_of(&it)? else {
                *s.it.get() = None;
                return Err(stop());
            };
            s.cnt.set(s.cnt.get() + 1);
            let old = s.next.get();
            let mut nx = old.saturating_add(s.step);
            if let Some(st) = s.stop {
                if nx > st {
                    nx = st;
                }
            }
            s.next.set(nx);
            Ok(item)
        },
    );
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// pairwise, zip_longest

struct Pairwise {
    it: PCell<Option<Value>>,
    old: PCell<Option<Value>>,
}
impl NativeData for Pairwise {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        if let Some(x) = self.it.get() {
            f(x);
        }
        if let Some(x) = self.old.get() {
            f(x);
        }
    }
    fn clear(&self) {
        drop(self.it.take());
        drop(self.old.take());
    }
}

crate::native_type!(pairwise_type, || {
    let t = iter_type(
        "pairwise",
        |a, kw| {
            let cls = ndata::new_cls(a, &pairwise_type())?;
            if cls.is(&pairwise_type()) {
                ndata::no_kw("pairwise", kw)?;
            }
            let p = ndata::positional(&a[1..], kw);
            if p.len() != 1 {
                return Err(type_error(format!(
                    "pairwise expected 1 argument, got {}",
                    p.len()
                )));
            }
            let it = crate::ops::get_iter(&p[0])?;
            Ok(ndata::new_native(
                &cls,
                Pairwise {
                    it: PCell::new(Some(it)),
                    old: PCell::new(None),
                },
            ))
        },
        |a, _| {
            let s = state!(Pairwise, ndata::arg(a, 0)?, "pairwise");
            let Some(it) = s.it.cloned() else {
                return Err(stop());
            };
            let old = match s.old.cloned() {
                Some(o) => o,
                None => match next_of(&it)? {
                    Some(o) => {
                        *s.old.get() = Some(o.clone());
                        o
                    }
                    None => {
                        *s.it.get() = None;
                        return Err(stop());
                    }
                },
            };
            match next_of(&it)? {
                Some(new) => {
                    *s.old.get() = Some(new.clone());
                    Ok(tuple(vec![old, new]))
                }
                None => {
                    *s.it.get() = None;
                    *s.old.get() = None;
                    Err(stop())
                }
            }
        },
    );
    ndata::finish_type(&t);
    t
});

struct ZipLongest {
    its: PCell<Vec<Option<Value>>>,
    active: Cell<usize>,
    fill: Value,
}
impl NativeData for ZipLongest {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        self.its.get().iter().flatten().for_each(|v| f(v));
        f(&self.fill);
    }
    fn clear(&self) {
        drop(self.its.take());
    }
}

crate::native_type!(zip_longest_type, || {
    let t = iter_type(
        "zip_longest",
        |a, kw| {
            let cls = ndata::new_cls(a, &zip_longest_type())?;
            let mut fill = Value::None;
            for (k, v) in ndata::kwpairs(&a[1..], kw) {
                if k == "fillvalue" {
                    fill = v;
                } else {
                    return Err(type_error(
                        "zip_longest() got an unexpected keyword argument",
                    ));
                }
            }
            let mut its = Vec::new();
            for x in ndata::positional(&a[1..], kw) {
                its.push(Some(crate::ops::get_iter(x)?));
            }
            let n = its.len();
            Ok(ndata::new_native(
                &cls,
                ZipLongest {
                    its: PCell::new(its),
                    active: Cell::new(n),
                    fill,
                },
            ))
        },
        |a, _| {
            let s = state!(ZipLongest, ndata::arg(a, 0)?, "zip_longest");
            let n = s.its.get().len();
            if n == 0 || s.active.get() == 0 {
                return Err(stop());
            }
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                let it = s.its.get().get(i).cloned().flatten();
                match it {
                    None => out.push(s.fill.clone()),
                    Some(it) => match next_of(&it)? {
                        Some(v) => out.push(v),
                        None => {
                            s.its.get()[i] = None;
                            let act = s.active.get() - 1;
                            s.active.set(act);
                            if act == 0 {
                                return Err(stop());
                            }
                            out.push(s.fill.clone());
                        }
                    },
                }
            }
            Ok(tuple(out))
        },
    );
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// tee

struct TeeLink {
    values: PCell<Vec<Value>>,
    next: PCell<Option<Rc<TeeLink>>>,
}
const TEE_LINK: usize = 57;

struct TeeShared {
    it: Value,
    running: Cell<bool>,
}

struct Tee {
    shared: PCell<Rc<TeeShared>>,
    link: PCell<Rc<TeeLink>>,
    index: Cell<usize>,
}
impl NativeData for Tee {}

fn new_link() -> Rc<TeeLink> {
    Rc::new(TeeLink {
        values: PCell::new(Vec::new()),
        next: PCell::new(None),
    })
}

fn tee_from_iterable(v: &Value) -> PyResult<Value> {
    if let Some(t) = ndata::get::<Tee>(v) {
        return Ok(tee_copy(t));
    }
    let it = crate::ops::get_iter(v)?;
    Ok(ndata::new_native(
        &tee_type(),
        Tee {
            shared: PCell::new(Rc::new(TeeShared {
                it,
                running: Cell::new(false),
            })),
            link: PCell::new(new_link()),
            index: Cell::new(0),
        },
    ))
}

fn tee_copy(t: &Tee) -> Value {
    ndata::new_native(
        &tee_type(),
        Tee {
            shared: PCell::new(t.shared.cloned()),
            link: PCell::new(t.link.cloned()),
            index: Cell::new(t.index.get()),
        },
    )
}

crate::native_type!(tee_type, || {
    let t = iter_type(
        "_tee",
        |a, kw| {
            ndata::no_kw("_tee", kw)?;
            check_args("_tee", &a[1..], 1, 1)?;
            tee_from_iterable(ndata::arg(a, 1)?)
        },
        |a, _| {
            let s = state!(Tee, ndata::arg(a, 0)?, "_tee");
            if s.index.get() >= TEE_LINK {
                let link = s.link.cloned();
                let next = match link.next.cloned() {
                    Some(n) => n,
                    None => {
                        let n = new_link();
                        *link.next.get() = Some(n.clone());
                        n
                    }
                };
                *s.link.get() = next;
                s.index.set(0);
            }
            let link = s.link.cloned();
            let i = s.index.get();
            if let Some(v) = link.values.get().get(i).cloned() {
                s.index.set(i + 1);
                return Ok(v);
            }
            let shared = s.shared.cloned();
            if shared.running.get() {
                return Err(runtime_error("cannot re-enter the tee iterator"));
            }
            shared.running.set(true);
            let r = next_of(&shared.it);
            shared.running.set(false);
            match r? {
                Some(v) => {
                    if link.values.get().len() == i {
                        link.values.get().push(v.clone());
                        s.index.set(i + 1);
                        Ok(v)
                    } else {
                        // another tee advanced the shared iterator meanwhile
                        let v2 = link.values.get().get(i).cloned().unwrap_or(v);
                        s.index.set(i + 1);
                        Ok(v2)
                    }
                }
                None => Err(stop()),
            }
        },
    );
    add_method(&t, "__copy__", |a, _| {
        Ok(tee_copy(state!(Tee, ndata::arg(a, 0)?, "_tee")))
    });
    ndata::finish_type(&t);
    t
});

fn tee(a: &[Value], kw: Kw) -> PyResult<Value> {
    ndata::no_kw("tee", kw)?;
    check_args("tee", a, 1, 2)?;
    let n = match a.get(1) {
        Some(v) => crate::types::int::index_i64(v)?,
        None => 2,
    };
    if n < 0 {
        return Err(value_error("n must be >= 0"));
    }
    if n == 0 {
        return Ok(tuple(vec![]));
    }
    let it = crate::ops::get_iter(ndata::arg(a, 0)?)?;
    let first = if crate::ops::attr::lookup_special(&it, "__copy__").is_some() {
        it
    } else {
        tee_from_iterable(&it)?
    };
    let mut out = vec![first.clone()];
    let mut cur = first;
    for _ in 1..n {
        cur = crate::ops::attr::call_method(&cur, "__copy__", &[])?;
        out.push(cur.clone());
    }
    Ok(tuple(out))
}

// ---------------------------------------------------------------------------
// combinatorics

struct Product {
    pools: Vec<Vec<Value>>,
    indices: PCell<Vec<usize>>,
    state: Cell<u8>, // 0 fresh, 1 running, 2 done
}
impl NativeData for Product {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        self.pools.iter().flatten().for_each(|v| f(v));
    }
}

crate::native_type!(product_type, || {
    let t = iter_type(
        "product",
        |a, kw| {
            let cls = ndata::new_cls(a, &product_type())?;
            let mut repeat = 1i64;
            for (k, v) in ndata::kwpairs(&a[1..], kw) {
                if k == "repeat" {
                    repeat = crate::types::int::index_i64(&v)?;
                } else {
                    return Err(type_error(format!(
                        "product() got an unexpected keyword argument '{}'",
                        k
                    )));
                }
            }
            if repeat < 0 {
                return Err(value_error("repeat argument cannot be negative"));
            }
            let mut base = Vec::new();
            for x in ndata::positional(&a[1..], kw) {
                base.push(crate::ops::iterate(x)?);
            }
            let mut pools = Vec::new();
            if !base.is_empty() {
                for _ in 0..repeat {
                    pools.extend(base.iter().cloned());
                }
            }
            let n = pools.len();
            Ok(ndata::new_native(
                &cls,
                Product {
                    pools,
                    indices: PCell::new(vec![0; n]),
                    state: Cell::new(0),
                },
            ))
        },
        |a, _| {
            let s = state!(Product, ndata::arg(a, 0)?, "product");
            match s.state.get() {
                2 => return Err(stop()),
                0 => {
                    s.state.set(1);
                    if s.pools.iter().any(|p| p.is_empty()) {
                        s.state.set(2);
                        return Err(stop());
                    }
                }
                _ => {
                    let idx = s.indices.get();
                    let mut i = s.pools.len();
                    loop {
                        if i == 0 {
                            s.state.set(2);
                            return Err(stop());
                        }
                        i -= 1;
                        idx[i] += 1;
                        if idx[i] < s.pools[i].len() {
                            break;
                        }
                        idx[i] = 0;
                    }
                }
            }
            let idx = s.indices.get();
            Ok(tuple(
                idx.iter()
                    .enumerate()
                    .map(|(i, &j)| s.pools[i][j].clone())
                    .collect(),
            ))
        },
    );
    ndata::finish_type(&t);
    t
});

struct Combos {
    pool: Vec<Value>,
    r: usize,
    indices: PCell<Vec<usize>>,
    cycles: PCell<Vec<usize>>,
    state: Cell<u8>,
    kind: u8, // 0 permutations, 1 combinations, 2 with replacement
}
impl NativeData for Combos {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        self.pool.iter().for_each(|v| f(v));
    }
}

fn combos_new(a: &[Value], kw: Kw, kind: u8, cls: ObjRef) -> PyResult<Value> {
    let name = [
        "permutations",
        "combinations",
        "combinations_with_replacement",
    ][kind as usize];
    let p = crate::args::parse(
        name,
        &a[1..],
        kw,
        &["iterable", "r"],
        if kind == 0 { 1 } else { 2 },
    )?;
    let pool = crate::ops::iterate(p[0].as_ref().unwrap())?;
    let n = pool.len();
    let r = match &p[1] {
        None => n as i64,
        Some(v) if v.is_none() && kind == 0 => n as i64,
        Some(v) => {
            if kind == 0 && !crate::types::int::is_int(v) {
                return Err(type_error("Expected int as r"));
            }
            crate::types::int::index_i64(v)?
        }
    };
    if r < 0 {
        return Err(value_error("r must be non-negative"));
    }
    let r = r as usize;
    let (indices, cycles) = match kind {
        0 => ((0..n).collect(), (0..r.min(n)).map(|i| n - i).collect()),
        1 => ((0..r).collect(), vec![]),
        _ => (vec![0; r], vec![]),
    };
    Ok(ndata::new_native(
        &cls,
        Combos {
            pool,
            r,
            indices: PCell::new(indices),
            cycles: PCell::new(cycles),
            state: Cell::new(0),
            kind,
        },
    ))
}

fn combos_next(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = ndata::this::<Combos>(ndata::arg(a, 0)?, "itertools.combinations")?;
    let n = s.pool.len();
    let r = s.r;
    if s.state.get() == 2 {
        return Err(stop());
    }
    let idx = s.indices.get();
    if s.state.get() == 0 {
        s.state.set(1);
        let empty = match s.kind {
            0 | 1 => r > n,
            _ => n == 0 && r > 0,
        };
        if empty {
            s.state.set(2);
            return Err(stop());
        }
    } else {
        match s.kind {
            0 => {
                let cycles = s.cycles.get();
                let mut i = r;
                loop {
                    if i == 0 {
                        s.state.set(2);
                        return Err(stop());
                    }
                    i -= 1;
                    cycles[i] -= 1;
                    if cycles[i] == 0 {
                        let x = idx.remove(i);
                        idx.push(x);
                        cycles[i] = n - i;
                    } else {
                        let j = cycles[i];
                        idx.swap(i, n - j);
                        break;
                    }
                }
            }
            1 => {
                let mut i = r;
                loop {
                    if i == 0 {
                        s.state.set(2);
                        return Err(stop());
                    }
                    i -= 1;
                    if idx[i] != i + n - r {
                        break;
                    }
                }
                idx[i] += 1;
                for j in i + 1..r {
                    idx[j] = idx[j - 1] + 1;
                }
            }
            _ => {
                let mut i = r;
                loop {
                    if i == 0 {
                        s.state.set(2);
                        return Err(stop());
                    }
                    i -= 1;
                    if idx[i] != n - 1 {
                        break;
                    }
                }
                let v = idx[i] + 1;
                for j in i..r {
                    idx[j] = v;
                }
            }
        }
    }
    Ok(tuple(idx[..r].iter().map(|&i| s.pool[i].clone()).collect()))
}

crate::native_type!(permutations_type, || {
    let t = iter_type(
        "permutations",
        |a, kw| combos_new(a, kw, 0, ndata::new_cls(a, &permutations_type())?),
        combos_next,
    );
    ndata::finish_type(&t);
    t
});
crate::native_type!(combinations_type, || {
    let t = iter_type(
        "combinations",
        |a, kw| combos_new(a, kw, 1, ndata::new_cls(a, &combinations_type())?),
        combos_next,
    );
    ndata::finish_type(&t);
    t
});
crate::native_type!(cwr_type, || {
    let t = iter_type(
        "combinations_with_replacement",
        |a, kw| combos_new(a, kw, 2, ndata::new_cls(a, &cwr_type())?),
        combos_next,
    );
    ndata::finish_type(&t);
    t
});

pub fn init(m: &ObjRef) -> PyResult<()> {
    let types: [(&str, fn() -> ObjRef); 20] = [
        ("count", count_type),
        ("cycle", cycle_type),
        ("repeat", repeat_type),
        ("accumulate", accumulate_type),
        ("chain", chain_type),
        ("compress", compress_type),
        ("dropwhile", dropwhile_type),
        ("takewhile", takewhile_type),
        ("filterfalse", filterfalse_type),
        ("starmap", starmap_type),
        ("groupby", groupby_type),
        ("_grouper", grouper_type),
        ("islice", islice_type),
        ("pairwise", pairwise_type),
        ("zip_longest", zip_longest_type),
        ("_tee", tee_type),
        ("product", product_type),
        ("permutations", permutations_type),
        ("combinations", combinations_type),
        ("combinations_with_replacement", cwr_type),
    ];
    for (n, f) in types {
        set_attr(m, n, Value::Obj(f()));
    }
    crate::types::module::add_function(m, "tee", tee);
    let _ = CmpOp::Eq;
    Ok(())
}
