//! `int` (arbitrary precision; i64 values unboxed) and `bool`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Pow, Signed, ToPrimitive, Zero};
use pyrite_compiler::bytecode::{BinOp, CmpOp};

/// Normalize: values fitting i64 become `Value::Int`.
pub fn from_bigint(b: BigInt) -> Value {
    match b.to_i64() {
        Some(i) => Value::Int(i),
        None => Value::Obj(ObjRef::new(&types().int, Payload::Int(b))),
    }
}

/// An int-like value (int, bool, int subclass) as a BigInt.
pub fn to_bigint(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Obj(o) => match o.payload() {
            Payload::Int(b) => Some(b.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Is this an int (or bool, or int subclass instance)?
pub fn is_int(v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => matches!(o.payload(), Payload::Int(_)),
        _ => false,
    }
}

/// The value as i64 if it is an int that fits.
pub fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        Value::Obj(o) => match o.payload() {
            Payload::Int(b) => b.to_i64(),
            _ => None,
        },
        _ => None,
    }
}

pub fn hash_int_value(v: &Value) -> i64 {
    match to_bigint(v) {
        Some(b) => hash_bigint(&b),
        None => 0,
    }
}

pub fn hash_bigint(b: &BigInt) -> i64 {
    if let Some(i) = b.to_i64() {
        return crate::ops::hash_i64(i);
    }
    let m = BigInt::from(crate::ops::HASH_MODULUS);
    let r = b.abs().mod_floor(&m).to_i64().unwrap();
    let h = if b.is_negative() { -r } else { r };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `operator.index(v)`: an exact int value.
pub fn index_value(v: &Value) -> PyResult<Value> {
    match v {
        Value::Int(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Obj(o) if matches!(o.payload(), Payload::Int(_)) => Ok(from_bigint(to_bigint(v).unwrap())),
        _ => match crate::ops::call_special(v, crate::name!("__index__"), &[])? {
            Some(r) if is_int(&r) => Ok(from_bigint(to_bigint(&r).unwrap())),
            Some(r) => Err(type_error(format!("__index__ returned non-int (type {})", r.type_name()))),
            None => Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ))),
        },
    }
}

/// `operator.index(v)` as i64 (OverflowError if too big).
pub fn index_i64(v: &Value) -> PyResult<i64> {
    match index_value(v)? {
        Value::Int(i) => Ok(i),
        _ => Err(overflow_error("Python int too large to convert to C ssize_t")),
    }
}

/// Index for sequences: clamps huge values as CPython's `PyNumber_AsSsize_t(.., IndexError)`.
pub fn index_isize(v: &Value) -> PyResult<i64> {
    match index_value(v)? {
        Value::Int(i) => Ok(i),
        other => Err(index_error(format!(
            "cannot fit '{}' into an index-sized integer",
            other.type_name()
        ))),
    }
}

fn big_pow(a: &BigInt, b: &BigInt) -> PyResult<Value> {
    let e = b.to_u64().ok_or_else(|| overflow_error("exponent too large"))?;
    if a.is_zero() || a.is_one() {
        return Ok(from_bigint(a.clone()));
    }
    if *a == BigInt::from(-1) {
        return Ok(Value::Int(if e % 2 == 0 { 1 } else { -1 }));
    }
    if a.bits() as u128 * e as u128 > 1u128 << 36 {
        return Err(memory_error());
    }
    Ok(from_bigint(Pow::pow(a, e)))
}

