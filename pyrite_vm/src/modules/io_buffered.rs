//! `_io.BufferedReader`, `BufferedWriter`, `BufferedRandom` (one implementation, three
//! types) and `BufferedRWPair`.
//!
//! The state is behind an object lock (`osutil::Locked`): calls into the raw stream
//! may run Python code or release the GIL; a second thread waits, the same thread
//! re-entering gets `RuntimeError("reentrant call inside ...")`, as in CPython.

use crate::errors::*;
use crate::modules::io_file::{fio, is_plain_fileio};
use crate::modules::io_mod::{
    buffer_len, bufferediobase_type, copy_into, io_type, unsupported, DEFAULT_BUFFER_SIZE,
};
use crate::modules::ndata::{get, new_cls, new_native, NativeData};
use crate::modules::osutil::{Guard, Locked};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::value::Value;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Reader,
    Writer,
    Random,
}

pub struct BufState {
    raw: Option<Value>,
    ok: bool,
    detached: bool,
    size: usize,
    rbuf: Vec<u8>,
    rpos: usize,
    wbuf: Vec<u8>,
}

pub struct Buffered {
    pub kind: Kind,
    st: Locked<BufState>,
}

impl NativeData for Buffered {}

crate::native_type!(reader_type, || make_type(Kind::Reader));
crate::native_type!(writer_type, || make_type(Kind::Writer));
crate::native_type!(random_type, || make_type(Kind::Random));
crate::native_type!(rwpair_type, make_rwpair_type);

fn blank(kind: Kind) -> Buffered {
    Buffered {
        kind,
        st: Locked::new(BufState {
            raw: None,
            ok: false,
            detached: false,
            size: DEFAULT_BUFFER_SIZE,
            rbuf: Vec::new(),
            rpos: 0,
            wbuf: Vec::new(),
        }),
    }
}

pub fn buf(v: &Value) -> PyResult<&Buffered> {
    get::<Buffered>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a buffered object but received '{}'",
            v.type_name()
        ))
    })
}

fn type_label(v: &Value) -> String {
    let c = v.class();
    for (t, n) in [
        (reader_type(), "_io.BufferedReader"),
        (writer_type(), "_io.BufferedWriter"),
        (random_type(), "_io.BufferedRandom"),
    ] {
        if c.is(&t) {
            return n.into();
        }
    }
    crate::types::typeobj::type_name(&c)
}

fn repr_of(v: &Value) -> PyResult<String> {
    let label = type_label(v);
    match crate::ops::attr::getattr(v, "name") {
        Ok(n) => Ok(format!("<{} name={}>", label, crate::ops::repr(&n)?)),
        Err(e)
            if e.matches(&crate::types::exceptions::exc().attribute_error)
                || e.matches(&crate::types::exceptions::exc().value_error) =>
        {
            Ok(format!("<{}>", label))
        }
        Err(e) => Err(e),
    }
}

/// Take the object lock of a buffered object.
fn lock<'a>(this: &'a Value, b: &'a Buffered) -> PyResult<Guard<'a, BufState>> {
    b.st.lock(&|| repr_of(this).unwrap_or_else(|_| type_label(this)))
}

// ---- raw stream calls -------------------------------------------------------

fn raw_read(raw: &Value, n: usize) -> PyResult<Option<Vec<u8>>> {
    if is_plain_fileio(raw) {
        return fio(raw)?.read_n(n);
    }
    let ba = crate::types::bytes::new_bytearray(crate::modules::osutil::zeroed(n)?);
    let r = crate::ops::attr::call_method(raw, "readinto", &[ba.clone()])?;
    if r.is_none() {
        return Ok(None);
    }
    let k = crate::types::int::index_i64(&r)?;
    if k < 0 || k as usize > n {
        return Err(PyErr::new(
            &crate::types::exceptions::exc().os_error,
            format!(
                "raw readinto() returned invalid length {} (should have been between 0 and {})",
                k, n
            ),
        ));
    }
    let mut d = crate::types::bytes::as_bytes_like(&ba).unwrap_or_default();
    d.truncate(k as usize);
    Ok(Some(d))
}

