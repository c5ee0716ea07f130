//! `fcntl`: `fcntl`, `ioctl`, `flock`, `lockf` on file descriptors.

use crate::errors::*;
use crate::modules::osutil::{c_int, fd_arg, last_error};
use crate::object::ObjRef;
use crate::types::module::{add_function, set_attr};
use crate::value::Value;

fn retry(mut f: impl FnMut() -> libc::c_int) -> PyResult<libc::c_int> {
    loop {
        let r = crate::modules::thread::allow_threads(&mut f);
        if r == -1 {
            if crate::modules::osutil::errno() == libc::EINTR {
                crate::modules::signal::check_signals()?;
                continue;
            }
            return Err(last_error(None));
        }
        return Ok(r);
    }
}

fn with_buffer(fd: i32, req: libc::c_ulong, arg: &Value, ioctl: bool) -> PyResult<Option<Value>> {
    let Some(mut buf) = crate::types::bytes::as_bytes_like(arg) else {
        if crate::types::str::as_str(arg).is_some() {
            let mut b = crate::types::str::as_str(arg)
                .unwrap_or("")
                .as_bytes()
                .to_vec();
            return run_buf(fd, req, &mut b, ioctl).map(Some);
        }
        return Ok(None);
    };
    run_buf(fd, req, &mut buf, ioctl).map(Some)
}

