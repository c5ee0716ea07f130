//! `cmath`: complex math with CPython's formulas (accurate branch cuts, scaled
//! computations for very large/small arguments) and error rules.

use crate::errors::*;
use crate::modules::math::{
    c_acosh, c_asinh, c_atan2, c_cos, c_cosh, c_exp, c_frexp, c_ldexp, c_log, c_log1p, c_sin,
    c_sinh, c_sqrt, c_tan, c_tanh, domain_error, range_error, to_f64,
};
use crate::modules::ndata;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::Payload;
use crate::value::Value;

type C = (f64, f64);

const LN2: f64 = std::f64::consts::LN_2;
const LN10: f64 = std::f64::consts::LN_10;
const E: f64 = std::f64::consts::E;
const PI: f64 = std::f64::consts::PI;
const LARGE: f64 = f64::MAX / 4.0;
const SCALE_UP: i32 = 53;
const SCALE_DOWN: i32 = -27;

fn log_large() -> f64 {
    c_log(LARGE)
}
fn sqrt_large() -> f64 {
    c_sqrt(LARGE)
}
fn sqrt_dbl_min() -> f64 {
    c_sqrt(f64::MIN_POSITIVE)
}

fn hypot(x: f64, y: f64) -> f64 {
    x.hypot(y)
}

/// `complex(v)` for the cmath functions.
pub fn to_complex(v: &Value) -> PyResult<C> {
    if let Some(Payload::Complex(re, im)) = v.payload() {
        return Ok((*re, *im));
    }
    if let Some(r) = crate::ops::attr::lookup_special(v, "__complex__") {
        let c = crate::ops::call_unbound(&r, v, &[])?;
        if let Some(Payload::Complex(re, im)) = c.payload() {
            return Ok((*re, *im));
        }
        return Err(type_error(format!(
            "__complex__ returned non-complex (type {})",
            c.type_name()
        )));
    }
    Ok((to_f64(v)?, 0.0))
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Err {
    Ok,
    Dom,
    Range,
}

fn sqrt(z: C) -> (C, Err) {
    let (x, y) = z;
    if x.is_infinite() || y.is_infinite() {
        if y.is_infinite() {
            return ((f64::INFINITY, y), Err::Ok);
        }
        if x > 0.0 {
            return (
                (x, if y.is_nan() { y } else { 0.0f64.copysign(y) }),
                Err::Ok,
            );
        }
        return (
            (if y.is_nan() { y } else { 0.0 }, f64::INFINITY.copysign(y)),
            Err::Ok,
        );
    }
    if x.is_nan() || y.is_nan() {
        return ((f64::NAN, f64::NAN), Err::Ok);
    }
    if x == 0.0 && y == 0.0 {
        return ((0.0, y), Err::Ok);
    }
    let mut ax = x.abs();
    let ay = y.abs();
    let s;
    if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        ax = c_ldexp(ax, SCALE_UP);
        s = c_ldexp(c_sqrt(ax + hypot(ax, c_ldexp(ay, SCALE_UP))), SCALE_DOWN);
    } else {
        ax /= 8.0;
        s = 2.0 * c_sqrt(ax + hypot(ax, ay / 8.0));
    }
    let d = ay / (2.0 * s);
    if x >= 0.0 {
        ((s, d.copysign(y)), Err::Ok)
    } else {
        ((d, s.copysign(y)), Err::Ok)
    }
}

