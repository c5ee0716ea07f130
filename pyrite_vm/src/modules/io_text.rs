//! `_io.TextIOWrapper` (text over a buffered binary stream: encoding, universal
//! newlines, line buffering) and `_io.IncrementalNewlineDecoder`.
//!
//! UTF-8, Latin-1 and ASCII are decoded and encoded natively (`modules::codecs`);
//! other encodings use the incremental codecs of the `codecs` module. Text strings
//! are UTF-8 in Pyrite, so undecodable input under `surrogateescape` is replaced
//! with U+FFFD instead of lone surrogates.
//!
//! `tell()` returns a plain byte offset: the position of the start of the current
//! chunk plus the bytes that produced the characters already consumed (recomputed
//! by decoding the chunk again), which is exact for the native codecs.

use crate::errors::*;
use crate::modules::io_buffered::{flush_native, is_plain_buffered, read_native, write_native};
use crate::modules::io_mod::{closed_file, io_type, textiobase_type, unsupported};
use crate::modules::ndata::{get, new_cls, new_native, NativeData};
use crate::modules::osutil::{Guard, Locked};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::value::Value;

const SEEN_LF: u8 = 1;
const SEEN_CR: u8 = 2;
const SEEN_CRLF: u8 = 4;

/// Universal-newline processing of decoded text (the work of
/// `IncrementalNewlineDecoder`): a trailing `\r` is held back unless `final`.
pub fn process_newlines(
    s: &str,
    final_: bool,
    pending_cr: &mut bool,
    seen: &mut u8,
    translate: bool,
) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    if *pending_cr {
        out.push('\r');
        *pending_cr = false;
    }
    out.push_str(s);
    if !final_ && out.ends_with('\r') {
        out.pop();
        *pending_cr = true;
    }
    if out.contains('\r') {
        let b = out.as_bytes();
        for i in 0..b.len() {
            if b[i] == b'\r' {
                if i + 1 < b.len() && b[i + 1] == b'\n' {
                    *seen |= SEEN_CRLF;
                } else {
                    *seen |= SEEN_CR;
                }
            } else if b[i] == b'\n' && (i == 0 || b[i - 1] != b'\r') {
                *seen |= SEEN_LF;
            }
        }
        if translate {
            out = out.replace("\r\n", "\n").replace('\r', "\n");
        }
    } else if out.contains('\n') {
        *seen |= SEEN_LF;
    }
    out
}

pub fn newlines_value(seen: u8) -> Value {
    let names: Vec<&str> = [(SEEN_CR, "\r"), (SEEN_LF, "\n"), (SEEN_CRLF, "\r\n")]
        .iter()
        .filter(|(f, _)| seen & f != 0)
        .map(|(_, n)| *n)
        .collect();
    match names.len() {
        0 => Value::None,
        1 => Value::from(names[0]),
        _ => crate::types::tuple::new_tuple(names.into_iter().map(Value::from).collect()),
    }
}

enum Codec {
    Native(&'static str),
    Py {
        enc: Option<Value>,
        dec: Option<Value>,
    },
}

pub struct TextState {
    buffer: Option<Value>,
    ok: bool,
    detached: bool,
    encoding: Value,
    errors: String,
    codec: Codec,
    readable: bool,
    writable: bool,
    readuniversal: bool,
    readtranslate: bool,
    readnl: Option<String>,
    writenl: Option<String>,
    line_buffering: bool,
    write_through: bool,
    decoded: String,
    dpos: usize,
    pending_bytes: Vec<u8>,
    pending_cr: bool,
    seen: u8,
    /// (bytes before the chunk still undecoded: a held-back `\r` and partial UTF-8,
    /// the chunk).
    snapshot: Option<(Vec<u8>, Vec<u8>)>,
    pending: Vec<u8>,
    seekable: bool,
    telling: bool,
    has_read1: bool,
    chunk_size: usize,
}

pub struct TextIO {
    st: Locked<TextState>,
}
impl NativeData for TextIO {}

crate::native_type!(textio_type, make_textio_type);
crate::native_type!(nldecoder_type, make_nldecoder_type);

fn blank() -> TextIO {
    TextIO {
        st: Locked::new(TextState {
            buffer: None,
            ok: false,
            detached: false,
            encoding: Value::None,
            errors: "strict".into(),
            codec: Codec::Native("utf-8"),
            readable: false,
            writable: false,
            readuniversal: true,
            readtranslate: true,
            readnl: None,
            writenl: None,
            line_buffering: false,
            write_through: false,
            decoded: String::new(),
            dpos: 0,
            pending_bytes: Vec::new(),
            pending_cr: false,
            seen: 0,
            snapshot: None,
            pending: Vec::new(),
            seekable: false,
            telling: false,
            has_read1: false,
            chunk_size: 8192,
        }),
    }
}

fn tio(v: &Value) -> PyResult<&TextIO> {
    get::<TextIO>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a '_io.TextIOWrapper' object but received '{}'",
            v.type_name()
        ))
    })
}

