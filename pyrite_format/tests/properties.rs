//! Randomised property tests: repr round-trips with the fewest digits, correctly rounded
//! fixed/exponent output, and parse/format inverses.

use pyrite_format::*;

/// xorshift64* — deterministic, dependency-free.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn finite(&mut self) -> f64 {
        loop {
            let x = f64::from_bits(self.next());
            if x.is_finite() {
                return x;
            }
        }
    }
}

/// Significant digits of a repr (mantissa digits without leading zeros / exponent).
fn sig_digits(r: &str) -> String {
    let mant = r.trim_start_matches('-').split('e').next().unwrap();
    let d: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let d = d.trim_start_matches('0').trim_end_matches('0').to_string();
    if d.is_empty() {
        "0".into()
    } else {
        d
    }
}

#[test]
fn repr_round_trips_with_fewest_digits() {
    let mut rng = Rng(0x9E3779B97F4A7C15);
    for i in 0..100_000 {
        let x = if i % 4 == 3 {
            // values with few digits, where ties between candidates happen
            let n = (rng.next() % 1_000_000_000) as f64;
            let k = (rng.next() % 12) as i32;
            n / 2f64.powi(k)
                * if rng.next().is_multiple_of(2) {
                    1.0
                } else {
                    -1.0
                }
        } else {
            rng.finite()
        };
        let r = float_repr(x);
        let back = parse_float(&r).unwrap();
        assert_eq!(
            back.to_bits(),
            x.to_bits(),
            "repr({:e}) = {} does not round-trip",
            x,
            r
        );
        let digits = sig_digits(&r);
        let n = digits.len();
        assert!(n <= 17, "{}", r);
        if n > 1 {
            // No decimal with one digit fewer reads back as x: check both neighbours.
            let shorter = float_to_str_with_precision(x, 'e', n - 2, FloatFlags::default());
            let (mant, exp) = shorter.split_once('e').unwrap();
            let exp: i32 = exp.parse().unwrap();
            let m: f64 = mant.parse().unwrap();
            let ulp = 10f64.powi(-(n as i32 - 2));
            for cand in [m - ulp, m, m + ulp] {
                let s = format!("{:.*}e{}", n - 2, cand, exp);
                if let Ok(v) = s.parse::<f64>() {
                    assert_ne!(
                        v.to_bits(),
                        x.to_bits(),
                        "repr({}) = {} but {} is shorter",
                        x,
                        r,
                        s
                    );
                }
            }
        }
        // Among the shortest candidates, the correctly rounded one (ties to even) wins
        // whenever it reads back.
        let cr = float_to_str_with_precision(x, 'e', n - 1, FloatFlags::default());
        if parse_float(&cr).unwrap().to_bits() == x.to_bits() {
            assert_eq!(
                sig_digits(&cr),
                digits,
                "repr({:e}) = {} but correctly rounded is {}",
                x,
                r,
                cr
            );
        }
    }
}

#[test]
fn exponent_and_fixed_agree_with_rust_formatting() {
    // Rust's `{:.N$e}` / `{:.N$}` are exact and round ties to even too.
    let mut rng = Rng(12345);
    for i in 0..30_000 {
        let x = if i % 3 == 0 {
            (rng.next() % 100_000) as f64 / 64.0
        } else {
            rng.finite()
        };
        let p = (rng.next() % 40) as usize;
        let ours = float_to_str_with_precision(x, 'e', p, FloatFlags::default());
        let rust = format!("{:.*e}", p, x);
        // Rust writes e5 / e-5; CPython e+05 / e-05.
        let (rm, re) = rust.split_once('e').unwrap();
        let re: i32 = re.parse().unwrap();
        let rust_py = format!("{}e{}{:02}", rm, if re < 0 { '-' } else { '+' }, re.abs());
        assert_eq!(ours, rust_py, "{:e} with precision {}", x, p);
        if x.abs() < 1e30 {
            let ours = float_to_str_with_precision(x, 'f', p, FloatFlags::default());
            let rust = format!("{:.*}", p, x);
            assert_eq!(ours, rust, "{:e} with .{}f", x, p);
        }
    }
}

#[test]
fn hex_round_trips() {
    let mut rng = Rng(777);
    for _ in 0..20_000 {
        let x = rng.finite();
        assert_eq!(float_fromhex(&float_hex(x)).unwrap().to_bits(), x.to_bits());
    }
}

#[test]
fn int_text_round_trips() {
    let mut rng = Rng(4242);
    for _ in 0..2_000 {
        let limbs: Vec<u32> = (0..(rng.next() % 40)).map(|_| rng.next() as u32).collect();
        let mut v = num_bigint::BigInt::from_slice(num_bigint::Sign::Plus, &limbs);
        if rng.next().is_multiple_of(2) {
            v = -v;
        }
        for base in [2u32, 8, 10, 16] {
            let s = int_to_str(&v, base).unwrap();
            assert_eq!(
                parse_int(&s, if base == 10 { 10 } else { 0 }).unwrap(),
                v,
                "{}",
                s
            );
        }
        let b = (rng.next() % 35 + 2) as u32;
        let s = int_to_str(&v, b).unwrap();
        assert_eq!(parse_int(&s, b).unwrap(), v);
        // float(int) agrees with the decimal string's correctly rounded value
        let text = v.to_string();
        if text.len() < 300 {
            assert_eq!(
                bigint_to_f64(&v).unwrap().to_bits(),
                text.parse::<f64>().unwrap().to_bits()
            );
        }
    }
}

#[test]
fn big_numbers_are_fast() {
    let start = std::time::Instant::now();
    let big = num_traits::pow(num_bigint::BigInt::from(10), 5000);
    for _ in 0..20 {
        assert_eq!(int_to_decimal_string(&big, 0).unwrap().len(), 5001);
        assert!(int_to_str(&big, 10).is_err());
        assert!(int_to_str(&big, 16).unwrap().starts_with("0x31e20801"));
        assert_eq!(
            parse_int(&"7".repeat(4300), 10).unwrap().to_string().len(),
            4300
        );
    }
    for p in [0usize, 5, 100, 1000, 5000] {
        for x in [1e300, 5e-324, 0.1, 2.5, 1.7976931348623157e308] {
            float_to_str_with_precision(x, 'f', p, FloatFlags::default());
            float_to_str_with_precision(x, 'e', p, FloatFlags::default());
            float_to_str_with_precision(x, 'g', p, FloatFlags::default());
        }
    }
    assert!(
        start.elapsed().as_secs_f64() < 5.0,
        "too slow: {:?}",
        start.elapsed()
    );
}
