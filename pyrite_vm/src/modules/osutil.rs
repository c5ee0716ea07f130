//! Helpers shared by the OS modules (`posix`, `_io`, `time`, `select`, ...): `OSError`
//! from `errno`, path arguments (`str`, `bytes`, `os.PathLike`, file descriptors), and
//! the per-object lock that native I/O objects hold while they run.
//!
//! Architecture Invariant: every failing libc call becomes an `OSError` (or a subclass
//! chosen by `errno`); nothing here panics.

use crate::errors::*;
use crate::types::exceptions::exc;
use crate::value::Value;
use std::cell::{Cell, UnsafeCell};
use std::ffi::CString;

/// The calling thread's `errno`.
pub fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// `os.strerror(code)`.
pub fn strerror(code: i32) -> String {
    // SAFETY: strerror returns a pointer to a static or thread-local string.
    let p = unsafe { libc::strerror(code) };
    if p.is_null() {
        return format!("Unknown error {}", code);
    }
    unsafe { std::ffi::CStr::from_ptr(p) }
        .to_string_lossy()
        .into_owned()
}

/// `OSError(code, strerror(code), filename, None, filename2)`: the subclass is picked by
/// `OSError.__new__` from the code.
pub fn os_error(code: i32, filename: Option<Value>, filename2: Option<Value>) -> PyErr {
    let mut args = vec![Value::Int(code as i64), Value::from(strerror(code))];
    if filename.is_some() || filename2.is_some() {
        args.push(filename.unwrap_or(Value::None));
    }
    if let Some(f2) = filename2 {
        args.push(Value::None);
        args.push(f2);
    }
    match crate::ops::call::call(&Value::Obj(exc().os_error.clone()), &args, None) {
        Ok(v) => match v {
            Value::Obj(o) => PyErr(o),
            _ => PyErr::new(&exc().os_error, strerror(code)),
        },
        Err(e) => e,
    }
}

/// `OSError` from the current `errno`.
pub fn last_error(filename: Option<Value>) -> PyErr {
    os_error(errno(), filename, None)
}

/// `OSError` from a Rust I/O error.
pub fn io_error(e: &std::io::Error, filename: Option<Value>) -> PyErr {
    os_error(e.raw_os_error().unwrap_or(libc::EIO), filename, None)
}

/// A NUL-terminated copy of `b` (ValueError "embedded null byte" otherwise).
pub fn cstring(b: &[u8]) -> PyResult<CString> {
    CString::new(b.to_vec()).map_err(|_| value_error("embedded null byte"))
}

/// Decode a file-system name (UTF-8; undecodable bytes are replaced).
pub fn fs_decode(b: &[u8]) -> Value {
    match std::str::from_utf8(b) {
        Ok(s) => Value::from(s),
        Err(_) => Value::from(String::from_utf8_lossy(b).into_owned()),
    }
}

/// A path argument after `os.fspath`: its bytes, whether it was given as bytes (results
/// then are bytes too), the object shown in error messages, or a file descriptor.
pub struct PathArg {
    pub bytes: Vec<u8>,
    pub is_bytes: bool,
    /// `str`/`bytes` (after `__fspath__`), for `OSError.filename`; the fd if given one.
    pub obj: Value,
    pub fd: Option<i32>,
}

impl PathArg {
    pub fn cstr(&self, fname: &str) -> PyResult<CString> {
        let c = CString::new(self.bytes.clone())
            .map_err(|_| value_error(format!("{}: embedded null character in path", fname)))?;
        // the embedder's file system decides whether the path may be used at all
        if self.fd.is_none() {
            let write = crate::fs::WRITING_OS_FUNCTIONS.contains(&fname);
            if let Err(e) =
                crate::fs::filesystem().permits(&String::from_utf8_lossy(&self.bytes), write)
            {
                return Err(io_error(&e, Some(self.obj.clone())));
            }
        }
        Ok(c)
    }
    /// A name in the caller's flavour (`bytes` when the path was bytes).
    pub fn make(&self, b: &[u8]) -> Value {
        if self.is_bytes {
            crate::types::bytes::new_bytes(b.to_vec())
        } else {
            fs_decode(b)
        }
    }
    pub fn err(&self) -> PyErr {
        last_error(Some(self.obj.clone()))
    }
}

