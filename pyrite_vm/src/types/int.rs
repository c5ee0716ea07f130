//! `int` (arbitrary precision; values fitting i64 are unboxed) and `bool`.
//!
//! Invariant: an exact `int` heap object never holds a value that fits in i64
//! (`from_bigint` normalizes). Instances of int subclasses carry `Payload::Int` with any
//! value.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::margs;
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use num_bigint::{BigInt, BigUint, Sign};
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
#[inline]
pub fn is_int(v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => matches!(o.payload(), Payload::Int(_)),
        _ => false,
    }
}

/// The value as i64 if it is an int that fits.
#[inline]
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

/// Unboxed int or bool as i64 (no heap objects).
#[inline(always)]
fn small(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

pub fn hash_int_value(v: &Value) -> i64 {
    match v {
        Value::Int(i) => crate::ops::hash_i64(*i),
        Value::Bool(b) => *b as i64,
        _ => match to_bigint(v) {
            Some(b) => hash_bigint(&b),
            None => 0,
        },
    }
}

pub fn hash_bigint(b: &BigInt) -> i64 {
    if let Some(i) = b.to_i64() {
        return crate::ops::hash_i64(i);
    }
    // |b| mod (2**61 - 1), folded 61 bits at a time
    let m = crate::ops::HASH_MODULUS;
    let mut acc: u64 = 0;
    let mag = b.magnitude();
    let bits = mag.bits();
    let mut chunk_start = bits.div_ceil(61) * 61;
    while chunk_start > 0 {
        chunk_start -= 61;
        let chunk: BigUint = (mag >> chunk_start as usize) & BigUint::from(m);
        let c = chunk.to_u64().unwrap_or(0);
        // acc * 2**61 == acc (mod 2**61 - 1)
        acc = (acc + c) % m;
    }
    let h = if b.is_negative() {
        -(acc as i64)
    } else {
        acc as i64
    };
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
        Value::Obj(o) if matches!(o.payload(), Payload::Int(_)) => {
            if o.class_ref().is(&types().int) {
                return Ok(v.clone());
            }
            Ok(from_bigint(to_bigint(v).unwrap_or_default()))
        }
        _ => match crate::ops::call_special(v, crate::name!("__index__"), &[])? {
            Some(r) if is_int(&r) => Ok(from_bigint(to_bigint(&r).unwrap_or_default())),
            Some(r) => Err(type_error(format!(
                "__index__ returned non-int (type {})",
                r.type_name()
            ))),
            None => Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            ))),
        },
    }
}

/// `operator.index(v)` as i64 (OverflowError if too big).
pub fn index_i64(v: &Value) -> PyResult<i64> {
    if let Value::Int(i) = v {
        return Ok(*i);
    }
    match index_value(v)? {
        Value::Int(i) => Ok(i),
        _ => Err(overflow_error(
            "Python int too large to convert to C ssize_t",
        )),
    }
}

/// Index for sequences: IndexError "cannot fit 'int' into an index-sized integer" when
/// too big (CPython's `PyNumber_AsSsize_t(.., IndexError)`).
pub fn index_isize(v: &Value) -> PyResult<i64> {
    if let Value::Int(i) = v {
        return Ok(*i);
    }
    match index_value(v)? {
        Value::Int(i) => Ok(i),
        other => Err(index_error(format!(
            "cannot fit '{}' into an index-sized integer",
            other.type_name()
        ))),
    }
}

/// `operator.index(v)` clamped to i64 (CPython's `PyNumber_AsSsize_t(v, NULL)`).
pub fn index_clamped(v: &Value) -> PyResult<i64> {
    if let Value::Int(i) = v {
        return Ok(*i);
    }
    match index_value(v)? {
        Value::Int(i) => Ok(i),
        other => Ok(if to_bigint(&other).map_or(false, |b| b.is_negative()) {
            i64::MIN
        } else {
            i64::MAX
        }),
    }
}

// ---------------------------------------------------------------------------
// conversions to float

/// `q * 2**shift` (q > 0) correctly rounded to a double, `inexact` meaning that the true
/// value is slightly above `q * 2**shift` (nonzero bits below q). `None` on overflow.
fn scale_to_f64(q: &BigUint, shift: i64, inexact: bool) -> Option<f64> {
    if q.is_zero() {
        return Some(0.0);
    }
    let qbits = q.bits() as i64;
    let drop = (qbits - 53).max(-1074 - shift);
    let (m, e) = if drop > 0 {
        let d = drop as u64;
        if d > qbits as u64 {
            // everything below half of the smallest subnormal
            return Some(0.0);
        }
        let kept: BigUint = q >> d;
        let mut m = kept.to_u64().unwrap_or(0);
        let half = q.bit(d - 1);
        let below = inexact || q.trailing_zeros().map_or(false, |tz| tz < d - 1);
        if half && (below || m & 1 == 1) {
            m += 1;
        }
        (m, shift + drop)
    } else {
        (q.to_u64().unwrap_or(0), shift)
    };
    if m == 0 {
        return Some(0.0);
    }
    // m <= 2**53; value m * 2**e
    let top = 64 - m.leading_zeros() as i64 - 1 + e;
    if top > 1023 {
        return None;
    }
    let e1 = e / 2;
    let e2 = e - e1;
    let r = (m as f64) * pow2(e1) * pow2(e2);
    if r.is_infinite() {
        return None;
    }
    Some(r)
}

/// 2**e for |e| <= 1023 (exact).
fn pow2(e: i64) -> f64 {
    if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074))
    }
}

