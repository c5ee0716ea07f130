//! `_io`: the I/O stack (`FileIO` -> `Buffered*` -> `TextIOWrapper`), in-memory
//! streams, `open()`, the abstract bases `io.py` builds on, and the standard streams.
//!
//! Files: `io_mod.rs` (module, bases, `open`, stdio), `io_file.rs` (`FileIO`),
//! `io_buffered.rs`, `io_text.rs` (`TextIOWrapper`, `IncrementalNewlineDecoder`),
//! `io_memory.rs` (`BytesIO`, `StringIO`).
//!
//! The base classes' methods are generic: they call the object's own methods by name,
//! so they work for pure-Python subclasses (whose instances have no native state) as
//! well as for the native classes, which override most of them.

use crate::errors::*;
use crate::gil::GilCell;
use crate::modules::ndata::new_type;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::{add_getset, add_method, tdata, tflags};
use crate::value::Value;

pub const DEFAULT_BUFFER_SIZE: usize = 8192;

static UNSUPPORTED: GilCell<Option<ObjRef>> = GilCell::new(None);

/// `io.UnsupportedOperation` (a subclass of `OSError` and `ValueError`).
pub fn unsupported_operation() -> ObjRef {
    if let Some(t) = UNSUPPORTED.get() {
        return t.clone();
    }
    let ex = crate::types::exceptions::exc();
    let ns = crate::types::dict::new_dict();
    if let Some(d) = crate::types::dict::as_dict(&ns) {
        d.set_str("__module__", Value::from("io"));
    }
    let t = crate::ops::call::call(
        &Value::Obj(crate::types::types().type_.clone()),
        &[
            Value::from("UnsupportedOperation"),
            crate::types::tuple::new_tuple(vec![
                Value::Obj(ex.os_error.clone()),
                Value::Obj(ex.value_error.clone()),
            ]),
            ns,
        ],
        None,
    );
    match t {
        Ok(Value::Obj(o)) => {
            o.make_immortal();
            *UNSUPPORTED.get() = Some(o.clone());
            o
        }
        _ => ex.os_error.clone(),
    }
}

pub fn unsupported(msg: &str) -> PyErr {
    PyErr::new(&unsupported_operation(), msg)
}

pub fn closed_file() -> PyErr {
    value_error("I/O operation on closed file.")
}

/// `obj.closed` as a bool.
pub fn is_closed(v: &Value) -> PyResult<bool> {
    let c = crate::ops::attr::getattr(v, "closed")?;
    crate::ops::truthy(&c)
}

pub fn check_closed(v: &Value) -> PyResult<()> {
    if is_closed(v)? {
        return Err(closed_file());
    }
    Ok(())
}

fn call0(v: &Value, name: &str) -> PyResult<Value> {
    crate::ops::attr::call_method(v, name, &[])
}

/// Bytes of a value that must be `bytes` (message names the method).
pub fn expect_bytes(v: &Value, what: &str) -> PyResult<Vec<u8>> {
    crate::types::bytes::as_bytes_like(v).ok_or_else(|| {
        PyErr::new(
            &crate::types::exceptions::exc().os_error,
            format!(
                "{}() should have returned a bytes object, not '{}'",
                what,
                v.type_name()
            ),
        )
    })
}

/// Copy `data` into a writable buffer `b` (bytearray fast path, else `b[:n] = data`).
pub fn copy_into(b: &Value, data: &[u8]) -> PyResult<()> {
    if let Some(r) = crate::types::memoryview::write_foreign(b, 0, data) {
        return r;
    }
    if let Some(crate::types::Payload::ByteArray(ba)) = b.payload() {
        let v = ba.vec();
        let n = data.len().min(v.len());
        v[..n].copy_from_slice(&data[..n]);
        return Ok(());
    }
    let sl =
        crate::types::misc::new_slice(Value::Int(0), Value::Int(data.len() as i64), Value::None);
    crate::ops::setitem(b, sl, crate::types::bytes::new_bytes(data.to_vec()))
}

