//! Minimal text streams for `sys.std*` and `open()` until the full `_io` module lands.
//! Files are read and written as UTF-8 text (or bytes with a `b` mode).

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::typeobj::{add_getset, add_method, new_type_raw, tflags, BaseKind};
use crate::types::{types, Payload};
use crate::value::Value;
use std::cell::{Cell, UnsafeCell};
use std::io::{Read, Write};

pub struct Stream {
    pub fd: i32,
    pub name: Value,
    pub mode: String,
    pub binary: bool,
    pub readable: bool,
    pub writable: bool,
    pub closed: Cell<bool>,
    pub line_buffering: bool,
    pub write_buf: UnsafeCell<Vec<u8>>,
    pub read_buf: UnsafeCell<Vec<u8>>,
    pub eof: Cell<bool>,
    pub owns_fd: bool,
}

static STREAM_TYPE: crate::gil::GilCell<Option<ObjRef>> = crate::gil::GilCell::new(None);

pub fn stream_type() -> ObjRef {
    STREAM_TYPE
        .get()
        .get_or_insert_with(|| {
            let d = crate::types::dict::new_dict();
            let t = new_type_raw(&types().type_, "TextIOWrapper", vec![types().object.clone()], d.as_obj().unwrap().clone(), 0, BaseKind::Other);
            unsafe { *crate::types::typeobj::tdata(&t).mro.get() = vec![t.clone(), types().object.clone()] };
            crate::types::typeobj::tdata(&t).dict().set_str("__module__", Value::from("_io"));
            init_methods(&t);
            crate::types::typeobj::update_dunder_flags(&t);
            t.make_immortal();
            let _ = tflags::HEAPTYPE;
            t
        })
        .clone()
}

pub fn new_stream(fd: i32, name: Value, mode: &str, line_buffering: bool, owns_fd: bool) -> Value {
    let binary = mode.contains('b');
    let readable = mode.contains('r') || mode.contains('+');
    let writable = mode.contains('w') || mode.contains('a') || mode.contains('x') || mode.contains('+');
    Value::Obj(ObjRef::new(
        &stream_type(),
        Payload::Misc(Box::new(crate::types::misc::MiscPayload::Stream(Stream {
            fd,
            name,
            mode: mode.to_string(),
            binary,
            readable,
            writable,
            closed: Cell::new(false),
            line_buffering,
            write_buf: UnsafeCell::new(Vec::new()),
            read_buf: UnsafeCell::new(Vec::new()),
            eof: Cell::new(false),
            owns_fd,
        }))),
    ))
}

fn stream(v: &Value) -> PyResult<&Stream> {
    match v.payload() {
        Some(Payload::Misc(m)) => match &**m {
            crate::types::misc::MiscPayload::Stream(s) => Ok(s),
            _ => Err(type_error("expected a stream")),
        },
        _ => Err(type_error("expected a stream")),
    }
}

fn raw_write(fd: i32, mut data: &[u8]) -> PyResult<()> {
    while !data.is_empty() {
        let n = unsafe { libc::write(fd, data.as_ptr() as *const libc::c_void, data.len()) };
        if n < 0 {
            let err = std::io::Error::last_os_error();
            if err.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(os_err(err, None));
        }
        data = &data[n as usize..];
    }
    Ok(())
}

pub fn os_err(e: std::io::Error, filename: Option<Value>) -> PyErr {
    let code = e.raw_os_error().unwrap_or(0);
    let msg = unsafe { std::ffi::CStr::from_ptr(libc::strerror(code)) }.to_string_lossy().into_owned();
    let mut args = vec![Value::Int(code as i64), Value::from(msg)];
    if let Some(f) = filename {
        args.push(f);
    }
    match crate::ops::call::call(&Value::Obj(crate::types::exceptions::exc().os_error.clone()), &args, None) {
        Ok(v) => PyErr(v.as_obj().unwrap().clone()),
        Err(e) => e,
    }
}