fn type_label(v: &Value) -> String {
    let c = v.class();
    if c.is(&textio_type()) {
        "_io.TextIOWrapper".into()
    } else {
        crate::types::typeobj::type_name(&c)
    }
}

fn repr_of(v: &Value) -> PyResult<String> {
    let mut s = format!("<{}", type_label(v));
    let ignorable = |e: &PyErr| {
        e.matches(&crate::types::exceptions::exc().attribute_error)
            || e.matches(&crate::types::exceptions::exc().value_error)
    };
    match crate::ops::attr::getattr(v, "name") {
        Ok(n) => s.push_str(&format!(" name={}", crate::ops::repr(&n)?)),
        Err(e) if ignorable(&e) => {}
        Err(e) => return Err(e),
    }
    match crate::ops::attr::getattr(v, "mode") {
        Ok(n) => s.push_str(&format!(" mode={}", crate::ops::repr(&n)?)),
        Err(e) if ignorable(&e) => {}
        Err(e) => return Err(e),
    }
    let enc = tio(v)?.st.unlocked().encoding.clone();
    s.push_str(&format!(" encoding={}>", crate::ops::repr(&enc)?));
    Ok(s)
}

fn lock<'a>(this: &'a Value, t: &'a TextIO) -> PyResult<Guard<'a, TextState>> {
    t.st.lock(&|| repr_of(this).unwrap_or_else(|_| type_label(this)))
}

/// Split `data` into the longest prefix without a trailing incomplete UTF-8
/// sequence, and that tail.
fn utf8_split(data: &[u8]) -> usize {
    let n = data.len();
    for k in 1..=3.min(n) {
        let b = data[n - k];
        if b & 0xC0 == 0x80 {
            continue;
        }
        let need = if b >= 0xF0 {
            4
        } else if b >= 0xE0 {
            3
        } else if b >= 0xC0 {
            2
        } else {
            1
        };
        if need > k && b < 0xF8 {
            return n - k;
        }
        return n;
    }
    n
}

fn decode_errors(e: &str) -> &str {
    if e == "surrogateescape" || e == "surrogatepass" {
        "replace"
    } else {
        e
    }
}

