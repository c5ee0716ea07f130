//! Text encodings: the codecs `str.encode`/`bytes.decode` run natively (UTF-8/16/32,
//! ASCII, Latin-1, cp1252, the escape codecs), the error handlers, the codec registry
//! and the `_codecs` module that the `codecs`/`encodings` packages are built on.
//! Other encodings go through the registry (the stdlib `encodings` package).
//!
//! Rust strings cannot hold lone surrogates, so `surrogateescape`/`surrogatepass`
//! cannot produce their results; they raise NotImplementedError when they would.

use crate::errors::*;
use crate::gil::GilCell;
use crate::object::ObjRef;
use crate::types::exceptions::exc;
use crate::types::function::Kw;
use crate::types::Payload;
use crate::value::Value;
use std::collections::HashMap;

// ---------------------------------------------------------------------------
// codec names

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Codec {
    Utf8,
    Utf8Sig,
    Ascii,
    Latin1,
    /// byte order: 0 = native with BOM, -1 = little endian, 1 = big endian
    Utf16(i8),
    Utf32(i8),
    Cp1252,
    UnicodeEscape,
    RawUnicodeEscape,
    Utf7,
}

/// CPython's `_Py_normalize_encoding`: lower case, runs of characters other than
/// alphanumerics and '.' become one '_'.
pub fn normalize_name(enc: &str) -> String {
    let mut out = String::with_capacity(enc.len());
    let mut punct = false;
    for c in enc.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() || c == '.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            punct = false;
            out.push(c);
        } else {
            punct = true;
        }
    }
    out
}

/// The natively implemented codec for an encoding name, if any.
pub fn native_codec(enc: &str) -> Option<Codec> {
    let n = normalize_name(enc);
    Some(match n.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "utf8_ucs2" | "utf8_ucs4" | "cp65001" => Codec::Utf8,
        "utf_8_sig" => Codec::Utf8Sig,
        "ascii" | "646" | "ansi_x3.4_1968" | "ansi_x3_4_1968" | "ansi_x3.4_1986" | "cp367"
        | "csascii" | "ibm367" | "iso646_us" | "iso_646.irv_1991" | "iso_ir_6" | "us"
        | "us_ascii" => Codec::Ascii,
        "latin_1" | "latin1" | "latin" | "l1" | "8859" | "cp819" | "csisolatin1" | "ibm819"
        | "iso8859" | "iso8859_1" | "iso_8859_1" | "iso_8859_1_1987" | "iso_ir_100" => {
            Codec::Latin1
        }
        "utf_16" | "utf16" | "u16" => Codec::Utf16(0),
        "utf_16_le" | "utf_16le" | "unicodelittleunmarked" => Codec::Utf16(-1),
        "utf_16_be" | "utf_16be" | "unicodebigunmarked" => Codec::Utf16(1),
        "utf_32" | "utf32" | "u32" => Codec::Utf32(0),
        "utf_32_le" | "utf_32le" => Codec::Utf32(-1),
        "utf_32_be" | "utf_32be" => Codec::Utf32(1),
        "cp1252" | "windows_1252" | "1252" => Codec::Cp1252,
        "unicode_escape" => Codec::UnicodeEscape,
        "raw_unicode_escape" => Codec::RawUnicodeEscape,
        "utf_7" | "u7" | "utf7" | "unicode_1_1_utf_7" => Codec::Utf7,
        _ => return None,
    })
}

/// Kept for callers that only need the canonical name of the common codecs.
pub fn normalize(enc: &str) -> String {
    match native_codec(enc) {
        Some(Codec::Utf8) => "utf-8".into(),
        Some(Codec::Ascii) => "ascii".into(),
        Some(Codec::Latin1) => "latin-1".into(),
        _ => enc.trim().to_ascii_lowercase().replace(['_', ' '], "-"),
    }
}

fn utf16_name(order: i8) -> &'static str {
    if order > 0 {
        "utf-16-be"
    } else {
        "utf-16-le"
    }
}

fn utf32_name(order: i8) -> &'static str {
    if order > 0 {
        "utf-32-be"
    } else {
        "utf-32-le"
    }
}

// ---------------------------------------------------------------------------
// registries

struct Registry {
    search: Vec<Value>,
    cache: HashMap<String, Value>,
    handlers: HashMap<String, Value>,
    encodings_imported: bool,
}

static REGISTRY: GilCell<Option<Registry>> = GilCell::new(None);

fn registry() -> &'static mut Registry {
    REGISTRY.get().get_or_insert_with(|| Registry {
        search: Vec::new(),
        cache: HashMap::new(),
        handlers: HashMap::new(),
        encodings_imported: false,
    })
}

const BUILTIN_HANDLERS: &[&str] = &[
    "strict",
    "ignore",
    "replace",
    "backslashreplace",
    "xmlcharrefreplace",
    "namereplace",
    "surrogateescape",
    "surrogatepass",
];

fn unknown_handler(name: &str) -> PyErr {
    PyErr::new(
        &exc().lookup_error,
        format!("unknown error handler name '{}'", name),
    )
}

/// A registered (non-builtin) error handler.
fn custom_handler(name: &str) -> PyResult<Value> {
    registry()
        .handlers
        .get(name)
        .cloned()
        .ok_or_else(|| unknown_handler(name))
}

/// `codecs.lookup(encoding)`: the CodecInfo from the registered search functions.
pub fn lookup(encoding: &str) -> PyResult<Value> {
    let key = normalize_name(encoding);
    let reg = registry();
    if let Some(c) = reg.cache.get(&key) {
        return Ok(c.clone());
    }
    if !reg.encodings_imported {
        reg.encodings_imported = true;
        // without the `encodings` package only the native codecs exist
        let _ = crate::import::import_full("encodings");
    }
    let funcs = registry().search.clone();
    for f in funcs {
        let r = crate::ops::call::call(&f, &[Value::from(key.as_str())], None)?;
        if r.is_none() {
            continue;
        }
        match crate::types::tuple::as_tuple(&r) {
            Some(t) if t.len() == 4 => {}
            _ => return Err(type_error("codec search functions must return 4-tuples")),
        }
        registry().cache.insert(key, r.clone());
        return Ok(r);
    }
    Err(PyErr::new(
        &exc().lookup_error,
        format!("unknown encoding: {}", encoding),
    ))
}

/// The registry codec for `str.encode`/`bytes.decode` (must be a text encoding).
fn lookup_text(encoding: &str, alt: &str) -> PyResult<Value> {
    let codec = lookup(encoding)?;
    if let Some(flag) = crate::ops::attr::getattr_opt(&codec, "_is_text_encoding")? {
        if !crate::ops::truthy(&flag)? {
            return Err(PyErr::new(
                &exc().lookup_error,
                format!(
                    "'{}' is not a text encoding; use {} to handle arbitrary codecs",
                    encoding, alt
                ),
            ));
        }
    }
    Ok(codec)
}

fn codec_item(codec: &Value, i: usize) -> Value {
    crate::types::tuple::as_tuple(codec)
        .and_then(|t| t.get(i).cloned())
        .unwrap_or(Value::None)
}

fn call_codec(f: &Value, obj: Value, errors: &str, what: &str) -> PyResult<Value> {
    let r = crate::ops::call::call(f, &[obj, Value::from(errors)], None)?;
    match crate::types::tuple::as_tuple(&r) {
        Some(t) if t.len() == 2 => Ok(t[0].clone()),
        _ => Err(type_error(format!(
            "{} must return a tuple (object, integer)",
            what
        ))),
    }
}

// ---------------------------------------------------------------------------
// error handling

fn decode_exc(enc: &str, data: &[u8], start: usize, end: usize, reason: &str) -> PyErr {
    PyErr::with_args(
        &exc().unicode_decode_error,
        vec![
            Value::from(enc),
            crate::types::bytes::new_bytes(data.to_vec()),
            Value::Int(start as i64),
            Value::Int(end as i64),
            Value::from(reason),
        ],
    )
}

fn encode_exc(enc: &str, s: &str, start: usize, end: usize, reason: &str) -> PyErr {
    PyErr::with_args(
        &exc().unicode_encode_error,
        vec![
            Value::from(enc),
            Value::from(s),
            Value::Int(start as i64),
            Value::Int(end as i64),
            Value::from(reason),
        ],
    )
}

/// Resolve a handler's new position (negative: from the end).
fn handler_pos(pos: &Value, len: usize) -> PyResult<usize> {
    let p = crate::types::int::index_i64(pos)?;
    let q = if p < 0 { p + len as i64 } else { p };
    if q < 0 || q > len as i64 {
        return Err(index_error(format!(
            "position {} from error handler out of bounds",
            p
        )));
    }
    Ok(q as usize)
}