pub fn big_to_f64(b: &BigInt) -> PyResult<f64> {
    if let Some(i) = b.to_i64() {
        return Ok(i as f64);
    }
    match scale_to_f64(b.magnitude(), 0, false) {
        Some(f) => Ok(if b.is_negative() { -f } else { f }),
        None => Err(overflow_error("int too large to convert to float")),
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

/// Correctly rounded int/int true division.
pub fn big_truediv(x: &BigInt, y: &BigInt) -> PyResult<f64> {
    if y.is_zero() {
        return Err(zero_division("division by zero"));
    }
    let neg = x.is_negative() != y.is_negative();
    let sign = |f: f64| if neg { -f } else { f };
    if x.is_zero() {
        return Ok(sign(0.0));
    }
    let (a, b) = (x.magnitude(), y.magnitude());
    if a.bits() <= 53 && b.bits() <= 53 {
        return Ok(sign(
            a.to_u64().unwrap_or(0) as f64 / b.to_u64().unwrap_or(1) as f64,
        ));
    }
    let diff = a.bits() as i64 - b.bits() as i64;
    if diff > 1025 {
        return Err(overflow_error(
            "integer division result too large for a float",
        ));
    }
    if diff < -1080 {
        return Ok(sign(0.0));
    }
    // quotient with 55 or 56 bits
    let shift = diff - 55;
    let (q, r) = if shift >= 0 {
        let den: BigUint = b << shift as usize;
        a.div_rem(&den)
    } else {
        let num: BigUint = a << (-shift) as usize;
        num.div_rem(b)
    };
    match scale_to_f64(&q, shift, !r.is_zero()) {
        Some(f) => Ok(sign(f)),
        None => Err(overflow_error(
            "integer division result too large for a float",
        )),
    }
}

// ---------------------------------------------------------------------------
// arithmetic

fn pow_too_big() -> PyErr {
    memory_error()
}

fn big_pow(a: &BigInt, e: &BigInt) -> PyResult<Value> {
    if a.is_zero() {
        return Ok(Value::Int(if e.is_zero() { 1 } else { 0 }));
    }
    if a.is_one() {
        return Ok(Value::Int(1));
    }
    if *a == BigInt::from(-1) {
        return Ok(Value::Int(if e.is_even() { 1 } else { -1 }));
    }
    let Some(e) = e.to_u64() else {
        return Err(pow_too_big());
    };
    if (a.bits() as u128) * (e as u128) > 1u128 << 34 {
        return Err(pow_too_big());
    }
    Ok(from_bigint(Pow::pow(a, e)))
}

fn i64_floordiv(x: i64, y: i64) -> Option<i64> {
    if x == i64::MIN && y == -1 {
        return None;
    }
    Some(Integer::div_floor(&x, &y))
}

/// Integer binary operations; `None` if either operand is not an int (or an int subclass
/// overrides the operator).
#[inline]
pub fn int_binop(a: &Value, b: &Value, op: BinOp) -> Option<PyResult<Value>> {
    if let (Some(x), Some(y)) = (small(a), small(b)) {
        let r = match op {
            BinOp::Add => x.checked_add(y).map(Value::Int),
            BinOp::Sub => x.checked_sub(y).map(Value::Int),
            BinOp::Mul => x.checked_mul(y).map(Value::Int),
            BinOp::FloorDiv => {
                if y == 0 {
                    return Some(Err(zero_division("integer division or modulo by zero")));
                }
                i64_floordiv(x, y).map(Value::Int)
            }
            BinOp::Mod => {
                if y == 0 {
                    return Some(Err(zero_division("integer modulo by zero")));
                }
                Some(Value::Int(if y == -1 { 0 } else { x.mod_floor(&y) }))
            }
            BinOp::And | BinOp::Or | BinOp::Xor => {
                let r = match op {
                    BinOp::And => x & y,
                    BinOp::Or => x | y,
                    _ => x ^ y,
                };
                if let (Value::Bool(_), Value::Bool(_)) = (a, b) {
                    Some(Value::Bool(r != 0))
                } else {
                    Some(Value::Int(r))
                }
            }
            BinOp::LShift => {
                if y < 0 {
                    return Some(Err(value_error("negative shift count")));
                }
                if x == 0 {
                    Some(Value::Int(0))
                } else if y < 63 && (x.unsigned_abs().leading_zeros() as i64) > y + 1 {
                    Some(Value::Int(x << y))
                } else {
                    None
                }
            }
            BinOp::RShift => {
                if y < 0 {
                    return Some(Err(value_error("negative shift count")));
                }
                Some(Value::Int(if y >= 64 {
                    if x < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    x >> y
                }))
            }
            BinOp::TrueDiv => {
                if y == 0 {
                    return Some(Err(zero_division("division by zero")));
                }
                if x.unsigned_abs() <= (1 << 53) && y.unsigned_abs() <= (1 << 53) {
                    Some(Value::Float(x as f64 / y as f64))
                } else {
                    None
                }
            }
            BinOp::Pow => {
                if y < 0 {
                    return Some(neg_pow(x as f64, y as f64, x == 0));
                }
                if y <= u32::MAX as i64 {
                    x.checked_pow(y as u32).map(Value::Int)
                } else {
                    None
                }
            }
            _ => return None,
        };
        if let Some(r) = r {
            return Some(Ok(r));
        }
        return Some(big_binop(&BigInt::from(x), &BigInt::from(y), op));
    }
    if !is_int(a) || !is_int(b) {
        return None;
    }
    // subclasses with overrides go through the protocol
    if (!is_exact(a) && has_override(a, op)) || (!is_exact(b) && has_override(b, op)) {
        return None;
    }
    if matches!(op, BinOp::MatMul) {
        return None;
    }
    let x = to_bigint(a).unwrap_or_default();
    let y = to_bigint(b).unwrap_or_default();
    Some(big_binop(&x, &y, op))
}

fn neg_pow(x: f64, y: f64, zero: bool) -> PyResult<Value> {
    if zero {
        return Err(zero_division("0.0 cannot be raised to a negative power"));
    }
    Ok(Value::Float(x.powf(y)))
}

#[inline]
fn is_exact(v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => o.class_ref().is(&types().int),
        _ => false,
    }
}

fn has_override(v: &Value, op: BinOp) -> bool {
    let (n, r) = crate::ops::arith::dunder(op);
    let t = v.class_ref();
    let int_t = &types().int;
    let differs = |name: &ObjRef| match (
        crate::types::typeobj::lookup(t, name),
        crate::types::typeobj::lookup(int_t, name),
    ) {
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
                return Err(zero_division("integer modulo by zero"));
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
            if x.is_zero() {
                return Ok(Value::Int(0));
            }
            // CPython: a shift count beyond ssize_t is an OverflowError; a result too
            // large to allocate is a MemoryError
            let s = y
                .to_u64()
                .filter(|s| *s <= i64::MAX as u64)
                .ok_or_else(|| overflow_error("too many digits in integer"))?;
            if s + x.bits() > 1 << 34 {
                return Err(memory_error());
            }
            from_bigint(x << s as usize)
        }
        BinOp::RShift => {
            if y.is_negative() {
                return Err(value_error("negative shift count"));
            }
            match y.to_u64() {
                Some(s) if s < x.bits() + 1 => from_bigint(x >> s as usize),
                _ => Value::Int(if x.is_negative() { -1 } else { 0 }),
            }
        }
        BinOp::TrueDiv => Value::Float(big_truediv(x, y)?),
        BinOp::Pow => {
            if y.is_negative() {
                let xf = big_to_f64(x)?;
                let yf = big_to_f64(y)?;
                return neg_pow(xf, yf, x.is_zero());
            }
            big_pow(x, y)?
        }
        _ => return Ok(crate::types::misc::not_implemented()),
    })
}

