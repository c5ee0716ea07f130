//! `float.hex()`, `float.fromhex()`, `float.as_integer_ratio()`, `round()`, `int(float)`
//! and correctly rounded `int` -> `float` conversion.

use num_bigint::{BigInt, BigUint, Sign as BigSign};
use num_traits::{ToPrimitive, Zero};

use crate::decimal::{self, decompose};
use crate::error::{FormatError, FormatResult};

/// Builds the double nearest to `mant × 2^exp2` (round-half-even); `None` on overflow.
pub(crate) fn scaled_to_f64(mant: &BigUint, exp2: i64) -> Option<f64> {
    if mant.is_zero() {
        return Some(0.0);
    }
    let nbits = mant.bits() as i64;
    // value in [2^top, 2^(top+1))
    let top = nbits.saturating_add(exp2) - 1;
    if top > 1023 {
        return None;
    }
    if top < -1076 {
        return Some(0.0);
    }
    // exponent of the last kept bit
    let lsb = (top - 52).max(-1074);
    let shift = lsb - exp2; // bits to drop
    let m: u64 = if shift <= 0 {
        // exact: fits in 53 bits
        (mant << ((-shift) as usize)).to_u64().unwrap_or(0)
    } else {
        let sh = shift as u64;
        let q: BigUint = mant >> sh;
        let mut q = q.to_u64().unwrap_or(0);
        // the dropped bits: first one is the half bit
        let half_bit = mant.bit(sh - 1);
        if half_bit {
            let tz = mant.trailing_zeros().unwrap_or(0);
            let sticky = tz < sh - 1;
            if sticky || q & 1 == 1 {
                q += 1;
            }
        }
        q
    };
    let (mut m, mut lsb) = (m, lsb);
    if m == 1u64 << 53 {
        m >>= 1;
        lsb += 1;
    }
    if m >= 1u64 << 52 {
        let biased = lsb + 52 + 1023;
        if biased >= 0x7FF {
            return None;
        }
        Some(f64::from_bits(
            ((biased as u64) << 52) | (m & ((1u64 << 52) - 1)),
        ))
    } else {
        // subnormal (lsb == -1074)
        Some(f64::from_bits(m))
    }
}

/// `float(n)` for an int: correctly rounded (half-even); OverflowError
/// "int too large to convert to float" beyond the double range.
pub fn bigint_to_f64(v: &BigInt) -> FormatResult<f64> {
    let mag = v.magnitude();
    let r = if mag.bits() <= 53 {
        Some(mag.to_u64().unwrap_or(0) as f64)
    } else {
        scaled_to_f64(mag, 0)
    };
    match r {
        Some(x) => Ok(if v.sign() == BigSign::Minus { -x } else { x }),
        None => Err(FormatError::overflow("int too large to convert to float")),
    }
}

/// `a / b` for two ints (true division), correctly rounded like CPython:
/// ZeroDivisionError "division by zero", OverflowError "integer division result too large
/// for a float"; a zero quotient keeps the sign (`0 / -5 == -0.0`).
pub fn int_true_divide(a: &BigInt, b: &BigInt) -> FormatResult<f64> {
    if b.is_zero() {
        return Err(FormatError {
            kind: crate::error::ErrorKind::ZeroDivisionError,
            message: "division by zero".into(),
        });
    }
    let negative = (a.sign() == BigSign::Minus) != (b.sign() == BigSign::Minus);
    let apply = |v: f64| if negative { -v } else { v };
    let (n, d) = (a.magnitude(), b.magnitude());
    if n.is_zero() {
        return Ok(apply(0.0));
    }
    // Both exactly representable: one correctly rounded IEEE division.
    if n.bits() <= 53 && d.bits() <= 53 {
        return Ok(apply(
            n.to_u64().unwrap_or(0) as f64 / d.to_u64().unwrap_or(1) as f64,
        ));
    }
    // Quotient with at least 55 bits plus a sticky bit, then one rounding.
    let shift = 55 + d.bits() as i64 - n.bits() as i64;
    let (num, den) = if shift >= 0 {
        (n << shift as usize, d.clone())
    } else {
        (n.clone(), d << (-shift) as usize)
    };
    let (q, r) = num_integer::Integer::div_rem(&num, &den);
    let q = (q << 1usize) | BigUint::from(u8::from(!r.is_zero()));
    match scaled_to_f64(&q, -shift - 1) {
        Some(v) => Ok(apply(v)),
        None => Err(FormatError::overflow(
            "integer division result too large for a float",
        )),
    }
}