fn exp(z: C) -> (C, Err) {
    let (x, y) = z;
    if !x.is_finite() || !y.is_finite() {
        if x.is_infinite() && x < 0.0 {
            if y.is_finite() {
                return (
                    (0.0f64.copysign(c_cos(y)), 0.0f64.copysign(c_sin(y))),
                    Err::Ok,
                );
            }
            return ((0.0, 0.0), Err::Ok);
        }
        if x.is_infinite() && y.is_finite() {
            if y == 0.0 {
                return ((x, y), Err::Ok);
            }
            return (
                (
                    f64::INFINITY.copysign(c_cos(y)),
                    f64::INFINITY.copysign(c_sin(y)),
                ),
                Err::Ok,
            );
        }
        if x.is_nan() && y == 0.0 {
            return ((x, y), Err::Ok);
        }
        if x.is_infinite() {
            return (
                (x, f64::NAN),
                if y.is_infinite() { Err::Dom } else { Err::Ok },
            );
        }
        if y.is_infinite() && x.is_finite() {
            return ((f64::NAN, f64::NAN), Err::Dom);
        }
        return ((f64::NAN, f64::NAN), Err::Ok);
    }
    let (re, im) = if x > log_large() {
        let l = c_exp(x - 1.0);
        (l * c_cos(y) * E, l * c_sin(y) * E)
    } else {
        let l = c_exp(x);
        (l * c_cos(y), l * c_sin(y))
    };
    let e = if re.is_infinite() || im.is_infinite() {
        Err::Range
    } else {
        Err::Ok
    };
    ((re, im), e)
}

fn log(z: C) -> (C, Err) {
    let (x, y) = z;
    if !x.is_finite() || !y.is_finite() {
        if x.is_infinite() || y.is_infinite() {
            return ((f64::INFINITY, c_atan2(y, x)), Err::Ok);
        }
        return ((f64::NAN, f64::NAN), Err::Ok);
    }
    let ax = x.abs();
    let ay = y.abs();
    let mut err = Err::Ok;
    let re = if ax > LARGE || ay > LARGE {
        c_log(hypot(ax / 2.0, ay / 2.0)) + LN2
    } else if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        if ax > 0.0 || ay > 0.0 {
            c_log(hypot(c_ldexp(ax, 53), c_ldexp(ay, 53))) - 53.0 * LN2
        } else {
            err = Err::Dom;
            f64::NEG_INFINITY
        }
    } else {
        let h = hypot(ax, ay);
        if (0.71..=1.73).contains(&h) {
            let am = if ax > ay { ax } else { ay };
            let an = if ax > ay { ay } else { ax };
            c_log1p((am - 1.0) * (am + 1.0) + an * an) / 2.0
        } else {
            c_log(h)
        }
    };
    ((re, c_atan2(y, x)), err)
}

fn asinh(z: C) -> (C, Err) {
    let (x, y) = z;
    if !x.is_finite() || !y.is_finite() {
        if x.is_nan() || y.is_nan() {
            if x.is_infinite() {
                return ((x, f64::NAN), Err::Ok);
            }
            if y.is_infinite() {
                return ((f64::INFINITY, f64::NAN), Err::Ok);
            }
            return ((f64::NAN, if y == 0.0 { y } else { f64::NAN }), Err::Ok);
        }
        let re = f64::INFINITY.copysign(x);
        let im = if x.is_infinite() && y.is_infinite() {
            (PI / 4.0).copysign(y)
        } else if x.is_infinite() {
            0.0f64.copysign(y)
        } else {
            (PI / 2.0).copysign(y)
        };
        return ((re, im), Err::Ok);
    }
    if x.abs() > LARGE || y.abs() > LARGE {
        let re = if y >= 0.0 {
            (c_log(hypot(x / 2.0, y / 2.0)) + LN2 * 2.0).copysign(x)
        } else {
            -(c_log(hypot(x / 2.0, y / 2.0)) + LN2 * 2.0).copysign(-x)
        };
        return ((re, c_atan2(y, x.abs())), Err::Ok);
    }
    let (s1, _) = sqrt((1.0 + y, -x));
    let (s2, _) = sqrt((1.0 - y, x));
    (
        (
            c_asinh(s1.0 * s2.1 - s2.0 * s1.1),
            c_atan2(y, s1.0 * s2.0 - s1.1 * s2.1),
        ),
        Err::Ok,
    )
}

fn asin(z: C) -> (C, Err) {
    let (s, e) = asinh((-z.1, z.0));
    ((s.1, -s.0), e)
}