/// Integer binary operations; `None` if either operand is not an int.
pub fn int_binop(a: &Value, b: &Value, op: BinOp) -> Option<PyResult<Value>> {
    // small fast paths
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        let (x, y) = (*x, *y);
        let r = match op {
            BinOp::Add => x.checked_add(y).map(Value::Int),
            BinOp::Sub => x.checked_sub(y).map(Value::Int),
            BinOp::Mul => x.checked_mul(y).map(Value::Int),
            BinOp::FloorDiv => {
                if y == 0 {
                    return Some(Err(zero_division("integer division or modulo by zero")));
                }
                if x == i64::MIN && y == -1 {
                    None
                } else {
                    Some(Value::Int(x.div_floor(&y)))
                }
            }
            BinOp::Mod => {
                if y == 0 {
                    return Some(Err(zero_division("integer division or modulo by zero")));
                }
                if y == -1 {
                    Some(Value::Int(0))
                } else {
                    Some(Value::Int(x.mod_floor(&y)))
                }
            }
            BinOp::And => Some(Value::Int(x & y)),
            BinOp::Or => Some(Value::Int(x | y)),
            BinOp::Xor => Some(Value::Int(x ^ y)),
            BinOp::LShift => {
                if y < 0 {
                    return Some(Err(value_error("negative shift count")));
                }
                if y < 63 && (x == 0 || (x.abs().leading_zeros() as i64) > y + 1) {
                    Some(Value::Int(x << y))
                } else {
                    None
                }
            }
            BinOp::RShift => {
                if y < 0 {
                    return Some(Err(value_error("negative shift count")));
                }
                Some(Value::Int(if y >= 64 { if x < 0 { -1 } else { 0 } } else { x >> y }))
            }
            BinOp::TrueDiv => {
                if y == 0 {
                    return Some(Err(zero_division("division by zero")));
                }
                if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
                    Some(Value::Float(x as f64 / y as f64))
                } else {
                    None
                }
            }
            BinOp::Pow => {
                if y < 0 {
                    if x == 0 {
                        return Some(Err(zero_division("0.0 cannot be raised to a negative power")));
                    }
                    return Some(Ok(Value::Float((x as f64).powf(y as f64))));
                }
                if y <= u32::MAX as i64 {
                    x.checked_pow(y as u32).map(Value::Int)
                } else {
                    None
                }
            }
            BinOp::MatMul => return None,
            _ => None,
        };
        if let Some(r) = r {
            return Some(Ok(r));
        }
    }
    if !is_int(a) || !is_int(b) {
        return None;
    }
    // subclasses with overrides go through the protocol
    if !is_exact(a) || !is_exact(b) {
        if has_override(a, op) || has_override(b, op) {
            return None;
        }
    }
    let x = to_bigint(a).unwrap();
    let y = to_bigint(b).unwrap();
    Some(big_binop(&x, &y, op))
}

fn is_exact(v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => o.class_ref().is(&types().int),
        _ => false,
    }
}

fn has_override(v: &Value, op: BinOp) -> bool {
    if is_exact(v) {
        return false;
    }
    let (n, r) = crate::ops::arith::dunder(op);
    let t = v.class_ref();
    let int_t = &types().int;
    let differs = |name: &ObjRef| match (crate::types::typeobj::lookup(t, name), crate::types::typeobj::lookup(int_t, name)) {
        (Some(a), Some(b)) => !a.is(&b),
        (Some(_), None) => true,
        _ => false,
    };
    differs(n) || differs(r)
}

pub fn big_binop(x: &BigInt, y: &BigInt, op: BinOp) -> PyResult<Value> {
    Ok(match op {
        BinOp::Add => from_bigint(x + y),
        BinOp::Sub => from_bigint(x - y),
        BinOp::Mul => from_bigint(x * y),
        BinOp::FloorDiv => {
            if y.is_zero() {
                return Err(zero_division("integer division or modulo by zero"));
            }
            from_bigint(x.div_floor(y))
        }
        BinOp::Mod => {
            if y.is_zero() {
                return Err(zero_division("integer division or modulo by zero"));
            }
            from_bigint(x.mod_floor(y))
        }
        BinOp::And => from_bigint(x & y),
        BinOp::Or => from_bigint(x | y),
        BinOp::Xor => from_bigint(x ^ y),
        BinOp::LShift => {
            if y.is_negative() {
                return Err(value_error("negative shift count"));
            }
            let s = y.to_usize().ok_or_else(|| overflow_error("too many digits in integer"))?;
            if x.is_zero() {
                return Ok(Value::Int(0));
            }
            if s > 1 << 34 {
                return Err(memory_error());
            }
            from_bigint(x << s)
        }
        BinOp::RShift => {
            if y.is_negative() {
                return Err(value_error("negative shift count"));
            }
            match y.to_usize() {
                Some(s) => from_bigint(x >> s),
                None => Value::Int(if x.is_negative() { -1 } else { 0 }),
            }
        }
        BinOp::TrueDiv => {
            if y.is_zero() {
                return Err(zero_division("division by zero"));
            }
            Value::Float(big_truediv(x, y)?)
        }
        BinOp::Pow => {
            if y.is_negative() {
                if x.is_zero() {
                    return Err(zero_division("0.0 cannot be raised to a negative power"));
                }
                let xf = big_to_f64(x)?;
                let yf = big_to_f64(y)?;
                return Ok(Value::Float(xf.powf(yf)));
            }
            big_pow(x, y)?
        }
        BinOp::MatMul => return Ok(crate::types::misc::not_implemented()),
        _ => return Ok(crate::types::misc::not_implemented()),
    })
}