// ---------------------------------------------------------------------------
// str / repr

fn too_many_digits() -> PyErr {
    value_error(format!(
        "Exceeds the limit ({} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
        crate::modules::sys::int_max_str_digits()
    ))
}

pub fn big_repr(b: &BigInt) -> PyResult<String> {
    let limit = crate::modules::sys::int_max_str_digits();
    if limit > 0 {
        let bits = b.bits();
        // |b| >= 2**(bits-1) >= 10**limit means more than `limit` digits
        if bits > 1 && ((bits - 1) as f64) * std::f64::consts::LOG10_2 > limit as f64 + 1.0 {
            return Err(too_many_digits());
        }
    }
    let s = b.to_string();
    if limit > 0 && s.len() - (b.is_negative() as usize) > limit {
        return Err(too_many_digits());
    }
    Ok(s)
}

pub fn int_repr(v: &Value) -> PyResult<String> {
    match v {
        Value::Int(i) => Ok(i.to_string()),
        Value::Bool(b) => Ok((*b as i64).to_string()),
        _ => big_repr(&to_bigint(v).unwrap_or_default()),
    }
}

fn cmp_values(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    if let (Some(x), Some(y)) = (as_i64(a), as_i64(b)) {
        return Some(x.cmp(&y));
    }
    Some(to_bigint(a)?.cmp(&to_bigint(b)?))
}

// ---------------------------------------------------------------------------
// int()

