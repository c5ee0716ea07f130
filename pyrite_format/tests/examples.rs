//! The examples of the specification, spelled out (all values checked with CPython 3.11).

use num_bigint::BigInt;
use pyrite_format::*;

fn err(r: Result<impl std::fmt::Debug, FormatError>) -> String {
    let e = r.expect_err("expected an error");
    format!("{}: {}", e.type_name(), e.message)
}

#[test]
fn float_repr_examples() {
    assert_eq!(float_repr(1e16), "1e+16");
    assert_eq!(float_repr(1e15), "1000000000000000.0");
    assert_eq!(float_repr(1e-5), "1e-05");
    assert_eq!(float_repr(1e-4), "0.0001");
    assert_eq!(float_repr(0.1), "0.1");
    assert_eq!(float_repr(1.0), "1.0");
    assert_eq!(float_repr(f64::INFINITY), "inf");
    assert_eq!(float_repr(f64::NEG_INFINITY), "-inf");
    assert_eq!(float_repr(f64::NAN), "nan");
    assert_eq!(float_repr(-f64::NAN), "nan");
    assert_eq!(float_repr(-0.0), "-0.0");
    assert_eq!(float_repr(123456789012345678.0), "1.2345678901234568e+17");
    assert_eq!(float_repr(5e-324), "5e-324");
    assert_eq!(
        float_repr(1.7976931348623157e308),
        "1.7976931348623157e+308"
    );
    // an exact tie between two shortest candidates: CPython takes the even digit
    assert_eq!(
        float_repr(f64::from_bits(0xc2da3850b132dde8)),
        "-115316697123703.62"
    );
    assert_eq!(float_str(2.5), "2.5");
}

#[test]
fn complex_repr_examples() {
    assert_eq!(complex_repr(1.0, 2.0), "(1+2j)");
    assert_eq!(complex_repr(0.0, 2.0), "2j");
    assert_eq!(complex_repr(-0.0, -0.0), "(-0-0j)");
    assert_eq!(complex_repr(0.0, -0.0), "-0j");
    assert_eq!(complex_repr(f64::NAN, f64::INFINITY), "(nan+infj)");
    assert_eq!(complex_repr(1e16, 1.0), "(1e+16+1j)");
}

#[test]
fn format_examples() {
    assert_eq!(float_format(1.0, "", "float").unwrap(), "1.0");
    assert_eq!(float_format(1e16, ".3", "float").unwrap(), "1e+16");
    assert_eq!(float_format(123.456, ".2", "float").unwrap(), "1.2e+02");
    assert_eq!(float_format(100.0, ".3", "float").unwrap(), "1e+02");
    assert_eq!(float_format(2.5, ".0f", "float").unwrap(), "2");
    assert_eq!(
        float_format(1234.5, "012,.2f", "float").unwrap(),
        "0,001,234.50"
    );
    assert_eq!(float_format(-0.0, "z.1f", "float").unwrap(), "0.0");
    assert_eq!(
        float_format(1234567.0, "n", "float").unwrap(),
        "1.23457e+06"
    );
    assert!(float_format(1e300, "f", "float").unwrap() == "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000");
    assert_eq!(
        err(float_format(1.5, "d", "float")),
        "ValueError: Unknown format code 'd' for object of type 'float'"
    );
    assert_eq!(
        err(int_format(&BigInt::from(1), ",s", "int")),
        "ValueError: Cannot specify ',' with 's'."
    );
    assert_eq!(
        err(float_format(1.0, ".", "float")),
        "ValueError: Format specifier missing precision"
    );
    assert_eq!(
        err(float_format(1.0, ".99999999999999999999", "float")),
        "ValueError: Too many decimal digits in format string"
    );
    assert_eq!(
        err(float_format(1.0, ".2147483648f", "float")),
        "ValueError: precision too big"
    );
    assert_eq!(
        err(int_format(
            &num_traits::pow(BigInt::from(10), 5000),
            "f",
            "int"
        )),
        "OverflowError: int too large to convert to float"
    );
    assert_eq!(
        err(int_format(&BigInt::from(1), "999999999999", "int")),
        "MemoryError: "
    );
    assert_eq!(err(str_format("a", "999999999999", "str")), "MemoryError: ");
    assert_eq!(
        err(int_format(&BigInt::from(1), "xx", "int")),
        "ValueError: Invalid format specifier 'xx' for object of type 'int'"
    );
    assert_eq!(
        err(int_format(&BigInt::from(1), "s", "bool")),
        "ValueError: Unknown format code 's' for object of type 'bool'"
    );
    assert_eq!(
        int_format(&BigInt::from(1234), "010,", "int").unwrap(),
        "00,001,234"
    );
    assert_eq!(
        int_format(&BigInt::from(0xffffff), "#012_x", "int").unwrap(),
        "0x0_00ff_ffff"
    );
    assert_eq!(
        int_format(&BigInt::from(65), "^5c", "int").unwrap(),
        "  A  "
    );
    assert_eq!(str_format("héllo", "*^9.3", "str").unwrap(), "***hél***");
    assert_eq!(
        err(str_format("a", "+", "str")),
        "ValueError: Sign not allowed in string format specifier"
    );
    assert_eq!(
        err(str_format("a", "#", "str")),
        "ValueError: Alternate form (#) not allowed in string format specifier"
    );
    assert_eq!(
        err(str_format("a", "=5", "str")),
        "ValueError: '=' alignment not allowed in string format specifier"
    );
    assert_eq!(
        err(str_format("a", "d", "str")),
        "ValueError: Unknown format code 'd' for object of type 'str'"
    );
    assert_eq!(complex_format(1.0, 2.0, "", "complex").unwrap(), "(1+2j)");
    assert_eq!(
        complex_format(1.0, 2.0, "+.2f", "complex").unwrap(),
        "+1.00+2.00j"
    );
    assert_eq!(
        err(complex_format(1.0, 2.0, "010", "complex")),
        "ValueError: Zero padding is not allowed in complex format specifier"
    );
}

