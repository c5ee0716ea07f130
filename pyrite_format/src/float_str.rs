//! `repr(float)`, `str(float)` and the shared float-to-text routine behind `format()`,
//! f-strings, `str.format` and `%`-formatting (CPython's `PyOS_double_to_string`).

use crate::decimal::{self, Digits};

/// Options of [`float_to_str_with_precision`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FloatFlags {
    /// Always write a sign (`+` for non-negative values, including nan).
    pub sign: bool,
    /// Write `.0` after an integral value printed without exponent (as `repr` does).
    pub add_dot_0: bool,
    /// The `#` alternate form: always keep the decimal point; `g` keeps trailing zeros.
    pub alt: bool,
    /// The `z` option: a value that rounds to zero is printed without a minus sign.
    pub no_neg_0: bool,
}

/// The result of laying out a float, before any sign or padding.
#[derive(Clone, Debug)]
pub(crate) struct FloatBody {
    /// A minus sign is due (never for nan; never with `no_neg_0` when the text is zero).
    pub negative: bool,
    /// The text without sign: `"1.5e+16"`, `"inf"`, `"0.000"`.
    pub body: String,
}

fn push_exponent(out: &mut String, exp: i64, upper: bool) {
    out.push(if upper { 'E' } else { 'e' });
    out.push(if exp < 0 { '-' } else { '+' });
    let a = exp.unsigned_abs();
    if a < 10 {
        out.push('0');
    }
    out.push_str(&a.to_string());
}

fn push_zeros(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n('0', n));
}

/// Lays out `x` with presentation `code` (`e E f F g G r`; anything else is taken as
/// `r`) and `precision` (ignored for `r`).
pub(crate) fn float_body(x: f64, code: char, precision: usize, flags: FloatFlags) -> FloatBody {
    let upper = code.is_ascii_uppercase();
    let lower = code.to_ascii_lowercase();
    if x.is_nan() {
        return FloatBody {
            negative: false,
            body: if upper { "NAN" } else { "nan" }.into(),
        };
    }
    if x.is_infinite() {
        return FloatBody {
            negative: x < 0.0,
            body: if upper { "INF" } else { "inf" }.into(),
        };
    }
    let negative = x.is_sign_negative();
    let lower = match lower {
        'e' | 'f' | 'g' => lower,
        _ => 'r',
    };
    let gprec = precision.max(1);
    let d: Digits = match lower {
        'r' => decimal::shortest(x),
        'e' => decimal::significant(x, precision.saturating_add(1)),
        'f' => decimal::fixed(x, precision.min(i64::MAX as usize) as i64),
        _ => decimal::significant(x, gprec),
    };
    let is_zero = d.is_zero();
    let (digits, decpt): (&[u8], i64) = if is_zero {
        (b"0", 1)
    } else {
        (&d.digits, d.decpt)
    };
    let use_exp = match lower {
        'e' => true,
        'f' => false,
        'g' => {
            let limit = if flags.add_dot_0 {
                gprec as i64 - 1
            } else {
                gprec as i64
            };
            decpt <= -4 || decpt > limit
        }
        _ => decpt <= -4 || decpt > 16,
    };
    let mut out = String::new();
    let digit_str = |s: &[u8]| -> String { String::from_utf8_lossy(s).into_owned() };
    if use_exp {
        out.push(digits[0] as char);
        let mut frac = digit_str(&digits[1..]);
        let want = match lower {
            'e' => precision,
            'g' if flags.alt => gprec - 1,
            _ => 0,
        };
        if frac.len() < want {
            let n = want - frac.len();
            push_zeros(&mut frac, n);
        }
        if !frac.is_empty() || flags.alt {
            out.push('.');
            out.push_str(&frac);
        }
        push_exponent(&mut out, decpt - 1, upper);
    } else {
        let n = digits.len() as i64;
        let mut frac;
        if decpt <= 0 {
            out.push('0');
            frac = String::new();
            push_zeros(&mut frac, (-decpt) as usize);
            frac.push_str(&digit_str(digits));
        } else if decpt >= n {
            out.push_str(&digit_str(digits));
            push_zeros(&mut out, (decpt - n) as usize);
            frac = String::new();
        } else {
            out.push_str(&digit_str(&digits[..decpt as usize]));
            frac = digit_str(&digits[decpt as usize..]);
        }
        let want = match lower {
            'f' => precision,
            'g' if flags.alt => {
                let sig = if decpt > 0 { n.max(decpt) } else { n } as usize;
                frac.len() + gprec.saturating_sub(sig)
            }
            _ => 0,
        };
        if frac.len() < want {
            let k = want - frac.len();
            push_zeros(&mut frac, k);
        }
        if !frac.is_empty() {
            out.push('.');
            out.push_str(&frac);
        } else if flags.add_dot_0 {
            out.push_str(".0");
        } else if flags.alt {
            out.push('.');
        }
    }
    FloatBody {
        negative: negative && !(flags.no_neg_0 && is_zero),
        body: out,
    }
}

/// Shared float-to-text routine of `format()`, f-strings, `str.format` and `%`
/// (CPython's `PyOS_double_to_string`).
///
/// `code` is one of `e E f F g G` (`precision` digits, correctly rounded half-even on the
/// exact binary value) or `r` (shortest round-trip digits, `precision` ignored, exponent
/// used when the decimal exponent is < -4 or >= 16).  Upper-case codes print `E`, `INF`,
/// `NAN`.  Any other code is treated as `r`.
///
/// ```
/// use pyrite_format::{float_to_str_with_precision, FloatFlags};
/// assert_eq!(float_to_str_with_precision(0.1, 'f', 20, FloatFlags::default()), "0.10000000000000000555");
/// assert_eq!(float_to_str_with_precision(2.5, 'f', 0, FloatFlags::default()), "2");
/// ```
pub fn float_to_str_with_precision(
    x: f64,
    code: char,
    precision: usize,
    flags: FloatFlags,
) -> String {
    let b = float_body(x, code, precision, flags);
    let mut out = String::with_capacity(b.body.len() + 1);
    if b.negative {
        out.push('-');
    } else if flags.sign {
        out.push('+');
    }
    out.push_str(&b.body);
    out
}

/// `repr(x)` / `str(x)` for a float: the shortest string that reads back as `x`
/// (`'0.1'`, `'1.0'`, `'1e+16'`, `'1e-05'`, `'inf'`, `'-0.0'`, `'nan'`).
pub fn float_repr(x: f64) -> String {
    float_to_str_with_precision(
        x,
        'r',
        0,
        FloatFlags {
            add_dot_0: true,
            ..FloatFlags::default()
        },
    )
}

/// `str(x)` for a float; identical to [`float_repr`] in Python 3.
pub fn float_str(x: f64) -> String {
    float_repr(x)
}

/// `repr(z)` / `str(z)` for a complex number: `'(1+2j)'`, `'2j'`, `'(-0-0j)'`,
/// `'(nan+infj)'`.
pub fn complex_repr(re: f64, im: f64) -> String {
    let plain = FloatFlags::default();
    if re == 0.0 && re.is_sign_positive() {
        let mut s = float_to_str_with_precision(im, 'r', 0, plain);
        s.push('j');
        s
    } else {
        let mut s = String::from("(");
        s.push_str(&float_to_str_with_precision(re, 'r', 0, plain));
        s.push_str(&float_to_str_with_precision(
            im,
            'r',
            0,
            FloatFlags {
                sign: true,
                ..plain
            },
        ));
        s.push_str("j)");
        s
    }
}
