//! Applying a [`FormatSpec`]: `int.__format__`, `float.__format__`, `complex.__format__`
//! and `str.__format__` (what `format()`, f-strings and `str.format` call).

use num_bigint::{BigInt, Sign as BigSign};
use num_traits::ToPrimitive;

use crate::error::{check_len, FormatError, FormatResult};
use crate::float_ops::bigint_to_f64;
use crate::float_str::{float_body, FloatFlags};
use crate::spec::{parse_format_spec, unknown_format_code, Align, FormatSpec, Sign};

/// A number split for layout: `sign prefix digits rest`, where only `digits` (the leading
/// integer digits) is subject to grouping and zero padding.
pub(crate) struct NumberParts<'a> {
    pub sign: &'a str,
    pub prefix: &'a str,
    pub digits: &'a str,
    pub rest: &'a str,
}

/// Inserts `sep` every `group` digits (from the right) into the ASCII `digits`, adding
/// leading `'0'`s (still grouped) until the result has at least `min_width` characters.
pub(crate) fn group_digits(
    digits: &str,
    sep: Option<char>,
    group: usize,
    min_width: usize,
) -> String {
    let Some(sep) = sep else {
        let mut s = String::with_capacity(min_width.max(digits.len()));
        for _ in digits.len()..min_width {
            s.push('0');
        }
        s.push_str(digits);
        return s;
    };
    let src = digits.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(src.len() * 2 + min_width);
    let mut i = src.len();
    let mut in_group = 0;
    let mut sep_buf = [0u8; 4];
    let sep_bytes = sep.encode_utf8(&mut sep_buf).as_bytes().to_vec();
    let mut nchars = 0usize;
    while i > 0 || nchars < min_width {
        if in_group == group {
            for &b in sep_bytes.iter().rev() {
                out.push(b);
            }
            nchars += 1;
            in_group = 0;
        }
        if i > 0 {
            i -= 1;
            out.push(src[i]);
        } else {
            out.push(b'0');
        }
        nchars += 1;
        in_group += 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Pads `content` (of `n` characters) to `width` with `fill` according to `align`
/// (`AfterSign` is handled by callers and treated as `Right` here).
pub(crate) fn pad(
    content: &str,
    n: usize,
    width: Option<usize>,
    align: Align,
    fill: char,
) -> FormatResult<String> {
    let width = width.unwrap_or(0);
    if n >= width {
        return Ok(content.to_string());
    }
    let total = width - n;
    check_len(
        content
            .len()
            .saturating_add(total.saturating_mul(fill.len_utf8())),
    )?;
    let (left, right) = match align {
        Align::Left => (0, total),
        Align::Center => (total / 2, total - total / 2),
        Align::Right | Align::AfterSign => (total, 0),
    };
    let mut s = String::with_capacity(content.len() + total * fill.len_utf8());
    s.extend(std::iter::repeat_n(fill, left));
    s.push_str(content);
    s.extend(std::iter::repeat_n(fill, right));
    Ok(s)
}

/// Lays out a number per `spec` (numbers default to right alignment; `0` means `=` with
/// fill `'0'`).  `grouping` is the separator and group size to use, if any.
pub(crate) fn layout_number(
    p: &NumberParts,
    spec: &FormatSpec,
    grouping: Option<(char, usize)>,
) -> FormatResult<String> {
    let fill = spec.fill.unwrap_or(if spec.zero_pad { '0' } else { ' ' });
    let align = spec.align.unwrap_or(if spec.zero_pad {
        Align::AfterSign
    } else {
        Align::Right
    });
    let width = spec.width.unwrap_or(0);
    check_len(width.saturating_mul(fill.len_utf8()))?;
    let (sep, group) = match grouping {
        Some((c, g)) => (Some(c), g),
        None => (None, 3),
    };
    let fixed = char_len(p.sign) + char_len(p.prefix) + char_len(p.rest);
    let zero_grouped = align == Align::AfterSign && fill == '0' && !p.digits.is_empty();
    let min_digits = if zero_grouped {
        width.saturating_sub(fixed)
    } else {
        0
    };
    let digits = group_digits(p.digits, sep, group, min_digits);
    let n = fixed + char_len(&digits);
    if align == Align::AfterSign && n < width {
        let padn = width - n;
        let mut s = String::with_capacity(n + padn * fill.len_utf8() + digits.len());
        s.push_str(p.sign);
        s.push_str(p.prefix);
        s.extend(std::iter::repeat_n(fill, padn));
        s.push_str(&digits);
        s.push_str(p.rest);
        return Ok(s);
    }
    let mut s = String::with_capacity(p.sign.len() + p.prefix.len() + digits.len() + p.rest.len());
    s.push_str(p.sign);
    s.push_str(p.prefix);
    s.push_str(&digits);
    s.push_str(p.rest);
    pad(&s, n, spec.width, align, fill)
}

fn sign_str(negative: bool, sign: Option<Sign>) -> &'static str {
    if negative {
        "-"
    } else {
        match sign {
            Some(Sign::Plus) => "+",
            Some(Sign::Space) => " ",
            _ => "",
        }
    }
}

/// Splits a float body into its leading integer digits and the rest.
fn split_digits(body: &str) -> (&str, &str) {
    let k = body.bytes().take_while(|b| b.is_ascii_digit()).count();
    body.split_at(k)
}

/// `int.__format__(spec)` / `format(value, spec)` for an `int` (or `bool` when a spec is
/// given).  `type_name` is used in error messages (`'int'`, `'bool'`, subclass names).
/// Float presentation types (`e f g %` ...) convert the value to float first.
pub fn format_int(value: &BigInt, spec: &FormatSpec, type_name: &str) -> FormatResult<String> {
    spec.check_grouping(Some('d'))?;
    let t = spec.type_or(Some('d')).unwrap_or('d');
    let (base, upper, prefix) = match t {
        'd' | 'n' => (10, false, ""),
        'b' => (2, false, "0b"),
        'o' => (8, false, "0o"),
        'x' => (16, false, "0x"),
        'X' => (16, true, "0X"),
        'c' => (0, false, ""),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let x = bigint_to_f64(value)?;
            return format_float(x, spec, type_name);
        }
        _ => return Err(unknown_format_code(t, type_name)),
    };
    if spec.precision.is_some() {
        return Err(FormatError::value(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.no_neg_0 {
        return Err(FormatError::value(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    if t == 'c' {
        if spec.sign.is_some() {
            return Err(FormatError::value(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alternate {
            return Err(FormatError::value(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let ch = int_to_char(value)?;
        let mut buf = [0u8; 4];
        let s = ch.encode_utf8(&mut buf);
        let parts = NumberParts {
            sign: "",
            prefix: "",
            digits: "",
            rest: s,
        };
        return layout_number(&parts, spec, None);
    }
    let mut digits = value.magnitude().to_str_radix(base);
    if upper {
        digits.make_ascii_uppercase();
    }
    let negative = value.sign() == BigSign::Minus;
    let grouping = match (t, spec.grouping) {
        ('n', _) | (_, None) => None,
        (_, Some(g)) => Some((g.char(), if base == 10 { 3 } else { 4 })),
    };
    let parts = NumberParts {
        sign: sign_str(negative, spec.sign),
        prefix: if spec.alternate { prefix } else { "" },
        digits: &digits,
        rest: "",
    };
    layout_number(&parts, spec, grouping)
}

/// The character for `%c` / format type `'c'`: OverflowError outside `range(0x110000)`.
/// Surrogate code points (which Python allows) cannot live in a Rust `str`; they give a
/// `ValueError`.
pub fn int_to_char(value: &BigInt) -> FormatResult<char> {
    let Some(v) = value.to_i64() else {
        return Err(FormatError::overflow(
            "Python int too large to convert to C long",
        ));
    };
    if !(0..0x110000).contains(&v) {
        return Err(FormatError::overflow("%c arg not in range(0x110000)"));
    }
    char::from_u32(v as u32)
        .ok_or_else(|| FormatError::value("surrogate code points are not supported"))
}

fn check_float_precision(spec: &FormatSpec) -> FormatResult<()> {
    if let Some(p) = spec.precision {
        if p > i32::MAX as usize {
            return Err(FormatError::value("precision too big"));
        }
    }
    Ok(())
}

/// `float.__format__(spec)` / `format(x, spec)` for a float.  Types `e E f F g G n %`
/// and none (repr-like, or `g` with at least one digit after the point when a precision
/// is given).  `type_name` is used in error messages.
pub fn format_float(x: f64, spec: &FormatSpec, type_name: &str) -> FormatResult<String> {
    spec.check_grouping(None)?;
    let mut flags = FloatFlags {
        alt: spec.alternate,
        no_neg_0: spec.no_neg_0,
        ..FloatFlags::default()
    };
    let (code, percent) = match spec.type_code {
        None => {
            flags.add_dot_0 = true;
            (if spec.precision.is_some() { 'g' } else { 'r' }, false)
        }
        Some('n') => ('g', false),
        Some('%') => ('f', true),
        Some(c @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G')) => (c, false),
        Some(c) => return Err(unknown_format_code(c, type_name)),
    };
    check_float_precision(spec)?;
    let precision = spec.precision.unwrap_or(6);
    check_len(precision.saturating_add(400))?;
    let value = if percent { x * 100.0 } else { x };
    let b = float_body(value, code, precision, flags);
    let mut body = b.body;
    if percent {
        body.push('%');
    }
    let (digits, rest) = split_digits(&body);
    let grouping = if spec.type_code == Some('n') {
        None
    } else {
        spec.grouping.map(|g| (g.char(), 3))
    };
    let parts = NumberParts {
        sign: sign_str(b.negative, spec.sign),
        prefix: "",
        digits,
        rest,
    };
    layout_number(&parts, spec, grouping)
}

/// `complex.__format__(spec)` / `format(z, spec)`.  Without a type: like `str(z)`
/// (parentheses, real part omitted when it is +0.0); with `e E f F g G n`: `re±imj`
/// without parentheses.
pub fn format_complex(
    re: f64,
    im: f64,
    spec: &FormatSpec,
    type_name: &str,
) -> FormatResult<String> {
    spec.check_grouping(None)?;
    let mut skip_re = false;
    let mut parens = false;
    let code = match spec.type_code {
        None => {
            if re == 0.0 && re.is_sign_positive() {
                skip_re = true;
            } else {
                parens = true;
            }
            if spec.precision.is_some() {
                'g'
            } else {
                'r'
            }
        }
        Some('n') => 'g',
        Some(c @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G')) => c,
        Some(c) => return Err(unknown_format_code(c, type_name)),
    };
    check_float_precision(spec)?;
    if spec.zero_pad || spec.fill == Some('0') {
        return Err(FormatError::value(
            "Zero padding is not allowed in complex format specifier",
        ));
    }
    if spec.align == Some(Align::AfterSign) {
        return Err(FormatError::value(
            "'=' alignment flag is not allowed in complex format specifier",
        ));
    }
    let precision = spec.precision.unwrap_or(6);
    check_len(precision.saturating_mul(2).saturating_add(800))?;
    let flags = FloatFlags {
        alt: spec.alternate,
        no_neg_0: spec.no_neg_0,
        ..FloatFlags::default()
    };
    let grouping = if spec.type_code == Some('n') {
        None
    } else {
        spec.grouping.map(|g| (g.char(), 3))
    };
    let sep = grouping.map(|g| g.0);
    let mut out = String::new();
    if parens {
        out.push('(');
    }
    if !skip_re {
        let b = float_body(re, code, precision, flags);
        out.push_str(sign_str(b.negative, spec.sign));
        let (d, rest) = split_digits(&b.body);
        out.push_str(&group_digits(d, sep, 3, 0));
        out.push_str(rest);
    }
    let b = float_body(im, code, precision, flags);
    let im_sign = if skip_re {
        sign_str(b.negative, spec.sign)
    } else {
        sign_str(b.negative, Some(Sign::Plus))
    };
    out.push_str(im_sign);
    let (d, rest) = split_digits(&b.body);
    out.push_str(&group_digits(d, sep, 3, 0));
    out.push_str(rest);
    out.push('j');
    if parens {
        out.push(')');
    }
    let fill = spec.fill.unwrap_or(' ');
    let n = char_len(&out);
    pad(
        &out,
        n,
        spec.width,
        spec.align.unwrap_or(Align::Right),
        fill,
    )
}

/// `str.__format__(spec)` / `format(s, spec)`: width, alignment (default left), fill and
/// precision (truncation), counted in characters.  `type_name` is used in error messages.
pub fn format_str(s: &str, spec: &FormatSpec, type_name: &str) -> FormatResult<String> {
    spec.check_grouping(Some('s'))?;
    match spec.type_code {
        None | Some('s') => {}
        Some(c) => return Err(unknown_format_code(c, type_name)),
    }
    match spec.sign {
        Some(Sign::Space) => {
            return Err(FormatError::value(
                "Space not allowed in string format specifier",
            ))
        }
        Some(_) => {
            return Err(FormatError::value(
                "Sign not allowed in string format specifier",
            ))
        }
        None => {}
    }
    if spec.no_neg_0 {
        return Err(FormatError::value(
            "Negative zero coercion (z) not allowed in string format specifier",
        ));
    }
    if spec.alternate {
        return Err(FormatError::value(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if spec.align == Some(Align::AfterSign) {
        return Err(FormatError::value(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let (text, n) = match spec.precision {
        Some(p) => {
            let t = crate::unicode::truncate_chars(s, p);
            (t, char_len(t))
        }
        None => (s, char_len(s)),
    };
    let fill = spec.fill.unwrap_or(if spec.zero_pad { '0' } else { ' ' });
    pad(text, n, spec.width, spec.align.unwrap_or(Align::Left), fill)
}

/// Parses `spec` and applies [`format_int`] (`int.__format__`).
pub fn int_format(value: &BigInt, spec: &str, type_name: &str) -> FormatResult<String> {
    format_int(value, &parse_format_spec(spec, type_name)?, type_name)
}

/// Parses `spec` and applies [`format_float`] (`float.__format__`).
pub fn float_format(x: f64, spec: &str, type_name: &str) -> FormatResult<String> {
    format_float(x, &parse_format_spec(spec, type_name)?, type_name)
}

/// Parses `spec` and applies [`format_complex`] (`complex.__format__`).
pub fn complex_format(re: f64, im: f64, spec: &str, type_name: &str) -> FormatResult<String> {
    format_complex(re, im, &parse_format_spec(spec, type_name)?, type_name)
}

/// Parses `spec` and applies [`format_str`] (`str.__format__`).
pub fn str_format(s: &str, spec: &str, type_name: &str) -> FormatResult<String> {
    format_str(s, &parse_format_spec(spec, type_name)?, type_name)
}
