//! Arithmetic operators: numeric fast paths, then the binary-operator protocol with
//! reflected operands, subclass priority and in-place variants.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::typeobj::{is_subtype, lookup};
use crate::value::Value;
use pyrite_compiler::bytecode::BinOp;

pub fn dunder(op: BinOp) -> (&'static ObjRef, &'static ObjRef) {
    use BinOp::*;
    match op.base() {
        Add => (crate::name!("__add__"), crate::name!("__radd__")),
        Sub => (crate::name!("__sub__"), crate::name!("__rsub__")),
        Mul => (crate::name!("__mul__"), crate::name!("__rmul__")),
        MatMul => (crate::name!("__matmul__"), crate::name!("__rmatmul__")),
        TrueDiv => (crate::name!("__truediv__"), crate::name!("__rtruediv__")),
        FloorDiv => (crate::name!("__floordiv__"), crate::name!("__rfloordiv__")),
        Mod => (crate::name!("__mod__"), crate::name!("__rmod__")),
        Pow => (crate::name!("__pow__"), crate::name!("__rpow__")),
        LShift => (crate::name!("__lshift__"), crate::name!("__rlshift__")),
        RShift => (crate::name!("__rshift__"), crate::name!("__rrshift__")),
        And => (crate::name!("__and__"), crate::name!("__rand__")),
        Or => (crate::name!("__or__"), crate::name!("__ror__")),
        Xor => (crate::name!("__xor__"), crate::name!("__rxor__")),
        _ => unreachable!(),
    }
}

fn inplace_dunder(op: BinOp) -> &'static ObjRef {
    use BinOp::*;
    match op {
        InplaceAdd => crate::name!("__iadd__"),
        InplaceSub => crate::name!("__isub__"),
        InplaceMul => crate::name!("__imul__"),
        InplaceMatMul => crate::name!("__imatmul__"),
        InplaceTrueDiv => crate::name!("__itruediv__"),
        InplaceFloorDiv => crate::name!("__ifloordiv__"),
        InplaceMod => crate::name!("__imod__"),
        InplacePow => crate::name!("__ipow__"),
        InplaceLShift => crate::name!("__ilshift__"),
        InplaceRShift => crate::name!("__irshift__"),
        InplaceAnd => crate::name!("__iand__"),
        InplaceOr => crate::name!("__ior__"),
        InplaceXor => crate::name!("__ixor__"),
        _ => unreachable!(),
    }
}

/// `a op b` for any operator (including in-place ones).
pub fn binary_op(a: &Value, b: &Value, op: BinOp) -> PyResult<Value> {
    // numbers first
    if let Some(r) = crate::types::int::int_binop(a, b, op.base()) {
        return r;
    }
    if let Some(r) = crate::types::float::float_binop(a, b, op.base()) {
        return r;
    }
    if let Some(r) = str_binop(a, b, op.base()) {
        return r;
    }
    if op == BinOp::Add {
        // exact list + list and tuple + tuple: what list.__add__/tuple.__add__ do
        if let (Value::Obj(x), Value::Obj(y)) = (a, b) {
            let t = crate::types::types();
            match (x.payload(), y.payload()) {
                (crate::types::Payload::List(l), crate::types::Payload::List(m))
                    if x.class_ref().is(&t.list) && y.class_ref().is(&t.list) =>
                {
                    let (l, m) = (l.to_vec(), m.to_vec());
                    let mut v = Vec::with_capacity(l.len() + m.len());
                    v.extend(l);
                    v.extend(m);
                    return Ok(crate::types::list::new_list(v));
                }
                (crate::types::Payload::Tuple(l), crate::types::Payload::Tuple(m))
                    if x.class_ref().is(&t.tuple) && y.class_ref().is(&t.tuple) =>
                {
                    let mut v = Vec::with_capacity(l.len() + m.len());
                    v.extend_from_slice(l);
                    v.extend_from_slice(m);
                    return Ok(crate::types::tuple::new_tuple(v));
                }
                _ => {}
            }
        }
    }
    if op.is_inplace() {
        if let Some(f) = lookup(a.class_ref(), inplace_dunder(op)) {
            let r = crate::ops::call_unbound(&f, a, &[b.clone()])?;
            if !crate::types::misc::is_not_implemented(&r) {
                return Ok(r);
            }
        }
    }
    let r = binary_protocol(a, b, op.base())?;
    if !crate::types::misc::is_not_implemented(&r) {
        return Ok(r);
    }
    Err(unsupported(a, b, op))
}