fn acos(z: C) -> (C, Err) {
    let (x, y) = z;
    if !x.is_finite() || !y.is_finite() {
        if x.is_nan() || y.is_nan() {
            if x.is_infinite() || y.is_infinite() {
                return ((f64::NAN, f64::INFINITY.copysign(-y)), Err::Ok);
            }
            return ((f64::NAN, f64::NAN), Err::Ok);
        }
        let re = if x.is_infinite() && y.is_infinite() {
            if x > 0.0 {
                PI / 4.0
            } else {
                3.0 * PI / 4.0
            }
        } else if x.is_infinite() {
            if x > 0.0 {
                0.0
            } else {
                PI
            }
        } else {
            PI / 2.0
        };
        return ((re, f64::INFINITY.copysign(-y)), Err::Ok);
    }
    if x.abs() > LARGE || y.abs() > LARGE {
        let re = c_atan2(y.abs(), x);
        let im = if x < 0.0 {
            -(c_log(hypot(x / 2.0, y / 2.0)) + LN2 * 2.0).copysign(y)
        } else {
            (c_log(hypot(x / 2.0, y / 2.0)) + LN2 * 2.0).copysign(-y)
        };
        return ((re, im), Err::Ok);
    }
    let (s1, _) = sqrt((1.0 - x, -y));
    let (s2, _) = sqrt((1.0 + x, y));
    (
        (
            2.0 * c_atan2(s1.0, s2.0),
            c_asinh(s2.0 * s1.1 - s2.1 * s1.0),
        ),
        Err::Ok,
    )
}

fn acosh(z: C) -> (C, Err) {
    let (x, y) = z;
    if !x.is_finite() || !y.is_finite() {
        if x.is_nan() || y.is_nan() {
            if x.is_infinite() || y.is_infinite() {
                return ((f64::INFINITY, f64::NAN), Err::Ok);
            }
            return ((f64::NAN, f64::NAN), Err::Ok);
        }
        let (r, _) = acos(z);
        return ((r.1.abs(), r.0.copysign(y)), Err::Ok);
    }
    if x.abs() > LARGE || y.abs() > LARGE {
        return (
            (c_log(hypot(x / 2.0, y / 2.0)) + LN2 * 2.0, c_atan2(y, x)),
            Err::Ok,
        );
    }
    let (s1, _) = sqrt((x - 1.0, y));
    let (s2, _) = sqrt((x + 1.0, y));
    (
        (
            c_asinh(s1.0 * s2.0 + s1.1 * s2.1),
            2.0 * c_atan2(s1.1, s2.0),
        ),
        Err::Ok,
    )
}

fn atanh(z: C) -> (C, Err) {
    let (x, y) = z;
    if !x.is_finite() || !y.is_finite() {
        if x.is_infinite() || y.is_infinite() {
            let im = if y.is_nan() {
                y
            } else {
                (PI / 2.0).copysign(y)
            };
            return ((0.0f64.copysign(x), im), Err::Ok);
        }
        return ((f64::NAN, f64::NAN), Err::Ok);
    }
    if x < 0.0 {
        let (r, e) = atanh((-x, -y));
        return ((-r.0, -r.1), e);
    }
    let ay = y.abs();
    if x > sqrt_large() || ay > sqrt_large() {
        let h = hypot(x / 2.0, y / 2.0);
        return ((x / 4.0 / h / h, -(PI / 2.0).copysign(-y)), Err::Ok);
    }
    if x == 1.0 && ay < sqrt_dbl_min() {
        if ay == 0.0 {
            return ((f64::INFINITY, y), Err::Dom);
        }
        let re = -c_log(c_sqrt(ay) / c_sqrt(hypot(ay, 2.0)));
        return ((re, (c_atan2(2.0, -ay) / 2.0).copysign(y)), Err::Ok);
    }
    let re = c_log1p(4.0 * x / ((1.0 - x) * (1.0 - x) + ay * ay)) / 4.0;
    let im = -c_atan2(-2.0 * y, (1.0 - x) * (1.0 + x) - ay * ay) / 2.0;
    ((re, im), Err::Ok)
}

