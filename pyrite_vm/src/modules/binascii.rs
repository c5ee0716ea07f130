//! `binascii`: hex, base64, uu and quoted-printable conversions and CRCs.

use crate::errors::*;
use crate::gil::GilCell;
use crate::modules::ndata;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::types;
use crate::value::Value;

static ERRORS: GilCell<Option<(ObjRef, ObjRef)>> = GilCell::new(None);

fn make_exc(name: &str, base: &ObjRef) -> ObjRef {
    let d = crate::types::dict::new_dict();
    crate::types::dict::as_dict(&d)
        .unwrap()
        .set_str("__module__", Value::from("binascii"));
    let bases = crate::types::tuple::new_tuple(vec![Value::Obj(base.clone())]);
    crate::ops::call::call(
        &Value::Obj(types().type_.clone()),
        &[Value::from(name), bases, d],
        None,
    )
    .ok()
    .and_then(|v| v.as_obj().cloned())
    .unwrap_or_else(|| base.clone())
}

fn errors() -> (ObjRef, ObjRef) {
    if let Some(e) = ERRORS.get() {
        return e.clone();
    }
    let ex = crate::types::exceptions::exc();
    let e = (
        make_exc("Error", &ex.value_error),
        make_exc("Incomplete", &ex.exception),
    );
    *ERRORS.get() = Some(e.clone());
    e
}

fn berr(msg: impl Into<String>) -> PyErr {
    PyErr::new(&errors().0, msg)
}

/// Data for the a2b_* functions: bytes-like or an ASCII str.
fn ascii_data(v: &Value) -> PyResult<Vec<u8>> {
    if let Some(s) = crate::types::str::as_str(v) {
        if !s.is_ascii() {
            return Err(value_error(
                "string argument should contain only ASCII characters",
            ));
        }
        return Ok(s.as_bytes().to_vec());
    }
    ndata::buffer_bytes(v).ok_or_else(|| {
        type_error(format!(
            "argument should be bytes, buffer or ASCII string, not '{}'",
            v.type_name()
        ))
    })
}

fn bytes(v: Vec<u8>) -> PyResult<Value> {
    Ok(crate::types::bytes::new_bytes(v))
}

/// `bytes.hex`-style hex with an optional separator every `per` bytes (negative:
/// counted from the left).
pub fn hex_with_sep(data: &[u8], sep: Option<&str>, per: i64) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let hx = |b: u8| [H[(b >> 4) as usize] as char, H[(b & 15) as usize] as char];
    let mut out = String::with_capacity(data.len() * 3);
    let Some(sep) = sep.filter(|_| per != 0) else {
        for &b in data {
            out.extend(hx(b));
        }
        return out;
    };
    let n = data.len();
    let k = per.unsigned_abs() as usize;
    for (i, &b) in data.iter().enumerate() {
        if i > 0 {
            let boundary = if per > 0 {
                (n - i) % k == 0
            } else {
                i % k == 0
            };
            if boundary {
                out.push_str(sep);
            }
        }
        out.extend(hx(b));
    }
    out
}

fn hexlify(a: &[Value], kw: Kw, name: &str) -> PyResult<Value> {
    let p = crate::args::parse(name, a, kw, &["data", "sep", "bytes_per_sep"], 1)?;
    let data = ndata::need_buffer(p[0].as_ref().unwrap())?;
    let sep = match &p[1] {
        None => None,
        Some(v) if v.is_none() => None,
        Some(v) => {
            let s = match crate::types::str::as_str(v) {
                Some(s) => s.to_string(),
                None => match ndata::buffer_bytes(v) {
                    Some(b) => String::from_utf8_lossy(&b).into_owned(),
                    None => return Err(type_error("sep must be str or bytes.")),
                },
            };
            if s.chars().count() != 1 {
                return Err(value_error("sep must be length 1."));
            }
            if !s.is_ascii() {
                return Err(value_error("sep must be ASCII."));
            }
            Some(s)
        }
    };
    let per = match &p[2] {
        Some(v) => crate::types::int::index_i64(v)?,
        None => 1,
    };
    bytes(hex_with_sep(&data, sep.as_deref(), per).into_bytes())
}

