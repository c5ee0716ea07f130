//! `float`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::int::{is_int, to_bigint};
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use num_traits::{ToPrimitive, Zero};
use pyrite_compiler::bytecode::{BinOp, CmpOp};

/// `repr(float)`: shortest round-trip digits laid out as CPython does.
pub fn float_repr(x: f64) -> String {
    pyrite_format::float_repr(x)
}

/// CPython's numeric hash of a float.
pub fn hash_float(x: f64, v: &Value) -> i64 {
    if x.is_nan() {
        return crate::ops::identity_hash(v);
    }
    if x.is_infinite() {
        return if x > 0.0 { 314159 } else { -314159 };
    }
    if x.fract() == 0.0 && x.abs() < 9.0e18 {
        return crate::ops::hash_i64(x as i64);
    }
    // exact rational hash: x = m * 2**e
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mut mant = bits & ((1 << 52) - 1);
    let mut e = if exp == 0 {
        -1074
    } else {
        mant |= 1 << 52;
        exp - 1075
    };
    let p = crate::ops::HASH_MODULUS as u128;
    let mut m = mant as u128 % p;
    // multiply by 2**e mod p (2**61 == 1 mod p)
    e = e.rem_euclid(61);
    m = (m << e) % p;
    let mut h = m as i64;
    if x < 0.0 {
        h = -h;
    }
    if h == -1 {
        -2
    } else {
        h
    }
}

pub fn int_eq_float(i: i64, f: f64) -> bool {
    if f.is_nan() || f.is_infinite() {
        return false;
    }
    if f.fract() != 0.0 {
        return false;
    }
    if f.abs() < 9.0e18 {
        return f as i64 == i;
    }
    false
}

/// A float or int operand as f64 (ints must fit).
fn as_f64(v: &Value) -> Option<PyResult<f64>> {
    match v {
        Value::Float(f) => Some(Ok(*f)),
        Value::Int(i) => Some(Ok(*i as f64)),
        Value::Bool(b) => Some(Ok(*b as i64 as f64)),
        Value::Obj(o) => match o.payload() {
            Payload::Float(f) => Some(Ok(*f)),
            Payload::Int(b) => Some(crate::types::int::big_to_f64(b)),
            _ => None,
        },
        _ => None,
    }
}

pub fn is_float(v: &Value) -> bool {
    match v {
        Value::Float(_) => true,
        Value::Obj(o) => matches!(o.payload(), Payload::Float(_)),
        _ => false,
    }
}

/// Float arithmetic when at least one operand is a float and the other a float or int.
pub fn float_binop(a: &Value, b: &Value, op: BinOp) -> Option<PyResult<Value>> {
    if !(is_float(a) || is_float(b)) {
        return None;
    }
    // floats have no bitwise or matrix operators: the protocol reports the error
    if !matches!(
        op,
        BinOp::Add
            | BinOp::Sub
            | BinOp::Mul
            | BinOp::TrueDiv
            | BinOp::FloorDiv
            | BinOp::Mod
            | BinOp::Pow
    ) {
        return None;
    }
    // subclasses may override: only exact floats/ints here
    let exact = |v: &Value| {
        matches!(v, Value::Float(_) | Value::Int(_) | Value::Bool(_))
            || v.class_ref().is(&types().int)
    };
    if !exact(a) || !exact(b) {
        return None;
    }
    let x = match as_f64(a)? {
        Ok(x) => x,
        Err(e) => return Some(Err(e)),
    };
    let y = match as_f64(b)? {
        Ok(y) => y,
        Err(e) => return Some(Err(e)),
    };
    Some(float_op(x, y, op))
}

pub fn float_op(x: f64, y: f64, op: BinOp) -> PyResult<Value> {
    Ok(Value::Float(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::TrueDiv => {
            if y == 0.0 {
                return Err(zero_division("float division by zero"));
            }
            x / y
        }
        BinOp::FloorDiv => {
            if y == 0.0 {
                return Err(zero_division("float floor division by zero"));
            }
            float_divmod(x, y).0
        }
        BinOp::Mod => {
            if y == 0.0 {
                return Err(zero_division("float modulo"));
            }
            float_divmod(x, y).1
        }
        BinOp::Pow => return float_pow(x, y),
        _ => return Ok(crate::types::misc::not_implemented()),
    }))
}

pub fn float_divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(x / y)
    };
    (floordiv, m)
}

fn float_pow(x: f64, y: f64) -> PyResult<Value> {
    if x == 0.0 && y < 0.0 {
        return Err(zero_division("0.0 cannot be raised to a negative power"));
    }
    if x < 0.0 && y.fract() != 0.0 && y.is_finite() {
        // complex result
        return crate::types::complex::complex_pow((x, 0.0), (y, 0.0));
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(PyErr::with_args(
            &crate::types::exceptions::exc().overflow_error,
            vec![Value::Int(34), Value::from("Numerical result out of range")],
        ));
    }
    Ok(Value::Float(r))
}

