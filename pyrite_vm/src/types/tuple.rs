//! `tuple`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::margs;
use crate::types::typeobj::{add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use pyrite_compiler::bytecode::CmpOp;

pub fn new_tuple(items: Vec<Value>) -> Value {
    if items.is_empty() {
        return Value::Obj(empty_tuple());
    }
    Value::Obj(ObjRef::new(
        &types().tuple,
        Payload::Tuple(items.into_boxed_slice()),
    ))
}

static EMPTY: crate::gil::GilCell<Option<ObjRef>> = crate::gil::GilCell::new(None);

pub fn empty_tuple() -> ObjRef {
    EMPTY
        .get()
        .get_or_insert_with(|| {
            let o = ObjRef::new(&types().tuple, Payload::Tuple(Box::new([])));
            o.make_immortal();
            o
        })
        .clone()
}

pub fn as_tuple(v: &Value) -> Option<&[Value]> {
    match v.payload() {
        Some(Payload::Tuple(t)) => Some(t),
        _ => None,
    }
}

pub fn obj_tuple(o: &ObjRef) -> Option<&[Value]> {
    match o.payload() {
        Payload::Tuple(t) => Some(t),
        _ => None,
    }
}

fn this(v: &Value) -> PyResult<&[Value]> {
    as_tuple(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'tuple' object but received a '{}'",
            v.type_name()
        ))
    })
}

/// Lexicographic rich comparison of two immutable sequences, as a bool.
pub fn seq_compare(a: &[Value], b: &[Value], op: CmpOp) -> PyResult<bool> {
    let r = seq_compare_value(a, b, op)?;
    crate::ops::truthy(&r)
}

/// Lexicographic rich comparison returning the deciding comparison's result object.
pub fn seq_compare_value(a: &[Value], b: &[Value], op: CmpOp) -> PyResult<Value> {
    if matches!(op, CmpOp::Eq | CmpOp::Ne) && a.len() != b.len() {
        return Ok(Value::Bool(op == CmpOp::Ne));
    }
    let n = a.len().min(b.len());
    let _g = crate::types::list::enter_nested(crate::types::list::IN_CMP)?;
    for i in 0..n {
        if !crate::types::list::item_eq(&a[i], &b[i])? {
            return match op {
                CmpOp::Eq => Ok(Value::Bool(false)),
                CmpOp::Ne => Ok(Value::Bool(true)),
                _ => crate::ops::compare(&a[i], &b[i], op),
            };
        }
    }
    Ok(Value::Bool(crate::ops::cmp_ord(a.len().cmp(&b.len()), op)))
}

pub fn tuple_hash(items: &[Value]) -> PyResult<i64> {
    // the xxHash-based scheme CPython (3.8+) uses for tuples
    const P1: u64 = 11400714785074694791;
    const P2: u64 = 14029467366897019727;
    const P5: u64 = 2870177450012600261;
    let mut acc: u64 = P5;
    for it in items {
        let lane = crate::ops::hash(it)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((items.len() as u64) ^ (P5 ^ 3527539));
    let h = acc as i64;
    Ok(if h == -1 { 1546275796 } else { h })
}

pub fn seq_repr(items: &[Value], open: &str, close: &str) -> PyResult<String> {
    let mut s = String::from(open);
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&crate::ops::repr(v)?);
    }
    s.push_str(close);
    Ok(s)
}

/// `repr(tuple)` with recursion detection.
pub fn tuple_repr_str(v: &Value, items: &[Value]) -> PyResult<String> {
    if items.is_empty() {
        return Ok("()".into());
    }
    let Some(_g) = crate::ops::repr_guard(v) else {
        return Ok("(...)".into());
    };
    let _n = crate::types::list::enter_nested(crate::types::list::IN_REPR)?;
    if items.len() == 1 {
        return Ok(format!("({},)", crate::ops::repr(&items[0])?));
    }
    seq_repr(items, "(", ")")
}

fn cmp(a: &[Value], kw: Kw, name: &str, op: CmpOp) -> PyResult<Value> {
    let o = &margs::wrapper(name, a, kw, 1)?[0];
    let x = this(&a[0])?;
    let Some(y) = as_tuple(o) else {
        return Ok(crate::types::misc::not_implemented());
    };
    seq_compare_value(x, y, op)
}

fn tuple_new(a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = crate::types::misc::check_new_cls(a, "tuple")?;
    let arg = margs::ctor_one("tuple", &a[1..], kw)?;
    if cls.is(&types().tuple) {
        return match arg {
            None => Ok(Value::Obj(empty_tuple())),
            Some(v) if v.class_ref().is(&types().tuple) => Ok(v.clone()),
            Some(v) => Ok(new_tuple(crate::ops::iterate(v)?)),
        };
    }
    let items = match arg {
        Some(v) => crate::ops::iterate(v)?,
        None => Vec::new(),
    };
    Ok(crate::types::misc::new_instance(
        &cls,
        Payload::Tuple(items.into_boxed_slice()),
    ))
}

