//! `tuple`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::typeobj::{add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use pyrite_compiler::bytecode::CmpOp;

pub fn new_tuple(items: Vec<Value>) -> Value {
    if items.is_empty() {
        return Value::Obj(empty_tuple());
    }
    Value::Obj(ObjRef::new(&types().tuple, Payload::Tuple(items.into_boxed_slice())))
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
    as_tuple(v).ok_or_else(|| type_error(format!("descriptor requires a 'tuple' object but received a '{}'", v.type_name())))
}

/// Lexicographic rich comparison of two sequences.
pub fn seq_compare(a: &[Value], b: &[Value], op: CmpOp) -> PyResult<bool> {
    let n = a.len().min(b.len());
    for i in 0..n {
        if !crate::ops::eq(&a[i], &b[i])? {
            return match op {
                CmpOp::Eq => Ok(false),
                CmpOp::Ne => Ok(true),
                _ => crate::ops::truthy(&crate::ops::compare(&a[i], &b[i], op)?),
            };
        }
    }
    Ok(crate::ops::cmp_ord(a.len().cmp(&b.len()), op))
}

pub fn tuple_hash(items: &[Value]) -> PyResult<i64> {
    // xxHash-style mixing as CPython 3.8+ documents for tuples
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

fn cmp(a: &[Value], op: CmpOp) -> PyResult<Value> {
    let (Some(x), Some(y)) = (as_tuple(&a[0]), as_tuple(&a[1])) else {
        return Ok(crate::types::misc::not_implemented());
    };
    let (x, y) = (x.to_vec(), y.to_vec());
    Ok(Value::Bool(seq_compare(&x, &y, op)?))
}

pub fn init(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "tuple")?;
        let args = crate::args::parse("tuple", &a[1..], kw, &[""], 0)?;
        let items = match &args[0] {
            Some(v) => crate::ops::iterate(v)?,
            None => Vec::new(),
        };
        if cls.is(&types().tuple) {
            if let Some(v) = &args[0] {
                if v.class_ref().is(&types().tuple) {
                    return Ok(v.clone());
                }
            }
            return Ok(new_tuple(items));
        }
        Ok(crate::types::misc::new_instance(&cls, Payload::Tuple(items.into_boxed_slice())))
    });
    add_method(t, "__len__", |a, _| Ok(Value::Int(this(&a[0])?.len() as i64)));
    add_method(t, "__getitem__", |a, _| {
        let items = this(&a[0])?;
        crate::types::list::seq_getitem(items, &a[1], "tuple", |v| new_tuple(v))
    });
    add_method(t, "__contains__", |a, _| {
        for x in this(&a[0])?.to_vec() {
            if crate::ops::eq(&x, &a[1])? {
                return Ok(Value::Bool(true));
            }
        }
        Ok(Value::Bool(false))
    });
    add_method(t, "__iter__", |a, _| {
        this(&a[0])?;
        Ok(crate::types::iter::new_seq_iter(a[0].clone(), crate::types::iter::SeqKind::Tuple))
    });
    add_method(t, "__hash__", |a, _| Ok(Value::Int(tuple_hash(this(&a[0])?)?)));
    add_method(t, "__repr__", |a, _| {
        let items = this(&a[0])?;
        if items.len() == 1 {
            return Ok(format!("({},)", crate::ops::repr(&items[0])?).into());
        }
        let Some(_g) = crate::ops::repr_guard(&a[0]) else { return Ok("(...)".into()) };
        Ok(seq_repr(items, "(", ")")?.into())
    });
    add_method(t, "__add__", |a, _| {
        let Some(o) = as_tuple(&a[1]) else {
            return Err(type_error(format!("can only concatenate tuple (not \"{}\") to tuple", a[1].type_name())));
        };
        let mut v = this(&a[0])?.to_vec();
        v.extend_from_slice(o);
        Ok(new_tuple(v))
    });
    add_method(t, "__mul__", |a, _| {
        let n = match crate::types::int::index_value(&a[1]) {
            Ok(Value::Int(n)) => n,
            Ok(_) => return Err(overflow_error("cannot fit 'int' into an index-sized integer")),
            Err(_) => return Ok(crate::types::misc::not_implemented()),
        };
        let items = this(&a[0])?;
        if n == 1 && a[0].class_ref().is(&types().tuple) {
            return Ok(a[0].clone());
        }
        Ok(new_tuple(crate::types::list::repeat(items, n)?))
    });
    add_method(t, "__rmul__", |a, _| {
        let n = match crate::types::int::index_value(&a[1]) {
            Ok(Value::Int(n)) => n,
            _ => return Ok(crate::types::misc::not_implemented()),
        };
        Ok(new_tuple(crate::types::list::repeat(this(&a[0])?, n)?))
    });
    add_method(t, "__eq__", |a, _| cmp(a, CmpOp::Eq));
    add_method(t, "__ne__", |a, _| cmp(a, CmpOp::Ne));
    add_method(t, "__lt__", |a, _| cmp(a, CmpOp::Lt));
    add_method(t, "__le__", |a, _| cmp(a, CmpOp::Le));
    add_method(t, "__gt__", |a, _| cmp(a, CmpOp::Gt));
    add_method(t, "__ge__", |a, _| cmp(a, CmpOp::Ge));
    add_method(t, "__getnewargs__", |a, _| Ok(new_tuple(vec![new_tuple(this(&a[0])?.to_vec())])));
    add_method(t, "count", |a, _| {
        check_args("count", a, 2, 2)?;
        let mut n = 0;
        for x in this(&a[0])?.to_vec() {
            if crate::ops::eq(&x, &a[1])? {
                n += 1;
            }
        }
        Ok(Value::Int(n))
    });
    add_method(t, "index", |a, _| {
        check_args("index", a, 2, 4)?;
        let items = this(&a[0])?.to_vec();
        let (start, stop) = crate::types::list::index_bounds(a, items.len())?;
        for (i, x) in items.iter().enumerate().take(stop).skip(start) {
            if crate::ops::eq(x, &a[1])? {
                return Ok(Value::Int(i as i64));
            }
        }
        Err(value_error("tuple.index(x): x not in tuple"))
    });
    crate::types::typeobj::add_classmethod(t, "__class_getitem__", crate::types::misc::generic_alias_method);
}
