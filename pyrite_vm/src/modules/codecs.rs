//! Text encodings used by `str.encode`/`bytes.decode` (utf-8, ascii, latin-1 and their
//! error handlers). The full `_codecs` module builds on these.

use crate::errors::*;
use crate::types::exceptions::exc;
use crate::value::Value;

pub fn normalize(enc: &str) -> String {
    let e = enc.trim().to_ascii_lowercase().replace(['_', ' '], "-");
    match e.as_str() {
        "utf8" | "utf-8" | "u8" | "utf" | "cp65001" => "utf-8".into(),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "8859" | "cp819" | "l1" | "latin" => "latin-1".into(),
        "ascii" | "us-ascii" | "646" => "ascii".into(),
        other => other.to_string(),
    }
}

fn decode_error(enc: &str, data: &[u8], start: usize, end: usize, reason: &str) -> PyErr {
    PyErr::with_args(
        &exc().unicode_decode_error,
        vec![Value::from(enc), crate::types::bytes::new_bytes(data.to_vec()), Value::Int(start as i64), Value::Int(end as i64), Value::from(reason)],
    )
}

fn encode_error(enc: &str, s: &str, start: usize, end: usize, reason: &str) -> PyErr {
    PyErr::with_args(
        &exc().unicode_encode_error,
        vec![Value::from(enc), Value::from(s), Value::Int(start as i64), Value::Int(end as i64), Value::from(reason)],
    )
}

pub fn decode(data: &[u8], enc: &str, errors: &str) -> PyResult<Value> {
    let enc = normalize(enc);
    let mut out = String::with_capacity(data.len());
    match enc.as_str() {
        "utf-8" => {
            let mut i = 0;
            while i < data.len() {
                match std::str::from_utf8(&data[i..]) {
                    Ok(s) => {
                        out.push_str(s);
                        break;
                    }
                    Err(e) => {
                        let good = e.valid_up_to();
                        out.push_str(std::str::from_utf8(&data[i..i + good]).unwrap());
                        let bad_start = i + good;
                        let bad_len = e.error_len().unwrap_or(data.len() - bad_start);
                        let reason = match e.error_len() {
                            None => "unexpected end of data",
                            Some(_) => {
                                let b = data[bad_start];
                                if (0x80..0xc2).contains(&b) || b >= 0xf5 { "invalid start byte" } else { "invalid continuation byte" }
                            }
                        };
                        match errors {
                            "strict" => return Err(decode_error("utf-8", data, bad_start, bad_start + bad_len, reason)),
                            "ignore" => {}
                            "replace" => out.push('\u{fffd}'),
                            "backslashreplace" => {
                                for b in &data[bad_start..bad_start + bad_len] {
                                    out.push_str(&format!("\\x{:02x}", b));
                                }
                            }
                            "surrogateescape" => return Err(not_implemented("surrogateescape decoding is not supported by Pyrite yet")),
                            other => return Err(PyErr::new(&exc().lookup_error, format!("unknown error handler name '{}'", other))),
                        }
                        i = bad_start + bad_len;
                    }
                }
            }
        }
        "latin-1" => out.extend(data.iter().map(|&b| b as char)),
        "ascii" => {
            for (i, &b) in data.iter().enumerate() {
                if b < 128 {
                    out.push(b as char);
                } else {
                    match errors {
                        "strict" => return Err(decode_error("ascii", data, i, i + 1, "ordinal not in range(128)")),
                        "ignore" => {}
                        "replace" => out.push('\u{fffd}'),
                        "backslashreplace" => out.push_str(&format!("\\x{:02x}", b)),
                        other => return Err(PyErr::new(&exc().lookup_error, format!("unknown error handler name '{}'", other))),
                    }
                }
            }
        }
        other => return Err(PyErr::new(&exc().lookup_error, format!("unknown encoding: {}", other))),
    }
    Ok(crate::types::str::new_string(out))
}

pub fn encode(s: &str, enc: &str, errors: &str) -> PyResult<Value> {
    let enc = normalize(enc);
    let limit = match enc.as_str() {
        "utf-8" => return Ok(crate::types::bytes::new_bytes(s.as_bytes().to_vec())),
        "latin-1" => 256u32,
        "ascii" => 128u32,
        other => return Err(PyErr::new(&exc().lookup_error, format!("unknown encoding: {}", other))),
    };
    let mut out = Vec::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        let u = c as u32;
        if u < limit {
            out.push(u as u8);
            continue;
        }
        match errors {
            "strict" => {
                let reason = if limit == 128 { "ordinal not in range(128)" } else { "ordinal not in range(256)" };
                return Err(encode_error(&enc, s, i, i + 1, reason));
            }
            "ignore" => {}
            "replace" => out.push(b'?'),
            "backslashreplace" => out.extend(if u <= 0xff { format!("\\x{:02x}", u) } else if u <= 0xffff { format!("\\u{:04x}", u) } else { format!("\\U{:08x}", u) }.bytes()),
            "xmlcharrefreplace" => out.extend(format!("&#{};", u).bytes()),
            other => return Err(PyErr::new(&exc().lookup_error, format!("unknown error handler name '{}'", other))),
        }
    }
    Ok(crate::types::bytes::new_bytes(out))
}