fn run_buf(fd: i32, req: libc::c_ulong, buf: &mut Vec<u8>, ioctl: bool) -> PyResult<Value> {
    if buf.len() > 1024 {
        return Err(value_error(if ioctl {
            "ioctl string arg too long"
        } else {
            "fcntl string arg too long"
        }));
    }
    let len = buf.len();
    buf.resize(1024, 0);
    let r = if ioctl {
        unsafe { libc::ioctl(fd, req, buf.as_mut_ptr()) }
    } else {
        unsafe { libc::fcntl(fd, req as libc::c_int, buf.as_mut_ptr()) }
    };
    if r < 0 {
        return Err(last_error(None));
    }
    buf.truncate(len);
    Ok(crate::types::bytes::new_bytes(std::mem::take(buf)))
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    for (n, v) in [
        ("F_DUPFD", libc::F_DUPFD),
        ("F_DUPFD_CLOEXEC", libc::F_DUPFD_CLOEXEC),
        ("F_GETFD", libc::F_GETFD),
        ("F_SETFD", libc::F_SETFD),
        ("F_GETFL", libc::F_GETFL),
        ("F_SETFL", libc::F_SETFL),
        ("F_GETLK", libc::F_GETLK),
        ("F_SETLK", libc::F_SETLK),
        ("F_SETLKW", libc::F_SETLKW),
        ("F_GETOWN", libc::F_GETOWN),
        ("F_SETOWN", libc::F_SETOWN),
        ("F_GETSIG", 11),
        ("F_SETSIG", 10),
        ("F_RDLCK", libc::F_RDLCK as i32),
        ("F_WRLCK", libc::F_WRLCK as i32),
        ("F_UNLCK", libc::F_UNLCK as i32),
        ("F_GETPIPE_SZ", libc::F_GETPIPE_SZ),
        ("F_SETPIPE_SZ", libc::F_SETPIPE_SZ),
        ("F_NOTIFY", libc::F_NOTIFY),
        ("F_GETLEASE", libc::F_GETLEASE),
        ("F_SETLEASE", libc::F_SETLEASE),
        ("F_OFD_GETLK", libc::F_OFD_GETLK),
        ("F_OFD_SETLK", libc::F_OFD_SETLK),
        ("F_OFD_SETLKW", libc::F_OFD_SETLKW),
        ("F_ADD_SEALS", libc::F_ADD_SEALS),
        ("F_GET_SEALS", libc::F_GET_SEALS),
        ("F_SEAL_SEAL", libc::F_SEAL_SEAL),
        ("F_SEAL_SHRINK", libc::F_SEAL_SHRINK),
        ("F_SEAL_GROW", libc::F_SEAL_GROW),
        ("F_SEAL_WRITE", libc::F_SEAL_WRITE),
        ("FD_CLOEXEC", libc::FD_CLOEXEC),
        ("LOCK_SH", libc::LOCK_SH),
        ("LOCK_EX", libc::LOCK_EX),
        ("LOCK_NB", libc::LOCK_NB),
        ("LOCK_UN", libc::LOCK_UN),
        ("LOCK_MAND", 32),
        ("LOCK_READ", 64),
        ("LOCK_WRITE", 128),
        ("LOCK_RW", 192),
        ("DN_ACCESS", 1),
        ("DN_MODIFY", 2),
        ("DN_CREATE", 4),
        ("DN_DELETE", 8),
        ("DN_RENAME", 16),
        ("DN_ATTRIB", 32),
        ("DN_MULTISHOT", i32::MIN),
        ("F_EXLCK", 4),
        ("F_SHLCK", 8),
    ] {
        set_attr(m, n, Value::Int(v as i64));
    }
    add_function(m, "fcntl", |a, _| {
        check_args("fcntl", a, 2, 3)?;
        let fd = fd_arg(&a[0])?;
        let cmd = c_int(&a[1])?;
        if let Some(arg) = a.get(2) {
            if let Some(v) = with_buffer(fd, cmd as libc::c_ulong, arg, false)? {
                return Ok(v);
            }
            let i = if let Value::Bool(b) = arg {
                *b as i64
            } else {
                crate::types::int::index_i64(arg).map_err(|_| type_error(format!("fcntl() argument 3 must be an int, a bytes-like object, or a string, not {}", arg.type_name())))?
            };
            let r = retry(|| unsafe { libc::fcntl(fd, cmd, i as libc::c_long) })?;
            return Ok(Value::Int(r as i64));
        }
        let r = retry(|| unsafe { libc::fcntl(fd, cmd, 0 as libc::c_long) })?;
        Ok(Value::Int(r as i64))
    });
    add_function(m, "ioctl", |a, _| {
        check_args("ioctl", a, 2, 4)?;
        let fd = fd_arg(&a[0])?;
        let req = crate::types::int::index_i64(&a[1])? as libc::c_ulong;
        if let Some(arg) = a.get(2) {
            if let Some(ba) = match arg.payload() {
                Some(crate::types::Payload::ByteArray(b)) => Some(b),
                _ => None,
            } {
                // mutable buffer: the result is written back
                let v = ba.vec();
                let mut buf = v.clone();
                let len = buf.len();
                buf.resize(len.max(1024), 0);
                let r = unsafe { libc::ioctl(fd, req, buf.as_mut_ptr()) };
                if r < 0 {
                    return Err(last_error(None));
                }
                let v = ba.vec();
                v.clear();
                v.extend_from_slice(&buf[..len]);
                return Ok(Value::Int(r as i64));
            }
            if let Some(v) = with_buffer(fd, req, arg, true)? {
                return Ok(v);
            }
            let i = crate::types::int::index_i64(arg)?;
            let r = unsafe { libc::ioctl(fd, req, i as libc::c_long) };
            if r < 0 {
                return Err(last_error(None));
            }
            return Ok(Value::Int(r as i64));
        }
        let r = unsafe { libc::ioctl(fd, req, 0 as libc::c_long) };
        if r < 0 {
            return Err(last_error(None));
        }
        Ok(Value::Int(r as i64))
    });
    add_function(m, "flock", |a, _| {
        check_args("flock", a, 2, 2)?;
        let fd = fd_arg(&a[0])?;
        let op = c_int(&a[1])?;
        retry(|| unsafe { libc::flock(fd, op) })?;
        Ok(Value::None)
    });
    add_function(m, "lockf", |a, _| {
        check_args("lockf", a, 2, 5)?;
        let fd = fd_arg(&a[0])?;
        let code = c_int(&a[1])?;
        let len = match a.get(2) {
            Some(v) => crate::types::int::index_i64(v)?,
            None => 0,
        };
        let start = match a.get(3) {
            Some(v) => crate::types::int::index_i64(v)?,
            None => 0,
        };
        let whence = match a.get(4) {
            Some(v) => c_int(v)?,
            None => 0,
        };
        let mut l: libc::flock = unsafe { std::mem::zeroed() };
        l.l_type = if code == libc::LOCK_UN {
            libc::F_UNLCK as i16
        } else if code & libc::LOCK_SH != 0 {
            libc::F_RDLCK as i16
        } else if code & libc::LOCK_EX != 0 {
            libc::F_WRLCK as i16
        } else {
            return Err(value_error("unrecognized lockf argument"));
        };
        l.l_start = start;
        l.l_len = len;
        l.l_whence = whence as i16;
        let cmd = if code & libc::LOCK_NB != 0 {
            libc::F_SETLK
        } else {
            libc::F_SETLKW
        };
        retry(|| unsafe { libc::fcntl(fd, cmd, &mut l as *mut libc::flock) })?;
        Ok(Value::None)
    });
    Ok(())
}