fn int_new(a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = crate::types::misc::check_new_cls(a, "int")?;
    if crate::types::typeobj::is_subtype(&cls, &types().bool) {
        return Err(type_error(format!(
            "int.__new__({}) is not safe, use {}.__new__()",
            crate::types::typeobj::type_name(&cls),
            crate::types::typeobj::type_name(&cls)
        )));
    }
    let nkw = kw.map_or(0, |k| k.len());
    let npos = a.len() - 1 - nkw;
    if npos > 2 || (npos + nkw > 2 && nkw > 0) {
        return Err(type_error(format!(
            "int() takes at most 2 arguments ({} given)",
            npos + nkw
        )));
    }
    let mut x: Option<&Value> = a.get(1).filter(|_| npos >= 1);
    let mut base: Option<&Value> = if npos >= 2 { a.get(2) } else { None };
    if let Some(k) = kw {
        for (i, n) in k.iter().enumerate() {
            let v = &a[1 + npos + i];
            match crate::types::str::as_str(n) {
                Some("base") => {
                    if base.is_some() {
                        return Err(type_error(
                            "argument for int() given by name ('base') and position (2)",
                        ));
                    }
                    base = Some(v);
                }
                Some(other) => {
                    return Err(type_error(format!(
                        "'{}' is an invalid keyword argument for int()",
                        other
                    )));
                }
                None => return Err(type_error("keywords must be strings")),
            }
        }
    }
    let v = match (x.take(), base) {
        (None, None) => Value::Int(0),
        (None, Some(_)) => return Err(type_error("int() missing string argument")),
        (Some(x), None) => int_from_value(x)?,
        (Some(x), Some(base)) => {
            let b = index_clamped(base)?;
            if !(b == 0 || (2..=36).contains(&b)) {
                return Err(value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            if let Some(s) = crate::types::str::as_str(x) {
                parse_int(s, b as u32, x)?
            } else if let Some(data) = bytes_like_for_int(x) {
                parse_int_bytes(&data, b as u32)?
            } else {
                return Err(type_error(
                    "int() can't convert non-string with explicit base",
                ));
            }
        }
    };
    if cls.is(&types().int) {
        return Ok(v);
    }
    let b = to_bigint(&v).unwrap_or_default();
    Ok(crate::types::misc::new_instance(&cls, Payload::Int(b)))
}

/// bytes / bytearray contents (the types `int(x, base)` accepts besides str).
fn bytes_like_for_int(x: &Value) -> Option<Vec<u8>> {
    match x.payload() {
        Some(Payload::Bytes(_)) | Some(Payload::ByteArray(_)) => {
            crate::types::bytes::as_bytes_like(x)
        }
        _ => None,
    }
}

/// `int(x)` for one argument.
pub fn int_from_value(x: &Value) -> PyResult<Value> {
    match x {
        Value::Int(_) => Ok(x.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => float_to_int(*f),
        Value::None => Err(type_error(
            "int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
        )),
        Value::Obj(o) => {
            if o.class_ref().is(&types().int) {
                return Ok(x.clone());
            }
            if let Some(r) = crate::ops::call_special(x, crate::name!("__int__"), &[])? {
                if !is_int(&r) {
                    return Err(type_error(format!(
                        "__int__ returned non-int (type {})",
                        r.type_name()
                    )));
                }
                return Ok(from_bigint(to_bigint(&r).unwrap_or_default()));
            }
            if crate::ops::attr::lookup_special(x, "__index__").is_some() {
                return index_value(x);
            }
            if let Some(f) = crate::ops::attr::lookup_special(x, "__trunc__") {
                crate::modules::warnings::warn(
                    &crate::types::exceptions::exc().deprecation_warning,
                    "The delegation of int() to __trunc__ is deprecated.",
                    1,
                )?;
                let r = crate::ops::call_unbound(&f, x, &[])?;
                if is_int(&r) {
                    return Ok(from_bigint(to_bigint(&r).unwrap_or_default()));
                }
                return index_value(&r).map_err(|_| {
                    type_error(format!(
                        "__trunc__ returned non-Integral (type {})",
                        r.type_name()
                    ))
                });
            }
            if let Some(s) = crate::types::str::as_str(x) {
                return parse_int(s, 10, x);
            }
            if let Some(data) = bytes_like_for_int(x) {
                return parse_int_bytes(&data, 10);
            }
            if let Some(data) = crate::types::bytes::as_bytes_like(x) {
                return parse_int_bytes(&data, 10);
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
    // exact: mantissa * 2**exp
    let bits = t.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mant = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let mut b = BigInt::from(mant);
    if exp > 0 {
        b <<= exp as usize;
    } else {
        b >>= (-exp) as usize;
    }
    Ok(from_bigint(if t < 0.0 { -b } else { b }))
}

/// Zeros of the Unicode decimal-digit (Nd) runs (Unicode 14, as CPython 3.11); each run
/// holds the ten digits 0-9.
const ND_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// The value of a Unicode decimal digit (category Nd).
pub fn unicode_decimal(c: char) -> Option<u32> {
    let u = c as u32;
    if u < 0x80 {
        return if c.is_ascii_digit() {
            Some(u - 0x30)
        } else {
            None
        };
    }
    let i = ND_ZEROS.partition_point(|&z| z <= u);
    if i == 0 {
        return None;
    }
    let z = ND_ZEROS[i - 1];
    if u - z < 10 {
        Some(u - z)
    } else {
        None
    }
}

/// Python's `str.isspace()` for one character.
pub fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Parse an int literal string as `int(s, base)`; `orig` is shown in the error message.
pub fn parse_int(s: &str, base: u32, orig: &Value) -> PyResult<Value> {
    let err = || {
        let r = crate::ops::repr(orig).unwrap_or_default();
        let r: String = if r.chars().count() > 200 {
            r.chars().take(200).collect()
        } else {
            r
        };
        value_error(format!(
            "invalid literal for int() with base {}: {}",
            base, r
        ))
    };
    // fast path: short plain ASCII decimal
    if base == 10 && s.len() <= 18 && !s.is_empty() {
        let b = s.as_bytes();
        let (neg, digits) = match b[0] {
            b'-' => (true, &b[1..]),
            b'+' => (false, &b[1..]),
            _ => (false, b),
        };
        if !digits.is_empty() && digits.iter().all(|c| c.is_ascii_digit()) {
            let mut v: i64 = 0;
            for &c in digits {
                v = v * 10 + (c - b'0') as i64;
            }
            return Ok(Value::Int(if neg { -v } else { v }));
        }
    }
    // map Unicode digits and spaces to ASCII; anything else non-ASCII is invalid
    let mut ascii = Vec::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            ascii.push(c as u8);
        } else if let Some(d) = unicode_decimal(c) {
            ascii.push(b'0' + d as u8);
        } else if py_isspace(c) {
            ascii.push(b' ');
        } else {
            return Err(err());
        }
    }
    parse_ascii(&ascii, base).map_err(|e| e.unwrap_or_else(err))
}

/// `int(b, base)` for bytes-like input (ASCII only); errors show the bytes repr.
fn parse_int_bytes(data: &[u8], base: u32) -> PyResult<Value> {
    parse_ascii(data, base).map_err(|e| {
        e.unwrap_or_else(|| {
            let r = crate::ops::repr(&crate::types::bytes::new_bytes(data.to_vec()))
                .unwrap_or_default();
            let r: String = if r.chars().count() > 200 {
                r.chars().take(200).collect()
            } else {
                r
            };
            value_error(format!(
                "invalid literal for int() with base {}: {}",
                base, r
            ))
        })
    })
}

fn c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Parse ASCII text. `Err(None)` means "invalid literal" (the caller builds the message).
fn parse_ascii(b: &[u8], base: u32) -> Result<Value, Option<PyErr>> {
    let mut p = 0;
    let mut end = b.len();
    while p < end && c_space(b[p]) {
        p += 1;
    }
    while end > p && c_space(b[end - 1]) {
        end -= 1;
    }
    let b = &b[..end];
    let mut neg = false;
    if p < b.len() && (b[p] == b'+' || b[p] == b'-') {
        neg = b[p] == b'-';
        p += 1;
    }
    let prefix = |c: u8| p + 1 < b.len() && b[p] == b'0' && b[p + 1].to_ascii_lowercase() == c;
    let mut eff = base;
    let mut prefixed = false;
    if base == 0 {
        if prefix(b'x') {
            eff = 16;
            prefixed = true;
        } else if prefix(b'o') {
            eff = 8;
            prefixed = true;
        } else if prefix(b'b') {
            eff = 2;
            prefixed = true;
        } else {
            eff = 10;
        }
    } else if (base == 16 && prefix(b'x'))
        || (base == 8 && prefix(b'o'))
        || (base == 2 && prefix(b'b'))
    {
        prefixed = true;
    }
    if prefixed {
        p += 2;
        // one underscore may follow the prefix
        if p < b.len() && b[p] == b'_' {
            p += 1;
        }
    }
    let digit = |c: u8| -> u32 {
        match c {
            b'0'..=b'9' => (c - b'0') as u32,
            b'a'..=b'z' => (c - b'a') as u32 + 10,
            b'A'..=b'Z' => (c - b'A') as u32 + 10,
            _ => 99,
        }
    };
    let start = p;
    let mut digits: Vec<u8> = Vec::with_capacity(b.len() - p);
    while p < b.len() {
        let c = b[p];
        if c == b'_' {
            // single underscores between digits only
            if p > start && p + 1 < b.len() && digit(b[p + 1]) < eff {
                p += 1;
                continue;
            }
            return Err(None);
        }
        if digit(c) >= eff {
            return Err(None);
        }
        digits.push(c);
        p += 1;
    }
    if digits.is_empty() {
        return Err(None);
    }
    if base == 0 && !prefixed && digits[0] == b'0' && digits.iter().any(|&d| d != b'0') {
        return Err(None);
    }
    let limit = crate::modules::sys::int_max_str_digits();
    if limit > 0 && !eff.is_power_of_two() && digits.len() > limit {
        return Err(Some(value_error(format!(
            "Exceeds the limit ({} digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
            limit,
            digits.len()
        ))));
    }
    if digits.len() <= 18 && eff == 10 {
        let mut v: i64 = 0;
        for &c in &digits {
            v = v * 10 + (c - b'0') as i64;
        }
        return Ok(Value::Int(if neg { -v } else { v }));
    }
    let m = BigUint::parse_bytes(&digits, eff).ok_or(None)?;
    Ok(from_bigint(BigInt::from_biguint(
        if neg { Sign::Minus } else { Sign::Plus },
        m,
    )))
}

// ---------------------------------------------------------------------------
// int type

fn this_int(v: &Value) -> PyResult<BigInt> {
    to_bigint(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'int' object but received a '{}'",
            v.type_name()
        ))
    })
}

fn binop_method(a: &[Value], kw: Kw, name: &str, op: BinOp, reflected: bool) -> PyResult<Value> {
    let args = margs::wrapper(name, a, kw, 1)?;
    let (x, y) = if reflected {
        (&args[0], &a[0])
    } else {
        (&a[0], &args[0])
    };
    if !is_int(x) || !is_int(y) {
        return Ok(crate::types::misc::not_implemented());
    }
    if let (Some(p), Some(q)) = (small(x), small(y)) {
        if let Some(r) = int_binop(&Value::Int(p), &Value::Int(q), op) {
            return r;
        }
    }
    big_binop(
        &to_bigint(x).unwrap_or_default(),
        &to_bigint(y).unwrap_or_default(),
        op,
    )
}

macro_rules! int_ops {
    ($t:expr, $(($name:literal, $rname:literal, $op:expr)),*) => {
        $(
            add_method($t, $name, |a, kw| binop_method(a, kw, $name, $op, false));
            add_method($t, $rname, |a, kw| binop_method(a, kw, $rname, $op, true));
        )*
    };
}

fn cmp_method(a: &[Value], kw: Kw, name: &str, op: CmpOp) -> PyResult<Value> {
    let o = &margs::wrapper(name, a, kw, 1)?[0];
    this_int(&a[0])?;
    if !is_int(o) {
        return Ok(crate::types::misc::not_implemented());
    }
    match cmp_values(&a[0], o) {
        Some(ord) => Ok(Value::Bool(crate::ops::cmp_ord(ord, op))),
        None => Ok(crate::types::misc::not_implemented()),
    }
}

fn unary<'a>(a: &'a [Value], kw: Kw, name: &str) -> PyResult<BigInt> {
    margs::wrapper(name, a, kw, 0)?;
    this_int(&a[0])
}