/// The stored (shadow) character of a lone surrogate code point.
fn shadow(u: u32) -> char {
    crate::types::str::char_from_code_point(u).unwrap_or('\u{fffd}')
}

/// A lone surrogate encoded the way `surrogatepass` reads it at `data[at..]` for the
/// given codec name: the code point and the number of bytes.
fn read_pass(enc: &str, data: &[u8], at: usize) -> Option<(u32, usize)> {
    let d = data.get(at..)?;
    let (u, n) = match enc {
        "utf-8" => {
            if d.len() >= 3
                && d[0] == 0xED
                && (0xA0..0xC0).contains(&d[1])
                && (0x80..0xC0).contains(&d[2])
            {
                (
                    0xD000 | ((d[1] as u32 & 0x3F) << 6) | (d[2] as u32 & 0x3F),
                    3,
                )
            } else {
                return None;
            }
        }
        "utf-16-le" | "utf-16-be" => {
            let w = [*d.first()?, *d.get(1)?];
            (
                if enc.ends_with("be") {
                    u16::from_be_bytes(w)
                } else {
                    u16::from_le_bytes(w)
                } as u32,
                2,
            )
        }
        "utf-32-le" | "utf-32-be" => {
            let w = [*d.first()?, *d.get(1)?, *d.get(2)?, *d.get(3)?];
            (
                if enc.ends_with("be") {
                    u32::from_be_bytes(w)
                } else {
                    u32::from_le_bytes(w)
                },
                4,
            )
        }
        _ => return None,
    };
    if (0xD800..0xE000).contains(&u) {
        Some((u, n))
    } else {
        None
    }
}

/// The bytes `surrogatepass` writes for a lone surrogate in the given codec.
fn write_pass(enc: &str, u: u32) -> Option<Vec<u8>> {
    Some(match enc {
        "utf-8" => vec![
            0xE0 | (u >> 12) as u8,
            0x80 | ((u >> 6) & 0x3F) as u8,
            0x80 | (u & 0x3F) as u8,
        ],
        "utf-16" | "utf-16-le" => (u as u16).to_le_bytes().to_vec(),
        "utf-16-be" => (u as u16).to_be_bytes().to_vec(),
        "utf-32" | "utf-32-le" => u.to_le_bytes().to_vec(),
        "utf-32-be" => u.to_be_bytes().to_vec(),
        _ => return None,
    })
}

/// Decoder state: output and the error policy.
struct Dec<'a> {
    enc: &'static str,
    data: &'a [u8],
    errors: &'a str,
    out: String,
}

