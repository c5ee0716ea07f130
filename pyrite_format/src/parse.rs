//! `int(str, base)` and `float(str)`.

use num_bigint::{BigInt, BigUint, Sign as BigSign};

use crate::error::{FormatError, FormatResult};
use crate::int_str::DEFAULT_MAX_STR_DIGITS;
use crate::unicode::{is_c_space, repr_str, to_ascii_number_text, truncate_chars};

/// The ValueError `int()` raises for bases outside 2..=36 other than 0.
pub fn int_base_error() -> FormatError {
    FormatError::value("int() base must be >= 2 and <= 36, or 0")
}

/// The ValueError `int()` raises when a string has too many digits.
pub fn int_from_str_limit_error(limit: usize, ndigits: usize) -> FormatError {
    FormatError::value(format!(
        "Exceeds the limit ({} digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
        limit, ndigits
    ))
}

/// "invalid literal for int() with base 10: 'abc'" given the repr of the original object
/// (truncated to 200 characters as CPython does).
pub fn invalid_int_literal(base: u32, original_repr: &str) -> FormatError {
    FormatError::value(format!(
        "invalid literal for int() with base {}: {}",
        base,
        truncate_chars(original_repr, 200)
    ))
}

/// `int(s, base)` with CPython 3.11's default digit limit (4300).  See [`parse_int_ex`].
pub fn parse_int(s: &str, base: u32) -> FormatResult<BigInt> {
    parse_int_ex(s, base, DEFAULT_MAX_STR_DIGITS, None)
}

/// `int(s, base)` with the given `sys.set_int_max_str_digits()` limit (0 = unlimited).
pub fn parse_int_with_limit(s: &str, base: u32, max_str_digits: usize) -> FormatResult<BigInt> {
    parse_int_ex(s, base, max_str_digits, None)
}

fn digit_value(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => (b - b'0') as u32,
        b'a'..=b'z' => (b - b'a') as u32 + 10,
        b'A'..=b'Z' => (b - b'A') as u32 + 10,
        _ => 99,
    }
}

/// `int(s, base)`: surrounding whitespace (ASCII and Unicode) stripped, optional sign,
/// `0x`/`0o`/`0b` prefix for base 0 or the matching base, single underscores between
/// digits (and right after a prefix), Unicode decimal digits accepted, base 0 rejecting
/// `010`, digit limit for non-power-of-two bases (`max_str_digits`, 0 = none).
/// `original_repr` is the repr to show in "invalid literal" errors (default: `repr(s)`;
/// pass e.g. `b'12x'` when the VM parses bytes).
pub fn parse_int_ex(
    s: &str,
    base: u32,
    max_str_digits: usize,
    original_repr: Option<&str>,
) -> FormatResult<BigInt> {
    if base != 0 && !(2..=36).contains(&base) {
        return Err(int_base_error());
    }
    let invalid = || {
        invalid_int_literal(
            base,
            &original_repr
                .map(str::to_string)
                .unwrap_or_else(|| repr_str(s)),
        )
    };
    let Some(text) = to_ascii_number_text(s) else {
        return Err(invalid());
    };
    let b = text.as_bytes();
    let mut p = 0;
    while p < b.len() && is_c_space(b[p]) {
        p += 1;
    }
    let mut negative = false;
    if p < b.len() && (b[p] == b'+' || b[p] == b'-') {
        negative = b[p] == b'-';
        p += 1;
    }
    let mut eff_base = base;
    let mut after_prefix = false;
    let has_prefix = |c: u8| p + 1 < b.len() && b[p] == b'0' && b[p + 1].to_ascii_lowercase() == c;
    if base == 0 {
        if has_prefix(b'x') {
            eff_base = 16;
            after_prefix = true;
        } else if has_prefix(b'o') {
            eff_base = 8;
            after_prefix = true;
        } else if has_prefix(b'b') {
            eff_base = 2;
            after_prefix = true;
        } else {
            eff_base = 10;
        }
    } else if (base == 16 && has_prefix(b'x'))
        || (base == 8 && has_prefix(b'o'))
        || (base == 2 && has_prefix(b'b'))
    {
        after_prefix = true;
    }
    if after_prefix {
        p += 2;
        if p < b.len() && b[p] == b'_' {
            p += 1;
        }
    }
    let leading_zero_base0 = base == 0 && !after_prefix && p < b.len() && b[p] == b'0';
    // Scan digits with single underscores between them.
    let mut digits: Vec<u8> = Vec::new();
    let start = p;
    while p < b.len() {
        let c = b[p];
        if c == b'_' {
            if p + 1 < b.len() && digit_value(b[p + 1]) < eff_base && p > start {
                p += 1;
                continue;
            }
            return Err(invalid());
        }
        if digit_value(c) >= eff_base {
            break;
        }
        digits.push(c);
        p += 1;
    }
    if digits.is_empty() {
        return Err(invalid());
    }
    if max_str_digits > 0 && !eff_base.is_power_of_two() && digits.len() > max_str_digits {
        return Err(int_from_str_limit_error(max_str_digits, digits.len()));
    }
    while p < b.len() && is_c_space(b[p]) {
        p += 1;
    }
    if p != b.len() {
        return Err(invalid());
    }
    if leading_zero_base0 && digits.iter().any(|&d| d != b'0') {
        return Err(invalid());
    }
    let mag = BigUint::parse_bytes(&digits, eff_base).ok_or_else(invalid)?;
    Ok(BigInt::from_biguint(
        if negative {
            BigSign::Minus
        } else {
            BigSign::Plus
        },
        mag,
    ))
}

