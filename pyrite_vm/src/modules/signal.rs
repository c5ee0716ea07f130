//! `_signal`: Python-level signal handlers.
//!
//! The C handler only records the signal (an atomic flag per signal, the interpreter's
//! `EVAL_BREAKER`, and a byte to the wakeup fd). The Python handler runs later in the
//! main thread, from [`check_signals`]: the interpreter loop calls it through
//! `thread::periodic` between instructions, and blocking calls call it when a system
//! call fails with `EINTR` (PEP 475).

use crate::errors::*;
use crate::gil::GilCell;
use crate::object::ObjRef;
use crate::types::module::{add_function, set_attr};
use crate::value::Value;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, Ordering};

pub const NSIG: usize = 65;

static PENDING: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];
static ANY_PENDING: AtomicBool = AtomicBool::new(false);
static WAKEUP_FD: AtomicI32 = AtomicI32::new(-1);
static WAKEUP_WARN: AtomicBool = AtomicBool::new(true);
/// SIGINTs received while one was still pending: a safety valve that restores the
/// default action if Python code never gets to run the handler.
static SIGINT_BACKLOG: AtomicU32 = AtomicU32::new(0);
/// Python handlers by signal number (`SIG_DFL` = 0, `SIG_IGN` = 1, or a callable).
static HANDLERS: GilCell<Vec<Value>> = GilCell::new(Vec::new());
static DEFAULT_INT_HANDLER: GilCell<Option<Value>> = GilCell::new(None);

extern "C" fn c_handler(sig: libc::c_int) {
    // SAFETY: only async-signal-safe operations: atomics, write(2), and errno save.
    let saved = unsafe { *libc::__errno_location() };
    // The interpreter's main thread is not the process's first thread (the launcher
    // runs it on a thread with a big stack): hand the signal to it, so that its
    // blocking system call is interrupted and it runs the Python handler.
    let main = crate::modules::thread::main_ident();
    if main != 0 && main != unsafe { libc::pthread_self() } as u64 {
        unsafe {
            libc::pthread_kill(main as libc::pthread_t, sig);
            *libc::__errno_location() = saved;
        }
        return;
    }
    let s = sig as usize;
    if s < NSIG {
        if sig == libc::SIGINT && PENDING[s].load(Ordering::Relaxed) {
            if SIGINT_BACKLOG.fetch_add(1, Ordering::Relaxed) >= 2 {
                unsafe {
                    libc::signal(libc::SIGINT, libc::SIG_DFL);
                    libc::raise(libc::SIGINT);
                }
            }
        }
        PENDING[s].store(true, Ordering::SeqCst);
        ANY_PENDING.store(true, Ordering::SeqCst);
        crate::modules::thread::EVAL_BREAKER.store(true, Ordering::SeqCst);
    }
    let fd = WAKEUP_FD.load(Ordering::Relaxed);
    if fd >= 0 {
        let b = sig as u8;
        unsafe { libc::write(fd, &b as *const u8 as *const libc::c_void, 1) };
    }
    unsafe { *libc::__errno_location() = saved };
}

/// Whether a signal waits for its Python handler.
#[inline]
pub fn signals_pending() -> bool {
    ANY_PENDING.load(Ordering::Relaxed)
}

fn handlers() -> &'static mut Vec<Value> {
    let h = HANDLERS.get();
    if h.is_empty() {
        h.resize(NSIG, Value::Int(0));
        for (s, slot) in h.iter_mut().enumerate().skip(1) {
            // what the process inherited
            let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
            if unsafe { libc::sigaction(s as i32, std::ptr::null(), &mut old) } == 0
                && old.sa_sigaction == libc::SIG_IGN
            {
                *slot = Value::Int(1);
            }
        }
    }
    h
}

fn default_int_handler() -> Value {
    DEFAULT_INT_HANDLER
        .get()
        .get_or_insert_with(|| {
            crate::types::function::new_builtin_in("_signal", "default_int_handler", |_a, _| {
                Err(PyErr::with_args(
                    &crate::types::exceptions::exc().keyboard_interrupt,
                    vec![],
                ))
            })
        })
        .clone()
}