/// The length of a writable buffer argument.
pub fn buffer_len(b: &Value) -> PyResult<usize> {
    if let Some(crate::types::Payload::ByteArray(ba)) = b.payload() {
        return Ok(ba.vec().len());
    }
    if crate::types::bytes::as_bytes(b).is_some() {
        return Err(type_error(format!(
            "readinto() argument must be read-write bytes-like object, not {}",
            b.type_name()
        )));
    }
    if let Some(r) = crate::types::memoryview::foreign_writable_len(b) {
        return r;
    }
    if b.class_ref().is(&crate::types::types().memoryview) {
        let n = crate::ops::attr::getattr(b, "nbytes")?;
        return Ok(crate::types::int::index_i64(&n)?.max(0) as usize);
    }
    Err(type_error(format!(
        "readinto() argument must be read-write bytes-like object, not {}",
        b.type_name()
    )))
}

fn size_arg(v: Option<&Value>) -> PyResult<i64> {
    match v {
        None | Some(Value::None) => Ok(-1),
        Some(v) => {
            if !crate::types::int::is_int(v)
                && crate::ops::attr::lookup_special(v, "__index__").is_none()
            {
                return Err(type_error(format!(
                    "argument should be integer or None, not '{}'",
                    v.type_name()
                )));
            }
            crate::types::int::index_i64(v)
        }
    }
}

/// A `size` argument: int, `None` (-1) or anything with `__index__`.
pub fn opt_size(v: Option<&Value>) -> PyResult<i64> {
    size_arg(v)
}

// ---------------------------------------------------------------------------
// the abstract bases

crate::native_type!(iobase_type, make_iobase);
crate::native_type!(rawiobase_type, make_rawiobase);
crate::native_type!(bufferediobase_type, make_bufferediobase);
crate::native_type!(textiobase_type, make_textiobase);

/// A subclassable `_io` type with instance dicts.
pub fn io_type(name: &str, base: &ObjRef) -> ObjRef {
    let t = new_type(name, "_io", Some(base), true);
    tdata(&t).set_flag(tflags::HAS_DICT, true);
    t
}

/// One of the abstract bases: instances of their pure-Python subclasses are plain
/// objects (`object.__new__` works for them), so their layout is `object`'s.
fn abstract_type(name: &str, base: &ObjRef) -> ObjRef {
    use crate::types::typeobj::{new_type_raw, BaseKind};
    let d = crate::types::dict::new_dict();
    let dobj = d
        .as_obj()
        .cloned()
        .unwrap_or_else(|| crate::vm::fatal("dict"));
    let flags = tflags::HAS_WEAKREF | tflags::IMMUTABLE | tflags::BASETYPE | tflags::HAS_DICT;
    let t = new_type_raw(
        &crate::types::types().type_,
        name,
        vec![base.clone()],
        dobj,
        flags,
        BaseKind::Object,
    );
    let mut mro = vec![t.clone()];
    mro.extend(tdata(base).mro().iter().cloned());
    unsafe { *tdata(&t).mro.get() = mro };
    tdata(&t).dict().set_str("__module__", Value::from("_io"));
    tdata(&t).dict().set_str("__doc__", Value::None);
    crate::types::typeobj::link_subclass(&t);
    t.make_immortal();
    t
}

fn iobase_flag(v: &Value) -> bool {
    match v.as_obj().and_then(|o| o.dict()) {
        Some(d) => crate::types::dict::obj_dict(&d)
            .get_str_key("__IOBase_closed")
            .map_or(false, |x| crate::ops::truthy(&x).unwrap_or(false)),
        None => false,
    }
}

fn generic_readline(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("readline", &a[1..], kw, &["size"], 0)?;
    let limit = size_arg(p[0].as_ref())?;
    let this = &a[0];
    let has_peek = crate::ops::attr::getattr_opt(this, "peek")?.is_some();
    let mut res: Vec<u8> = Vec::new();
    while limit < 0 || (res.len() as i64) < limit {
        let mut n = 1usize;
        if has_peek {
            let ra = crate::ops::attr::call_method(this, "peek", &[Value::Int(1)])?;
            let ra = expect_bytes(&ra, "peek")?;
            if !ra.is_empty() {
                let lim = if limit >= 0 {
                    (limit as usize - res.len()).min(ra.len())
                } else {
                    ra.len()
                };
                n = match ra[..lim].iter().position(|&c| c == b'\n') {
                    Some(i) => i + 1,
                    None => lim.max(1),
                };
            }
        }
        let b = crate::ops::attr::call_method(this, "read", &[Value::Int(n as i64)])?;
        if b.is_none() {
            break;
        }
        let b = expect_bytes(&b, "read")?;
        if b.is_empty() {
            break;
        }
        res.extend_from_slice(&b);
        if res.last() == Some(&b'\n') {
            break;
        }
    }
    Ok(crate::types::bytes::new_bytes(res))
}

