//! `str(int)`, `repr(int)`, `bin()`, `oct()`, `hex()` (and other bases).

use num_bigint::{BigInt, Sign as BigSign};

use crate::error::{FormatError, FormatResult};

/// CPython 3.11's default `sys.get_int_max_str_digits()`.
pub const DEFAULT_MAX_STR_DIGITS: usize = 4300;

/// The ValueError `str()` raises for too many digits.
pub fn int_to_str_limit_error(limit: usize) -> FormatError {
    FormatError::value(format!(
        "Exceeds the limit ({} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
        limit
    ))
}

/// `str(n)` / `repr(n)` for an int with the given `sys.set_int_max_str_digits()` limit
/// (0 = unlimited).  Raises ValueError "Exceeds the limit (4300 digits) for integer string
/// conversion; use sys.set_int_max_str_digits() to increase the limit" when the decimal
/// representation would have more than `max_str_digits` digits.
pub fn int_to_decimal_string(v: &BigInt, max_str_digits: usize) -> FormatResult<String> {
    if max_str_digits > 0 {
        let bits = v.bits();
        // |v| >= 2^(bits-1) > 10^((bits-1)*log10(2) - 1): surely too many digits.
        if bits > 1 && ((bits - 1) as f64) * std::f64::consts::LOG10_2 > max_str_digits as f64 + 1.0
        {
            return Err(int_to_str_limit_error(max_str_digits));
        }
    }
    let s = v.to_str_radix(10);
    if max_str_digits > 0 {
        let ndigits = s.len() - usize::from(v.sign() == BigSign::Minus);
        if ndigits > max_str_digits {
            return Err(int_to_str_limit_error(max_str_digits));
        }
    }
    Ok(s)
}

/// `str(n)` for base 10 (with the default 4300-digit limit), `bin(n)` for base 2
/// (`'-0b101'`), `oct(n)` for base 8 (`'0o17'`), `hex(n)` for base 16 (`'0xff'`); any other
/// base in 2..=36 gives plain lowercase digits without prefix.  Bases outside 2..=36 give
/// a ValueError.
pub fn int_to_str(v: &BigInt, base: u32) -> FormatResult<String> {
    if base == 10 {
        return int_to_decimal_string(v, DEFAULT_MAX_STR_DIGITS);
    }
    if !(2..=36).contains(&base) {
        return Err(FormatError::value(
            "int() base must be >= 2 and <= 36, or 0",
        ));
    }
    let prefix = match base {
        2 => "0b",
        8 => "0o",
        16 => "0x",
        _ => "",
    };
    let digits = v.magnitude().to_str_radix(base);
    let mut s = String::with_capacity(digits.len() + 3);
    if v.sign() == BigSign::Minus {
        s.push('-');
    }
    s.push_str(prefix);
    s.push_str(&digits);
    Ok(s)
}