/// `int(self)` as an exact int value (for `__int__`, `__index__`, `__pos__`, ...).
fn exact_self(a: &[Value], kw: Kw, name: &str) -> PyResult<Value> {
    margs::wrapper(name, a, kw, 0)?;
    match &a[0] {
        Value::Int(i) => Ok(Value::Int(*i)),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        v => Ok(from_bigint(this_int(v)?)),
    }
}

fn exact_self_noargs(a: &[Value], kw: Kw, q: &str) -> PyResult<Value> {
    margs::noargs(q, a, kw)?;
    match &a[0] {
        Value::Int(i) => Ok(Value::Int(*i)),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        v => Ok(from_bigint(this_int(v)?)),
    }
}

pub fn init_int(t: &ObjRef) {
    add_staticmethod(t, "__new__", int_new);
    int_ops!(
        t,
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
    add_method(t, "__pow__", |a, kw| {
        let p = margs::wrapper_range("__pow__", a, kw, 1, 2)?;
        int_pow(&a[0], &p[0], p.get(1))
    });
    add_method(t, "__rpow__", |a, kw| {
        let p = margs::wrapper_range("__rpow__", a, kw, 1, 2)?;
        int_pow(&p[0], &a[0], p.get(1))
    });
    add_method(t, "__divmod__", |a, kw| {
        let o = &margs::wrapper("__divmod__", a, kw, 1)?[0];
        if !is_int(o) || !is_int(&a[0]) {
            return Ok(crate::types::misc::not_implemented());
        }
        divmod(&a[0], o)
    });
    add_method(t, "__rdivmod__", |a, kw| {
        let o = &margs::wrapper("__rdivmod__", a, kw, 1)?[0];
        if !is_int(o) || !is_int(&a[0]) {
            return Ok(crate::types::misc::not_implemented());
        }
        divmod(o, &a[0])
    });
    add_method(t, "__eq__", |a, kw| cmp_method(a, kw, "__eq__", CmpOp::Eq));
    add_method(t, "__ne__", |a, kw| cmp_method(a, kw, "__ne__", CmpOp::Ne));
    add_method(t, "__lt__", |a, kw| cmp_method(a, kw, "__lt__", CmpOp::Lt));
    add_method(t, "__le__", |a, kw| cmp_method(a, kw, "__le__", CmpOp::Le));
    add_method(t, "__gt__", |a, kw| cmp_method(a, kw, "__gt__", CmpOp::Gt));
    add_method(t, "__ge__", |a, kw| cmp_method(a, kw, "__ge__", CmpOp::Ge));
    add_method(t, "__neg__", |a, kw| {
        if let (Some(i), true) = (small(&a[0]), a.len() == 1) {
            if let Some(n) = i.checked_neg() {
                return Ok(Value::Int(n));
            }
        }
        Ok(from_bigint(-unary(a, kw, "__neg__")?))
    });
    add_method(t, "__pos__", |a, kw| exact_self(a, kw, "__pos__"));
    add_method(t, "__abs__", |a, kw| {
        Ok(from_bigint(unary(a, kw, "__abs__")?.abs()))
    });
    add_method(t, "__invert__", |a, kw| {
        Ok(from_bigint(!unary(a, kw, "__invert__")?))
    });
    add_method(t, "__bool__", |a, kw| {
        Ok(Value::Bool(!unary(a, kw, "__bool__")?.is_zero()))
    });
    add_method(t, "__hash__", |a, kw| {
        margs::wrapper("__hash__", a, kw, 0)?;
        this_int(&a[0])?;
        Ok(Value::Int(hash_int_value(&a[0])))
    });
    add_method(t, "__repr__", |a, kw| {
        margs::wrapper("__repr__", a, kw, 0)?;
        this_int(&a[0])?;
        Ok(int_repr(&a[0])?.into())
    });
    add_method(t, "__index__", |a, kw| exact_self(a, kw, "__index__"));
    add_method(t, "__int__", |a, kw| exact_self(a, kw, "__int__"));
    add_method(t, "__float__", |a, kw| {
        margs::wrapper("__float__", a, kw, 0)?;
        Ok(Value::Float(int_to_f64(&a[0])?))
    });
    add_method(t, "__trunc__", |a, kw| {
        exact_self_noargs(a, kw, "int.__trunc__")
    });
    add_method(t, "__floor__", |a, kw| {
        exact_self_noargs(a, kw, "int.__floor__")
    });
    add_method(t, "__ceil__", |a, kw| {
        exact_self_noargs(a, kw, "int.__ceil__")
    });
    add_method(t, "conjugate", |a, kw| {
        exact_self_noargs(a, kw, "int.conjugate")
    });
    add_method(t, "__round__", int_round);
    add_method(t, "__getnewargs__", |a, kw| {
        let v = exact_self_noargs(a, kw, "int.__getnewargs__")?;
        Ok(crate::types::tuple::new_tuple(vec![v]))
    });
    add_method(t, "__format__", |a, kw| {
        let spec = margs::one("int.__format__", a, kw)?;
        if crate::types::str::as_str(spec).is_none() {
            return Err(type_error(format!(
                "__format__() argument must be str, not {}",
                spec.type_name()
            )));
        }
        crate::types::float::format_number(&a[0], spec)
    });
    add_method(t, "__sizeof__", |a, kw| {
        margs::noargs("int.__sizeof__", a, kw)?;
        let b = this_int(&a[0])?;
        let ndigits = b.bits().div_ceil(30).max(1) as i64;
        Ok(Value::Int(24 + 4 * ndigits))
    });
    add_method(t, "bit_length", |a, kw| {
        margs::noargs("int.bit_length", a, kw)?;
        if let Some(i) = small(&a[0]) {
            return Ok(Value::Int(64 - i.unsigned_abs().leading_zeros() as i64));
        }
        Ok(Value::Int(this_int(&a[0])?.bits() as i64))
    });
    add_method(t, "bit_count", |a, kw| {
        margs::noargs("int.bit_count", a, kw)?;
        if let Some(i) = small(&a[0]) {
            return Ok(Value::Int(i.unsigned_abs().count_ones() as i64));
        }
        let b = this_int(&a[0])?;
        Ok(Value::Int(
            b.magnitude()
                .iter_u64_digits()
                .map(|d| d.count_ones() as i64)
                .sum(),
        ))
    });
    add_method(t, "as_integer_ratio", |a, kw| {
        let v = exact_self_noargs(a, kw, "int.as_integer_ratio")?;
        Ok(crate::types::tuple::new_tuple(vec![v, Value::Int(1)]))
    });
    add_method(t, "to_bytes", int_to_bytes);
    crate::types::typeobj::add_classmethod(t, "from_bytes", int_from_bytes);
    add_getset(t, "real", |v| Ok(from_bigint(this_int(v)?)), None);
    add_getset(
        t,
        "imag",
        |v| {
            this_int(v)?;
            Ok(Value::Int(0))
        },
        None,
    );
    add_getset(t, "numerator", |v| Ok(from_bigint(this_int(v)?)), None);
    add_getset(
        t,
        "denominator",
        |v| {
            this_int(v)?;
            Ok(Value::Int(1))
        },
        None,
    );
}

/// `int.__pow__(b, e[, m])`.
fn int_pow(b: &Value, e: &Value, m: Option<&Value>) -> PyResult<Value> {
    if !is_int(b) || !is_int(e) {
        return Ok(crate::types::misc::not_implemented());
    }
    match m {
        None | Some(Value::None) => {
            if let (Some(x), Some(y)) = (small(b), small(e)) {
                if let Some(r) = int_binop(&Value::Int(x), &Value::Int(y), BinOp::Pow) {
                    return r;
                }
            }
            big_binop(&this_int(b)?, &this_int(e)?, BinOp::Pow)
        }
        Some(m) => {
            if !is_int(m) {
                return Ok(crate::types::misc::not_implemented());
            }
            let (b, e, m) = (this_int(b)?, this_int(e)?, this_int(m)?);
            if m.is_zero() {
                return Err(value_error("pow() 3rd argument cannot be 0"));
            }
            let am = m.abs();
            if am.is_one() {
                return Ok(Value::Int(0));
            }
            let (b, e) = if e.is_negative() {
                let inv = mod_inverse(&b, &am)
                    .ok_or_else(|| value_error("base is not invertible for the given modulus"))?;
                (inv, -e)
            } else {
                (b.mod_floor(&am), e)
            };
            let r = b.modpow(&e, &am);
            // the result has the sign of m
            let r = if m.is_negative() && !r.is_zero() {
                r + &m
            } else {
                r
            };
            Ok(from_bigint(r))
        }
    }
}

fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let g = a.mod_floor(m).extended_gcd(m);
    if !g.gcd.is_one() {
        return None;
    }
    Some(g.x.mod_floor(m))
}

