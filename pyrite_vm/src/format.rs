//! Glue between Python values and the format mini-language (`format()`, f-strings,
//! `str.format`, `%`). The digit work lives in the `pyrite_format` crate.

use crate::errors::*;
use crate::types::Payload;
use crate::value::Value;

#[derive(Default, Debug)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: Option<usize>,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(spec: &str) -> PyResult<Spec> {
    let c: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut s = Spec::default();
    if c.len() >= 2 && matches!(c[1], '<' | '>' | '=' | '^') {
        s.fill = Some(c[0]);
        s.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && matches!(c[0], '<' | '>' | '=' | '^') {
        s.align = Some(c[0]);
        i = 1;
    }
    if i < c.len() && matches!(c[i], '+' | '-' | ' ') {
        s.sign = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == 'z' {
        i += 1;
    }
    if i < c.len() && c[i] == '#' {
        s.alt = true;
        i += 1;
    }
    if i < c.len() && c[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let mut w = String::new();
    while i < c.len() && c[i].is_ascii_digit() {
        w.push(c[i]);
        i += 1;
    }
    if !w.is_empty() {
        s.width = Some(w.parse().map_err(|_| value_error("Too many decimal digits in format string"))?);
    }
    if i < c.len() && matches!(c[i], ',' | '_') {
        s.grouping = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == '.' {
        i += 1;
        let mut p = String::new();
        while i < c.len() && c[i].is_ascii_digit() {
            p.push(c[i]);
            i += 1;
        }
        if p.is_empty() {
            return Err(value_error("Format specifier missing precision"));
        }
        s.precision = Some(p.parse().map_err(|_| value_error("Too many decimal digits in format string"))?);
    }
    if i < c.len() {
        s.ty = Some(c[i]);
        i += 1;
    }
    if i < c.len() {
        return Err(value_error("Invalid format specifier"));
    }
    Ok(s)
}

fn group(digits: &str, sep: char, every: usize) -> String {
    let mut out = String::new();
    let n = digits.len();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (n - i) % every == 0 {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

fn pad(body: String, sign: &str, s: &Spec, default_align: char) -> String {
    let width = s.width.unwrap_or(0);
    let len = body.chars().count() + sign.chars().count();
    if len >= width {
        return format!("{}{}", sign, body);
    }
    let fill = s.fill.unwrap_or(if s.zero && s.align.is_none() { '0' } else { ' ' });
    let align = s.align.unwrap_or(if s.zero { '=' } else { default_align });
    let n = width - len;
    let f = |k: usize| fill.to_string().repeat(k);
    match align {
        '<' => format!("{}{}{}", sign, body, f(n)),
        '>' => format!("{}{}{}", f(n), sign, body),
        '^' => format!("{}{}{}{}", f(n / 2), sign, body, f(n - n / 2)),
        _ => format!("{}{}{}", sign, f(n), body),
    }
}

fn sign_of(neg: bool, s: &Spec) -> &'static str {
    if neg {
        "-"
    } else {
        match s.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    }
}

pub fn format_value_spec(v: &Value, spec: &str) -> PyResult<String> {
    let s = parse_spec(spec)?;
    if let Some(st) = crate::types::str::as_str(v) {
        if let Some(t) = s.ty {
            if t != 's' {
                return Err(value_error(format!("Unknown format code '{}' for object of type 'str'", t)));
            }
        }
        if s.sign.is_some() {
            return Err(value_error("Sign not allowed in string format specifier"));
        }
        let body: String = match s.precision {
            Some(p) => st.chars().take(p).collect(),
            None => st.to_string(),
        };
        return Ok(pad(body, "", &s, '<'));
    }
    if crate::types::int::is_int(v) && !matches!(s.ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) {
        let b = crate::types::int::to_bigint(v).unwrap();
        let neg = b.sign() == num_bigint::Sign::Minus;
        let mag = b.magnitude();
        let (digits, prefix) = match s.ty {
            None | Some('d') | Some('n') => (mag.to_string(), ""),
            Some('x') => (mag.to_str_radix(16), "0x"),
            Some('X') => (mag.to_str_radix(16).to_uppercase(), "0X"),
            Some('o') => (mag.to_str_radix(8), "0o"),
            Some('b') => (mag.to_str_radix(2), "0b"),
            Some('c') => {
                let c = char::from_u32(crate::types::int::as_i64(v).unwrap_or(-1) as u32).ok_or_else(|| overflow_error("%c arg not in range(0x110000)"))?;
                return Ok(pad(c.to_string(), "", &s, '<'));
            }
            Some(t) => return Err(value_error(format!("Unknown format code '{}' for object of type '{}'", t, v.type_name()))),
        };
        if s.precision.is_some() {
            return Err(value_error("Precision not allowed in integer format specifier"));
        }
        let every = if matches!(s.ty, Some('x' | 'X' | 'o' | 'b')) { 4 } else { 3 };
        let digits = match s.grouping {
            Some(g) => group(&digits, g, every),
            None => digits,
        };
        let sign = format!("{}{}", sign_of(neg, &s), if s.alt { prefix } else { "" });
        return Ok(pad(digits, &sign, &s, '>'));
    }
    let f = match v {
        Value::Float(f) => *f,
        _ => match v.payload() {
            Some(Payload::Float(f)) => *f,
            _ if crate::types::int::is_int(v) => crate::types::int::int_to_f64(v)?,
            _ => return Err(type_error(format!("unsupported format string passed to {}.__format__", v.type_name()))),
        },
    };
    let neg = f.is_sign_negative() && !f.is_nan();
    let a = f.abs();
    let body = if !a.is_finite() {
        let t = if a.is_nan() { "nan" } else { "inf" };
        if matches!(s.ty, Some('E' | 'F' | 'G')) { t.to_uppercase() } else { t.to_string() }
    } else {
        match s.ty {
            Some('f') | Some('F') => format!("{:.*}", s.precision.unwrap_or(6), a),
            Some('%') => format!("{:.*}%", s.precision.unwrap_or(6), a * 100.0),
            Some('e') | Some('E') => {
                let r = exp_fmt(a, s.precision.unwrap_or(6));
                if s.ty == Some('E') { r.to_uppercase() } else { r }
            }
            Some('g') | Some('G') | Some('n') => {
                let r = g_fmt(a, s.precision.unwrap_or(6).max(1), s.alt);
                if s.ty == Some('G') { r.to_uppercase() } else { r }
            }
            None => match s.precision {
                Some(p) => {
                    let r = g_fmt(a, p.max(1), s.alt);
                    if r.contains(['.', 'e', 'n', 'i']) { r } else { r + ".0" }
                }
                None => crate::types::float::float_repr(a),
            },
            Some(t) => return Err(value_error(format!("Unknown format code '{}' for object of type '{}'", t, v.type_name()))),
        }
    };
    let body = match s.grouping {
        Some(g) if a.is_finite() => {
            let (ip, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
                Some(p) => (&body[..p], &body[p..]),
                None => (&body[..], ""),
            };
            format!("{}{}", group(ip, g, 3), rest)
        }
        _ => body,
    };
    Ok(pad(body, sign_of(neg, &s), &s, '>'))
}

fn exp_fmt(a: f64, p: usize) -> String {
    let r = format!("{:.*e}", p, a);
    let (m, e) = r.split_once('e').unwrap();
    let e: i32 = e.parse().unwrap();
    format!("{}e{}{:02}", m, if e < 0 { '-' } else { '+' }, e.abs())
}

fn g_fmt(a: f64, p: usize, alt: bool) -> String {
    if a == 0.0 {
        return if alt { format!("{:.*}", p - 1, 0.0) } else { "0".into() };
    }
    let e = format!("{:.*e}", p - 1, a);
    let exp: i32 = e.split_once('e').unwrap().1.parse().unwrap();
    let r = if exp < -4 || exp >= p as i32 {
        exp_fmt(a, p - 1)
    } else {
        format!("{:.*}", (p as i32 - 1 - exp).max(0) as usize, a)
    };
    if alt {
        return r;
    }
    // strip trailing zeros
    if let Some((m, ex)) = r.split_once('e') {
        let m = if m.contains('.') { m.trim_end_matches('0').trim_end_matches('.') } else { m };
        format!("{}e{}", m, ex)
    } else if r.contains('.') {
        r.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        r
    }
}

/// `round(x, n)` correctly rounded.
pub fn round_float(x: f64, n: i32) -> f64 {
    // Use the exact decimal expansion with round-half-even via string formatting.
    let s = if n >= 0 { format!("{:.*}", n as usize, x) } else {
        let p = 10f64.powi(-n);
        let q = (x / p).round_ties_even() * p;
        return q;
    };
    s.parse().unwrap_or(x)
}