impl Stream {
    fn wbuf(&self) -> &mut Vec<u8> {
        unsafe { &mut *self.write_buf.get() }
    }
    fn rbuf(&self) -> &mut Vec<u8> {
        unsafe { &mut *self.read_buf.get() }
    }
    pub fn flush(&self) -> PyResult<()> {
        let data = std::mem::take(self.wbuf());
        if !data.is_empty() {
            raw_write(self.fd, &data)?;
        }
        Ok(())
    }
    pub fn write(&self, data: &[u8]) -> PyResult<()> {
        if self.closed.get() {
            return Err(value_error("I/O operation on closed file."));
        }
        if !self.writable {
            return Err(PyErr::new(&crate::modules::sys::unsupported_operation(), "not writable"));
        }
        self.wbuf().extend_from_slice(data);
        let unbuffered = crate::vm::is_initialized() && crate::vm::interp().config.unbuffered;
        if unbuffered || self.wbuf().len() > 64 * 1024 || (self.line_buffering && data.contains(&b'\n')) {
            self.flush()?;
        }
        Ok(())
    }
    fn fill(&self) -> PyResult<bool> {
        if self.eof.get() {
            return Ok(false);
        }
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = unsafe { libc::read(self.fd, buf.as_mut_ptr() as *mut libc::c_void, buf.len()) };
            if n < 0 {
                let err = std::io::Error::last_os_error();
                if err.kind() == std::io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(os_err(err, None));
            }
            if n == 0 {
                self.eof.set(true);
                return Ok(false);
            }
            self.rbuf().extend_from_slice(&buf[..n as usize]);
            return Ok(true);
        }
    }
    fn check_read(&self) -> PyResult<()> {
        if self.closed.get() {
            return Err(value_error("I/O operation on closed file."));
        }
        if !self.readable {
            return Err(PyErr::new(&crate::modules::sys::unsupported_operation(), "not readable"));
        }
        Ok(())
    }
    pub fn read_all(&self) -> PyResult<Vec<u8>> {
        self.check_read()?;
        while self.fill()? {}
        Ok(std::mem::take(self.rbuf()))
    }
    pub fn readline(&self) -> PyResult<Vec<u8>> {
        self.check_read()?;
        loop {
            if let Some(p) = self.rbuf().iter().position(|&b| b == b'\n') {
                let rest = self.rbuf().split_off(p + 1);
                return Ok(std::mem::replace(self.rbuf(), rest));
            }
            if !self.fill()? {
                return Ok(std::mem::take(self.rbuf()));
            }
        }
    }
    fn read_n(&self, n: usize) -> PyResult<Vec<u8>> {
        self.check_read()?;
        while self.rbuf().len() < n {
            if !self.fill()? {
                break;
            }
        }
        let k = n.min(self.rbuf().len());
        let rest = self.rbuf().split_off(k);
        Ok(std::mem::replace(self.rbuf(), rest))
    }
    pub fn close(&self) -> PyResult<()> {
        if self.closed.get() {
            return Ok(());
        }
        let r = self.flush();
        self.closed.set(true);
        if self.owns_fd {
            unsafe { libc::close(self.fd) };
        }
        r
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        let _ = self.flush();
        if self.owns_fd && !self.closed.get() {
            unsafe { libc::close(self.fd) };
        }
    }
}

fn to_value(s: &Stream, data: Vec<u8>) -> Value {
    if s.binary {
        crate::types::bytes::new_bytes(data)
    } else {
        crate::types::str::new_string(String::from_utf8_lossy(&data).into_owned())
    }
}

pub fn is_native_stream(v: &Value) -> bool {
    stream(v).is_ok()
}

/// `file.write(text)` with a fast path for Pyrite's own streams.
pub fn write_to(file: &Value, text: &str) -> PyResult<()> {
    if let Ok(s) = stream(file) {
        return s.write(text.as_bytes());
    }
    crate::ops::attr::call_method(file, "write", &[Value::from(text)])?;
    Ok(())
}

/// Flush the standard streams (at exit).
pub fn flush_std() {
    for n in ["stdout", "stderr"] {
        if let Some(f) = crate::modules::sys::get_sys_attr(n) {
            if let Ok(s) = stream(&f) {
                let _ = s.flush();
            } else if !f.is_none() {
                let _ = crate::ops::attr::call_method(&f, "flush", &[]);
            }
        }
    }
}