pub fn divmod(x: &Value, y: &Value) -> PyResult<Value> {
    if let (Some(a), Some(b)) = (small(x), small(y)) {
        if b == 0 {
            return Err(zero_division("integer division or modulo by zero"));
        }
        if let Some(q) = i64_floordiv(a, b) {
            let r = if b == -1 { 0 } else { a.mod_floor(&b) };
            return Ok(crate::types::tuple::new_tuple(vec![
                Value::Int(q),
                Value::Int(r),
            ]));
        }
    }
    let (a, b) = (this_int(x)?, this_int(y)?);
    if b.is_zero() {
        return Err(zero_division("integer division or modulo by zero"));
    }
    let (q, r) = a.div_mod_floor(&b);
    Ok(crate::types::tuple::new_tuple(vec![
        from_bigint(q),
        from_bigint(r),
    ]))
}

fn int_round(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = margs::range("__round__", "int.__round__", a, kw, 0, 1)?;
    let Some(n) = p.first() else {
        return exact_self_noargs(&a[..1], None, "int.__round__");
    };
    let n = index_value(n)?;
    let x = this_int(&a[0])?;
    let n = match n {
        Value::Int(n) if n >= 0 => return Ok(from_bigint(x)),
        Value::Int(n) => n.unsigned_abs(),
        other => {
            if to_bigint(&other).map_or(false, |b| !b.is_negative()) {
                return Ok(from_bigint(x));
            }
            u64::MAX
        }
    };
    // 10**n > |x| * 2 means the result is 0
    if (n as f64) > (x.bits() as f64) * std::f64::consts::LOG10_2 + 1.0 {
        return Ok(Value::Int(0));
    }
    let p = Pow::pow(BigInt::from(10), n);
    let (q, r) = x.div_mod_floor(&p);
    let twice = &r * 2;
    let q = if twice > p || (twice == p && q.is_odd()) {
        q + 1
    } else {
        q
    };
    Ok(from_bigint(q * p))
}

