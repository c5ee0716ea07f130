//! Odd inputs never panic, and huge requests give CPython's errors instead of
//! exhausting memory.

use num_bigint::BigInt;
use pyrite_format::*;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn string(&mut self, alphabet: &[char], max_len: u64) -> String {
        let n = self.next() % (max_len + 1);
        (0..n)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize])
            .collect()
    }
}

/// Keeps widths/precisions at most 4 digits long so that fuzzing stays fast.
fn tame(s: &str) -> bool {
    let mut run = 0;
    for c in s.chars() {
        if decimal_value(c).is_some() {
            run += 1;
            if run > 4 {
                return false;
            }
        } else {
            run = 0;
        }
    }
    true
}

#[test]
fn format_specs_never_panic() {
    let alphabet: Vec<char> = "<>=^+- z#0123456789,_.%eEfFgGnbcdoxXsé*١\u{0}"
        .chars()
        .collect();
    let mut rng = Rng(99);
    let ints = [
        BigInt::from(0),
        BigInt::from(-1234567),
        num_traits::pow(BigInt::from(7), 300),
        BigInt::from(0x10FFFF),
    ];
    let floats = [
        0.0,
        -0.0,
        1.5,
        -1e300,
        5e-324,
        f64::NAN,
        f64::INFINITY,
        123456.789,
    ];
    for _ in 0..30_000 {
        let spec = rng.string(&alphabet, 10);
        if !tame(&spec) {
            continue;
        }
        for v in &ints {
            let _ = int_format(v, &spec, "int");
        }
        for &x in &floats {
            let _ = float_format(x, &spec, "float");
            let _ = complex_format(x, -x, &spec, "complex");
        }
        let _ = str_format("héllo", &spec, "str");
    }
}

#[test]
fn huge_requests_fail_cleanly() {
    let one = BigInt::from(1);
    for spec in [
        "999999999999",
        "<999999999999",
        "0999999999999",
        "=999999999999,",
        "9223372036854775807",
    ] {
        assert_eq!(
            int_format(&one, spec, "int").unwrap_err().kind,
            ErrorKind::MemoryError,
            "{}",
            spec
        );
        assert_eq!(
            float_format(1.0, spec, "float").unwrap_err().kind,
            ErrorKind::MemoryError,
            "{}",
            spec
        );
        if !spec.contains([',', '=']) {
            assert_eq!(
                str_format("a", spec, "str").unwrap_err().kind,
                ErrorKind::MemoryError,
                "{}",
                spec
            );
            let cspec = spec.trim_start_matches('0');
            assert_eq!(
                complex_format(1.0, 1.0, cspec, "complex").unwrap_err().kind,
                ErrorKind::MemoryError
            );
        }
    }
    assert_eq!(
        int_format(&one, "9223372036854775808", "int")
            .unwrap_err()
            .message,
        "Too many decimal digits in format string"
    );
    assert_eq!(
        float_format(1.0, ".2147483648", "float")
            .unwrap_err()
            .message,
        "precision too big"
    );
    assert_eq!(
        complex_format(1.0, 1.0, ".2147483648", "complex")
            .unwrap_err()
            .message,
        "precision too big"
    );
    // a huge str precision is fine: it only truncates
    assert_eq!(
        str_format("ab", ".9223372036854775807", "str").unwrap(),
        "ab"
    );
    // % formatting
    let conv = |fmt: &str| match PercentParser::new(fmt).next() {
        Some(PercentPiece::Conversion(s)) => s,
        p => panic!("{:?}", p),
    };
    let r = conv("%*d").resolve(Some(i64::MIN), None);
    assert_eq!(
        percent_format_int(&one, &r).unwrap_err().kind,
        ErrorKind::MemoryError
    );
    let r = conv("%999999999999d").resolve(None, None);
    assert_eq!(
        percent_format_int(&one, &r).unwrap_err().kind,
        ErrorKind::MemoryError
    );
    assert_eq!(
        percent_format_str("x", &r).unwrap_err().kind,
        ErrorKind::MemoryError
    );
    assert_eq!(
        percent_format_char('x', &r).unwrap_err().kind,
        ErrorKind::MemoryError
    );
    assert_eq!(
        percent_format_float(1.0, &r).unwrap_err().kind,
        ErrorKind::MemoryError
    );
    let r = conv("%.*f").resolve(None, Some(i64::MAX));
    assert_eq!(
        percent_format_float(1.0, &r).unwrap_err().message,
        "precision too big"
    );
    match PercentParser::new("%99999999999999999999d").next() {
        Some(PercentPiece::Error { error, .. }) => assert_eq!(error.message, "width too big"),
        p => panic!("{:?}", p),
    }
}

#[test]
fn percent_formats_never_panic() {
    let alphabet: Vec<char> = "%()*.-+ #0123456789lhLdsrxXofFeEgGcaiuyé\n"
        .chars()
        .collect();
    let mut rng = Rng(5);
    for _ in 0..30_000 {
        let fmt = rng.string(&alphabet, 14);
        if !tame(&fmt) {
            continue;
        }
        for piece in PercentParser::new(&fmt) {
            if let PercentPiece::Conversion(spec) = piece {
                let r = spec.resolve(Some(-3), Some(-2));
                let r2 = spec.resolve(Some(7), Some(3));
                let _ = spec.kind();
                for r in [r, r2] {
                    let _ = percent_format_int(&BigInt::from(-42), &r);
                    let _ = percent_format_float(-0.5, &r);
                    let _ = percent_format_float(f64::NAN, &r);
                    let _ = percent_format_char('é', &r);
                    let _ = percent_format_str("hé", &r);
                }
            }
        }
    }
    assert_eq!(parse_percent_format(&"%".repeat(1000)).len(), 1);
    assert!(matches!(
        parse_percent_format(&"%".repeat(1001)).last(),
        Some(PercentPiece::Error { .. })
    ));
}

#[test]
fn parsers_never_panic() {
    let alphabet: Vec<char> = "0123456789abcdefxXoObBpP_+-. eEinfatyINF\t\u{a0}١é"
        .chars()
        .collect();
    let mut rng = Rng(31337);
    for _ in 0..100_000 {
        let s = rng.string(&alphabet, 16);
        for base in [0u32, 2, 8, 10, 16, 36, 1, 37] {
            let _ = parse_int(&s, base);
        }
        let _ = parse_float(&s);
        let _ = float_fromhex(&s);
    }
    assert!(
        float_fromhex(&format!("0x{}p-99999999999999999999", "f".repeat(10_000))).unwrap() == 0.0
    );
    assert_eq!(
        float_fromhex(&format!("0x.{}1p+4000", "0".repeat(1_000))).unwrap(),
        0.0625
    );
    assert_eq!(
        parse_float(&format!("0.{}1e400", "0".repeat(300))).unwrap(),
        1e99
    );
    for n in [i64::MIN, -1000, -309, -308, 0, 15, 323, 324, i64::MAX] {
        for x in [1.5, -2.5e300, 5e-324, 1.7976931348623157e308] {
            let _ = round_float(x, n);
        }
    }
}