/// Correctly rounded int/int true division.
pub fn big_truediv(x: &BigInt, y: &BigInt) -> PyResult<f64> {
    if let (Some(a), Some(b)) = (x.to_i64(), y.to_i64()) {
        if a.unsigned_abs() < (1 << 53) && b.unsigned_abs() < (1 << 53) {
            return Ok(a as f64 / b as f64);
        }
    }
    // scale so that the quotient has 55+ significant bits, then round
    let neg = x.is_negative() != y.is_negative();
    let (a, b) = (x.abs(), y.abs());
    let shift: i64 = 55 - (a.bits() as i64 - b.bits() as i64);
    let (num, den) = if shift >= 0 { (a << shift as usize, b) } else { (a, b << (-shift) as usize) };
    let (q, r) = num.div_rem(&den);
    let mut q = q.to_u64().unwrap_or(u64::MAX);
    if !r.is_zero() {
        q |= 1; // sticky bit
    }
    let f = (q as f64) * 2f64.powi(-shift as i32);
    let f = if shift > 1074 + 55 { (q as f64) * 2f64.powi(-(shift as i32) / 2) * 2f64.powi(-(shift as i32) + (shift as i32) / 2) } else { f };
    if f.is_infinite() {
        return Err(overflow_error("integer division result too large for a float"));
    }
    Ok(if neg { -f } else { f })
}

pub fn big_to_f64(b: &BigInt) -> PyResult<f64> {
    match b.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => Err(overflow_error("int too large to convert to float")),
    }
}

/// int -> float (OverflowError when too large).
pub fn int_to_f64(v: &Value) -> PyResult<f64> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        _ => big_to_f64(&to_bigint(v).unwrap_or_default()),
    }
}

pub fn int_repr(v: &Value) -> PyResult<String> {
    match v {
        Value::Int(i) => Ok(i.to_string()),
        Value::Bool(b) => Ok((*b as i64).to_string()),
        _ => {
            let b = to_bigint(v).unwrap_or_default();
            if b.bits() > 14_300 {
                let digits = (b.bits() as f64 * std::f64::consts::LOG10_2) as u64;
                if digits > crate::modules::sys::int_max_str_digits() as u64 && crate::modules::sys::int_max_str_digits() > 0 {
                    return Err(value_error("Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"));
                }
            }
            Ok(b.to_string())
        }
    }
}

fn cmp_values(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    if let (Some(x), Some(y)) = (as_i64(a), as_i64(b)) {
        return Some(x.cmp(&y));
    }
    Some(to_bigint(a)?.cmp(&to_bigint(b)?))
}

// ---------------------------------------------------------------------------
// int type

fn binop_method(a: &[Value], op: BinOp, reflected: bool) -> PyResult<Value> {
    check_args("int operator", a, 2, 2)?;
    let (x, y) = if reflected { (&a[1], &a[0]) } else { (&a[0], &a[1]) };
    if !is_int(x) || !is_int(y) {
        return Ok(crate::types::misc::not_implemented());
    }
    big_binop(&to_bigint(x).unwrap(), &to_bigint(y).unwrap(), op)
}

macro_rules! int_ops {
    ($t:expr, $(($name:literal, $rname:literal, $op:expr)),*) => {
        $(
            add_method($t, $name, |a, _| binop_method(a, $op, false));
            add_method($t, $rname, |a, _| binop_method(a, $op, true));
        )*
    };
}

fn cmp_method(a: &[Value], op: CmpOp) -> PyResult<Value> {
    if !is_int(&a[1]) {
        if let Value::Float(_) = a[1] {
            return crate::types::float::compare_num(&a[0], &a[1], op);
        }
        return Ok(crate::types::misc::not_implemented());
    }
    Ok(Value::Bool(crate::ops::cmp_ord(cmp_values(&a[0], &a[1]).unwrap(), op)))
}

