//! Glue between Python values and the format mini-language (`format()`, f-strings,
//! `str.format`, `%`). The digit work lives in the `pyrite_format` crate.

use crate::errors::*;
use crate::types::Payload;
use crate::value::Value;
use pyrite_format::{ErrorKind, FormatError};

/// Turn a `pyrite_format` error into the Python exception it names.
pub fn fmt_err(e: FormatError) -> PyErr {
    let x = crate::types::exceptions::exc();
    match e.kind {
        ErrorKind::ValueError => value_error(e.message),
        ErrorKind::OverflowError => overflow_error(e.message),
        ErrorKind::TypeError => type_error(e.message),
        ErrorKind::MemoryError => memory_error(),
        ErrorKind::IndexError => index_error(e.message),
        ErrorKind::ZeroDivisionError => PyErr::new(&x.zero_division_error, e.message),
    }
}

/// A float value (exact float or float subclass instance).
fn float_of(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(*f),
        _ => match v.payload() {
            Some(Payload::Float(f)) => Some(*f),
            _ => None,
        },
    }
}

/// `format(v, spec)` for the builtin str, int (and bool), float and complex types.
pub fn format_value_spec(v: &Value, spec: &str) -> PyResult<String> {
    let tn = v.type_name();
    if let Some(st) = crate::types::str::as_str(v) {
        return pyrite_format::str_format(st, spec, &tn).map_err(fmt_err);
    }
    if crate::types::int::is_int(v) {
        let b = crate::types::int::to_bigint(v).unwrap_or_default();
        let parsed = pyrite_format::parse_format_spec(spec, &tn).map_err(fmt_err)?;
        if matches!(parsed.type_code, None | Some('d') | Some('n')) {
            check_int_digits(&b)?;
        }
        if parsed.type_code == Some('c') {
            // a lone surrogate becomes its stored (shadow) character
            if let Some(u) = num_traits::ToPrimitive::to_u32(&b) {
                if (0xD800..0xE000).contains(&u) {
                    let shadow = crate::types::str::SHADOW_BASE + (u - 0xD800);
                    let sb = num_bigint::BigInt::from(shadow);
                    return pyrite_format::format_int(&sb, &parsed, &tn).map_err(fmt_err);
                }
            }
        }
        return pyrite_format::format_int(&b, &parsed, &tn).map_err(fmt_err);
    }
    if let Some(f) = float_of(v) {
        return pyrite_format::float_format(f, spec, &tn).map_err(fmt_err);
    }
    if let Some(Payload::Complex(re, im)) = v.payload() {
        return pyrite_format::complex_format(*re, *im, spec, &tn).map_err(fmt_err);
    }
    Err(type_error(format!(
        "unsupported format string passed to {}.__format__",
        tn
    )))
}

/// ValueError when a decimal conversion of `b` exceeds `sys.get_int_max_str_digits()`.
pub fn check_int_digits(b: &num_bigint::BigInt) -> PyResult<()> {
    let limit = crate::modules::sys::int_max_str_digits();
    if limit > 0 && (b.bits() as f64) * std::f64::consts::LOG10_2 > limit as f64 {
        crate::types::int::big_repr(b)?;
    }
    Ok(())
}

/// `round(x, n)` correctly rounded (OverflowError when the result overflows).
pub fn round_float_checked(x: f64, n: i64) -> PyResult<f64> {
    pyrite_format::round_float(x, n).map_err(fmt_err)
}

/// `round(x, n)` correctly rounded (infinite on overflow).
pub fn round_float(x: f64, n: i32) -> f64 {
    pyrite_format::round_float(x, n as i64).unwrap_or(f64::INFINITY.copysign(x))
}