impl TextState {
    fn buffer(&self) -> PyResult<Value> {
        if self.detached {
            return Err(value_error("underlying buffer has been detached"));
        }
        match (&self.buffer, self.ok) {
            (Some(b), true) => Ok(b.clone()),
            _ => Err(value_error("I/O operation on uninitialized object")),
        }
    }
    fn check_closed(&self) -> PyResult<()> {
        let b = self.buffer()?;
        if crate::modules::io_mod::is_closed(&b)? {
            return Err(closed_file());
        }
        Ok(())
    }
    fn decode(&mut self, input: &[u8], final_: bool) -> PyResult<String> {
        let text = match &self.codec {
            Codec::Native(enc) => {
                let mut data = std::mem::take(&mut self.pending_bytes);
                data.extend_from_slice(input);
                let cut = if final_ || *enc != "utf-8" {
                    data.len()
                } else {
                    utf8_split(&data)
                };
                let tail = data.split_off(cut);
                self.pending_bytes = tail;
                let v = crate::modules::codecs::decode(&data, enc, decode_errors(&self.errors))?;
                crate::types::str::as_str(&v).unwrap_or("").to_string()
            }
            Codec::Py { dec: Some(d), .. } => {
                let r = crate::ops::attr::call_method(
                    d,
                    "decode",
                    &[
                        crate::types::bytes::new_bytes(input.to_vec()),
                        Value::Bool(final_),
                    ],
                )?;
                crate::types::str::as_str(&r)
                    .ok_or_else(|| {
                        type_error(format!(
                            "decoder should return a string result, not '{}'",
                            r.type_name()
                        ))
                    })?
                    .to_string()
            }
            Codec::Py { dec: None, .. } => return Err(unsupported("not readable")),
        };
        if self.readuniversal {
            Ok(process_newlines(
                &text,
                final_,
                &mut self.pending_cr,
                &mut self.seen,
                self.readtranslate,
            ))
        } else {
            Ok(text)
        }
    }
    fn encode(&self, s: &str) -> PyResult<Vec<u8>> {
        match &self.codec {
            Codec::Native("utf-8") => Ok(s.as_bytes().to_vec()),
            Codec::Native(enc) => {
                let v = crate::modules::codecs::encode(s, enc, &self.errors)?;
                Ok(crate::types::bytes::as_bytes_like(&v).unwrap_or_default())
            }
            Codec::Py { enc: Some(e), .. } => {
                let r = crate::ops::attr::call_method(e, "encode", &[Value::from(s)])?;
                crate::types::bytes::as_bytes_like(&r).ok_or_else(|| {
                    type_error(format!(
                        "encoder should return a bytes object, not '{}'",
                        r.type_name()
                    ))
                })
            }
            Codec::Py { enc: None, .. } => Err(unsupported("not writable")),
        }
    }
    fn reset_decoder(&mut self) -> PyResult<()> {
        self.decoded.clear();
        self.dpos = 0;
        self.pending_bytes.clear();
        self.pending_cr = false;
        self.snapshot = None;
        if let Codec::Py { dec: Some(d), .. } = &self.codec {
            crate::ops::attr::call_method(d, "reset", &[])?;
        }
        Ok(())
    }
    fn flush_pending(&mut self) -> PyResult<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let data = std::mem::take(&mut self.pending);
        let b = self.buffer()?;
        if is_plain_buffered(&b) {
            write_native(&b, &data)?;
        } else {
            crate::ops::attr::call_method(&b, "write", &[crate::types::bytes::new_bytes(data)])?;
        }
        Ok(())
    }
    fn flush_all(&mut self) -> PyResult<()> {
        self.flush_pending()?;
        let b = self.buffer()?;
        if is_plain_buffered(&b) {
            flush_native(&b)
        } else {
            crate::ops::attr::call_method(&b, "flush", &[]).map(|_| ())
        }
    }
    /// Read and decode one chunk; false at end of file. The decoded buffer must be
    /// used up.
    fn read_chunk(&mut self, hint: usize) -> PyResult<bool> {
        if !self.readable {
            return Err(unsupported("not readable"));
        }
        let b = self.buffer()?;
        let size = self.chunk_size.max(hint.min(1 << 20));
        let input: Option<Vec<u8>> = if is_plain_buffered(&b) {
            read_native(&b, size as i64, self.has_read1)?
        } else {
            let r = crate::ops::attr::call_method(
                &b,
                if self.has_read1 { "read1" } else { "read" },
                &[Value::Int(size as i64)],
            )?;
            if r.is_none() {
                None
            } else {
                Some(crate::types::bytes::as_bytes_like(&r).ok_or_else(|| {
                    type_error(format!(
                        "underlying {}() should have returned a bytes-like object, not '{}'",
                        if self.has_read1 { "read1" } else { "read" },
                        r.type_name()
                    ))
                })?)
            }
        };
        let Some(input) = input else {
            // non-blocking stream without data: nothing more for now
            self.decoded.clear();
            self.dpos = 0;
            return Ok(false);
        };
        let eof = input.is_empty();
        let mut prefix = Vec::new();
        if self.pending_cr {
            prefix.push(b'\r');
        }
        prefix.extend_from_slice(&self.pending_bytes);
        let text = self.decode(&input, eof)?;
        self.decoded = text;
        self.dpos = 0;
        self.snapshot = if self.telling {
            Some((prefix, input))
        } else {
            None
        };
        Ok(!eof)
    }
    fn take_chars(&mut self, n: usize) -> String {
        let rest = &self.decoded[self.dpos..];
        let end = match rest.char_indices().nth(n) {
            Some((i, _)) => i,
            None => rest.len(),
        };
        let out = rest[..end].to_string();
        self.dpos += end;
        out
    }
    fn read(&mut self, n: i64) -> PyResult<String> {
        self.flush_pending()?;
        if !self.readable {
            return Err(unsupported("not readable"));
        }
        if n < 0 {
            let mut out = self.decoded[self.dpos..].to_string();
            let b = self.buffer()?;
            let all = if is_plain_buffered(&b) {
                read_native(&b, -1, false)?.unwrap_or_default()
            } else {
                let r = crate::ops::attr::call_method(&b, "read", &[])?;
                if r.is_none() {
                    Vec::new()
                } else {
                    crate::types::bytes::as_bytes_like(&r).ok_or_else(|| {
                        type_error("underlying read() should have returned a bytes object")
                    })?
                }
            };
            let text = self.decode(&all, true)?;
            out.push_str(&text);
            self.decoded.clear();
            self.dpos = 0;
            self.snapshot = None;
            return Ok(out);
        }
        let n = n as usize;
        let mut out = self.take_chars(n);
        let mut got = out.chars().count();
        while got < n {
            if !self.read_chunk(n - got)? && self.decoded.is_empty() {
                break;
            }
            let t = self.take_chars(n - got);
            got += t.chars().count();
            out.push_str(&t);
        }
        Ok(out)
    }
    fn find_eol(&self, line: &str, from: usize, eof: bool) -> Option<usize> {
        let hay = &line[from..];
        if self.readtranslate || (!self.readuniversal && self.readnl.as_deref() == Some("\n")) {
            return hay.find('\n').map(|i| from + i + 1);
        }
        if self.readuniversal {
            let i = hay.find(['\r', '\n'])?;
            let b = hay.as_bytes();
            if b[i] == b'\n' {
                return Some(from + i + 1);
            }
            if i + 1 < b.len() {
                return Some(from + i + 1 + (b[i + 1] == b'\n') as usize);
            }
            let _ = eof;
            return Some(from + i + 1);
        }
        let nl = self.readnl.as_deref().unwrap_or("\n");
        hay.find(nl).map(|i| from + i + nl.len())
    }
    fn readline(&mut self, limit: i64) -> PyResult<String> {
        self.flush_pending()?;
        if !self.readable {
            return Err(unsupported("not readable"));
        }
        let nl_len = self.readnl.as_deref().map_or(1, |s| s.len());
        let mut line = String::new();
        let mut eof = false;
        loop {
            let old = line.len();
            let avail_len = self.decoded.len() - self.dpos;
            line.push_str(&self.decoded[self.dpos..]);
            self.dpos = self.decoded.len();
            let mut from = old.saturating_sub(nl_len.saturating_sub(1)).min(line.len());
            while !line.is_char_boundary(from) {
                from -= 1;
            }
            let mut end = self.find_eol(&line, from, eof);
            if limit >= 0 {
                let lim = limit as usize;
                let cut = line.char_indices().nth(lim).map(|(i, _)| i);
                if let Some(c) = cut {
                    if end.map_or(true, |e| e > c) {
                        end = Some(c);
                    }
                }
            }
            if let Some(e) = end {
                let back = line.len() - e;
                let back = back.min(avail_len);
                self.dpos -= back;
                line.truncate(line.len() - back);
                return Ok(line);
            }
            if eof {
                return Ok(line);
            }
            if !self.read_chunk(0)? {
                eof = true;
                if self.decoded.is_empty() {
                    return Ok(line);
                }
            }
        }
    }
    fn tell(&mut self) -> PyResult<i64> {
        let b = self.buffer()?;
        if !self.seekable {
            return Err(unsupported("underlying stream is not seekable"));
        }
        if !self.telling {
            return Err(PyErr::new(
                &crate::types::exceptions::exc().os_error,
                "telling position disabled by next() call",
            ));
        }
        self.flush_all()?;
        let pos = crate::types::int::index_i64(&crate::ops::attr::call_method(&b, "tell", &[])?)?;
        let Some((prefix, chunk)) = &self.snapshot else {
            return Ok(pos);
        };
        let start = pos - chunk.len() as i64 - prefix.len() as i64;
        let skip = self.decoded[..self.dpos].chars().count();
        if skip == 0 {
            return Ok(start);
        }
        match &self.codec {
            Codec::Native(enc) => {
                let mut bytes = prefix.clone();
                bytes.extend_from_slice(chunk);
                let merge_crlf = self.readuniversal && self.readtranslate;
                let (mut i, mut count) = (0usize, 0usize);
                while count < skip && i < bytes.len() {
                    let c = bytes[i];
                    if merge_crlf && c == b'\r' && i + 1 < bytes.len() && bytes[i + 1] == b'\n' {
                        i += 2;
                        count += 1;
                        continue;
                    }
                    let clen = if *enc != "utf-8" || c < 0xC0 {
                        1
                    } else if c >= 0xF0 {
                        4
                    } else if c >= 0xE0 {
                        3
                    } else {
                        2
                    };
                    i = (i + clen).min(bytes.len());
                    count += 1;
                }
                Ok(start + i as i64)
            }
            Codec::Py { .. } => {
                let rest = self.decoded[self.dpos..].to_string();
                let n = self.encode(&rest)?.len() as i64;
                Ok(pos - n - self.pending_bytes.len() as i64)
            }
        }
    }
}