/// Compare a float with an int or float exactly.
pub fn compare_num(a: &Value, b: &Value, op: CmpOp) -> PyResult<Value> {
    let ord = |x: &Value| -> Option<f64> {
        match x {
            Value::Float(f) => Some(*f),
            Value::Obj(o) => match o.payload() {
                Payload::Float(f) => Some(*f),
                _ => None,
            },
            _ => None,
        }
    };
    let r = match (ord(a), ord(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y),
        (Some(x), None) if is_int(b) => cmp_float_int(x, &to_bigint(b).unwrap()),
        (None, Some(y)) if is_int(a) => {
            cmp_float_int(y, &to_bigint(a).unwrap()).map(|o| o.reverse())
        }
        _ => return Ok(crate::types::misc::not_implemented()),
    };
    Ok(Value::Bool(match r {
        Some(o) => crate::ops::cmp_ord(o, op),
        None => op == CmpOp::Ne,
    }))
}

fn cmp_float_int(x: f64, i: &num_bigint::BigInt) -> Option<std::cmp::Ordering> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Less
        });
    }
    if let Some(v) = i.to_i64() {
        if v.unsigned_abs() < (1 << 53) {
            return (x).partial_cmp(&(v as f64));
        }
    }
    // exact: compare floor(x) with i, then fraction
    let fl = x.floor();
    let fb: num_bigint::BigInt = num_traits::FromPrimitive::from_f64(fl).unwrap_or_default();
    match fb.cmp(i) {
        std::cmp::Ordering::Equal => {
            if x - fl > 0.0 {
                Some(std::cmp::Ordering::Greater)
            } else {
                Some(std::cmp::Ordering::Equal)
            }
        }
        o => Some(o),
    }
}

/// `float(x)`.
pub fn float_from_value(x: &Value) -> PyResult<f64> {
    match x {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        _ => {
            if let Some(s) = crate::types::str::as_str(x) {
                return parse_float(s).ok_or_else(|| {
                    value_error(format!(
                        "could not convert string to float: {}",
                        crate::ops::repr(x).unwrap_or_default()
                    ))
                });
            }
            if let Some(Payload::Float(f)) = x.payload() {
                if x.class_ref().is(&types().float) {
                    return Ok(*f);
                }
            }
            if let Some(r) = crate::ops::call_special(x, crate::name!("__float__"), &[])? {
                return match r {
                    Value::Float(f) => Ok(f),
                    Value::Obj(ref o) if matches!(o.payload(), Payload::Float(_)) => {
                        if let Payload::Float(f) = o.payload() {
                            Ok(*f)
                        } else {
                            unreachable!()
                        }
                    }
                    _ => Err(type_error(format!(
                        "{}.__float__ returned non-float (type {})",
                        x.type_name(),
                        r.type_name()
                    ))),
                };
            }
            if crate::ops::attr::lookup_special(x, "__index__").is_some() {
                let i = crate::types::int::index_value(x)?;
                return crate::types::int::int_to_f64(&i);
            }
            if is_int(x) {
                return crate::types::int::int_to_f64(x);
            }
            if let Some(b) = crate::types::bytes::as_bytes_like(x) {
                let s = String::from_utf8_lossy(&b).into_owned();
                return parse_float(&s).ok_or_else(|| {
                    value_error(format!(
                        "could not convert string to float: {}",
                        crate::ops::repr(x).unwrap_or_default()
                    ))
                });
            }
            Err(type_error(format!(
                "float() argument must be a string or a real number, not '{}'",
                x.type_name()
            )))
        }
    }
}

/// Parse a float literal as `float()` does.
pub fn parse_float(s: &str) -> Option<f64> {
    pyrite_format::parse_float(s).ok()
}

/// `format(number, spec)` for ints and floats.
pub fn format_number(v: &Value, spec: &Value) -> PyResult<Value> {
    let spec = crate::types::str::as_str(spec).ok_or_else(|| {
        type_error(format!(
            "__format__() argument must be str, not {}",
            spec.type_name()
        ))
    })?;
    if spec.is_empty() {
        return crate::ops::str_value(v);
    }
    crate::types::misc::format_with_spec(v, spec)
}

fn this_float(v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Obj(o) => match o.payload() {
            Payload::Float(f) => Ok(*f),
            _ => Err(type_error("descriptor requires a 'float' object")),
        },
        _ => Err(type_error("descriptor requires a 'float' object")),
    }
}

