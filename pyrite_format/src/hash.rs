//! CPython's numeric hash (`sys.hash_info`: modulus 2**61 - 1, inf 314159, imag 1000003):
//! equal numbers of different types hash alike.

use num_bigint::{BigInt, Sign as BigSign};

use crate::decimal::decompose;

/// The prime modulus `2**61 - 1`.
pub const HASH_MODULUS: u64 = (1u64 << 61) - 1;
/// `hash(float('inf'))`.
pub const HASH_INF: i64 = 314159;
/// Multiplier of the imaginary part in `hash(complex)`.
pub const HASH_IMAG: u64 = 1000003;

fn finish(negative: bool, r: u64) -> i64 {
    let v = if negative { -(r as i64) } else { r as i64 };
    if v == -1 {
        -2
    } else {
        v
    }
}

/// `hash(n)` for an `int` (and `bool`).
pub fn hash_int(v: &BigInt) -> i64 {
    let mut acc: u128 = 0;
    for d in v.magnitude().iter_u64_digits().rev() {
        acc = ((acc << 64) | d as u128) % HASH_MODULUS as u128;
    }
    finish(v.sign() == BigSign::Minus, acc as u64)
}

/// `hash(n)` for an `int` that fits in an `i64`.
pub fn hash_i64(v: i64) -> i64 {
    let r = v.unsigned_abs() % HASH_MODULUS;
    finish(v < 0, r)
}

/// `hash(x)` for a float.  `nan_hash` is returned for NaN (CPython 3.10+ hashes a NaN by
/// object identity; pass e.g. the object's address-based hash, or 0 for `sys.hash_info.nan`).
pub fn hash_float(x: f64, nan_hash: i64) -> i64 {
    if x.is_nan() {
        return nan_hash;
    }
    if x.is_infinite() {
        return if x > 0.0 { HASH_INF } else { -HASH_INF };
    }
    let (m, e) = decompose(x);
    if m == 0 {
        return 0;
    }
    // |x| = m * 2^e and 2^61 ≡ 1 (mod P), so 2^e ≡ 2^(e mod 61).
    let k = e.rem_euclid(61) as u32;
    let r = ((m as u128 % HASH_MODULUS as u128) << k) % HASH_MODULUS as u128;
    finish(x < 0.0, r as u64)
}

/// `hash(z)` for a complex number (`nan_hash` as for [`hash_float`]).
pub fn hash_complex(re: f64, im: f64, nan_hash: i64) -> i64 {
    let hr = hash_float(re, nan_hash) as u64;
    let hi = hash_float(im, nan_hash) as u64;
    let c = hr.wrapping_add(HASH_IMAG.wrapping_mul(hi)) as i64;
    if c == -1 {
        -2
    } else {
        c
    }
}