// ---- construction ---------------------------------------------------------------

fn str_or_none(v: &Option<Value>, what: &str) -> PyResult<Option<String>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(x) => match crate::types::str::as_str(x) {
            Some(s) => Ok(Some(s.to_string())),
            None => Err(type_error(format!(
                "TextIOWrapper() argument '{}' must be str or None, not {}",
                what,
                x.type_name()
            ))),
        },
    }
}

fn make_codec(encoding: &str, errors: &str, readable: bool, writable: bool) -> PyResult<Codec> {
    let norm = crate::modules::codecs::normalize(encoding);
    if matches!(norm.as_str(), "utf-8" | "latin-1" | "ascii") {
        let e: &'static str = match norm.as_str() {
            "utf-8" => "utf-8",
            "latin-1" => "latin-1",
            _ => "ascii",
        };
        return Ok(Codec::Native(e));
    }
    let codecs = crate::modules::osutil::import("codecs")?;
    let info = crate::ops::attr::call_method(&codecs, "lookup", &[Value::from(encoding)])?;
    if let Ok(Some(t)) = crate::ops::attr::getattr_opt(&info, "_is_text_encoding") {
        if !crate::ops::truthy(&t)? {
            let name = crate::ops::attr::getattr(&info, "name")?;
            return Err(PyErr::new(
                &crate::types::exceptions::exc().lookup_error,
                format!(
                    "{} is not a text encoding; use codecs.open() to handle arbitrary codecs",
                    crate::ops::repr(&name)?
                ),
            ));
        }
    }
    let dec = if readable {
        let f = crate::ops::attr::getattr(&info, "incrementaldecoder")?;
        Some(crate::ops::call::call(&f, &[Value::from(errors)], None)?)
    } else {
        None
    };
    let enc = if writable {
        let f = crate::ops::attr::getattr(&info, "incrementalencoder")?;
        Some(crate::ops::call::call(&f, &[Value::from(errors)], None)?)
    } else {
        None
    };
    Ok(Codec::Py { enc, dec })
}