/// "could not convert string to float: 'x'" given the repr of the original object.
pub fn invalid_float_literal(original_repr: &str) -> FormatError {
    FormatError::value(format!(
        "could not convert string to float: {}",
        original_repr
    ))
}

/// `float(s)`: surrounding whitespace stripped, optional sign, `inf`/`infinity`/`nan`
/// (any case), decimal literal with single underscores between digits, Unicode decimal
/// digits; correctly rounded (overflow gives ±inf as in CPython).
pub fn parse_float(s: &str) -> FormatResult<f64> {
    parse_float_ex(s, None)
}

/// [`parse_float`] with the repr of the original object for the error message
/// (default `repr(s)`).
pub fn parse_float_ex(s: &str, original_repr: Option<&str>) -> FormatResult<f64> {
    let invalid = || {
        invalid_float_literal(
            &original_repr
                .map(str::to_string)
                .unwrap_or_else(|| repr_str(s)),
        )
    };
    let Some(text) = to_ascii_number_text(s) else {
        return Err(invalid());
    };
    let b = text.as_bytes();
    let mut i = 0;
    let mut j = b.len();
    while i < j && is_c_space(b[i]) {
        i += 1;
    }
    while j > i && is_c_space(b[j - 1]) {
        j -= 1;
    }
    let t = &b[i..j];
    match parse_float_literal(t) {
        Some(v) => Ok(v),
        None => Err(invalid()),
    }
}

/// Parses a decimal float literal (already stripped, ASCII) with Python's underscore
/// rules; `None` if malformed.
pub(crate) fn parse_float_literal(t: &[u8]) -> Option<f64> {
    let mut p = 0;
    let mut negative = false;
    if p < t.len() && (t[p] == b'+' || t[p] == b'-') {
        negative = t[p] == b'-';
        p += 1;
    }
    let rest = &t[p..];
    let apply = |v: f64| if negative { -v } else { v };
    if rest.eq_ignore_ascii_case(b"inf") || rest.eq_ignore_ascii_case(b"infinity") {
        return Some(apply(f64::INFINITY));
    }
    if rest.eq_ignore_ascii_case(b"nan") {
        return Some(apply(f64::NAN));
    }
    let mut clean: Vec<u8> = Vec::with_capacity(rest.len());
    // digitpart: digit (['_'] digit)*
    fn digitpart(t: &[u8], p: &mut usize, out: &mut Vec<u8>) -> Option<usize> {
        let mut n = 0;
        while *p < t.len() {
            let c = t[*p];
            if c.is_ascii_digit() {
                out.push(c);
                n += 1;
                *p += 1;
            } else if c == b'_' && n > 0 && *p + 1 < t.len() && t[*p + 1].is_ascii_digit() {
                *p += 1;
            } else if c == b'_' {
                return None;
            } else {
                break;
            }
        }
        Some(n)
    }
    let int_digits = digitpart(t, &mut p, &mut clean)?;
    let mut frac_digits = 0;
    if p < t.len() && t[p] == b'.' {
        clean.push(b'.');
        p += 1;
        frac_digits = digitpart(t, &mut p, &mut clean)?;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if p < t.len() && (t[p] == b'e' || t[p] == b'E') {
        clean.push(b'e');
        p += 1;
        if p < t.len() && (t[p] == b'+' || t[p] == b'-') {
            clean.push(t[p]);
            p += 1;
        }
        let n = digitpart(t, &mut p, &mut clean)?;
        if n == 0 {
            return None;
        }
    }
    if p != t.len() {
        return None;
    }
    let s = std::str::from_utf8(&clean).ok()?;
    let v: f64 = s.parse().ok()?;
    Some(apply(v))
}