fn install_c_handler(sig: i32, action: libc::sighandler_t) -> bool {
    // SAFETY: sigaction with a valid signal number and a zeroed mask.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = action;
        libc::sigemptyset(&mut sa.sa_mask);
        sa.sa_flags = libc::SA_ONSTACK;
        libc::sigaction(sig, &sa, std::ptr::null_mut()) == 0
    }
}

/// Block the asynchronous signals in the calling thread (the launcher's first thread,
/// which only waits for the interpreter's thread) so that the kernel delivers them
/// to the interpreter's thread; returns the previous mask for
/// [`restore_signal_mask`] in the new thread.
pub fn block_signals_in_launcher() -> libc::sigset_t {
    // SAFETY: plain sigset manipulation on local values.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut set);
        for s in [
            libc::SIGSEGV,
            libc::SIGBUS,
            libc::SIGFPE,
            libc::SIGILL,
            libc::SIGTRAP,
            libc::SIGABRT,
            libc::SIGSYS,
        ] {
            libc::sigdelset(&mut set, s);
        }
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old);
        old
    }
}

/// Restore a signal mask saved by [`block_signals_in_launcher`] (in the new thread).
pub fn restore_signal_mask(old: libc::sigset_t) {
    // SAFETY: setting the calling thread's mask.
    unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut()) };
}

/// Start-up: SIGINT raises KeyboardInterrupt (as in CPython).
pub fn init_startup() {
    let h = handlers();
    if matches!(h[libc::SIGINT as usize], Value::Int(0))
        && install_c_handler(
            libc::SIGINT,
            c_handler as extern "C" fn(libc::c_int) as libc::sighandler_t,
        )
    {
        h[libc::SIGINT as usize] = default_int_handler();
    }
}

/// Run the Python handlers of pending signals (main thread only; others return Ok).
pub fn check_signals() -> PyResult<()> {
    if !ANY_PENDING.load(Ordering::SeqCst) || !crate::modules::thread::is_main_thread() {
        return Ok(());
    }
    ANY_PENDING.store(false, Ordering::SeqCst);
    SIGINT_BACKLOG.store(0, Ordering::Relaxed);
    for s in 1..NSIG {
        if !PENDING[s].swap(false, Ordering::SeqCst) {
            continue;
        }
        let h = handlers()[s].clone();
        if matches!(h, Value::Int(_)) || h.is_none() {
            continue;
        }
        let frame = crate::vm::thread()
            .frames
            .last()
            .cloned()
            .map(Value::Obj)
            .unwrap_or(Value::None);
        if let Err(e) = crate::ops::call::call(&h, &[Value::Int(s as i64), frame], None) {
            // the remaining signals stay pending
            for (t, p) in PENDING.iter().enumerate().skip(s + 1) {
                if p.load(Ordering::SeqCst) && t < NSIG {
                    ANY_PENDING.store(true, Ordering::SeqCst);
                    crate::modules::thread::EVAL_BREAKER.store(true, Ordering::SeqCst);
                }
            }
            return Err(e);
        }
    }
    Ok(())
}

/// Pretend `sig` arrived (`_thread.interrupt_main`): only if Python handles it.
pub fn simulate_signal(sig: i32) -> PyResult<()> {
    if sig < 1 || sig as usize >= NSIG {
        return Err(value_error("signal number out of range"));
    }
    let h = handlers()[sig as usize].clone();
    if matches!(h, Value::Int(_)) {
        return Ok(());
    }
    PENDING[sig as usize].store(true, Ordering::SeqCst);
    ANY_PENDING.store(true, Ordering::SeqCst);
    crate::modules::thread::EVAL_BREAKER.store(true, Ordering::SeqCst);
    Ok(())
}

/// After fork in the child: pending signals belong to the parent.
pub fn after_fork_child() {
    for p in PENDING.iter() {
        p.store(false, Ordering::SeqCst);
    }
    ANY_PENDING.store(false, Ordering::SeqCst);
}

fn signum(v: &Value) -> PyResult<i32> {
    let s = crate::modules::osutil::c_int(v)?;
    if s < 1 || s as usize >= NSIG {
        return Err(value_error("signal number out of range"));
    }
    Ok(s)
}