fn int_new(a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = crate::types::misc::check_new_cls(a, "int")?;
    let args = crate::args::parse("int", &a[1..], kw, &["", "base"], 0)?;
    let v = match (&args[0], &args[1]) {
        (None, None) => Value::Int(0),
        (None, Some(_)) => return Err(type_error("int() missing string argument")),
        (Some(x), None) => int_from_value(x)?,
        (Some(x), Some(base)) => {
            let base = index_i64(base)?;
            if !(base == 0 || (2..=36).contains(&base)) {
                return Err(value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            let s = match x {
                v if crate::types::str::as_str(v).is_some() => crate::types::str::as_str(v).unwrap().to_string(),
                v if crate::types::bytes::as_bytes_like(v).is_some() => {
                    String::from_utf8_lossy(&crate::types::bytes::as_bytes_like(v).unwrap()).into_owned()
                }
                _ => return Err(type_error("int() can't convert non-string with explicit base")),
            };
            parse_int(&s, base as u32, x)?
        }
    };
    if cls.is(&types().int) {
        return Ok(v);
    }
    let b = to_bigint(&v).unwrap();
    Ok(crate::types::misc::new_instance(&cls, Payload::Int(b)))
}

/// `int(x)` for one argument.
pub fn int_from_value(x: &Value) -> PyResult<Value> {
    match x {
        Value::Int(_) => Ok(x.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => float_to_int(*f),
        _ => {
            if let Some(s) = crate::types::str::as_str(x) {
                return parse_int(s, 10, x);
            }
            if is_int(x) && x.class_ref().is(&types().int) {
                return Ok(x.clone());
            }
            if let Some(r) = crate::ops::call_special(x, crate::name!("__int__"), &[])? {
                if !is_int(&r) {
                    return Err(type_error(format!("__int__ returned non-int (type {})", r.type_name())));
                }
                return Ok(from_bigint(to_bigint(&r).unwrap()));
            }
            if crate::ops::attr::lookup_special(x, "__index__").is_some() {
                return index_value(x);
            }
            if let Some(r) = crate::ops::call_special(x, crate::name!("__trunc__"), &[])? {
                if is_int(&r) {
                    return Ok(from_bigint(to_bigint(&r).unwrap()));
                }
                return index_value(&r);
            }
            if let Some(b) = crate::types::bytes::as_bytes_like(x) {
                return parse_int(&String::from_utf8_lossy(&b), 10, x);
            }
            Err(type_error(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                x.type_name()
            )))
        }
    }
}

pub fn float_to_int(f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(overflow_error("cannot convert float infinity to integer"));
    }
    let t = f.trunc();
    if t.abs() < 9.2e18 {
        return Ok(Value::Int(t as i64));
    }
    Ok(from_bigint(num_bigint::BigInt::from(num_traits::FromPrimitive::from_f64(t).unwrap_or_else(|| BigInt::zero()))))
}

/// Parse an int literal string as `int(s, base)`.
pub fn parse_int(s: &str, base: u32, orig: &Value) -> PyResult<Value> {
    let err = || {
        value_error(format!(
            "invalid literal for int() with base {}: {}",
            base,
            crate::ops::repr(orig).unwrap_or_default()
        ))
    };
    let t = s.trim_matches(|c: char| c.is_whitespace());
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let (base, digits) = {
        let pref = |p: &str| lower.starts_with(p);
        if (base == 16 || base == 0) && pref("0x") {
            (16, &body[2..])
        } else if (base == 8 || base == 0) && pref("0o") {
            (8, &body[2..])
        } else if (base == 2 || base == 0) && pref("0b") {
            (2, &body[2..])
        } else if base == 0 {
            // no leading zeros in base 0 except 0 itself
            let stripped = body.trim_start_matches('0').trim_start_matches('_');
            if body.starts_with('0') && !body.chars().all(|c| c == '0' || c == '_') {
                let _ = stripped;
                return Err(err());
            }
            (10, body)
        } else {
            (base, body)
        }
    };
    let digits = if digits.starts_with('_') && body.len() != digits.len() { &digits[1..] } else { digits };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return Err(err());
    }
    let mut clean = String::with_capacity(digits.len());
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = if let Some(d) = c.to_digit(36) {
            d
        } else if let Some(d) = unicode_decimal(c) {
            d
        } else {
            return Err(err());
        };
        if d >= base {
            return Err(err());
        }
        clean.push(std::char::from_digit(d, 36).unwrap());
    }
    let limit = crate::modules::sys::int_max_str_digits();
    if base & (base - 1) != 0 && limit > 0 && clean.len() > limit {
        return Err(value_error(format!(
            "Exceeds the limit ({} digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
            limit,
            clean.len()
        )));
    }
    let b = BigInt::parse_bytes(clean.as_bytes(), base).ok_or_else(err)?;
    Ok(from_bigint(if neg { -b } else { b }))
}