fn raw_readall(raw: &Value) -> PyResult<Option<Vec<u8>>> {
    if is_plain_fileio(raw) {
        return fio(raw)?.read_all();
    }
    if crate::ops::attr::getattr_opt(raw, "readall")?.is_some() {
        let r = crate::ops::attr::call_method(raw, "readall", &[])?;
        if r.is_none() {
            return Ok(None);
        }
        return crate::types::bytes::as_bytes_like(&r)
            .map(Some)
            .ok_or_else(|| type_error("readall() should return bytes"));
    }
    let mut out = Vec::new();
    loop {
        match raw_read(raw, DEFAULT_BUFFER_SIZE)? {
            None => {
                if out.is_empty() {
                    return Ok(None);
                }
                break;
            }
            Some(d) if d.is_empty() => break,
            Some(d) => out.extend_from_slice(&d),
        }
    }
    Ok(Some(out))
}

fn raw_write(raw: &Value, data: &[u8]) -> PyResult<Option<usize>> {
    if is_plain_fileio(raw) {
        return fio(raw)?.write(data);
    }
    let r = crate::ops::attr::call_method(
        raw,
        "write",
        &[crate::types::bytes::new_bytes(data.to_vec())],
    )?;
    if r.is_none() {
        return Ok(None);
    }
    let n = crate::types::int::index_i64(&r)?;
    if n < 0 || n as usize > data.len() {
        return Err(PyErr::new(
            &crate::types::exceptions::exc().os_error,
            format!(
                "raw write() returned invalid length {} (should have been between 0 and {})",
                n,
                data.len()
            ),
        ));
    }
    Ok(Some(n as usize))
}

fn raw_seek(raw: &Value, pos: i64, whence: i32) -> PyResult<i64> {
    let n = if is_plain_fileio(raw) {
        fio(raw)?.seek(pos, whence)?
    } else {
        let r = crate::ops::attr::call_method(
            raw,
            "seek",
            &[Value::Int(pos), Value::Int(whence as i64)],
        )?;
        crate::types::int::index_i64(&r)?
    };
    if n < 0 {
        return Err(PyErr::new(
            &crate::types::exceptions::exc().os_error,
            format!("Raw stream returned invalid position {}", n),
        ));
    }
    Ok(n)
}

fn raw_closed(raw: &Value) -> PyResult<bool> {
    if is_plain_fileio(raw) {
        return Ok(fio(raw)?.fd() < 0);
    }
    crate::modules::io_mod::is_closed(raw)
}

fn raw_call(raw: &Value, name: &str) -> PyResult<Value> {
    crate::ops::attr::call_method(raw, name, &[])
}

// ---- the state machine -------------------------------------------------------

