//! `posix`: the operating-system interface behind `os` (files, directories,
//! processes, environment) on Linux, through libc.
//!
//! File-system access: `open()` without `dir_fd` goes through `crate::fs::filesystem()`
//! (so an embedder's read-only or no-I/O file system applies to it); `listdir()` of a
//! `str` path uses the trait's `read_dir`. The other calls (`stat`, `mkdir`, `unlink`,
//! `rename`, `scandir`, ... and everything with `dir_fd`) need richer results than the
//! trait offers and call libc directly.

use crate::errors::*;
use crate::gil::GilCell;
use crate::modules::ndata::{new_native, this, NativeData};
use crate::modules::osutil::{self, c_int, cstring, last_error, os_error, path_arg, PathArg};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::{add_classmethod, add_method};
use crate::value::Value;
use std::cell::UnsafeCell;

fn argp(
    name: &str,
    a: &[Value],
    kw: Kw,
    names: &[&str],
    req: usize,
) -> PyResult<Vec<Option<Value>>> {
    crate::args::parse(name, a, kw, names, req)
}

fn dir_fd(v: &Option<Value>) -> PyResult<i32> {
    match v {
        None | Some(Value::None) => Ok(libc::AT_FDCWD),
        Some(v) => {
            if !crate::types::int::is_int(v) {
                return Err(type_error(format!(
                    "argument should be integer or None, not {}",
                    v.type_name()
                )));
            }
            c_int(v)
        }
    }
}

fn flag(v: &Option<Value>, default: bool) -> PyResult<bool> {
    match v {
        None => Ok(default),
        Some(v) => crate::ops::truthy(v),
    }
}

fn int_of<T: Into<i128>>(x: T) -> Value {
    let i: i128 = x.into();
    if i >= i64::MIN as i128 && i <= i64::MAX as i128 {
        Value::Int(i as i64)
    } else {
        crate::types::int::from_bigint(num_bigint::BigInt::from(i))
    }
}

fn ok_or_err(r: libc::c_int, p: Option<&PathArg>) -> PyResult<Value> {
    if r != 0 {
        return Err(match p {
            Some(p) => p.err(),
            None => last_error(None),
        });
    }
    Ok(Value::None)
}

fn pair(a: Value, b: Value) -> Value {
    crate::types::tuple::new_tuple(vec![a, b])
}

// ---------------------------------------------------------------------------
// struct sequences

static TYPES: GilCell<Option<Vec<Value>>> = GilCell::new(None);

fn seq_type(i: usize) -> PyResult<Value> {
    if TYPES.get().is_none() {
        let stat = osutil::structseq_type(
            "os",
            "stat_result",
            &[
                Some("st_mode"),
                Some("st_ino"),
                Some("st_dev"),
                Some("st_nlink"),
                Some("st_uid"),
                Some("st_gid"),
                Some("st_size"),
                None,
                None,
                None,
                Some("st_atime"),
                Some("st_mtime"),
                Some("st_ctime"),
                Some("st_atime_ns"),
                Some("st_mtime_ns"),
                Some("st_ctime_ns"),
                Some("st_blksize"),
                Some("st_blocks"),
                Some("st_rdev"),
            ],
            10,
        )?;
        let statvfs = osutil::structseq_type(
            "os",
            "statvfs_result",
            &[
                Some("f_bsize"),
                Some("f_frsize"),
                Some("f_blocks"),
                Some("f_bfree"),
                Some("f_bavail"),
                Some("f_files"),
                Some("f_ffree"),
                Some("f_favail"),
                Some("f_flag"),
                Some("f_namemax"),
                Some("f_fsid"),
            ],
            10,
        )?;
        let term =
            osutil::structseq_type("os", "terminal_size", &[Some("columns"), Some("lines")], 2)?;
        let times = osutil::structseq_type(
            "posix",
            "times_result",
            &[
                Some("user"),
                Some("system"),
                Some("children_user"),
                Some("children_system"),
                Some("elapsed"),
            ],
            5,
        )?;
        let uname = osutil::structseq_type(
            "posix",
            "uname_result",
            &[
                Some("sysname"),
                Some("nodename"),
                Some("release"),
                Some("version"),
                Some("machine"),
            ],
            5,
        )?;
        *TYPES.get() = Some(vec![stat, statvfs, term, times, uname]);
    }
    TYPES
        .get()
        .as_ref()
        .and_then(|v| v.get(i).cloned())
        .ok_or_else(|| runtime_error("posix types"))
}

/// An `os.stat_result` from a `struct stat`.
pub fn stat_value(st: &libc::stat) -> PyResult<Value> {
    let t = |s: i64, ns: i64| {
        (
            s as f64 + ns as f64 * 1e-9,
            s as i128 * 1_000_000_000 + ns as i128,
        )
    };
    let (af, an) = t(st.st_atime, st.st_atime_nsec);
    let (mf, mn) = t(st.st_mtime, st.st_mtime_nsec);
    let (cf, cn) = t(st.st_ctime, st.st_ctime_nsec);
    let vals = vec![
        int_of(st.st_mode),
        int_of(st.st_ino),
        int_of(st.st_dev),
        int_of(st.st_nlink as u64),
        int_of(st.st_uid),
        int_of(st.st_gid),
        int_of(st.st_size),
        int_of(st.st_atime),
        int_of(st.st_mtime),
        int_of(st.st_ctime),
        Value::Float(af),
        Value::Float(mf),
        Value::Float(cf),
        int_of(an),
        int_of(mn),
        int_of(cn),
        int_of(st.st_blksize as i64),
        int_of(st.st_blocks),
        int_of(st.st_rdev),
    ];
    osutil::structseq_new(&seq_type(0)?, vals)
}

fn do_stat(fname: &str, p: &PathArg, dfd: i32, follow: bool) -> PyResult<libc::stat> {
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    let r = if let Some(fd) = p.fd {
        if dfd != libc::AT_FDCWD || !follow {
            return Err(value_error(format!(
                "{}: cannot use fd and dir_fd/follow_symlinks together",
                fname
            )));
        }
        unsafe { libc::fstat(fd, &mut st) }
    } else {
        let c = p.cstr(fname)?;
        let fl = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
        unsafe { libc::fstatat(dfd, c.as_ptr(), &mut st, fl) }
    };
    if r != 0 {
        return Err(p.err());
    }
    Ok(st)
}

fn stat_fn(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = argp("stat", a, kw, &["path", "$dir_fd", "$follow_symlinks"], 1)?;
    let path = path_arg(
        "stat",
        "path",
        p[0].as_ref().unwrap_or(&Value::None),
        true,
        false,
    )?;
    let st = do_stat("stat", &path, dir_fd(&p[1])?, flag(&p[2], true)?)?;
    stat_value(&st)
}

fn lstat_fn(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = argp("lstat", a, kw, &["path", "$dir_fd"], 1)?;
    let path = path_arg(
        "lstat",
        "path",
        p[0].as_ref().unwrap_or(&Value::None),
        false,
        false,
    )?;
    let st = do_stat("lstat", &path, dir_fd(&p[1])?, false)?;
    stat_value(&st)
}

fn fstat_fn(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = argp("fstat", a, kw, &["fd"], 1)?;
    let fd = c_int(p[0].as_ref().unwrap_or(&Value::None))?;
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(fd, &mut st) } != 0 {
        return Err(last_error(None));
    }
    stat_value(&st)
}

// ---------------------------------------------------------------------------
// file descriptors