#[test]
fn spec_parsing() {
    let s = parse_format_spec("*^+z#012_.3f", "float").unwrap();
    assert_eq!(s.fill, Some('*'));
    assert_eq!(s.align, Some(Align::Center));
    assert_eq!(s.sign, Some(Sign::Plus));
    assert!(s.no_neg_0 && s.alternate);
    assert!(!s.zero_pad); // a fill was given: the 0 is part of the width
    assert_eq!(s.width, Some(12));
    assert_eq!(s.grouping, Some(Grouping::Underscore));
    assert_eq!(s.precision, Some(3));
    assert_eq!(s.type_code, Some('f'));
    let s = parse_format_spec("010", "int").unwrap();
    assert!(s.zero_pad);
    assert_eq!(s.width, Some(10));
    // Unicode digits count in widths
    assert_eq!(parse_format_spec("١٠", "int").unwrap().width, Some(10));
    assert_eq!(parse_format_spec("", "int").unwrap(), FormatSpec::default());
}

#[test]
fn shared_float_helper() {
    let plain = FloatFlags::default();
    assert_eq!(
        float_to_str_with_precision(0.1, 'f', 20, plain),
        "0.10000000000000000555"
    );
    assert_eq!(float_to_str_with_precision(0.5, 'f', 0, plain), "0");
    assert_eq!(float_to_str_with_precision(1.5, 'f', 0, plain), "2");
    assert_eq!(
        float_to_str_with_precision(12345.678, 'e', 6, plain),
        "1.234568e+04"
    );
    assert_eq!(
        float_to_str_with_precision(1.0, 'g', 6, FloatFlags { alt: true, ..plain }),
        "1.00000"
    );
    assert_eq!(
        float_to_str_with_precision(
            1.5,
            'r',
            0,
            FloatFlags {
                sign: true,
                ..plain
            }
        ),
        "+1.5"
    );
    assert_eq!(
        float_to_str_with_precision(
            -1e-9,
            'f',
            3,
            FloatFlags {
                no_neg_0: true,
                ..plain
            }
        ),
        "0.000"
    );
    assert_eq!(
        float_to_str_with_precision(f64::INFINITY, 'F', 3, plain),
        "INF"
    );
    assert_eq!(
        float_to_str_with_precision(1e-300, 'f', 5, plain),
        "0.00000"
    );
    let s = float_to_str_with_precision(5e-324, 'f', 1100, plain);
    assert_eq!(s.len(), 1102);
    assert!(s.starts_with("0.000"));
    assert!(s[2..].trim_end_matches('0').ends_with("4940656458412465441765687928682213723650598026143247644255856825006755072702087518652998363616359923797965646954457177309266567103559397963987747960107818781263007131903114045278458171678489821036887186360569987307230500063874091535649843873124733972731696151400317153853980741262385655911710266585566867681870395603106249319452715914924553293054565444011274801297099995419319894090804165633245247571478690147267801593552386115501348035264934720193790268107107491703332226844753335720832431936092382893458368060106011506169809753078342277318329247904982524730776375927247874656084778203734469699533647017972677717585125660551199131504891101451037862738167250955837389733598993664809941164205702637090279242767544565229087538682506419718265533447265625"));
    let s = float_to_str_with_precision(1.0, 'f', 1_000_000, plain);
    assert_eq!(s.len(), 1_000_002);
}