impl BufState {
    fn raw(&self) -> PyResult<Value> {
        if self.detached {
            return Err(value_error("raw stream has been detached"));
        }
        match (&self.raw, self.ok) {
            (Some(r), true) => Ok(r.clone()),
            _ => Err(value_error("I/O operation on uninitialized object")),
        }
    }
    fn unread(&self) -> usize {
        self.rbuf.len() - self.rpos
    }
    fn take(&mut self, n: usize) -> Vec<u8> {
        let n = n.min(self.unread());
        let out = self.rbuf[self.rpos..self.rpos + n].to_vec();
        self.rpos += n;
        if self.rpos == self.rbuf.len() {
            self.rbuf.clear();
            self.rpos = 0;
        }
        out
    }
    fn flush_writes(&mut self) -> PyResult<()> {
        if self.wbuf.is_empty() {
            return Ok(());
        }
        let raw = self.raw()?;
        while !self.wbuf.is_empty() {
            match raw_write(&raw, &self.wbuf)? {
                Some(n) => {
                    self.wbuf.drain(..n);
                }
                None => {
                    return Err(PyErr::with_args(
                        &crate::types::exceptions::exc().blocking_io_error,
                        vec![
                            Value::Int(libc::EAGAIN as i64),
                            Value::from("write could not complete without blocking"),
                            Value::Int(0),
                        ],
                    ))
                }
            }
        }
        Ok(())
    }
    /// Give back read-ahead to the raw stream (before writing or seeking it).
    fn rewind(&mut self) -> PyResult<()> {
        let unread = self.unread();
        self.rbuf.clear();
        self.rpos = 0;
        if unread > 0 {
            let raw = self.raw()?;
            raw_seek(&raw, -(unread as i64), 1)?;
        }
        Ok(())
    }
    /// Read one chunk into the buffer: Some(bytes added) / None (would block).
    fn fill(&mut self) -> PyResult<Option<usize>> {
        if self.rpos > 0 {
            self.rbuf.drain(..self.rpos);
            self.rpos = 0;
        }
        let raw = self.raw()?;
        match raw_read(&raw, self.size)? {
            None => Ok(None),
            Some(d) => {
                self.rbuf.extend_from_slice(&d);
                Ok(Some(d.len()))
            }
        }
    }
    fn read(&mut self, n: i64) -> PyResult<Option<Vec<u8>>> {
        self.flush_writes()?;
        if n < 0 {
            let mut out = self.take(self.unread());
            let raw = self.raw()?;
            match raw_readall(&raw)? {
                Some(d) => out.extend_from_slice(&d),
                None if out.is_empty() => return Ok(None),
                None => {}
            }
            return Ok(Some(out));
        }
        let n = n as usize;
        if n <= self.unread() {
            return Ok(Some(self.take(n)));
        }
        let mut out = self.take(self.unread());
        let raw = self.raw()?;
        while out.len() < n {
            let remaining = n - out.len();
            if remaining >= self.size {
                let want = remaining - remaining % self.size;
                match raw_read(&raw, want)? {
                    None => {
                        if out.is_empty() {
                            return Ok(None);
                        }
                        break;
                    }
                    Some(d) if d.is_empty() => break,
                    Some(d) => out.extend_from_slice(&d),
                }
            } else {
                match self.fill()? {
                    None => {
                        if out.is_empty() {
                            return Ok(None);
                        }
                        break;
                    }
                    Some(0) => break,
                    Some(_) => {
                        let t = self.take(remaining);
                        out.extend_from_slice(&t);
                    }
                }
            }
        }
        Ok(Some(out))
    }
    fn read1(&mut self, n: i64) -> PyResult<Vec<u8>> {
        let n = if n < 0 { self.size } else { n as usize };
        if n == 0 {
            return Ok(Vec::new());
        }
        if self.unread() > 0 {
            return Ok(self.take(n));
        }
        self.flush_writes()?;
        if n > self.size {
            let raw = self.raw()?;
            return Ok(raw_read(&raw, n)?.unwrap_or_default());
        }
        self.fill()?;
        Ok(self.take(n))
    }
    fn peek(&mut self) -> PyResult<Vec<u8>> {
        if self.unread() == 0 {
            self.flush_writes()?;
            self.fill()?;
        }
        Ok(self.rbuf[self.rpos..].to_vec())
    }
    fn readline(&mut self, limit: i64) -> PyResult<Vec<u8>> {
        self.flush_writes()?;
        let mut out = Vec::new();
        loop {
            let avail = &self.rbuf[self.rpos..];
            let room = if limit < 0 {
                usize::MAX
            } else {
                limit as usize - out.len()
            };
            let scan = avail.len().min(room);
            if let Some(i) = avail[..scan].iter().position(|&c| c == b'\n') {
                let t = self.take(i + 1);
                out.extend_from_slice(&t);
                return Ok(out);
            }
            let t = self.take(scan);
            out.extend_from_slice(&t);
            if limit >= 0 && out.len() >= limit as usize {
                return Ok(out);
            }
            match self.fill()? {
                None | Some(0) => return Ok(out),
                Some(_) => {}
            }
        }
    }
    fn write(&mut self, data: &[u8], kind: Kind) -> PyResult<usize> {
        if kind == Kind::Random && self.unread() > 0 {
            self.rewind()?;
        }
        self.wbuf.extend_from_slice(data);
        if self.wbuf.len() >= self.size {
            self.flush_writes()?;
        }
        Ok(data.len())
    }
    fn tell(&mut self) -> PyResult<i64> {
        let raw = self.raw()?;
        let pos = if is_plain_fileio(&raw) {
            fio(&raw)?.seek(0, 1)?
        } else {
            crate::types::int::index_i64(&raw_call(&raw, "tell")?)?
        };
        if pos < 0 {
            return Err(PyErr::new(
                &crate::types::exceptions::exc().os_error,
                format!("Raw stream returned invalid position {}", pos),
            ));
        }
        Ok((pos - self.unread() as i64 + self.wbuf.len() as i64).max(0))
    }
    fn seek(&mut self, pos: i64, whence: i32) -> PyResult<i64> {
        let raw = self.raw()?;
        if whence != 2 && self.wbuf.is_empty() && self.unread() > 0 {
            // inside the read buffer?
            let rawpos = if is_plain_fileio(&raw) {
                fio(&raw)?.seek(0, 1)?
            } else {
                crate::types::int::index_i64(&raw_call(&raw, "tell")?)?
            };
            let start = rawpos - self.rbuf.len() as i64;
            let cur = rawpos - self.unread() as i64;
            let target = if whence == 1 { cur + pos } else { pos };
            if target >= start && target <= rawpos {
                self.rpos = (target - start) as usize;
                return Ok(target);
            }
        }
        self.flush_writes()?;
        let mut pos = pos;
        if whence == 1 {
            pos -= self.unread() as i64;
        }
        self.rbuf.clear();
        self.rpos = 0;
        raw_seek(&raw, pos, whence)
    }
}

