//! `zlib`: DEFLATE compression (the `flate2` crate with its pure-Rust backend) in the
//! zlib, raw and gzip container formats, plus `crc32`/`adler32`.

use crate::errors::*;
use crate::gil::GilCell;
use crate::modules::ndata::{self, NativeData, PCell};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::add_getset;
use crate::types::typeobj::add_method;
use crate::types::types;
use crate::value::Value;
use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

static ERROR: GilCell<Option<ObjRef>> = GilCell::new(None);

pub fn error_type() -> ObjRef {
    if let Some(e) = ERROR.get() {
        return e.clone();
    }
    let d = crate::types::dict::new_dict();
    crate::types::dict::as_dict(&d)
        .unwrap()
        .set_str("__module__", Value::from("zlib"));
    let bases = crate::types::tuple::new_tuple(vec![Value::Obj(
        crate::types::exceptions::exc().exception.clone(),
    )]);
    let t = crate::ops::call::call(
        &Value::Obj(types().type_.clone()),
        &[Value::from("error"), bases, d],
        None,
    )
    .ok()
    .and_then(|v| v.as_obj().cloned())
    .unwrap_or_else(|| crate::types::exceptions::exc().exception.clone());
    *ERROR.get() = Some(t.clone());
    t
}

fn zerr(msg: impl Into<String>) -> PyErr {
    PyErr::new(&error_type(), msg)
}

// ---------------------------------------------------------------------------
// checksums

static CRC_TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();

fn crc_table() -> &'static [u32; 256] {
    CRC_TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, e) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB88320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *e = c;
        }
        t
    })
}