/// `os.fspath(v)` returning the resulting `str`/`bytes` value.
pub fn fspath_value(v: &Value) -> PyResult<Value> {
    if crate::types::str::as_str(v).is_some() || crate::types::bytes::as_bytes(v).is_some() {
        return Ok(v.clone());
    }
    let Some(f) = crate::ops::attr::lookup_special(v, "__fspath__") else {
        return Err(type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            v.type_name()
        )));
    };
    if f.is_none() {
        return Err(type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            v.type_name()
        )));
    }
    let r = crate::ops::call_unbound(&f, v, &[])?;
    if crate::types::str::as_str(&r).is_some() || crate::types::bytes::as_bytes(&r).is_some() {
        return Ok(r);
    }
    Err(type_error(format!(
        "expected {}.__fspath__() to return str or bytes, not {}",
        v.type_name(),
        r.type_name()
    )))
}

/// Parse a path argument of function `fname` (CPython's `path_t` converter).
pub fn path_arg(
    fname: &str,
    argname: &str,
    v: &Value,
    allow_fd: bool,
    allow_none: bool,
) -> PyResult<PathArg> {
    let bad = |v: &Value| {
        let what = match (allow_fd, allow_none) {
            (true, true) => "string, bytes, os.PathLike, integer or None",
            (true, false) => "string, bytes, os.PathLike or integer",
            (false, true) => "string, bytes, os.PathLike or None",
            (false, false) => "string, bytes or os.PathLike",
        };
        type_error(format!(
            "{}: {} should be {}, not {}",
            fname,
            argname,
            what,
            v.type_name()
        ))
    };
    if v.is_none() && allow_none {
        return Ok(PathArg {
            bytes: b".".to_vec(),
            is_bytes: false,
            obj: Value::None,
            fd: None,
        });
    }
    if let Some(s) = crate::types::str::as_str(v) {
        let s = s.to_string();
        if s.contains('\0') {
            return Err(value_error("embedded null byte"));
        }
        return Ok(PathArg {
            bytes: s.into_bytes(),
            is_bytes: false,
            obj: v.clone(),
            fd: None,
        });
    }
    if let Some(b) = crate::types::bytes::as_bytes(v) {
        if b.contains(&0) {
            return Err(value_error(format!(
                "{}: embedded null character in {}",
                fname, argname
            )));
        }
        return Ok(PathArg {
            bytes: b.to_vec(),
            is_bytes: true,
            obj: v.clone(),
            fd: None,
        });
    }
    if allow_fd && crate::types::int::is_int(v) && !matches!(v, Value::Bool(_))
        || allow_fd && matches!(v, Value::Bool(_))
    {
        let fd = c_int(v)?;
        return Ok(PathArg {
            bytes: Vec::new(),
            is_bytes: false,
            obj: v.clone(),
            fd: Some(fd),
        });
    }
    if crate::ops::attr::lookup_special(v, "__fspath__").is_none() {
        if crate::types::bytes::as_bytes_like(v).is_some() {
            return Err(bad(v));
        }
        return Err(bad(v));
    }
    let r = fspath_value(v)?;
    path_arg(fname, argname, &r, false, false)
}

/// Turn a value into file-system bytes (`str` encoded as UTF-8, `bytes` as is,
/// `os.PathLike` through `__fspath__`).
pub fn fs_bytes(v: &Value) -> PyResult<Vec<u8>> {
    let r = fspath_value(v)?;
    if let Some(s) = crate::types::str::as_str(&r) {
        return Ok(s.as_bytes().to_vec());
    }
    Ok(crate::types::bytes::as_bytes(&r)
        .map(|b| b.to_vec())
        .unwrap_or_default())
}

/// An `int` argument converted to a C `int` ("Python int too large to convert to C int").
pub fn c_int(v: &Value) -> PyResult<i32> {
    if crate::types::float::is_float(v) {
        return Err(type_error(
            "'float' object cannot be interpreted as an integer",
        ));
    }
    let i = crate::types::int::index_value(v)?;
    match crate::types::int::as_i64(&i) {
        Some(x) if x >= i32::MIN as i64 && x <= i32::MAX as i64 => Ok(x as i32),
        _ => Err(overflow_error("Python int too large to convert to C int")),
    }
}