// ---- constructor and methods -------------------------------------------------

fn check_ability(raw: &Value, what: &str, msg: &str) -> PyResult<()> {
    let r = raw_call(raw, what)?;
    if !crate::ops::truthy(&r)? {
        return Err(unsupported(msg));
    }
    Ok(())
}

fn buffered_init(this: &Value, raw: Value, size: i64) -> PyResult<()> {
    let b = buf(this)?;
    match b.kind {
        Kind::Reader => check_ability(&raw, "readable", "File or stream is not readable.")?,
        Kind::Writer => check_ability(&raw, "writable", "File or stream is not writable.")?,
        Kind::Random => {
            check_ability(&raw, "seekable", "File or stream is not seekable.")?;
            check_ability(&raw, "readable", "File or stream is not readable.")?;
            check_ability(&raw, "writable", "File or stream is not writable.")?;
        }
    }
    if size <= 0 {
        return Err(value_error("buffer size must be strictly positive"));
    }
    let mut g = lock(this, b)?;
    g.raw = Some(raw);
    g.ok = true;
    g.detached = false;
    g.size = size as usize;
    g.rbuf.clear();
    g.rpos = 0;
    g.wbuf.clear();
    Ok(())
}

/// A new exact Buffered* object over `raw` (what `open()` uses).
pub fn new_buffered(kind: Kind, raw: Value, size: usize) -> PyResult<Value> {
    let t = match kind {
        Kind::Reader => reader_type(),
        Kind::Writer => writer_type(),
        Kind::Random => random_type(),
    };
    let v = new_native(&t, blank(kind));
    buffered_init(&v, raw, size as i64)?;
    Ok(v)
}

/// Whether `v` is exactly one of the native buffered types.
pub fn is_plain_buffered(v: &Value) -> bool {
    let c = v.class_ref();
    c.is(&reader_type()) || c.is(&writer_type()) || c.is(&random_type())
}

fn closed_msg(this: &Value, g: &BufState, msg: &str) -> PyResult<()> {
    let raw = g.raw()?;
    let _ = this;
    if raw_closed(&raw)? {
        return Err(value_error(msg));
    }
    Ok(())
}

/// `buffer.write(data)` for a plain buffered writer (the text layer's fast path).
pub fn write_native(this: &Value, data: &[u8]) -> PyResult<usize> {
    let b = buf(this)?;
    if b.kind == Kind::Reader {
        return Err(unsupported("write"));
    }
    let mut g = lock(this, b)?;
    closed_msg(this, &g, "write to closed file")?;
    g.write(data, b.kind)
}

/// `buffer.flush()` for a plain buffered object.
pub fn flush_native(this: &Value) -> PyResult<()> {
    let b = buf(this)?;
    let mut g = lock(this, b)?;
    closed_msg(
        this,
        &g,
        if b.kind == Kind::Reader {
            "I/O operation on closed file."
        } else {
            "flush of closed file"
        },
    )?;
    g.flush_writes()?;
    if b.kind == Kind::Random {
        g.rewind()?;
    }
    Ok(())
}

/// `buffer.read1(n)` / `read(n)` for a plain buffered reader (the text layer's fast path).
pub fn read_native(this: &Value, n: i64, one: bool) -> PyResult<Option<Vec<u8>>> {
    let b = buf(this)?;
    if b.kind == Kind::Writer {
        return Err(unsupported(if one { "read1" } else { "read" }));
    }
    let mut g = lock(this, b)?;
    closed_msg(this, &g, "read of closed file")?;
    if one {
        return g.read1(n).map(Some);
    }
    g.read(n)
}

fn bytes_or_none(r: Option<Vec<u8>>) -> Value {
    r.map(crate::types::bytes::new_bytes).unwrap_or(Value::None)
}