fn generic_readlines(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("readlines", &a[1..], kw, &["hint"], 0)?;
    let hint = size_arg(p[0].as_ref())?;
    let mut out = Vec::new();
    let it = crate::ops::get_iter(&a[0])?;
    let mut total = 0i64;
    while let Some(line) = crate::ops::next(&it)? {
        total += crate::ops::len(&line)? as i64;
        out.push(line);
        if hint > 0 && total >= hint {
            break;
        }
    }
    Ok(crate::types::list::new_list(out))
}

fn make_iobase() -> ObjRef {
    let t = abstract_type("_IOBase", &crate::types::types().object);
    add_method(&t, "seek", |_a, _| Err(unsupported("seek")));
    add_method(&t, "tell", |a, _| {
        crate::ops::attr::call_method(&a[0], "seek", &[Value::Int(0), Value::Int(1)])
    });
    add_method(&t, "truncate", |_a, _| Err(unsupported("truncate")));
    add_method(&t, "flush", |a, _| {
        check_closed(&a[0])?;
        Ok(Value::None)
    });
    add_method(&t, "close", |a, _| {
        if iobase_flag(&a[0]) {
            return Ok(Value::None);
        }
        let r = call0(&a[0], "flush");
        if let Some(o) = a[0].as_obj() {
            let d = crate::ops::attr::instance_dict(o);
            crate::types::dict::obj_dict(&d).set_str("__IOBase_closed", Value::Bool(true));
        }
        r.map(|_| Value::None)
    });
    add_getset(&t, "closed", |v| Ok(Value::Bool(iobase_flag(v))), None);
    add_method(&t, "__del__", |a, _| {
        let closed = match crate::ops::attr::getattr(&a[0], "closed") {
            Ok(c) => crate::ops::truthy(&c).unwrap_or(true),
            Err(_) => true,
        };
        if !closed {
            let _ = call0(&a[0], "close");
        }
        Ok(Value::None)
    });
    add_method(&t, "seekable", |_a, _| Ok(Value::Bool(false)));
    add_method(&t, "readable", |_a, _| Ok(Value::Bool(false)));
    add_method(&t, "writable", |_a, _| Ok(Value::Bool(false)));
    add_method(&t, "_checkClosed", |a, _| {
        if is_closed(&a[0])? {
            return Err(match a.get(1) {
                Some(m) if !m.is_none() => PyErr::with_args(
                    &crate::types::exceptions::exc().value_error,
                    vec![m.clone()],
                ),
                _ => closed_file(),
            });
        }
        Ok(Value::None)
    });
    add_method(&t, "_checkSeekable", |a, _| {
        if !crate::ops::truthy(&call0(&a[0], "seekable")?)? {
            return Err(unsupported("File or stream is not seekable."));
        }
        Ok(Value::Bool(true))
    });
    add_method(&t, "_checkReadable", |a, _| {
        if !crate::ops::truthy(&call0(&a[0], "readable")?)? {
            return Err(unsupported("File or stream is not readable."));
        }
        Ok(Value::Bool(true))
    });
    add_method(&t, "_checkWritable", |a, _| {
        if !crate::ops::truthy(&call0(&a[0], "writable")?)? {
            return Err(unsupported("File or stream is not writable."));
        }
        Ok(Value::Bool(true))
    });
    add_method(&t, "__enter__", |a, _| {
        check_closed(&a[0])?;
        Ok(a[0].clone())
    });
    add_method(&t, "__exit__", |a, _| call0(&a[0], "close"));
    add_method(&t, "fileno", |_a, _| Err(unsupported("fileno")));
    add_method(&t, "isatty", |a, _| {
        check_closed(&a[0])?;
        Ok(Value::Bool(false))
    });
    add_method(&t, "readline", generic_readline);
    add_method(&t, "readlines", generic_readlines);
    add_method(&t, "writelines", |a, _| {
        check_args("writelines", &a[1..], 1, 1)?;
        check_closed(&a[0])?;
        let it = crate::ops::get_iter(&a[1])?;
        while let Some(line) = crate::ops::next(&it)? {
            crate::ops::attr::call_method(&a[0], "write", &[line])?;
        }
        Ok(Value::None)
    });
    add_method(&t, "__iter__", |a, _| {
        check_closed(&a[0])?;
        Ok(a[0].clone())
    });
    add_method(&t, "__next__", |a, _| {
        let line = call0(&a[0], "readline")?;
        if crate::ops::len(&line)? == 0 {
            return Err(stop_iteration(Value::None));
        }
        Ok(line)
    });
    add_getset(
        &t,
        "__dict__",
        |v| {
            Ok(Value::Obj(crate::ops::attr::instance_dict(
                v.as_obj().ok_or_else(|| type_error("no __dict__"))?,
            )))
        },
        None,
    );
    crate::modules::ndata::finish_type(&t);
    t
}