/// `int(x)` for a float (truncation toward zero).  ValueError "cannot convert float NaN
/// to integer", OverflowError "cannot convert float infinity to integer".
pub fn f64_to_bigint(x: f64) -> FormatResult<BigInt> {
    if x.is_nan() {
        return Err(FormatError::value("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(FormatError::overflow(
            "cannot convert float infinity to integer",
        ));
    }
    let t = x.trunc();
    if t.abs() < 9.0e18 {
        return Ok(BigInt::from(t as i64));
    }
    let (m, e) = decompose(t);
    let mag = if e >= 0 {
        BigUint::from(m) << e as usize
    } else {
        BigUint::from(m >> (-e) as u32)
    };
    Ok(BigInt::from_biguint(
        if t < 0.0 {
            BigSign::Minus
        } else {
            BigSign::Plus
        },
        mag,
    ))
}

/// `round(x)` (no ndigits): nearest integer, ties to even; errors as [`f64_to_bigint`].
pub fn round_to_int(x: f64) -> FormatResult<BigInt> {
    if !x.is_finite() {
        return f64_to_bigint(x);
    }
    f64_to_bigint(x.round_ties_even())
}

/// `round(x, ndigits)` for a float: rounds the exact binary value half-even to
/// `ndigits` decimal places and returns the double nearest to that decimal
/// (`round(2.675, 2) == 2.67`, `round(2.5, 0) == 2.0`).  OverflowError
/// "rounded value too large to represent" when the result overflows.
pub fn round_float(x: f64, ndigits: i64) -> FormatResult<f64> {
    if !x.is_finite() || x == 0.0 {
        return Ok(x);
    }
    // Beyond these bounds the result is x itself or a signed zero.
    if ndigits > 323 {
        return Ok(x);
    }
    if ndigits < -308 {
        return Ok(0.0f64.copysign(x));
    }
    let d = decimal::fixed(x, ndigits);
    if d.is_zero() {
        return Ok(0.0f64.copysign(x));
    }
    let mut s = String::with_capacity(d.digits.len() + 8);
    if x < 0.0 {
        s.push('-');
    }
    s.push_str(std::str::from_utf8(&d.digits).unwrap_or("0"));
    s.push('e');
    s.push_str(&(d.decpt - d.digits.len() as i64).to_string());
    let r: f64 = s.parse().unwrap_or(f64::INFINITY);
    if r.is_infinite() {
        return Err(FormatError::overflow(
            "rounded value too large to represent",
        ));
    }
    Ok(r)
}

/// `x.as_integer_ratio()`: the exact fraction in lowest terms, positive denominator.
/// OverflowError "cannot convert Infinity to integer ratio", ValueError
/// "cannot convert NaN to integer ratio".
pub fn float_as_integer_ratio(x: f64) -> FormatResult<(BigInt, BigInt)> {
    if x.is_nan() {
        return Err(FormatError::value("cannot convert NaN to integer ratio"));
    }
    if x.is_infinite() {
        return Err(FormatError::overflow(
            "cannot convert Infinity to integer ratio",
        ));
    }
    let (m, e) = decompose(x);
    let sign = if x < 0.0 {
        BigSign::Minus
    } else {
        BigSign::Plus
    };
    if m == 0 {
        return Ok((BigInt::zero(), BigInt::from(1)));
    }
    if e >= 0 {
        Ok((
            BigInt::from_biguint(sign, BigUint::from(m) << e as usize),
            BigInt::from(1),
        ))
    } else {
        Ok((
            BigInt::from_biguint(sign, BigUint::from(m)),
            BigInt::from(1) << (-e) as usize,
        ))
    }
}

