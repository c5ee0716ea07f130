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

// ---------------------------------------------------------------------------
// epoll

pub struct Epoll {
    fd: std::cell::Cell<i32>,
}
impl NativeData for Epoll {}

impl Drop for Epoll {
    fn drop(&mut self) {
        let fd = self.fd.get();
        if fd >= 0 {
            // SAFETY: the epoll object owns its descriptor.
            unsafe { libc::close(fd) };
        }
    }
}

crate::native_type!(epoll_type, make_epoll_type);

fn ep(v: &Value) -> PyResult<&Epoll> {
    crate::modules::ndata::this::<Epoll>(v, "select.epoll")
}

fn ep_fd(v: &Value) -> PyResult<i32> {
    let fd = ep(v)?.fd.get();
    if fd < 0 {
        return Err(value_error("I/O operation on closed epoll object"));
    }
    Ok(fd)
}

fn epoll_ctl(a: &[Value], op: i32, name: &str, default_mask: bool) -> PyResult<Value> {
    let fd = ep_fd(&a[0])?;
    let target = fd_arg(crate::modules::ndata::arg(a, 1)?)?;
    let mask = match a.get(2) {
        Some(m) => crate::types::int::index_i64(m)? as u32,
        None if default_mask => (libc::EPOLLIN | libc::EPOLLPRI | libc::EPOLLOUT) as u32,
        None if op == libc::EPOLL_CTL_DEL => 0,
        None => {
            return Err(type_error(format!(
                "{}() missing required argument 'eventmask' (pos 2)",
                name
            )))
        }
    };
    let mut ev = libc::epoll_event {
        events: mask,
        u64: target as u64,
    };
    // SAFETY: epoll_ctl on our epoll descriptor.
    if unsafe { libc::epoll_ctl(fd, op, target, &mut ev) } < 0 {
        return Err(last_error(None));
    }
    Ok(Value::None)
}

