//! `_io.FileIO`: raw, unbuffered I/O on a file descriptor. Files opened by name go
//! through the installed `FileSystem` (`posix::open_path`).

use crate::errors::*;
use crate::modules::io_mod::{
    buffer_len, copy_into, io_type, rawiobase_type, unsupported, DEFAULT_BUFFER_SIZE,
};
use crate::modules::ndata::{get, new_cls, new_native, NativeData};
use crate::modules::osutil::{errno, last_error};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::value::Value;
use std::cell::Cell;

pub struct FileIO {
    fd: Cell<i32>,
    readable: Cell<bool>,
    writable: Cell<bool>,
    appending: Cell<bool>,
    created: Cell<bool>,
    closefd: Cell<bool>,
    /// -1 unknown, 0 no, 1 yes.
    seekable: Cell<i8>,
    blksize: Cell<i64>,
}

impl NativeData for FileIO {}

impl Drop for FileIO {
    fn drop(&mut self) {
        let fd = self.fd.get();
        if fd >= 0 && self.closefd.get() {
            // SAFETY: closing a descriptor this object owns.
            unsafe { libc::close(fd) };
        }
    }
}

crate::native_type!(fileio_type, make_fileio_type);

fn blank() -> FileIO {
    FileIO {
        fd: Cell::new(-1),
        readable: Cell::new(false),
        writable: Cell::new(false),
        appending: Cell::new(false),
        created: Cell::new(false),
        closefd: Cell::new(true),
        seekable: Cell::new(-1),
        blksize: Cell::new(0),
    }
}

pub fn fio(v: &Value) -> PyResult<&FileIO> {
    get::<FileIO>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a '_io.FileIO' object but received '{}'",
            v.type_name()
        ))
    })
}

/// Whether `v` is a native `FileIO` (or subclass instance) whose methods are not
/// overridden: the buffered layer may then call it directly.
pub fn is_plain_fileio(v: &Value) -> bool {
    v.class_ref().is(&fileio_type())
}

fn err_closed() -> PyErr {
    value_error("I/O operation on closed file")
}