/// `str + str` and `str % x` on exact strs, as `str.__add__`/`str.__mod__` would
/// answer them (`x`'s reflected method only comes first when its type is a proper
/// subclass of str, which is left to the protocol).
#[inline]
fn str_binop(a: &Value, b: &Value, op: BinOp) -> Option<PyResult<Value>> {
    let Value::Obj(ao) = a else {
        return None;
    };
    let crate::types::Payload::Str(sa) = ao.payload() else {
        return None;
    };
    let t = crate::types::types();
    if !ao.class_ref().is(&t.str) {
        return None;
    }
    match op {
        BinOp::Add => {
            let Value::Obj(bo) = b else {
                return None;
            };
            match bo.payload() {
                crate::types::Payload::Str(sb) if bo.class_ref().is(&t.str) => {
                    let (x, y) = (sa.as_str(), sb.as_str());
                    let mut s = String::with_capacity(x.len() + y.len());
                    s.push_str(x);
                    s.push_str(y);
                    Some(Ok(crate::types::str::new_string(s)))
                }
                _ => None,
            }
        }
        BinOp::Mod => {
            let tb = b.class_ref();
            if !tb.is(&t.str) && is_subtype(tb, &t.str) {
                return None;
            }
            Some(
                crate::modules::strformat::percent_format(sa.as_str(), b)
                    .map(crate::types::str::new_string),
            )
        }
        _ => None,
    }
}

fn unsupported(a: &Value, b: &Value, op: BinOp) -> PyErr {
    // CPython's hint for print >> f
    if op.base() == BinOp::RShift {
        if let Some(crate::types::Payload::Builtin(bf)) = a.payload() {
            if bf.name == "print" {
                return type_error(format!(
                    "unsupported operand type(s) for >>: 'builtin_function_or_method' and '{}'. Did you mean \"print(<message>, file=<output_stream>)\"?",
                    b.type_name()
                ));
            }
        }
    }
    type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op.symbol(),
        a.type_name(),
        b.type_name()
    ))
}

/// The binary protocol: `a.__op__(b)`, `b.__rop__(a)`; `NotImplemented` if neither works.
pub fn binary_protocol(a: &Value, b: &Value, op: BinOp) -> PyResult<Value> {
    let (name, rname) = dunder(op);
    let ta = a.class_ref();
    let tb = b.class_ref();
    let fa = lookup(ta, name);
    let fb = if ta.is(tb) { None } else { lookup(tb, rname) };
    if let Some(fb) = &fb {
        if is_subtype(tb, ta) && !same_func(fa.as_ref(), lookup(ta, rname).as_ref(), fb) {
            let r = crate::ops::call_unbound(fb, b, &[a.clone()])?;
            if !crate::types::misc::is_not_implemented(&r) {
                return Ok(r);
            }
            return match &fa {
                Some(fa) => crate::ops::call_unbound(fa, a, &[b.clone()]),
                None => Ok(crate::types::misc::not_implemented()),
            };
        }
    }
    if let Some(fa) = &fa {
        let r = crate::ops::call_unbound(fa, a, &[b.clone()])?;
        if !crate::types::misc::is_not_implemented(&r) {
            return Ok(r);
        }
    }
    if let Some(fb) = &fb {
        return crate::ops::call_unbound(fb, b, &[a.clone()]);
    }
    Ok(crate::types::misc::not_implemented())
}

fn same_func(_fa: Option<&Value>, ra: Option<&Value>, fb: &Value) -> bool {
    // the subclass only gets priority if it overrides the reflected method
    match ra {
        Some(r) => r.is(fb),
        None => false,
    }
}

fn unary(a: &Value, name: &'static ObjRef, sym: &str) -> PyResult<Value> {
    match crate::ops::call_special(a, name, &[])? {
        Some(r) => Ok(r),
        None => Err(type_error(format!(
            "bad operand type for unary {}: '{}'",
            sym,
            a.type_name()
        ))),
    }
}

pub fn neg(a: &Value) -> PyResult<Value> {
    match a {
        Value::Int(i) => match i.checked_neg() {
            Some(n) => Ok(Value::Int(n)),
            None => Ok(crate::types::int::from_bigint(-num_bigint::BigInt::from(
                *i,
            ))),
        },
        Value::Float(f) => Ok(Value::Float(-f)),
        Value::Bool(b) => Ok(Value::Int(-(*b as i64))),
        _ => unary(a, crate::name!("__neg__"), "-"),
    }
}

pub fn pos(a: &Value) -> PyResult<Value> {
    match a {
        Value::Int(_) | Value::Float(_) => Ok(a.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        _ => unary(a, crate::name!("__pos__"), "+"),
    }
}

pub fn invert(a: &Value) -> PyResult<Value> {
    match a {
        Value::Int(i) => Ok(Value::Int(!i)),
        Value::Bool(b) => Ok(Value::Int(!(*b as i64))),
        _ => unary(a, crate::name!("__invert__"), "~"),
    }
}

pub fn abs(a: &Value) -> PyResult<Value> {
    match a {
        Value::Int(i) => match i.checked_abs() {
            Some(n) => Ok(Value::Int(n)),
            None => Ok(crate::types::int::from_bigint(
                num_bigint::BigInt::from(*i).magnitude().clone().into(),
            )),
        },
        Value::Float(f) => Ok(Value::Float(f.abs())),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        _ => match crate::ops::call_special(a, crate::name!("__abs__"), &[])? {
            Some(r) => Ok(r),
            None => Err(type_error(format!(
                "bad operand type for abs(): '{}'",
                a.type_name()
            ))),
        },
    }
}
