//! `_posixsubprocess.fork_exec`: the child side of `subprocess.Popen` on POSIX.
//!
//! Everything the child needs (argv, environment, executables) is converted to C
//! strings before `fork()`; between `fork()` and `exec()` the child only makes system
//! calls (and runs `preexec_fn` if one was given), then reports a failure through the
//! error pipe as `ExceptionName:hex_errno:message` and exits with status 255.

use crate::errors::*;
use crate::modules::osutil::{c_int, cstring, last_error};
use crate::modules::posix::{cstring_list, env_list, ptrs};
use crate::object::ObjRef;
use crate::types::module::add_function;
use crate::value::Value;
use std::ffi::CString;

fn opt_cstr(v: &Value) -> PyResult<Option<CString>> {
    if v.is_none() {
        return Ok(None);
    }
    Ok(Some(cstring(&crate::modules::osutil::fs_bytes(v)?)?))
}

fn fd(v: &Value) -> PyResult<i32> {
    c_int(v)
}

/// Write the error report and exit (child only).
fn child_fail(errpipe: i32, name: &str, err: i32, msg: &str) -> ! {
    let text = format!("{}:{:x}:{}", name, err, msg);
    unsafe {
        libc::write(errpipe, text.as_ptr() as *const libc::c_void, text.len());
        libc::_exit(255)
    }
}

fn clear_cloexec(fd: i32) -> bool {
    unsafe {
        let fl = libc::fcntl(fd, libc::F_GETFD);
        fl >= 0 && libc::fcntl(fd, libc::F_SETFD, fl & !libc::FD_CLOEXEC) >= 0
    }
}

/// Close every fd >= 3 not in `keep` (sorted).
fn close_fds(keep: &[i32]) {
    let mut lo: u32 = 3;
    let mut ok = true;
    for &k in keep.iter().filter(|&&k| k >= 3) {
        if (k as u32) > lo && ok {
            ok = unsafe { libc::syscall(libc::SYS_close_range, lo, k as u32 - 1, 0) } == 0;
        }
        lo = k as u32 + 1;
    }
    if ok {
        ok = unsafe { libc::syscall(libc::SYS_close_range, lo, u32::MAX, 0) } == 0;
    }
    if ok {
        return;
    }
    let max = unsafe { libc::sysconf(libc::_SC_OPEN_MAX) }.clamp(256, 65536) as i32;
    for f in 3..max {
        if !keep.contains(&f) {
            unsafe { libc::close(f) };
        }
    }
}

