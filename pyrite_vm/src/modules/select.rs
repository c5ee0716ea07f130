//! `select`: `select()` and `poll()` objects (the GIL is released while waiting).

use crate::errors::*;
use crate::modules::ndata::{new_native, this, NativeData};
use crate::modules::osutil::{c_int, errno, fd_arg, last_error};
use crate::object::ObjRef;
use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::add_method;
use crate::value::Value;
use std::cell::UnsafeCell;
use std::time::{Duration, Instant};

/// A timeout argument in seconds (None: forever).
fn timeout_secs(v: Option<&Value>, what: &str) -> PyResult<Option<f64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            if !crate::types::float::is_float(v) && !crate::types::int::is_int(v) {
                return Err(type_error(format!("{} must be a float or None", what)));
            }
            let f = crate::types::float::float_from_value(v)?;
            if f.is_nan() {
                return Err(value_error("Invalid value NaN (not a number)"));
            }
            if f < 0.0 {
                return Err(value_error(format!("{} must be non-negative", what)));
            }
            Ok(Some(f))
        }
    }
}

fn fds_of(list: &Value) -> PyResult<Vec<(i32, Value)>> {
    let mut out = Vec::new();
    for it in crate::ops::iterate(list)? {
        let fd = fd_arg(&it)?;
        if fd < 0 {
            return Err(value_error(format!(
                "file descriptor cannot be a negative integer ({})",
                fd
            )));
        }
        out.push((fd, it));
    }
    Ok(out)
}

