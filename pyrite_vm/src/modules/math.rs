//! The `math` module: CPython 3.11's functions with its results and error rules
//! ("math domain error" -> ValueError, "math range error" -> OverflowError).

use crate::errors::*;
use crate::modules::ndata;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::{types, Payload};
use crate::value::Value;
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use pyrite_compiler::bytecode::BinOp;

/// The C library's math functions, resolved from `libm.so.6` at run time so results
/// match CPython's (which calls the system libm) rather than Rust's bundled versions.
pub mod libm {
    use std::sync::OnceLock;
    type F1 = unsafe extern "C" fn(f64) -> f64;
    type F2 = unsafe extern "C" fn(f64, f64) -> f64;
    pub struct Table {
        pub f1: Vec<Option<F1>>,
        pub f2: Vec<Option<F2>>,
        pub frexp: Option<unsafe extern "C" fn(f64, *mut i32) -> f64>,
        pub ldexp: Option<unsafe extern "C" fn(f64, i32) -> f64>,
    }
    pub const F1_NAMES: [&str; 24] = [
        "erf", "erfc", "cbrt", "expm1", "log1p", "exp2", "acosh", "asinh", "atanh", "sin", "cos",
        "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "log", "log2", "log10",
        "sqrt", "fabs",
    ];
    pub const F2_NAMES: [&str; 5] = ["nextafter", "remainder", "fmod", "atan2", "pow"];
    fn sym(h: *mut libc::c_void, name: &str) -> *mut libc::c_void {
        if h.is_null() {
            return std::ptr::null_mut();
        }
        let c = std::ffi::CString::new(name).unwrap_or_default();
        unsafe { libc::dlsym(h, c.as_ptr()) }
    }
    pub fn table() -> &'static Table {
        static T: OnceLock<Table> = OnceLock::new();
        T.get_or_init(|| {
            let mut h = unsafe {
                libc::dlopen(
                    b"libm.so.6\0".as_ptr() as *const libc::c_char,
                    libc::RTLD_LAZY,
                )
            };
            if h.is_null() {
                h = unsafe {
                    libc::dlopen(
                        b"libm.so\0".as_ptr() as *const libc::c_char,
                        libc::RTLD_LAZY,
                    )
                };
            }
            let f1 = F1_NAMES
                .iter()
                .map(|n| {
                    let p = sym(h, n);
                    if p.is_null() {
                        None
                    } else {
                        Some(unsafe { std::mem::transmute::<*mut libc::c_void, F1>(p) })
                    }
                })
                .collect();
            let f2 = F2_NAMES
                .iter()
                .map(|n| {
                    let p = sym(h, n);
                    if p.is_null() {
                        None
                    } else {
                        Some(unsafe { std::mem::transmute::<*mut libc::c_void, F2>(p) })
                    }
                })
                .collect();
            let fr = sym(h, "frexp");
            let ld = sym(h, "ldexp");
            Table {
                f1,
                f2,
                frexp: if fr.is_null() {
                    None
                } else {
                    Some(unsafe {
                        std::mem::transmute::<
                            *mut libc::c_void,
                            unsafe extern "C" fn(f64, *mut i32) -> f64,
                        >(fr)
                    })
                },
                ldexp: if ld.is_null() {
                    None
                } else {
                    Some(unsafe {
                        std::mem::transmute::<
                            *mut libc::c_void,
                            unsafe extern "C" fn(f64, i32) -> f64,
                        >(ld)
                    })
                },
            }
        })
    }
    #[inline]
    pub fn call1(i: usize, x: f64, fallback: fn(f64) -> f64) -> f64 {
        match table().f1.get(i).copied().flatten() {
            Some(f) => unsafe { f(x) },
            None => fallback(x),
        }
    }
    #[inline]
    pub fn call2(i: usize, x: f64, y: f64, fallback: fn(f64, f64) -> f64) -> f64 {
        match table().f2.get(i).copied().flatten() {
            Some(f) => unsafe { f(x, y) },
            None => fallback(x, y),
        }
    }
}