fn sigset_from(v: &Value) -> PyResult<libc::sigset_t> {
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    unsafe { libc::sigemptyset(&mut set) };
    for it in crate::ops::iterate(v)? {
        let s = crate::modules::osutil::c_int(&it)?;
        if s < 1 || s as usize >= NSIG {
            return Err(value_error(format!(
                "signal number {} out of range [1; {}]",
                s,
                NSIG - 1
            )));
        }
        unsafe { libc::sigaddset(&mut set, s) };
    }
    Ok(set)
}

fn sigset_to_value(set: &libc::sigset_t) -> PyResult<Value> {
    let mut items = Vec::new();
    for s in 1..NSIG as i32 {
        if unsafe { libc::sigismember(set, s) } == 1 {
            items.push(Value::Int(s as i64));
        }
    }
    let set_t = Value::Obj(crate::types::types().set.clone());
    crate::ops::call::call(&set_t, &[crate::types::list::new_list(items)], None)
}

fn itimer_tuple(v: &libc::itimerval) -> Value {
    let f = |t: &libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    crate::types::tuple::new_tuple(vec![
        Value::Float(f(&v.it_value)),
        Value::Float(f(&v.it_interval)),
    ])
}

fn to_timeval(x: f64) -> libc::timeval {
    let sec = x.floor();
    let mut usec = ((x - sec) * 1e6).round() as i64;
    let mut sec = sec as i64;
    if usec >= 1_000_000 {
        sec += 1;
        usec -= 1_000_000;
    }
    libc::timeval {
        tv_sec: sec as libc::time_t,
        tv_usec: usec as libc::suseconds_t,
    }
}