fn unhexlify(a: &[Value], kw: Kw, name: &str) -> PyResult<Value> {
    let p = crate::args::parse(name, a, kw, &["hexstr"], 1)?;
    let data = ascii_data(p[0].as_ref().unwrap())?;
    if data.len() % 2 != 0 {
        return Err(berr("Odd-length string"));
    }
    let v = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(data.len() / 2);
    for ch in data.chunks(2) {
        match (v(ch[0]), v(ch[1])) {
            (Some(x), Some(y)) => out.push((x * 16 + y) as u8),
            _ => return Err(berr("Non-hexadecimal digit found")),
        }
    }
    bytes(out)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn b64_encode(data: &[u8], newline: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 4 / 3 + 4);
    for ch in data.chunks(3) {
        let b = [ch[0], *ch.get(1).unwrap_or(&0), *ch.get(2).unwrap_or(&0)];
        out.push(B64[(b[0] >> 2) as usize]);
        out.push(B64[(((b[0] & 3) << 4) | (b[1] >> 4)) as usize]);
        out.push(if ch.len() > 1 {
            B64[(((b[1] & 15) << 2) | (b[2] >> 6)) as usize]
        } else {
            b'='
        });
        out.push(if ch.len() > 2 {
            B64[(b[2] & 63) as usize]
        } else {
            b'='
        });
    }
    if newline {
        out.push(b'\n');
    }
    out
}

fn b64_value(c: u8) -> Option<u8> {
    B64.iter().position(|&x| x == c).map(|p| p as u8)
}

pub fn b64_decode(data: &[u8], strict: bool) -> PyResult<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    let mut quad = 0;
    let mut left: u8 = 0;
    let mut pads = 0;
    let mut padding_started = false;
    let mut nchars = 0usize;
    if strict && data.first() == Some(&b'=') {
        return Err(berr("Leading padding not allowed"));
    }
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        i += 1;
        if c == b'=' {
            padding_started = true;
            pads += 1;
            if quad >= 2 && quad + pads >= 4 {
                if strict && i < data.len() {
                    return Err(berr("Excess data after padding"));
                }
                return Ok(out);
            }
            continue;
        }
        let Some(v) = b64_value(c) else {
            if strict {
                return Err(berr("Only base64 data is allowed"));
            }
            continue;
        };
        if strict && padding_started {
            return Err(berr("Discontinuous padding not allowed"));
        }
        pads = 0;
        nchars += 1;
        match quad {
            0 => {
                quad = 1;
                left = v;
            }
            1 => {
                quad = 2;
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
            }
            2 => {
                quad = 3;
                out.push((left << 4) | (v >> 2));
                left = v & 3;
            }
            _ => {
                quad = 0;
                out.push((left << 6) | v);
                left = 0;
            }
        }
    }
    if quad != 0 {
        if quad == 1 {
            return Err(berr(format!(
                "Invalid base64-encoded string: number of data characters ({}) cannot be 1 more than a multiple of 4",
                nchars
            )));
        }
        return Err(berr("Incorrect padding"));
    }
    Ok(out)
}

pub fn crc_hqx(data: &[u8], mut crc: u32) -> u32 {
    crc &= 0xffff;
    for &b in data {
        crc ^= (b as u32) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                ((crc << 1) ^ 0x1021) & 0xffff
            } else {
                (crc << 1) & 0xffff
            };
        }
    }
    crc
}

fn b2a_uu(data: &[u8], backtick: bool) -> PyResult<Vec<u8>> {
    if data.len() > 45 {
        return Err(berr("At most 45 bytes at once"));
    }
    let enc = |x: u8| if backtick && x == 0 { b'`' } else { b' ' + x };
    let mut out = vec![enc(data.len() as u8)];
    for ch in data.chunks(3) {
        let b = [ch[0], *ch.get(1).unwrap_or(&0), *ch.get(2).unwrap_or(&0)];
        out.push(enc(b[0] >> 2));
        out.push(enc(((b[0] & 3) << 4) | (b[1] >> 4)));
        out.push(enc(((b[1] & 15) << 2) | (b[2] >> 6)));
        out.push(enc(b[2] & 63));
    }
    out.push(b'\n');
    Ok(out)
}