fn m_read(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("read", &a[1..], kw, &["size"], 0)?;
    let n = crate::modules::io_mod::opt_size(p[0].as_ref())?;
    if n < -1 {
        return Err(value_error("read length must be non-negative or -1"));
    }
    Ok(bytes_or_none(read_native(&a[0], n, false)?))
}

fn m_read1(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("read1", &a[1..], kw, &["size"], 0)?;
    let n = crate::modules::io_mod::opt_size(p[0].as_ref())?;
    Ok(bytes_or_none(read_native(&a[0], n, true)?))
}

fn m_readinto(a: &[Value], one: bool) -> PyResult<Value> {
    check_args(if one { "readinto1" } else { "readinto" }, &a[1..], 1, 1)?;
    let n = buffer_len(&a[1])?;
    match read_native(&a[0], n as i64, one)? {
        Some(d) => {
            copy_into(&a[1], &d)?;
            Ok(Value::Int(d.len() as i64))
        }
        None => Ok(Value::None),
    }
}

fn m_peek(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let b = buf(&a[0])?;
    let mut g = lock(&a[0], b)?;
    closed_msg(&a[0], &g, "peek of closed file")?;
    Ok(crate::types::bytes::new_bytes(g.peek()?))
}

fn readline_native(this: &Value, limit: i64) -> PyResult<Vec<u8>> {
    let b = buf(this)?;
    let mut g = lock(this, b)?;
    closed_msg(this, &g, "readline of closed file")?;
    g.readline(limit)
}

fn m_readline(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("readline", &a[1..], kw, &["size"], 0)?;
    let n = crate::modules::io_mod::opt_size(p[0].as_ref())?;
    Ok(crate::types::bytes::new_bytes(readline_native(&a[0], n)?))
}

fn m_next(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let l = readline_native(&a[0], -1)?;
    if l.is_empty() {
        return Err(stop_iteration(Value::None));
    }
    Ok(crate::types::bytes::new_bytes(l))
}

fn m_write(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("write", &a[1..], 1, 1)?;
    let data = crate::modules::ndata::need_buffer(&a[1])?;
    Ok(Value::Int(write_native(&a[0], &data)? as i64))
}

fn m_flush(a: &[Value], _kw: Kw) -> PyResult<Value> {
    flush_native(&a[0])?;
    Ok(Value::None)
}

fn m_seek(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("seek", &a[1..], 1, 2)?;
    if crate::types::float::is_float(&a[1]) {
        return Err(type_error("an integer is required"));
    }
    let pos = crate::types::int::index_i64(&a[1])?;
    let whence = match a.get(2) {
        Some(w) => crate::modules::osutil::c_int(w)?,
        None => 0,
    };
    if !(0..=4).contains(&whence) {
        return Err(value_error(format!("whence value {} unsupported", whence)));
    }
    let b = buf(&a[0])?;
    let mut g = lock(&a[0], b)?;
    closed_msg(&a[0], &g, "seek of closed file")?;
    let raw = g.raw()?;
    let seekable = if is_plain_fileio(&raw) {
        fio(&raw)?.is_seekable()?
    } else {
        crate::ops::truthy(&raw_call(&raw, "seekable")?)?
    };
    if !seekable {
        return Err(unsupported("File or stream is not seekable."));
    }
    Ok(Value::Int(g.seek(pos, whence)?))
}

fn m_tell(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let b = buf(&a[0])?;
    let mut g = lock(&a[0], b)?;
    Ok(Value::Int(g.tell()?))
}

fn m_truncate(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("truncate", &a[1..], 0, 1)?;
    let b = buf(&a[0])?;
    if b.kind == Kind::Reader {
        return Err(unsupported("truncate"));
    }
    let mut g = lock(&a[0], b)?;
    closed_msg(&a[0], &g, "truncate of closed file")?;
    g.flush_writes()?;
    let pos = match a.get(1) {
        None | Some(Value::None) => Value::Int(g.tell()?),
        Some(v) => v.clone(),
    };
    g.rewind()?;
    let raw = g.raw()?;
    crate::ops::attr::call_method(&raw, "truncate", &[pos])
}