fn select_fn(a: &[Value], _kw: crate::types::function::Kw) -> PyResult<Value> {
    check_args("select", a, 3, 4)?;
    let timeout = timeout_secs(a.get(3), "timeout")?;
    let lists = [fds_of(&a[0])?, fds_of(&a[1])?, fds_of(&a[2])?];
    let mut pfds: Vec<libc::pollfd> = Vec::new();
    let masks = [libc::POLLIN | libc::POLLPRI, libc::POLLOUT, libc::POLLPRI];
    for (k, l) in lists.iter().enumerate() {
        for (fd, _) in l {
            pfds.push(libc::pollfd {
                fd: *fd,
                events: masks[k],
                revents: 0,
            });
        }
    }
    let deadline = timeout.map(|t| Instant::now() + Duration::from_secs_f64(t.min(1e9)));
    loop {
        let ms = match deadline {
            None => -1,
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                (left.as_micros() as i64 + 999) / 1000
            }
        };
        let ms = ms.min(i32::MAX as i64) as i32;
        let r = crate::modules::thread::allow_threads(|| unsafe {
            libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, ms)
        });
        if r < 0 {
            if errno() == libc::EINTR {
                crate::modules::signal::check_signals()?;
                continue;
            }
            return Err(last_error(None));
        }
        break;
    }
    for p in &pfds {
        if p.revents & libc::POLLNVAL != 0 {
            return Err(crate::modules::osutil::os_error(libc::EBADF, None, None));
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    for (k, l) in lists.iter().enumerate() {
        let mut res = Vec::new();
        for (_, obj) in l {
            let re = pfds[i].revents;
            let hit = match k {
                0 => re & (libc::POLLIN | libc::POLLHUP | libc::POLLERR | libc::POLLPRI) != 0,
                1 => re & (libc::POLLOUT | libc::POLLERR) != 0,
                _ => re & libc::POLLPRI != 0,
            };
            if hit {
                res.push(obj.clone());
            }
            i += 1;
        }
        out.push(crate::types::list::new_list(res));
    }
    Ok(crate::types::tuple::new_tuple(out))
}

pub struct Poll {
    fds: UnsafeCell<Vec<(i32, i16)>>,
    polling: std::cell::Cell<bool>,
}
impl NativeData for Poll {}

crate::native_type!(poll_type, make_poll_type);

fn pl(v: &Value) -> PyResult<&Poll> {
    this::<Poll>(v, "select.poll")
}

fn mask_arg(v: Option<&Value>) -> PyResult<i16> {
    match v {
        None => Ok(libc::POLLIN | libc::POLLPRI | libc::POLLOUT),
        Some(v) => {
            let m = crate::types::int::index_i64(v)?;
            if !(0..=0xffff).contains(&m) {
                return Err(overflow_error("Python int too large for C unsigned short"));
            }
            Ok(m as u16 as i16)
        }
    }
}

fn make_poll_type() -> ObjRef {
    let t = crate::modules::ndata::new_type("poll", "select", None, false);
    add_method(&t, "register", |a, _| {
        check_args("register", &a[1..], 1, 2)?;
        let p = pl(&a[0])?;
        let fd = fd_arg(&a[1])?;
        let mask = mask_arg(a.get(2))?;
        let v = unsafe { &mut *p.fds.get() };
        match v.iter_mut().find(|(f, _)| *f == fd) {
            Some(e) => e.1 = mask,
            None => v.push((fd, mask)),
        }
        Ok(Value::None)
    });
    add_method(&t, "modify", |a, _| {
        check_args("modify", &a[1..], 2, 2)?;
        let p = pl(&a[0])?;
        let fd = fd_arg(&a[1])?;
        let mask = mask_arg(a.get(2))?;
        let v = unsafe { &mut *p.fds.get() };
        match v.iter_mut().find(|(f, _)| *f == fd) {
            Some(e) => {
                e.1 = mask;
                Ok(Value::None)
            }
            None => Err(crate::modules::osutil::os_error(libc::ENOENT, None, None)),
        }
    });
    add_method(&t, "unregister", |a, _| {
        check_args("unregister", &a[1..], 1, 1)?;
        let p = pl(&a[0])?;
        let fd = fd_arg(&a[1])?;
        let v = unsafe { &mut *p.fds.get() };
        let n = v.len();
        v.retain(|(f, _)| *f != fd);
        if v.len() == n {
            return Err(key_error(a[1].clone()));
        }
        Ok(Value::None)
    });
    add_method(&t, "poll", |a, _| {
        check_args("poll", &a[1..], 0, 1)?;
        let p = pl(&a[0])?;
        let ms: Option<f64> = match a.get(1) {
            None | Some(Value::None) => None,
            Some(v) => {
                if !crate::types::float::is_float(v) && !crate::types::int::is_int(v) {
                    return Err(type_error("timeout must be an integer or None"));
                }
                let f = crate::types::float::float_from_value(v)?;
                if f < 0.0 {
                    None
                } else {
                    Some(f.ceil())
                }
            }
        };
        if p.polling.get() {
            return Err(runtime_error("concurrent poll() invocation"));
        }
        let mut pfds: Vec<libc::pollfd> = unsafe { &*p.fds.get() }
            .iter()
            .map(|&(fd, ev)| libc::pollfd {
                fd,
                events: ev,
                revents: 0,
            })
            .collect();
        let deadline = ms.map(|m| Instant::now() + Duration::from_secs_f64(m.min(1e12) / 1000.0));
        p.polling.set(true);
        let r = loop {
            let t = match deadline {
                None => -1,
                Some(d) => {
                    (d.saturating_duration_since(Instant::now()).as_micros() as i64 + 999) / 1000
                }
            };
            let t = t.min(i32::MAX as i64) as i32;
            let r = crate::modules::thread::allow_threads(|| unsafe {
                libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, t)
            });
            if r < 0 {
                if errno() == libc::EINTR {
                    if let Err(e) = crate::modules::signal::check_signals() {
                        break Err(e);
                    }
                    continue;
                }
                break Err(last_error(None));
            }
            break Ok(());
        };
        pl(&a[0])?.polling.set(false);
        r?;
        let out: Vec<Value> = pfds
            .iter()
            .filter(|p| p.revents != 0)
            .map(|p| {
                crate::types::tuple::new_tuple(vec![
                    Value::Int(p.fd as i64),
                    Value::Int(p.revents as u16 as i64),
                ])
            })
            .collect();
        Ok(crate::types::list::new_list(out))
    });
    crate::modules::ndata::finish_type(&t);
    t
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    for (n, v) in [
        ("POLLIN", libc::POLLIN),
        ("POLLPRI", libc::POLLPRI),
        ("POLLOUT", libc::POLLOUT),
        ("POLLERR", libc::POLLERR),
        ("POLLHUP", libc::POLLHUP),
        ("POLLNVAL", libc::POLLNVAL),
        ("POLLRDNORM", libc::POLLRDNORM),
        ("POLLRDBAND", libc::POLLRDBAND),
        ("POLLWRNORM", libc::POLLWRNORM),
        ("POLLWRBAND", libc::POLLWRBAND),
        ("POLLMSG", 0x400),
        ("POLLRDHUP", libc::POLLRDHUP),
    ] {
        set_attr(m, n, Value::Int(v as i64));
    }
    set_attr(m, "PIPE_BUF", Value::Int(libc::PIPE_BUF as i64));
    set_attr(
        m,
        "error",
        Value::Obj(crate::types::exceptions::exc().os_error.clone()),
    );
    add_function(m, "select", select_fn);
    add_function(m, "poll", |a, _| {
        check_args("poll", a, 0, 0)?;
        Ok(new_native(
            &poll_type(),
            Poll {
                fds: UnsafeCell::new(Vec::new()),
                polling: std::cell::Cell::new(false),
            },
        ))
    });
    let _ = c_int;
    Ok(())
}