fn atan(z: C) -> (C, Err) {
    let (s, e) = atanh((-z.1, z.0));
    ((s.1, -s.0), e)
}

fn cosh(z: C) -> (C, Err) {
    let (x, y) = z;
    if !x.is_finite() || !y.is_finite() {
        if x.is_infinite() && y.is_finite() && y != 0.0 {
            return (
                (
                    f64::INFINITY.copysign(c_cos(y)),
                    f64::INFINITY.copysign(c_sin(y)) * x.signum(),
                ),
                Err::Ok,
            );
        }
        if x.is_infinite() && y == 0.0 {
            return ((f64::INFINITY, y * x.signum()), Err::Ok);
        }
        if y.is_infinite() && x == 0.0 {
            return ((f64::NAN, 0.0), Err::Dom);
        }
        if y.is_infinite() && x.is_finite() {
            return ((f64::NAN, f64::NAN), Err::Dom);
        }
        if x.is_infinite() {
            return (
                (f64::INFINITY, f64::NAN),
                if y.is_infinite() { Err::Dom } else { Err::Ok },
            );
        }
        if x.is_nan() && y == 0.0 {
            return ((f64::NAN, y), Err::Ok);
        }
        return ((f64::NAN, f64::NAN), Err::Ok);
    }
    let (re, im) = if x.abs() > log_large() {
        let xm1 = x - 1.0f64.copysign(x);
        (c_cos(y) * c_cosh(xm1) * E, c_sin(y) * c_sinh(xm1) * E)
    } else {
        (c_cos(y) * c_cosh(x), c_sin(y) * c_sinh(x))
    };
    let e = if re.is_infinite() || im.is_infinite() {
        Err::Range
    } else {
        Err::Ok
    };
    ((re, im), e)
}

fn sinh(z: C) -> (C, Err) {
    let (x, y) = z;
    if !x.is_finite() || !y.is_finite() {
        if x.is_infinite() && y.is_finite() && y != 0.0 {
            return (
                (
                    f64::INFINITY.copysign(c_cos(y)) * x.signum(),
                    f64::INFINITY.copysign(c_sin(y)),
                ),
                Err::Ok,
            );
        }
        if x.is_infinite() && y == 0.0 {
            return ((x, y), Err::Ok);
        }
        if y.is_infinite() && x == 0.0 {
            return ((x, f64::NAN), Err::Dom);
        }
        if y.is_infinite() && x.is_finite() {
            return ((f64::NAN, f64::NAN), Err::Dom);
        }
        if x.is_infinite() {
            return (
                (x, f64::NAN),
                if y.is_infinite() { Err::Dom } else { Err::Ok },
            );
        }
        if x.is_nan() && y == 0.0 {
            return ((f64::NAN, y), Err::Ok);
        }
        return ((f64::NAN, f64::NAN), Err::Ok);
    }
    let (re, im) = if x.abs() > log_large() {
        let xm1 = x - 1.0f64.copysign(x);
        (c_cos(y) * c_sinh(xm1) * E, c_sin(y) * c_cosh(xm1) * E)
    } else {
        (c_cos(y) * c_sinh(x), c_sin(y) * c_cosh(x))
    };
    let e = if re.is_infinite() || im.is_infinite() {
        Err::Range
    } else {
        Err::Ok
    };
    ((re, im), e)
}

fn cos(z: C) -> (C, Err) {
    cosh((-z.1, z.0))
}

fn sin(z: C) -> (C, Err) {
    let (s, e) = sinh((-z.1, z.0));
    ((s.1, -s.0), e)
}