impl<'a> Dec<'a> {
    fn new(enc: &'static str, data: &'a [u8], errors: &'a str) -> Dec<'a> {
        Dec {
            enc,
            data,
            errors,
            out: String::with_capacity(data.len()),
        }
    }
    /// Handle a decoding error over `data[start..end]`; returns where to resume.
    fn error(&mut self, start: usize, end: usize, reason: &str) -> PyResult<usize> {
        match self.errors {
            "strict" => Err(decode_exc(self.enc, self.data, start, end, reason)),
            "ignore" => Ok(end),
            "replace" => {
                self.out.push('\u{fffd}');
                Ok(end)
            }
            "backslashreplace" => {
                for b in &self.data[start..end] {
                    self.out.push_str(&format!("\\x{:02x}", b));
                }
                Ok(end)
            }
            "surrogateescape" => {
                let bad = &self.data[start..end];
                if bad.iter().any(|&b| b < 128) {
                    return Err(decode_exc(self.enc, self.data, start, end, reason));
                }
                for &b in bad {
                    self.out.push(shadow(0xDC00 + b as u32));
                }
                Ok(end)
            }
            "surrogatepass" => match read_pass(self.enc, self.data, start) {
                Some((u, n)) => {
                    self.out.push(shadow(u));
                    Ok(start + n)
                }
                None => Err(decode_exc(self.enc, self.data, start, end, reason)),
            },
            "xmlcharrefreplace" | "namereplace" => Err(type_error(format!(
                "don't know how to handle UnicodeDecodeError in error callback"
            ))),
            name => {
                let h = custom_handler(name)?;
                let e = decode_exc(self.enc, self.data, start, end, reason);
                let r = crate::ops::call::call(&h, &[e.value()], None)?;
                let bad = || type_error("decoding error handler must return (str, int) tuple");
                let t = crate::types::tuple::as_tuple(&r).ok_or_else(bad)?;
                if t.len() != 2 {
                    return Err(bad());
                }
                let s = crate::types::str::as_str(&t[0]).ok_or_else(bad)?;
                self.out.push_str(s);
                handler_pos(&t[1], self.data.len())
            }
        }
    }
    fn finish(self) -> Value {
        crate::types::str::new_string(self.out)
    }
}

/// What an encoder does with characters it cannot encode: the replacement bytes
/// for `chars[start..end]` and where to resume.
fn encode_error(
    enc: &str,
    s: &str,
    chars: &[char],
    start: usize,
    end: usize,
    reason: &str,
    errors: &str,
    out: &mut Vec<u8>,
    reencode: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> PyResult<usize> {
    match errors {
        "strict" => Err(encode_exc(enc, s, start, end, reason)),
        "ignore" => Ok(end),
        "replace" => {
            for _ in start..end {
                out.push(b'?');
            }
            Ok(end)
        }
        "backslashreplace" => {
            for &c in &chars[start..end] {
                out.extend_from_slice(backslash_escape(c).as_bytes());
            }
            Ok(end)
        }
        "xmlcharrefreplace" => {
            for &c in &chars[start..end] {
                out.extend_from_slice(
                    format!("&#{};", crate::types::str::code_point(c)).as_bytes(),
                );
            }
            Ok(end)
        }
        "namereplace" => {
            for &c in &chars[start..end] {
                out.extend_from_slice(name_escape(c).as_bytes());
            }
            Ok(end)
        }
        "surrogateescape" => {
            let mut bytes = Vec::with_capacity(end - start);
            for &c in &chars[start..end] {
                let u = crate::types::str::code_point(c);
                if !(0xDC80..0xDD00).contains(&u) {
                    return Err(encode_exc(enc, s, start, end, reason));
                }
                bytes.push((u - 0xDC00) as u8);
            }
            out.extend_from_slice(&bytes);
            Ok(end)
        }
        "surrogatepass" => {
            let mut bytes = Vec::new();
            for &c in &chars[start..end] {
                let u = crate::types::str::code_point(c);
                match write_pass(enc, u) {
                    Some(b) if (0xD800..0xE000).contains(&u) => bytes.extend_from_slice(&b),
                    _ => return Err(encode_exc(enc, s, start, end, reason)),
                }
            }
            out.extend_from_slice(&bytes);
            Ok(end)
        }
        name => {
            let h = custom_handler(name)?;
            let e = encode_exc(enc, s, start, end, reason);
            let r = crate::ops::call::call(&h, &[e.value()], None)?;
            let bad = || type_error("encoding error handler must return (str/bytes, int) tuple");
            let t = crate::types::tuple::as_tuple(&r).ok_or_else(bad)?;
            if t.len() != 2 {
                return Err(bad());
            }
            if let Some(rs) = crate::types::str::as_str(&t[0]) {
                match reencode(rs) {
                    Some(b) => out.extend_from_slice(&b),
                    None => return Err(encode_exc(enc, s, start, end, reason)),
                }
            } else if let Some(Payload::Bytes(b)) = t[0].payload() {
                out.extend_from_slice(&b.data);
            } else {
                return Err(bad());
            }
            handler_pos(&t[1], chars.len())
        }
    }
}

fn backslash_escape(c: char) -> String {
    let u = crate::types::str::code_point(c);
    if u <= 0xff {
        format!("\\x{:02x}", u)
    } else if u <= 0xffff {
        format!("\\u{:04x}", u)
    } else {
        format!("\\U{:08x}", u)
    }
}

// ---------------------------------------------------------------------------
// decoders (each returns the text and the number of bytes consumed; with
// `final_ == false` an incomplete sequence at the end is left unconsumed)

fn utf8_decode(data: &[u8], errors: &str, final_: bool) -> PyResult<(Value, usize)> {
    let mut d = Dec::new("utf-8", data, errors);
    let mut i = 0;
    while i < data.len() {
        match std::str::from_utf8(&data[i..]) {
            Ok(s) => {
                d.out.push_str(s);
                i = data.len();
            }
            Err(e) => {
                let good = e.valid_up_to();
                if let Ok(s) = std::str::from_utf8(&data[i..i + good]) {
                    d.out.push_str(s);
                }
                let bad = i + good;
                match e.error_len() {
                    None => {
                        if !final_ {
                            return Ok((d.finish(), bad));
                        }
                        i = d.error(bad, data.len(), "unexpected end of data")?;
                    }
                    Some(n) => {
                        let b = data[bad];
                        let reason = if (0x80..0xc2).contains(&b) || b >= 0xf5 {
                            "invalid start byte"
                        } else {
                            "invalid continuation byte"
                        };
                        i = d.error(bad, bad + n, reason)?;
                    }
                }
            }
        }
    }
    Ok((d.finish(), data.len()))
}

fn ascii_decode(data: &[u8], errors: &str) -> PyResult<Value> {
    if data.is_ascii() {
        return Ok(crate::types::str::new_string(
            String::from_utf8_lossy(data).into_owned(),
        ));
    }
    let mut d = Dec::new("ascii", data, errors);
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if b < 128 {
            d.out.push(b as char);
            i += 1;
        } else {
            i = d.error(i, i + 1, "ordinal not in range(128)")?;
        }
    }
    Ok(d.finish())
}

fn latin1_decode(data: &[u8]) -> Value {
    crate::types::str::new_string(data.iter().map(|&b| b as char).collect())
}

/// cp1252 bytes 0x80..0x9f (0 = undefined).
const CP1252_HIGH: [u16; 32] = [
    0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
    0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

fn cp1252_char(b: u8) -> Option<char> {
    if (0x80..0xa0).contains(&b) {
        match CP1252_HIGH[(b - 0x80) as usize] {
            0 => None,
            u => char::from_u32(u as u32),
        }
    } else {
        Some(b as char)
    }
}

fn cp1252_decode(data: &[u8], errors: &str) -> PyResult<Value> {
    let mut d = Dec::new("charmap", data, errors);
    let mut i = 0;
    while i < data.len() {
        match cp1252_char(data[i]) {
            Some(c) => {
                d.out.push(c);
                i += 1;
            }
            None => i = d.error(i, i + 1, "character maps to <undefined>")?,
        }
    }
    Ok(d.finish())
}

/// UTF-16 (order 0: BOM detection, native little endian by default). Returns the
/// text, bytes consumed and the byte order found.
fn utf16_decode(
    data: &[u8],
    errors: &str,
    order: i8,
    final_: bool,
) -> PyResult<(Value, usize, i8)> {
    let mut order = order;
    let mut i = 0;
    if order == 0 && data.len() >= 2 {
        if data[0] == 0xff && data[1] == 0xfe {
            order = -1;
            i = 2;
        } else if data[0] == 0xfe && data[1] == 0xff {
            order = 1;
            i = 2;
        }
    }
    let be = order > 0;
    let unit = |p: usize| -> u16 {
        if be {
            u16::from_be_bytes([data[p], data[p + 1]])
        } else {
            u16::from_le_bytes([data[p], data[p + 1]])
        }
    };
    let mut d = Dec::new(utf16_name(order), data, errors);
    let n = data.len();
    while i < n {
        if i + 1 >= n {
            if !final_ {
                break;
            }
            i = d.error(i, n, "truncated data")?;
            continue;
        }
        let u = unit(i);
        if !(0xd800..0xe000).contains(&u) {
            d.out.push(char::from_u32(u as u32).unwrap_or('\u{fffd}'));
            i += 2;
            continue;
        }
        if u >= 0xdc00 {
            i = d.error(i, i + 2, "illegal encoding")?;
            continue;
        }
        if i + 3 >= n {
            if !final_ {
                break;
            }
            i = d.error(i, n, "unexpected end of data")?;
            continue;
        }
        let u2 = unit(i + 2);
        if (0xdc00..0xe000).contains(&u2) {
            let c = 0x10000 + (((u as u32) - 0xd800) << 10) + ((u2 as u32) - 0xdc00);
            d.out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
            i += 4;
        } else {
            i = d.error(i, i + 2, "illegal UTF-16 surrogate")?;
        }
    }
    Ok((d.finish(), i.min(n), order))
}

fn utf32_decode(
    data: &[u8],
    errors: &str,
    order: i8,
    final_: bool,
) -> PyResult<(Value, usize, i8)> {
    let mut order = order;
    let mut i = 0;
    if order == 0 && data.len() >= 4 {
        if data[..4] == [0xff, 0xfe, 0, 0] {
            order = -1;
            i = 4;
        } else if data[..4] == [0, 0, 0xfe, 0xff] {
            order = 1;
            i = 4;
        }
    }
    let be = order > 0;
    let mut d = Dec::new(utf32_name(order), data, errors);
    let n = data.len();
    while i < n {
        if i + 3 >= n {
            if !final_ {
                break;
            }
            i = d.error(i, n, "truncated data")?;
            continue;
        }
        let w = [data[i], data[i + 1], data[i + 2], data[i + 3]];
        let u = if be {
            u32::from_be_bytes(w)
        } else {
            u32::from_le_bytes(w)
        };
        if u >= 0x110000 {
            i = d.error(i, i + 4, "code point not in range(0x110000)")?;
        } else if (0xd800..0xe000).contains(&u) {
            i = d.error(
                i,
                i + 4,
                "code point in surrogate code point range(0xd800, 0xe000)",
            )?;
        } else {
            d.out.push(char::from_u32(u).unwrap_or('\u{fffd}'));
            i += 4;
        }
    }
    Ok((d.finish(), i.min(n), order))
}

/// The character a `\N{NAME}` escape names (names and aliases, not sequences).
fn char_by_name(name: &str) -> Option<char> {
    match crate::modules::unicodedata::lookup(name) {
        Some(v) if v.len() == 1 => char::from_u32(v[0]),
        _ => None,
    }
}

/// `\N{NAME}` for namereplace (falls back to a backslash escape).
fn name_escape(c: char) -> String {
    match crate::modules::unicodedata::name(c as u32) {
        Some(n) => format!("\\N{{{}}}", n),
        None => backslash_escape(c),
    }
}

fn hexval(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

fn unicode_escape_decode(data: &[u8], errors: &str, final_: bool) -> PyResult<(Value, usize)> {
    let mut d = Dec::new("unicodeescape", data, errors);
    let n = data.len();
    let mut i = 0;
    while i < n {
        let c = data[i];
        if c != b'\\' {
            d.out.push(c as char);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        if i >= n {
            if !final_ {
                return Ok((d.finish(), start));
            }
            i = d.error(start, n, "\\ at end of string")?;
            continue;
        }
        let c = data[i];
        i += 1;
        let (count, msg) = match c {
            b'\n' => continue,
            b'\\' => {
                d.out.push('\\');
                continue;
            }
            b'\'' => {
                d.out.push('\'');
                continue;
            }
            b'"' => {
                d.out.push('"');
                continue;
            }
            b'b' => {
                d.out.push('\x08');
                continue;
            }
            b'f' => {
                d.out.push('\x0c');
                continue;
            }
            b't' => {
                d.out.push('\t');
                continue;
            }
            b'n' => {
                d.out.push('\n');
                continue;
            }
            b'r' => {
                d.out.push('\r');
                continue;
            }
            b'v' => {
                d.out.push('\x0b');
                continue;
            }
            b'a' => {
                d.out.push('\x07');
                continue;
            }
            b'0'..=b'7' => {
                let mut x = (c - b'0') as u32;
                for _ in 0..2 {
                    if i < n && (b'0'..=b'7').contains(&data[i]) {
                        x = x * 8 + (data[i] - b'0') as u32;
                        i += 1;
                    } else {
                        break;
                    }
                }
                d.out.push(char::from_u32(x).unwrap_or('\u{fffd}'));
                continue;
            }
            b'x' => (2, "truncated \\xXX escape"),
            b'u' => (4, "truncated \\uXXXX escape"),
            b'U' => (8, "truncated \\UXXXXXXXX escape"),
            b'N' => {
                if i < n && data[i] == b'{' {
                    if let Some(p) = data[i + 1..].iter().position(|&b| b == b'}') {
                        if p > 0 {
                            let name =
                                String::from_utf8_lossy(&data[i + 1..i + 1 + p]).into_owned();
                            let end = i + 1 + p + 1;
                            match char_by_name(&name) {
                                Some(ch) => {
                                    d.out.push(ch);
                                    i = end;
                                }
                                None => {
                                    i = d.error(start, end, "unknown Unicode character name")?
                                }
                            }
                            continue;
                        }
                    }
                }
                i = d.error(start, i, "malformed \\N character escape")?;
                continue;
            }
            other => {
                d.out.push('\\');
                d.out.push(other as char);
                continue;
            }
        };
        let mut x: u32 = 0;
        let mut k = 0;
        while k < count && i + k < n {
            match hexval(data[i + k]) {
                Some(h) => x = x * 16 + h,
                None => break,
            }
            k += 1;
        }
        if k < count {
            if !final_ && i + k >= n {
                return Ok((d.finish(), start));
            }
            i = d.error(start, i + k, msg)?;
            continue;
        }
        i += k;
        match crate::types::str::char_from_code_point(x) {
            Some(ch) => d.out.push(ch),
            None => i = d.error(start, i, "illegal Unicode character")?,
        }
    }
    Ok((d.finish(), n))
}

fn raw_unicode_escape_decode(data: &[u8], errors: &str, final_: bool) -> PyResult<(Value, usize)> {
    let mut d = Dec::new("rawunicodeescape", data, errors);
    let n = data.len();
    let mut i = 0;
    while i < n {
        if data[i] != b'\\' {
            d.out.push(data[i] as char);
            i += 1;
            continue;
        }
        let start = i;
        while i < n && data[i] == b'\\' {
            d.out.push('\\');
            i += 1;
        }
        if (i - start) % 2 == 0 || i >= n || (data[i] != b'u' && data[i] != b'U') {
            continue;
        }
        d.out.pop();
        let count = if data[i] == b'u' { 4 } else { 8 };
        let msg = if count == 4 {
            "truncated \\uXXXX escape"
        } else {
            "truncated \\UXXXXXXXX escape"
        };
        i += 1;
        let mut x: u32 = 0;
        let mut k = 0;
        while k < count && i + k < n {
            match hexval(data[i + k]) {
                Some(h) => x = x * 16 + h,
                None => break,
            }
            k += 1;
        }
        if k < count {
            if !final_ && i + k >= n {
                return Ok((d.finish(), start));
            }
            i = d.error(start, i + k, msg)?;
            continue;
        }
        i += k;
        match crate::types::str::char_from_code_point(x) {
            Some(ch) => d.out.push(ch),
            None => i = d.error(start, i, "\\Uxxxxxxxx out of range")?,
        }
    }
    Ok((d.finish(), n))
}

fn decode_native(codec: Codec, data: &[u8], errors: &str) -> PyResult<Value> {
    Ok(match codec {
        Codec::Utf8 => utf8_decode(data, errors, true)?.0,
        Codec::Utf8Sig => {
            let d = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
            utf8_decode(d, errors, true)?.0
        }
        Codec::Ascii => ascii_decode(data, errors)?,
        Codec::Latin1 => latin1_decode(data),
        Codec::Utf16(o) => utf16_decode(data, errors, o, true)?.0,
        Codec::Utf32(o) => utf32_decode(data, errors, o, true)?.0,
        Codec::Cp1252 => cp1252_decode(data, errors)?,
        Codec::UnicodeEscape => unicode_escape_decode(data, errors, true)?.0,
        Codec::RawUnicodeEscape => raw_unicode_escape_decode(data, errors, true)?.0,
        Codec::Utf7 => utf7_decode(data, errors, true)?.0,
    })
}

/// `bytes.decode(encoding, errors)`.
pub fn decode(data: &[u8], enc: &str, errors: &str) -> PyResult<Value> {
    if let Some(c) = native_codec(enc) {
        return decode_native(c, data, errors);
    }
    let codec = lookup_text(enc, "codecs.decode()")?;
    let r = call_codec(
        &codec_item(&codec, 1),
        crate::types::bytes::new_bytes(data.to_vec()),
        errors,
        "decoder",
    )?;
    if crate::types::str::as_str(&r).is_none() {
        return Err(type_error(format!(
            "'{}' decoder returned '{}' instead of 'str'; use codecs.decode() to decode to arbitrary types",
            enc,
            r.type_name()
        )));
    }
    Ok(r)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_value(c: u8) -> Option<u32> {
    B64.iter().position(|&x| x == c).map(|p| p as u32)
}

/// Characters UTF-7 writes as themselves.
fn utf7_direct(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~') && !matches!(c, '+' | '\\' | '~')
}

fn utf7_encode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut in_shift = false;
    let mut bits: u64 = 0;
    let mut nbits = 0u32;
    let mut buf = [0u16; 2];
    for c in s.chars() {
        if in_shift && utf7_direct(c) {
            if nbits > 0 {
                out.push(B64[((bits << (6 - nbits)) & 63) as usize]);
            }
            bits = 0;
            nbits = 0;
            in_shift = false;
            if b64_value(c as u8).is_some() || c == '-' {
                out.push(b'-');
            }
            out.push(c as u8);
            continue;
        }
        if !in_shift {
            if c == '+' {
                out.extend_from_slice(b"+-");
                continue;
            }
            if utf7_direct(c) {
                out.push(c as u8);
                continue;
            }
            out.push(b'+');
            in_shift = true;
        }
        let units: &[u16] = if crate::types::str::is_shadow(c) {
            buf[0] = crate::types::str::code_point(c) as u16;
            &buf[..1]
        } else {
            c.encode_utf16(&mut buf)
        };
        for u in units {
            bits = (bits << 16) | *u as u64;
            nbits += 16;
            while nbits >= 6 {
                out.push(B64[((bits >> (nbits - 6)) & 63) as usize]);
                nbits -= 6;
            }
            bits &= (1u64 << nbits) - 1;
        }
    }
    if in_shift {
        if nbits > 0 {
            out.push(B64[((bits << (6 - nbits)) & 63) as usize]);
        }
        out.push(b'-');
    }
    out
}

fn utf7_decode(data: &[u8], errors: &str, final_: bool) -> PyResult<(Value, usize)> {
    let mut d = Dec::new("utf7", data, errors);
    let n = data.len();
    let mut i = 0;
    let mut in_shift = false;
    let mut shift_start = 0;
    let mut bits: u64 = 0;
    let mut nbits = 0u32;
    let mut high: Option<u16> = None;
    // output length when the current shift sequence began (an unfinished sequence
    // at the end of non-final input is given back whole)
    let mut shift_out = 0usize;
    while i < n {
        let c = data[i];
        if in_shift {
            if let Some(v) = b64_value(c) {
                bits = (bits << 6) | v as u64;
                nbits += 6;
                if nbits >= 16 {
                    let u = ((bits >> (nbits - 16)) & 0xffff) as u16;
                    nbits -= 16;
                    bits &= (1u64 << nbits) - 1;
                    if let Some(h) = high.take() {
                        if (0xdc00..0xe000).contains(&u) {
                            let cp = 0x10000 + (((h as u32) - 0xd800) << 10) + (u as u32 - 0xdc00);
                            d.out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                            i += 1;
                            continue;
                        }
                        d.out.push(shadow(h as u32));
                    }
                    if (0xd800..0xdc00).contains(&u) {
                        high = Some(u);
                    } else {
                        d.out.push(shadow(u as u32));
                    }
                }
                i += 1;
                continue;
            }
            in_shift = false;
            let end = if c == b'-' { i + 1 } else { i };
            if let Some(h) = high.take() {
                d.out.push(shadow(h as u32));
            }
            if nbits >= 6 {
                i = d.error(shift_start, end, "partial character in shift sequence")?;
                bits = 0;
                nbits = 0;
                continue;
            }
            if bits != 0 {
                i = d.error(shift_start, end, "non-zero padding bits in shift sequence")?;
                bits = 0;
                nbits = 0;
                continue;
            }
            bits = 0;
            nbits = 0;
            if c == b'-' {
                i += 1;
            }
            continue;
        }
        if c == b'+' {
            if i + 1 < n && data[i + 1] == b'-' {
                d.out.push('+');
                i += 2;
            } else if i + 1 < n && b64_value(data[i + 1]).is_none() {
                i = d.error(i, i + 2, "ill-formed sequence")?;
            } else {
                in_shift = true;
                shift_start = i;
                shift_out = d.out.len();
                bits = 0;
                nbits = 0;
                i += 1;
            }
            continue;
        }
        if c < 0x80 {
            d.out.push(c as char);
            i += 1;
        } else {
            i = d.error(i, i + 1, "unexpected special character")?;
        }
    }
    if in_shift {
        if !final_ {
            d.out.truncate(shift_out);
            return Ok((d.finish(), shift_start));
        }
        if let Some(h) = high {
            d.out.push(shadow(h as u32));
        }
        if nbits >= 6 || bits != 0 {
            d.error(shift_start, n, "unterminated shift sequence")?;
        }
    }
    Ok((d.finish(), n))
}

// ---------------------------------------------------------------------------
// encoders

/// Encode with a per-character byte mapping (`None`: unencodable), collecting runs
/// of unencodable characters into one error as CPython does.
fn encode_mapped(
    enc: &str,
    s: &str,
    errors: &str,
    reason: &str,
    map: &dyn Fn(char) -> Option<Vec<u8>>,
) -> PyResult<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut fast = true;
    for c in s.chars() {
        match map(c) {
            Some(b) => out.extend_from_slice(&b),
            None => {
                fast = false;
                break;
            }
        }
    }
    if fast {
        return Ok(out);
    }
    out.clear();
    let chars: Vec<char> = s.chars().collect();
    let reencode = |r: &str| -> Option<Vec<u8>> {
        let mut v = Vec::new();
        for c in r.chars() {
            v.extend_from_slice(&map(c)?);
        }
        Some(v)
    };
    let mut i = 0;
    while i < chars.len() {
        if let Some(b) = map(chars[i]) {
            out.extend_from_slice(&b);
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && map(chars[j]).is_none() {
            j += 1;
        }
        i = encode_error(enc, s, &chars, i, j, reason, errors, &mut out, &reencode)?;
    }
    Ok(out)
}

fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 || (0xa0..0x100).contains(&u) {
        return Some(u as u8);
    }
    CP1252_HIGH
        .iter()
        .position(|&x| x as u32 == u && x != 0)
        .map(|p| 0x80 + p as u8)
}

fn unicode_escape_encode(s: &str, raw: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        let u = c as u32;
        if raw {
            if u < 0x100 {
                out.push(u as u8);
            } else {
                out.extend_from_slice(backslash_escape(c).as_bytes());
            }
            continue;
        }
        match c {
            '\\' => out.extend_from_slice(b"\\\\"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            ' '..='~' => out.push(u as u8),
            _ => out.extend_from_slice(backslash_escape(c).as_bytes()),
        }
    }
    out
}

fn utf8_encode(s: &str, errors: &str) -> PyResult<Vec<u8>> {
    if !crate::types::str::has_shadow(s) {
        return Ok(s.as_bytes().to_vec());
    }
    encode_mapped("utf-8", s, errors, "surrogates not allowed", &|c| {
        if crate::types::str::is_shadow(c) {
            None
        } else {
            let mut b = [0u8; 4];
            Some(c.encode_utf8(&mut b).as_bytes().to_vec())
        }
    })
}

fn utf16_encode(s: &str, order: i8, errors: &str) -> PyResult<Vec<u8>> {
    let name = match order {
        0 => "utf-16",
        o if o < 0 => "utf-16-le",
        _ => "utf-16-be",
    };
    let body = encode_mapped(name, s, errors, "surrogates not allowed", &|c| {
        if crate::types::str::is_shadow(c) {
            return None;
        }
        let mut buf = [0u16; 2];
        let mut v = Vec::with_capacity(4);
        for u in c.encode_utf16(&mut buf) {
            if order > 0 {
                v.extend_from_slice(&u.to_be_bytes());
            } else {
                v.extend_from_slice(&u.to_le_bytes());
            }
        }
        Some(v)
    })?;
    let mut out = Vec::with_capacity(body.len() + 2);
    if order == 0 {
        out.extend_from_slice(&[0xff, 0xfe]);
    }
    out.extend_from_slice(&body);
    Ok(out)
}

fn utf32_encode(s: &str, order: i8, errors: &str) -> PyResult<Vec<u8>> {
    let name = match order {
        0 => "utf-32",
        o if o < 0 => "utf-32-le",
        _ => "utf-32-be",
    };
    let body = encode_mapped(name, s, errors, "surrogates not allowed", &|c| {
        if crate::types::str::is_shadow(c) {
            return None;
        }
        let u = c as u32;
        Some(if order > 0 {
            u.to_be_bytes().to_vec()
        } else {
            u.to_le_bytes().to_vec()
        })
    })?;
    let mut out = Vec::with_capacity(body.len() + 4);
    if order == 0 {
        out.extend_from_slice(&[0xff, 0xfe, 0, 0]);
    }
    out.extend_from_slice(&body);
    Ok(out)
}

fn encode_native(codec: Codec, s: &str, errors: &str) -> PyResult<Vec<u8>> {
    Ok(match codec {
        Codec::Utf8 => utf8_encode(s, errors)?,
        Codec::Utf8Sig => {
            let mut v = b"\xef\xbb\xbf".to_vec();
            v.extend_from_slice(&utf8_encode(s, errors)?);
            v
        }
        Codec::Ascii => {
            if s.is_ascii() {
                s.as_bytes().to_vec()
            } else {
                encode_mapped("ascii", s, errors, "ordinal not in range(128)", &|c| {
                    if c.is_ascii() {
                        Some(vec![c as u8])
                    } else {
                        None
                    }
                })?
            }
        }
        Codec::Latin1 => encode_mapped("latin-1", s, errors, "ordinal not in range(256)", &|c| {
            if (c as u32) < 0x100 {
                Some(vec![c as u32 as u8])
            } else {
                None
            }
        })?,
        Codec::Cp1252 => encode_mapped(
            "charmap",
            s,
            errors,
            "character maps to <undefined>",
            &|c| cp1252_byte(c).map(|b| vec![b]),
        )?,
        Codec::Utf16(o) => utf16_encode(s, o, errors)?,
        Codec::Utf32(o) => utf32_encode(s, o, errors)?,
        Codec::UnicodeEscape => unicode_escape_encode(s, false),
        Codec::RawUnicodeEscape => unicode_escape_encode(s, true),
        Codec::Utf7 => utf7_encode(s),
    })
}

/// `str.encode(encoding, errors)`.
pub fn encode(s: &str, enc: &str, errors: &str) -> PyResult<Value> {
    encode_value(&Value::None, s, enc, errors)
}

/// `str.encode`/`bytes(str, enc)` given the str object itself.
pub fn encode_value(v: &Value, s: &str, enc: &str, errors: &str) -> PyResult<Value> {
    if let Some(c) = native_codec(enc) {
        return Ok(crate::types::bytes::new_bytes(encode_native(c, s, errors)?));
    }
    let codec = lookup_text(enc, "codecs.encode()")?;
    let obj = if v.is_none() {
        Value::from(s)
    } else {
        v.clone()
    };
    let r = call_codec(&codec_item(&codec, 0), obj, errors, "encoder")?;
    if !matches!(r.payload(), Some(Payload::Bytes(_))) {
        return Err(type_error(format!(
            "'{}' encoder returned '{}' instead of 'bytes'; use codecs.encode() to encode to arbitrary types",
            enc,
            r.type_name()
        )));
    }
    Ok(r)
}

// ---------------------------------------------------------------------------
// the `_codecs` module

fn str_arg<'a>(fname: &str, v: &'a Value, pos: usize) -> PyResult<&'a str> {
    crate::types::str::as_str(v).ok_or_else(|| {
        type_error(format!(
            "{}() argument {} must be str, not {}",
            fname,
            pos,
            v.type_name()
        ))
    })
}

fn errors_arg(v: &Option<Value>, fname: &str) -> PyResult<String> {
    match v {
        None | Some(Value::None) => Ok("strict".into()),
        Some(e) => Ok(crate::types::str::as_str(e)
            .ok_or_else(|| {
                type_error(format!(
                    "{}() argument 2 must be str or None, not {}",
                    fname,
                    e.type_name()
                ))
            })?
            .to_string()),
    }
}

fn bytes_arg(fname: &str, v: &Value) -> PyResult<Vec<u8>> {
    match crate::types::bytes::try_buffer(v)? {
        Some(b) => Ok(b.into_owned()),
        None => Err(type_error(format!(
            "{}() argument 1 must be bytes-like object, not {}",
            fname,
            v.type_name()
        ))),
    }
}

fn pair(a: Value, n: usize) -> Value {
    crate::types::tuple::new_tuple(vec![a, Value::Int(n as i64)])
}

fn final_arg(v: &Option<Value>) -> PyResult<bool> {
    match v {
        None => Ok(false),
        Some(x) => crate::ops::truthy(x),
    }
}

macro_rules! simple_decoder {
    ($fname:expr, $a:ident, $kw:ident, $body:expr) => {{
        let args = crate::args::parse($fname, $a, $kw, &["", "", ""], 1)?;
        let data = bytes_arg($fname, args[0].as_ref().unwrap_or(&Value::None))?;
        let errors = errors_arg(&args[1], $fname)?;
        let fin = final_arg(&args[2])?;
        let f: fn(&[u8], &str, bool) -> PyResult<(Value, usize)> = $body;
        let (s, n) = f(&data, &errors, fin)?;
        Ok(pair(s, n))
    }};
}

macro_rules! simple_encoder {
    ($fname:expr, $a:ident, $kw:ident, $codec:expr) => {{
        let args = crate::args::parse($fname, $a, $kw, &["", ""], 1)?;
        let sv = args[0].clone().unwrap_or(Value::None);
        let s = str_arg($fname, &sv, 1)?;
        let errors = errors_arg(&args[1], $fname)?;
        let b = encode_native($codec, s, &errors)?;
        Ok(pair(crate::types::bytes::new_bytes(b), s.chars().count()))
    }};
}

fn attr_usize(e: &Value, name: &str) -> PyResult<usize> {
    let v = crate::ops::attr::getattr(e, name)?;
    Ok(crate::types::int::index_i64(&v)?.max(0) as usize)
}

fn handler_kind(e: &Value) -> PyResult<u8> {
    let x = exc();
    if crate::types::typeobj::isinstance(e, &x.unicode_encode_error) {
        Ok(0)
    } else if crate::types::typeobj::isinstance(e, &x.unicode_decode_error) {
        Ok(1)
    } else if crate::types::typeobj::isinstance(e, &x.unicode_translate_error) {
        Ok(2)
    } else {
        Err(type_error(format!(
            "don't know how to handle {} in error callback",
            e.type_name()
        )))
    }
}

fn exc_chars(e: &Value) -> PyResult<Vec<char>> {
    let o = crate::ops::attr::getattr(e, "object")?;
    Ok(crate::types::str::as_str(&o)
        .unwrap_or("")
        .chars()
        .collect())
}

fn h_strict(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let e = a.first().cloned().unwrap_or(Value::None);
    if let Value::Obj(o) = &e {
        if matches!(o.payload(), Payload::Exception(_)) {
            return Err(PyErr(o.clone()));
        }
    }
    Err(type_error("codec must pass exception instance"))
}

fn h_ignore(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let e = a.first().cloned().unwrap_or(Value::None);
    handler_kind(&e)?;
    Ok(pair(Value::from(""), attr_usize(&e, "end")?))
}

fn h_replace(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let e = a.first().cloned().unwrap_or(Value::None);
    let k = handler_kind(&e)?;
    let (s, end) = (attr_usize(&e, "start")?, attr_usize(&e, "end")?);
    let n = end.saturating_sub(s);
    let r = match k {
        0 => "?".repeat(n),
        1 => "\u{fffd}".to_string(),
        _ => "\u{fffd}".repeat(n),
    };
    Ok(pair(Value::from(r), end))
}

fn h_backslash(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let e = a.first().cloned().unwrap_or(Value::None);
    let k = handler_kind(&e)?;
    let (s, end) = (attr_usize(&e, "start")?, attr_usize(&e, "end")?);
    let mut r = String::new();
    if k == 1 {
        let o = crate::ops::attr::getattr(&e, "object")?;
        let d = crate::types::bytes::as_bytes_like(&o).unwrap_or_default();
        for b in d.get(s..end.min(d.len())).unwrap_or(&[]) {
            r.push_str(&format!("\\x{:02x}", b));
        }
    } else {
        let chars = exc_chars(&e)?;
        for c in chars.get(s..end.min(chars.len())).unwrap_or(&[]) {
            r.push_str(&backslash_escape(*c));
        }
    }
    Ok(pair(Value::from(r), end))
}

fn h_xmlcharref(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let e = a.first().cloned().unwrap_or(Value::None);
    if handler_kind(&e)? != 0 {
        return Err(type_error(format!(
            "don't know how to handle {} in error callback",
            e.type_name()
        )));
    }
    let (s, end) = (attr_usize(&e, "start")?, attr_usize(&e, "end")?);
    let chars = exc_chars(&e)?;
    let mut r = String::new();
    for c in chars.get(s..end.min(chars.len())).unwrap_or(&[]) {
        r.push_str(&format!("&#{};", crate::types::str::code_point(*c)));
    }
    Ok(pair(Value::from(r), end))
}

fn h_namereplace(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let e = a.first().cloned().unwrap_or(Value::None);
    if handler_kind(&e)? != 0 {
        return Err(type_error(format!(
            "don't know how to handle {} in error callback",
            e.type_name()
        )));
    }
    let (s, end) = (attr_usize(&e, "start")?, attr_usize(&e, "end")?);
    let chars = exc_chars(&e)?;
    let mut r = String::new();
    for c in chars.get(s..end.min(chars.len())).unwrap_or(&[]) {
        r.push_str(&name_escape(*c));
    }
    Ok(pair(Value::from(r), end))
}

fn raise_exc(e: &Value) -> PyErr {
    match e {
        Value::Obj(o) => PyErr(o.clone()),
        _ => type_error("codec must pass exception instance"),
    }
}

/// The canonical codec name of an exception's `encoding` (for surrogatepass).
fn exc_encoding(e: &Value) -> PyResult<&'static str> {
    let enc = crate::ops::attr::getattr(e, "encoding")?;
    let name = crate::types::str::as_str(&enc).unwrap_or("");
    Ok(match native_codec(name) {
        Some(Codec::Utf8) | Some(Codec::Utf8Sig) => "utf-8",
        Some(Codec::Utf16(o)) if o > 0 => "utf-16-be",
        Some(Codec::Utf16(_)) => "utf-16-le",
        Some(Codec::Utf32(o)) if o > 0 => "utf-32-be",
        Some(Codec::Utf32(_)) => "utf-32-le",
        _ => "",
    })
}