fn m_close(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let b = buf(&a[0])?;
    let raw = {
        let mut g = lock(&a[0], b)?;
        let raw = g.raw()?;
        if raw_closed(&raw)? {
            return Ok(Value::None);
        }
        let r = g.flush_writes();
        drop(g);
        (raw, r)
    };
    let (raw, flushed) = raw;
    let closed = raw_call(&raw, "close");
    {
        let mut g = lock(&a[0], b)?;
        g.rbuf.clear();
        g.rpos = 0;
    }
    match (flushed, closed) {
        (Err(e), Err(e2)) => {
            crate::types::exceptions::set_context_from(&e2, Some(&e.value()));
            Err(e2)
        }
        (Err(e), _) => Err(e),
        (_, Err(e)) => Err(e),
        _ => Ok(Value::None),
    }
}

fn m_detach(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let b = buf(&a[0])?;
    let mut g = lock(&a[0], b)?;
    let raw = g.raw()?;
    g.flush_writes()?;
    g.raw = None;
    g.detached = true;
    Ok(raw)
}

fn raw_of(v: &Value) -> PyResult<Value> {
    let b = buf(v)?;
    let g = b.st.unlocked();
    g.raw()
}

fn delegate(a: &[Value], name: &str) -> PyResult<Value> {
    let raw = raw_of(&a[0])?;
    raw_call(&raw, name)
}

fn make_type(kind: Kind) -> ObjRef {
    let name = match kind {
        Kind::Reader => "BufferedReader",
        Kind::Writer => "BufferedWriter",
        Kind::Random => "BufferedRandom",
    };
    let t = io_type(name, &bufferediobase_type());
    match kind {
        Kind::Reader => add_staticmethod(&t, "__new__", |a, _| {
            Ok(new_native(
                &new_cls(a, &reader_type())?,
                blank(Kind::Reader),
            ))
        }),
        Kind::Writer => add_staticmethod(&t, "__new__", |a, _| {
            Ok(new_native(
                &new_cls(a, &writer_type())?,
                blank(Kind::Writer),
            ))
        }),
        Kind::Random => add_staticmethod(&t, "__new__", |a, _| {
            Ok(new_native(
                &new_cls(a, &random_type())?,
                blank(Kind::Random),
            ))
        }),
    }
    add_method(&t, "__init__", |a, kw| {
        let p = crate::args::parse("BufferedReader", &a[1..], kw, &["raw", "buffer_size"], 1)?;
        let size = match &p[1] {
            Some(v) => crate::types::int::index_i64(v)?,
            None => DEFAULT_BUFFER_SIZE as i64,
        };
        buffered_init(&a[0], p[0].clone().unwrap_or(Value::None), size)?;
        Ok(Value::None)
    });
    if kind != Kind::Writer {
        add_method(&t, "read", m_read);
        add_method(&t, "read1", m_read1);
        add_method(&t, "readinto", |a, _| m_readinto(a, false));
        add_method(&t, "readinto1", |a, _| m_readinto(a, true));
        add_method(&t, "peek", m_peek);
        add_method(&t, "readline", m_readline);
        add_method(&t, "__next__", m_next);
    }
    if kind != Kind::Reader {
        add_method(&t, "write", m_write);
    }
    add_method(&t, "flush", m_flush);
    add_method(&t, "seek", m_seek);
    add_method(&t, "tell", m_tell);
    add_method(&t, "truncate", m_truncate);
    add_method(&t, "close", m_close);
    add_method(&t, "detach", m_detach);
    add_method(&t, "fileno", |a, _| delegate(a, "fileno"));
    add_method(&t, "isatty", |a, _| delegate(a, "isatty"));
    add_method(&t, "readable", |a, _| delegate(a, "readable"));
    add_method(&t, "writable", |a, _| delegate(a, "writable"));
    add_method(&t, "seekable", |a, _| delegate(a, "seekable"));
    add_method(&t, "_dealloc_warn", |_a, _| Ok(Value::None));
    add_method(&t, "__getstate__", |a, _| {
        Err(type_error(format!(
            "cannot pickle '{}' instances",
            type_label(&a[0])
        )))
    });
    add_method(&t, "__repr__", |a, _| Ok(Value::from(repr_of(&a[0])?)));
    add_getset(&t, "raw", |v| raw_of(v), None);
    add_getset(
        &t,
        "closed",
        |v| Ok(Value::Bool(raw_closed(&raw_of(v)?)?)),
        None,
    );
    add_getset(
        &t,
        "name",
        |v| crate::ops::attr::getattr(&raw_of(v)?, "name"),
        None,
    );
    add_getset(
        &t,
        "mode",
        |v| crate::ops::attr::getattr(&raw_of(v)?, "mode"),
        None,
    );
    crate::modules::ndata::finish_type(&t);
    t
}