/// `x.hex()`: `'0x1.8000000000000p+0'`, `'-0x0.0p+0'`, `'0x0.0000000000001p-1022'`,
/// `'inf'`, `'nan'`.
pub fn float_hex(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf".into() } else { "inf".into() };
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{}0x0.0p+0", sign);
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7FF) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (lead, exp) = if biased == 0 {
        (0, -1022)
    } else {
        (1, biased - 1023)
    };
    format!(
        "{}0x{}.{:013x}p{}{}",
        sign,
        lead,
        frac,
        if exp < 0 { "-" } else { "+" },
        exp.abs()
    )
}

/// `float.fromhex(s)`: `[sign] ['0x'] hexdigits ['.' hexdigits] ['p' [sign] decimal]`
/// (or inf/infinity/nan), surrounding whitespace allowed, correctly rounded.
/// ValueError "invalid hexadecimal floating-point string", OverflowError
/// "hexadecimal value too large to represent as a float".
pub fn float_fromhex(s: &str) -> FormatResult<f64> {
    let invalid = || FormatError::value("invalid hexadecimal floating-point string");
    let b = s.as_bytes();
    let mut i = 0;
    let mut j = b.len();
    while i < j && crate::unicode::is_c_space(b[i]) {
        i += 1;
    }
    while j > i && crate::unicode::is_c_space(b[j - 1]) {
        j -= 1;
    }
    let t = &b[i..j];
    let mut p = 0;
    let mut negative = false;
    if p < t.len() && (t[p] == b'+' || t[p] == b'-') {
        negative = t[p] == b'-';
        p += 1;
    }
    let rest = &t[p..];
    let apply = |v: f64| if negative { -v } else { v };
    if rest.eq_ignore_ascii_case(b"inf") || rest.eq_ignore_ascii_case(b"infinity") {
        return Ok(apply(f64::INFINITY));
    }
    if rest.eq_ignore_ascii_case(b"nan") {
        return Ok(apply(f64::NAN));
    }
    if rest.len() >= 2 && rest[0] == b'0' && (rest[1] == b'x' || rest[1] == b'X') {
        p += 2;
    }
    let mut digits: Vec<u8> = Vec::new();
    let mut frac_digits: i64 = 0;
    while p < t.len() && t[p].is_ascii_hexdigit() {
        digits.push(t[p]);
        p += 1;
    }
    if p < t.len() && t[p] == b'.' {
        p += 1;
        while p < t.len() && t[p].is_ascii_hexdigit() {
            digits.push(t[p]);
            frac_digits += 1;
            p += 1;
        }
    }
    if digits.is_empty() {
        return Err(invalid());
    }
    let mut exp: i64 = 0;
    if p < t.len() && (t[p] == b'p' || t[p] == b'P') {
        p += 1;
        let mut eneg = false;
        if p < t.len() && (t[p] == b'+' || t[p] == b'-') {
            eneg = t[p] == b'-';
            p += 1;
        }
        let es = p;
        while p < t.len() && t[p].is_ascii_digit() {
            exp = (exp * 10 + (t[p] - b'0') as i64).min(1 << 50);
            p += 1;
        }
        if p == es {
            return Err(invalid());
        }
        if eneg {
            exp = -exp;
        }
    }
    if p != t.len() {
        return Err(invalid());
    }
    // strip leading zeros to keep the number small
    let first_nz = digits.iter().position(|&d| d != b'0');
    let Some(first_nz) = first_nz else {
        return Ok(apply(0.0));
    };
    let mant = BigUint::parse_bytes(&digits[first_nz..], 16).unwrap_or_default();
    let exp2 = exp - 4 * frac_digits;
    match scaled_to_f64(&mant, exp2) {
        Some(v) => Ok(apply(v)),
        None => Err(FormatError::overflow(
            "hexadecimal value too large to represent as a float",
        )),
    }
}