fn fork_exec(a: &[Value], _kw: crate::types::function::Kw) -> PyResult<Value> {
    if a.len() < 22 {
        return Err(type_error(format!(
            "fork_exec() takes exactly 23 arguments ({} given)",
            a.len()
        )));
    }
    let argv = if a[0].is_none() {
        Vec::new()
    } else {
        cstring_list(&a[0])?
    };
    let exes = cstring_list(&a[1])?;
    let close = crate::ops::truthy(&a[2])?;
    let mut keep: Vec<i32> = Vec::new();
    for v in crate::ops::iterate(&a[3])? {
        let f = c_int(&v)?;
        if f < 0 || keep.last().map_or(false, |&l| l >= f) {
            return Err(value_error("bad value(s) in fds_to_keep"));
        }
        keep.push(f);
    }
    let cwd = opt_cstr(&a[4])?;
    let env = if a[5].is_none() {
        None
    } else {
        Some(env_list_from_seq(&a[5])?)
    };
    let (p2cread, p2cwrite, c2pread, c2pwrite, errread, mut errwrite) = (
        fd(&a[6])?,
        fd(&a[7])?,
        fd(&a[8])?,
        fd(&a[9])?,
        fd(&a[10])?,
        fd(&a[11])?,
    );
    let (errpipe_read, errpipe_write) = (fd(&a[12])?, fd(&a[13])?);
    let restore_signals = crate::ops::truthy(&a[14])?;
    let call_setsid = crate::ops::truthy(&a[15])?;
    let pgid = c_int(&a[16]).unwrap_or(-1);
    let gid = if a[17].is_none() {
        None
    } else {
        Some(crate::types::int::index_i64(&a[17])? as libc::gid_t)
    };
    let groups: Option<Vec<libc::gid_t>> = if a[18].is_none() {
        None
    } else {
        Some(
            crate::ops::iterate(&a[18])?
                .iter()
                .map(|g| crate::types::int::index_i64(g).map(|x| x as libc::gid_t))
                .collect::<PyResult<_>>()?,
        )
    };
    let uid = if a[19].is_none() {
        None
    } else {
        Some(crate::types::int::index_i64(&a[19])? as libc::uid_t)
    };
    let umask = c_int(&a[20]).unwrap_or(-1);
    let preexec = a[21].clone();
    let argvp = ptrs(&argv);
    let envp = env.as_ref().map(|e| ptrs(e));
    let exep: Vec<&CString> = exes.iter().collect();
    let _ = errpipe_read;

    let pid = if preexec.is_none() {
        let p = unsafe { libc::fork() };
        if p < 0 {
            return Err(last_error(None));
        }
        p
    } else {
        crate::modules::posix::fork()?
    };
    if pid != 0 {
        return Ok(Value::Int(pid as i64));
    }
    // ---- child ----
    unsafe {
        for f in [p2cwrite, c2pread, errread] {
            if f != -1 {
                libc::close(f);
            }
        }
        libc::close(errpipe_read);
        let mut c2pwrite = c2pwrite;
        if c2pwrite == 0 {
            c2pwrite = libc::dup(c2pwrite);
            if c2pwrite < 0 {
                child_fail(
                    errpipe_write,
                    "OSError",
                    crate::modules::osutil::errno(),
                    "",
                );
            }
        }
        while errwrite == 0 || errwrite == 1 {
            errwrite = libc::dup(errwrite);
            if errwrite < 0 {
                child_fail(
                    errpipe_write,
                    "OSError",
                    crate::modules::osutil::errno(),
                    "",
                );
            }
        }
        for (src, dst) in [(p2cread, 0), (c2pwrite, 1), (errwrite, 2)] {
            if src == dst {
                if !clear_cloexec(src) {
                    child_fail(
                        errpipe_write,
                        "OSError",
                        crate::modules::osutil::errno(),
                        "",
                    );
                }
            } else if src != -1 && libc::dup2(src, dst) < 0 {
                child_fail(
                    errpipe_write,
                    "OSError",
                    crate::modules::osutil::errno(),
                    "",
                );
            }
        }
        for f in [p2cread, c2pwrite, errwrite] {
            if f > 2 && !keep.contains(&f) {
                libc::close(f);
            }
        }
        if let Some(c) = &cwd {
            if libc::chdir(c.as_ptr()) != 0 {
                child_fail(
                    errpipe_write,
                    "OSError",
                    crate::modules::osutil::errno(),
                    "noexec",
                );
            }
        }
        if umask >= 0 {
            libc::umask(umask as libc::mode_t);
        }
        if restore_signals {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
            libc::signal(libc::SIGXFSZ, libc::SIG_DFL);
        }
        // the interpreter's SIGINT handler must not survive in the child before exec
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        if call_setsid && libc::setsid() < 0 {
            child_fail(
                errpipe_write,
                "OSError",
                crate::modules::osutil::errno(),
                "",
            );
        }
        if pgid >= 0 && libc::setpgid(0, pgid) < 0 {
            child_fail(
                errpipe_write,
                "OSError",
                crate::modules::osutil::errno(),
                "",
            );
        }
        if let Some(g) = &groups {
            if libc::setgroups(g.len(), g.as_ptr()) < 0 {
                child_fail(
                    errpipe_write,
                    "OSError",
                    crate::modules::osutil::errno(),
                    "",
                );
            }
        }
        if let Some(g) = gid {
            if libc::setregid(g, g) < 0 {
                child_fail(
                    errpipe_write,
                    "OSError",
                    crate::modules::osutil::errno(),
                    "",
                );
            }
        }
        if let Some(u) = uid {
            if libc::setreuid(u, u) < 0 {
                child_fail(
                    errpipe_write,
                    "OSError",
                    crate::modules::osutil::errno(),
                    "",
                );
            }
        }
        if !preexec.is_none() && crate::ops::call::call(&preexec, &[], None).is_err() {
            child_fail(
                errpipe_write,
                "SubprocessError",
                0,
                "Exception occurred in preexec_fn.",
            );
        }
        if close {
            close_fds(&keep);
        }
        for &k in &keep {
            if k != errpipe_write {
                clear_cloexec(k);
            }
        }
        let mut saved = 0;
        for exe in &exep {
            match &envp {
                Some(e) => libc::execve(exe.as_ptr(), argvp.as_ptr(), e.as_ptr()),
                None => libc::execv(exe.as_ptr(), argvp.as_ptr()),
            };
            let e = crate::modules::osutil::errno();
            if e != libc::ENOENT && e != libc::ENOTDIR && saved == 0 {
                saved = e;
            }
        }
        let e = if saved != 0 {
            saved
        } else {
            crate::modules::osutil::errno()
        };
        child_fail(errpipe_write, "OSError", e, "")
    }
}

/// The environment for the child: a sequence of `b"KEY=VALUE"` (as subprocess
/// passes it) or a mapping.
fn env_list_from_seq(v: &Value) -> PyResult<Vec<CString>> {
    if crate::types::dict::as_dict(v).is_some() {
        return env_list(v);
    }
    let mut out = Vec::new();
    for it in crate::ops::iterate(v)? {
        let b = crate::modules::osutil::fs_bytes(&it)?;
        out.push(cstring(&b)?);
    }
    Ok(out)
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    add_function(m, "fork_exec", fork_exec);
    Ok(())
}