macro_rules! c1 {
    ($name:ident, $i:expr, $fb:expr) => {
        pub fn $name(x: f64) -> f64 {
            libm::call1($i, x, $fb)
        }
    };
}
macro_rules! c2 {
    ($name:ident, $i:expr, $fb:expr) => {
        pub fn $name(x: f64, y: f64) -> f64 {
            libm::call2($i, x, y, $fb)
        }
    };
}
c1!(c_erf, 0, |x| x);
c1!(c_erfc, 1, |x| 1.0 - x);
c1!(c_cbrt, 2, f64::cbrt);
c1!(c_expm1, 3, f64::exp_m1);
c1!(c_log1p, 4, f64::ln_1p);
c1!(c_exp2, 5, f64::exp2);
c1!(c_acosh, 6, f64::acosh);
c1!(c_asinh, 7, f64::asinh);
c1!(c_atanh, 8, f64::atanh);
c1!(c_sin, 9, f64::sin);
c1!(c_cos, 10, f64::cos);
c1!(c_tan, 11, f64::tan);
c1!(c_asin, 12, f64::asin);
c1!(c_acos, 13, f64::acos);
c1!(c_atan, 14, f64::atan);
c1!(c_sinh, 15, f64::sinh);
c1!(c_cosh, 16, f64::cosh);
c1!(c_tanh, 17, f64::tanh);
c1!(c_exp, 18, f64::exp);
c1!(c_log, 19, f64::ln);
c1!(c_log2, 20, f64::log2);
c1!(c_log10, 21, f64::log10);
c1!(c_sqrt, 22, f64::sqrt);
c2!(c_nextafter, 0, |x, y| if x == y { y } else { x });
c2!(c_remainder, 1, |x, y| x - (x / y).round() * y);
c2!(c_fmod, 2, |x, y| x % y);
c2!(c_atan2, 3, f64::atan2);
c2!(c_pow, 4, f64::powf);

pub fn c_ldexp(x: f64, e: i32) -> f64 {
    match libm::table().ldexp {
        Some(f) => unsafe { f(x, e) },
        None => x * 2f64.powi(e),
    }
}
pub fn c_frexp(x: f64) -> (f64, i32) {
    match libm::table().frexp {
        Some(f) => {
            let mut e = 0i32;
            let m = unsafe { f(x, &mut e) };
            (m, e)
        }
        None => {
            if x == 0.0 || !x.is_finite() {
                return (x, 0);
            }
            let e = x.abs().log2().floor() as i32 + 1;
            (x / 2f64.powi(e), e)
        }
    }
}

pub fn domain_error() -> PyErr {
    value_error("math domain error")
}
pub fn range_error() -> PyErr {
    overflow_error("math range error")
}

/// `PyFloat_AsDouble` with the math module's error message.
pub fn to_f64(v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::None => Err(type_error("must be real number, not NoneType")),
        Value::Obj(o) => {
            match o.payload() {
                Payload::Float(f) => return Ok(*f),
                Payload::Int(b) if o.class_ref().is(&types().int) => return big_to_f64(b),
                _ => {}
            }
            if let Some(r) = crate::ops::call_special(v, crate::name!("__float__"), &[])? {
                return match &r {
                    Value::Float(f) => Ok(*f),
                    Value::Obj(ro) if matches!(ro.payload(), Payload::Float(_)) => {
                        match ro.payload() {
                            Payload::Float(f) => Ok(*f),
                            _ => Ok(0.0),
                        }
                    }
                    _ => Err(type_error(format!(
                        "{}.__float__ returned non-float (type {})",
                        v.type_name(),
                        r.type_name()
                    ))),
                };
            }
            if crate::types::int::is_int(v)
                || crate::ops::attr::lookup_special(v, "__index__").is_some()
            {
                let i = crate::types::int::index_value(v)?;
                return crate::types::int::int_to_f64(&i);
            }
            Err(type_error(format!(
                "must be real number, not {}",
                v.type_name()
            )))
        }
    }
}

fn big_to_f64(b: &BigInt) -> PyResult<f64> {
    let f = b.to_f64().unwrap_or(f64::INFINITY);
    if f.is_infinite() {
        return Err(overflow_error("int too large to convert to float"));
    }
    Ok(f)
}

fn float_result(r: f64) -> Value {
    Value::Float(r)
}

/// CPython's `math_1`: NaN from non-NaN -> domain error; infinity from a finite
/// argument -> range error (if `can_overflow`) or domain error.
fn math_1(v: &Value, f: fn(f64) -> f64, can_overflow: bool) -> PyResult<Value> {
    let x = to_f64(v)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error());
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            range_error()
        } else {
            domain_error()
        });
    }
    Ok(float_result(r))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Errno {
    Ok,
    Dom,
    Range,
}

/// CPython's `is_error` for a result with an errno.
fn check_errno(r: f64, e: Errno) -> PyResult<Value> {
    match e {
        Errno::Ok => Ok(float_result(r)),
        Errno::Dom => Err(domain_error()),
        Errno::Range => {
            if r.abs() < 1.5 {
                Ok(float_result(r))
            } else {
                Err(range_error())
            }
        }
    }
}

fn one_arg<'a>(name: &str, a: &'a [Value], kw: Kw) -> PyResult<&'a Value> {
    ndata::no_kw(name, kw)?;
    if a.len() != 1 {
        return Err(type_error(format!(
            "math.{}() takes exactly one argument ({} given)",
            name,
            a.len()
        )));
    }
    Ok(ndata::arg(a, 0)?)
}

fn two_args<'a>(name: &str, a: &'a [Value], kw: Kw) -> PyResult<(&'a Value, &'a Value)> {
    ndata::no_kw(name, kw)?;
    if a.len() != 2 {
        return Err(type_error(format!(
            "{} expected 2 arguments, got {}",
            name,
            a.len()
        )));
    }
    Ok((ndata::arg(a, 0)?, ndata::arg(a, 1)?))
}