/// A file descriptor argument: an int or an object with `fileno()`.
pub fn fd_arg(v: &Value) -> PyResult<i32> {
    if crate::types::int::is_int(v) {
        let fd = c_int(v)?;
        if fd < 0 {
            return Err(value_error(format!(
                "file descriptor cannot be a negative integer ({})",
                fd
            )));
        }
        return Ok(fd);
    }
    if crate::ops::attr::lookup_special(v, "fileno").is_some()
        || crate::ops::attr::getattr_opt(v, "fileno")?.is_some()
    {
        let r = crate::ops::attr::call_method(v, "fileno", &[])?;
        if !crate::types::int::is_int(&r) {
            return Err(type_error("fileno() returned a non-integer"));
        }
        let fd = c_int(&r)?;
        if fd < 0 {
            return Err(value_error(format!(
                "file descriptor cannot be a negative integer ({})",
                fd
            )));
        }
        return Ok(fd);
    }
    Err(type_error(
        "argument must be an int, or have a fileno() method.",
    ))
}

/// Retry a syscall interrupted by a signal (PEP 475): run the signal handlers, which
/// may raise, then try again.
pub fn retry_eintr<T>(mut f: impl FnMut() -> (T, bool)) -> PyResult<T> {
    loop {
        let (r, failed) = f();
        if failed && errno() == libc::EINTR {
            crate::modules::signal::check_signals()?;
            continue;
        }
        return Ok(r);
    }
}

/// Mutual exclusion for the state of a native object whose methods call back into
/// Python or release the GIL (buffered and text I/O). Taking it from the same thread
/// again raises `RuntimeError("reentrant call inside ...")`; another thread waits (with
/// the GIL released) until the holder is done.
pub struct Locked<T> {
    owner: Cell<u64>,
    /// `thread::fork_generation()` when the owner took the lock: a lock held by a
    /// thread that did not survive `fork()` counts as free in the child.
    generation: Cell<u64>,
    data: UnsafeCell<T>,
}

pub struct Guard<'a, T> {
    l: &'a Locked<T>,
}

impl<T> Locked<T> {
    pub fn new(v: T) -> Self {
        Locked {
            owner: Cell::new(0),
            generation: Cell::new(0),
            data: UnsafeCell::new(v),
        }
    }
    /// Take the lock; `what` describes the object for the reentrancy error.
    pub fn lock(&self, what: &dyn Fn() -> String) -> PyResult<Guard<'_, T>> {
        let me = crate::modules::thread::ident();
        let gen = crate::modules::thread::fork_generation();
        loop {
            let mut o = self.owner.get();
            if o != 0 && self.generation.get() != gen {
                o = 0;
            }
            if o == 0 {
                self.owner.set(me);
                self.generation.set(gen);
                return Ok(Guard { l: self });
            }
            if o == me {
                return Err(runtime_error(format!("reentrant call inside {}", what())));
            }
            crate::modules::thread::yield_gil();
        }
    }
    /// Access without taking the lock (only for fields that are never borrowed across
    /// Python code, e.g. plain flags).
    #[allow(clippy::mut_from_ref)]
    pub fn unlocked(&self) -> &mut T {
        // SAFETY: callers only read/write plain fields under the GIL and keep no
        // reference across Python code.
        unsafe { &mut *self.data.get() }
    }
    pub fn is_locked(&self) -> bool {
        self.owner.get() != 0
    }
}

impl<T> std::ops::Deref for Guard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the guard is the only holder (owner check above).
        unsafe { &*self.l.data.get() }
    }
}

impl<T> std::ops::DerefMut for Guard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as above.
        unsafe { &mut *self.l.data.get() }
    }
}

impl<T> Drop for Guard<'_, T> {
    fn drop(&mut self) {
        self.l.owner.set(0);
    }
}

static STRUCTSEQ_FACTORY: crate::gil::GilCell<Option<Value>> = crate::gil::GilCell::new(None);