fn tanh(z: C) -> (C, Err) {
    let (x, y) = z;
    if !x.is_finite() || !y.is_finite() {
        if x.is_infinite() && y.is_finite() {
            return (
                (
                    1.0f64.copysign(x),
                    0.0f64.copysign(2.0 * c_sin(y) * c_cos(y)),
                ),
                Err::Ok,
            );
        }
        if x.is_infinite() {
            return ((1.0f64.copysign(x), 0.0f64.copysign(y)), Err::Ok);
        }
        if y.is_infinite() && x.is_finite() {
            return ((f64::NAN, f64::NAN), Err::Dom);
        }
        if x.is_nan() && y == 0.0 {
            return ((f64::NAN, y), Err::Ok);
        }
        return ((f64::NAN, f64::NAN), Err::Ok);
    }
    if x.abs() > log_large() {
        return (
            (
                1.0f64.copysign(x),
                4.0 * c_sin(y) * c_cos(y) * c_exp(-2.0 * x.abs()),
            ),
            Err::Ok,
        );
    }
    let tx = c_tanh(x);
    let ty = c_tan(y);
    let cx = 1.0 / c_cosh(x);
    let txty = tx * ty;
    let denom = 1.0 + txty * txty;
    (
        (tx * (1.0 + ty * ty) / denom, ((ty / denom) * cx) * cx),
        Err::Ok,
    )
}

fn tan(z: C) -> (C, Err) {
    let (s, e) = tanh((-z.1, z.0));
    ((s.1, -s.0), e)
}

fn result((z, e): (C, Err)) -> PyResult<Value> {
    match e {
        Err::Dom => Err(domain_error()),
        Err::Range => Err(range_error()),
        Err::Ok => Ok(crate::types::complex::new_complex(z.0, z.1)),
    }
}

fn one(name: &str, a: &[Value], kw: Kw) -> PyResult<C> {
    ndata::no_kw(name, kw)?;
    if a.len() != 1 {
        return Err(type_error(format!(
            "{}() takes exactly one argument ({} given)",
            name,
            a.len()
        )));
    }
    to_complex(ndata::arg(a, 0)?)
}