// ---- BufferedRWPair ------------------------------------------------------------

pub struct RWPair {
    reader: std::cell::UnsafeCell<Option<Value>>,
    writer: std::cell::UnsafeCell<Option<Value>>,
}
impl NativeData for RWPair {}

fn pair_parts(v: &Value) -> PyResult<(Value, Value)> {
    let p = get::<RWPair>(v).ok_or_else(|| type_error("expected BufferedRWPair"))?;
    // SAFETY: plain clones under the GIL.
    let r = unsafe { (*p.reader.get()).clone() };
    let w = unsafe { (*p.writer.get()).clone() };
    match (r, w) {
        (Some(r), Some(w)) => Ok((r, w)),
        _ => Err(value_error("I/O operation on uninitialized object")),
    }
}

fn on_reader(a: &[Value], kw: Kw, name: &str) -> PyResult<Value> {
    let (r, _) = pair_parts(&a[0])?;
    let f = crate::ops::attr::getattr(&r, name)?;
    crate::ops::call::call(&f, &a[1..], kw)
}

fn on_writer(a: &[Value], kw: Kw, name: &str) -> PyResult<Value> {
    let (_, w) = pair_parts(&a[0])?;
    let f = crate::ops::attr::getattr(&w, name)?;
    crate::ops::call::call(&f, &a[1..], kw)
}

fn make_rwpair_type() -> ObjRef {
    let t = io_type("BufferedRWPair", &bufferediobase_type());
    add_staticmethod(&t, "__new__", |a, _| {
        let cls = new_cls(a, &rwpair_type())?;
        Ok(new_native(
            &cls,
            RWPair {
                reader: std::cell::UnsafeCell::new(None),
                writer: std::cell::UnsafeCell::new(None),
            },
        ))
    });
    add_method(&t, "__init__", |a, kw| {
        let p = crate::args::parse(
            "BufferedRWPair",
            &a[1..],
            kw,
            &["reader", "writer", "buffer_size"],
            2,
        )?;
        let size = match &p[2] {
            Some(v) => crate::types::int::index_i64(v)?,
            None => DEFAULT_BUFFER_SIZE as i64,
        };
        let r = new_native(&reader_type(), blank(Kind::Reader));
        buffered_init(&r, p[0].clone().unwrap_or(Value::None), size)?;
        let w = new_native(&writer_type(), blank(Kind::Writer));
        buffered_init(&w, p[1].clone().unwrap_or(Value::None), size)?;
        let s = get::<RWPair>(&a[0]).ok_or_else(|| type_error("expected BufferedRWPair"))?;
        unsafe {
            *s.reader.get() = Some(r);
            *s.writer.get() = Some(w);
        }
        Ok(Value::None)
    });
    add_method(&t, "read", |a, kw| on_reader(a, kw, "read"));
    add_method(&t, "peek", |a, kw| on_reader(a, kw, "peek"));
    add_method(&t, "read1", |a, kw| on_reader(a, kw, "read1"));
    add_method(&t, "readinto", |a, kw| on_reader(a, kw, "readinto"));
    add_method(&t, "readinto1", |a, kw| on_reader(a, kw, "readinto1"));
    add_method(&t, "readable", |a, kw| on_reader(a, kw, "readable"));
    add_method(&t, "write", |a, kw| on_writer(a, kw, "write"));
    add_method(&t, "flush", |a, kw| on_writer(a, kw, "flush"));
    add_method(&t, "writable", |a, kw| on_writer(a, kw, "writable"));
    add_method(&t, "isatty", |a, _| {
        let (r, w) = pair_parts(&a[0])?;
        let x = crate::ops::attr::call_method(&w, "isatty", &[])?;
        if crate::ops::truthy(&x)? {
            return Ok(x);
        }
        crate::ops::attr::call_method(&r, "isatty", &[])
    });
    add_method(&t, "close", |a, _| {
        let (r, w) = pair_parts(&a[0])?;
        let e1 = crate::ops::attr::call_method(&w, "close", &[]);
        let e2 = crate::ops::attr::call_method(&r, "close", &[]);
        e1?;
        e2?;
        Ok(Value::None)
    });
    add_getset(
        &t,
        "closed",
        |v| {
            let (_, w) = pair_parts(v)?;
            crate::ops::attr::getattr(&w, "closed")
        },
        None,
    );
    crate::modules::ndata::finish_type(&t);
    t
}