fn fbin(a: &[Value], op: BinOp, reflected: bool) -> PyResult<Value> {
    check_args("float operator", a, 2, 2)?;
    let Some(other) = as_f64(&a[1]) else {
        return Ok(crate::types::misc::not_implemented());
    };
    let (x, y) = (this_float(&a[0])?, other?);
    if reflected {
        float_op(y, x, op)
    } else {
        float_op(x, y, op)
    }
}

fn fcmp(a: &[Value], op: CmpOp) -> PyResult<Value> {
    compare_num(&a[0], &a[1], op)
}

pub fn new_float_value(cls: &ObjRef, f: f64) -> Value {
    if cls.is(&types().float) {
        Value::Float(f)
    } else {
        crate::types::misc::new_instance(cls, Payload::Float(f))
    }
}

pub fn init_float(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "float")?;
        // float(x) is positional-only, with 3.11's wording for the counts
        if a.len() > 2 && kw.map_or(true, |k| k.is_empty()) {
            return Err(type_error(format!(
                "float expected at most 1 argument, got {}",
                a.len() - 1
            )));
        }
        let args = crate::args::parse("float", &a[1..], kw, &[""], 0)?;
        let f = match &args[0] {
            Some(v) => float_from_value(v)?,
            None => 0.0,
        };
        Ok(new_float_value(&cls, f))
    });
    add_method(t, "__add__", |a, _| fbin(a, BinOp::Add, false));
    add_method(t, "__radd__", |a, _| fbin(a, BinOp::Add, true));
    add_method(t, "__sub__", |a, _| fbin(a, BinOp::Sub, false));
    add_method(t, "__rsub__", |a, _| fbin(a, BinOp::Sub, true));
    add_method(t, "__mul__", |a, _| fbin(a, BinOp::Mul, false));
    add_method(t, "__rmul__", |a, _| fbin(a, BinOp::Mul, true));
    add_method(t, "__truediv__", |a, _| fbin(a, BinOp::TrueDiv, false));
    add_method(t, "__rtruediv__", |a, _| fbin(a, BinOp::TrueDiv, true));
    add_method(t, "__floordiv__", |a, _| fbin(a, BinOp::FloorDiv, false));
    add_method(t, "__rfloordiv__", |a, _| fbin(a, BinOp::FloorDiv, true));
    add_method(t, "__mod__", |a, _| fbin(a, BinOp::Mod, false));
    add_method(t, "__rmod__", |a, _| fbin(a, BinOp::Mod, true));
    add_method(t, "__pow__", |a, _| fbin(a, BinOp::Pow, false));
    add_method(t, "__rpow__", |a, _| fbin(a, BinOp::Pow, true));
    add_method(t, "__divmod__", |a, _| {
        let Some(o) = as_f64(&a[1]) else {
            return Ok(crate::types::misc::not_implemented());
        };
        let (x, y) = (this_float(&a[0])?, o?);
        if y == 0.0 {
            return Err(zero_division("float divmod()"));
        }
        let (q, r) = float_divmod(x, y);
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Float(q),
            Value::Float(r),
        ]))
    });
    add_method(t, "__rdivmod__", |a, _| {
        let Some(o) = as_f64(&a[1]) else {
            return Ok(crate::types::misc::not_implemented());
        };
        let (x, y) = (o?, this_float(&a[0])?);
        if y == 0.0 {
            return Err(zero_division("float divmod()"));
        }
        let (q, r) = float_divmod(x, y);
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Float(q),
            Value::Float(r),
        ]))
    });
    add_method(t, "__eq__", |a, _| fcmp(a, CmpOp::Eq));
    add_method(t, "__ne__", |a, _| fcmp(a, CmpOp::Ne));
    add_method(t, "__lt__", |a, _| fcmp(a, CmpOp::Lt));
    add_method(t, "__le__", |a, _| fcmp(a, CmpOp::Le));
    add_method(t, "__gt__", |a, _| fcmp(a, CmpOp::Gt));
    add_method(t, "__ge__", |a, _| fcmp(a, CmpOp::Ge));
    add_method(t, "__neg__", |a, _| Ok(Value::Float(-this_float(&a[0])?)));
    add_method(t, "__pos__", |a, _| Ok(Value::Float(this_float(&a[0])?)));
    add_method(t, "__abs__", |a, _| {
        Ok(Value::Float(this_float(&a[0])?.abs()))
    });
    add_method(t, "__bool__", |a, _| {
        Ok(Value::Bool(this_float(&a[0])? != 0.0))
    });
    add_method(t, "__hash__", |a, _| {
        Ok(Value::Int(hash_float(this_float(&a[0])?, &a[0])))
    });
    add_method(t, "__repr__", |a, _| {
        Ok(float_repr(this_float(&a[0])?).into())
    });
    add_method(t, "__int__", |a, _| {
        crate::types::int::float_to_int(this_float(&a[0])?)
    });
    add_method(t, "__trunc__", |a, _| {
        crate::types::int::float_to_int(this_float(&a[0])?)
    });
    add_method(t, "__floor__", |a, _| {
        crate::types::int::float_to_int(this_float(&a[0])?.floor())
    });
    add_method(t, "__ceil__", |a, _| {
        crate::types::int::float_to_int(this_float(&a[0])?.ceil())
    });
    add_method(t, "__float__", |a, _| Ok(Value::Float(this_float(&a[0])?)));
    add_method(t, "__round__", float_round);
    add_method(t, "__format__", |a, _| format_number(&a[0], &a[1]));
    add_method(t, "__getnewargs__", |a, _| {
        Ok(crate::types::tuple::new_tuple(vec![Value::Float(
            this_float(&a[0])?,
        )]))
    });
    add_method(t, "is_integer", |a, _| {
        let f = this_float(&a[0])?;
        Ok(Value::Bool(f.is_finite() && f.fract() == 0.0))
    });
    add_method(t, "conjugate", |a, _| Ok(Value::Float(this_float(&a[0])?)));
    add_method(t, "as_integer_ratio", |a, _| {
        let f = this_float(&a[0])?;
        if f.is_infinite() {
            return Err(overflow_error("cannot convert Infinity to integer ratio"));
        }
        if f.is_nan() {
            return Err(value_error("cannot convert NaN to integer ratio"));
        }
        let (n, d) = float_ratio(f);
        Ok(crate::types::tuple::new_tuple(vec![
            crate::types::int::from_bigint(n),
            crate::types::int::from_bigint(d),
        ]))
    });
    add_method(t, "hex", |a, _| Ok(float_hex(this_float(&a[0])?).into()));
    crate::types::typeobj::add_classmethod(t, "fromhex", |a, _| {
        check_args("fromhex", &a[1..], 1, 1)?;
        let s = crate::types::str::as_str(&a[1])
            .ok_or_else(|| type_error("bad argument type for built-in operation"))?;
        let f = pyrite_format::float_fromhex(s).map_err(crate::format::fmt_err)?;
        crate::ops::call::call(&a[0], &[Value::Float(f)], None)
    });
    add_getset(t, "real", |v| Ok(Value::Float(this_float(v)?)), None);
    add_getset(t, "imag", |_| Ok(Value::Float(0.0)), None);
    crate::types::typeobj::add_classmethod(t, "__getformat__", |a, _| {
        let s = crate::types::str::as_str(&a[1]).unwrap_or("");
        match s {
            "double" | "float" => Ok("IEEE, little-endian".into()),
            _ => Err(value_error(
                "__getformat__() argument 1 must be 'double' or 'float'",
            )),
        }
    });
}