fn h_surrogateescape(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let e = a.first().cloned().unwrap_or(Value::None);
    let k = handler_kind(&e)?;
    let (s, end) = (attr_usize(&e, "start")?, attr_usize(&e, "end")?);
    match k {
        0 => {
            let chars = exc_chars(&e)?;
            let mut out = Vec::new();
            for &c in chars.get(s..end.min(chars.len())).unwrap_or(&[]) {
                let u = crate::types::str::code_point(c);
                if !(0xDC80..0xDD00).contains(&u) {
                    return Err(raise_exc(&e));
                }
                out.push((u - 0xDC00) as u8);
            }
            Ok(pair(crate::types::bytes::new_bytes(out), end))
        }
        1 => {
            let o = crate::ops::attr::getattr(&e, "object")?;
            let d = crate::types::bytes::as_bytes_like(&o).unwrap_or_default();
            let mut out = String::new();
            for &b in d.get(s..end.min(d.len())).unwrap_or(&[]) {
                if b < 128 {
                    return Err(raise_exc(&e));
                }
                out.push(shadow(0xDC00 + b as u32));
            }
            Ok(pair(Value::from(out), end))
        }
        _ => Err(type_error(format!(
            "don't know how to handle {} in error callback",
            e.type_name()
        ))),
    }
}