fn a2b_uu(data: &[u8]) -> PyResult<Vec<u8>> {
    let line: Vec<u8> = data
        .iter()
        .copied()
        .take_while(|&c| c != b'\n' && c != b'\r')
        .collect();
    if line.is_empty() {
        return Ok(vec![0u8; 32].into_iter().take(0).collect());
    }
    let n = (line[0].wrapping_sub(b' ') & 0x3f) as usize;
    let dec = |c: u8| -> PyResult<u8> {
        if c == b'\n' || c == b'\r' || c == b' ' || c == b'`' {
            return Ok(0);
        }
        if !(b' '..=b' ' + 64).contains(&c) {
            return Err(berr("Illegal char"));
        }
        Ok((c - b' ') & 0x3f)
    };
    let mut out = Vec::with_capacity(n);
    let body = &line[1..];
    let mut i = 0;
    while out.len() < n {
        let g: Vec<u8> = (0..4)
            .map(|k| body.get(i + k).copied().unwrap_or(b' '))
            .collect();
        let v = [dec(g[0])?, dec(g[1])?, dec(g[2])?, dec(g[3])?];
        for b in [
            (v[0] << 2) | (v[1] >> 4),
            ((v[1] & 15) << 4) | (v[2] >> 2),
            ((v[2] & 3) << 6) | v[3],
        ] {
            if out.len() < n {
                out.push(b);
            }
        }
        i += 4;
    }
    for &c in body.get(i..).unwrap_or(&[]) {
        if c != b' ' && c != b'`' && c != b'\n' && c != b'\r' {
            return Err(berr("Trailing garbage"));
        }
    }
    Ok(out)
}