fn int_to_bytes(a: &[Value], kw: Kw) -> PyResult<Value> {
    let npos = margs::pos(a, kw).len();
    if npos > 2 {
        return Err(type_error(format!(
            "to_bytes() takes at most 2 positional arguments ({} given)",
            npos
        )));
    }
    let args = crate::args::parse(
        "to_bytes",
        &a[1..],
        kw,
        &["length", "byteorder", "$signed"],
        0,
    )?;
    let x = this_int(&a[0])?;
    let length = match &args[0] {
        Some(l) => index_i64(l)?,
        None => 1,
    };
    if length < 0 {
        return Err(value_error("length argument must be non-negative"));
    }
    let little = match &args[1] {
        Some(o) => match crate::types::str::as_str(o) {
            Some("little") => true,
            Some("big") => false,
            Some(_) => return Err(value_error("byteorder must be either 'little' or 'big'")),
            None => {
                return Err(type_error(format!(
                    "to_bytes() argument 'byteorder' must be str, not {}",
                    o.type_name()
                )))
            }
        },
        None => false,
    };
    let signed = match &args[2] {
        Some(s) => crate::ops::truthy(s)?,
        None => false,
    };
    if !signed && x.is_negative() {
        return Err(overflow_error("can't convert negative int to unsigned"));
    }
    let mut bytes = if x.is_zero() {
        Vec::new()
    } else {
        x.to_signed_bytes_le()
    };
    if !signed && bytes.len() > 1 && *bytes.last().unwrap_or(&1) == 0 {
        bytes.pop();
    }
    if bytes.len() as u64 > length as u64 {
        return Err(overflow_error("int too big to convert"));
    }
    let fill = if x.is_negative() { 0xff } else { 0 };
    bytes.resize(length as usize, fill);
    if !little {
        bytes.reverse();
    }
    Ok(crate::types::bytes::new_bytes(bytes))
}