fn make_rawiobase() -> ObjRef {
    let t = abstract_type("_RawIOBase", &iobase_type());
    add_method(&t, "read", |a, kw| {
        let p = crate::args::parse("read", &a[1..], kw, &["size"], 0)?;
        let n = size_arg(p[0].as_ref())?;
        if n < 0 {
            return call0(&a[0], "readall");
        }
        let b = crate::types::bytes::new_bytearray(crate::modules::osutil::zeroed(n as usize)?);
        let r = crate::ops::attr::call_method(&a[0], "readinto", &[b.clone()])?;
        if r.is_none() {
            return Ok(Value::None);
        }
        let got = crate::types::int::index_i64(&r)?;
        if got < 0 || got > n {
            return Err(value_error(format!(
                "readinto returned {} outside buffer size {}",
                got, n
            )));
        }
        let mut data = crate::types::bytes::as_bytes_like(&b).unwrap_or_default();
        data.truncate(got as usize);
        Ok(crate::types::bytes::new_bytes(data))
    });
    add_method(&t, "readall", |a, _| {
        let mut out: Vec<u8> = Vec::new();
        loop {
            let d = crate::ops::attr::call_method(
                &a[0],
                "read",
                &[Value::Int(DEFAULT_BUFFER_SIZE as i64)],
            )?;
            if d.is_none() {
                if out.is_empty() {
                    return Ok(Value::None);
                }
                break;
            }
            let d = crate::types::bytes::as_bytes_like(&d)
                .ok_or_else(|| type_error("read() should return bytes"))?;
            if d.is_empty() {
                break;
            }
            out.extend_from_slice(&d);
        }
        Ok(crate::types::bytes::new_bytes(out))
    });
    crate::modules::ndata::finish_type(&t);
    t
}

fn buffered_readinto(a: &[Value], one: bool) -> PyResult<Value> {
    check_args(if one { "readinto1" } else { "readinto" }, &a[1..], 1, 1)?;
    let n = buffer_len(&a[1])?;
    let d = crate::ops::attr::call_method(
        &a[0],
        if one { "read1" } else { "read" },
        &[Value::Int(n as i64)],
    )?;
    let d = crate::types::bytes::as_bytes_like(&d)
        .ok_or_else(|| type_error("read() should return bytes"))?;
    if d.len() > n {
        return Err(value_error(format!(
            "read() returned too much data: {} bytes requested, {} returned",
            n,
            d.len()
        )));
    }
    copy_into(&a[1], &d)?;
    Ok(Value::Int(d.len() as i64))
}

fn make_bufferediobase() -> ObjRef {
    let t = abstract_type("_BufferedIOBase", &iobase_type());
    add_method(&t, "read", |_a, _| Err(unsupported("read")));
    add_method(&t, "read1", |_a, _| Err(unsupported("read1")));
    add_method(&t, "write", |_a, _| Err(unsupported("write")));
    add_method(&t, "detach", |_a, _| Err(unsupported("detach")));
    add_method(&t, "readinto", |a, _| buffered_readinto(a, false));
    add_method(&t, "readinto1", |a, _| buffered_readinto(a, true));
    crate::modules::ndata::finish_type(&t);
    t
}