// ---------------------------------------------------------------------------
// gamma and lgamma (Lanczos approximation, as CPython computes them)

const LANCZOS_G: f64 = 6.024680040776729583740234375;
const LANCZOS_G_MINUS_HALF: f64 = 5.524680040776729583740234375;
const LANCZOS_NUM: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
const LANCZOS_DEN: [f64; 13] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];
const GAMMA_INTEGRAL: [f64; 23] = [
    1.0,
    1.0,
    2.0,
    6.0,
    24.0,
    120.0,
    720.0,
    5040.0,
    40320.0,
    362880.0,
    3628800.0,
    39916800.0,
    479001600.0,
    6227020800.0,
    87178291200.0,
    1307674368000.0,
    20922789888000.0,
    355687428096000.0,
    6402373705728000.0,
    121645100408832000.0,
    2432902008176640000.0,
    51090942171709440000.0,
    1124000727777607680000.0,
];
const LOGPI: f64 = 1.144729885849400174143427351353058711647;

fn lanczos_sum(x: f64) -> f64 {
    let mut num = 0.0;
    let mut den = 0.0;
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        for i in 0..13 {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

/// sin(pi * x), accurate for large x.
fn sinpi(x: f64) -> f64 {
    let y = c_fmod(x.abs(), 2.0);
    let n = (2.0 * y).round() as i32;
    let pi = std::f64::consts::PI;
    let r = match n {
        0 => c_sin(pi * y),
        1 => c_cos(pi * (y - 0.5)),
        2 => c_sin(pi * (1.0 - y)),
        3 => -c_cos(pi * (y - 1.5)),
        4 => c_sin(pi * (y - 2.0)),
        _ => 0.0,
    };
    1.0f64.copysign(x) * r
}

fn tgamma(x: f64) -> (f64, Errno) {
    if !x.is_finite() {
        if x.is_nan() || x > 0.0 {
            return (x, Errno::Ok);
        }
        return (f64::NAN, Errno::Dom);
    }
    if x == 0.0 {
        return (f64::INFINITY.copysign(x), Errno::Dom);
    }
    if x == x.floor() {
        if x < 0.0 {
            return (f64::NAN, Errno::Dom);
        }
        if x <= GAMMA_INTEGRAL.len() as f64 {
            return (GAMMA_INTEGRAL[x as usize - 1], Errno::Ok);
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return (
            r,
            if r.is_infinite() {
                Errno::Range
            } else {
                Errno::Ok
            },
        );
    }
    if absx > 200.0 {
        if x < 0.0 {
            return (0.0 / sinpi(x), Errno::Ok);
        }
        return (f64::INFINITY, Errno::Range);
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    let z = if absx > LANCZOS_G_MINUS_HALF {
        let q = y - absx;
        q - LANCZOS_G_MINUS_HALF
    } else {
        let q = y - LANCZOS_G_MINUS_HALF;
        q - absx
    };
    let z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -std::f64::consts::PI / sinpi(absx) / absx * c_exp(y) / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= c_pow(y, absx - 0.5);
        } else {
            let sqrtpow = c_pow(y, absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / c_exp(y);
        r += z * r;
        if absx < 140.0 {
            r *= c_pow(y, absx - 0.5);
        } else {
            let sqrtpow = c_pow(y, absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    (
        r,
        if r.is_infinite() {
            Errno::Range
        } else {
            Errno::Ok
        },
    )
}

fn lgamma(x: f64) -> (f64, Errno) {
    if !x.is_finite() {
        if x.is_nan() {
            return (x, Errno::Ok);
        }
        return (f64::INFINITY, Errno::Ok);
    }
    if x == x.floor() && x <= 2.0 {
        if x <= 0.0 {
            return (f64::INFINITY, Errno::Dom);
        }
        return (0.0, Errno::Ok);
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return (-c_log(absx), Errno::Ok);
    }
    let mut r = c_log(lanczos_sum(absx)) - LANCZOS_G;
    r += (absx - 0.5) * (c_log(absx + LANCZOS_G - 0.5) - 1.0);
    if x < 0.0 {
        r = LOGPI - c_log(sinpi(absx).abs()) - c_log(absx) - r;
    }
    (
        r,
        if r.is_infinite() {
            Errno::Range
        } else {
            Errno::Ok
        },
    )
}

// ---------------------------------------------------------------------------
// logarithms

/// `log` of a number, handling ints too large for a float (CPython's `loghelper`).
fn loghelper(v: &Value, f: fn(f64) -> f64) -> PyResult<f64> {
    if crate::types::int::is_int(v) {
        let b = crate::types::int::to_bigint(v).unwrap_or_default();
        if b.sign() != Sign::Plus {
            return Err(domain_error());
        }
        match b.to_f64() {
            Some(x) if x.is_finite() => return checked_log(x, f),
            _ => {
                let (m, e) = big_frexp(&b);
                return Ok(f(m) + f(2.0) * e as f64);
            }
        }
    }
    let x = to_f64(v)?;
    checked_log(x, f)
}

fn checked_log(x: f64, f: fn(f64) -> f64) -> PyResult<f64> {
    if x.is_nan() {
        return Ok(x);
    }
    if x.is_infinite() {
        if x > 0.0 {
            return Ok(x);
        }
        return Err(domain_error());
    }
    if x <= 0.0 {
        return Err(domain_error());
    }
    Ok(f(x))
}

/// (m, e) with b ~= m * 2**e, 0.5 <= m < 1, m correctly rounded.
pub fn big_frexp(b: &BigInt) -> (f64, i64) {
    let mag = b.magnitude();
    let bits = mag.bits() as i64;
    // keep 55 bits and round by converting (to_f64 rounds half-even on the rest)
    let shift = bits - 55;
    let (top, sticky) = if shift > 0 {
        let t = mag >> (shift as usize);
        let lost = mag - (&t << (shift as usize));
        (t, !lost.is_zero())
    } else {
        (mag.clone(), false)
    };
    let mut t = top.to_u64().unwrap_or(0);
    if sticky {
        t |= 1;
    }
    let m = t as f64; // exact rounding of 55 bits (sticky bit keeps it correct)
    let e = shift.max(0);
    let (mm, ee) = c_frexp(m);
    let sign = if b.is_negative() { -1.0 } else { 1.0 };
    (sign * mm, ee as i64 + e)
}

fn m_log(x: f64) -> f64 {
    c_log(x)
}
fn m_log2(x: f64) -> f64 {
    c_log2(x)
}
fn m_log10(x: f64) -> f64 {
    c_log10(x)
}

fn math_log(a: &[Value], kw: Kw) -> PyResult<Value> {
    ndata::no_kw("log", kw)?;
    if a.is_empty() || a.len() > 2 {
        return Err(type_error(format!(
            "log expected {} argument{}, got {}",
            if a.is_empty() {
                "at least 1"
            } else {
                "at most 2"
            },
            if a.is_empty() { "" } else { "s" },
            a.len()
        )));
    }
    let num = loghelper(ndata::arg(a, 0)?, m_log)?;
    if a.len() == 2 {
        let den = loghelper(ndata::arg(a, 1)?, m_log)?;
        if den == 0.0 {
            return Err(zero_division("float division by zero"));
        }
        return Ok(Value::Float(num / den));
    }
    Ok(Value::Float(num))
}

// ---------------------------------------------------------------------------
// rounding

fn int_from_float(f: f64) -> PyResult<Value> {
    crate::types::int::float_to_int(f)
}

fn round_fn(v: &Value, dunder: &'static str, f: fn(f64) -> f64) -> PyResult<Value> {
    if let Value::Float(x) = v {
        return int_from_float(f(*x));
    }
    if crate::types::int::is_int(v) && !matches!(v, Value::Obj(_)) {
        return crate::types::int::index_value(v);
    }
    if let Some(m) = crate::ops::attr::lookup_special(v, dunder) {
        return crate::ops::call_unbound(&m, v, &[]);
    }
    if crate::types::int::is_int(v) {
        return crate::types::int::index_value(v);
    }
    let x = to_f64(v)?;
    int_from_float(f(x))
}

// ---------------------------------------------------------------------------
// integers

fn index_big(v: &Value) -> PyResult<BigInt> {
    let i = crate::types::int::index_value(v)?;
    Ok(crate::types::int::to_bigint(&i).unwrap_or_default())
}

fn from_big(b: BigInt) -> Value {
    crate::types::int::from_bigint(b)
}

/// Product of the integers in [lo, hi) by binary splitting.
fn range_product(lo: &BigInt, hi: &BigInt) -> BigInt {
    let n = hi - lo;
    if n <= BigInt::zero() {
        return BigInt::one();
    }
    if n < BigInt::from(16) {
        let mut r = BigInt::one();
        let mut i = lo.clone();
        while &i < hi {
            r *= &i;
            i += 1;
        }
        return r;
    }
    let mid: BigInt = lo + (&n >> 1usize);
    range_product(lo, &mid) * range_product(&mid, hi)
}

fn factorial_of(n: u64) -> BigInt {
    if n < 2 {
        return BigInt::one();
    }
    range_product(&BigInt::from(2), &BigInt::from(n + 1))
}

fn math_factorial(a: &[Value], kw: Kw) -> PyResult<Value> {
    let v = one_arg("factorial", a, kw)?;
    let n = index_big(v)?;
    if n.is_negative() {
        return Err(value_error("factorial() not defined for negative values"));
    }
    let Some(n) = n.to_i64() else {
        return Err(overflow_error(
            "factorial() argument should not exceed 9223372036854775807",
        ));
    };
    if n <= 20 {
        let mut r: i64 = 1;
        for i in 2..=n {
            r *= i;
        }
        return Ok(Value::Int(r));
    }
    Ok(from_big(factorial_of(n as u64)))
}

fn math_comb(a: &[Value], kw: Kw) -> PyResult<Value> {
    let (n, k) = two_args("comb", a, kw)?;
    let n = index_big(n)?;
    let k = index_big(k)?;
    if n.is_negative() {
        return Err(value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(value_error("k must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let nk = &n - &k;
    let k = if nk < k { nk } else { k };
    let Some(ki) = k.to_i64() else {
        return Err(overflow_error(
            "min(n - k, k) must not exceed 9223372036854775807",
        ));
    };
    if ki == 0 {
        return Ok(Value::Int(1));
    }
    let top = range_product(&(&n - &k + 1), &(&n + 1));
    Ok(from_big(top / factorial_of(ki as u64)))
}

fn math_perm(a: &[Value], kw: Kw) -> PyResult<Value> {
    ndata::no_kw("perm", kw)?;
    if a.is_empty() || a.len() > 2 {
        return Err(type_error(format!(
            "perm expected {} argument{}, got {}",
            if a.is_empty() {
                "at least 1"
            } else {
                "at most 2"
            },
            if a.is_empty() { "" } else { "s" },
            a.len()
        )));
    }
    if a.len() == 1 || ndata::argv(a, 1).is_none() {
        return math_factorial(&a[..1], None);
    }
    let n = index_big(ndata::arg(a, 0)?)?;
    let k = index_big(ndata::arg(a, 1)?)?;
    if n.is_negative() {
        return Err(value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(value_error("k must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    if k.to_i64().is_none() {
        return Err(overflow_error("k must not exceed 9223372036854775807"));
    }
    Ok(from_big(range_product(&(&n - &k + 1), &(&n + 1))))
}

fn math_gcd(a: &[Value], kw: Kw) -> PyResult<Value> {
    ndata::no_kw("gcd", kw)?;
    let mut r = BigInt::zero();
    for v in a {
        let b = index_big(v)?;
        if r.is_one() {
            continue;
        }
        r = r.gcd(&b);
    }
    Ok(from_big(r))
}

fn math_lcm(a: &[Value], kw: Kw) -> PyResult<Value> {
    ndata::no_kw("lcm", kw)?;
    let mut r = BigInt::one();
    for v in a {
        let b = index_big(v)?;
        if r.is_zero() {
            continue;
        }
        if b.is_zero() {
            r = BigInt::zero();
            continue;
        }
        let g = r.gcd(&b);
        r = (&r / g * &b).abs();
    }
    Ok(from_big(r))
}

fn math_isqrt(a: &[Value], kw: Kw) -> PyResult<Value> {
    let v = one_arg("isqrt", a, kw)?;
    let n = index_big(v)?;
    if n.is_negative() {
        return Err(value_error("isqrt() argument must be nonnegative"));
    }
    Ok(from_big(num_integer::Roots::sqrt(&n)))
}

// ---------------------------------------------------------------------------
// sums and norms

/// Exactly rounded sum (Shewchuk's algorithm with CPython's final correction).
pub fn fsum_values(items: &[f64]) -> PyResult<f64> {
    let mut partials: Vec<f64> = Vec::new();
    let mut special_sum = 0.0f64;
    let mut inf_sum = 0.0f64;
    for &xin in items {
        let mut x = xin;
        let xsave = x;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let yr = hi - x;
            let lo = y - yr;
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(overflow_error("intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(value_error("-inf + inf in fsum"));
        }
        return Ok(special_sum);
    }
    let mut n = partials.len();
    let mut hi = 0.0;
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(hi)
}

fn math_fsum(a: &[Value], kw: Kw) -> PyResult<Value> {
    let v = one_arg("fsum", a, kw)?;
    let it = crate::ops::get_iter(v)?;
    let mut xs = Vec::new();
    while let Some(x) = crate::ops::next(&it)? {
        xs.push(to_f64(&x)?);
    }
    Ok(Value::Float(fsum_values(&xs)?))
}

/// Accurate Euclidean norm of non-negative finite values with known maximum (as
/// CPython 3.11's `vector_norm`).
pub fn vector_norm(vec: &[f64], max: f64, found_nan: bool) -> f64 {
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, mut max_e) = c_frexp(max);
    if max_e < -1023 {
        // subnormal: scale up first
        let scaled: Vec<f64> = vec.iter().map(|x| x / f64::MIN_POSITIVE).collect();
        return f64::MIN_POSITIVE * vector_norm(&scaled, max / f64::MIN_POSITIVE, found_nan);
    }
    if max_e == 0 {
        max_e = 0;
    }
    let scale = c_ldexp(1.0, -max_e);
    let mut csum = 1.0f64;
    let mut frac1 = 0.0f64;
    let mut frac2 = 0.0f64;
    for &x0 in vec {
        let x = x0 * scale;
        let pr_hi = x * x;
        let pr_lo = x.mul_add(x, -pr_hi);
        let sm_hi = csum + pr_hi;
        let sm_lo = (csum - sm_hi) + pr_hi;
        csum = sm_hi;
        frac1 += pr_lo;
        frac2 += sm_lo;
    }
    let mut h = c_sqrt(csum - 1.0 + (frac1 + frac2));
    let pr_hi = -h * h;
    let pr_lo = (-h).mul_add(h, -pr_hi);
    let sm_hi = csum + pr_hi;
    let sm_lo = (csum - sm_hi) + pr_hi;
    csum = sm_hi;
    frac1 += pr_lo;
    frac2 += sm_lo;
    let x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    h / scale
}

fn norm_arg(v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        _ => to_f64(v),
    }
}

fn math_hypot(a: &[Value], kw: Kw) -> PyResult<Value> {
    ndata::no_kw("hypot", kw)?;
    let mut vec = Vec::with_capacity(a.len());
    let mut max = 0.0f64;
    let mut found_nan = false;
    for v in a {
        let x = norm_arg(v)?.abs();
        found_nan |= x.is_nan();
        if x > max {
            max = x;
        }
        vec.push(x);
    }
    Ok(Value::Float(vector_norm(&vec, max, found_nan)))
}

fn as_tuple_items(v: &Value) -> PyResult<Vec<Value>> {
    if let Some(t) = crate::types::tuple::as_tuple(v) {
        return Ok(t.to_vec());
    }
    crate::ops::iterate(v)
}

fn math_dist(a: &[Value], kw: Kw) -> PyResult<Value> {
    let (p, q) = two_args("dist", a, kw)?;
    let p = as_tuple_items(p)?;
    let q = as_tuple_items(q)?;
    if p.len() != q.len() {
        return Err(value_error(
            "both points must have the same number of dimensions",
        ));
    }
    let mut vec = Vec::with_capacity(p.len());
    let mut max = 0.0f64;
    let mut found_nan = false;
    for (x, y) in p.iter().zip(q.iter()) {
        let d = (norm_arg(x)? - norm_arg(y)?).abs();
        found_nan |= d.is_nan();
        if d > max {
            max = d;
        }
        vec.push(d);
    }
    Ok(Value::Float(vector_norm(&vec, max, found_nan)))
}

fn math_prod(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("prod", a, kw, &["", "$start"], 1)?;
    let mut acc = args[1].clone().unwrap_or(Value::Int(1));
    let it = crate::ops::get_iter(args[0].as_ref().unwrap())?;
    while let Some(x) = crate::ops::next(&it)? {
        acc = match (&acc, &x) {
            (Value::Int(p), Value::Int(q)) => match p.checked_mul(*q) {
                Some(r) => Value::Int(r),
                None => crate::ops::arith::binary_op(&acc, &x, BinOp::Mul)?,
            },
            (Value::Float(p), Value::Float(q)) => Value::Float(p * q),
            _ => crate::ops::arith::binary_op(&acc, &x, BinOp::Mul)?,
        };
    }
    Ok(acc)
}

// ---------------------------------------------------------------------------
// two-argument float functions

fn math_pow(a: &[Value], kw: Kw) -> PyResult<Value> {
    let (x, y) = two_args("pow", a, kw)?;
    let x = to_f64(x)?;
    let y = to_f64(y)?;
    let r;
    let mut err = Errno::Ok;
    if !x.is_finite() || !y.is_finite() {
        r = if x.is_nan() {
            if y == 0.0 {
                1.0
            } else {
                x
            }
        } else if y.is_nan() {
            if x == 1.0 {
                1.0
            } else {
                y
            }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && c_fmod(y.abs(), 2.0) == 1.0;
            if y > 0.0 {
                if odd_y {
                    x
                } else {
                    x.abs()
                }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if y > 0.0 && x.abs() > 1.0 {
            y
        } else if y < 0.0 && x.abs() < 1.0 {
            -y
        } else {
            0.0
        };
    } else {
        r = c_pow(x, y);
        if !r.is_finite() {
            if r.is_nan() {
                err = Errno::Dom;
            } else if x == 0.0 {
                err = Errno::Dom;
            } else {
                err = Errno::Range;
            }
        }
    }
    check_errno(r, err)
}

fn math_fmod(a: &[Value], kw: Kw) -> PyResult<Value> {
    let (x, y) = two_args("fmod", a, kw)?;
    let x = to_f64(x)?;
    let y = to_f64(y)?;
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::Float(x));
    }
    let r = c_fmod(x, y);
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error());
    }
    Ok(Value::Float(r))
}

fn math_remainder(a: &[Value], kw: Kw) -> PyResult<Value> {
    let (x, y) = two_args("remainder", a, kw)?;
    let x = to_f64(x)?;
    let y = to_f64(y)?;
    if x.is_nan() {
        return Ok(Value::Float(x));
    }
    if y.is_nan() {
        return Ok(Value::Float(y));
    }
    if x.is_infinite() || y == 0.0 {
        return Err(domain_error());
    }
    if y.is_infinite() {
        return Ok(Value::Float(x));
    }
    Ok(Value::Float(c_remainder(x, y)))
}

fn math_atan2(a: &[Value], kw: Kw) -> PyResult<Value> {
    let (y, x) = two_args("atan2", a, kw)?;
    let y = to_f64(y)?;
    let x = to_f64(x)?;
    Ok(Value::Float(c_atan2(y, x)))
}

fn math_copysign(a: &[Value], kw: Kw) -> PyResult<Value> {
    let (x, y) = two_args("copysign", a, kw)?;
    Ok(Value::Float(to_f64(x)?.copysign(to_f64(y)?)))
}

fn math_isclose(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("isclose", a, kw, &["a", "b", "$rel_tol", "$abs_tol"], 2)?;
    let x = to_f64(args[0].as_ref().unwrap())?;
    let y = to_f64(args[1].as_ref().unwrap())?;
    let rel = match &args[2] {
        Some(v) => to_f64(v)?,
        None => 1e-9,
    };
    let abs = match &args[3] {
        Some(v) => to_f64(v)?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(value_error("tolerances must be non-negative"));
    }
    if x == y {
        return Ok(Value::Bool(true));
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let diff = (y - x).abs();
    Ok(Value::Bool(
        diff <= (rel * y).abs() || diff <= (rel * x).abs() || diff <= abs,
    ))
}

fn math_frexp(a: &[Value], kw: Kw) -> PyResult<Value> {
    let x = to_f64(one_arg("frexp", a, kw)?)?;
    let (m, e) = if x.is_nan() || x.is_infinite() || x == 0.0 {
        (x, 0)
    } else {
        c_frexp(x)
    };
    Ok(crate::types::tuple::new_tuple(vec![
        Value::Float(m),
        Value::Int(e as i64),
    ]))
}

fn math_ldexp(a: &[Value], kw: Kw) -> PyResult<Value> {
    let (xv, iv) = two_args("ldexp", a, kw)?;
    let x = to_f64(xv)?;
    if !crate::types::int::is_int(iv) {
        return Err(type_error("Expected an int as second argument to ldexp."));
    }
    let e = crate::types::int::to_bigint(iv).unwrap_or_default();
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::Float(x));
    }
    let e = match e.to_i64() {
        Some(e) => e,
        None => {
            if e.is_negative() {
                return Ok(Value::Float(0.0f64.copysign(x)));
            }
            return Err(range_error());
        }
    };
    let r = if e > i32::MAX as i64 {
        f64::INFINITY.copysign(x)
    } else if e < i32::MIN as i64 {
        0.0f64.copysign(x)
    } else {
        c_ldexp(x, e as i32)
    };
    if r.is_infinite() {
        return Err(range_error());
    }
    Ok(Value::Float(r))
}

fn math_modf(a: &[Value], kw: Kw) -> PyResult<Value> {
    let x = to_f64(one_arg("modf", a, kw)?)?;
    let (f, i) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else if x.is_nan() {
        (x, x)
    } else {
        let i = x.trunc();
        ((x - i).copysign(x), i)
    };
    Ok(crate::types::tuple::new_tuple(vec![
        Value::Float(f),
        Value::Float(i),
    ]))
}

fn math_trunc(a: &[Value], kw: Kw) -> PyResult<Value> {
    let v = one_arg("trunc", a, kw)?;
    if let Value::Float(x) = v {
        return int_from_float(x.trunc());
    }
    if let Value::Int(_) | Value::Bool(_) = v {
        return crate::types::int::index_value(v);
    }
    match crate::ops::attr::lookup_special(v, "__trunc__") {
        Some(m) => crate::ops::call_unbound(&m, v, &[]),
        None => Err(type_error(format!(
            "type {} doesn't define __trunc__ method",
            v.type_name()
        ))),
    }
}

fn math_nextafter(a: &[Value], kw: Kw) -> PyResult<Value> {
    let (x, y) = two_args("nextafter", a, kw)?;
    Ok(Value::Float(c_nextafter(to_f64(x)?, to_f64(y)?)))
}

fn math_ulp(a: &[Value], kw: Kw) -> PyResult<Value> {
    let x = to_f64(one_arg("ulp", a, kw)?)?;
    if x.is_nan() {
        return Ok(Value::Float(x));
    }
    let x = x.abs();
    if x.is_infinite() {
        return Ok(Value::Float(x));
    }
    let x2 = c_nextafter(x, f64::INFINITY);
    if x2.is_infinite() {
        let x2 = c_nextafter(x, -f64::INFINITY);
        return Ok(Value::Float(x - x2));
    }
    Ok(Value::Float(x2 - x))
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "pi", Value::Float(std::f64::consts::PI));
    set_attr(m, "e", Value::Float(std::f64::consts::E));
    set_attr(m, "tau", Value::Float(std::f64::consts::TAU));
    set_attr(m, "inf", Value::Float(f64::INFINITY));
    set_attr(m, "nan", Value::Float(f64::NAN));
    macro_rules! f1 {
        ($name:literal, $f:expr, $ovf:expr) => {
            add_function(m, $name, |a, kw| math_1(one_arg($name, a, kw)?, $f, $ovf));
        };
    }
    f1!("acos", c_acos, false);
    f1!("acosh", c_acosh, false);
    f1!("asin", c_asin, false);
    f1!("asinh", c_asinh, false);
    f1!("atan", c_atan, false);
    f1!("atanh", c_atanh, false);
    f1!("cbrt", c_cbrt, false);
    f1!("cos", c_cos, false);
    f1!("cosh", c_cosh, true);
    f1!("exp", c_exp, true);
    f1!("exp2", c_exp2, true);
    f1!("expm1", c_expm1, true);
    f1!("fabs", f64::abs, false);
    f1!("log1p", |x| if x == 0.0 { x } else { c_log1p(x) }, false);
    f1!("sin", c_sin, false);
    f1!("sinh", c_sinh, true);
    f1!("sqrt", c_sqrt, false);
    f1!("tan", c_tan, false);
    f1!("tanh", c_tanh, false);
    add_function(m, "erf", |a, kw| {
        Ok(Value::Float(c_erf(to_f64(one_arg("erf", a, kw)?)?)))
    });
    add_function(m, "erfc", |a, kw| {
        Ok(Value::Float(c_erfc(to_f64(one_arg("erfc", a, kw)?)?)))
    });
    add_function(m, "gamma", |a, kw| {
        let (r, e) = tgamma(to_f64(one_arg("gamma", a, kw)?)?);
        check_errno(r, e)
    });
    add_function(m, "lgamma", |a, kw| {
        let (r, e) = lgamma(to_f64(one_arg("lgamma", a, kw)?)?);
        check_errno(r, e)
    });
    add_function(m, "degrees", |a, kw| {
        Ok(Value::Float(
            to_f64(one_arg("degrees", a, kw)?)? * (180.0 / std::f64::consts::PI),
        ))
    });
    add_function(m, "radians", |a, kw| {
        Ok(Value::Float(
            to_f64(one_arg("radians", a, kw)?)? * (std::f64::consts::PI / 180.0),
        ))
    });
    add_function(m, "isfinite", |a, kw| {
        Ok(Value::Bool(
            to_f64(one_arg("isfinite", a, kw)?)?.is_finite(),
        ))
    });
    add_function(m, "isinf", |a, kw| {
        Ok(Value::Bool(to_f64(one_arg("isinf", a, kw)?)?.is_infinite()))
    });
    add_function(m, "isnan", |a, kw| {
        Ok(Value::Bool(to_f64(one_arg("isnan", a, kw)?)?.is_nan()))
    });
    add_function(m, "ceil", |a, kw| {
        round_fn(one_arg("ceil", a, kw)?, "__ceil__", f64::ceil)
    });
    add_function(m, "floor", |a, kw| {
        round_fn(one_arg("floor", a, kw)?, "__floor__", f64::floor)
    });
    add_function(m, "trunc", math_trunc);
    add_function(m, "log", math_log);
    add_function(m, "log2", |a, kw| {
        Ok(Value::Float(loghelper(one_arg("log2", a, kw)?, m_log2)?))
    });
    add_function(m, "log10", |a, kw| {
        Ok(Value::Float(loghelper(one_arg("log10", a, kw)?, m_log10)?))
    });
    add_function(m, "factorial", math_factorial);
    add_function(m, "comb", math_comb);
    add_function(m, "perm", math_perm);
    add_function(m, "gcd", math_gcd);
    add_function(m, "lcm", math_lcm);
    add_function(m, "isqrt", math_isqrt);
    add_function(m, "fsum", math_fsum);
    add_function(m, "hypot", math_hypot);
    add_function(m, "dist", math_dist);
    add_function(m, "prod", math_prod);
    add_function(m, "pow", math_pow);
    add_function(m, "fmod", math_fmod);
    add_function(m, "remainder", math_remainder);
    add_function(m, "atan2", math_atan2);
    add_function(m, "copysign", math_copysign);
    add_function(m, "isclose", math_isclose);
    add_function(m, "frexp", math_frexp);
    add_function(m, "ldexp", math_ldexp);
    add_function(m, "modf", math_modf);
    add_function(m, "nextafter", math_nextafter);
    add_function(m, "ulp", math_ulp);
    Ok(())
}