#[test]
fn percent_examples() {
    let spec = |fmt: &str| match PercentParser::new(fmt).next() {
        Some(PercentPiece::Conversion(s)) => s,
        other => panic!("{:?}", other),
    };
    let r = spec("%5.2f").resolve(None, None);
    assert_eq!(percent_format_float(1.23456, &r).unwrap(), " 1.23");
    assert_eq!(
        percent_format_int(&BigInt::from(-255), &spec("%x").resolve(None, None)).unwrap(),
        "-ff"
    );
    assert_eq!(
        percent_format_int(&BigInt::from(8), &spec("%#o").resolve(None, None)).unwrap(),
        "0o10"
    );
    assert_eq!(
        percent_format_char(
            percent_char_from_int(&BigInt::from(65)).unwrap(),
            &spec("%c").resolve(None, None)
        )
        .unwrap(),
        "A"
    );
    assert_eq!(
        percent_format_float(12345.678, &spec("%e").resolve(None, None)).unwrap(),
        "1.234568e+04"
    );
    assert_eq!(
        percent_format_float(0.1, &spec("%.20f").resolve(None, None)).unwrap(),
        "0.10000000000000000555"
    );
    assert_eq!(
        percent_format_float(0.5, &spec("%.0f").resolve(None, None)).unwrap(),
        "0"
    );
    let s = spec("%*.*f");
    assert_eq!(
        percent_format_float(1.23456, &s.resolve(Some(-8), Some(2))).unwrap(),
        "1.23    "
    );
    assert_eq!(
        err(spec("%y").kind()),
        "ValueError: unsupported format character 'y' (0x79) at index 1"
    );
    assert_eq!(
        err(percent_char_from_int(&BigInt::from(0x110000))),
        "OverflowError: %c arg not in range(0x110000)"
    );
    let pieces = parse_percent_format("a%%b%(k)-5sc");
    assert_eq!(pieces.len(), 3);
    assert_eq!(pieces[0], PercentPiece::Literal("a%b".into()));
    match &pieces[1] {
        PercentPiece::Conversion(s) => {
            assert_eq!(s.key.as_deref(), Some("k"));
            assert!(s.flags.left);
            assert_eq!(s.width, Some(PercentCount::Value(5)));
            assert_eq!(s.conversion, 's');
            assert_eq!(s.index, 10);
        }
        p => panic!("{:?}", p),
    }
    assert_eq!(pieces[2], PercentPiece::Literal("c".into()));
    let mut c = PercentArgCursor::new(Some(1));
    assert_eq!(c.next_arg().unwrap(), PercentArg::Item(0));
    assert_eq!(
        err(c.next_arg()),
        "TypeError: not enough arguments for format string"
    );
    let c = PercentArgCursor::new(Some(2));
    assert_eq!(
        err(c.finish(false)),
        "TypeError: not all arguments converted during string formatting"
    );
    match parse_percent_format("%").pop() {
        Some(PercentPiece::Error { error, .. }) => assert_eq!(error.message, "incomplete format"),
        p => panic!("{:?}", p),
    }
}

#[test]
fn parsing_examples() {
    assert_eq!(parse_int(" -0x_1f ", 0).unwrap(), BigInt::from(-31));
    assert_eq!(parse_int("١٢٣", 10).unwrap(), BigInt::from(123));
    assert_eq!(parse_int("１２", 10).unwrap(), BigInt::from(12));
    assert_eq!(
        err(parse_int("abc", 10)),
        "ValueError: invalid literal for int() with base 10: 'abc'"
    );
    assert_eq!(
        err(parse_int("010", 0)),
        "ValueError: invalid literal for int() with base 0: '010'"
    );
    assert_eq!(
        err(parse_int("1", 37)),
        "ValueError: int() base must be >= 2 and <= 36, or 0"
    );
    assert_eq!(
        err(parse_int(&"1".repeat(5000), 10)),
        "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit"
    );
    assert_eq!(
        parse_int_with_limit(&"1".repeat(5000), 10, 0)
            .unwrap()
            .to_string()
            .len(),
        5000
    );
    assert_eq!(
        err(parse_int_with_limit(&"1".repeat(11), 10, 10)),
        "ValueError: Exceeds the limit (10 digits) for integer string conversion: value has 11 digits; use sys.set_int_max_str_digits() to increase the limit"
    );
    assert_eq!(
        err(parse_int_ex("x", 10, 4300, Some("b'x'"))),
        "ValueError: invalid literal for int() with base 10: b'x'"
    );
    let big = num_traits::pow(BigInt::from(10), 5000);
    assert_eq!(
        err(int_to_str(&big, 10)),
        "ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
    );
    assert_eq!(int_to_decimal_string(&big, 0).unwrap().len(), 5001);
    assert_eq!(int_to_str(&BigInt::from(-5), 2).unwrap(), "-0b101");
    assert_eq!(int_to_str(&BigInt::from(255), 16).unwrap(), "0xff");
    assert_eq!(int_to_str(&BigInt::from(8), 8).unwrap(), "0o10");
    assert_eq!(parse_float(" 1_000.5 ").unwrap(), 1000.5);
    assert_eq!(parse_float("-Infinity").unwrap(), f64::NEG_INFINITY);
    assert!(parse_float("nan").unwrap().is_nan());
    assert_eq!(parse_float(".5").unwrap(), 0.5);
    assert_eq!(parse_float("5.").unwrap(), 5.0);
    assert_eq!(
        err(parse_float("x")),
        "ValueError: could not convert string to float: 'x'"
    );
    assert_eq!(
        parse_float("2.2250738585072011e-308").unwrap().to_bits(),
        0x000fffffffffffff
    );
}