fn make_textiobase() -> ObjRef {
    let t = abstract_type("_TextIOBase", &iobase_type());
    add_method(&t, "read", |_a, _| Err(unsupported("read")));
    add_method(&t, "readline", |_a, _| Err(unsupported("readline")));
    add_method(&t, "write", |_a, _| Err(unsupported("write")));
    add_method(&t, "detach", |_a, _| Err(unsupported("detach")));
    add_getset(&t, "encoding", |_| Ok(Value::None), None);
    add_getset(&t, "newlines", |_| Ok(Value::None), None);
    add_getset(&t, "errors", |_| Ok(Value::None), None);
    crate::modules::ndata::finish_type(&t);
    t
}

// ---------------------------------------------------------------------------
// open()

struct Mode {
    creating: bool,
    reading: bool,
    writing: bool,
    appending: bool,
    updating: bool,
    text: bool,
    binary: bool,
}

fn parse_mode(mode: &str) -> PyResult<Mode> {
    let mut m = Mode {
        creating: false,
        reading: false,
        writing: false,
        appending: false,
        updating: false,
        text: false,
        binary: false,
    };
    let mut seen = String::new();
    for c in mode.chars() {
        if !"xrwabt+".contains(c) || seen.contains(c) {
            return Err(value_error(format!("invalid mode: '{}'", mode)));
        }
        seen.push(c);
        match c {
            'x' => m.creating = true,
            'r' => m.reading = true,
            'w' => m.writing = true,
            'a' => m.appending = true,
            '+' => m.updating = true,
            't' => m.text = true,
            'b' => m.binary = true,
            _ => {}
        }
    }
    if m.text && m.binary {
        return Err(value_error("can't have text and binary mode at once"));
    }
    if [m.creating, m.reading, m.writing, m.appending]
        .iter()
        .filter(|&&x| x)
        .count()
        != 1
    {
        return Err(value_error(
            "must have exactly one of create/read/write/append mode",
        ));
    }
    Ok(m)
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None,
/// closefd=True, opener=None)`.
pub fn open(args: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse(
        "open",
        args,
        kw,
        &[
            "file",
            "mode",
            "buffering",
            "encoding",
            "errors",
            "newline",
            "closefd",
            "opener",
        ],
        1,
    )?;
    let file = p[0].clone().unwrap_or(Value::None);
    let is_pathish = crate::types::str::as_str(&file).is_some()
        || crate::types::bytes::as_bytes(&file).is_some()
        || crate::types::int::is_int(&file)
        || crate::ops::attr::lookup_special(&file, "__fspath__").is_some();
    if !is_pathish {
        return Err(type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            file.type_name()
        )));
    }
    let mode_s = match &p[1] {
        Some(m) => crate::types::str::as_str(m)
            .ok_or_else(|| {
                type_error(format!(
                    "open() argument 'mode' must be str, not {}",
                    m.type_name()
                ))
            })?
            .to_string(),
        None => "r".into(),
    };
    let mut buffering = match &p[2] {
        Some(v) => {
            if crate::types::float::is_float(v) {
                return Err(type_error(
                    "'float' object cannot be interpreted as an integer",
                ));
            }
            crate::types::int::index_i64(v)?
        }
        None => -1,
    };
    let none_or = |v: &Option<Value>, what: &str| -> PyResult<Option<Value>> {
        match v {
            None | Some(Value::None) => Ok(None),
            Some(x) if crate::types::str::as_str(x).is_some() => Ok(Some(x.clone())),
            Some(x) => Err(type_error(format!(
                "open() argument '{}' must be str or None, not {}",
                what,
                x.type_name()
            ))),
        }
    };
    let encoding = none_or(&p[3], "encoding")?;
    let errors = none_or(&p[4], "errors")?;
    let newline = none_or(&p[5], "newline")?;
    let closefd = match &p[6] {
        Some(v) => crate::ops::truthy(v)?,
        None => true,
    };
    let opener = p[7].clone().unwrap_or(Value::None);
    let m = parse_mode(&mode_s)?;
    if m.binary && encoding.is_some() {
        return Err(value_error("binary mode doesn't take an encoding argument"));
    }
    if m.binary && errors.is_some() {
        return Err(value_error("binary mode doesn't take an errors argument"));
    }
    if m.binary && newline.is_some() {
        return Err(value_error("binary mode doesn't take a newline argument"));
    }
    if m.binary && buffering == 1 {
        crate::modules::warnings::warn(
            &crate::types::exceptions::exc().runtime_warning,
            "line buffering (buffering=1) isn't supported in binary mode, the default buffer size will be used",
            1,
        )?;
    }
    let mut rawmode = String::new();
    if m.creating {
        rawmode.push('x');
    }
    if m.reading {
        rawmode.push('r');
    }
    if m.writing {
        rawmode.push('w');
    }
    if m.appending {
        rawmode.push('a');
    }
    if m.updating {
        rawmode.push('+');
    }
    let raw = crate::modules::io_file::new_fileio(&file, &rawmode, closefd, &opener)?;
    let result = (|| -> PyResult<Value> {
        let mut line_buffering = false;
        if buffering == 1 || (buffering < 0 && crate::modules::io_file::fileio_isatty(&raw)?) {
            buffering = -1;
            line_buffering = true;
        }
        if buffering < 0 {
            buffering = crate::modules::io_file::fileio_blksize(&raw).max(1) as i64;
        }
        if buffering == 0 {
            if m.binary {
                return Ok(raw.clone());
            }
            return Err(value_error("can't have unbuffered text I/O"));
        }
        let kind = if m.updating {
            crate::modules::io_buffered::Kind::Random
        } else if m.creating || m.writing || m.appending {
            crate::modules::io_buffered::Kind::Writer
        } else {
            crate::modules::io_buffered::Kind::Reader
        };
        let buffer =
            crate::modules::io_buffered::new_buffered(kind, raw.clone(), buffering as usize)?;
        if m.binary {
            return Ok(buffer);
        }
        let text = crate::modules::io_text::new_textio(
            buffer.clone(),
            encoding.clone(),
            errors.clone(),
            newline.clone(),
            line_buffering,
            false,
        )?;
        crate::ops::attr::setattr(&text, "mode", Value::from(mode_s.as_str()))?;
        Ok(text)
    })();
    if result.is_err() {
        let _ = call0(&raw, "close");
    }
    result
}