fn set_newline(st: &mut TextState, newline: Option<&str>) {
    st.readuniversal = matches!(newline, None | Some(""));
    st.readtranslate = newline.is_none();
    st.readnl = newline.filter(|s| !s.is_empty()).map(|s| s.to_string());
    st.writenl = match newline {
        Some("\r") | Some("\r\n") => newline.map(|s| s.to_string()),
        _ => None,
    };
}

fn check_newline(v: &Option<String>) -> PyResult<()> {
    if let Some(n) = v {
        if !matches!(n.as_str(), "" | "\n" | "\r" | "\r\n") {
            return Err(value_error(format!("illegal newline value: {}", n)));
        }
    }
    Ok(())
}

fn textio_init(
    this: &Value,
    buffer: Value,
    encoding: Option<String>,
    errors: Option<String>,
    newline: Option<String>,
    line_buffering: bool,
    write_through: bool,
) -> PyResult<()> {
    check_newline(&newline)?;
    let enc = match encoding.as_deref() {
        None | Some("locale") => crate::modules::locale::preferred_encoding(),
        Some(e) => e.to_string(),
    };
    let errors = errors.unwrap_or_else(|| "strict".into());
    let readable = crate::ops::truthy(&crate::ops::attr::call_method(&buffer, "readable", &[])?)?;
    let writable = crate::ops::truthy(&crate::ops::attr::call_method(&buffer, "writable", &[])?)?;
    let seekable = crate::ops::truthy(&crate::ops::attr::call_method(&buffer, "seekable", &[])?)?;
    let codec = make_codec(&enc, &errors, readable, writable)?;
    let has_read1 = crate::ops::attr::getattr_opt(&buffer, "read1")?.is_some();
    let t = tio(this)?;
    let mut g = lock(this, t)?;
    g.buffer = Some(buffer);
    g.ok = true;
    g.detached = false;
    g.encoding = Value::from(enc.as_str());
    g.errors = errors;
    g.codec = codec;
    g.readable = readable;
    g.writable = writable;
    set_newline(&mut g, newline.as_deref());
    g.line_buffering = line_buffering;
    g.write_through = write_through;
    g.decoded.clear();
    g.dpos = 0;
    g.pending_bytes.clear();
    g.pending_cr = false;
    g.seen = 0;
    g.snapshot = None;
    g.pending.clear();
    g.seekable = seekable;
    g.telling = seekable;
    g.has_read1 = has_read1;
    Ok(())
}

/// A new exact `TextIOWrapper` (what `open()` and the standard streams use).
pub fn new_textio(
    buffer: Value,
    encoding: Option<Value>,
    errors: Option<Value>,
    newline: Option<Value>,
    line_buffering: bool,
    write_through: bool,
) -> PyResult<Value> {
    let v = new_native(&textio_type(), blank());
    textio_init(
        &v,
        buffer,
        str_or_none(&encoding, "encoding")?,
        str_or_none(&errors, "errors")?,
        str_or_none(&newline, "newline")?,
        line_buffering,
        write_through,
    )?;
    Ok(v)
}

/// `write(text)` on a native text stream (also `print`'s fast path).
pub fn write_str(this: &Value, text: &str) -> PyResult<()> {
    let t = tio(this)?;
    let mut g = lock(this, t)?;
    g.check_closed()?;
    if !g.writable {
        return Err(unsupported("not writable"));
    }
    let haslf = text.contains('\n');
    let owned;
    let text = match &g.writenl {
        Some(nl) if haslf => {
            owned = text.replace('\n', nl);
            owned.as_str()
        }
        _ => text,
    };
    let needflush = g.line_buffering && (haslf || text.contains('\r'));
    let bytes = g.encode(text)?;
    g.pending.extend_from_slice(&bytes);
    if g.pending.len() > g.chunk_size || needflush || g.write_through {
        g.flush_pending()?;
    }
    if needflush {
        let b = g.buffer()?;
        if is_plain_buffered(&b) {
            flush_native(&b)?;
        } else {
            crate::ops::attr::call_method(&b, "flush", &[])?;
        }
    }
    if !g.decoded.is_empty() || g.snapshot.is_some() {
        g.reset_decoder()?;
    }
    Ok(())
}

fn m_init(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse(
        "TextIOWrapper",
        &a[1..],
        kw,
        &[
            "buffer",
            "encoding",
            "errors",
            "newline",
            "line_buffering",
            "write_through",
        ],
        1,
    )?;
    let lb = match &p[4] {
        Some(v) => crate::ops::truthy(v)?,
        None => false,
    };
    let wt = match &p[5] {
        Some(v) => crate::ops::truthy(v)?,
        None => false,
    };
    textio_init(
        &a[0],
        p[0].clone().unwrap_or(Value::None),
        str_or_none(&p[1], "encoding")?,
        str_or_none(&p[2], "errors")?,
        str_or_none(&p[3], "newline")?,
        lb,
        wt,
    )?;
    Ok(Value::None)
}

fn with<R>(v: &Value, f: impl FnOnce(&mut TextState) -> PyResult<R>) -> PyResult<R> {
    let t = tio(v)?;
    let mut g = lock(v, t)?;
    f(&mut g)
}