fn int_from_bytes(a: &[Value], kw: Kw) -> PyResult<Value> {
    let npos = margs::pos(a, kw).len();
    if npos > 2 {
        return Err(type_error(format!(
            "from_bytes() takes at most 2 positional arguments ({} given)",
            npos
        )));
    }
    let args = crate::args::parse(
        "from_bytes",
        &a[1..],
        kw,
        &["bytes", "byteorder", "$signed"],
        1,
    )?;
    let src = args[0].clone().unwrap_or(Value::None);
    let little = match &args[1] {
        Some(o) => match crate::types::str::as_str(o) {
            Some("little") => true,
            Some("big") => false,
            Some(_) => return Err(value_error("byteorder must be either 'little' or 'big'")),
            None => {
                return Err(type_error(format!(
                    "from_bytes() argument 'byteorder' must be str, not {}",
                    o.type_name()
                )))
            }
        },
        None => false,
    };
    let signed = match &args[2] {
        Some(s) => crate::ops::truthy(s)?,
        None => false,
    };
    let mut d = crate::types::bytes::bytes_from_value(&src)?;
    if !little {
        d.reverse();
    }
    let v = if signed {
        BigInt::from_signed_bytes_le(&d)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &d)
    };
    let r = from_bigint(v);
    if a[0].is(&Value::Obj(types().int.clone())) {
        Ok(r)
    } else {
        crate::ops::call::call(&a[0], &[r], None)
    }
}

// ---------------------------------------------------------------------------
// bool

pub fn init_bool(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "bool")?;
        if !cls.is(&types().bool) {
            return Err(type_error("bool.__new__(X): X is not a subtype of bool"));
        }
        let v = margs::ctor_one("bool", &a[1..], kw)?;
        Ok(Value::Bool(match v {
            Some(v) => crate::ops::truthy(v)?,
            None => false,
        }))
    });
    add_method(t, "__repr__", |a, kw| {
        margs::wrapper("__repr__", a, kw, 0)?;
        match &a[0] {
            Value::Bool(b) => Ok(Value::from(if *b { "True" } else { "False" })),
            v => Err(type_error(format!(
                "descriptor '__repr__' requires a 'bool' object but received a '{}'",
                v.type_name()
            ))),
        }
    });
    fn boolop(a: &[Value], kw: Kw, name: &str, op: BinOp) -> PyResult<Value> {
        let o = &margs::wrapper(name, a, kw, 1)?[0];
        match (&a[0], o) {
            (Value::Bool(x), Value::Bool(y)) => Ok(Value::Bool(match op {
                BinOp::And => x & y,
                BinOp::Or => x | y,
                _ => x ^ y,
            })),
            _ => {
                if !is_int(&a[0]) || !is_int(o) {
                    return Ok(crate::types::misc::not_implemented());
                }
                big_binop(&this_int(&a[0])?, &this_int(o)?, op)
            }
        }
    }
    add_method(t, "__and__", |a, kw| boolop(a, kw, "__and__", BinOp::And));
    add_method(t, "__rand__", |a, kw| boolop(a, kw, "__rand__", BinOp::And));
    add_method(t, "__or__", |a, kw| boolop(a, kw, "__or__", BinOp::Or));
    add_method(t, "__ror__", |a, kw| boolop(a, kw, "__ror__", BinOp::Or));
    add_method(t, "__xor__", |a, kw| boolop(a, kw, "__xor__", BinOp::Xor));
    add_method(t, "__rxor__", |a, kw| boolop(a, kw, "__rxor__", BinOp::Xor));
}

/// `BigInt::one` re-export for other modules.
pub fn one() -> BigInt {
    BigInt::one()
}
