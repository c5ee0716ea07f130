//! `complex`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;

pub fn new_complex(re: f64, im: f64) -> Value {
    Value::Obj(ObjRef::new(&types().complex, Payload::Complex(re, im)))
}

/// A number as a complex pair (complex, float, int).
pub fn as_complex(v: &Value) -> Option<(f64, f64)> {
    match v {
        Value::Float(f) => Some((*f, 0.0)),
        Value::Int(i) => Some((*i as f64, 0.0)),
        Value::Bool(b) => Some((*b as i64 as f64, 0.0)),
        Value::Obj(o) => match o.payload() {
            Payload::Complex(r, i) => Some((*r, *i)),
            Payload::Float(f) => Some((*f, 0.0)),
            Payload::Int(b) => num_traits::ToPrimitive::to_f64(b).map(|f| (f, 0.0)),
            _ => None,
        },
        _ => None,
    }
}

pub fn complex_pow(a: (f64, f64), b: (f64, f64)) -> PyResult<Value> {
    if b == (0.0, 0.0) {
        return Ok(new_complex(1.0, 0.0));
    }
    if a == (0.0, 0.0) {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err(zero_division("0.0 to a negative or complex power"));
        }
        return Ok(new_complex(0.0, 0.0));
    }
    // integer exponent: repeated multiplication for accuracy
    if b.1 == 0.0 && b.0.fract() == 0.0 && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        let mut r = (1.0, 0.0);
        let mut base = a;
        let mut e = n.unsigned_abs();
        while e > 0 {
            if e & 1 == 1 {
                r = mul(r, base);
            }
            base = mul(base, base);
            e >>= 1;
        }
        if n < 0 {
            r = div((1.0, 0.0), r)?;
        }
        return Ok(new_complex(r.0, r.1));
    }
    let vabs = a.0.hypot(a.1);
    let len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    let mut len = len;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    Ok(new_complex(len * phase.cos(), len * phase.sin()))
}