fn buffer_of(v: &Value) -> PyResult<Value> {
    tio(v)?.st.unlocked().buffer()
}

fn delegate(a: &[Value], name: &str) -> PyResult<Value> {
    let b = buffer_of(&a[0])?;
    crate::ops::attr::call_method(&b, name, &[])
}

fn make_textio_type() -> ObjRef {
    let t = io_type("TextIOWrapper", &textiobase_type());
    add_staticmethod(&t, "__new__", |a, _| {
        Ok(new_native(&new_cls(a, &textio_type())?, blank()))
    });
    add_method(&t, "__init__", m_init);
    add_method(&t, "write", |a, _| {
        check_args("write", &a[1..], 1, 1)?;
        let s = crate::types::str::as_pystr(&a[1]).ok_or_else(|| {
            type_error(format!(
                "write() argument must be str, not {}",
                a[1].type_name()
            ))
        })?;
        let n = s.len();
        write_str(&a[0], s.as_str())?;
        Ok(Value::Int(n as i64))
    });
    add_method(&t, "read", |a, kw| {
        let p = crate::args::parse("read", &a[1..], kw, &["size"], 0)?;
        let n = crate::modules::io_mod::opt_size(p[0].as_ref())?;
        with(&a[0], |g| {
            g.check_closed()?;
            g.read(n).map(Value::from)
        })
    });
    add_method(&t, "readline", |a, kw| {
        let p = crate::args::parse("readline", &a[1..], kw, &["size"], 0)?;
        let n = crate::modules::io_mod::opt_size(p[0].as_ref())?;
        with(&a[0], |g| {
            g.check_closed()?;
            g.readline(n).map(Value::from)
        })
    });
    add_method(&t, "__next__", |a, _| {
        with(&a[0], |g| {
            g.check_closed()?;
            g.telling = false;
            let l = g.readline(-1)?;
            if l.is_empty() {
                g.snapshot = None;
                g.telling = g.seekable;
                return Err(stop_iteration(Value::None));
            }
            Ok(Value::from(l))
        })
    });
    add_method(&t, "flush", |a, _| {
        with(&a[0], |g| {
            g.check_closed()?;
            g.telling = g.seekable;
            g.flush_all()?;
            Ok(Value::None)
        })
    });
    add_method(&t, "close", |a, _| {
        let b = buffer_of(&a[0])?;
        if crate::modules::io_mod::is_closed(&b)? {
            return Ok(Value::None);
        }
        let r = crate::ops::attr::call_method(&a[0], "flush", &[]);
        let c = crate::ops::attr::call_method(&b, "close", &[]);
        match (r, c) {
            (Err(e), Err(e2)) => {
                crate::types::exceptions::set_context_from(&e2, Some(&e.value()));
                Err(e2)
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
            _ => Ok(Value::None),
        }
    });
    add_method(&t, "tell", |a, _| with(&a[0], |g| g.tell().map(Value::Int)));
    add_method(&t, "seek", |a, _| {
        check_args("seek", &a[1..], 1, 2)?;
        let whence = match a.get(2) {
            Some(w) => crate::modules::osutil::c_int(w)?,
            None => 0,
        };
        let cookie = a[1].clone();
        with(&a[0], |g| {
            g.check_closed()?;
            if !g.seekable {
                return Err(unsupported("underlying stream is not seekable"));
            }
            let b = g.buffer()?;
            let c = crate::types::int::index_i64(&cookie)?;
            match whence {
                1 => {
                    if c != 0 {
                        return Err(unsupported("can't do nonzero cur-relative seeks"));
                    }
                    let pos = g.tell()?;
                    g.flush_all()?;
                    crate::ops::attr::call_method(&b, "seek", &[Value::Int(pos)])?;
                    g.reset_decoder()?;
                    Ok(Value::Int(pos))
                }
                2 => {
                    if c != 0 {
                        return Err(unsupported("can't do nonzero end-relative seeks"));
                    }
                    g.flush_all()?;
                    g.reset_decoder()?;
                    crate::ops::attr::call_method(&b, "seek", &[Value::Int(0), Value::Int(2)])
                }
                0 => {
                    if c < 0 {
                        return Err(value_error(format!(
                            "negative seek position {}",
                            crate::ops::repr(&cookie)?
                        )));
                    }
                    g.flush_all()?;
                    crate::ops::attr::call_method(&b, "seek", &[Value::Int(c)])?;
                    g.reset_decoder()?;
                    Ok(Value::Int(c))
                }
                w => Err(value_error(format!(
                    "invalid whence ({}, should be 0, 1 or 2)",
                    w
                ))),
            }
        })
    });
    add_method(&t, "truncate", |a, _| {
        check_args("truncate", &a[1..], 0, 1)?;
        let pos = a.get(1).cloned().unwrap_or(Value::None);
        let b = with(&a[0], |g| {
            g.flush_all()?;
            g.buffer()
        })?;
        crate::ops::attr::call_method(&b, "truncate", &[pos])
    });
    add_method(&t, "detach", |a, _| {
        with(&a[0], |g| {
            let b = g.buffer()?;
            g.flush_all()?;
            g.buffer = None;
            g.detached = true;
            Ok(b)
        })
    });
    add_method(&t, "reconfigure", |a, kw| {
        let p = crate::args::parse(
            "reconfigure",
            &a[1..],
            kw,
            &[
                "$encoding",
                "$errors",
                "$newline",
                "$line_buffering",
                "$write_through",
            ],
            0,
        )?;
        let enc = str_or_none(&p[0], "encoding")?;
        let errs = str_or_none(&p[1], "errors")?;
        let nl_given = p[2].is_some();
        let nl = str_or_none(&p[2], "newline")?;
        check_newline(&nl)?;
        with(&a[0], |g| {
            if (enc.is_some() || errs.is_some() || nl_given) && g.dpos < g.decoded.len() {
                return Err(unsupported("It is not possible to set the encoding or newline of stream after the first read"));
            }
            g.flush_all()?;
            if enc.is_some() || errs.is_some() {
                let e = match enc.as_deref() {
                    Some("locale") => crate::modules::locale::preferred_encoding(),
                    Some(e) => e.to_string(),
                    None => crate::ops::to_str(&g.encoding)?,
                };
                let errors = errs.clone().unwrap_or_else(|| {
                    if enc.is_some() {
                        "strict".into()
                    } else {
                        g.errors.clone()
                    }
                });
                g.codec = make_codec(&e, &errors, g.readable, g.writable)?;
                g.encoding = Value::from(e.as_str());
                g.errors = errors;
            }
            if nl_given {
                set_newline(g, nl.as_deref());
            }
            if let Some(v) = &p[3] {
                if !v.is_none() {
                    g.line_buffering = crate::ops::truthy(v)?;
                }
            }
            if let Some(v) = &p[4] {
                if !v.is_none() {
                    g.write_through = crate::ops::truthy(v)?;
                }
            }
            Ok(Value::None)
        })
    });
    add_method(&t, "fileno", |a, _| delegate(a, "fileno"));
    add_method(&t, "isatty", |a, _| delegate(a, "isatty"));
    add_method(&t, "seekable", |a, _| {
        buffer_of(&a[0])?;
        Ok(Value::Bool(tio(&a[0])?.st.unlocked().seekable))
    });
    add_method(&t, "readable", |a, _| delegate(a, "readable"));
    add_method(&t, "writable", |a, _| delegate(a, "writable"));
    add_method(&t, "__repr__", |a, _| Ok(Value::from(repr_of(&a[0])?)));
    add_method(&t, "__getstate__", |a, _| {
        Err(type_error(format!(
            "cannot pickle '{}' instances",
            type_label(&a[0])
        )))
    });
    add_getset(
        &t,
        "encoding",
        |v| Ok(tio(v)?.st.unlocked().encoding.clone()),
        None,
    );
    add_getset(
        &t,
        "errors",
        |v| Ok(Value::from(tio(v)?.st.unlocked().errors.as_str())),
        None,
    );
    add_getset(
        &t,
        "line_buffering",
        |v| Ok(Value::Bool(tio(v)?.st.unlocked().line_buffering)),
        None,
    );
    add_getset(
        &t,
        "write_through",
        |v| Ok(Value::Bool(tio(v)?.st.unlocked().write_through)),
        None,
    );
    add_getset(&t, "buffer", buffer_of, None);
    add_getset(
        &t,
        "closed",
        |v| crate::ops::attr::getattr(&buffer_of(v)?, "closed"),
        None,
    );
    add_getset(
        &t,
        "name",
        |v| crate::ops::attr::getattr(&buffer_of(v)?, "name"),
        None,
    );
    add_getset(
        &t,
        "newlines",
        |v| {
            let s = tio(v)?.st.unlocked();
            match &s.codec {
                Codec::Py { dec: None, .. } => Ok(Value::None),
                _ if !s.readuniversal => Ok(Value::None),
                _ => Ok(newlines_value(s.seen)),
            }
        },
        None,
    );
    add_getset(
        &t,
        "_CHUNK_SIZE",
        |v| Ok(Value::Int(tio(v)?.st.unlocked().chunk_size as i64)),
        Some(|v, n| {
            let n = n.ok_or_else(|| attribute_error("cannot delete attribute"))?;
            let k = crate::types::int::index_i64(&n)?;
            if k <= 0 {
                return Err(value_error("a strictly positive integer is required"));
            }
            tio(v)?.st.unlocked().chunk_size = k as usize;
            Ok(())
        }),
    );
    add_getset(&t, "_finalizing", |_| Ok(Value::Bool(false)), None);
    crate::modules::ndata::finish_type(&t);
    t
}

// ---- IncrementalNewlineDecoder ----------------------------------------------------

pub struct NlDecoder {
    decoder: std::cell::UnsafeCell<Value>,
    translate: std::cell::Cell<bool>,
    pending_cr: std::cell::Cell<bool>,
    seen: std::cell::Cell<u8>,
    ok: std::cell::Cell<bool>,
}
impl NativeData for NlDecoder {}

fn nld(v: &Value) -> PyResult<&NlDecoder> {
    let d = get::<NlDecoder>(v).ok_or_else(|| type_error("expected IncrementalNewlineDecoder"))?;
    if !d.ok.get() {
        return Err(value_error(
            "IncrementalNewlineDecoder.__init__() not called",
        ));
    }
    Ok(d)
}

fn inner(d: &NlDecoder) -> Value {
    // SAFETY: cloned under the GIL.
    unsafe { (*d.decoder.get()).clone() }
}

fn make_nldecoder_type() -> ObjRef {
    let t = io_type("IncrementalNewlineDecoder", &crate::types::types().object);
    add_staticmethod(&t, "__new__", |a, _| {
        let cls = new_cls(a, &nldecoder_type())?;
        Ok(new_native(
            &cls,
            NlDecoder {
                decoder: std::cell::UnsafeCell::new(Value::None),
                translate: std::cell::Cell::new(false),
                pending_cr: std::cell::Cell::new(false),
                seen: std::cell::Cell::new(0),
                ok: std::cell::Cell::new(false),
            },
        ))
    });
    add_method(&t, "__init__", |a, kw| {
        let p = crate::args::parse(
            "IncrementalNewlineDecoder",
            &a[1..],
            kw,
            &["decoder", "translate", "errors"],
            2,
        )?;
        let d = get::<NlDecoder>(&a[0])
            .ok_or_else(|| type_error("expected IncrementalNewlineDecoder"))?;
        unsafe { *d.decoder.get() = p[0].clone().unwrap_or(Value::None) };
        d.translate.set(crate::ops::truthy(
            p[1].as_ref().unwrap_or(&Value::Bool(false)),
        )?);
        d.pending_cr.set(false);
        d.seen.set(0);
        d.ok.set(true);
        Ok(Value::None)
    });
    add_method(&t, "decode", |a, kw| {
        let p = crate::args::parse("decode", &a[1..], kw, &["input", "final"], 1)?;
        let d = nld(&a[0])?;
        let final_ = crate::ops::truthy(p[1].as_ref().unwrap_or(&Value::Bool(false)))?;
        let input = p[0].clone().unwrap_or(Value::None);
        let dec = inner(d);
        let out = if dec.is_none() {
            input
        } else {
            crate::ops::attr::call_method(&dec, "decode", &[input, Value::Bool(final_)])?
        };
        let s = crate::types::str::as_str(&out).ok_or_else(|| {
            type_error(format!(
                "decoder should return a string result, not '{}'",
                out.type_name()
            ))
        })?;
        let d = nld(&a[0])?;
        let (mut pc, mut seen) = (d.pending_cr.get(), d.seen.get());
        let r = process_newlines(s, final_, &mut pc, &mut seen, d.translate.get());
        d.pending_cr.set(pc);
        d.seen.set(seen);
        Ok(Value::from(r))
    });
    add_method(&t, "getstate", |a, _| {
        let d = nld(&a[0])?;
        let dec = inner(d);
        let (buf, mut flag) = if dec.is_none() {
            (crate::types::bytes::new_bytes(Vec::new()), 0i64)
        } else {
            let st = crate::ops::attr::call_method(&dec, "getstate", &[])?;
            let items = crate::types::tuple::as_tuple(&st)
                .filter(|t| t.len() == 2)
                .ok_or_else(|| type_error("illegal decoder state"))?
                .to_vec();
            (items[0].clone(), crate::types::int::index_i64(&items[1])?)
        };
        flag <<= 1;
        if d.pending_cr.get() {
            flag |= 1;
        }
        Ok(crate::types::tuple::new_tuple(vec![buf, Value::Int(flag)]))
    });
    add_method(&t, "setstate", |a, _| {
        check_args("setstate", &a[1..], 1, 1)?;
        let d = nld(&a[0])?;
        let items = crate::types::tuple::as_tuple(&a[1])
            .filter(|t| t.len() == 2)
            .ok_or_else(|| type_error("state argument must be a tuple"))?
            .to_vec();
        let flag = crate::types::int::index_i64(&items[1])?;
        d.pending_cr.set(flag & 1 != 0);
        let dec = inner(d);
        if !dec.is_none() {
            crate::ops::attr::call_method(
                &dec,
                "setstate",
                &[crate::types::tuple::new_tuple(vec![
                    items[0].clone(),
                    Value::Int(flag >> 1),
                ])],
            )?;
        }
        Ok(Value::None)
    });
    add_method(&t, "reset", |a, _| {
        let d = nld(&a[0])?;
        d.seen.set(0);
        d.pending_cr.set(false);
        let dec = inner(d);
        if !dec.is_none() {
            crate::ops::attr::call_method(&dec, "reset", &[])?;
        }
        Ok(Value::None)
    });
    add_getset(
        &t,
        "newlines",
        |v| Ok(newlines_value(nld(v)?.seen.get())),
        None,
    );
    crate::modules::ndata::finish_type(&t);
    t
}