/// Open a file, through the installed `FileSystem` when the request can be expressed
/// with `OpenOptions` (no `dir_fd`, UTF-8 path); otherwise with `openat` directly.
pub fn open_path(path: &[u8], flags: i32, mode: u32, dfd: i32) -> std::io::Result<i32> {
    let writing =
        flags & libc::O_ACCMODE != libc::O_RDONLY || flags & (libc::O_CREAT | libc::O_TRUNC) != 0;
    crate::fs::filesystem().permits(&String::from_utf8_lossy(path), writing)?;
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::IntoRawFd;
    let acc = flags & libc::O_ACCMODE;
    let creat = flags & libc::O_CREAT != 0;
    let trunc = flags & libc::O_TRUNC != 0;
    let utf8 = std::str::from_utf8(path).ok();
    let std_ok = dfd == libc::AT_FDCWD
        && !((creat || trunc) && acc == libc::O_RDONLY)
        && utf8.is_some()
        && acc != libc::O_ACCMODE;
    if let (true, Some(p)) = (std_ok, utf8) {
        let mut o = std::fs::OpenOptions::new();
        o.read(acc == libc::O_RDONLY || acc == libc::O_RDWR);
        o.write(acc == libc::O_WRONLY || acc == libc::O_RDWR);
        if flags & libc::O_APPEND != 0 {
            o.append(true);
        }
        if creat && flags & libc::O_EXCL != 0 {
            o.create_new(true);
        } else if creat {
            o.create(true);
        }
        if trunc {
            o.truncate(true);
        }
        o.mode(mode);
        o.custom_flags(
            flags
                & !(libc::O_ACCMODE
                    | libc::O_CREAT
                    | libc::O_EXCL
                    | libc::O_TRUNC
                    | libc::O_APPEND),
        );
        let f = crate::fs::filesystem().open(p, &o)?;
        let fd = f.into_raw_fd();
        if flags & libc::O_CLOEXEC == 0 {
            // std always sets O_CLOEXEC; honour an inheritable request
            unsafe {
                let fl = libc::fcntl(fd, libc::F_GETFD);
                if fl >= 0 {
                    libc::fcntl(fd, libc::F_SETFD, fl & !libc::FD_CLOEXEC);
                }
            }
        }
        return Ok(fd);
    }
    let c = std::ffi::CString::new(path.to_vec())
        .map_err(|_| std::io::Error::from_raw_os_error(libc::EINVAL))?;
    let fd = unsafe { libc::openat(dfd, c.as_ptr(), flags, mode as libc::c_uint) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(fd)
}

fn open_fn(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = argp("open", a, kw, &["path", "flags", "mode", "$dir_fd"], 2)?;
    let path = path_arg(
        "open",
        "path",
        p[0].as_ref().unwrap_or(&Value::None),
        false,
        false,
    )?;
    let flags = c_int(p[1].as_ref().unwrap_or(&Value::Int(0)))?;
    let mode = match &p[2] {
        Some(v) => c_int(v)?,
        None => 0o777,
    };
    let dfd = dir_fd(&p[3])?;
    path.cstr("open")?;
    loop {
        match open_path(&path.bytes, flags | libc::O_CLOEXEC, mode as u32, dfd) {
            Ok(fd) => return Ok(Value::Int(fd as i64)),
            Err(e) if e.raw_os_error() == Some(libc::EINTR) => {
                crate::modules::signal::check_signals()?
            }
            Err(e) => return Err(osutil::io_error(&e, Some(path.obj.clone()))),
        }
    }
}

/// `read(2)` with the GIL released and EINTR retried.
pub fn read_fd(fd: i32, n: usize) -> PyResult<Vec<u8>> {
    let mut buf = osutil::zeroed(n)?;
    loop {
        let r = crate::modules::thread::allow_threads(|| unsafe {
            libc::read(fd, buf.as_mut_ptr() as *mut libc::c_void, n)
        });
        if r < 0 {
            if osutil::errno() == libc::EINTR {
                crate::modules::signal::check_signals()?;
                continue;
            }
            return Err(last_error(None));
        }
        buf.truncate(r as usize);
        // a signal that arrived meanwhile is handled now (the read may have ended
        // before the kernel delivered it)
        crate::modules::signal::check_signals()?;
        return Ok(buf);
    }
}

/// `write(2)` with the GIL released and EINTR retried; returns the count written.
pub fn write_fd(fd: i32, data: &[u8]) -> PyResult<usize> {
    loop {
        let r = crate::modules::thread::allow_threads(|| unsafe {
            libc::write(fd, data.as_ptr() as *const libc::c_void, data.len())
        });
        if r < 0 {
            if osutil::errno() == libc::EINTR {
                crate::modules::signal::check_signals()?;
                continue;
            }
            return Err(last_error(None));
        }
        crate::modules::signal::check_signals()?;
        return Ok(r as usize);
    }
}

fn fd_of(v: &Option<Value>) -> PyResult<i32> {
    c_int(v.as_ref().unwrap_or(&Value::None))
}

pub fn set_inheritable(fd: i32, inheritable: bool) -> PyResult<()> {
    let fl = unsafe { libc::fcntl(fd, libc::F_GETFD) };
    if fl < 0 {
        return Err(last_error(None));
    }
    let new = if inheritable {
        fl & !libc::FD_CLOEXEC
    } else {
        fl | libc::FD_CLOEXEC
    };
    if new != fl && unsafe { libc::fcntl(fd, libc::F_SETFD, new) } < 0 {
        return Err(last_error(None));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// directories

fn listdir_fn(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = argp("listdir", a, kw, &["path"], 0)?;
    let path = path_arg(
        "listdir",
        "path",
        p[0].as_ref().unwrap_or(&Value::None),
        true,
        true,
    )?;
    if path.fd.is_none() && !path.is_bytes {
        if let Ok(s) = std::str::from_utf8(&path.bytes) {
            return match crate::fs::filesystem().read_dir(s) {
                Ok(names) => Ok(crate::types::list::new_list(
                    names.into_iter().map(Value::from).collect(),
                )),
                Err(e) => Err(osutil::io_error(
                    &e,
                    Some(if path.obj.is_none() {
                        Value::from(".")
                    } else {
                        path.obj.clone()
                    }),
                )),
            };
        }
    }
    let mut d = Dir::open(&path, "listdir")?;
    let mut out = Vec::new();
    while let Some((name, _, _)) = d.next(&path)? {
        out.push(path.make(&name));
    }
    Ok(crate::types::list::new_list(out))
}

/// An open directory stream.
struct Dir(*mut libc::DIR);

impl Dir {
    fn open(p: &PathArg, fname: &str) -> PyResult<Dir> {
        let d = if let Some(fd) = p.fd {
            let nfd = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
            if nfd < 0 {
                return Err(last_error(None));
            }
            let d = unsafe { libc::fdopendir(nfd) };
            if d.is_null() {
                let e = last_error(None);
                unsafe { libc::close(nfd) };
                return Err(e);
            }
            unsafe { libc::rewinddir(d) };
            d
        } else {
            let c = p.cstr(fname)?;
            unsafe { libc::opendir(c.as_ptr()) }
        };
        if d.is_null() {
            let obj = if p.obj.is_none() {
                Value::from(".")
            } else {
                p.obj.clone()
            };
            return Err(last_error(Some(obj)));
        }
        Ok(Dir(d))
    }
    /// The next entry other than `.`/`..`: (name, d_type, d_ino).
    fn next(&mut self, p: &PathArg) -> PyResult<Option<(Vec<u8>, u8, u64)>> {
        if self.0.is_null() {
            return Ok(None);
        }
        loop {
            unsafe { *libc::__errno_location() = 0 };
            let e = unsafe { libc::readdir64(self.0) };
            if e.is_null() {
                let err = osutil::errno();
                if err != 0 {
                    let obj = if p.obj.is_none() {
                        Value::from(".")
                    } else {
                        p.obj.clone()
                    };
                    return Err(os_error(err, Some(obj), None));
                }
                return Ok(None);
            }
            // SAFETY: readdir returned a valid entry with a NUL-terminated name.
            let ent = unsafe { &*e };
            let name = unsafe { std::ffi::CStr::from_ptr(ent.d_name.as_ptr()) }
                .to_bytes()
                .to_vec();
            if name == b"." || name == b".." {
                continue;
            }
            return Ok(Some((name, ent.d_type, ent.d_ino)));
        }
    }
    fn close(&mut self) {
        if !self.0.is_null() {
            unsafe { libc::closedir(self.0) };
            self.0 = std::ptr::null_mut();
        }
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        self.close();
    }
}

pub struct DirEntry {
    name: Vec<u8>,
    path: Vec<u8>,
    is_bytes: bool,
    d_type: u8,
    ino: u64,
    /// The directory fd for `scandir(fd)` entries (names are relative to it).
    dir_fd: Option<i32>,
    stat: UnsafeCell<Option<Value>>,
    lstat: UnsafeCell<Option<Value>>,
}
impl NativeData for DirEntry {}

pub struct ScandirIter {
    dir: UnsafeCell<Dir>,
    path: PathArg,
    prefix: Vec<u8>,
}
impl NativeData for ScandirIter {}

crate::native_type!(direntry_type, make_direntry_type);
crate::native_type!(scandir_type, make_scandir_type);

fn scandir_fn(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = argp("scandir", a, kw, &["path"], 0)?;
    let path = path_arg(
        "scandir",
        "path",
        p[0].as_ref().unwrap_or(&Value::None),
        true,
        true,
    )?;
    let dir = Dir::open(&path, "scandir")?;
    let mut prefix = path.bytes.clone();
    if path.obj.is_none() {
        prefix = b".".to_vec();
    }
    if path.fd.is_none() && !prefix.ends_with(b"/") {
        prefix.push(b'/');
    }
    Ok(new_native(
        &scandir_type(),
        ScandirIter {
            dir: UnsafeCell::new(dir),
            path,
            prefix,
        },
    ))
}

fn sd(v: &Value) -> PyResult<&ScandirIter> {
    this::<ScandirIter>(v, "ScandirIterator")
}

fn make_scandir_type() -> ObjRef {
    let t = crate::modules::ndata::new_type("ScandirIterator", "posix", None, false);
    add_method(&t, "__iter__", |a, _| Ok(a[0].clone()));
    add_method(&t, "__next__", |a, _| {
        let s = sd(&a[0])?;
        // SAFETY: no Python code runs while the directory stream is borrowed.
        let d = unsafe { &mut *s.dir.get() };
        match d.next(&s.path)? {
            Some((name, d_type, ino)) => {
                let path = if s.path.fd.is_some() {
                    name.clone()
                } else {
                    let mut p = s.prefix.clone();
                    p.extend_from_slice(&name);
                    p
                };
                Ok(new_native(
                    &direntry_type(),
                    DirEntry {
                        name,
                        path,
                        is_bytes: s.path.is_bytes,
                        d_type,
                        ino,
                        dir_fd: s.path.fd,
                        stat: UnsafeCell::new(None),
                        lstat: UnsafeCell::new(None),
                    },
                ))
            }
            None => {
                d.close();
                Err(stop_iteration(Value::None))
            }
        }
    });
    add_method(&t, "close", |a, _| {
        unsafe { (*sd(&a[0])?.dir.get()).close() };
        Ok(Value::None)
    });
    add_method(&t, "__enter__", |a, _| Ok(a[0].clone()));
    add_method(&t, "__exit__", |a, _| {
        unsafe { (*sd(&a[0])?.dir.get()).close() };
        Ok(Value::None)
    });
    crate::modules::ndata::finish_type(&t);
    t
}

fn de(v: &Value) -> PyResult<&DirEntry> {
    this::<DirEntry>(v, "posix.DirEntry")
}

impl DirEntry {
    fn make(&self, b: &[u8]) -> Value {
        if self.is_bytes {
            crate::types::bytes::new_bytes(b.to_vec())
        } else {
            osutil::fs_decode(b)
        }
    }
    fn fetch_stat(&self, follow: bool) -> PyResult<Value> {
        let cache = if follow { &self.stat } else { &self.lstat };
        // SAFETY: the cache is only touched here, under the GIL, without Python code
        // running in between.
        if let Some(v) = unsafe { (*cache.get()).clone() } {
            return Ok(v);
        }
        if follow && !self.is_symlink_raw()? {
            let v = self.fetch_stat(false)?;
            unsafe { *cache.get() = Some(v.clone()) };
            return Ok(v);
        }
        let (dfd, path) = match self.dir_fd {
            Some(fd) => (fd, &self.name),
            None => (libc::AT_FDCWD, &self.path),
        };
        let c = cstring(path)?;
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        let fl = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
        if unsafe { libc::fstatat(dfd, c.as_ptr(), &mut st, fl) } != 0 {
            return Err(last_error(Some(self.make(path))));
        }
        let v = stat_value(&st)?;
        unsafe { *cache.get() = Some(v.clone()) };
        Ok(v)
    }
    fn is_symlink_raw(&self) -> PyResult<bool> {
        if self.d_type != libc::DT_UNKNOWN {
            return Ok(self.d_type == libc::DT_LNK);
        }
        let st = self.fetch_stat(false)?;
        Ok(mode_of(&st)? & libc::S_IFMT == libc::S_IFLNK)
    }
    fn test_mode(&self, follow: bool, want: u32, dt: u8) -> PyResult<bool> {
        if self.d_type != libc::DT_UNKNOWN && !(follow && self.d_type == libc::DT_LNK) {
            return Ok(self.d_type == dt);
        }
        match self.fetch_stat(follow) {
            Ok(st) => Ok(mode_of(&st)? & libc::S_IFMT == want),
            Err(e) if e.matches(&crate::types::exceptions::exc().file_not_found_error) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

fn mode_of(st: &Value) -> PyResult<u32> {
    let t = crate::types::tuple::as_tuple(st).ok_or_else(|| type_error("stat_result"))?;
    Ok(t.first().and_then(crate::types::int::as_i64).unwrap_or(0) as u32)
}

fn follow_kw(name: &str, a: &[Value], kw: Kw) -> PyResult<bool> {
    let p = argp(name, &a[1..], kw, &["$follow_symlinks"], 0)?;
    flag(&p[0], true)
}

fn make_direntry_type() -> ObjRef {
    let t = crate::modules::ndata::new_type("DirEntry", "posix", None, false);
    crate::types::typeobj::add_getset(&t, "name", |v| Ok(de(v)?.make(&de(v)?.name)), None);
    crate::types::typeobj::add_getset(&t, "path", |v| Ok(de(v)?.make(&de(v)?.path)), None);
    add_method(&t, "inode", |a, _| Ok(int_of(de(&a[0])?.ino)));
    add_method(&t, "is_dir", |a, kw| {
        let f = follow_kw("is_dir", a, kw)?;
        Ok(Value::Bool(de(&a[0])?.test_mode(
            f,
            libc::S_IFDIR,
            libc::DT_DIR,
        )?))
    });
    add_method(&t, "is_file", |a, kw| {
        let f = follow_kw("is_file", a, kw)?;
        Ok(Value::Bool(de(&a[0])?.test_mode(
            f,
            libc::S_IFREG,
            libc::DT_REG,
        )?))
    });
    add_method(&t, "is_symlink", |a, _| {
        Ok(Value::Bool(de(&a[0])?.is_symlink_raw()?))
    });
    add_method(&t, "is_junction", |_a, _| Ok(Value::Bool(false)));
    add_method(&t, "stat", |a, kw| {
        let f = follow_kw("stat", a, kw)?;
        de(&a[0])?.fetch_stat(f)
    });
    add_method(&t, "__fspath__", |a, _| {
        Ok(de(&a[0])?.make(&de(&a[0])?.path))
    });
    add_method(&t, "__repr__", |a, _| {
        let d = de(&a[0])?;
        Ok(Value::from(format!(
            "<DirEntry {}>",
            crate::ops::repr(&d.make(&d.name))?
        )))
    });
    add_classmethod(
        &t,
        "__class_getitem__",
        crate::types::misc::generic_alias_method,
    );
    crate::modules::ndata::finish_type(&t);
    t
}

// ---------------------------------------------------------------------------
// processes

static AT_FORK: GilCell<[Vec<Value>; 3]> = GilCell::new([Vec::new(), Vec::new(), Vec::new()]);

fn run_hooks(which: usize, reverse: bool) {
    let mut hooks = AT_FORK.get()[which].clone();
    if reverse {
        hooks.reverse();
    }
    for h in hooks {
        if let Err(e) = crate::ops::call::call(&h, &[], None) {
            crate::gc::write_unraisable(&e, &h);
        }
    }
}

/// `os.fork()` with the `register_at_fork` hooks.
pub fn fork() -> PyResult<libc::pid_t> {
    run_hooks(0, true);
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        let e = last_error(None);
        run_hooks(2, false);
        return Err(e);
    }
    if pid == 0 {
        crate::modules::thread::after_fork_child();
        crate::modules::signal::after_fork_child();
        run_hooks(1, false);
    } else {
        run_hooks(2, false);
    }
    Ok(pid)
}

/// NUL-terminated strings for `exec*` from a sequence of str/bytes/PathLike.
pub fn cstring_list(v: &Value) -> PyResult<Vec<std::ffi::CString>> {
    let mut out = Vec::new();
    for it in crate::ops::iterate(v)? {
        out.push(cstring(&osutil::fs_bytes(&it)?)?);
    }
    Ok(out)
}

/// `KEY=VALUE` strings from an environment mapping.
pub fn env_list(env: &Value) -> PyResult<Vec<std::ffi::CString>> {
    let keys = crate::ops::iterate(&crate::ops::attr::call_method(env, "keys", &[])?)?;
    let mut out = Vec::new();
    for k in keys {
        let v = crate::ops::getitem(env, &k)?;
        let kb = osutil::fs_bytes(&k)?;
        let vb = osutil::fs_bytes(&v)?;
        if kb.is_empty() || kb.contains(&b'=') {
            return Err(value_error("illegal environment variable name"));
        }
        let mut s = kb;
        s.push(b'=');
        s.extend_from_slice(&vb);
        out.push(cstring(&s)?);
    }
    Ok(out)
}

/// A NULL-terminated pointer array over `v` (which must outlive it).
pub fn ptrs(v: &[std::ffi::CString]) -> Vec<*const libc::c_char> {
    let mut p: Vec<*const libc::c_char> = v.iter().map(|c| c.as_ptr()).collect();
    p.push(std::ptr::null());
    p
}

fn exec_args(fname: &str, v: &Value) -> PyResult<Vec<std::ffi::CString>> {
    if crate::types::tuple::as_tuple(v).is_none() && crate::types::list::as_list(v).is_none() {
        return Err(type_error(format!(
            "{}() arg 2 must be a tuple or list",
            fname
        )));
    }
    let args = cstring_list(v)?;
    if args.is_empty() {
        return Err(value_error(format!("{}() arg 2 must not be empty", fname)));
    }
    if args[0].as_bytes().is_empty() {
        return Err(value_error(format!(
            "{}() arg 2 first element cannot be empty",
            fname
        )));
    }
    Ok(args)
}

/// `waitpid(2)` with the GIL released and EINTR handled.
pub fn waitpid_raw(pid: libc::pid_t, options: i32) -> PyResult<(libc::pid_t, i32)> {
    let mut status = 0;
    loop {
        let r = crate::modules::thread::allow_threads(|| unsafe {
            libc::waitpid(pid, &mut status, options)
        });
        if r < 0 {
            if osutil::errno() == libc::EINTR {
                crate::modules::signal::check_signals()?;
                continue;
            }
            return Err(last_error(None));
        }
        crate::modules::signal::check_signals()?;
        return Ok((r, status));
    }
}

// ---------------------------------------------------------------------------
// environment and misc helpers

fn environ_dict() -> PyResult<Value> {
    let d = crate::types::dict::new_dict();
    let dd = crate::types::dict::as_dict(&d).ok_or_else(|| runtime_error("environ"))?;
    use std::os::unix::ffi::OsStrExt;
    for (k, v) in std::env::vars_os() {
        dd.set_item(
            crate::types::bytes::new_bytes(k.as_bytes().to_vec()),
            crate::types::bytes::new_bytes(v.as_bytes().to_vec()),
        )?;
    }
    Ok(d)
}

fn env_bytes(v: &Value, what: &str) -> PyResult<Vec<u8>> {
    if let Some(s) = crate::types::str::as_str(v) {
        return Ok(s.as_bytes().to_vec());
    }
    if let Some(b) = crate::types::bytes::as_bytes_like(v) {
        return Ok(b);
    }
    let r = osutil::fspath_value(v).map_err(|_| {
        type_error(format!(
            "{}: expected str, bytes or os.PathLike object, not {}",
            what,
            v.type_name()
        ))
    })?;
    osutil::fs_bytes(&r)
}

/// `posixpath.normpath` without the `or '.'` (CPython's `_path_normpath`).
pub fn normpath(p: &str) -> String {
    if p.is_empty() {
        return String::new();
    }
    let lead = p.len() - p.trim_start_matches('/').len();
    let root = match lead {
        0 => "",
        2 => "//",
        _ => "/",
    };
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        if c.is_empty() || c == "." {
            continue;
        }
        if c == ".." {
            if parts.last().map_or(false, |l| *l != "..") {
                parts.pop();
                continue;
            }
            if !root.is_empty() {
                continue;
            }
        }
        parts.push(c);
    }
    let r = format!("{}{}", root, parts.join("/"));
    if r.is_empty() {
        ".".into()
    } else {
        r
    }
}

fn timespec_from(v: &Value) -> PyResult<libc::timespec> {
    if crate::types::float::is_float(v) {
        let f = crate::types::float::float_from_value(v)?;
        let s = f.floor();
        let mut ns = ((f - s) * 1e9).round() as i64;
        let mut s = s as i64;
        if ns >= 1_000_000_000 {
            s += 1;
            ns -= 1_000_000_000;
        }
        return Ok(libc::timespec {
            tv_sec: s,
            tv_nsec: ns,
        });
    }
    if crate::types::int::is_int(v) {
        let s = crate::types::int::as_i64(v)
            .ok_or_else(|| overflow_error("timestamp out of range for platform time_t"))?;
        return Ok(libc::timespec {
            tv_sec: s,
            tv_nsec: 0,
        });
    }
    Err(type_error(
        "utime: 'times' must be either a tuple of two ints or None",
    ))
}

fn ns_to_timespec(v: &Value) -> PyResult<libc::timespec> {
    let b = crate::types::int::to_bigint(&crate::types::int::index_value(v)?)
        .ok_or_else(|| type_error("ns must be int"))?;
    let billion = num_bigint::BigInt::from(1_000_000_000);
    let mut q = &b / &billion;
    let mut r = &b % &billion;
    if r < num_bigint::BigInt::from(0) {
        r += &billion;
        q -= 1;
    }
    let s = i64::try_from(q)
        .map_err(|_| overflow_error("timestamp out of range for platform time_t"))?;
    let ns = i64::try_from(r).unwrap_or(0);
    Ok(libc::timespec {
        tv_sec: s,
        tv_nsec: ns,
    })
}

fn statvfs_value(st: &libc::statvfs) -> PyResult<Value> {
    let vals = vec![
        int_of(st.f_bsize as u64),
        int_of(st.f_frsize as u64),
        int_of(st.f_blocks as u64),
        int_of(st.f_bfree as u64),
        int_of(st.f_bavail as u64),
        int_of(st.f_files as u64),
        int_of(st.f_ffree as u64),
        int_of(st.f_favail as u64),
        int_of(st.f_flag as u64),
        int_of(st.f_namemax as u64),
        int_of(st.f_fsid as u64),
    ];
    osutil::structseq_new(&seq_type(1)?, vals)
}

fn uname_value() -> PyResult<Value> {
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    if unsafe { libc::uname(&mut u) } != 0 {
        return Err(last_error(None));
    }
    let s = |f: &[libc::c_char]| -> Value {
        let b: Vec<u8> = f
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        osutil::fs_decode(&b)
    };
    osutil::structseq_new(
        &seq_type(4)?,
        vec![
            s(&u.sysname),
            s(&u.nodename),
            s(&u.release),
            s(&u.version),
            s(&u.machine),
        ],
    )
}

fn times_value() -> PyResult<Value> {
    let mut t: libc::tms = unsafe { std::mem::zeroed() };
    let c = unsafe { libc::times(&mut t) };
    if c == (-1i64) as libc::clock_t {
        return Err(last_error(None));
    }
    let tick = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let tick = if tick > 0.0 { tick } else { 100.0 };
    let f = |x: libc::clock_t| Value::Float(x as f64 / tick);
    osutil::structseq_new(
        &seq_type(3)?,
        vec![
            f(t.tms_utime),
            f(t.tms_stime),
            f(t.tms_cutime),
            f(t.tms_cstime),
            f(c),
        ],
    )
}

fn path_or_fd_call(
    fname: &str,
    p: &PathArg,
    dfd: i32,
    follow: bool,
    fd_f: impl Fn(i32) -> i32,
    path_f: impl Fn(i32, &std::ffi::CStr, i32) -> i32,
) -> PyResult<Value> {
    let r = if let Some(fd) = p.fd {
        fd_f(fd)
    } else {
        let c = p.cstr(fname)?;
        path_f(dfd, &c, if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW })
    };
    ok_or_err(r, Some(p))
}

fn two_paths(fname: &str, a: &[Value], kw: Kw) -> PyResult<(PathArg, PathArg, i32, i32, bool)> {
    let p = argp(
        fname,
        a,
        kw,
        &[
            "src",
            "dst",
            "$src_dir_fd",
            "$dst_dir_fd",
            "$follow_symlinks",
        ],
        2,
    )?;
    let s = path_arg(
        fname,
        "src",
        p[0].as_ref().unwrap_or(&Value::None),
        false,
        false,
    )?;
    let d = path_arg(
        fname,
        "dst",
        p[1].as_ref().unwrap_or(&Value::None),
        false,
        false,
    )?;
    Ok((s, d, dir_fd(&p[2])?, dir_fd(&p[3])?, flag(&p[4], true)?))
}

fn two_err(s: &PathArg, d: &PathArg) -> PyErr {
    os_error(osutil::errno(), Some(s.obj.clone()), Some(d.obj.clone()))
}

fn get_terminal_size(fd: i32) -> PyResult<Value> {
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) } != 0 {
        return Err(last_error(None));
    }
    osutil::structseq_new(
        &seq_type(2)?,
        vec![Value::Int(ws.ws_col as i64), Value::Int(ws.ws_row as i64)],
    )
}

// ---------------------------------------------------------------------------
// constants

fn add_constants(m: &ObjRef) {
    let ints: &[(&str, i64)] = &[
        ("O_RDONLY", libc::O_RDONLY as i64),
        ("O_WRONLY", libc::O_WRONLY as i64),
        ("O_RDWR", libc::O_RDWR as i64),
        ("O_APPEND", libc::O_APPEND as i64),
        ("O_CREAT", libc::O_CREAT as i64),
        ("O_EXCL", libc::O_EXCL as i64),
        ("O_TRUNC", libc::O_TRUNC as i64),
        ("O_NONBLOCK", libc::O_NONBLOCK as i64),
        ("O_NDELAY", libc::O_NDELAY as i64),
        ("O_SYNC", libc::O_SYNC as i64),
        ("O_DSYNC", libc::O_DSYNC as i64),
        ("O_RSYNC", libc::O_RSYNC as i64),
        ("O_FSYNC", libc::O_FSYNC as i64),
        ("O_NOCTTY", libc::O_NOCTTY as i64),
        ("O_CLOEXEC", libc::O_CLOEXEC as i64),
        ("O_DIRECTORY", libc::O_DIRECTORY as i64),
        ("O_NOFOLLOW", libc::O_NOFOLLOW as i64),
        ("O_NOATIME", libc::O_NOATIME as i64),
        ("O_PATH", libc::O_PATH as i64),
        ("O_TMPFILE", libc::O_TMPFILE as i64),
        ("O_ACCMODE", libc::O_ACCMODE as i64),
        ("O_ASYNC", libc::O_ASYNC as i64),
        ("O_DIRECT", libc::O_DIRECT as i64),
        ("O_LARGEFILE", libc::O_LARGEFILE as i64),
        ("F_OK", libc::F_OK as i64),
        ("R_OK", libc::R_OK as i64),
        ("W_OK", libc::W_OK as i64),
        ("X_OK", libc::X_OK as i64),
        ("SEEK_SET", 0),
        ("SEEK_CUR", 1),
        ("SEEK_END", 2),
        ("SEEK_DATA", libc::SEEK_DATA as i64),
        ("SEEK_HOLE", libc::SEEK_HOLE as i64),
        ("WNOHANG", libc::WNOHANG as i64),
        ("WUNTRACED", libc::WUNTRACED as i64),
        ("WCONTINUED", libc::WCONTINUED as i64),
        ("WEXITED", libc::WEXITED as i64),
        ("WSTOPPED", libc::WSTOPPED as i64),
        ("WNOWAIT", libc::WNOWAIT as i64),
        ("P_PID", 1),
        ("P_PGID", 2),
        ("P_ALL", 0),
        ("P_PIDFD", 3),
        ("CLD_EXITED", libc::CLD_EXITED as i64),
        ("CLD_KILLED", libc::CLD_KILLED as i64),
        ("CLD_DUMPED", libc::CLD_DUMPED as i64),
        ("CLD_TRAPPED", libc::CLD_TRAPPED as i64),
        ("CLD_STOPPED", libc::CLD_STOPPED as i64),
        ("CLD_CONTINUED", libc::CLD_CONTINUED as i64),
        ("EX_OK", 0),
        ("EX_USAGE", 64),
        ("EX_DATAERR", 65),
        ("EX_NOINPUT", 66),
        ("EX_NOUSER", 67),
        ("EX_NOHOST", 68),
        ("EX_UNAVAILABLE", 69),
        ("EX_SOFTWARE", 70),
        ("EX_OSERR", 71),
        ("EX_OSFILE", 72),
        ("EX_CANTCREAT", 73),
        ("EX_IOERR", 74),
        ("EX_TEMPFAIL", 75),
        ("EX_PROTOCOL", 76),
        ("EX_NOPERM", 77),
        ("EX_CONFIG", 78),
        ("F_LOCK", libc::F_LOCK as i64),
        ("F_TLOCK", libc::F_TLOCK as i64),
        ("F_ULOCK", libc::F_ULOCK as i64),
        ("F_TEST", libc::F_TEST as i64),
        ("PRIO_PROCESS", libc::PRIO_PROCESS as i64),
        ("PRIO_PGRP", libc::PRIO_PGRP as i64),
        ("PRIO_USER", libc::PRIO_USER as i64),
        ("SCHED_OTHER", libc::SCHED_OTHER as i64),
        ("SCHED_FIFO", libc::SCHED_FIFO as i64),
        ("SCHED_RR", libc::SCHED_RR as i64),
        ("SCHED_BATCH", libc::SCHED_BATCH as i64),
        ("SCHED_IDLE", libc::SCHED_IDLE as i64),
        ("SCHED_RESET_ON_FORK", 0x40000000),
        ("RTLD_LAZY", libc::RTLD_LAZY as i64),
        ("RTLD_NOW", libc::RTLD_NOW as i64),
        ("RTLD_GLOBAL", libc::RTLD_GLOBAL as i64),
        ("RTLD_LOCAL", libc::RTLD_LOCAL as i64),
        ("RTLD_NODELETE", libc::RTLD_NODELETE as i64),
        ("RTLD_NOLOAD", libc::RTLD_NOLOAD as i64),
        ("RTLD_DEEPBIND", libc::RTLD_DEEPBIND as i64),
        ("ST_RDONLY", 1),
        ("ST_NOSUID", 2),
        ("NGROUPS_MAX", 65536),
        ("TMP_MAX", 238328),
        ("GRND_NONBLOCK", 1),
        ("GRND_RANDOM", 2),
        ("EFD_CLOEXEC", libc::EFD_CLOEXEC as i64),
        ("EFD_NONBLOCK", libc::EFD_NONBLOCK as i64),
        ("EFD_SEMAPHORE", libc::EFD_SEMAPHORE as i64),
        ("POSIX_FADV_NORMAL", libc::POSIX_FADV_NORMAL as i64),
        ("POSIX_FADV_SEQUENTIAL", libc::POSIX_FADV_SEQUENTIAL as i64),
        ("POSIX_FADV_RANDOM", libc::POSIX_FADV_RANDOM as i64),
        ("POSIX_FADV_NOREUSE", libc::POSIX_FADV_NOREUSE as i64),
        ("POSIX_FADV_WILLNEED", libc::POSIX_FADV_WILLNEED as i64),
        ("POSIX_FADV_DONTNEED", libc::POSIX_FADV_DONTNEED as i64),
    ];
    for &(n, v) in ints {
        set_attr(m, n, Value::Int(v));
    }
}

const HAVE_FUNCTIONS: &[&str] = &[
    "HAVE_FACCESSAT",
    "HAVE_FCHDIR",
    "HAVE_FCHMOD",
    "HAVE_FCHMODAT",
    "HAVE_FCHOWN",
    "HAVE_FCHOWNAT",
    "HAVE_FDOPENDIR",
    "HAVE_FSTATAT",
    "HAVE_FSTATVFS",
    "HAVE_FTRUNCATE",
    "HAVE_FUTIMENS",
    "HAVE_LCHOWN",
    "HAVE_LINKAT",
    "HAVE_LSTAT",
    "HAVE_MKDIRAT",
    "HAVE_MKFIFOAT",
    "HAVE_OPENAT",
    "HAVE_READLINKAT",
    "HAVE_RENAMEAT",
    "HAVE_SYMLINKAT",
    "HAVE_UNLINKAT",
    "HAVE_UTIMENSAT",
];

fn sysconf_names() -> Vec<(&'static str, i32)> {
    vec![
        ("SC_ARG_MAX", libc::_SC_ARG_MAX),
        ("SC_CHILD_MAX", libc::_SC_CHILD_MAX),
        ("SC_CLK_TCK", libc::_SC_CLK_TCK),
        ("SC_NGROUPS_MAX", libc::_SC_NGROUPS_MAX),
        ("SC_OPEN_MAX", libc::_SC_OPEN_MAX),
        ("SC_PAGESIZE", libc::_SC_PAGESIZE),
        ("SC_PAGE_SIZE", libc::_SC_PAGESIZE),
        ("SC_NPROCESSORS_CONF", libc::_SC_NPROCESSORS_CONF),
        ("SC_NPROCESSORS_ONLN", libc::_SC_NPROCESSORS_ONLN),
        ("SC_PHYS_PAGES", libc::_SC_PHYS_PAGES),
        ("SC_AVPHYS_PAGES", libc::_SC_AVPHYS_PAGES),
        ("SC_IOV_MAX", libc::_SC_IOV_MAX),
        ("SC_LINE_MAX", libc::_SC_LINE_MAX),
        ("SC_HOST_NAME_MAX", libc::_SC_HOST_NAME_MAX),
        ("SC_LOGIN_NAME_MAX", libc::_SC_LOGIN_NAME_MAX),
        ("SC_TTY_NAME_MAX", libc::_SC_TTY_NAME_MAX),
        ("SC_GETPW_R_SIZE_MAX", libc::_SC_GETPW_R_SIZE_MAX),
        ("SC_GETGR_R_SIZE_MAX", libc::_SC_GETGR_R_SIZE_MAX),
    ]
}

fn pathconf_names() -> Vec<(&'static str, i32)> {
    vec![
        ("PC_LINK_MAX", libc::_PC_LINK_MAX),
        ("PC_MAX_CANON", libc::_PC_MAX_CANON),
        ("PC_MAX_INPUT", libc::_PC_MAX_INPUT),
        ("PC_NAME_MAX", libc::_PC_NAME_MAX),
        ("PC_PATH_MAX", libc::_PC_PATH_MAX),
        ("PC_PIPE_BUF", libc::_PC_PIPE_BUF),
        ("PC_CHOWN_RESTRICTED", libc::_PC_CHOWN_RESTRICTED),
        ("PC_NO_TRUNC", libc::_PC_NO_TRUNC),
        ("PC_VDISABLE", libc::_PC_VDISABLE),
    ]
}

fn conf_name(v: &Value, table: &[(&'static str, i32)]) -> PyResult<i32> {
    if let Some(s) = crate::types::str::as_str(v) {
        return table
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, c)| *c)
            .ok_or_else(|| value_error("unrecognized configuration name"));
    }
    if crate::types::int::is_int(v) {
        return c_int(v);
    }
    Err(type_error(format!(
        "configuration names must be strings or integers, not {}",
        v.type_name()
    )))
}

fn names_dict(t: &[(&'static str, i32)]) -> PyResult<Value> {
    let d = crate::types::dict::new_dict();
    let dd = crate::types::dict::as_dict(&d).ok_or_else(|| runtime_error("dict"))?;
    for (n, v) in t {
        dd.set_item(Value::from(*n), Value::Int(*v as i64))?;
    }
    Ok(d)
}

fn status_arg(a: &[Value]) -> PyResult<i32> {
    check_args("status", a, 1, 1)?;
    c_int(&a[0])
}

fn close_fn(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = argp("close", a, kw, &["fd"], 1)?;
    let fd = fd_of(&p[0])?;
    if unsafe { libc::close(fd) } != 0 && osutil::errno() != libc::EINTR {
        return Err(last_error(None));
    }
    Ok(Value::None)
}

fn unlink_fn(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = argp("unlink", a, kw, &["path", "$dir_fd"], 1)?;
    let path = path_arg(
        "unlink",
        "path",
        p[0].as_ref().unwrap_or(&Value::None),
        false,
        false,
    )?;
    let c = path.cstr("unlink")?;
    ok_or_err(
        unsafe { libc::unlinkat(dir_fd(&p[1])?, c.as_ptr(), 0) },
        Some(&path),
    )
}

fn rename_fn(a: &[Value], kw: Kw) -> PyResult<Value> {
    let (s, d, sfd, dfd, _) = two_paths("rename", a, kw)?;
    let (cs, cd) = (s.cstr("rename")?, d.cstr("rename")?);
    if unsafe { libc::renameat(sfd, cs.as_ptr(), dfd, cd.as_ptr()) } != 0 {
        return Err(two_err(&s, &d));
    }
    Ok(Value::None)
}

fn chown_impl(name: &str, a: &[Value], kw: Kw, nofollow: bool) -> PyResult<Value> {
    let p = argp(
        name,
        a,
        kw,
        &["path", "uid", "gid", "$dir_fd", "$follow_symlinks"],
        3,
    )?;
    let path = path_arg(
        name,
        "path",
        p[0].as_ref().unwrap_or(&Value::None),
        !nofollow,
        false,
    )?;
    let id = |v: &Option<Value>| -> PyResult<u32> {
        Ok(crate::types::int::index_i64(v.as_ref().unwrap_or(&Value::Int(-1)))? as u32)
    };
    let (uid, gid) = (id(&p[1])?, id(&p[2])?);
    let follow = !nofollow && flag(&p[4], true)?;
    path_or_fd_call(
        name,
        &path,
        dir_fd(&p[3])?,
        follow,
        |fd| unsafe { libc::fchown(fd, uid, gid) },
        |d, c, fl| unsafe { libc::fchownat(d, c.as_ptr(), uid, gid, fl) },
    )
}

fn utime_fn(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = argp(
        "utime",
        a,
        kw,
        &["path", "times", "$ns", "$dir_fd", "$follow_symlinks"],
        1,
    )?;
    let path = path_arg(
        "utime",
        "path",
        p[0].as_ref().unwrap_or(&Value::None),
        true,
        false,
    )?;
    let times = p[1].clone().unwrap_or(Value::None);
    let ts: Option<[libc::timespec; 2]> = if !times.is_none() {
        if p[2].is_some() {
            return Err(value_error(
                "utime: you may specify either 'times' or 'ns' but not both",
            ));
        }
        let t = crate::types::tuple::as_tuple(&times)
            .filter(|t| t.len() == 2)
            .ok_or_else(|| {
                type_error("utime: 'times' must be either a tuple of two ints or None")
            })?;
        Some([timespec_from(&t[0])?, timespec_from(&t[1])?])
    } else if let Some(ns) = &p[2] {
        let t = crate::types::tuple::as_tuple(ns)
            .filter(|t| t.len() == 2)
            .ok_or_else(|| type_error("utime: 'ns' must be a tuple of two ints"))?;
        Some([ns_to_timespec(&t[0])?, ns_to_timespec(&t[1])?])
    } else {
        None
    };
    let tp = match &ts {
        Some(t) => t.as_ptr(),
        None => std::ptr::null(),
    };
    let follow = flag(&p[4], true)?;
    path_or_fd_call(
        "utime",
        &path,
        dir_fd(&p[3])?,
        follow,
        |fd| unsafe { libc::futimens(fd, tp) },
        |d, c, fl| unsafe { libc::utimensat(d, c.as_ptr(), tp, fl) },
    )
}

fn init_files(m: &ObjRef) {
    add_function(m, "stat", stat_fn);
    add_function(m, "lstat", lstat_fn);
    add_function(m, "fstat", fstat_fn);
    add_function(m, "open", open_fn);
    add_function(m, "close", close_fn);
    add_function(m, "closerange", |a, _| {
        check_args("closerange", a, 2, 2)?;
        let lo = c_int(&a[0])?.max(0);
        let hi = c_int(&a[1])?;
        for fd in lo..hi {
            unsafe { libc::close(fd) };
        }
        Ok(Value::None)
    });
    add_function(m, "read", |a, _| {
        check_args("read", a, 2, 2)?;
        let fd = c_int(&a[0])?;
        let n = crate::types::int::index_i64(&a[1])?;
        if n < 0 {
            return Err(os_error(libc::EINVAL, None, None));
        }
        Ok(crate::types::bytes::new_bytes(read_fd(fd, n as usize)?))
    });
    add_function(m, "write", |a, _| {
        check_args("write", a, 2, 2)?;
        let fd = c_int(&a[0])?;
        let data = crate::modules::ndata::need_buffer(&a[1])?;
        Ok(Value::Int(write_fd(fd, &data)? as i64))
    });
    add_function(m, "pread", |a, _| {
        check_args("pread", a, 3, 3)?;
        let fd = c_int(&a[0])?;
        let n = crate::types::int::index_i64(&a[1])?.max(0) as usize;
        let off = crate::types::int::index_i64(&a[2])?;
        let mut buf = osutil::zeroed(n)?;
        let r = unsafe { libc::pread(fd, buf.as_mut_ptr() as *mut libc::c_void, n, off) };
        if r < 0 {
            return Err(last_error(None));
        }
        buf.truncate(r as usize);
        Ok(crate::types::bytes::new_bytes(buf))
    });
    add_function(m, "pwrite", |a, _| {
        check_args("pwrite", a, 3, 3)?;
        let fd = c_int(&a[0])?;
        let data = crate::modules::ndata::need_buffer(&a[1])?;
        let off = crate::types::int::index_i64(&a[2])?;
        let r = unsafe { libc::pwrite(fd, data.as_ptr() as *const libc::c_void, data.len(), off) };
        if r < 0 {
            return Err(last_error(None));
        }
        Ok(Value::Int(r as i64))
    });
    add_function(m, "lseek", |a, _| {
        check_args("lseek", a, 3, 3)?;
        let fd = c_int(&a[0])?;
        let pos = crate::types::int::index_i64(&a[1])?;
        let how = c_int(&a[2])?;
        let r = unsafe { libc::lseek(fd, pos, how) };
        if r < 0 {
            return Err(last_error(None));
        }
        Ok(Value::Int(r))
    });
    add_function(m, "dup", |a, _| {
        check_args("dup", a, 1, 1)?;
        let r = unsafe { libc::fcntl(c_int(&a[0])?, libc::F_DUPFD_CLOEXEC, 0) };
        if r < 0 {
            return Err(last_error(None));
        }
        Ok(Value::Int(r as i64))
    });
    add_function(m, "dup2", |a, kw| {
        let p = argp("dup2", a, kw, &["fd", "fd2", "inheritable"], 2)?;
        let fd = fd_of(&p[0])?;
        let fd2 = fd_of(&p[1])?;
        let inh = flag(&p[2], true)?;
        let r = if inh || fd == fd2 {
            unsafe { libc::dup2(fd, fd2) }
        } else {
            unsafe { libc::dup3(fd, fd2, libc::O_CLOEXEC) }
        };
        if r < 0 {
            return Err(last_error(None));
        }
        Ok(Value::Int(r as i64))
    });
    add_function(m, "pipe", |_a, _| {
        let mut fds = [0i32; 2];
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
            return Err(last_error(None));
        }
        Ok(pair(Value::Int(fds[0] as i64), Value::Int(fds[1] as i64)))
    });
    add_function(m, "pipe2", |a, _| {
        check_args("pipe2", a, 1, 1)?;
        let fl = c_int(&a[0])?;
        let mut fds = [0i32; 2];
        if unsafe { libc::pipe2(fds.as_mut_ptr(), fl) } != 0 {
            return Err(last_error(None));
        }
        Ok(pair(Value::Int(fds[0] as i64), Value::Int(fds[1] as i64)))
    });
    add_function(m, "isatty", |a, _| {
        check_args("isatty", a, 1, 1)?;
        Ok(Value::Bool(unsafe { libc::isatty(c_int(&a[0])?) } == 1))
    });
    add_function(m, "ttyname", |a, _| {
        check_args("ttyname", a, 1, 1)?;
        let p = unsafe { libc::ttyname(c_int(&a[0])?) };
        if p.is_null() {
            return Err(last_error(None));
        }
        Ok(osutil::fs_decode(
            unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes(),
        ))
    });
    add_function(m, "get_inheritable", |a, _| {
        check_args("get_inheritable", a, 1, 1)?;
        let fl = unsafe { libc::fcntl(c_int(&a[0])?, libc::F_GETFD) };
        if fl < 0 {
            return Err(last_error(None));
        }
        Ok(Value::Bool(fl & libc::FD_CLOEXEC == 0))
    });
    add_function(m, "set_inheritable", |a, _| {
        check_args("set_inheritable", a, 2, 2)?;
        set_inheritable(c_int(&a[0])?, crate::ops::truthy(&a[1])?)?;
        Ok(Value::None)
    });
    add_function(m, "get_blocking", |a, _| {
        check_args("get_blocking", a, 1, 1)?;
        let fl = unsafe { libc::fcntl(c_int(&a[0])?, libc::F_GETFL) };
        if fl < 0 {
            return Err(last_error(None));
        }
        Ok(Value::Bool(fl & libc::O_NONBLOCK == 0))
    });
    add_function(m, "set_blocking", |a, _| {
        check_args("set_blocking", a, 2, 2)?;
        let fd = c_int(&a[0])?;
        let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        if fl < 0 {
            return Err(last_error(None));
        }
        let new = if crate::ops::truthy(&a[1])? {
            fl & !libc::O_NONBLOCK
        } else {
            fl | libc::O_NONBLOCK
        };
        if unsafe { libc::fcntl(fd, libc::F_SETFL, new) } < 0 {
            return Err(last_error(None));
        }
        Ok(Value::None)
    });
    add_function(m, "fsync", |a, _| {
        check_args("fsync", a, 1, 1)?;
        let fd = osutil::fd_arg(&a[0])?;
        ok_or_err(unsafe { libc::fsync(fd) }, None)
    });
    add_function(m, "fdatasync", |a, _| {
        check_args("fdatasync", a, 1, 1)?;
        let fd = osutil::fd_arg(&a[0])?;
        ok_or_err(unsafe { libc::fdatasync(fd) }, None)
    });
    add_function(m, "ftruncate", |a, _| {
        check_args("ftruncate", a, 2, 2)?;
        let fd = c_int(&a[0])?;
        let n = crate::types::int::index_i64(&a[1])?;
        ok_or_err(unsafe { libc::ftruncate(fd, n) }, None)
    });
    add_function(m, "truncate", |a, kw| {
        let p = argp("truncate", a, kw, &["path", "length"], 2)?;
        let path = path_arg(
            "truncate",
            "path",
            p[0].as_ref().unwrap_or(&Value::None),
            true,
            false,
        )?;
        let n = crate::types::int::index_i64(p[1].as_ref().unwrap_or(&Value::Int(0)))?;
        let r = match path.fd {
            Some(fd) => unsafe { libc::ftruncate(fd, n) },
            None => {
                let c = path.cstr("truncate")?;
                unsafe { libc::truncate(c.as_ptr(), n) }
            }
        };
        ok_or_err(r, Some(&path))
    });
    add_function(m, "sendfile", |a, kw| {
        let p = argp(
            "sendfile",
            a,
            kw,
            &["out_fd", "in_fd", "offset", "count"],
            4,
        )?;
        let out_fd = fd_of(&p[0])?;
        let in_fd = fd_of(&p[1])?;
        let count =
            crate::types::int::index_i64(p[3].as_ref().unwrap_or(&Value::Int(0)))?.max(0) as usize;
        let r = match &p[2] {
            Some(Value::None) | None => crate::modules::thread::allow_threads(|| unsafe {
                libc::sendfile(out_fd, in_fd, std::ptr::null_mut(), count)
            }),
            Some(v) => {
                let mut off = crate::types::int::index_i64(v)?;
                crate::modules::thread::allow_threads(|| unsafe {
                    libc::sendfile(out_fd, in_fd, &mut off, count)
                })
            }
        };
        if r < 0 {
            return Err(last_error(None));
        }
        Ok(Value::Int(r as i64))
    });
    add_function(m, "getcwd", |_a, _| {
        let d = std::env::current_dir().map_err(|e| osutil::io_error(&e, None))?;
        use std::os::unix::ffi::OsStrExt;
        Ok(osutil::fs_decode(d.as_os_str().as_bytes()))
    });
    add_function(m, "getcwdb", |_a, _| {
        let d = std::env::current_dir().map_err(|e| osutil::io_error(&e, None))?;
        use std::os::unix::ffi::OsStrExt;
        Ok(crate::types::bytes::new_bytes(
            d.as_os_str().as_bytes().to_vec(),
        ))
    });
    add_function(m, "chdir", |a, kw| {
        let p = argp("chdir", a, kw, &["path"], 1)?;
        let path = path_arg(
            "chdir",
            "path",
            p[0].as_ref().unwrap_or(&Value::None),
            true,
            false,
        )?;
        let r = match path.fd {
            Some(fd) => unsafe { libc::fchdir(fd) },
            None => {
                let c = path.cstr("chdir")?;
                unsafe { libc::chdir(c.as_ptr()) }
            }
        };
        ok_or_err(r, Some(&path))
    });
    add_function(m, "fchdir", |a, _| {
        check_args("fchdir", a, 1, 1)?;
        let fd = osutil::fd_arg(&a[0])?;
        ok_or_err(unsafe { libc::fchdir(fd) }, None)
    });
    add_function(m, "listdir", listdir_fn);
    add_function(m, "scandir", scandir_fn);
    add_function(m, "mkdir", |a, kw| {
        let p = argp("mkdir", a, kw, &["path", "mode", "$dir_fd"], 1)?;
        let path = path_arg(
            "mkdir",
            "path",
            p[0].as_ref().unwrap_or(&Value::None),
            false,
            false,
        )?;
        let mode = match &p[1] {
            Some(v) => c_int(v)?,
            None => 0o777,
        };
        let c = path.cstr("mkdir")?;
        ok_or_err(
            unsafe { libc::mkdirat(dir_fd(&p[2])?, c.as_ptr(), mode as libc::mode_t) },
            Some(&path),
        )
    });
    add_function(m, "rmdir", |a, kw| {
        let p = argp("rmdir", a, kw, &["path", "$dir_fd"], 1)?;
        let path = path_arg(
            "rmdir",
            "path",
            p[0].as_ref().unwrap_or(&Value::None),
            false,
            false,
        )?;
        let c = path.cstr("rmdir")?;
        ok_or_err(
            unsafe { libc::unlinkat(dir_fd(&p[1])?, c.as_ptr(), libc::AT_REMOVEDIR) },
            Some(&path),
        )
    });
    add_function(m, "unlink", unlink_fn);
    add_function(m, "remove", unlink_fn);
    add_function(m, "rename", rename_fn);
    add_function(m, "replace", rename_fn);
    add_function(m, "link", |a, kw| {
        let (s, d, sfd, dfd, follow) = two_paths("link", a, kw)?;
        let (cs, cd) = (s.cstr("link")?, d.cstr("link")?);
        let fl = if follow { libc::AT_SYMLINK_FOLLOW } else { 0 };
        if unsafe { libc::linkat(sfd, cs.as_ptr(), dfd, cd.as_ptr(), fl) } != 0 {
            return Err(two_err(&s, &d));
        }
        Ok(Value::None)
    });
    add_function(m, "symlink", |a, kw| {
        let p = argp(
            "symlink",
            a,
            kw,
            &["src", "dst", "target_is_directory", "$dir_fd"],
            2,
        )?;
        let s = path_arg(
            "symlink",
            "src",
            p[0].as_ref().unwrap_or(&Value::None),
            false,
            false,
        )?;
        let d = path_arg(
            "symlink",
            "dst",
            p[1].as_ref().unwrap_or(&Value::None),
            false,
            false,
        )?;
        let (cs, cd) = (s.cstr("symlink")?, d.cstr("symlink")?);
        if unsafe { libc::symlinkat(cs.as_ptr(), dir_fd(&p[3])?, cd.as_ptr()) } != 0 {
            return Err(two_err(&s, &d));
        }
        Ok(Value::None)
    });
    add_function(m, "readlink", |a, kw| {
        let p = argp("readlink", a, kw, &["path", "$dir_fd"], 1)?;
        let path = path_arg(
            "readlink",
            "path",
            p[0].as_ref().unwrap_or(&Value::None),
            false,
            false,
        )?;
        let c = path.cstr("readlink")?;
        let dfd = dir_fd(&p[1])?;
        let mut size = 4096;
        loop {
            let mut buf = vec![0u8; size];
            let n = unsafe {
                libc::readlinkat(dfd, c.as_ptr(), buf.as_mut_ptr() as *mut libc::c_char, size)
            };
            if n < 0 {
                return Err(path.err());
            }
            if (n as usize) < size {
                buf.truncate(n as usize);
                return Ok(path.make(&buf));
            }
            size *= 4;
        }
    });
    add_function(m, "chmod", |a, kw| {
        let p = argp(
            "chmod",
            a,
            kw,
            &["path", "mode", "$dir_fd", "$follow_symlinks"],
            2,
        )?;
        let path = path_arg(
            "chmod",
            "path",
            p[0].as_ref().unwrap_or(&Value::None),
            true,
            false,
        )?;
        let mode = c_int(p[1].as_ref().unwrap_or(&Value::Int(0)))? as libc::mode_t;
        let follow = flag(&p[3], true)?;
        let dfd = dir_fd(&p[2])?;
        let r = if let Some(fd) = path.fd {
            unsafe { libc::fchmod(fd, mode) }
        } else {
            let c = path.cstr("chmod")?;
            let r = unsafe {
                libc::fchmodat(
                    dfd,
                    c.as_ptr(),
                    mode,
                    if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW },
                )
            };
            if r != 0 && !follow && matches!(osutil::errno(), libc::ENOTSUP | libc::ENOSYS) {
                return Err(not_implemented(
                    "chmod: follow_symlinks unavailable on this platform",
                ));
            }
            r
        };
        ok_or_err(r, Some(&path))
    });
    add_function(m, "fchmod", |a, _| {
        check_args("fchmod", a, 2, 2)?;
        ok_or_err(
            unsafe { libc::fchmod(c_int(&a[0])?, c_int(&a[1])? as libc::mode_t) },
            None,
        )
    });
    add_function(m, "chown", |a, kw| chown_impl("chown", a, kw, false));
    add_function(m, "lchown", |a, kw| chown_impl("lchown", a, kw, true));
    add_function(m, "fchown", |a, _| {
        check_args("fchown", a, 3, 3)?;
        let fd = c_int(&a[0])?;
        let uid = crate::types::int::index_i64(&a[1])? as u32;
        let gid = crate::types::int::index_i64(&a[2])? as u32;
        ok_or_err(unsafe { libc::fchown(fd, uid, gid) }, None)
    });
    add_function(m, "utime", utime_fn);
    add_function(m, "access", |a, kw| {
        let p = argp(
            "access",
            a,
            kw,
            &[
                "path",
                "mode",
                "$dir_fd",
                "$effective_ids",
                "$follow_symlinks",
            ],
            2,
        )?;
        let path = path_arg(
            "access",
            "path",
            p[0].as_ref().unwrap_or(&Value::None),
            false,
            false,
        )?;
        let mode = c_int(p[1].as_ref().unwrap_or(&Value::Int(0)))?;
        let mut fl = 0;
        if flag(&p[3], false)? {
            fl |= libc::AT_EACCESS;
        }
        if !flag(&p[4], true)? {
            fl |= libc::AT_SYMLINK_NOFOLLOW;
        }
        let c = path.cstr("access")?;
        Ok(Value::Bool(
            unsafe { libc::faccessat(dir_fd(&p[2])?, c.as_ptr(), mode, fl) } == 0,
        ))
    });
    add_function(m, "mkfifo", |a, kw| {
        let p = argp("mkfifo", a, kw, &["path", "mode", "$dir_fd"], 1)?;
        let path = path_arg(
            "mkfifo",
            "path",
            p[0].as_ref().unwrap_or(&Value::None),
            false,
            false,
        )?;
        let mode = match &p[1] {
            Some(v) => c_int(v)?,
            None => 0o666,
        };
        let c = path.cstr("mkfifo")?;
        ok_or_err(
            unsafe { libc::mkfifoat(dir_fd(&p[2])?, c.as_ptr(), mode as libc::mode_t) },
            Some(&path),
        )
    });
    add_function(m, "statvfs", |a, kw| {
        let p = argp("statvfs", a, kw, &["path"], 1)?;
        let path = path_arg(
            "statvfs",
            "path",
            p[0].as_ref().unwrap_or(&Value::None),
            true,
            false,
        )?;
        let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
        let r = match path.fd {
            Some(fd) => unsafe { libc::fstatvfs(fd, &mut st) },
            None => {
                let c = path.cstr("statvfs")?;
                unsafe { libc::statvfs(c.as_ptr(), &mut st) }
            }
        };
        if r != 0 {
            return Err(path.err());
        }
        statvfs_value(&st)
    });
    add_function(m, "fstatvfs", |a, _| {
        check_args("fstatvfs", a, 1, 1)?;
        let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
        if unsafe { libc::fstatvfs(c_int(&a[0])?, &mut st) } != 0 {
            return Err(last_error(None));
        }
        statvfs_value(&st)
    });
    add_function(m, "umask", |a, _| {
        check_args("umask", a, 1, 1)?;
        Ok(Value::Int(
            unsafe { libc::umask(c_int(&a[0])? as libc::mode_t) } as i64,
        ))
    });
    add_function(m, "_path_normpath", |a, kw| {
        let p = argp("_path_normpath", a, kw, &["path"], 1)?;
        let v = p[0].clone().unwrap_or(Value::None);
        match crate::types::str::as_str(&v) {
            Some(s) => Ok(Value::from(normpath(s))),
            None => {
                let b = osutil::fs_bytes(&v)?;
                Ok(Value::from(normpath(&String::from_utf8_lossy(&b))))
            }
        }
    });
    add_function(m, "sync", |_a, _| {
        unsafe { libc::sync() };
        Ok(Value::None)
    });
}

fn simple_id(m: &ObjRef, name: &'static str, f: crate::types::function::NativeFn) {
    add_function(m, name, f);
}

fn init_procs(m: &ObjRef) {
    simple_id(m, "getpid", |_a, _| {
        Ok(Value::Int(unsafe { libc::getpid() } as i64))
    });
    simple_id(m, "getppid", |_a, _| {
        Ok(Value::Int(unsafe { libc::getppid() } as i64))
    });
    simple_id(m, "getuid", |_a, _| {
        Ok(Value::Int(unsafe { libc::getuid() } as i64))
    });
    simple_id(m, "geteuid", |_a, _| {
        Ok(Value::Int(unsafe { libc::geteuid() } as i64))
    });
    simple_id(m, "getgid", |_a, _| {
        Ok(Value::Int(unsafe { libc::getgid() } as i64))
    });
    simple_id(m, "getegid", |_a, _| {
        Ok(Value::Int(unsafe { libc::getegid() } as i64))
    });
    simple_id(m, "getpgrp", |_a, _| {
        Ok(Value::Int(unsafe { libc::getpgrp() } as i64))
    });
    add_function(m, "getpgid", |a, _| {
        check_args("getpgid", a, 1, 1)?;
        let r = unsafe { libc::getpgid(c_int(&a[0])?) };
        if r < 0 {
            return Err(last_error(None));
        }
        Ok(Value::Int(r as i64))
    });
    add_function(m, "getsid", |a, _| {
        check_args("getsid", a, 1, 1)?;
        let r = unsafe { libc::getsid(c_int(&a[0])?) };
        if r < 0 {
            return Err(last_error(None));
        }
        Ok(Value::Int(r as i64))
    });
    add_function(m, "setsid", |_a, _| {
        if unsafe { libc::setsid() } < 0 {
            return Err(last_error(None));
        }
        Ok(Value::None)
    });
    add_function(m, "setpgid", |a, _| {
        check_args("setpgid", a, 2, 2)?;
        ok_or_err(unsafe { libc::setpgid(c_int(&a[0])?, c_int(&a[1])?) }, None)
    });
    add_function(m, "setpgrp", |_a, _| {
        ok_or_err(unsafe { libc::setpgid(0, 0) }, None)
    });
    add_function(m, "setuid", |a, _| {
        check_args("setuid", a, 1, 1)?;
        ok_or_err(
            unsafe { libc::setuid(crate::types::int::index_i64(&a[0])? as u32) },
            None,
        )
    });
    add_function(m, "setgid", |a, _| {
        check_args("setgid", a, 1, 1)?;
        ok_or_err(
            unsafe { libc::setgid(crate::types::int::index_i64(&a[0])? as u32) },
            None,
        )
    });
    add_function(m, "getgroups", |_a, _| {
        let n = unsafe { libc::getgroups(0, std::ptr::null_mut()) };
        if n < 0 {
            return Err(last_error(None));
        }
        let mut g = vec![0 as libc::gid_t; n as usize];
        let n = unsafe { libc::getgroups(n, g.as_mut_ptr()) };
        if n < 0 {
            return Err(last_error(None));
        }
        Ok(crate::types::list::new_list(
            g[..n as usize]
                .iter()
                .map(|&x| Value::Int(x as i64))
                .collect(),
        ))
    });
    add_function(m, "getlogin", |_a, _| {
        let p = unsafe { libc::getlogin() };
        if p.is_null() {
            return Err(last_error(None));
        }
        Ok(osutil::fs_decode(
            unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes(),
        ))
    });
    add_function(m, "getloadavg", |_a, _| {
        let mut l = [0f64; 3];
        if unsafe { libc::getloadavg(l.as_mut_ptr(), 3) } != 3 {
            return Err(PyErr::new(
                &crate::types::exceptions::exc().os_error,
                "Load averages are unobtainable",
            ));
        }
        Ok(crate::types::tuple::new_tuple(
            l.iter().map(|&x| Value::Float(x)).collect(),
        ))
    });
    add_function(m, "nice", |a, _| {
        check_args("nice", a, 1, 1)?;
        unsafe { *libc::__errno_location() = 0 };
        let r = unsafe { libc::nice(c_int(&a[0])?) };
        if r == -1 && osutil::errno() != 0 {
            return Err(last_error(None));
        }
        Ok(Value::Int(r as i64))
    });
    add_function(m, "kill", |a, _| {
        check_args("kill", a, 2, 2)?;
        if unsafe { libc::kill(c_int(&a[0])?, c_int(&a[1])?) } != 0 {
            return Err(last_error(None));
        }
        crate::modules::signal::check_signals()?;
        Ok(Value::None)
    });
    add_function(m, "killpg", |a, _| {
        check_args("killpg", a, 2, 2)?;
        ok_or_err(unsafe { libc::killpg(c_int(&a[0])?, c_int(&a[1])?) }, None)
    });
    add_function(m, "fork", |_a, _| Ok(Value::Int(fork()? as i64)));
    add_function(m, "execv", |a, _| {
        check_args("execv", a, 2, 2)?;
        let path = path_arg("execv", "path", &a[0], false, false)?;
        let c = path.cstr("execv")?;
        let args = exec_args("execv", &a[1])?;
        let argv = ptrs(&args);
        unsafe { libc::execv(c.as_ptr(), argv.as_ptr()) };
        Err(last_error(None))
    });
    add_function(m, "execve", |a, kw| {
        let p = argp("execve", a, kw, &["path", "argv", "env"], 3)?;
        let path = path_arg(
            "execve",
            "path",
            p[0].as_ref().unwrap_or(&Value::None),
            true,
            false,
        )?;
        let args = exec_args("execve", p[1].as_ref().unwrap_or(&Value::None))?;
        let env = p[2].clone().unwrap_or(Value::None);
        if crate::ops::attr::getattr_opt(&env, "keys")?.is_none() {
            return Err(type_error("execve: environment must be a mapping object"));
        }
        let envs = env_list(&env)?;
        let argv = ptrs(&args);
        let envp = ptrs(&envs);
        match path.fd {
            Some(fd) => unsafe { libc::fexecve(fd, argv.as_ptr(), envp.as_ptr()) },
            None => {
                let c = path.cstr("execve")?;
                unsafe { libc::execve(c.as_ptr(), argv.as_ptr(), envp.as_ptr()) }
            }
        };
        Err(path.err())
    });
    add_function(m, "waitpid", |a, _| {
        check_args("waitpid", a, 2, 2)?;
        let (pid, st) = waitpid_raw(c_int(&a[0])?, c_int(&a[1])?)?;
        Ok(pair(Value::Int(pid as i64), Value::Int(st as i64)))
    });
    add_function(m, "wait", |_a, _| {
        let (pid, st) = waitpid_raw(-1, 0)?;
        Ok(pair(Value::Int(pid as i64), Value::Int(st as i64)))
    });
    add_function(m, "waitstatus_to_exitcode", |a, kw| {
        let p = argp("waitstatus_to_exitcode", a, kw, &["status"], 1)?;
        let st = c_int(p[0].as_ref().unwrap_or(&Value::Int(0)))?;
        if libc::WIFEXITED(st) {
            return Ok(Value::Int(libc::WEXITSTATUS(st) as i64));
        }
        if libc::WIFSIGNALED(st) {
            return Ok(Value::Int(-(libc::WTERMSIG(st) as i64)));
        }
        Err(value_error(format!("invalid wait status: {}", st)))
    });
    add_function(m, "WIFEXITED", |a, _| {
        Ok(Value::Bool(libc::WIFEXITED(status_arg(a)?)))
    });
    add_function(m, "WEXITSTATUS", |a, _| {
        Ok(Value::Int(libc::WEXITSTATUS(status_arg(a)?) as i64))
    });
    add_function(m, "WIFSIGNALED", |a, _| {
        Ok(Value::Bool(libc::WIFSIGNALED(status_arg(a)?)))
    });
    add_function(m, "WTERMSIG", |a, _| {
        Ok(Value::Int(libc::WTERMSIG(status_arg(a)?) as i64))
    });
    add_function(m, "WIFSTOPPED", |a, _| {
        Ok(Value::Bool(libc::WIFSTOPPED(status_arg(a)?)))
    });
    add_function(m, "WSTOPSIG", |a, _| {
        Ok(Value::Int(libc::WSTOPSIG(status_arg(a)?) as i64))
    });
    add_function(m, "WIFCONTINUED", |a, _| {
        Ok(Value::Bool(libc::WIFCONTINUED(status_arg(a)?)))
    });
    add_function(m, "WCOREDUMP", |a, _| {
        Ok(Value::Bool(libc::WCOREDUMP(status_arg(a)?)))
    });
    add_function(m, "_exit", |a, _| {
        check_args("_exit", a, 1, 1)?;
        let code = c_int(&a[0])?;
        unsafe { libc::_exit(code) }
    });
    add_function(m, "abort", |_a, _| unsafe { libc::abort() });
    add_function(m, "register_at_fork", |a, kw| {
        let p = argp(
            "register_at_fork",
            a,
            kw,
            &["$before", "$after_in_child", "$after_in_parent"],
            0,
        )?;
        if p.iter().all(|x| x.is_none()) {
            return Err(type_error("At least one argument is required."));
        }
        for (i, n) in ["before", "after_in_child", "after_in_parent"]
            .iter()
            .enumerate()
        {
            if let Some(f) = &p[i] {
                if !crate::builtins::is_callable(f) {
                    return Err(type_error(format!(
                        "'{}' must be callable, not {}",
                        n,
                        f.type_name()
                    )));
                }
            }
        }
        for (i, f) in p.iter().enumerate() {
            if let Some(f) = f {
                AT_FORK.get()[i].push(f.clone());
            }
        }
        Ok(Value::None)
    });
}

fn init_misc(m: &ObjRef) {
    add_function(m, "urandom", |a, _| {
        check_args("urandom", a, 1, 1)?;
        let n = crate::types::int::index_i64(&a[0])?;
        if n < 0 {
            return Err(value_error("negative argument not allowed"));
        }
        let mut buf = osutil::zeroed(n as usize)?;
        let mut got = 0;
        while got < buf.len() {
            let r = unsafe {
                libc::getrandom(
                    buf[got..].as_mut_ptr() as *mut libc::c_void,
                    buf.len() - got,
                    0,
                )
            };
            if r < 0 {
                if osutil::errno() == libc::EINTR {
                    crate::modules::signal::check_signals()?;
                    continue;
                }
                return Err(last_error(None));
            }
            got += r as usize;
        }
        Ok(crate::types::bytes::new_bytes(buf))
    });
    add_function(m, "cpu_count", |_a, _| {
        let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
        Ok(if n < 1 {
            Value::None
        } else {
            Value::Int(n as i64)
        })
    });
    add_function(m, "sysconf", |a, _| {
        check_args("sysconf", a, 1, 1)?;
        let name = conf_name(&a[0], &sysconf_names())?;
        unsafe { *libc::__errno_location() = 0 };
        let r = unsafe { libc::sysconf(name) };
        if r == -1 && osutil::errno() != 0 {
            return Err(last_error(None));
        }
        Ok(Value::Int(r as i64))
    });
    add_function(m, "fpathconf", |a, _| {
        check_args("fpathconf", a, 2, 2)?;
        let name = conf_name(&a[1], &pathconf_names())?;
        let fd = osutil::fd_arg(&a[0])?;
        unsafe { *libc::__errno_location() = 0 };
        let r = unsafe { libc::fpathconf(fd, name) };
        if r == -1 && osutil::errno() != 0 {
            return Err(last_error(None));
        }
        Ok(Value::Int(r as i64))
    });
    add_function(m, "pathconf", |a, kw| {
        let p = argp("pathconf", a, kw, &["path", "name"], 2)?;
        let path = path_arg(
            "pathconf",
            "path",
            p[0].as_ref().unwrap_or(&Value::None),
            true,
            false,
        )?;
        let name = conf_name(p[1].as_ref().unwrap_or(&Value::None), &pathconf_names())?;
        unsafe { *libc::__errno_location() = 0 };
        let r = match path.fd {
            Some(fd) => unsafe { libc::fpathconf(fd, name) },
            None => {
                let c = path.cstr("pathconf")?;
                unsafe { libc::pathconf(c.as_ptr(), name) }
            }
        };
        if r == -1 && osutil::errno() != 0 {
            return Err(path.err());
        }
        Ok(Value::Int(r as i64))
    });
    add_function(m, "confstr", |a, _| {
        check_args("confstr", a, 1, 1)?;
        let name = conf_name(&a[0], &[("CS_PATH", libc::_CS_PATH)])?;
        let n = unsafe { libc::confstr(name, std::ptr::null_mut(), 0) };
        if n == 0 {
            return Ok(Value::None);
        }
        let mut buf = vec![0u8; n];
        unsafe { libc::confstr(name, buf.as_mut_ptr() as *mut libc::c_char, n) };
        buf.truncate(n.saturating_sub(1));
        Ok(osutil::fs_decode(&buf))
    });
    add_function(m, "get_terminal_size", |a, _| {
        check_args("get_terminal_size", a, 0, 1)?;
        let fd = match a.first() {
            Some(v) => c_int(v)?,
            None => 1,
        };
        get_terminal_size(fd)
    });
    add_function(m, "strerror", |a, _| {
        check_args("strerror", a, 1, 1)?;
        Ok(Value::from(osutil::strerror(c_int(&a[0])?)))
    });
    add_function(m, "fspath", |a, kw| {
        let p = argp("fspath", a, kw, &["path"], 1)?;
        osutil::fspath_value(p[0].as_ref().unwrap_or(&Value::None))
    });
    add_function(m, "device_encoding", |a, kw| {
        let p = argp("device_encoding", a, kw, &["fd"], 1)?;
        let fd = c_int(p[0].as_ref().unwrap_or(&Value::None))?;
        if unsafe { libc::isatty(fd) } == 1 {
            return Ok(Value::from(crate::modules::locale::preferred_encoding()));
        }
        Ok(Value::None)
    });
    add_function(m, "putenv", |a, _| {
        check_args("putenv", a, 2, 2)?;
        let k = env_bytes(&a[0], "putenv")?;
        let v = env_bytes(&a[1], "putenv")?;
        if k.is_empty() || k.contains(&b'=') {
            return Err(value_error("illegal environment variable name"));
        }
        let (ck, cv) = (cstring(&k)?, cstring(&v)?);
        if unsafe { libc::setenv(ck.as_ptr(), cv.as_ptr(), 1) } != 0 {
            return Err(last_error(None));
        }
        Ok(Value::None)
    });
    add_function(m, "unsetenv", |a, _| {
        check_args("unsetenv", a, 1, 1)?;
        let k = env_bytes(&a[0], "unsetenv")?;
        if k.is_empty() || k.contains(&b'=') {
            return Err(value_error("illegal environment variable name"));
        }
        let ck = cstring(&k)?;
        if unsafe { libc::unsetenv(ck.as_ptr()) } != 0 {
            return Err(last_error(None));
        }
        Ok(Value::None)
    });
    add_function(m, "uname", |_a, _| uname_value());
    add_function(m, "times", |_a, _| times_value());
    add_function(m, "sched_getaffinity", |a, _| {
        check_args("sched_getaffinity", a, 1, 1)?;
        let pid = c_int(&a[0])?;
        let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        if unsafe { libc::sched_getaffinity(pid, std::mem::size_of::<libc::cpu_set_t>(), &mut set) }
            != 0
        {
            return Err(last_error(None));
        }
        let mut cpus = Vec::new();
        for i in 0..libc::CPU_SETSIZE as usize {
            if unsafe { libc::CPU_ISSET(i, &set) } {
                cpus.push(Value::Int(i as i64));
            }
        }
        crate::types::set::new_set_from(cpus)
    });
    add_function(m, "sched_yield", |_a, _| {
        crate::modules::thread::allow_threads(|| unsafe { libc::sched_yield() });
        Ok(Value::None)
    });
    add_function(m, "openpty", |_a, _| {
        let (mut mfd, mut sfd) = (0, 0);
        if unsafe {
            libc::openpty(
                &mut mfd,
                &mut sfd,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        } != 0
        {
            return Err(last_error(None));
        }
        let _ = set_inheritable(mfd, false);
        let _ = set_inheritable(sfd, false);
        Ok(pair(Value::Int(mfd as i64), Value::Int(sfd as i64)))
    });
    add_function(m, "lockf", |a, _| {
        check_args("lockf", a, 3, 3)?;
        ok_or_err(
            unsafe {
                libc::lockf(
                    c_int(&a[0])?,
                    c_int(&a[1])?,
                    crate::types::int::index_i64(&a[2])?,
                )
            },
            None,
        )
    });
    add_function(m, "eventfd", |a, kw| {
        let p = argp("eventfd", a, kw, &["initval", "flags"], 1)?;
        let init = crate::types::int::index_i64(p[0].as_ref().unwrap_or(&Value::Int(0)))? as u32;
        let fl = match &p[1] {
            Some(v) => c_int(v)?,
            None => libc::EFD_CLOEXEC,
        };
        let r = unsafe { libc::eventfd(init, fl) };
        if r < 0 {
            return Err(last_error(None));
        }
        Ok(Value::Int(r as i64))
    });
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    add_constants(m);
    set_attr(
        m,
        "error",
        Value::Obj(crate::types::exceptions::exc().os_error.clone()),
    );
    set_attr(m, "stat_result", seq_type(0)?);
    set_attr(m, "statvfs_result", seq_type(1)?);
    set_attr(m, "terminal_size", seq_type(2)?);
    set_attr(m, "times_result", seq_type(3)?);
    set_attr(m, "uname_result", seq_type(4)?);
    set_attr(m, "DirEntry", Value::Obj(direntry_type()));
    set_attr(m, "environ", environ_dict()?);
    set_attr(
        m,
        "_have_functions",
        crate::types::list::new_list(HAVE_FUNCTIONS.iter().map(|s| Value::from(*s)).collect()),
    );
    set_attr(m, "sysconf_names", names_dict(&sysconf_names())?);
    set_attr(m, "pathconf_names", names_dict(&pathconf_names())?);
    set_attr(
        m,
        "confstr_names",
        names_dict(&[("CS_PATH", libc::_CS_PATH)])?,
    );
    init_files(m);
    init_procs(m);
    init_misc(m);
    Ok(())
}