impl FileIO {
    fn open_fd(&self) -> PyResult<i32> {
        let fd = self.fd.get();
        if fd < 0 {
            return Err(err_closed());
        }
        Ok(fd)
    }
    fn mode_string(&self) -> &'static str {
        match (
            self.created.get(),
            self.appending.get(),
            self.readable.get(),
            self.writable.get(),
        ) {
            (true, _, true, _) => "xb+",
            (true, _, false, _) => "xb",
            (false, true, true, _) => "ab+",
            (false, true, false, _) => "ab",
            (false, false, true, true) => "rb+",
            (false, false, true, false) => "rb",
            _ => "wb",
        }
    }
    /// Read up to `n` bytes; `None` if the fd is non-blocking and has no data.
    pub fn read_n(&self, n: usize) -> PyResult<Option<Vec<u8>>> {
        let fd = self.open_fd()?;
        if !self.readable.get() {
            return Err(unsupported("File not open for reading"));
        }
        match crate::modules::posix::read_fd(fd, n) {
            Ok(d) => Ok(Some(d)),
            Err(e)
                if errno() == libc::EAGAIN
                    && e.matches(&crate::types::exceptions::exc().blocking_io_error) =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
    pub fn read_all(&self) -> PyResult<Option<Vec<u8>>> {
        let fd = self.open_fd()?;
        if !self.readable.get() {
            return Err(unsupported("File not open for reading"));
        }
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        let mut chunk = DEFAULT_BUFFER_SIZE;
        if unsafe { libc::fstat(fd, &mut st) } == 0 && st.st_size > 0 {
            let pos = unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) };
            if pos >= 0 && st.st_size >= pos {
                chunk = ((st.st_size - pos) as usize + 1).max(64).min(1 << 30);
            }
        }
        let mut out: Vec<u8> = Vec::new();
        loop {
            match crate::modules::posix::read_fd(fd, chunk) {
                Ok(d) => {
                    if d.is_empty() {
                        break;
                    }
                    out.extend_from_slice(&d);
                    chunk = chunk
                        .max(out.len() / 2)
                        .max(DEFAULT_BUFFER_SIZE)
                        .min(1 << 26);
                }
                Err(e)
                    if errno() == libc::EAGAIN
                        && e.matches(&crate::types::exceptions::exc().blocking_io_error) =>
                {
                    if out.is_empty() {
                        return Ok(None);
                    }
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(Some(out))
    }
    pub fn write(&self, data: &[u8]) -> PyResult<Option<usize>> {
        let fd = self.open_fd()?;
        if !self.writable.get() {
            return Err(unsupported("File not open for writing"));
        }
        match crate::modules::posix::write_fd(fd, data) {
            Ok(n) => Ok(Some(n)),
            Err(e)
                if errno() == libc::EAGAIN
                    && e.matches(&crate::types::exceptions::exc().blocking_io_error) =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
    pub fn seek(&self, pos: i64, whence: i32) -> PyResult<i64> {
        let fd = self.open_fd()?;
        let r = unsafe { libc::lseek(fd, pos, whence) };
        if r < 0 {
            return Err(last_error(None));
        }
        self.seekable.set(1);
        Ok(r)
    }
    pub fn is_seekable(&self) -> PyResult<bool> {
        let fd = self.open_fd()?;
        if self.seekable.get() < 0 {
            let r = unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) };
            self.seekable.set((r >= 0) as i8);
        }
        Ok(self.seekable.get() == 1)
    }
    pub fn fd(&self) -> i32 {
        self.fd.get()
    }
    pub fn is_readable(&self) -> bool {
        self.readable.get()
    }
    pub fn is_writable(&self) -> bool {
        self.writable.get()
    }
}

fn bad_mode() -> PyErr {
    value_error("Must have exactly one of create/read/write/append mode and at most one plus")
}

/// `FileIO.__init__(file, mode='r', closefd=True, opener=None)` on `this`.
fn fileio_init(
    this: &Value,
    file: &Value,
    mode: &str,
    closefd: bool,
    opener: &Value,
) -> PyResult<()> {
    let f = fio(this)?;
    if f.fd.get() >= 0 {
        if f.closefd.get() {
            unsafe { libc::close(f.fd.get()) };
        }
        f.fd.set(-1);
    }
    if crate::types::float::is_float(file) {
        return Err(type_error("integer argument expected, got float"));
    }
    let mut given_fd = -1;
    if crate::types::int::is_int(file) {
        given_fd = crate::modules::osutil::c_int(file)?;
        if given_fd < 0 {
            return Err(value_error("negative file descriptor"));
        }
    }
    let (mut readable, mut writable, mut appending, mut created, mut plus, mut rwa) =
        (false, false, false, false, false, false);
    let mut flags = 0;
    for c in mode.chars() {
        match c {
            'x' | 'r' | 'w' | 'a' => {
                if rwa {
                    return Err(bad_mode());
                }
                rwa = true;
                match c {
                    'x' => {
                        created = true;
                        writable = true;
                        flags |= libc::O_EXCL | libc::O_CREAT;
                    }
                    'r' => readable = true,
                    'w' => {
                        writable = true;
                        flags |= libc::O_CREAT | libc::O_TRUNC;
                    }
                    _ => {
                        writable = true;
                        appending = true;
                        flags |= libc::O_APPEND | libc::O_CREAT;
                    }
                }
            }
            'b' => {}
            '+' => {
                if plus {
                    return Err(bad_mode());
                }
                readable = true;
                writable = true;
                plus = true;
            }
            _ => return Err(value_error(format!("invalid mode: {}", mode))),
        }
    }
    if !rwa {
        return Err(bad_mode());
    }
    flags |= if readable && writable {
        libc::O_RDWR
    } else if readable {
        libc::O_RDONLY
    } else {
        libc::O_WRONLY
    };
    flags |= libc::O_CLOEXEC;
    f.readable.set(readable);
    f.writable.set(writable);
    f.appending.set(appending);
    f.created.set(created);
    f.seekable.set(-1);
    let mut name_obj = file.clone();
    let fd;
    if given_fd >= 0 {
        fd = given_fd;
        f.closefd.set(closefd);
    } else {
        if !closefd {
            return Err(value_error("Cannot use closefd=False with file name"));
        }
        f.closefd.set(true);
        let path = crate::modules::osutil::fspath_value(file)?;
        let bytes = crate::modules::osutil::fs_bytes(&path)?;
        if bytes.contains(&0) {
            return Err(value_error("embedded null character"));
        }
        crate::modules::sys::audit(
            "open",
            vec![file.clone(), Value::from(mode), Value::Int(flags as i64)],
        )?;
        name_obj = path.clone();
        if opener.is_none() {
            fd = loop {
                match crate::modules::posix::open_path(&bytes, flags, 0o666, libc::AT_FDCWD) {
                    Ok(fd) => break fd,
                    Err(e) if e.raw_os_error() == Some(libc::EINTR) => {
                        crate::modules::signal::check_signals()?
                    }
                    Err(e) => return Err(crate::modules::osutil::io_error(&e, Some(path.clone()))),
                }
            };
        } else {
            let r =
                crate::ops::call::call(opener, &[path.clone(), Value::Int(flags as i64)], None)?;
            if !crate::types::int::is_int(&r) {
                return Err(type_error("expected integer from opener"));
            }
            let x = crate::modules::osutil::c_int(&r)?;
            if x < 0 {
                return Err(value_error(format!("opener returned {}", x)));
            }
            fd = x;
        }
    }
    f.fd.set(fd);
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(fd, &mut st) } != 0 {
        let e = last_error(None);
        if errno() == libc::EBADF {
            f.fd.set(-1);
            return Err(e);
        }
    } else {
        if st.st_mode & libc::S_IFMT == libc::S_IFDIR {
            if given_fd < 0 {
                unsafe { libc::close(fd) };
            }
            f.fd.set(-1);
            return Err(crate::modules::osutil::os_error(
                libc::EISDIR,
                Some(name_obj),
                None,
            ));
        }
        f.blksize.set(if st.st_blksize > 1 {
            st.st_blksize as i64
        } else {
            DEFAULT_BUFFER_SIZE as i64
        });
    }
    crate::ops::attr::setattr(this, "name", name_obj)?;
    if appending {
        unsafe { libc::lseek(fd, 0, libc::SEEK_END) };
    }
    Ok(())
}

/// A new exact `FileIO` (what `open()` uses).
pub fn new_fileio(file: &Value, mode: &str, closefd: bool, opener: &Value) -> PyResult<Value> {
    let v = new_native(&fileio_type(), blank());
    fileio_init(&v, file, mode, closefd, opener)?;
    Ok(v)
}

pub fn fileio_isatty(v: &Value) -> PyResult<bool> {
    let fd = fio(v)?.open_fd()?;
    Ok(unsafe { libc::isatty(fd) } == 1)
}

pub fn fileio_blksize(v: &Value) -> usize {
    fio(v).map(|f| f.blksize.get()).unwrap_or(0).max(0) as usize
}

fn type_label(v: &Value) -> String {
    let c = v.class();
    if c.is(&fileio_type()) {
        "_io.FileIO".into()
    } else {
        crate::types::typeobj::type_name(&c)
    }
}

fn init_method(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse(
        "FileIO",
        &a[1..],
        kw,
        &["file", "mode", "closefd", "opener"],
        1,
    )?;
    let mode = match &p[1] {
        Some(m) => crate::types::str::as_str(m)
            .ok_or_else(|| {
                type_error(format!(
                    "FileIO() argument 'mode' must be str, not {}",
                    m.type_name()
                ))
            })?
            .to_string(),
        None => "r".into(),
    };
    let closefd = match &p[2] {
        Some(v) => crate::ops::truthy(v)?,
        None => true,
    };
    fileio_init(
        &a[0],
        p[0].as_ref().unwrap_or(&Value::None),
        &mode,
        closefd,
        p[3].as_ref().unwrap_or(&Value::None),
    )?;
    Ok(Value::None)
}

fn make_fileio_type() -> ObjRef {
    let t = io_type("FileIO", &rawiobase_type());
    add_staticmethod(&t, "__new__", |a, _| {
        let cls = new_cls(a, &fileio_type())?;
        Ok(new_native(&cls, blank()))
    });
    add_method(&t, "__init__", init_method);
    add_method(&t, "read", |a, kw| {
        let p = crate::args::parse("read", &a[1..], kw, &["size"], 0)?;
        let n = crate::modules::io_mod::opt_size(p[0].as_ref())?;
        let f = fio(&a[0])?;
        let r = if n < 0 {
            f.read_all()?
        } else {
            f.read_n(n as usize)?
        };
        Ok(r.map(crate::types::bytes::new_bytes).unwrap_or(Value::None))
    });
    add_method(&t, "readall", |a, _| {
        Ok(fio(&a[0])?
            .read_all()?
            .map(crate::types::bytes::new_bytes)
            .unwrap_or(Value::None))
    });
    add_method(&t, "readinto", |a, _| {
        check_args("readinto", &a[1..], 1, 1)?;
        let f = fio(&a[0])?;
        f.open_fd()?;
        if !f.readable.get() {
            return Err(unsupported("File not open for reading"));
        }
        let n = buffer_len(&a[1])?;
        match f.read_n(n)? {
            Some(d) => {
                copy_into(&a[1], &d)?;
                Ok(Value::Int(d.len() as i64))
            }
            None => Ok(Value::None),
        }
    });
    add_method(&t, "write", |a, _| {
        check_args("write", &a[1..], 1, 1)?;
        let f = fio(&a[0])?;
        f.open_fd()?;
        let data = crate::modules::ndata::need_buffer(&a[1])?;
        Ok(f.write(&data)?
            .map(|n| Value::Int(n as i64))
            .unwrap_or(Value::None))
    });
    add_method(&t, "seek", |a, _| {
        check_args("seek", &a[1..], 1, 2)?;
        let f = fio(&a[0])?;
        f.open_fd()?;
        if crate::types::float::is_float(&a[1]) {
            return Err(type_error("an integer is required"));
        }
        let pos = crate::types::int::index_i64(&a[1])?;
        let whence = match a.get(2) {
            Some(w) => crate::modules::osutil::c_int(w)?,
            None => 0,
        };
        Ok(Value::Int(f.seek(pos, whence)?))
    });
    add_method(&t, "tell", |a, _| {
        Ok(Value::Int(fio(&a[0])?.seek(0, libc::SEEK_CUR)?))
    });
    add_method(&t, "truncate", |a, _| {
        check_args("truncate", &a[1..], 0, 1)?;
        let f = fio(&a[0])?;
        let fd = f.open_fd()?;
        if !f.writable.get() {
            return Err(unsupported("File not open for writing"));
        }
        let size = match a.get(1) {
            None | Some(Value::None) => f.seek(0, libc::SEEK_CUR)?,
            Some(v) => crate::types::int::index_i64(v)?,
        };
        if unsafe { libc::ftruncate(fd, size) } != 0 {
            return Err(last_error(None));
        }
        Ok(Value::Int(size))
    });
    add_method(&t, "close", |a, _| {
        let base =
            crate::types::typeobj::lookup_str(&crate::modules::io_mod::iobase_type(), "close")
                .unwrap_or(Value::None);
        let r = crate::ops::call::call(&base, &[a[0].clone()], None);
        let f = fio(&a[0])?;
        let fd = f.fd.get();
        if fd >= 0 {
            f.fd.set(-1);
            if f.closefd.get() && unsafe { libc::close(fd) } != 0 {
                let e = last_error(None);
                r?;
                return Err(e);
            }
        }
        r.map(|_| Value::None)
    });
    add_method(&t, "seekable", |a, _| {
        Ok(Value::Bool(fio(&a[0])?.is_seekable()?))
    });
    add_method(&t, "readable", |a, _| {
        let f = fio(&a[0])?;
        f.open_fd()?;
        Ok(Value::Bool(f.readable.get()))
    });
    add_method(&t, "writable", |a, _| {
        let f = fio(&a[0])?;
        f.open_fd()?;
        Ok(Value::Bool(f.writable.get()))
    });
    add_method(&t, "fileno", |a, _| {
        Ok(Value::Int(fio(&a[0])?.open_fd()? as i64))
    });
    add_method(&t, "isatty", |a, _| Ok(Value::Bool(fileio_isatty(&a[0])?)));
    add_method(&t, "_dealloc_warn", |_a, _| Ok(Value::None));
    add_method(&t, "__getstate__", |a, _| {
        Err(type_error(format!(
            "cannot pickle '{}' instances",
            type_label(&a[0])
        )))
    });
    add_method(&t, "__repr__", |a, _| {
        let f = fio(&a[0])?;
        let label = type_label(&a[0]);
        if f.fd.get() < 0 {
            return Ok(Value::from(format!("<{} [closed]>", label)));
        }
        let closefd = if f.closefd.get() { "True" } else { "False" };
        match crate::ops::attr::getattr_opt(&a[0], "name")? {
            Some(n) => Ok(Value::from(format!(
                "<{} name={} mode='{}' closefd={}>",
                label,
                crate::ops::repr(&n)?,
                f.mode_string(),
                closefd
            ))),
            None => Ok(Value::from(format!(
                "<{} fd={} mode='{}' closefd={}>",
                label,
                f.fd.get(),
                f.mode_string(),
                closefd
            ))),
        }
    });
    add_getset(
        &t,
        "closed",
        |v| Ok(Value::Bool(fio(v)?.fd.get() < 0)),
        None,
    );
    add_getset(
        &t,
        "closefd",
        |v| Ok(Value::Bool(fio(v)?.closefd.get())),
        None,
    );
    add_getset(&t, "mode", |v| Ok(Value::from(fio(v)?.mode_string())), None);
    add_getset(
        &t,
        "_blksize",
        |v| Ok(Value::Int(fio(v)?.blksize.get())),
        None,
    );
    add_getset(&t, "_finalizing", |_| Ok(Value::Bool(false)), None);
    crate::modules::ndata::finish_type(&t);
    t
}