fn h_surrogatepass(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let e = a.first().cloned().unwrap_or(Value::None);
    let k = handler_kind(&e)?;
    let (s, end) = (attr_usize(&e, "start")?, attr_usize(&e, "end")?);
    let enc = exc_encoding(&e)?;
    match k {
        0 => {
            let chars = exc_chars(&e)?;
            let mut out = Vec::new();
            for &c in chars.get(s..end.min(chars.len())).unwrap_or(&[]) {
                let u = crate::types::str::code_point(c);
                match write_pass(enc, u) {
                    Some(b) if (0xD800..0xE000).contains(&u) => out.extend_from_slice(&b),
                    _ => return Err(raise_exc(&e)),
                }
            }
            Ok(pair(crate::types::bytes::new_bytes(out), end))
        }
        1 => {
            let o = crate::ops::attr::getattr(&e, "object")?;
            let d = crate::types::bytes::as_bytes_like(&o).unwrap_or_default();
            match read_pass(enc, &d, s) {
                Some((u, n)) => Ok(pair(Value::from(shadow(u).to_string()), s + n)),
                None => Err(raise_exc(&e)),
            }
        }
        _ => Err(type_error(format!(
            "don't know how to handle {} in error callback",
            e.type_name()
        ))),
    }
}

fn builtin_handler(name: &str) -> Option<Value> {
    let (n, f): (&'static str, crate::types::function::NativeFn) = match name {
        "strict" => ("strict_errors", h_strict),
        "ignore" => ("ignore_errors", h_ignore),
        "replace" => ("replace_errors", h_replace),
        "backslashreplace" => ("backslashreplace_errors", h_backslash),
        "xmlcharrefreplace" => ("xmlcharrefreplace_errors", h_xmlcharref),
        "namereplace" => ("namereplace_errors", h_namereplace),
        "surrogateescape" => ("surrogateescape", h_surrogateescape),
        "surrogatepass" => ("surrogatepass", h_surrogatepass),
        _ => return None,
    };
    Some(crate::types::function::new_builtin_in("_codecs", n, f))
}