fn cdiv(a: C, b: C) -> PyResult<C> {
    // CPython's _Py_c_quot
    let (ar, ai) = a;
    let (br, bi) = b;
    let abs_br = br.abs();
    let abs_bi = bi.abs();
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return Err(zero_division("complex division by zero"));
        }
        let ratio = bi / br;
        let denom = br + bi * ratio;
        Ok(((ar + ai * ratio) / denom, (ai - ar * ratio) / denom))
    } else if abs_bi >= abs_br {
        let ratio = br / bi;
        let denom = br * ratio + bi;
        Ok(((ar * ratio + ai) / denom, (ai * ratio - ar) / denom))
    } else {
        Ok((f64::NAN, f64::NAN))
    }
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "pi", Value::Float(PI));
    set_attr(m, "e", Value::Float(E));
    set_attr(m, "tau", Value::Float(std::f64::consts::TAU));
    set_attr(m, "inf", Value::Float(f64::INFINITY));
    set_attr(m, "nan", Value::Float(f64::NAN));
    set_attr(
        m,
        "infj",
        crate::types::complex::new_complex(0.0, f64::INFINITY),
    );
    set_attr(m, "nanj", crate::types::complex::new_complex(0.0, f64::NAN));
    macro_rules! f1 {
        ($name:literal, $f:expr) => {
            add_function(m, $name, |a, kw| result($f(one($name, a, kw)?)));
        };
    }
    f1!("sqrt", sqrt);
    f1!("exp", exp);
    f1!("asinh", asinh);
    f1!("asin", asin);
    f1!("acos", acos);
    f1!("acosh", acosh);
    f1!("atanh", atanh);
    f1!("atan", atan);
    f1!("cosh", cosh);
    f1!("sinh", sinh);
    f1!("cos", cos);
    f1!("sin", sin);
    f1!("tanh", tanh);
    f1!("tan", tan);
    add_function(m, "log10", |a, kw| {
        let (r, e) = log(one("log10", a, kw)?);
        result(((r.0 / LN10, r.1 / LN10), e))
    });
    add_function(m, "log", |a, kw| {
        ndata::no_kw("log", kw)?;
        check_args("log", a, 1, 2)?;
        let (r, e) = log(to_complex(ndata::arg(a, 0)?)?);
        if e != Err::Ok {
            return result((r, e));
        }
        if let Some(b) = a.get(1) {
            let (rb, eb) = log(to_complex(b)?);
            if eb != Err::Ok {
                return result((rb, eb));
            }
            let q = cdiv(r, rb)?;
            return result((q, Err::Ok));
        }
        result((r, e))
    });
    add_function(m, "phase", |a, kw| {
        let z = one("phase", a, kw)?;
        Ok(Value::Float(c_atan2(z.1, z.0)))
    });
    add_function(m, "polar", |a, kw| {
        let z = one("polar", a, kw)?;
        let r = hypot(z.0, z.1);
        if r.is_infinite() && z.0.is_finite() && z.1.is_finite() {
            return Err(range_error());
        }
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Float(r),
            Value::Float(c_atan2(z.1, z.0)),
        ]))
    });
    add_function(m, "rect", |a, kw| {
        ndata::no_kw("rect", kw)?;
        if a.len() != 2 {
            return Err(type_error(format!(
                "rect expected 2 arguments, got {}",
                a.len()
            )));
        }
        let r = to_f64(ndata::arg(a, 0)?)?;
        let phi = to_f64(ndata::arg(a, 1)?)?;
        if r.is_finite() && phi.is_infinite() {
            if r == 0.0 {
                return Ok(crate::types::complex::new_complex(0.0, 0.0));
            }
            return Err(domain_error());
        }
        if r.is_infinite() && phi.is_finite() && phi != 0.0 {
            let re = if c_cos(phi) > 0.0 { r } else { -r };
            let im = if c_sin(phi) > 0.0 { r } else { -r };
            return Ok(crate::types::complex::new_complex(re, im));
        }
        if phi == 0.0 {
            return Ok(crate::types::complex::new_complex(
                r,
                if r.is_nan() { 0.0 } else { r * phi },
            ));
        }
        Ok(crate::types::complex::new_complex(
            r * c_cos(phi),
            r * c_sin(phi),
        ))
    });
    add_function(m, "isfinite", |a, kw| {
        let z = one("isfinite", a, kw)?;
        Ok(Value::Bool(z.0.is_finite() && z.1.is_finite()))
    });
    add_function(m, "isinf", |a, kw| {
        let z = one("isinf", a, kw)?;
        Ok(Value::Bool(z.0.is_infinite() || z.1.is_infinite()))
    });
    add_function(m, "isnan", |a, kw| {
        let z = one("isnan", a, kw)?;
        Ok(Value::Bool(z.0.is_nan() || z.1.is_nan()))
    });
    add_function(m, "isclose", |a, kw| {
        let p = crate::args::parse("isclose", a, kw, &["a", "b", "$rel_tol", "$abs_tol"], 2)?;
        let x = to_complex(p[0].as_ref().unwrap())?;
        let y = to_complex(p[1].as_ref().unwrap())?;
        let rel = match &p[2] {
            Some(v) => to_f64(v)?,
            None => 1e-9,
        };
        let abs = match &p[3] {
            Some(v) => to_f64(v)?,
            None => 0.0,
        };
        if rel < 0.0 || abs < 0.0 {
            return Err(value_error("tolerances must be non-negative"));
        }
        if x == y {
            return Ok(Value::Bool(true));
        }
        if x.0.is_infinite() || x.1.is_infinite() || y.0.is_infinite() || y.1.is_infinite() {
            return Ok(Value::Bool(false));
        }
        let diff = hypot(x.0 - y.0, x.1 - y.1);
        let ax = hypot(x.0, x.1);
        let ay = hypot(y.0, y.1);
        Ok(Value::Bool(
            diff <= rel * ay || diff <= rel * ax || diff <= abs,
        ))
    });
    let _ = (c_acosh, c_frexp);
    Ok(())
}
