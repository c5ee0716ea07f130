//! `complex`.

use crate::errors::*;
use crate::modules::bytesmethods::{noargs, onearg, wrapper};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;

pub fn new_complex(re: f64, im: f64) -> Value {
    Value::Obj(ObjRef::new(&types().complex, Payload::Complex(re, im)))
}

/// A number as a complex pair (complex, float, int); big ints that do not fit a float
/// give `None` (see [`to_complex`] for the error).
pub fn as_complex(v: &Value) -> Option<(f64, f64)> {
    match to_complex(v) {
        Some(Ok(c)) => Some(c),
        _ => None,
    }
}

/// A complex/float/int operand as a complex pair; `None` for other types, an
/// OverflowError for ints too large for a float.
pub fn to_complex(v: &Value) -> Option<PyResult<(f64, f64)>> {
    match v {
        Value::Float(f) => Some(Ok((*f, 0.0))),
        Value::Int(i) => Some(Ok((*i as f64, 0.0))),
        Value::Bool(b) => Some(Ok((*b as i64 as f64, 0.0))),
        Value::Obj(o) => match o.payload() {
            Payload::Complex(r, i) => Some(Ok((*r, *i))),
            Payload::Float(f) => Some(Ok((*f, 0.0))),
            Payload::Int(b) => Some(crate::types::int::big_to_f64(b).map(|f| (f, 0.0))),
            _ => None,
        },
        _ => None,
    }
}

type C = (f64, f64);

fn c_sum(a: C, b: C) -> C {
    (a.0 + b.0, a.1 + b.1)
}
fn c_diff(a: C, b: C) -> C {
    (a.0 - b.0, a.1 - b.1)
}
fn c_prod(a: C, b: C) -> C {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// Complex division; `None` when dividing by zero.
fn c_quot(a: C, b: C) -> Option<C> {
    let abs_br = b.0.abs();
    let abs_bi = b.1.abs();
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

/// `a ** b` as CPython computes it: repeated squaring for small integral exponents.
pub fn complex_pow(a: C, b: C) -> PyResult<Value> {
    let zero_err = || zero_division("0.0 to a negative or complex power");
    let r = if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        let mut r = (1.0, 0.0);
        let mut p = a;
        let mut e = n.unsigned_abs();
        while e > 0 {
            if e & 1 == 1 {
                r = c_prod(r, p);
            }
            p = c_prod(p, p);
            e >>= 1;
        }
        if n < 0 {
            match c_quot((1.0, 0.0), r) {
                Some(q) => q,
                None => return Err(zero_err()),
            }
        } else {
            r
        }
    } else if b.0 == 0.0 && b.1 == 0.0 {
        (1.0, 0.0)
    } else if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err(zero_err());
        }
        (0.0, 0.0)
    } else {
        let vabs = a.0.hypot(a.1);
        let mut len = vabs.powf(b.0);
        let at = a.1.atan2(a.0);
        let mut phase = at * b.0;
        if b.1 != 0.0 {
            len /= (at * b.1).exp();
            phase += b.1 * vabs.ln();
        }
        (len * phase.cos(), len * phase.sin())
    };
    if r.0.is_infinite() || r.1.is_infinite() {
        return Err(overflow_error("complex exponentiation"));
    }
    Ok(new_complex(r.0, r.1))
}

/// `repr(complex)`.
pub fn complex_repr(re: f64, im: f64) -> String {
    pyrite_format::complex_repr(re, im)
}

fn this(v: &Value) -> PyResult<C> {
    match v.payload() {
        Some(Payload::Complex(r, i)) => Ok((*r, *i)),
        _ => Err(type_error(format!(
            "descriptor requires a 'complex' object but received a '{}'",
            v.type_name()
        ))),
    }
}

fn binop(
    a: &[Value],
    kw: Kw,
    name: &str,
    f: fn(C, C) -> PyResult<Value>,
    reflected: bool,
) -> PyResult<Value> {
    wrapper("", name, a, kw, 1)?;
    let Some(o) = to_complex(&a[1]) else {
        return Ok(crate::types::misc::not_implemented());
    };
    let o = o?;
    let s = this(&a[0])?;
    if reflected {
        f(o, s)
    } else {
        f(s, o)
    }
}