pub fn init(t: &ObjRef) {
    add_staticmethod(t, "__new__", tuple_new);
    add_method(t, "__len__", |a, kw| {
        margs::wrapper("__len__", a, kw, 0)?;
        Ok(Value::Int(this(&a[0])?.len() as i64))
    });
    add_method(t, "__getitem__", |a, kw| {
        let key = &margs::wrapper("__getitem__", a, kw, 1)?[0];
        let items = this(&a[0])?;
        if let Some((x, y, z)) = crate::types::list::slice_unpack(key)? {
            let (start, _stop, step, n) = crate::types::list::slice_adjust(x, y, z, items.len());
            if step == 1 && n == items.len() && a[0].class_ref().is(&types().tuple) {
                return Ok(a[0].clone());
            }
            return Ok(new_tuple(crate::types::list::slice_items(
                items, start, step, n,
            )));
        }
        crate::types::list::seq_getitem(items, key, "tuple", new_tuple)
    });
    add_method(t, "__contains__", |a, kw| {
        let x = &margs::wrapper("__contains__", a, kw, 1)?[0];
        for y in this(&a[0])? {
            if crate::types::list::item_eq(y, x)? {
                return Ok(Value::Bool(true));
            }
        }
        Ok(Value::Bool(false))
    });
    add_method(t, "__iter__", |a, kw| {
        margs::wrapper("__iter__", a, kw, 0)?;
        this(&a[0])?;
        Ok(crate::types::iter::new_seq_iter(
            a[0].clone(),
            crate::types::iter::SeqKind::Tuple,
        ))
    });
    add_method(t, "__hash__", |a, kw| {
        margs::wrapper("__hash__", a, kw, 0)?;
        Ok(Value::Int(tuple_hash(this(&a[0])?)?))
    });
    add_method(t, "__repr__", |a, kw| {
        margs::wrapper("__repr__", a, kw, 0)?;
        let items = this(&a[0])?;
        Ok(tuple_repr_str(&a[0], items)?.into())
    });
    add_method(t, "__add__", |a, kw| {
        let o = &margs::wrapper("__add__", a, kw, 1)?[0];
        let x = this(&a[0])?;
        let Some(y) = as_tuple(o) else {
            return Err(type_error(format!(
                "can only concatenate tuple (not \"{}\") to tuple",
                o.type_name()
            )));
        };
        let exact = |v: &Value| v.class_ref().is(&types().tuple);
        if y.is_empty() && exact(&a[0]) {
            return Ok(a[0].clone());
        }
        if x.is_empty() && exact(o) {
            return Ok(o.clone());
        }
        let mut v = Vec::with_capacity(x.len() + y.len());
        v.extend_from_slice(x);
        v.extend_from_slice(y);
        Ok(new_tuple(v))
    });
    fn mul(a: &[Value], kw: Kw, name: &str) -> PyResult<Value> {
        let o = &margs::wrapper(name, a, kw, 1)?[0];
        let items = this(&a[0])?;
        let Some(n) = crate::types::list::repeat_count(o)? else {
            return Ok(crate::types::misc::not_implemented());
        };
        if n == 1 && a[0].class_ref().is(&types().tuple) {
            return Ok(a[0].clone());
        }
        Ok(new_tuple(crate::types::list::repeat(items, n)?))
    }
    add_method(t, "__mul__", |a, kw| mul(a, kw, "__mul__"));
    add_method(t, "__rmul__", |a, kw| mul(a, kw, "__rmul__"));
    add_method(t, "__eq__", |a, kw| cmp(a, kw, "__eq__", CmpOp::Eq));
    add_method(t, "__ne__", |a, kw| cmp(a, kw, "__ne__", CmpOp::Ne));
    add_method(t, "__lt__", |a, kw| cmp(a, kw, "__lt__", CmpOp::Lt));
    add_method(t, "__le__", |a, kw| cmp(a, kw, "__le__", CmpOp::Le));
    add_method(t, "__gt__", |a, kw| cmp(a, kw, "__gt__", CmpOp::Gt));
    add_method(t, "__ge__", |a, kw| cmp(a, kw, "__ge__", CmpOp::Ge));
    add_method(t, "__getnewargs__", |a, kw| {
        margs::noargs("tuple.__getnewargs__", a, kw)?;
        Ok(new_tuple(vec![new_tuple(this(&a[0])?.to_vec())]))
    });
    add_method(t, "__sizeof__", |a, kw| {
        margs::noargs("tuple.__sizeof__", a, kw)?;
        Ok(Value::Int(24 + 8 * this(&a[0])?.len() as i64))
    });
    add_method(t, "count", |a, kw| {
        let x = margs::one("tuple.count", a, kw)?;
        let mut n = 0;
        for y in this(&a[0])? {
            if crate::types::list::item_eq(y, x)? {
                n += 1;
            }
        }
        Ok(Value::Int(n))
    });
    add_method(t, "index", |a, kw| {
        let p = margs::range("index", "tuple.index", a, kw, 1, 3)?;
        let items = this(&a[0])?;
        let (start, stop) = crate::types::list::index_bounds(p.get(1), p.get(2), items.len())?;
        for (i, x) in items.iter().enumerate().take(stop).skip(start) {
            if crate::types::list::item_eq(x, &p[0])? {
                return Ok(Value::Int(i as i64));
            }
        }
        Err(value_error("tuple.index(x): x not in tuple"))
    });
    crate::types::typeobj::add_classmethod(
        t,
        "__class_getitem__",
        crate::types::list::class_getitem,
    );
}