const STRUCTSEQ_SRC: &str = r#"
def make(module, name, fields, nseq):
    qual = name if module == 'builtins' else f'{module}.{name}'
    nfields = len(fields)
    named = [f for f in fields if f is not None]
    def __new__(cls, sequence=(), dict=None):
        seq = tuple(sequence)
        n = len(seq)
        if n < nseq or n > nfields:
            if nseq == nfields:
                raise TypeError(f"{qual}() takes a {nseq}-sequence ({n}-sequence given)")
            if n < nseq:
                raise TypeError(f"{qual}() takes an at least {nseq}-sequence ({n}-sequence given)")
            raise TypeError(f"{qual}() takes an at most {nfields}-sequence ({n}-sequence given)")
        self = tuple.__new__(cls, seq[:nseq])
        extra = list(seq[nseq:])
        for f in fields[n:]:
            extra.append(dict.get(f) if dict is not None and f is not None else None)
        self.__dict__['_extra'] = tuple(extra)
        return self
    def __repr__(self):
        return f"{qual}(" + ", ".join(f"{f}={v!r}" for f, v in zip(named, self)) + ")"
    def __reduce__(self):
        return (type(self), (tuple(self), {f: getattr(self, f) for f in fields[nseq:] if f is not None}))
    ns = {'__new__': __new__, '__repr__': __repr__, '__reduce__': __reduce__, '__module__': module,
          'n_sequence_fields': nseq, 'n_fields': nfields,
          'n_unnamed_fields': nfields - len(named), '_fields': tuple(named[:nseq]),
          '__match_args__': tuple(named[:nseq])}
    for i, f in enumerate(fields):
        if f is None:
            continue
        if i < nseq:
            ns[f] = property(lambda self, i=i: tuple.__getitem__(self, i))
        else:
            ns[f] = property(lambda self, k=i - nseq: self.__dict__['_extra'][k])
    cls = type(name, (tuple,), ns)
    cls.__qualname__ = name
    return cls
"#;

/// Create a struct-sequence class (`os.stat_result`, `time.struct_time`, ...): a tuple
/// of the first `n_sequence` values with every field also readable by name; `None`
/// names unnamed fields. Instances are built with `cls((values...))`.
pub fn structseq_type(
    module: &str,
    name: &str,
    fields: &[Option<&str>],
    n_sequence: usize,
) -> PyResult<Value> {
    let factory = match STRUCTSEQ_FACTORY.get().clone() {
        Some(f) => f,
        None => {
            let code = crate::builtins::compile_source(
                STRUCTSEQ_SRC,
                "<pyrite-structseq>",
                pyrite_compiler::Mode::Exec,
            )?;
            let g = crate::types::dict::new_dict();
            let gd = crate::types::dict::as_dict(&g)
                .ok_or_else(|| runtime_error("structseq globals"))?;
            gd.set_str(
                "__builtins__",
                Value::Obj(crate::vm::interp().builtins.clone()),
            );
            gd.set_str("__name__", Value::from("_pyrite_structseq"));
            let go = g
                .as_obj()
                .cloned()
                .ok_or_else(|| runtime_error("structseq globals"))?;
            let co = code
                .as_obj()
                .cloned()
                .ok_or_else(|| runtime_error("structseq code"))?;
            crate::frame::run_code(&co, &go, Some(g.clone()))?;
            let f = gd
                .get_str_key("make")
                .ok_or_else(|| runtime_error("structseq factory"))?;
            *STRUCTSEQ_FACTORY.get() = Some(f.clone());
            f
        }
    };
    let names = crate::types::tuple::new_tuple(
        fields
            .iter()
            .map(|f| f.map(Value::from).unwrap_or(Value::None))
            .collect(),
    );
    crate::ops::call::call(
        &factory,
        &[
            Value::from(module),
            Value::from(name),
            names,
            Value::Int(n_sequence as i64),
        ],
        None,
    )
}

/// An instance of a struct-sequence class from all its values.
pub fn structseq_new(cls: &Value, values: Vec<Value>) -> PyResult<Value> {
    crate::ops::call::call(cls, &[crate::types::tuple::new_tuple(values)], None)
}

/// `import name` (absolute) returning the module.
pub fn import(name: &str) -> PyResult<Value> {
    crate::import::import_module_level(&Value::from(name), Value::None, Value::None, 0)
}

/// A zero-filled buffer of `n` bytes, or `MemoryError` (never an allocation abort).
pub fn zeroed(n: usize) -> PyResult<Vec<u8>> {
    let mut v: Vec<u8> = Vec::new();
    if n > isize::MAX as usize || v.try_reserve_exact(n).is_err() {
        return Err(memory_error());
    }
    v.resize(n, 0);
    Ok(v)
}

/// Make room for `extra` more elements in `v`, or `MemoryError`.
pub fn reserve<T>(v: &mut Vec<T>, extra: usize) -> PyResult<()> {
    v.try_reserve(extra).map_err(|_| memory_error())
}