fn pow_op(a: &[Value], kw: Kw, reflected: bool) -> PyResult<Value> {
    if kw.map_or(false, |k| !k.is_empty()) {
        return Err(type_error("wrapper __pow__() takes no keyword arguments"));
    }
    if a.len() < 2 || a.len() > 3 {
        return Err(type_error(format!(
            "expected 1 or 2 arguments, got {}",
            a.len() - 1
        )));
    }
    if a.len() == 3 && !a[2].is_none() {
        return Err(value_error("complex modulo"));
    }
    let Some(o) = to_complex(&a[1]) else {
        return Ok(crate::types::misc::not_implemented());
    };
    let o = o?;
    let s = this(&a[0])?;
    if reflected {
        complex_pow(o, s)
    } else {
        complex_pow(s, o)
    }
}

fn div(x: C, y: C) -> PyResult<Value> {
    match c_quot(x, y) {
        Some(r) => Ok(new_complex(r.0, r.1)),
        None => Err(zero_division("complex division by zero")),
    }
}

fn eq_impl(a: &[Value], kw: Kw, eq: bool) -> PyResult<Value> {
    wrapper("", if eq { "__eq__" } else { "__ne__" }, a, kw, 1)?;
    let s = this(&a[0])?;
    let other = &a[1];
    let equal = if crate::types::int::is_int(other) {
        // exact comparison of the real part with the int
        if s.1 != 0.0 {
            false
        } else {
            let r = crate::types::float::compare_num(
                &Value::Float(s.0),
                other,
                pyrite_compiler::bytecode::CmpOp::Eq,
            )?;
            matches!(r, Value::Bool(true))
        }
    } else {
        match other {
            Value::Float(f) => s.0 == *f && s.1 == 0.0,
            _ => match other.payload() {
                Some(Payload::Float(f)) => s.0 == *f && s.1 == 0.0,
                Some(Payload::Complex(r, i)) => s.0 == *r && s.1 == *i,
                _ => return Ok(crate::types::misc::not_implemented()),
            },
        }
    };
    Ok(Value::Bool(if eq { equal } else { !equal }))
}