fn make_epoll_type() -> ObjRef {
    let t = crate::modules::ndata::new_type("epoll", "select", None, false);
    crate::types::typeobj::add_staticmethod(&t, "__new__", |a, kw| {
        let cls = crate::modules::ndata::new_cls(a, &epoll_type())?;
        let p = crate::args::parse("epoll", &a[1..], kw, &["sizehint", "flags"], 0)?;
        if let Some(v) = &p[0] {
            let n = crate::types::int::index_i64(v)?;
            if n == 0 || n < -1 {
                return Err(value_error("negative sizehint"));
            }
        }
        // SAFETY: plain epoll_create1.
        let fd = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
        if fd < 0 {
            return Err(last_error(None));
        }
        Ok(new_native(
            &cls,
            Epoll {
                fd: std::cell::Cell::new(fd),
            },
        ))
    });
    add_method(&t, "register", |a, _| {
        check_args("register", &a[1..], 1, 2)?;
        epoll_ctl(a, libc::EPOLL_CTL_ADD, "register", true)
    });
    add_method(&t, "modify", |a, _| {
        check_args("modify", &a[1..], 2, 2)?;
        epoll_ctl(a, libc::EPOLL_CTL_MOD, "modify", false)
    });
    add_method(&t, "unregister", |a, _| {
        check_args("unregister", &a[1..], 1, 1)?;
        epoll_ctl(a, libc::EPOLL_CTL_DEL, "unregister", false)
    });
    add_method(&t, "poll", |a, kw| {
        let p = crate::args::parse("poll", &a[1..], kw, &["timeout", "maxevents"], 0)?;
        let fd = ep_fd(&a[0])?;
        let timeout = timeout_secs(p[0].as_ref(), "timeout").or_else(|_| {
            // a negative timeout waits forever, as CPython's epoll.poll
            match &p[0] {
                Some(v) if crate::types::float::float_from_value(v).is_ok_and(|f| f < 0.0) => {
                    Ok(None)
                }
                _ => Err(type_error("timeout must be an integer or None")),
            }
        })?;
        let maxevents = match &p[1] {
            Some(v) => {
                let n = crate::types::int::index_i64(v)?;
                if n == -1 {
                    libc::FD_SETSIZE as i64
                } else if n <= 0 {
                    return Err(value_error(format!(
                        "maxevents must be greater than 0, got {}",
                        n
                    )));
                } else {
                    n
                }
            }
            None => libc::FD_SETSIZE as i64,
        } as usize;
        let mut evs: Vec<libc::epoll_event> =
            vec![libc::epoll_event { events: 0, u64: 0 }; maxevents];
        let deadline = timeout.map(|t| Instant::now() + Duration::from_secs_f64(t.min(1e9)));
        let n = loop {
            let ms = match deadline {
                None => -1,
                Some(d) => ((d.saturating_duration_since(Instant::now()).as_micros() + 999) / 1000)
                    .min(i32::MAX as u128) as i32,
            };
            let ptr = evs.as_mut_ptr() as usize;
            let r = crate::modules::thread::allow_threads(|| unsafe {
                libc::epoll_wait(fd, ptr as *mut libc::epoll_event, maxevents as i32, ms)
            });
            if r < 0 {
                if errno() == libc::EINTR {
                    crate::modules::signal::check_signals()?;
                    continue;
                }
                return Err(last_error(None));
            }
            break r as usize;
        };
        let out: Vec<Value> = evs[..n]
            .iter()
            .map(|e| {
                let (fd, events) = (e.u64 as i32, e.events);
                crate::types::tuple::new_tuple(vec![
                    Value::Int(fd as i64),
                    Value::Int(events as i64),
                ])
            })
            .collect();
        Ok(crate::types::list::new_list(out))
    });
    add_method(&t, "close", |a, _| {
        let e = ep(&a[0])?;
        let fd = e.fd.replace(-1);
        if fd >= 0 {
            // SAFETY: closing our own descriptor.
            unsafe { libc::close(fd) };
        }
        Ok(Value::None)
    });
    add_method(&t, "fileno", |a, _| Ok(Value::Int(ep_fd(&a[0])? as i64)));
    crate::types::typeobj::add_getset(&t, "closed", |v| Ok(Value::Bool(ep(v)?.fd.get() < 0)), None);
    add_method(&t, "__enter__", |a, _| {
        ep_fd(&a[0])?;
        Ok(a[0].clone())
    });
    add_method(&t, "__exit__", |a, _| {
        let e = ep(&a[0])?;
        let fd = e.fd.replace(-1);
        if fd >= 0 {
            // SAFETY: closing our own descriptor.
            unsafe { libc::close(fd) };
        }
        Ok(Value::None)
    });
    crate::modules::ndata::finish_type(&t);
    t
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "epoll", Value::Obj(epoll_type()));
    for (n, v) in [
        ("EPOLLIN", libc::EPOLLIN),
        ("EPOLLOUT", libc::EPOLLOUT),
        ("EPOLLPRI", libc::EPOLLPRI),
        ("EPOLLERR", libc::EPOLLERR),
        ("EPOLLHUP", libc::EPOLLHUP),
        ("EPOLLET", libc::EPOLLET),
        ("EPOLLONESHOT", libc::EPOLLONESHOT),
        ("EPOLLEXCLUSIVE", libc::EPOLLEXCLUSIVE),
        ("EPOLLRDHUP", libc::EPOLLRDHUP),
        ("EPOLLRDNORM", libc::EPOLLRDNORM),
        ("EPOLLRDBAND", libc::EPOLLRDBAND),
        ("EPOLLWRNORM", libc::EPOLLWRNORM),
        ("EPOLLWRBAND", libc::EPOLLWRBAND),
        ("EPOLLMSG", libc::EPOLLMSG),
        ("EPOLL_CLOEXEC", libc::EPOLL_CLOEXEC),
    ] {
        set_attr(m, n, Value::Int(v as u32 as i64));
    }
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