/// `io.text_encoding(encoding, stacklevel=2)`.
fn text_encoding(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("text_encoding", a, kw, &["encoding", "stacklevel"], 1)?;
    let e = p[0].clone().unwrap_or(Value::None);
    if !e.is_none() {
        return Ok(e);
    }
    Ok(Value::from("locale"))
}

// ---------------------------------------------------------------------------
// the standard streams and the helpers other parts of the interpreter use

/// Create `sys.stdin`/`stdout`/`stderr` (and record the main thread, install the
/// start-up signal handlers and `LC_CTYPE`).
pub fn init_stdio(sys: &ObjRef) -> PyResult<()> {
    crate::modules::thread::init_main();
    crate::modules::locale::init_startup();
    crate::modules::signal::init_startup();
    let cfg = crate::vm::interp().config.clone();
    let mut enc = "utf-8".to_string();
    let mut errs: Option<String> = None;
    if !cfg.ignore_environment {
        if let Ok(v) = std::env::var("PYTHONIOENCODING") {
            let (e, r) = match v.split_once(':') {
                Some((e, r)) => (e.to_string(), Some(r.to_string())),
                None => (v.clone(), None),
            };
            if !e.is_empty() {
                enc = e;
                errs = Some("strict".into());
            }
            if let Some(r) = r {
                if !r.is_empty() {
                    errs = Some(r);
                }
            }
        }
    }
    let io_errs = errs.clone().unwrap_or_else(|| "surrogateescape".into());
    for (fd, name, write) in [
        (0, "stdin", false),
        (1, "stdout", true),
        (2, "stderr", true),
    ] {
        let tty = unsafe { libc::isatty(fd) } == 1;
        let errors = if fd == 2 {
            "backslashreplace".to_string()
        } else {
            io_errs.clone()
        };
        let line_buffering = tty || fd == 2;
        let s = create_std(
            fd,
            &format!("<{}>", name),
            write,
            &enc,
            &errors,
            line_buffering,
            write && cfg.unbuffered,
        )?;
        set_attr(sys, name, s.clone());
        set_attr(sys, &format!("__{}__", name), s);
    }
    Ok(())
}

