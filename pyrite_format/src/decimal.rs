//! Exact and correctly rounded decimal digit generation for binary64 values.
//!
//! A [`Digits`] value `d` with `d.digits = "d1 d2 ... dn"` and `d.decpt = k` stands for
//! `0.d1d2...dn × 10^k` (the convention of David Gay's `dtoa`).  All roundings are
//! round-half-even on the *exact* binary value, which is what CPython does.

use num_bigint::BigUint;
use num_traits::Pow;

/// Decimal digits of a non-negative finite value: `0.digits × 10^decpt`.
/// `digits` are ASCII, have no leading or trailing zeros; an empty `digits` means zero.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Digits {
    pub digits: Vec<u8>,
    pub decpt: i64,
}

impl Digits {
    pub fn zero() -> Digits {
        Digits {
            digits: Vec::new(),
            decpt: 1,
        }
    }
    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }
}

/// Splits a finite f64 into `(mantissa, exponent)` with `|x| = mantissa × 2^exponent`,
/// the mantissa odd (or zero).
pub(crate) fn decompose(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7FF) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut m, mut e) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), biased - 1075)
    };
    if m == 0 {
        return (0, 0);
    }
    let tz = m.trailing_zeros();
    m >>= tz;
    e += tz as i32;
    (m, e)
}

fn strip_trailing_zeros(v: &mut Vec<u8>) {
    while v.last() == Some(&b'0') {
        v.pop();
    }
}

/// The exact decimal expansion of `|x|` (finite).  At most 767 significant digits.
pub(crate) fn exact(x: f64) -> Digits {
    let (m, e) = decompose(x);
    if m == 0 {
        return Digits::zero();
    }
    let (mut s, shift) = if e >= 0 {
        let e = e as u32;
        if e + (64 - m.leading_zeros()) <= 127 {
            (((m as u128) << e).to_string().into_bytes(), 0i64)
        } else {
            ((BigUint::from(m) << e as usize).to_string().into_bytes(), 0)
        }
    } else {
        // |x| = m × 5^k / 10^k with k = -e.
        let k = (-e) as u32;
        let s = if k <= 27 {
            // 5^27 < 2^63, m < 2^53: product < 2^116.
            ((m as u128) * 5u128.pow(k)).to_string().into_bytes()
        } else {
            (BigUint::from(m) * BigUint::from(5u32).pow(k))
                .to_string()
                .into_bytes()
        };
        (s, -(k as i64))
    };
    let decpt = s.len() as i64 + shift;
    strip_trailing_zeros(&mut s);
    Digits { digits: s, decpt }
}

/// The shortest digit string that reads back as `|x|` (finite), choosing the closest one
/// when several are equally short (what `repr()` prints).
pub(crate) fn shortest(x: f64) -> Digits {
    let x = x.abs();
    if x == 0.0 {
        return Digits::zero();
    }
    // Rust's `{:e}` formatting prints the shortest round-tripping digits.
    let s = format!("{:e}", x);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mant.bytes().filter(|b| b.is_ascii_digit()).collect();
    strip_trailing_zeros(&mut digits);
    let d = Digits {
        digits,
        decpt: exp + 1,
    };
    // When x lies exactly halfway between two equally short candidates, CPython (David
    // Gay's dtoa) takes the even one; Rust's formatter may take the other.  Such a tie
    // needs an exact expansion of at most 18 digits, hence x = m / 2^k with k <= 27.
    let (_, e) = decompose(x);
    if (-27..0).contains(&e) {
        let ex = exact(x);
        let n = d.digits.len();
        if ex.digits.len() == n + 1 && ex.digits[n] == b'5' {
            let even = round_at(&ex, n as i64);
            if even != d && reads_back(&even, x) {
                return even;
            }
        }
    }
    d
}

fn reads_back(d: &Digits, x: f64) -> bool {
    let s = format!("0.{}e{}", String::from_utf8_lossy(&d.digits), d.decpt);
    s.parse::<f64>().map(|v| v == x).unwrap_or(false)
}

/// Keeps the first `keep` digits of `d` (which must be exact), rounding half-even.
/// `keep` may be negative or exceed the digit count.
pub(crate) fn round_at(d: &Digits, keep: i64) -> Digits {
    let n = d.digits.len() as i64;
    if d.is_zero() || keep >= n {
        return d.clone();
    }
    if keep < 0 {
        return Digits::zero();
    }
    let k = keep as usize;
    let first_dropped = d.digits[k];
    let round_up = if first_dropped > b'5' {
        true
    } else if first_dropped < b'5' {
        false
    } else if d.digits[k + 1..].iter().any(|&b| b != b'0') {
        true
    } else {
        // An exact tie: round to even.
        k > 0 && (d.digits[k - 1] - b'0') % 2 == 1
    };
    let mut digits = d.digits[..k].to_vec();
    let mut decpt = d.decpt;
    if round_up {
        let mut i = k;
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                decpt += 1;
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    strip_trailing_zeros(&mut digits);
    if digits.is_empty() {
        return Digits::zero();
    }
    Digits { digits, decpt }
}

/// `|x|` correctly rounded to `n >= 1` significant digits (dtoa mode 2).
pub(crate) fn significant(x: f64, n: usize) -> Digits {
    let n = n.max(1);
    let d = exact(x);
    round_at(&d, n.min(i64::MAX as usize) as i64)
}

/// `|x|` correctly rounded to `n` digits after the decimal point (dtoa mode 3);
/// `n` may be negative (rounding to tens, hundreds, ...).
pub(crate) fn fixed(x: f64, n: i64) -> Digits {
    if x == 0.0 {
        return Digits::zero();
    }
    // Quick exit for values far below half a unit of the last place: |x| < 10^(e10+1)
    // where e10 is a lower bound for log10|x|.
    let (m, e) = decompose(x);
    let bits = 64 - m.leading_zeros() as i64 + e as i64; // |x| < 2^bits
                                                         // 2^bits <= 10^(ceil(bits*0.30103)) ; if that is <= 10^(-n-1) the result is zero.
    let upper10 = (bits as f64 * std::f64::consts::LOG10_2).ceil() as i64 + 1;
    if n < i64::MAX / 2 && upper10 < -n - 1 {
        return Digits::zero();
    }
    let d = exact(x);
    round_at(&d, d.decpt.saturating_add(n))
}