/// Bytes-literal escapes (`codecs.escape_decode`).
fn escape_decode(data: &[u8], errors: &str) -> PyResult<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    let n = data.len();
    let mut i = 0;
    while i < n {
        let c = data[i];
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        if i >= n {
            return Err(value_error("Trailing \\ in string"));
        }
        let c = data[i];
        i += 1;
        match c {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b't' => out.push(b'\t'),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b'v' => out.push(11),
            b'a' => out.push(7),
            b'0'..=b'7' => {
                let mut x = (c - b'0') as u32;
                for _ in 0..2 {
                    if i < n && (b'0'..=b'7').contains(&data[i]) {
                        x = x * 8 + (data[i] - b'0') as u32;
                        i += 1;
                    } else {
                        break;
                    }
                }
                out.push(x as u8);
            }
            b'x' => {
                let h = if i + 1 < n {
                    hexval(data[i]).zip(hexval(data[i + 1]))
                } else {
                    None
                };
                match h {
                    Some((a, b)) => {
                        out.push((a * 16 + b) as u8);
                        i += 2;
                    }
                    None => match errors {
                        "strict" => {
                            return Err(value_error(format!(
                                "invalid \\x escape at position {}",
                                i - 2
                            )))
                        }
                        "replace" => {
                            out.push(b'?');
                            while i < n && hexval(data[i]).is_some() && i < n {
                                i += 1;
                                break;
                            }
                        }
                        "ignore" => {}
                        other => {
                            return Err(value_error(format!(
                                "decoding error; unknown error handling code: {}",
                                other
                            )))
                        }
                    },
                }
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

fn escape_encode(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for &b in data {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\'' => out.extend_from_slice(b"\\'"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x20..=0x7e => out.push(b),
            _ => out.extend_from_slice(format!("\\x{:02x}", b).as_bytes()),
        }
    }
    out
}

fn charmap_decode(data: &[u8], errors: &str, mapping: &Value) -> PyResult<Value> {
    if mapping.is_none() {
        return Ok(latin1_decode(data));
    }
    let mut d = Dec::new("charmap", data, errors);
    let table: Option<Vec<char>> = crate::types::str::as_str(mapping).map(|s| s.chars().collect());
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        let mapped: Option<String> = match &table {
            Some(t) => match t.get(b as usize) {
                Some(&c) if c != '\u{fffe}' => Some(c.to_string()),
                _ => None,
            },
            None => match crate::ops::getitem(mapping, &Value::Int(b as i64)) {
                Ok(Value::None) => None,
                Ok(v) => {
                    if let Some(s) = crate::types::str::as_str(&v) {
                        if s == "\u{fffe}" {
                            None
                        } else {
                            Some(s.to_string())
                        }
                    } else if crate::types::int::is_int(&v) {
                        let x = crate::types::int::as_i64(&v).unwrap_or(-1);
                        if !(0..0x110000).contains(&x) {
                            return Err(type_error("character mapping must be in range(0x110000)"));
                        }
                        if x == 0xfffe {
                            None
                        } else {
                            Some(shadow(x as u32).to_string())
                        }
                    } else {
                        return Err(type_error(
                            "character mapping must return integer, None or str",
                        ));
                    }
                }
                Err(e) if e.matches(&exc().lookup_error) => None,
                Err(e) => return Err(e),
            },
        };
        match mapped {
            Some(s) => {
                d.out.push_str(&s);
                i += 1;
            }
            None => i = d.error(i, i + 1, "character maps to <undefined>")?,
        }
    }
    Ok(d.finish())
}

fn charmap_lookup(mapping: &Value, c: char) -> PyResult<Option<Vec<u8>>> {
    match crate::ops::getitem(mapping, &Value::Int(c as i64)) {
        Ok(Value::None) => Ok(None),
        Ok(v) => {
            if crate::types::int::is_int(&v) {
                let x = crate::types::int::as_i64(&v).unwrap_or(-1);
                if !(0..256).contains(&x) {
                    return Err(type_error("character mapping must be in range(256)"));
                }
                Ok(Some(vec![x as u8]))
            } else if let Some(Payload::Bytes(b)) = v.payload() {
                Ok(Some(b.data.to_vec()))
            } else {
                Err(type_error(
                    "character mapping must return integer, bytes or None, not str",
                ))
            }
        }
        Err(e) if e.matches(&exc().lookup_error) => Ok(None),
        Err(e) => Err(e),
    }
}

fn charmap_encode(s: &str, errors: &str, mapping: &Value) -> PyResult<Vec<u8>> {
    if mapping.is_none() {
        return encode_native(Codec::Latin1, s, errors);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut cache: HashMap<char, Option<Vec<u8>>> = HashMap::new();
    for &c in &chars {
        if let std::collections::hash_map::Entry::Vacant(v) = cache.entry(c) {
            v.insert(charmap_lookup(mapping, c)?);
        }
    }
    encode_mapped(
        "charmap",
        s,
        errors,
        "character maps to <undefined>",
        &|c| cache.get(&c).cloned().flatten(),
    )
}

fn m_register(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("register", a, 1, 1)?;
    if !crate::ops::attr::lookup_special(&a[0], "__call__").is_some() {
        return Err(type_error("argument must be callable"));
    }
    registry().search.push(a[0].clone());
    Ok(Value::None)
}

fn m_unregister(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("unregister", a, 1, 1)?;
    let reg = registry();
    if let Some(p) = reg.search.iter().position(|f| f.is(&a[0])) {
        reg.search.remove(p);
        reg.cache.clear();
    }
    Ok(Value::None)
}

fn m_lookup(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("lookup", a, 1, 1)?;
    let s = str_arg("lookup", &a[0], 1)?;
    lookup(s)
}

fn m_forget(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("_forget_codec", a, 1, 1)?;
    let s = str_arg("_forget_codec", &a[0], 1)?;
    registry().cache.remove(&normalize_name(s));
    Ok(Value::None)
}

fn m_encode_decode(a: &[Value], kw: Kw, enc: bool) -> PyResult<Value> {
    let fname = if enc { "encode" } else { "decode" };
    let args = crate::args::parse(fname, a, kw, &["obj", "encoding", "errors"], 1)?;
    let obj = args[0].clone().unwrap_or(Value::None);
    let encoding = match &args[1] {
        Some(e) => str_arg(fname, e, 2)?.to_string(),
        None => "utf-8".into(),
    };
    let errors = match &args[2] {
        Some(e) => str_arg(fname, e, 3)?.to_string(),
        None => "strict".into(),
    };
    let codec = lookup(&encoding)?;
    let f = codec_item(&codec, if enc { 0 } else { 1 });
    call_codec(&f, obj, &errors, if enc { "encoder" } else { "decoder" })
}

fn m_register_error(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("register_error", a, 2, 2)?;
    let name = str_arg("register_error", &a[0], 1)?.to_string();
    if crate::ops::attr::lookup_special(&a[1], "__call__").is_none() {
        return Err(type_error("handler must be callable"));
    }
    registry().handlers.insert(name, a[1].clone());
    Ok(Value::None)
}

fn m_lookup_error(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("lookup_error", a, 1, 1)?;
    let name = str_arg("lookup_error", &a[0], 1)?;
    if let Some(h) = registry().handlers.get(name) {
        return Ok(h.clone());
    }
    builtin_handler(name).ok_or_else(|| unknown_handler(name))
}

fn m_utf16_decode_order(a: &[Value], kw: Kw, fname: &str, order: i8) -> PyResult<Value> {
    let args = crate::args::parse(fname, a, kw, &["", "", ""], 1)?;
    let data = bytes_arg(fname, args[0].as_ref().unwrap_or(&Value::None))?;
    let errors = errors_arg(&args[1], fname)?;
    let fin = final_arg(&args[2])?;
    let (s, n, _) = utf16_decode(&data, &errors, order, fin)?;
    Ok(pair(s, n))
}

fn m_utf32_decode_order(a: &[Value], kw: Kw, fname: &str, order: i8) -> PyResult<Value> {
    let args = crate::args::parse(fname, a, kw, &["", "", ""], 1)?;
    let data = bytes_arg(fname, args[0].as_ref().unwrap_or(&Value::None))?;
    let errors = errors_arg(&args[1], fname)?;
    let fin = final_arg(&args[2])?;
    let (s, n, _) = utf32_decode(&data, &errors, order, fin)?;
    Ok(pair(s, n))
}

fn m_ex_decode(a: &[Value], kw: Kw, fname: &str, wide: bool) -> PyResult<Value> {
    let args = crate::args::parse(fname, a, kw, &["", "", "", ""], 1)?;
    let data = bytes_arg(fname, args[0].as_ref().unwrap_or(&Value::None))?;
    let errors = errors_arg(&args[1], fname)?;
    let order = match &args[2] {
        Some(v) => crate::types::int::index_i64(v)?.signum() as i8,
        None => 0,
    };
    let fin = final_arg(&args[3])?;
    let (s, n, o) = if wide {
        utf32_decode(&data, &errors, order, fin)?
    } else {
        utf16_decode(&data, &errors, order, fin)?
    };
    Ok(crate::types::tuple::new_tuple(vec![
        s,
        Value::Int(n as i64),
        Value::Int(o as i64),
    ]))
}

fn m_utf_encode(
    a: &[Value],
    kw: Kw,
    fname: &str,
    wide: bool,
    fixed: Option<i8>,
) -> PyResult<Value> {
    let names: &[&str] = if fixed.is_some() {
        &["", ""]
    } else {
        &["", "", ""]
    };
    let args = crate::args::parse(fname, a, kw, names, 1)?;
    let sv = args[0].clone().unwrap_or(Value::None);
    let s = str_arg(fname, &sv, 1)?;
    let order = match fixed {
        Some(o) => o,
        None => match args.get(2).cloned().flatten() {
            Some(v) => crate::types::int::index_i64(&v)?.signum() as i8,
            None => 0,
        },
    };
    let errors = errors_arg(&args[1], fname)?;
    let b = if wide {
        utf32_encode(s, order, &errors)?
    } else {
        utf16_encode(s, order, &errors)?
    };
    Ok(pair(crate::types::bytes::new_bytes(b), s.chars().count()))
}

/// `_codecs` module contents.
pub fn init_module(m: &ObjRef) -> PyResult<()> {
    use crate::types::module::add_function;
    add_function(m, "register", m_register);
    add_function(m, "unregister", m_unregister);
    add_function(m, "lookup", m_lookup);
    add_function(m, "_forget_codec", m_forget);
    add_function(m, "encode", |a, kw| m_encode_decode(a, kw, true));
    add_function(m, "decode", |a, kw| m_encode_decode(a, kw, false));
    add_function(m, "register_error", m_register_error);
    add_function(m, "lookup_error", m_lookup_error);
    add_function(m, "utf_8_decode", |a, kw| {
        simple_decoder!("utf_8_decode", a, kw, |d, e, f| utf8_decode(d, e, f))
    });
    add_function(m, "utf_8_encode", |a, kw| {
        simple_encoder!("utf_8_encode", a, kw, Codec::Utf8)
    });
    add_function(m, "ascii_decode", |a, kw| {
        simple_decoder!("ascii_decode", a, kw, |d, e, _f| Ok((
            ascii_decode(d, e)?,
            d.len()
        )))
    });
    add_function(m, "ascii_encode", |a, kw| {
        simple_encoder!("ascii_encode", a, kw, Codec::Ascii)
    });
    add_function(m, "latin_1_decode", |a, kw| {
        simple_decoder!("latin_1_decode", a, kw, |d, _e, _f| Ok((
            latin1_decode(d),
            d.len()
        )))
    });
    add_function(m, "latin_1_encode", |a, kw| {
        simple_encoder!("latin_1_encode", a, kw, Codec::Latin1)
    });
    add_function(m, "unicode_escape_decode", |a, kw| {
        simple_decoder!("unicode_escape_decode", a, kw, |d, e, f| {
            unicode_escape_decode(d, e, f || true)
        })
    });
    add_function(m, "unicode_escape_encode", |a, kw| {
        simple_encoder!("unicode_escape_encode", a, kw, Codec::UnicodeEscape)
    });
    add_function(m, "raw_unicode_escape_decode", |a, kw| {
        simple_decoder!("raw_unicode_escape_decode", a, kw, |d, e, f| {
            raw_unicode_escape_decode(d, e, f || true)
        })
    });
    add_function(m, "raw_unicode_escape_encode", |a, kw| {
        simple_encoder!("raw_unicode_escape_encode", a, kw, Codec::RawUnicodeEscape)
    });
    add_function(m, "utf_7_decode", |a, kw| {
        simple_decoder!("utf_7_decode", a, kw, |d, e, f| utf7_decode(d, e, f))
    });
    add_function(m, "utf_7_encode", |a, kw| {
        simple_encoder!("utf_7_encode", a, kw, Codec::Utf7)
    });
    add_function(m, "utf_16_decode", |a, kw| {
        m_utf16_decode_order(a, kw, "utf_16_decode", 0)
    });
    add_function(m, "utf_16_le_decode", |a, kw| {
        m_utf16_decode_order(a, kw, "utf_16_le_decode", -1)
    });
    add_function(m, "utf_16_be_decode", |a, kw| {
        m_utf16_decode_order(a, kw, "utf_16_be_decode", 1)
    });
    add_function(m, "utf_16_ex_decode", |a, kw| {
        m_ex_decode(a, kw, "utf_16_ex_decode", false)
    });
    add_function(m, "utf_32_decode", |a, kw| {
        m_utf32_decode_order(a, kw, "utf_32_decode", 0)
    });
    add_function(m, "utf_32_le_decode", |a, kw| {
        m_utf32_decode_order(a, kw, "utf_32_le_decode", -1)
    });
    add_function(m, "utf_32_be_decode", |a, kw| {
        m_utf32_decode_order(a, kw, "utf_32_be_decode", 1)
    });
    add_function(m, "utf_32_ex_decode", |a, kw| {
        m_ex_decode(a, kw, "utf_32_ex_decode", true)
    });
    add_function(m, "utf_16_encode", |a, kw| {
        m_utf_encode(a, kw, "utf_16_encode", false, None)
    });
    add_function(m, "utf_16_le_encode", |a, kw| {
        m_utf_encode(a, kw, "utf_16_le_encode", false, Some(-1))
    });
    add_function(m, "utf_16_be_encode", |a, kw| {
        m_utf_encode(a, kw, "utf_16_be_encode", false, Some(1))
    });
    add_function(m, "utf_32_encode", |a, kw| {
        m_utf_encode(a, kw, "utf_32_encode", true, None)
    });
    add_function(m, "utf_32_le_encode", |a, kw| {
        m_utf_encode(a, kw, "utf_32_le_encode", true, Some(-1))
    });
    add_function(m, "utf_32_be_encode", |a, kw| {
        m_utf_encode(a, kw, "utf_32_be_encode", true, Some(1))
    });
    add_function(m, "escape_decode", |a, kw| {
        let args = crate::args::parse("escape_decode", a, kw, &["", ""], 1)?;
        let v = args[0].clone().unwrap_or(Value::None);
        let data = match crate::types::str::as_str(&v) {
            Some(s) => s.as_bytes().to_vec(),
            None => bytes_arg("escape_decode", &v)?,
        };
        let errors = errors_arg(&args[1], "escape_decode")?;
        let out = escape_decode(&data, &errors)?;
        Ok(pair(crate::types::bytes::new_bytes(out), data.len()))
    });
    add_function(m, "escape_encode", |a, kw| {
        let args = crate::args::parse("escape_encode", a, kw, &["", ""], 1)?;
        let v = args[0].clone().unwrap_or(Value::None);
        let Some(Payload::Bytes(b)) = v.payload() else {
            return Err(type_error(format!(
                "escape_encode() argument 1 must be bytes, not {}",
                v.type_name()
            )));
        };
        Ok(pair(
            crate::types::bytes::new_bytes(escape_encode(&b.data)),
            b.data.len(),
        ))
    });
    add_function(m, "charmap_decode", |a, kw| {
        let args = crate::args::parse("charmap_decode", a, kw, &["", "", ""], 1)?;
        let data = bytes_arg("charmap_decode", args[0].as_ref().unwrap_or(&Value::None))?;
        let errors = errors_arg(&args[1], "charmap_decode")?;
        let mapping = args[2].clone().unwrap_or(Value::None);
        Ok(pair(charmap_decode(&data, &errors, &mapping)?, data.len()))
    });
    add_function(m, "charmap_encode", |a, kw| {
        let args = crate::args::parse("charmap_encode", a, kw, &["", "", ""], 1)?;
        let sv = args[0].clone().unwrap_or(Value::None);
        let s = str_arg("charmap_encode", &sv, 1)?;
        let errors = errors_arg(&args[1], "charmap_encode")?;
        let mapping = args[2].clone().unwrap_or(Value::None);
        let b = charmap_encode(s, &errors, &mapping)?;
        Ok(pair(crate::types::bytes::new_bytes(b), s.chars().count()))
    });
    add_function(m, "charmap_build", |a, _kw| {
        check_args("charmap_build", a, 1, 1)?;
        let s = str_arg("charmap_build", &a[0], 1)?;
        let d = crate::types::dict::new_dict();
        if let Some(dd) = crate::types::dict::as_dict(&d) {
            for (i, c) in s.chars().enumerate() {
                if c != '\u{fffe}' {
                    dd.set_item(Value::Int(c as i64), Value::Int(i as i64))?;
                }
            }
        }
        Ok(d)
    });
    add_function(m, "readbuffer_encode", |a, kw| {
        let args = crate::args::parse("readbuffer_encode", a, kw, &["", ""], 1)?;
        let v = args[0].clone().unwrap_or(Value::None);
        let data = match crate::types::str::as_str(&v) {
            Some(s) => s.as_bytes().to_vec(),
            None => bytes_arg("readbuffer_encode", &v)?,
        };
        let n = data.len();
        Ok(pair(crate::types::bytes::new_bytes(data), n))
    });
    for name in BUILTIN_HANDLERS {
        let _ = builtin_handler(name);
    }
    Ok(())
}