fn create_std(
    fd: i32,
    name: &str,
    write: bool,
    enc: &str,
    errors: &str,
    line_buffering: bool,
    unbuffered: bool,
) -> PyResult<Value> {
    let raw = crate::modules::io_file::new_fileio(
        &Value::Int(fd as i64),
        if write { "w" } else { "r" },
        false,
        &Value::None,
    )?;
    crate::ops::attr::setattr(&raw, "name", Value::from(name))?;
    let buffer = if unbuffered {
        raw
    } else {
        let kind = if write {
            crate::modules::io_buffered::Kind::Writer
        } else {
            crate::modules::io_buffered::Kind::Reader
        };
        crate::modules::io_buffered::new_buffered(kind, raw, DEFAULT_BUFFER_SIZE)?
    };
    let t = crate::modules::io_text::new_textio(
        buffer,
        Some(Value::from(enc)),
        Some(Value::from(errors)),
        Some(Value::from("\n")),
        line_buffering,
        unbuffered,
    )?;
    crate::ops::attr::setattr(&t, "mode", Value::from(if write { "w" } else { "r" }))?;
    Ok(t)
}

/// Whether `v` is exactly a native `TextIOWrapper` (print's fast path).
pub fn is_native_text(v: &Value) -> bool {
    v.class_ref().is(&crate::modules::io_text::textio_type())
}

/// `file.write(text)`, directly for native text streams.
pub fn write_to(file: &Value, text: &str) -> PyResult<()> {
    if is_native_text(file) {
        return crate::modules::io_text::write_str(file, text);
    }
    crate::ops::attr::call_method(file, "write", &[Value::from(text)])?;
    Ok(())
}

/// Flush `sys.stdout` and `sys.stderr`, ignoring errors.
pub fn flush_std() {
    for n in ["stdout", "stderr"] {
        if let Some(f) = crate::modules::sys::get_sys_attr(n) {
            if f.is_none() {
                continue;
            }
            if let Ok(c) = crate::ops::attr::getattr(&f, "closed") {
                if crate::ops::truthy(&c).unwrap_or(false) {
                    continue;
                }
            }
            let _ = call0(&f, "flush");
        }
    }
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    set_attr(
        m,
        "DEFAULT_BUFFER_SIZE",
        Value::Int(DEFAULT_BUFFER_SIZE as i64),
    );
    set_attr(
        m,
        "BlockingIOError",
        Value::Obj(crate::types::exceptions::exc().blocking_io_error.clone()),
    );
    set_attr(
        m,
        "UnsupportedOperation",
        Value::Obj(unsupported_operation()),
    );
    set_attr(m, "_IOBase", Value::Obj(iobase_type()));
    set_attr(m, "_RawIOBase", Value::Obj(rawiobase_type()));
    set_attr(m, "_BufferedIOBase", Value::Obj(bufferediobase_type()));
    set_attr(m, "_TextIOBase", Value::Obj(textiobase_type()));
    set_attr(
        m,
        "FileIO",
        Value::Obj(crate::modules::io_file::fileio_type()),
    );
    set_attr(
        m,
        "BufferedReader",
        Value::Obj(crate::modules::io_buffered::reader_type()),
    );
    set_attr(
        m,
        "BufferedWriter",
        Value::Obj(crate::modules::io_buffered::writer_type()),
    );
    set_attr(
        m,
        "BufferedRandom",
        Value::Obj(crate::modules::io_buffered::random_type()),
    );
    set_attr(
        m,
        "BufferedRWPair",
        Value::Obj(crate::modules::io_buffered::rwpair_type()),
    );
    set_attr(
        m,
        "TextIOWrapper",
        Value::Obj(crate::modules::io_text::textio_type()),
    );
    set_attr(
        m,
        "IncrementalNewlineDecoder",
        Value::Obj(crate::modules::io_text::nldecoder_type()),
    );
    set_attr(
        m,
        "BytesIO",
        Value::Obj(crate::modules::io_memory::bytesio_type()),
    );
    set_attr(
        m,
        "StringIO",
        Value::Obj(crate::modules::io_memory::stringio_type()),
    );
    add_function(m, "open", open);
    add_function(m, "open_code", |a, kw| {
        let p = crate::args::parse("open_code", a, kw, &["path"], 1)?;
        let path = p[0].clone().unwrap_or(Value::None);
        if crate::types::str::as_str(&path).is_none() {
            return Err(type_error(format!(
                "open_code() argument 'path' must be str, not {}",
                path.type_name()
            )));
        }
        open(&[path, Value::from("rb")], None)
    });
    add_function(m, "text_encoding", text_encoding);
    Ok(())
}