fn mul(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

fn div(a: (f64, f64), b: (f64, f64)) -> PyResult<(f64, f64)> {
    if b == (0.0, 0.0) {
        return Err(zero_division("complex division by zero"));
    }
    let abs_br = b.0.abs();
    let abs_bi = b.1.abs();
    if abs_br >= abs_bi {
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Ok(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Ok(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    }
}

fn fmt_part(x: f64) -> String {
    let s = crate::types::float::float_repr(x);
    s.strip_suffix(".0").map(|t| t.to_string()).unwrap_or(s)
}

pub fn complex_repr(re: f64, im: f64) -> String {
    if re == 0.0 && re.is_sign_positive() {
        return format!("{}j", fmt_part(im));
    }
    let sign = if im.is_sign_negative() || (im.is_nan() && im.is_sign_negative()) { "-" } else { "+" };
    format!("({}{}{}j)", fmt_part(re), sign, fmt_part(im.abs()))
}

fn this(v: &Value) -> PyResult<(f64, f64)> {
    match v.payload() {
        Some(Payload::Complex(r, i)) => Ok((*r, *i)),
        _ => Err(type_error("descriptor requires a 'complex' object")),
    }
}

fn binop(a: &[Value], f: fn((f64, f64), (f64, f64)) -> PyResult<Value>, reflected: bool) -> PyResult<Value> {
    let Some(o) = as_complex(&a[1]) else { return Ok(crate::types::misc::not_implemented()) };
    let s = this(&a[0])?;
    if reflected {
        f(o, s)
    } else {
        f(s, o)
    }
}

pub fn init(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "complex")?;
        let args = crate::args::parse("complex", &a[1..], kw, &["real", "imag"], 0)?;
        let (mut re, mut im) = (0.0, 0.0);
        if let Some(r) = &args[0] {
            if let Some(s) = crate::types::str::as_str(r) {
                let (x, y) = parse_complex(s).ok_or_else(|| value_error("complex() arg is a malformed string"))?;
                re = x;
                im = y;
            } else {
                let (x, y) = as_complex(r).ok_or_else(|| type_error(format!("complex() first argument must be a string or a number, not '{}'", r.type_name())))?;
                re = x;
                im = y;
            }
        }
        if let Some(i) = &args[1] {
            let (x, y) = as_complex(i).ok_or_else(|| type_error(format!("complex() second argument must be a number, not '{}'", i.type_name())))?;
            re -= y;
            im += x;
        }
        Ok(crate::types::misc::new_instance(&cls, Payload::Complex(re, im)))
    });
    add_method(t, "__add__", |a, _| binop(a, |x, y| Ok(new_complex(x.0 + y.0, x.1 + y.1)), false));
    add_method(t, "__radd__", |a, _| binop(a, |x, y| Ok(new_complex(x.0 + y.0, x.1 + y.1)), true));
    add_method(t, "__sub__", |a, _| binop(a, |x, y| Ok(new_complex(x.0 - y.0, x.1 - y.1)), false));
    add_method(t, "__rsub__", |a, _| binop(a, |x, y| Ok(new_complex(x.0 - y.0, x.1 - y.1)), true));
    add_method(t, "__mul__", |a, _| binop(a, |x, y| { let r = mul(x, y); Ok(new_complex(r.0, r.1)) }, false));
    add_method(t, "__rmul__", |a, _| binop(a, |x, y| { let r = mul(x, y); Ok(new_complex(r.0, r.1)) }, true));
    add_method(t, "__truediv__", |a, _| binop(a, |x, y| { let r = div(x, y)?; Ok(new_complex(r.0, r.1)) }, false));
    add_method(t, "__rtruediv__", |a, _| binop(a, |x, y| { let r = div(x, y)?; Ok(new_complex(r.0, r.1)) }, true));
    add_method(t, "__pow__", |a, _| binop(a, complex_pow, false));
    add_method(t, "__rpow__", |a, _| binop(a, complex_pow, true));
    add_method(t, "__neg__", |a, _| { let (r, i) = this(&a[0])?; Ok(new_complex(-r, -i)) });
    add_method(t, "__pos__", |a, _| { let (r, i) = this(&a[0])?; Ok(new_complex(r, i)) });
    add_method(t, "__abs__", |a, _| { let (r, i) = this(&a[0])?; Ok(Value::Float(r.hypot(i))) });
    add_method(t, "__bool__", |a, _| { let (r, i) = this(&a[0])?; Ok(Value::Bool(r != 0.0 || i != 0.0)) });
    add_method(t, "__eq__", |a, _| {
        let Some(o) = as_complex(&a[1]) else { return Ok(crate::types::misc::not_implemented()) };
        Ok(Value::Bool(this(&a[0])? == o))
    });
    add_method(t, "__ne__", |a, _| {
        let Some(o) = as_complex(&a[1]) else { return Ok(crate::types::misc::not_implemented()) };
        Ok(Value::Bool(this(&a[0])? != o))
    });
    add_method(t, "__hash__", |a, _| {
        let (r, i) = this(&a[0])?;
        let hr = crate::types::float::hash_float(r, &a[0]);
        let hi = crate::types::float::hash_float(i, &a[0]);
        let h = hr.wrapping_add(hi.wrapping_mul(1000003));
        Ok(Value::Int(if h == -1 { -2 } else { h }))
    });
    add_method(t, "__repr__", |a, _| { let (r, i) = this(&a[0])?; Ok(complex_repr(r, i).into()) });
    add_method(t, "conjugate", |a, _| { let (r, i) = this(&a[0])?; Ok(new_complex(r, -i)) });
    add_getset(t, "real", |v| Ok(Value::Float(this(v)?.0)), None);
    add_getset(t, "imag", |v| Ok(Value::Float(this(v)?.1)), None);
}

fn parse_complex(s: &str) -> Option<(f64, f64)> {
    let t = s.trim();
    let t = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')).unwrap_or(t).trim();
    if let Some(body) = t.strip_suffix(['j', 'J']) {
        // find split point: last + or - not at start and not after 'e'
        let b = body.as_bytes();
        let mut split = None;
        for i in (1..b.len()).rev() {
            if (b[i] == b'+' || b[i] == b'-') && !(b[i - 1] == b'e' || b[i - 1] == b'E') {
                split = Some(i);
                break;
            }
        }
        match split {
            Some(i) => {
                let re = crate::types::float::parse_float(&body[..i])?;
                let ims = &body[i..];
                let im = if ims == "+" { 1.0 } else if ims == "-" { -1.0 } else { crate::types::float::parse_float(ims)? };
                Some((re, im))
            }
            None => {
                let im = if body.is_empty() || body == "+" { 1.0 } else if body == "-" { -1.0 } else { crate::types::float::parse_float(body)? };
                Some((0.0, im))
            }
        }
    } else {
        Some((crate::types::float::parse_float(t)?, 0.0))
    }
}