/// Unicode decimal digits (Nd) beyond ASCII.
fn unicode_decimal(c: char) -> Option<u32> {
    if c.is_ascii() || !c.is_numeric() {
        return None;
    }
    // Nd blocks are runs of 10 starting at a code point ending in 0 (or 6 for some);
    // find the zero of the run.
    let u = c as u32;
    for zero in [u - (u % 16), u - (u % 16) + 6, u - (u % 10)] {
        if zero <= u && u - zero < 10 {
            if let Some(z) = char::from_u32(zero) {
                if z.is_numeric() && char::from_u32(zero + 9).map_or(false, |n| n.is_numeric()) {
                    return Some(u - zero);
                }
            }
        }
    }
    None
}

fn this_int(v: &Value) -> PyResult<BigInt> {
    to_bigint(v).ok_or_else(|| type_error(format!("descriptor requires an 'int' object but received '{}'", v.type_name())))
}

pub fn init_int(t: &ObjRef) {
    add_staticmethod(t, "__new__", int_new);
    int_ops!(t,
        ("__add__", "__radd__", BinOp::Add),
        ("__sub__", "__rsub__", BinOp::Sub),
        ("__mul__", "__rmul__", BinOp::Mul),
        ("__floordiv__", "__rfloordiv__", BinOp::FloorDiv),
        ("__truediv__", "__rtruediv__", BinOp::TrueDiv),
        ("__mod__", "__rmod__", BinOp::Mod),
        ("__lshift__", "__rlshift__", BinOp::LShift),
        ("__rshift__", "__rrshift__", BinOp::RShift),
        ("__and__", "__rand__", BinOp::And),
        ("__or__", "__ror__", BinOp::Or),
        ("__xor__", "__rxor__", BinOp::Xor)
    );
    add_method(t, "__pow__", int_pow);
    add_method(t, "__rpow__", |a, _| {
        if !is_int(&a[1]) {
            return Ok(crate::types::misc::not_implemented());
        }
        big_binop(&this_int(&a[1])?, &this_int(&a[0])?, BinOp::Pow)
    });
    add_method(t, "__divmod__", |a, _| {
        if !is_int(&a[1]) {
            return Ok(crate::types::misc::not_implemented());
        }
        divmod(&a[0], &a[1])
    });
    add_method(t, "__rdivmod__", |a, _| {
        if !is_int(&a[1]) {
            return Ok(crate::types::misc::not_implemented());
        }
        divmod(&a[1], &a[0])
    });
    add_method(t, "__eq__", |a, _| cmp_method(a, CmpOp::Eq));
    add_method(t, "__ne__", |a, _| cmp_method(a, CmpOp::Ne));
    add_method(t, "__lt__", |a, _| cmp_method(a, CmpOp::Lt));
    add_method(t, "__le__", |a, _| cmp_method(a, CmpOp::Le));
    add_method(t, "__gt__", |a, _| cmp_method(a, CmpOp::Gt));
    add_method(t, "__ge__", |a, _| cmp_method(a, CmpOp::Ge));
    add_method(t, "__neg__", |a, _| Ok(from_bigint(-this_int(&a[0])?)));
    add_method(t, "__pos__", |a, _| Ok(from_bigint(this_int(&a[0])?)));
    add_method(t, "__abs__", |a, _| Ok(from_bigint(this_int(&a[0])?.abs())));
    add_method(t, "__invert__", |a, _| Ok(from_bigint(!this_int(&a[0])?)));
    add_method(t, "__bool__", |a, _| Ok(Value::Bool(!this_int(&a[0])?.is_zero())));
    add_method(t, "__hash__", |a, _| Ok(Value::Int(hash_int_value(&a[0]))));
    add_method(t, "__repr__", |a, _| Ok(int_repr(&a[0])?.into()));
    add_method(t, "__index__", |a, _| Ok(from_bigint(this_int(&a[0])?)));
    add_method(t, "__int__", |a, _| Ok(from_bigint(this_int(&a[0])?)));
    add_method(t, "__trunc__", |a, _| Ok(from_bigint(this_int(&a[0])?)));
    add_method(t, "__floor__", |a, _| Ok(from_bigint(this_int(&a[0])?)));
    add_method(t, "__ceil__", |a, _| Ok(from_bigint(this_int(&a[0])?)));
    add_method(t, "__float__", |a, _| Ok(Value::Float(big_to_f64(&this_int(&a[0])?)?)));
    add_method(t, "__round__", int_round);
    add_method(t, "__getnewargs__", |a, _| Ok(crate::types::tuple::new_tuple(vec![from_bigint(this_int(&a[0])?)])));
    add_method(t, "__format__", |a, _| crate::types::float::format_number(&a[0], &a[1]));
    add_method(t, "__sizeof__", |a, _| Ok(Value::Int(28 + 4 * (this_int(&a[0])?.bits() as i64 / 30))));
    add_method(t, "conjugate", |a, _| Ok(from_bigint(this_int(&a[0])?)));
    add_method(t, "bit_length", |a, _| Ok(Value::Int(this_int(&a[0])?.bits() as i64)));
    add_method(t, "bit_count", |a, _| {
        let b = this_int(&a[0])?;
        Ok(Value::Int(b.magnitude().iter_u64_digits().map(|d| d.count_ones() as i64).sum()))
    });
    add_method(t, "as_integer_ratio", |a, _| Ok(crate::types::tuple::new_tuple(vec![from_bigint(this_int(&a[0])?), Value::Int(1)])));
    add_method(t, "to_bytes", int_to_bytes);
    crate::types::typeobj::add_classmethod(t, "from_bytes", int_from_bytes);
    add_getset(t, "real", |v| Ok(from_bigint(this_int(v)?)), None);
    add_getset(t, "imag", |_| Ok(Value::Int(0)), None);
    add_getset(t, "numerator", |v| Ok(from_bigint(this_int(v)?)), None);
    add_getset(t, "denominator", |_| Ok(Value::Int(1)), None);
}