fn init_methods(t: &ObjRef) {
    add_method(t, "write", |a, _| {
        let s = stream(&a[0])?;
        check_args("write", &a[1..], 1, 1)?;
        if s.binary {
            let d = crate::types::bytes::as_bytes_like(&a[1]).ok_or_else(|| type_error(format!("a bytes-like object is required, not '{}'", a[1].type_name())))?;
            s.write(&d)?;
            return Ok(Value::Int(d.len() as i64));
        }
        let text = crate::types::str::as_pystr(&a[1]).ok_or_else(|| type_error(format!("write() argument must be str, not {}", a[1].type_name())))?;
        s.write(text.as_str().as_bytes())?;
        Ok(Value::Int(text.len() as i64))
    });
    add_method(t, "writelines", |a, _| {
        for line in crate::ops::iterate(&a[1])? {
            crate::ops::attr::call_method(&a[0], "write", &[line])?;
        }
        Ok(Value::None)
    });
    add_method(t, "flush", |a, _| {
        let s = stream(&a[0])?;
        if s.closed.get() {
            return Err(value_error("I/O operation on closed file."));
        }
        s.flush()?;
        Ok(Value::None)
    });
    add_method(t, "read", |a, _| {
        let s = stream(&a[0])?;
        let n = match a.get(1) {
            None | Some(Value::None) => -1,
            Some(v) => crate::types::int::index_i64(v)?,
        };
        let data = if n < 0 { s.read_all()? } else { s.read_n(n as usize)? };
        Ok(to_value(s, data))
    });
    add_method(t, "readline", |a, _| {
        let s = stream(&a[0])?;
        let line = s.readline()?;
        Ok(to_value(s, line))
    });
    add_method(t, "readlines", |a, _| {
        let s = stream(&a[0])?;
        let mut out = Vec::new();
        loop {
            let l = s.readline()?;
            if l.is_empty() {
                break;
            }
            out.push(to_value(s, l));
        }
        Ok(crate::types::list::new_list(out))
    });
    add_method(t, "__iter__", |a, _| Ok(a[0].clone()));
    add_method(t, "__next__", |a, _| {
        let s = stream(&a[0])?;
        let l = s.readline()?;
        if l.is_empty() {
            return Err(stop_iteration(Value::None));
        }
        Ok(to_value(s, l))
    });
    add_method(t, "close", |a, _| {
        stream(&a[0])?.close()?;
        Ok(Value::None)
    });
    add_method(t, "__enter__", |a, _| Ok(a[0].clone()));
    add_method(t, "__exit__", |a, _| {
        stream(&a[0])?.close()?;
        Ok(Value::None)
    });
    add_method(t, "fileno", |a, _| Ok(Value::Int(stream(&a[0])?.fd as i64)));
    add_method(t, "isatty", |a, _| Ok(Value::Bool(unsafe { libc::isatty(stream(&a[0])?.fd) } == 1)));
    add_method(t, "readable", |a, _| Ok(Value::Bool(stream(&a[0])?.readable)));
    add_method(t, "writable", |a, _| Ok(Value::Bool(stream(&a[0])?.writable)));
    add_method(t, "seekable", |_a, _| Ok(Value::Bool(false)));
    add_method(t, "__repr__", |a, _| {
        let s = stream(&a[0])?;
        Ok(format!("<_io.TextIOWrapper name={} mode='{}' encoding='utf-8'>", crate::ops::repr(&s.name)?, s.mode).into())
    });
    add_getset(t, "closed", |v| Ok(Value::Bool(stream(v)?.closed.get())), None);
    add_getset(t, "name", |v| Ok(stream(v)?.name.clone()), None);
    add_getset(t, "mode", |v| Ok(Value::from(stream(v)?.mode.as_str())), None);
    add_getset(t, "encoding", |_| Ok(Value::from("utf-8")), None);
    add_getset(t, "errors", |_| Ok(Value::from("strict")), None);
    add_getset(t, "line_buffering", |v| Ok(Value::Bool(stream(v)?.line_buffering)), None);
    add_getset(t, "buffer", |v| Ok(v.clone()), None);
}

/// `open(file, mode='r', ...)` (text and binary files, no encodings besides UTF-8).
pub fn open(args: &[Value], kw: Kw) -> PyResult<Value> {
    let a = crate::args::parse("open", args, kw, &["file", "mode", "buffering", "encoding", "errors", "newline", "closefd", "opener"], 1)?;
    let file = a[0].clone().unwrap();
    let mode = match &a[1] {
        Some(m) => crate::types::str::as_str(m).ok_or_else(|| type_error("open() argument 'mode' must be str"))?.to_string(),
        None => "r".into(),
    };
    if let Some(e) = &a[3] {
        if let Some(enc) = crate::types::str::as_str(e) {
            let norm = enc.to_ascii_lowercase().replace('_', "-");
            if !matches!(norm.as_str(), "utf-8" | "utf8" | "ascii" | "us-ascii") {
                return Err(not_implemented(format!("open() with encoding '{}' is not supported by Pyrite yet", enc)));
            }
        }
    }
    if let Value::Int(fd) = file {
        return Ok(new_stream(fd as i32, file.clone(), &mode, false, true));
    }
    let path = crate::ops::to_str(&crate::modules::sys::fspath(&file)?)?;
    let fs = crate::vm::interp().config.clone();
    let _ = fs;
    let mut opts = std::fs::OpenOptions::new();
    let plus = mode.contains('+');
    if mode.contains('r') {
        opts.read(true).write(plus);
    } else if mode.contains('w') {
        opts.write(true).create(true).truncate(true).read(plus);
    } else if mode.contains('a') {
        opts.append(true).create(true).read(plus);
    } else if mode.contains('x') {
        opts.write(true).create_new(true).read(plus);
    } else {
        return Err(value_error(format!("invalid mode: '{}'", mode)));
    }
    let f = crate::fs::filesystem().open(&path, &opts).map_err(|e| os_err(e, Some(file.clone())))?;
    use std::os::unix::io::IntoRawFd;
    let fd = f.into_raw_fd();
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(fd, &mut st) } == 0 && (st.st_mode & libc::S_IFMT) == libc::S_IFDIR {
        unsafe { libc::close(fd) };
        return Err(os_err(std::io::Error::from_raw_os_error(libc::EISDIR), Some(file)));
    }
    let _ = (std::io::stdin().read(&mut []), std::io::stdout().flush());
    Ok(new_stream(fd, file, &mode, false, true))
}