pub fn float_ratio(f: f64) -> (num_bigint::BigInt, num_bigint::BigInt) {
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mut mant = (bits & ((1 << 52) - 1)) as i64;
    let e = if exp == 0 {
        -1074
    } else {
        mant |= 1 << 52;
        exp - 1075
    };
    if mant == 0 {
        return (num_bigint::BigInt::zero(), num_bigint::BigInt::from(1));
    }
    let tz = mant.trailing_zeros() as i64;
    let mut m = mant >> tz;
    let mut e = e + tz;
    if f < 0.0 {
        m = -m;
    }
    if e >= 0 {
        (
            num_bigint::BigInt::from(m) << e as usize,
            num_bigint::BigInt::from(1),
        )
    } else {
        let d = num_bigint::BigInt::from(1) << (-e) as usize;
        e = 0;
        let _ = e;
        (num_bigint::BigInt::from(m), d)
    }
}

fn float_round(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let x = this_float(&a[0])?;
    match a.get(1) {
        None | Some(Value::None) => {
            let r = x.round_ties_even();
            crate::types::int::float_to_int(r)
        }
        Some(n) => {
            let n = crate::types::int::index_i64(n)?;
            if !x.is_finite() || x == 0.0 {
                return Ok(Value::Float(x));
            }
            if n > 330 {
                return Ok(Value::Float(x));
            }
            if n < -330 {
                return Ok(Value::Float(0.0f64.copysign(x)));
            }
            // correctly rounded via decimal string of the exact value
            let s = format!("{:.*e}", 40, x);
            let _ = s;
            Ok(Value::Float(crate::format::round_float_checked(x, n)?))
        }
    }
}

pub fn float_hex(x: f64) -> String {
    pyrite_format::float_hex(x)
}

pub fn float_fromhex(s: &str) -> Option<f64> {
    pyrite_format::float_fromhex(s).ok()
}