fn int_pow(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("pow", a, 2, 3)?;
    if !is_int(&a[1]) {
        return Ok(crate::types::misc::not_implemented());
    }
    match a.get(2) {
        None | Some(Value::None) => big_binop(&this_int(&a[0])?, &this_int(&a[1])?, BinOp::Pow),
        Some(m) => {
            if !is_int(m) {
                return Ok(crate::types::misc::not_implemented());
            }
            let (b, e, m) = (this_int(&a[0])?, this_int(&a[1])?, this_int(m)?);
            if m.is_zero() {
                return Err(value_error("pow() 3rd argument cannot be 0"));
            }
            let (b, e) = if e.is_negative() {
                let inv = mod_inverse(&b, &m).ok_or_else(|| value_error("base is not invertible for the given modulus"))?;
                (inv, -e)
            } else {
                (b, e)
            };
            let r = b.modpow(&e, &m.abs());
            // result has the sign of m
            let r = if m.is_negative() && !r.is_zero() { r + &m } else { r };
            Ok(from_bigint(r))
        }
    }
}

fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let m = m.abs();
    let g = a.mod_floor(&m).extended_gcd(&m);
    if !g.gcd.is_one() {
        return None;
    }
    Some(g.x.mod_floor(&m))
}

pub fn divmod(x: &Value, y: &Value) -> PyResult<Value> {
    let (a, b) = (this_int(x)?, this_int(y)?);
    if b.is_zero() {
        return Err(zero_division("integer division or modulo by zero"));
    }
    let (q, r) = a.div_mod_floor(&b);
    Ok(crate::types::tuple::new_tuple(vec![from_bigint(q), from_bigint(r)]))
}