/// CRC-32 (as zlib's `crc32(value, data)`).
pub fn crc32(data: &[u8], value: u32) -> u32 {
    let t = crc_table();
    let mut c = !value;
    for &b in data {
        c = t[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

pub fn adler32(data: &[u8], value: u32) -> u32 {
    let mut a = value & 0xffff;
    let mut b = value >> 16;
    for chunk in data.chunks(5552) {
        for &x in chunk {
            a += x as u32;
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    (b << 16) | a
}

fn u32_arg(v: Option<&Value>, d: u32) -> PyResult<u32> {
    match v {
        None => Ok(d),
        Some(v) => {
            let b = crate::types::int::to_bigint(&crate::types::int::index_value(v)?)
                .unwrap_or_default();
            let m: num_bigint::BigInt = b & num_bigint::BigInt::from(0xffff_ffffu64);
            Ok(num_traits::ToPrimitive::to_u32(&m).unwrap_or(0))
        }
    }
}

// ---------------------------------------------------------------------------
// formats

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Zlib,
    Raw,
    Gzip,
    Auto,
}

fn format_of(wbits: i64, decompress: bool) -> PyResult<Format> {
    Ok(match wbits {
        0 if decompress => Format::Zlib,
        8..=15 => Format::Zlib,
        -15..=-8 => Format::Raw,
        24..=31 => Format::Gzip,
        40..=47 if decompress => Format::Auto,
        _ => {
            return Err(if decompress {
                value_error("Invalid initialization option")
            } else {
                value_error("Invalid initialization option")
            })
        }
    })
}

fn gzip_header() -> Vec<u8> {
    vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]
}

/// Length of a complete gzip header at the start of `d`, None if incomplete,
/// Err if it is not a gzip header.
fn parse_gzip_header(d: &[u8]) -> PyResult<Option<usize>> {
    if d.len() < 10 {
        if d.len() >= 2 && (d[0] != 0x1f || d[1] != 0x8b) {
            return Err(zerr(
                "Error -3 while decompressing data: incorrect header check",
            ));
        }
        return Ok(None);
    }
    if d[0] != 0x1f || d[1] != 0x8b {
        return Err(zerr(
            "Error -3 while decompressing data: incorrect header check",
        ));
    }
    if d[2] != 8 {
        return Err(zerr(
            "Error -3 while decompressing data: unknown compression method",
        ));
    }
    let flg = d[3];
    let mut p = 10;
    if flg & 4 != 0 {
        if d.len() < p + 2 {
            return Ok(None);
        }
        let xlen = u16::from_le_bytes([d[p], d[p + 1]]) as usize;
        p += 2 + xlen;
    }
    for bit in [8u8, 16] {
        if flg & bit != 0 {
            loop {
                if p >= d.len() {
                    return Ok(None);
                }
                p += 1;
                if d[p - 1] == 0 {
                    break;
                }
            }
        }
    }
    if flg & 2 != 0 {
        p += 2;
    }
    if p > d.len() {
        return Ok(None);
    }
    Ok(Some(p))
}

// ---------------------------------------------------------------------------
// one-shot functions

fn level_of(level: i64) -> PyResult<Compression> {
    match level {
        -1 => Ok(Compression::new(6)),
        0..=9 => Ok(Compression::new(level as u32)),
        _ => Err(zerr("Bad compression level")),
    }
}

fn deflate_all(data: &[u8], level: Compression, zlib_header: bool) -> PyResult<Vec<u8>> {
    let mut c = Compress::new(level, zlib_header);
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        if out.capacity() - out.len() < 1024 {
            out.reserve(out.capacity().max(1024));
        }
        let before = c.total_in() as usize;
        let st = c
            .compress_vec(
                &data[before.min(data.len())..],
                &mut out,
                FlushCompress::Finish,
            )
            .map_err(|e| zerr(format!("Error -2 while compressing data: {}", e)))?;
        if st == Status::StreamEnd {
            break;
        }
    }
    Ok(out)
}

fn compress_fn(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("compress", a, kw, &["", "level", "wbits"], 1)?;
    let data = ndata::need_buffer(p[0].as_ref().unwrap())?;
    let level = level_of(match &p[1] {
        Some(v) => crate::types::int::index_i64(v)?,
        None => -1,
    })?;
    let wbits = match &p[2] {
        Some(v) => crate::types::int::index_i64(v)?,
        None => 15,
    };
    let out = match format_of(wbits, false)? {
        Format::Zlib => deflate_all(&data, level, true)?,
        Format::Raw => deflate_all(&data, level, false)?,
        _ => {
            let mut o = gzip_header();
            o.extend(deflate_all(&data, level, false)?);
            o.extend_from_slice(&crc32(&data, 0).to_le_bytes());
            o.extend_from_slice(&(data.len() as u32).to_le_bytes());
            o
        }
    };
    Ok(crate::types::bytes::new_bytes(out))
}

/// A streaming inflater over the three container formats. Input not yet processed
/// (a partial gzip header or trailer, or input held back by an output limit) stays
/// in `buf`.
struct Inflater {
    format: Format,
    d: Option<Decompress>,
    buf: Vec<u8>,
    /// 0 header, 1 body, 2 gzip trailer, 3 done
    phase: u8,
    crc: u32,
    size: u32,
    /// the last feed stopped because of the output limit
    limited: bool,
}

impl Inflater {
    fn new(format: Format) -> Inflater {
        Inflater {
            format,
            d: None,
            buf: Vec::new(),
            phase: 0,
            crc: 0,
            size: 0,
            limited: false,
        }
    }
    fn eof(&self) -> bool {
        self.phase == 3
    }
    fn feed(&mut self, input: &[u8], max_out: usize) -> PyResult<Vec<u8>> {
        self.buf.extend_from_slice(input);
        self.limited = false;
        let mut out = Vec::new();
        loop {
            match self.phase {
                0 => match self.format {
                    Format::Zlib => {
                        if self.buf.len() < 2 {
                            return Ok(out);
                        }
                        let (cmf, flg) = (self.buf[0] as u32, self.buf[1] as u32);
                        if (cmf * 256 + flg) % 31 != 0 {
                            return Err(zerr(
                                "Error -3 while decompressing data: incorrect header check",
                            ));
                        }
                        if cmf & 0x0f != 8 {
                            return Err(zerr(
                                "Error -3 while decompressing data: unknown compression method",
                            ));
                        }
                        if (cmf >> 4) + 8 > 15 {
                            return Err(zerr(
                                "Error -3 while decompressing data: invalid window size",
                            ));
                        }
                        self.d = Some(Decompress::new(true));
                        self.phase = 1;
                    }
                    Format::Raw => {
                        self.d = Some(Decompress::new(false));
                        self.phase = 1;
                    }
                    Format::Auto => {
                        if self.buf.len() < 2 {
                            return Ok(out);
                        }
                        if self.buf[0] == 0x1f && self.buf[1] == 0x8b {
                            self.format = Format::Gzip;
                        } else {
                            self.format = Format::Zlib;
                        }
                    }
                    Format::Gzip => match parse_gzip_header(&self.buf)? {
                        None => return Ok(out),
                        Some(n) => {
                            self.buf.drain(..n);
                            self.d = Some(Decompress::new(false));
                            self.phase = 1;
                        }
                    },
                },
                1 => {
                    let Some(d) = self.d.as_mut() else {
                        return Ok(out);
                    };
                    let room = if max_out > 0 {
                        max_out - out.len()
                    } else {
                        256 * 1024
                    };
                    if room == 0 {
                        self.limited = true;
                        return Ok(out);
                    }
                    let mut chunk = Vec::with_capacity(room);
                    let in_before = d.total_in();
                    let st = d
                        .decompress_vec(&self.buf, &mut chunk, FlushDecompress::None)
                        .map_err(|e| {
                            let m = e.to_string();
                            let m = if m.contains("header") {
                                "incorrect header check".to_string()
                            } else if m.contains("checksum") || m.contains("adler") {
                                "incorrect data check".to_string()
                            } else {
                                "invalid stored block lengths".to_string()
                            };
                            zerr(format!("Error -3 while decompressing data: {}", m))
                        })?;
                    let used = (d.total_in() - in_before) as usize;
                    self.buf.drain(..used.min(self.buf.len()));
                    if self.format == Format::Gzip {
                        self.crc = crc32(&chunk, self.crc);
                        self.size = self.size.wrapping_add(chunk.len() as u32);
                    }
                    let produced = chunk.len();
                    out.extend(chunk);
                    if st == Status::StreamEnd {
                        self.phase = if self.format == Format::Gzip { 2 } else { 3 };
                        continue;
                    }
                    if used == 0 && produced == 0 {
                        return Ok(out);
                    }
                    if max_out > 0 && out.len() >= max_out {
                        self.limited = true;
                        return Ok(out);
                    }
                }
                2 => {
                    if self.buf.len() < 8 {
                        return Ok(out);
                    }
                    let t: Vec<u8> = self.buf.drain(..8).collect();
                    let crc = u32::from_le_bytes([t[0], t[1], t[2], t[3]]);
                    let size = u32::from_le_bytes([t[4], t[5], t[6], t[7]]);
                    if crc != self.crc {
                        return Err(zerr(
                            "Error -3 while decompressing data: incorrect data check",
                        ));
                    }
                    if size != self.size {
                        return Err(zerr(
                            "Error -3 while decompressing data: incorrect length check",
                        ));
                    }
                    self.phase = 3;
                }
                _ => return Ok(out),
            }
        }
    }
}

fn decompress_fn(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("decompress", a, kw, &["", "wbits", "bufsize"], 1)?;
    let data = ndata::need_buffer(p[0].as_ref().unwrap())?;
    let wbits = match &p[1] {
        Some(v) => crate::types::int::index_i64(v)?,
        None => 15,
    };
    if let Some(b) = &p[2] {
        if crate::types::int::index_i64(b)? < 0 {
            return Err(value_error("bufsize must be non-negative"));
        }
    }
    let mut inf = Inflater::new(format_of(wbits, true)?);
    let out = inf.feed(&data, 0)?;
    if !inf.eof() {
        return Err(zerr(
            "Error -5 while decompressing data: incomplete or truncated stream",
        ));
    }
    Ok(crate::types::bytes::new_bytes(out))
}

// ---------------------------------------------------------------------------
// compression objects

struct CompObj {
    c: PCell<Option<Compress>>,
    gzip: bool,
    header_done: PCell<bool>,
    crc: PCell<u32>,
    size: PCell<u32>,
    finished: PCell<bool>,
}
impl NativeData for CompObj {}

fn run_compress(co: &CompObj, data: &[u8], flush: FlushCompress) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    if co.gzip && !*co.header_done.get() {
        out.extend(gzip_header());
        *co.header_done.get() = true;
    }
    if co.gzip {
        *co.crc.get() = crc32(data, *co.crc.get());
        *co.size.get() = co.size.get().wrapping_add(data.len() as u32);
    }
    let Some(c) = co.c.get().as_mut() else {
        return Err(zerr(
            "Error -2 while compressing data: inconsistent stream state",
        ));
    };
    let start = c.total_in();
    loop {
        out.reserve(64 * 1024);
        let done = (c.total_in() - start) as usize;
        let st = c
            .compress_vec(&data[done.min(data.len())..], &mut out, flush)
            .map_err(|e| zerr(format!("Error -2 while compressing data: {}", e)))?;
        let done = (c.total_in() - start) as usize;
        if st == Status::StreamEnd {
            break;
        }
        if done >= data.len() && out.len() < out.capacity() {
            break;
        }
    }
    if matches!(flush, FlushCompress::Finish) && co.gzip {
        out.extend_from_slice(&co.crc.get().to_le_bytes());
        out.extend_from_slice(&co.size.get().to_le_bytes());
    }
    Ok(out)
}

crate::native_type!(compobj_type, || {
    let t = ndata::new_type("Compress", "zlib", None, false);
    add_method(&t, "compress", |a, kw| {
        let d = crate::types::margs::one("compress", a, kw)?;
        let data = ndata::need_buffer(d)?;
        let co = ndata::this::<CompObj>(ndata::arg(a, 0)?, "zlib.Compress")?;
        Ok(crate::types::bytes::new_bytes(run_compress(
            co,
            &data,
            FlushCompress::None,
        )?))
    });
    add_method(&t, "flush", |a, kw| {
        let p = crate::types::margs::range("flush", "flush", a, kw, 0, 1)?;
        let mode = match p.first() {
            Some(v) => crate::types::int::index_i64(v)?,
            None => 4,
        };
        let co = ndata::this::<CompObj>(ndata::arg(a, 0)?, "zlib.Compress")?;
        let f = match mode {
            0 => return Ok(crate::types::bytes::new_bytes(vec![])),
            1 => FlushCompress::Partial,
            2 => FlushCompress::Sync,
            3 => FlushCompress::Full,
            _ => FlushCompress::Finish,
        };
        if *co.finished.get() {
            return Ok(crate::types::bytes::new_bytes(vec![]));
        }
        let out = run_compress(co, &[], f)?;
        if matches!(f, FlushCompress::Finish) {
            *co.finished.get() = true;
        }
        Ok(crate::types::bytes::new_bytes(out))
    });
    add_method(&t, "copy", |_a, _| {
        Err(zerr("copy() is not supported for compression objects"))
    });
    ndata::finish_type(&t);
    t
});

fn compressobj(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse(
        "compressobj",
        a,
        kw,
        &["level", "method", "wbits", "memLevel", "strategy", "zdict"],
        0,
    )?;
    let int = |i: usize, d: i64| -> PyResult<i64> {
        match &p[i] {
            Some(v) => crate::types::int::index_i64(v),
            None => Ok(d),
        }
    };
    let level = level_of(int(0, -1)?)?;
    if int(1, 8)? != 8 {
        return Err(value_error("Invalid initialization option"));
    }
    let fmt = format_of(int(2, 15)?, false)?;
    let ml = int(3, 8)?;
    if !(1..=9).contains(&ml) {
        return Err(value_error("Invalid initialization option"));
    }
    if p[5].is_some() {
        return Err(zerr("compression dictionaries (zdict) are not supported"));
    }
    let c = Compress::new(level, fmt == Format::Zlib);
    Ok(ndata::new_native(
        &compobj_type(),
        CompObj {
            c: PCell::new(Some(c)),
            gzip: fmt == Format::Gzip,
            header_done: PCell::new(false),
            crc: PCell::new(0),
            size: PCell::new(0),
            finished: PCell::new(false),
        },
    ))
}

struct DecompObj {
    inf: PCell<Inflater>,
    unused_data: PCell<Vec<u8>>,
    unconsumed_tail: PCell<Vec<u8>>,
}
impl NativeData for DecompObj {}

fn dobj(v: &Value) -> PyResult<&DecompObj> {
    ndata::this::<DecompObj>(v, "zlib.Decompress")
}

crate::native_type!(decompobj_type, || {
    let t = ndata::new_type("Decompress", "zlib", None, false);
    add_method(&t, "decompress", |a, kw| {
        let p = crate::args::parse("decompress", &a[1..], kw, &["", "max_length"], 1)?;
        let data = ndata::need_buffer(p[0].as_ref().unwrap())?;
        let max = match &p[1] {
            Some(v) => crate::types::int::index_i64(v)?,
            None => 0,
        };
        if max < 0 {
            return Err(value_error("max_length must be non-negative"));
        }
        let d = dobj(ndata::arg(a, 0)?)?;
        let inf = d.inf.get();
        let out = if inf.eof() {
            d.unused_data.get().extend_from_slice(&data);
            vec![]
        } else {
            inf.feed(&data, max as usize)?
        };
        if inf.eof() {
            let rest = std::mem::take(&mut inf.buf);
            d.unused_data.get().extend_from_slice(&rest);
            d.unconsumed_tail.get().clear();
        } else if inf.limited {
            *d.unconsumed_tail.get() = std::mem::take(&mut inf.buf);
        } else {
            d.unconsumed_tail.get().clear();
        }
        Ok(crate::types::bytes::new_bytes(out))
    });
    add_method(&t, "flush", |a, kw| {
        let _ = crate::types::margs::range("flush", "flush", a, kw, 0, 1)?;
        let d = dobj(ndata::arg(a, 0)?)?;
        let tail = d.unconsumed_tail.take();
        let inf = d.inf.get();
        if inf.eof() {
            d.unused_data.get().extend_from_slice(&tail);
            return Ok(crate::types::bytes::new_bytes(vec![]));
        }
        let out = inf.feed(&tail, 0)?;
        if inf.eof() {
            let rest = std::mem::take(&mut inf.buf);
            d.unused_data.get().extend_from_slice(&rest);
        }
        Ok(crate::types::bytes::new_bytes(out))
    });
    add_method(&t, "copy", |_a, _| {
        Err(zerr("copy() is not supported for decompression objects"))
    });
    add_getset(
        &t,
        "unused_data",
        |v| {
            Ok(crate::types::bytes::new_bytes(
                dobj(v)?.unused_data.cloned(),
            ))
        },
        None,
    );
    add_getset(
        &t,
        "unconsumed_tail",
        |v| {
            Ok(crate::types::bytes::new_bytes(
                dobj(v)?.unconsumed_tail.cloned(),
            ))
        },
        None,
    );
    add_getset(
        &t,
        "eof",
        |v| Ok(Value::Bool(dobj(v)?.inf.get().eof())),
        None,
    );
    ndata::finish_type(&t);
    t
});

fn decompressobj(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("decompressobj", a, kw, &["wbits", "zdict"], 0)?;
    let wbits = match &p[0] {
        Some(v) => crate::types::int::index_i64(v)?,
        None => 15,
    };
    if let Some(z) = &p[1] {
        if ndata::buffer_bytes(z).map_or(true, |b| !b.is_empty()) {
            return Err(zerr("decompression dictionaries (zdict) are not supported"));
        }
    }
    Ok(ndata::new_native(
        &decompobj_type(),
        DecompObj {
            inf: PCell::new(Inflater::new(format_of(wbits, true)?)),
            unused_data: PCell::new(vec![]),
            unconsumed_tail: PCell::new(vec![]),
        },
    ))
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "error", Value::Obj(error_type()));
    for (n, v) in [
        ("MAX_WBITS", 15),
        ("DEFLATED", 8),
        ("DEF_MEM_LEVEL", 8),
        ("DEF_BUF_SIZE", 16384),
        ("Z_NO_COMPRESSION", 0),
        ("Z_BEST_SPEED", 1),
        ("Z_BEST_COMPRESSION", 9),
        ("Z_DEFAULT_COMPRESSION", -1),
        ("Z_FILTERED", 1),
        ("Z_HUFFMAN_ONLY", 2),
        ("Z_RLE", 3),
        ("Z_FIXED", 4),
        ("Z_DEFAULT_STRATEGY", 0),
        ("Z_NO_FLUSH", 0),
        ("Z_PARTIAL_FLUSH", 1),
        ("Z_SYNC_FLUSH", 2),
        ("Z_FULL_FLUSH", 3),
        ("Z_FINISH", 4),
        ("Z_BLOCK", 5),
        ("Z_TREES", 6),
    ] {
        set_attr(m, n, Value::Int(v));
    }
    set_attr(m, "ZLIB_VERSION", Value::from("1.2.13"));
    set_attr(m, "ZLIB_RUNTIME_VERSION", Value::from("1.2.13"));
    add_function(m, "compress", compress_fn);
    add_function(m, "decompress", decompress_fn);
    add_function(m, "compressobj", compressobj);
    add_function(m, "decompressobj", decompressobj);
    add_function(m, "crc32", |a, kw| {
        let p = crate::args::parse("crc32", a, kw, &["", ""], 1)?;
        let data = ndata::need_buffer(p[0].as_ref().unwrap())?;
        Ok(Value::Int(crc32(&data, u32_arg(p[1].as_ref(), 0)?) as i64))
    });
    add_function(m, "adler32", |a, kw| {
        let p = crate::args::parse("adler32", a, kw, &["", ""], 1)?;
        let data = ndata::need_buffer(p[0].as_ref().unwrap())?;
        Ok(Value::Int(adler32(&data, u32_arg(p[1].as_ref(), 1)?) as i64))
    });
    Ok(())
}