fn a2b_qp(data: &[u8], header: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let hex = |c: u8| (c as char).to_digit(16);
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if c == b'=' {
            if i + 1 >= data.len() {
                break;
            }
            if data[i + 1] == b'\n' || data[i + 1] == b'\r' {
                // soft line break
                i += 1;
                if data.get(i) == Some(&b'\r') {
                    i += 1;
                }
                if data.get(i) == Some(&b'\n') {
                    i += 1;
                }
                continue;
            }
            if data[i + 1] == b'=' {
                out.push(b'=');
                i += 2;
                continue;
            }
            if let (Some(x), Some(y)) = (hex(data[i + 1]), data.get(i + 2).and_then(|&c| hex(c))) {
                out.push((x * 16 + y) as u8);
                i += 3;
                continue;
            }
            out.push(b'=');
            i += 1;
            continue;
        }
        if header && c == b'_' {
            out.push(b' ');
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

fn b2a_qp(data: &[u8], quotetabs: bool, istext: bool, header: bool) -> Vec<u8> {
    const MAXLINE: usize = 76;
    let crlf = data
        .windows(2)
        .position(|w| w == b"\r\n")
        .map_or(false, |p| data[..p].iter().all(|&c| c != b'\n'));
    let mut out = Vec::with_capacity(data.len() * 3);
    let mut linelen = 0;
    let mut i = 0;
    let hex = b"0123456789ABCDEF";
    while i < data.len() {
        let c = data[i];
        let at_line_end = i + 1 == data.len()
            || data[i + 1] == b'\n'
            || (data[i + 1] == b'\r' && data.get(i + 2) == Some(&b'\n'));
        let needs_quote = c > 126
            || c == b'='
            || (header && c == b'_')
            || (c == b'.' && linelen == 0 && at_line_end)
            || (!istext && (c == b'\r' || c == b'\n'))
            || ((c == b'\t' || c == b' ') && at_line_end)
            || (c < 32 && c != b'\r' && c != b'\n' && (quotetabs || (c != b'\t' && c != b' ')))
            || (quotetabs && (c == b'\t' || c == b' '));
        if istext && (c == b'\n' || (c == b'\r' && data.get(i + 1) == Some(&b'\n'))) {
            if crlf {
                out.extend_from_slice(b"\r\n");
            } else {
                out.push(b'\n');
            }
            i += if c == b'\r' { 2 } else { 1 };
            linelen = 0;
            continue;
        }
        if needs_quote {
            if linelen + 3 >= MAXLINE {
                out.extend_from_slice(b"=\n");
                linelen = 0;
            }
            out.push(b'=');
            out.push(hex[(c >> 4) as usize]);
            out.push(hex[(c & 15) as usize]);
            linelen += 3;
        } else {
            if linelen + 1 >= MAXLINE && !at_line_end {
                out.extend_from_slice(b"=\n");
                linelen = 0;
            }
            out.push(if header && c == b' ' { b'_' } else { c });
            linelen += 1;
        }
        i += 1;
    }
    out
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    let (e, inc) = errors();
    set_attr(m, "Error", Value::Obj(e));
    set_attr(m, "Incomplete", Value::Obj(inc));
    add_function(m, "hexlify", |a, kw| hexlify(a, kw, "hexlify"));
    add_function(m, "b2a_hex", |a, kw| hexlify(a, kw, "b2a_hex"));
    add_function(m, "unhexlify", |a, kw| unhexlify(a, kw, "unhexlify"));
    add_function(m, "a2b_hex", |a, kw| unhexlify(a, kw, "a2b_hex"));
    add_function(m, "b2a_base64", |a, kw| {
        let p = crate::args::parse("b2a_base64", a, kw, &["", "$newline"], 1)?;
        let data = ndata::need_buffer(p[0].as_ref().unwrap())?;
        let nl = match &p[1] {
            Some(v) => crate::ops::truthy(v)?,
            None => true,
        };
        bytes(b64_encode(&data, nl))
    });
    add_function(m, "a2b_base64", |a, kw| {
        let p = crate::args::parse("a2b_base64", a, kw, &["", "$strict_mode"], 1)?;
        let data = ascii_data(p[0].as_ref().unwrap())?;
        let strict = match &p[1] {
            Some(v) => crate::ops::truthy(v)?,
            None => false,
        };
        bytes(b64_decode(&data, strict)?)
    });
    add_function(m, "crc32", |a, kw| {
        let p = crate::args::parse("crc32", a, kw, &["", ""], 1)?;
        let data = ndata::need_buffer(p[0].as_ref().unwrap())?;
        let init = match &p[1] {
            Some(v) => {
                let b = crate::types::int::to_bigint(&crate::types::int::index_value(v)?)
                    .unwrap_or_default();
                let m: num_bigint::BigInt = b & num_bigint::BigInt::from(0xffff_ffffu64);
                num_traits::ToPrimitive::to_u32(&m).unwrap_or(0)
            }
            None => 0,
        };
        Ok(Value::Int(crate::modules::zlib::crc32(&data, init) as i64))
    });
    add_function(m, "crc_hqx", |a, kw| {
        let p = crate::args::parse("crc_hqx", a, kw, &["", ""], 2)?;
        let data = ndata::need_buffer(p[0].as_ref().unwrap())?;
        let crc = crate::types::int::index_i64(p[1].as_ref().unwrap())?;
        Ok(Value::Int(crc_hqx(&data, (crc & 0xffff) as u32) as i64))
    });
    add_function(m, "b2a_uu", |a, kw| {
        let p = crate::args::parse("b2a_uu", a, kw, &["", "$backtick"], 1)?;
        let data = ndata::need_buffer(p[0].as_ref().unwrap())?;
        let bt = match &p[1] {
            Some(v) => crate::ops::truthy(v)?,
            None => false,
        };
        bytes(b2a_uu(&data, bt)?)
    });
    add_function(m, "a2b_uu", |a, kw| {
        let p = crate::args::parse("a2b_uu", a, kw, &[""], 1)?;
        bytes(a2b_uu(&ascii_data(p[0].as_ref().unwrap())?)?)
    });
    add_function(m, "a2b_qp", |a, kw| {
        let p = crate::args::parse("a2b_qp", a, kw, &["data", "header"], 1)?;
        let h = match &p[1] {
            Some(v) => crate::ops::truthy(v)?,
            None => false,
        };
        bytes(a2b_qp(&ascii_data(p[0].as_ref().unwrap())?, h))
    });
    add_function(m, "b2a_qp", |a, kw| {
        let p = crate::args::parse(
            "b2a_qp",
            a,
            kw,
            &["data", "quotetabs", "istext", "header"],
            1,
        )?;
        let data = ndata::need_buffer(p[0].as_ref().unwrap())?;
        let flag = |i: usize, d: bool| -> PyResult<bool> {
            match &p[i] {
                Some(v) => crate::ops::truthy(v),
                None => Ok(d),
            }
        };
        bytes(b2a_qp(
            &data,
            flag(1, false)?,
            flag(2, true)?,
            flag(3, false)?,
        ))
    });
    Ok(())
}