fn int_round(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let x = this_int(&a[0])?;
    match a.get(1) {
        None | Some(Value::None) => Ok(from_bigint(x)),
        Some(n) => {
            let n = index_i64(n)?;
            if n >= 0 {
                return Ok(from_bigint(x));
            }
            let p = Pow::pow(&BigInt::from(10), (-n) as u64);
            let (q, r) = x.div_mod_floor(&p);
            let twice = &r * 2;
            let q = if twice > p || (twice == p && q.is_odd()) { q + 1 } else { q };
            Ok(from_bigint(q * p))
        }
    }
}

fn int_to_bytes(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("to_bytes", &a[1..], kw, &["length", "byteorder", "$signed"], 0)?;
    let x = this_int(&a[0])?;
    let length = match &args[0] {
        Some(l) => index_i64(l)?,
        None => 1,
    };
    if length < 0 {
        return Err(value_error("length argument must be non-negative"));
    }
    let order = match &args[1] {
        Some(o) => crate::types::str::as_str(o).ok_or_else(|| type_error("to_bytes() argument 'byteorder' must be str"))?.to_string(),
        None => "big".into(),
    };
    let signed = match &args[2] {
        Some(s) => crate::ops::truthy(s)?,
        None => false,
    };
    if !signed && x.is_negative() {
        return Err(overflow_error("can't convert negative int to unsigned"));
    }
    let mut bytes = x.to_signed_bytes_le();
    if !signed && bytes.len() > 1 && *bytes.last().unwrap() == 0 {
        bytes.pop();
    }
    if x.is_zero() {
        bytes.clear();
    }
    if bytes.len() > length as usize {
        return Err(overflow_error("int too big to convert"));
    }
    let fill = if x.is_negative() { 0xff } else { 0 };
    bytes.resize(length as usize, fill);
    match order.as_str() {
        "little" => {}
        "big" => bytes.reverse(),
        _ => return Err(value_error("byteorder must be either 'little' or 'big'")),
    }
    Ok(crate::types::bytes::new_bytes(bytes))
}

fn int_from_bytes(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("from_bytes", &a[1..], kw, &["bytes", "byteorder", "$signed"], 1)?;
    let data = crate::types::bytes::bytes_from_value(args[0].as_ref().unwrap())?;
    let order = match &args[1] {
        Some(o) => crate::types::str::as_str(o).unwrap_or("").to_string(),
        None => "big".into(),
    };
    let signed = match &args[2] {
        Some(s) => crate::ops::truthy(s)?,
        None => false,
    };
    let mut d = data;
    match order.as_str() {
        "little" => {}
        "big" => d.reverse(),
        _ => return Err(value_error("byteorder must be either 'little' or 'big'")),
    }
    let v = if signed { BigInt::from_signed_bytes_le(&d) } else { BigInt::from_bytes_le(num_bigint::Sign::Plus, &d) };
    let r = from_bigint(v);
    if a[0].is(&Value::Obj(types().int.clone())) {
        Ok(r)
    } else {
        crate::ops::call::call(&a[0], &[r], None)
    }
}

pub fn init_bool(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, kw| {
        let args = crate::args::parse("bool", &a[1..], kw, &[""], 0)?;
        Ok(Value::Bool(match &args[0] {
            Some(v) => crate::ops::truthy(v)?,
            None => false,
        }))
    });
    add_method(t, "__repr__", |a, _| Ok(Value::from(if crate::ops::truthy(&a[0])? { "True" } else { "False" })));
    fn boolop(a: &[Value], op: BinOp) -> PyResult<Value> {
        match (&a[0], &a[1]) {
            (Value::Bool(x), Value::Bool(y)) => Ok(Value::Bool(match op {
                BinOp::And => x & y,
                BinOp::Or => x | y,
                _ => x ^ y,
            })),
            _ => binop_method(a, op, false),
        }
    }
    add_method(t, "__and__", |a, _| boolop(a, BinOp::And));
    add_method(t, "__rand__", |a, _| boolop(a, BinOp::And));
    add_method(t, "__or__", |a, _| boolop(a, BinOp::Or));
    add_method(t, "__ror__", |a, _| boolop(a, BinOp::Or));
    add_method(t, "__xor__", |a, _| boolop(a, BinOp::Xor));
    add_method(t, "__rxor__", |a, _| boolop(a, BinOp::Xor));
}

/// `BigInt::one` re-export for other modules.
pub fn one() -> BigInt {
    BigInt::one()
}