pub fn signal_names() -> Vec<(&'static str, i32)> {
    vec![
        ("SIGHUP", libc::SIGHUP),
        ("SIGINT", libc::SIGINT),
        ("SIGQUIT", libc::SIGQUIT),
        ("SIGILL", libc::SIGILL),
        ("SIGTRAP", libc::SIGTRAP),
        ("SIGABRT", libc::SIGABRT),
        ("SIGIOT", libc::SIGIOT),
        ("SIGBUS", libc::SIGBUS),
        ("SIGFPE", libc::SIGFPE),
        ("SIGKILL", libc::SIGKILL),
        ("SIGUSR1", libc::SIGUSR1),
        ("SIGSEGV", libc::SIGSEGV),
        ("SIGUSR2", libc::SIGUSR2),
        ("SIGPIPE", libc::SIGPIPE),
        ("SIGALRM", libc::SIGALRM),
        ("SIGTERM", libc::SIGTERM),
        ("SIGSTKFLT", libc::SIGSTKFLT),
        ("SIGCHLD", libc::SIGCHLD),
        ("SIGCONT", libc::SIGCONT),
        ("SIGSTOP", libc::SIGSTOP),
        ("SIGTSTP", libc::SIGTSTP),
        ("SIGTTIN", libc::SIGTTIN),
        ("SIGTTOU", libc::SIGTTOU),
        ("SIGURG", libc::SIGURG),
        ("SIGXCPU", libc::SIGXCPU),
        ("SIGXFSZ", libc::SIGXFSZ),
        ("SIGVTALRM", libc::SIGVTALRM),
        ("SIGPROF", libc::SIGPROF),
        ("SIGWINCH", libc::SIGWINCH),
        ("SIGIO", libc::SIGIO),
        ("SIGPOLL", libc::SIGPOLL),
        ("SIGPWR", libc::SIGPWR),
        ("SIGSYS", libc::SIGSYS),
    ]
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    for (n, v) in signal_names() {
        set_attr(m, n, Value::Int(v as i64));
    }
    set_attr(m, "SIGRTMIN", Value::Int(libc::SIGRTMIN() as i64));
    set_attr(m, "SIGRTMAX", Value::Int(libc::SIGRTMAX() as i64));
    set_attr(m, "NSIG", Value::Int(NSIG as i64));
    set_attr(m, "SIG_DFL", Value::Int(0));
    set_attr(m, "SIG_IGN", Value::Int(1));
    set_attr(m, "SIG_BLOCK", Value::Int(libc::SIG_BLOCK as i64));
    set_attr(m, "SIG_UNBLOCK", Value::Int(libc::SIG_UNBLOCK as i64));
    set_attr(m, "SIG_SETMASK", Value::Int(libc::SIG_SETMASK as i64));
    set_attr(m, "ITIMER_REAL", Value::Int(libc::ITIMER_REAL as i64));
    set_attr(m, "ITIMER_VIRTUAL", Value::Int(libc::ITIMER_VIRTUAL as i64));
    set_attr(m, "ITIMER_PROF", Value::Int(libc::ITIMER_PROF as i64));
    set_attr(
        m,
        "ItimerError",
        Value::Obj(crate::types::exceptions::exc().os_error.clone()),
    );
    set_attr(m, "default_int_handler", default_int_handler());
    add_function(m, "signal", |a, kw| {
        crate::args::no_kw("signal", kw)?;
        check_args("signal", a, 2, 2)?;
        let s = signum(&a[0])?;
        let h = a[1].clone();
        let action: libc::sighandler_t =
            match &h {
                Value::Int(0) => libc::SIG_DFL,
                Value::Int(1) => libc::SIG_IGN,
                v if crate::builtins::is_callable(v) => {
                    c_handler as extern "C" fn(libc::c_int) as libc::sighandler_t
                }
                _ => return Err(type_error(
                    "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
                )),
            };
        if !crate::modules::thread::is_main_thread() {
            return Err(value_error(
                "signal only works in main thread of the main interpreter",
            ));
        }
        if !install_c_handler(s, action) {
            return Err(crate::modules::osutil::last_error(None));
        }
        let old = std::mem::replace(&mut handlers()[s as usize], h);
        Ok(old)
    });
    add_function(m, "getsignal", |a, _| {
        check_args("getsignal", a, 1, 1)?;
        let s = signum(&a[0])?;
        Ok(handlers()[s as usize].clone())
    });
    add_function(m, "raise_signal", |a, _| {
        check_args("raise_signal", a, 1, 1)?;
        let s = signum(&a[0])?;
        if unsafe { libc::raise(s) } != 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
        check_signals()?;
        Ok(Value::None)
    });
    add_function(m, "strsignal", |a, _| {
        check_args("strsignal", a, 1, 1)?;
        let s = signum(&a[0])?;
        let p = unsafe { libc::strsignal(s) };
        if p.is_null() {
            return Ok(Value::None);
        }
        let text = unsafe { std::ffi::CStr::from_ptr(p) }
            .to_string_lossy()
            .into_owned();
        if text.starts_with("Unknown signal") || text.starts_with("Real-time signal") {
            return Ok(Value::None);
        }
        Ok(Value::from(text))
    });
    add_function(m, "valid_signals", |_a, _| {
        let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
        unsafe { libc::sigfillset(&mut set) };
        sigset_to_value(&set)
    });
    add_function(m, "alarm", |a, _| {
        check_args("alarm", a, 1, 1)?;
        let s = crate::types::int::index_i64(&a[0])?;
        Ok(Value::Int(
            unsafe { libc::alarm(s.clamp(0, u32::MAX as i64) as u32) } as i64,
        ))
    });
    add_function(m, "pause", |_a, _| {
        crate::modules::thread::allow_threads(|| unsafe { libc::pause() });
        check_signals()?;
        Ok(Value::None)
    });
    add_function(m, "siginterrupt", |a, _| {
        check_args("siginterrupt", a, 2, 2)?;
        let s = signum(&a[0])?;
        let flag = crate::ops::truthy(&a[1])?;
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(s, std::ptr::null(), &mut sa) != 0 {
                return Err(crate::modules::osutil::last_error(None));
            }
            if flag {
                sa.sa_flags &= !libc::SA_RESTART;
            } else {
                sa.sa_flags |= libc::SA_RESTART;
            }
            if libc::sigaction(s, &sa, std::ptr::null_mut()) != 0 {
                return Err(crate::modules::osutil::last_error(None));
            }
        }
        Ok(Value::None)
    });
    add_function(m, "set_wakeup_fd", |a, kw| {
        let p = crate::args::parse("set_wakeup_fd", a, kw, &["", "$warn_on_full_buffer"], 1)?;
        let fd = crate::modules::osutil::c_int(p[0].as_ref().unwrap_or(&Value::Int(-1)))?;
        if !crate::modules::thread::is_main_thread() {
            return Err(value_error(
                "set_wakeup_fd only works in main thread of the main interpreter",
            ));
        }
        if fd != -1 {
            let mut st: libc::stat = unsafe { std::mem::zeroed() };
            if unsafe { libc::fstat(fd, &mut st) } != 0 {
                return Err(crate::modules::osutil::last_error(None));
            }
            let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
            if fl >= 0 && fl & libc::O_NONBLOCK == 0 {
                return Err(value_error(format!(
                    "the fd {} must be in non-blocking mode",
                    fd
                )));
            }
        }
        if let Some(w) = &p[1] {
            WAKEUP_WARN.store(crate::ops::truthy(w)?, Ordering::Relaxed);
        }
        Ok(Value::Int(WAKEUP_FD.swap(fd, Ordering::SeqCst) as i64))
    });
    add_function(m, "setitimer", |a, _| {
        check_args("setitimer", a, 2, 3)?;
        let which = crate::modules::osutil::c_int(&a[0])?;
        let secs = crate::types::float::float_from_value(&a[1])?;
        let interval = match a.get(2) {
            Some(v) => crate::types::float::float_from_value(v)?,
            None => 0.0,
        };
        let new = libc::itimerval {
            it_value: to_timeval(secs),
            it_interval: to_timeval(interval),
        };
        let mut old: libc::itimerval = unsafe { std::mem::zeroed() };
        if unsafe { libc::setitimer(which, &new, &mut old) } != 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
        Ok(itimer_tuple(&old))
    });
    add_function(m, "getitimer", |a, _| {
        check_args("getitimer", a, 1, 1)?;
        let which = crate::modules::osutil::c_int(&a[0])?;
        let mut old: libc::itimerval = unsafe { std::mem::zeroed() };
        if unsafe { libc::getitimer(which, &mut old) } != 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
        Ok(itimer_tuple(&old))
    });
    add_function(m, "pthread_sigmask", |a, _| {
        check_args("pthread_sigmask", a, 2, 2)?;
        let how = crate::modules::osutil::c_int(&a[0])?;
        let set = sigset_from(&a[1])?;
        let mut old: libc::sigset_t = unsafe { std::mem::zeroed() };
        let r = unsafe { libc::pthread_sigmask(how, &set, &mut old) };
        if r != 0 {
            return Err(crate::modules::osutil::os_error(r, None, None));
        }
        check_signals()?;
        sigset_to_value(&old)
    });
    add_function(m, "pthread_kill", |a, _| {
        check_args("pthread_kill", a, 2, 2)?;
        let tid = crate::types::int::to_bigint(&a[0])
            .and_then(|b| u64::try_from(b).ok())
            .ok_or_else(|| overflow_error("thread id out of range"))?;
        let s = crate::modules::osutil::c_int(&a[1])?;
        let r = unsafe { libc::pthread_kill(tid as libc::pthread_t, s) };
        if r != 0 {
            return Err(crate::modules::osutil::os_error(r, None, None));
        }
        check_signals()?;
        Ok(Value::None)
    });
    add_function(m, "sigpending", |_a, _| {
        let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
        if unsafe { libc::sigpending(&mut set) } != 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
        sigset_to_value(&set)
    });
    add_function(m, "sigwait", |a, _| {
        check_args("sigwait", a, 1, 1)?;
        let set = sigset_from(&a[0])?;
        let mut sig: libc::c_int = 0;
        let r = crate::modules::thread::allow_threads(|| unsafe { libc::sigwait(&set, &mut sig) });
        if r != 0 {
            return Err(crate::modules::osutil::os_error(r, None, None));
        }
        Ok(Value::Int(sig as i64))
    });
    Ok(())
}