/// Validate Python's underscore rules in a numeric string and drop the underscores.
fn strip_underscores(s: &str) -> Option<String> {
    if !s.contains('_') {
        return Some(s.to_string());
    }
    let b: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in b.iter().enumerate() {
        if c == '_' {
            let ok = i > 0
                && i + 1 < b.len()
                && b[i - 1].is_ascii_hexdigit()
                && b[i + 1].is_ascii_hexdigit();
            if !ok {
                return None;
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// The longest float literal at the start of `s` (ASCII bytes): value and length.
fn float_prefix(s: &[u8]) -> Option<(f64, usize)> {
    let mut p = 0;
    if p < s.len() && (s[p] == b'+' || s[p] == b'-') {
        p += 1;
    }
    let rest = &s[p..];
    let lower: Vec<u8> = rest
        .iter()
        .take(8)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let neg = p > 0 && s[0] == b'-';
    for (word, val) in [
        (&b"infinity"[..], f64::INFINITY),
        (&b"inf"[..], f64::INFINITY),
        (&b"nan"[..], f64::NAN),
    ] {
        if lower.starts_with(word) {
            let v = if neg { -val } else { val };
            return Some((v, p + word.len()));
        }
    }
    let start_digits = p;
    while p < s.len() && s[p].is_ascii_digit() {
        p += 1;
    }
    let mut digits = p - start_digits;
    if p < s.len() && s[p] == b'.' {
        p += 1;
        let f0 = p;
        while p < s.len() && s[p].is_ascii_digit() {
            p += 1;
        }
        digits += p - f0;
    }
    if digits == 0 {
        return None;
    }
    if p < s.len() && (s[p] == b'e' || s[p] == b'E') {
        let mut q = p + 1;
        if q < s.len() && (s[q] == b'+' || s[q] == b'-') {
            q += 1;
        }
        let e0 = q;
        while q < s.len() && s[q].is_ascii_digit() {
            q += 1;
        }
        if q > e0 {
            p = q;
        }
    }
    let text = std::str::from_utf8(&s[..p]).ok()?;
    text.parse::<f64>().ok().map(|v| (v, p))
}

/// `complex(string)`.
fn parse_complex(s: &str, orig: &Value) -> PyResult<C> {
    let malformed = || value_error("complex() arg is a malformed string");
    // Unicode digits and spaces become their ASCII equivalents
    let mut t = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(d) = pyrite_format::decimal_value(c) {
            t.push((b'0' + d as u8) as char);
        } else if pyrite_format::is_space(c) {
            t.push(' ');
        } else if c.is_ascii() {
            t.push(c);
        } else {
            return Err(malformed());
        }
    }
    let t = strip_underscores(&t).ok_or_else(|| {
        value_error(format!(
            "could not convert string to complex: {}",
            crate::ops::repr(orig).unwrap_or_default()
        ))
    })?;
    let mut b = t.trim_matches(' ').as_bytes();
    if let Some(inner) = b.strip_prefix(b"(") {
        let inner = inner.strip_suffix(b")").ok_or_else(malformed)?;
        let inner_str = std::str::from_utf8(inner).map_err(|_| malformed())?;
        b = inner_str.trim_matches(' ').as_bytes();
    }
    let n = b.len();
    let mut pos = 0;
    let (re, im);
    match float_prefix(b) {
        Some((x, len)) => {
            pos = len;
            if pos < n && (b[pos] == b'j' || b[pos] == b'J') {
                re = 0.0;
                im = x;
                pos += 1;
            } else if pos < n && (b[pos] == b'+' || b[pos] == b'-') {
                re = x;
                match float_prefix(&b[pos..]) {
                    Some((y, l2)) => {
                        im = y;
                        pos += l2;
                    }
                    None => {
                        im = if b[pos] == b'-' { -1.0 } else { 1.0 };
                        pos += 1;
                    }
                }
                if pos < n && (b[pos] == b'j' || b[pos] == b'J') {
                    pos += 1;
                } else {
                    return Err(malformed());
                }
            } else {
                re = x;
                im = 0.0;
            }
        }
        None => {
            let mut sign = 1.0;
            if pos < n && (b[pos] == b'+' || b[pos] == b'-') {
                if b[pos] == b'-' {
                    sign = -1.0;
                }
                pos += 1;
            }
            if pos < n && (b[pos] == b'j' || b[pos] == b'J') {
                pos += 1;
                re = 0.0;
                im = sign;
            } else {
                return Err(malformed());
            }
        }
    }
    if pos != n {
        return Err(malformed());
    }
    Ok((re, im))
}

/// A complex from an object with `__complex__`, or a real number.
fn complex_arg(v: &Value, first: bool) -> PyResult<Option<(C, bool)>> {
    if let Some(Payload::Complex(r, i)) = v.payload() {
        if v.class_ref().is(&types().complex)
            || crate::ops::attr::lookup_special(v, "__complex__").is_none()
        {
            return Ok(Some(((*r, *i), true)));
        }
    }
    if let Some(r) = crate::ops::call_special(v, crate::name!("__complex__"), &[])? {
        return match r.payload() {
            Some(Payload::Complex(re, im)) => Ok(Some(((*re, *im), true))),
            _ => Err(type_error(format!(
                "__complex__ returned non-complex (type {})",
                r.type_name()
            ))),
        };
    }
    let numeric = crate::types::int::is_int(v)
        || crate::types::float::is_float(v)
        || crate::ops::attr::lookup_special(v, "__float__").is_some()
        || crate::ops::attr::lookup_special(v, "__index__").is_some();
    if !numeric {
        let _ = first;
        return Ok(None);
    }
    let f = crate::modules::strformat::as_double(v)?;
    Ok(Some(((f, 0.0), false)))
}

fn complex_new(a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = crate::types::misc::check_new_cls(a, "complex")?;
    let args = crate::args::parse("complex", &a[1..], kw, &["real", "imag"], 0)?;
    let exact = cls.is(&types().complex);
    let (re, im) = match (&args[0], &args[1]) {
        (None, None) => (0.0, 0.0),
        (Some(r), i) => {
            if let Some(s) = crate::types::str::as_str(r) {
                if i.is_some() {
                    return Err(type_error(
                        "complex() can't take second arg if first is a string",
                    ));
                }
                parse_complex(s, r)?
            } else {
                if let Some(iv) = i {
                    if crate::types::str::as_str(iv).is_some() {
                        return Err(type_error("complex() second arg can't be a string"));
                    }
                }
                if i.is_none() && exact && r.class_ref().is(&types().complex) {
                    return Ok(r.clone());
                }
                let Some((cr, cr_is_complex)) = complex_arg(r, true)? else {
                    return Err(type_error(format!(
                        "complex() first argument must be a string or a number, not '{}'",
                        r.type_name()
                    )));
                };
                let mut re = cr.0;
                let im_part;
                match i {
                    None => {
                        im_part = cr.1;
                    }
                    Some(iv) => {
                        let (ci, ci_is_complex) = match iv.payload() {
                            Some(Payload::Complex(x, y)) => ((*x, *y), true),
                            _ => {
                                let numeric = crate::types::int::is_int(iv)
                                    || crate::types::float::is_float(iv)
                                    || crate::ops::attr::lookup_special(iv, "__float__").is_some()
                                    || crate::ops::attr::lookup_special(iv, "__index__").is_some();
                                if !numeric {
                                    return Err(type_error(format!(
                                        "complex() second argument must be a number, not '{}'",
                                        iv.type_name()
                                    )));
                                }
                                ((crate::modules::strformat::as_double(iv)?, 0.0), false)
                            }
                        };
                        if ci_is_complex {
                            re -= ci.1;
                        }
                        im_part = if cr_is_complex { ci.0 + cr.1 } else { ci.0 };
                    }
                }
                (re, im_part)
            }
        }
        (None, Some(iv)) => {
            if crate::types::str::as_str(iv).is_some() {
                return Err(type_error("complex() second arg can't be a string"));
            }
            match iv.payload() {
                Some(Payload::Complex(x, y)) => (-*y, *x),
                _ => {
                    let numeric = crate::types::int::is_int(iv)
                        || crate::types::float::is_float(iv)
                        || crate::ops::attr::lookup_special(iv, "__float__").is_some()
                        || crate::ops::attr::lookup_special(iv, "__index__").is_some();
                    if !numeric {
                        return Err(type_error(format!(
                            "complex() second argument must be a number, not '{}'",
                            iv.type_name()
                        )));
                    }
                    (0.0, crate::modules::strformat::as_double(iv)?)
                }
            }
        }
    };
    Ok(crate::types::misc::new_instance(
        &cls,
        Payload::Complex(re, im),
    ))
}

pub fn init(t: &ObjRef) {
    add_staticmethod(t, "__new__", complex_new);
    add_method(t, "__add__", |a, kw| {
        binop(a, kw, "__add__", |x, y| Ok(nc(c_sum(x, y))), false)
    });
    add_method(t, "__radd__", |a, kw| {
        binop(a, kw, "__radd__", |x, y| Ok(nc(c_sum(x, y))), true)
    });
    add_method(t, "__sub__", |a, kw| {
        binop(a, kw, "__sub__", |x, y| Ok(nc(c_diff(x, y))), false)
    });
    add_method(t, "__rsub__", |a, kw| {
        binop(a, kw, "__rsub__", |x, y| Ok(nc(c_diff(x, y))), true)
    });
    add_method(t, "__mul__", |a, kw| {
        binop(a, kw, "__mul__", |x, y| Ok(nc(c_prod(x, y))), false)
    });
    add_method(t, "__rmul__", |a, kw| {
        binop(a, kw, "__rmul__", |x, y| Ok(nc(c_prod(x, y))), true)
    });
    add_method(t, "__truediv__", |a, kw| {
        binop(a, kw, "__truediv__", div, false)
    });
    add_method(t, "__rtruediv__", |a, kw| {
        binop(a, kw, "__rtruediv__", div, true)
    });
    add_method(t, "__pow__", |a, kw| pow_op(a, kw, false));
    add_method(t, "__rpow__", |a, kw| pow_op(a, kw, true));
    add_method(t, "__neg__", |a, kw| {
        wrapper("", "__neg__", a, kw, 0)?;
        let (r, i) = this(&a[0])?;
        Ok(new_complex(-r, -i))
    });
    add_method(t, "__pos__", |a, kw| {
        wrapper("", "__pos__", a, kw, 0)?;
        if a[0].class_ref().is(&types().complex) {
            return Ok(a[0].clone());
        }
        let (r, i) = this(&a[0])?;
        Ok(new_complex(r, i))
    });
    add_method(t, "__abs__", |a, kw| {
        wrapper("", "__abs__", a, kw, 0)?;
        let (r, i) = this(&a[0])?;
        let h = r.hypot(i);
        if h.is_infinite() && r.is_finite() && i.is_finite() {
            return Err(overflow_error("absolute value too large"));
        }
        Ok(Value::Float(h))
    });
    add_method(t, "__bool__", |a, kw| {
        wrapper("", "__bool__", a, kw, 0)?;
        let (r, i) = this(&a[0])?;
        Ok(Value::Bool(r != 0.0 || i != 0.0))
    });
    add_method(t, "__eq__", |a, kw| eq_impl(a, kw, true));
    add_method(t, "__ne__", |a, kw| eq_impl(a, kw, false));
    add_method(t, "__hash__", |a, kw| {
        wrapper("", "__hash__", a, kw, 0)?;
        let (r, i) = this(&a[0])?;
        Ok(Value::Int(pyrite_format::hash_complex(
            r,
            i,
            crate::ops::identity_hash(&a[0]),
        )))
    });
    add_method(t, "__repr__", |a, kw| {
        wrapper("", "__repr__", a, kw, 0)?;
        let (r, i) = this(&a[0])?;
        Ok(complex_repr(r, i).into())
    });
    add_method(t, "__format__", |a, kw| {
        let spec = onearg("complex.__format__", a, kw)?;
        let spec = crate::types::str::as_str(spec).ok_or_else(|| {
            type_error(format!(
                "__format__() argument must be str, not {}",
                spec.type_name()
            ))
        })?;
        let (r, i) = this(&a[0])?;
        if spec.is_empty() {
            return crate::ops::str_value(&a[0]);
        }
        let tn = a[0].type_name();
        Ok(Value::from(
            pyrite_format::complex_format(r, i, spec, &tn).map_err(crate::format::fmt_err)?,
        ))
    });
    add_method(t, "__complex__", |a, kw| {
        noargs("complex.__complex__", a, kw)?;
        if a[0].class_ref().is(&types().complex) {
            return Ok(a[0].clone());
        }
        let (r, i) = this(&a[0])?;
        Ok(new_complex(r, i))
    });
    add_method(t, "__getnewargs__", |a, kw| {
        noargs("complex.__getnewargs__", a, kw)?;
        let (r, i) = this(&a[0])?;
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Float(r),
            Value::Float(i),
        ]))
    });
    add_method(t, "conjugate", |a, kw| {
        noargs("complex.conjugate", a, kw)?;
        let (r, i) = this(&a[0])?;
        Ok(new_complex(r, -i))
    });
    add_getset(t, "real", |v| Ok(Value::Float(this(v)?.0)), None);
    add_getset(t, "imag", |v| Ok(Value::Float(this(v)?.1)), None);
}

fn nc(c: C) -> Value {
    new_complex(c.0, c.1)
}