#[test]
fn float_method_examples() {
    assert_eq!(float_hex(1.5), "0x1.8000000000000p+0");
    assert_eq!(float_fromhex("0x1.8p0").unwrap(), 1.5);
    assert_eq!(
        err(float_fromhex("0x1p1024")),
        "OverflowError: hexadecimal value too large to represent as a float"
    );
    assert_eq!(
        err(float_fromhex("x")),
        "ValueError: invalid hexadecimal floating-point string"
    );
    let (n, d) = float_as_integer_ratio(0.1).unwrap();
    assert_eq!(
        (n.to_string(), d.to_string()),
        ("3602879701896397".into(), "36028797018963968".into())
    );
    assert_eq!(round_float(2.675, 2).unwrap(), 2.67);
    assert_eq!(round_to_int(0.5).unwrap(), BigInt::from(0));
    assert_eq!(round_to_int(1.5).unwrap(), BigInt::from(2));
    assert_eq!(round_to_int(2.5).unwrap(), BigInt::from(2));
    assert_eq!(round_float(2.5, 0).unwrap(), 2.0);
    assert_eq!(
        err(round_float(1.7976931348623157e308, -308)),
        "OverflowError: rounded value too large to represent"
    );
    assert_eq!(
        err(round_to_int(f64::NAN)),
        "ValueError: cannot convert float NaN to integer"
    );
    assert_eq!(
        bigint_to_f64(&(BigInt::from(1) << 1023usize)).unwrap(),
        2f64.powi(1023)
    );
    assert_eq!(
        bigint_to_f64(&((BigInt::from(1) << 53usize) + 1)).unwrap(),
        9007199254740992.0
    );
    assert_eq!(
        bigint_to_f64(&((BigInt::from(1) << 53usize) + 3)).unwrap(),
        9007199254740996.0
    );
}

#[test]
fn hash_examples() {
    assert_eq!(hash_int(&(BigInt::from(1) << 61usize)), 1);
    assert_eq!(hash_float(0.5, 0), 1152921504606846976);
    assert_eq!(hash_i64(-1), -2);
    assert_eq!(hash_int(&BigInt::from(-1)), -2);
    assert_eq!(hash_float(-1.0, 0), -2);
    assert_eq!(hash_float(f64::INFINITY, 0), 314159);
    assert_eq!(hash_float(f64::NEG_INFINITY, 0), -314159);
    assert_eq!(hash_float(f64::NAN, 12345), 12345);
    assert_eq!(hash_complex(1.0, 2.0, 0), 2000007);
    assert_eq!(hash_complex(-1.0, 0.0, 0), -2);
    // equal numbers hash alike
    assert_eq!(hash_float(1e300, 0), hash_int(&"1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160".parse::<BigInt>().unwrap_or_default()) );
}

#[test]
fn unicode_helpers() {
    assert_eq!(repr_str("it's"), "\"it's\"");
    assert_eq!(repr_str("a\u{200b}b"), "'a\\u200bb'");
    assert_eq!(ascii_str("é"), "'\\xe9'");
    assert!(is_space('\u{3000}') && is_space('\x1c') && !is_space('\u{200b}'));
    assert!(is_printable('é') && !is_printable('\u{ad}'));
    assert_eq!(decimal_value('٣'), Some(3));
    assert_eq!(decimal_value('²'), None);
}
