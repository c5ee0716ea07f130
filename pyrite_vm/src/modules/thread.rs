//! `_thread`: OS threads under a global interpreter lock (GIL), locks, thread-local
//! objects.
//!
//! Design. All interpreter state is unsynchronized and protected by the GIL (see
//! `gil.rs`, `object.rs`). The GIL itself is a mutex-protected flag with a condition
//! variable (below). The main thread holds it from start-up. A thread gives it up
//! around blocking operations (`allow_threads`: sleeping, waiting for a lock, reading a
//! pipe, waiting for a child) and, once the interpreter loop calls [`periodic`],
//! every few milliseconds when another thread is waiting for it.
//!
//! Per-thread interpreter state (`vm::Thread`: frames, the handled exception, the
//! recursion limit, trace functions) lives in one global slot that always holds the
//! state of the thread that currently has the GIL: releasing the GIL swaps the state
//! out into the releasing thread's own storage, acquiring swaps it back in. Code that
//! borrowed `vm::thread()` before releasing sees its own state again afterwards because
//! the slot's address never changes.
//!
//! Architecture Invariant: no Python object is touched while the GIL is released: the
//! closures given to `allow_threads` work on plain Rust data only.

use crate::errors::*;
use crate::modules::ndata::{new_cls, new_native, this, NativeData};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::{add_method, add_staticmethod, tdata, tflags};
use crate::value::Value;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// the GIL

struct GilState {
    locked: bool,
    /// Incremented on every hand-over (lets a yielding thread wait for a switch).
    switches: u64,
    waiting: usize,
}

static GIL: Mutex<GilState> = Mutex::new(GilState {
    locked: true,
    switches: 0,
    waiting: 0,
});
static GIL_CV: Condvar = Condvar::new();
/// Set once a second thread was started: until then releasing the GIL is pointless.
static MULTI: AtomicBool = AtomicBool::new(false);
/// A thread waits for the GIL: the holder should yield at the next [`periodic`].
static DROP_REQUEST: AtomicBool = AtomicBool::new(false);
/// Something needs the interpreter loop's attention: a GIL drop request or a pending
/// signal. The loop's fast check reads only this flag.
pub static EVAL_BREAKER: AtomicBool = AtomicBool::new(false);
static MAIN_IDENT: AtomicU64 = AtomicU64::new(0);
static THREAD_COUNT: AtomicUsize = AtomicUsize::new(0);
static NEXT_SERIAL: AtomicU64 = AtomicU64::new(1);
static STACK_SIZE: AtomicUsize = AtomicUsize::new(0);
static FORK_GENERATION: AtomicU64 = AtomicU64::new(0);

const SWITCH_INTERVAL: Duration = Duration::from_millis(5);
const DEFAULT_STACK: usize = 256 << 20;

thread_local! {
    /// Whether the calling OS thread holds the GIL (the main thread from start-up).
    static HOLDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static SERIAL: u64 = NEXT_SERIAL.fetch_add(1, Ordering::Relaxed);
    static SENTINELS: std::cell::RefCell<Vec<Arc<LockInner>>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn gil() -> MutexGuard<'static, GilState> {
    GIL.lock().unwrap_or_else(|e| e.into_inner())
}

/// `threading.get_ident()`: the pthread id of the calling thread.
pub fn ident() -> u64 {
    // SAFETY: pthread_self has no preconditions.
    unsafe { libc::pthread_self() as u64 }
}

/// A number unique to the calling OS thread for the life of the process.
pub fn serial() -> u64 {
    SERIAL.with(|s| *s)
}

/// Record the calling thread as the main thread (at start-up).
pub fn init_main() {
    MAIN_IDENT.store(ident(), Ordering::Relaxed);
    HOLDING.with(|h| h.set(true));
}

pub fn is_main_thread() -> bool {
    let m = MAIN_IDENT.load(Ordering::Relaxed);
    m == 0 || m == ident()
}

pub fn main_ident() -> u64 {
    MAIN_IDENT.load(Ordering::Relaxed)
}

/// The state of a thread that gave up the GIL.
struct Released(crate::vm::Thread);

/// Does the calling OS thread hold the GIL (`PyGILState_Check`)?
pub fn holds_gil() -> bool {
    HOLDING.with(|h| h.get())
}

fn release_gil() -> Released {
    let mut saved = crate::vm::Thread::new();
    std::mem::swap(crate::vm::thread(), &mut saved);
    HOLDING.with(|h| h.set(false));
    let mut g = gil();
    g.locked = false;
    drop(g);
    GIL_CV.notify_all();
    Released(saved)
}

fn acquire_gil(mut r: Released) {
    take_gil();
    std::mem::swap(crate::vm::thread(), &mut r.0);
}

fn take_gil() {
    let mut g = gil();
    g.waiting += 1;
    while g.locked {
        let (ng, res) = GIL_CV
            .wait_timeout(g, SWITCH_INTERVAL)
            .unwrap_or_else(|e| e.into_inner());
        g = ng;
        if res.timed_out() && g.locked {
            DROP_REQUEST.store(true, Ordering::Relaxed);
            EVAL_BREAKER.store(true, Ordering::Relaxed);
        }
    }
    g.waiting -= 1;
    g.locked = true;
    HOLDING.with(|h| h.set(true));
    g.switches = g.switches.wrapping_add(1);
    if g.waiting == 0 {
        DROP_REQUEST.store(false, Ordering::Relaxed);
    }
}

/// Run `f` (which must not touch Python objects) with the GIL released.
pub fn allow_threads<R>(f: impl FnOnce() -> R) -> R {
    if !MULTI.load(Ordering::Relaxed) {
        return f();
    }
    let r = release_gil();
    let out = f();
    acquire_gil(r);
    out
}

/// Let another thread run: give up the GIL until some other thread took it (or a
/// short while passed).
pub fn yield_gil() {
    if !MULTI.load(Ordering::Relaxed) {
        std::thread::yield_now();
        return;
    }
    let r = release_gil();
    {
        let mut g = gil();
        let n = g.switches;
        if g.waiting > 0 {
            let deadline = Instant::now() + SWITCH_INTERVAL;
            while g.switches == n && !g.locked {
                let now = Instant::now();
                if now >= deadline {
                    break;
                }
                let (ng, _) = GIL_CV
                    .wait_timeout(g, deadline - now)
                    .unwrap_or_else(|e| e.into_inner());
                g = ng;
            }
        } else {
            drop(g);
            std::thread::sleep(Duration::from_micros(50));
        }
    }
    acquire_gil(r);
}

/// The interpreter loop's periodic check (call between instructions, e.g. on backward
/// jumps and calls): cheap unless a signal is pending or another thread waits for the
/// GIL.
#[inline(always)]
pub fn periodic() -> PyResult<()> {
    if EVAL_BREAKER.load(Ordering::Relaxed) {
        return handle_eval_breaker();
    }
    Ok(())
}

#[cold]
#[inline(never)]
fn handle_eval_breaker() -> PyResult<()> {
    EVAL_BREAKER.store(false, Ordering::Relaxed);
    if DROP_REQUEST.swap(false, Ordering::Relaxed) {
        yield_gil();
    }
    if crate::modules::signal::signals_pending() {
        if is_main_thread() {
            crate::modules::signal::check_signals()?;
        } else {
            EVAL_BREAKER.store(true, Ordering::Relaxed);
        }
    }
    Ok(())
}

/// Incremented in the child after each `fork()`.
pub fn fork_generation() -> u64 {
    FORK_GENERATION.load(Ordering::Relaxed)
}

/// The state of a thread that released the GIL through the C API
/// (`PyEval_SaveThread`); give it back to [`restore_thread`].
pub struct SavedThread(Released);

/// Release the GIL for blocking C code (`PyEval_SaveThread`).
pub fn save_thread() -> SavedThread {
    MULTI.store(true, Ordering::Relaxed);
    SavedThread(release_gil())
}

/// Take the GIL back after [`save_thread`] (`PyEval_RestoreThread`).
pub fn restore_thread(s: SavedThread) {
    acquire_gil(s.0);
}

/// A thread the interpreter did not start (a C extension's) begins running Python
/// code (`PyGILState_Ensure`): take the GIL and install a fresh thread state.
pub fn attach_foreign_thread() {
    MULTI.store(true, Ordering::Relaxed);
    take_gil();
    let mut fresh = crate::vm::Thread::new();
    fresh.recursion_limit = crate::vm::thread().recursion_limit;
    let blank = std::mem::replace(crate::vm::thread(), fresh);
    drop(blank);
}

/// The end of [`attach_foreign_thread`] (`PyGILState_Release`): drop the thread's
/// state and release the GIL.
pub fn detach_foreign_thread() {
    let dead = std::mem::replace(crate::vm::thread(), crate::vm::Thread::new());
    drop(dead);
    HOLDING.with(|h| h.set(false));
    let mut g = gil();
    g.locked = false;
    drop(g);
    GIL_CV.notify_all();
}

/// After `fork()` in the child: only the calling thread exists.
pub fn after_fork_child() {
    FORK_GENERATION.fetch_add(1, Ordering::Relaxed);
    THREAD_COUNT.store(0, Ordering::Relaxed);
    MAIN_IDENT.store(ident(), Ordering::Relaxed);
    HOLDING.with(|h| h.set(true));
    let mut g = gil();
    g.locked = true;
    g.waiting = 0;
    DROP_REQUEST.store(false, Ordering::Relaxed);
}

// ---------------------------------------------------------------------------
// locks

/// A lock usable without the GIL.
pub struct LockInner {
    locked: Mutex<bool>,
    cv: Condvar,
}

impl LockInner {
    pub fn new() -> Arc<LockInner> {
        Arc::new(LockInner {
            locked: Mutex::new(false),
            cv: Condvar::new(),
        })
    }
    fn state(&self) -> MutexGuard<'_, bool> {
        self.locked.lock().unwrap_or_else(|e| e.into_inner())
    }
    pub fn try_acquire(&self) -> bool {
        let mut l = self.state();
        if *l {
            false
        } else {
            *l = true;
            true
        }
    }
    /// Wait up to `d` for the lock (no GIL needed).
    fn acquire_for(&self, d: Duration) -> bool {
        let deadline = Instant::now() + d;
        let mut l = self.state();
        while *l {
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            let (nl, _) = self
                .cv
                .wait_timeout(l, deadline - now)
                .unwrap_or_else(|e| e.into_inner());
            l = nl;
        }
        *l = true;
        true
    }
    pub fn release(&self) -> bool {
        let mut l = self.state();
        if !*l {
            return false;
        }
        *l = false;
        drop(l);
        self.cv.notify_one();
        true
    }
    pub fn is_locked(&self) -> bool {
        *self.state()
    }
    /// Acquire with Python semantics: `timeout` < 0 waits forever. Releases the GIL while
    /// waiting and runs signal handlers (which may raise) in the main thread.
    pub fn acquire_py(&self, blocking: bool, timeout: Option<Duration>) -> PyResult<bool> {
        if self.try_acquire() {
            return Ok(true);
        }
        if !blocking {
            return Ok(false);
        }
        let deadline = timeout.map(|t| Instant::now() + t);
        loop {
            let slice = match deadline {
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        return Ok(false);
                    }
                    (d - now).min(Duration::from_millis(20))
                }
                None => Duration::from_millis(20),
            };
            if !MULTI.load(Ordering::Relaxed) {
                // nobody else can release it but a signal handler: sleep in slices
                if self.acquire_for(Duration::from_millis(0)) {
                    return Ok(true);
                }
                std::thread::sleep(slice.min(Duration::from_millis(5)));
            } else if allow_threads(|| self.acquire_for(slice)) {
                return Ok(true);
            }
            if is_main_thread() && crate::modules::signal::signals_pending() {
                crate::modules::signal::check_signals()?;
            }
        }
    }
}

fn parse_acquire(name: &str, a: &[Value], kw: Kw) -> PyResult<(bool, Option<Duration>)> {
    let p = crate::args::parse(name, a, kw, &["blocking", "timeout"], 0)?;
    let blocking = match &p[0] {
        Some(v) => crate::ops::truthy(v)?,
        None => true,
    };
    let timeout = match &p[1] {
        Some(v) => crate::types::float::float_from_value(v)?,
        None => -1.0,
    };
    if !blocking && timeout != -1.0 {
        return Err(value_error(
            "can't specify a timeout for a non-blocking call",
        ));
    }
    if timeout < 0.0 && timeout != -1.0 {
        return Err(value_error("timeout value must be positive"));
    }
    if timeout > 9223372036.0 {
        return Err(overflow_error("timeout value is too large"));
    }
    Ok((
        blocking,
        if timeout < 0.0 {
            None
        } else {
            Some(Duration::from_secs_f64(timeout))
        },
    ))
}

pub struct Lock {
    pub inner: Arc<LockInner>,
}
impl NativeData for Lock {}

pub struct RLock {
    inner: Arc<LockInner>,
    owner: std::cell::Cell<u64>,
    count: std::cell::Cell<u64>,
}
impl NativeData for RLock {}

crate::native_type!(lock_type, make_lock_type);
crate::native_type!(rlock_type, make_rlock_type);
crate::native_type!(local_type, make_local_type);

/// A new `_thread.lock` object.
pub fn new_lock() -> Value {
    new_native(
        &lock_type(),
        Lock {
            inner: LockInner::new(),
        },
    )
}

fn lk(v: &Value) -> PyResult<&Lock> {
    this::<Lock>(v, "_thread.lock")
}

fn lock_acquire(a: &[Value], kw: Kw) -> PyResult<Value> {
    let l = lk(&a[0])?;
    let (b, t) = parse_acquire("acquire", &a[1..], kw)?;
    let inner = l.inner.clone();
    Ok(Value::Bool(inner.acquire_py(b, t)?))
}

fn lock_release(a: &[Value], _kw: Kw) -> PyResult<Value> {
    if !lk(&a[0])?.inner.release() {
        return Err(runtime_error("release unlocked lock"));
    }
    Ok(Value::None)
}

fn make_lock_type() -> ObjRef {
    let t = crate::modules::ndata::new_type("lock", "_thread", None, false);
    add_method(&t, "acquire", lock_acquire);
    add_method(&t, "acquire_lock", lock_acquire);
    add_method(&t, "__enter__", lock_acquire);
    add_method(&t, "release", lock_release);
    add_method(&t, "release_lock", lock_release);
    add_method(&t, "__exit__", lock_release);
    add_method(&t, "locked", |a, _| {
        Ok(Value::Bool(lk(&a[0])?.inner.is_locked()))
    });
    add_method(&t, "locked_lock", |a, _| {
        Ok(Value::Bool(lk(&a[0])?.inner.is_locked()))
    });
    add_method(&t, "_at_fork_reinit", |a, _| {
        let l = lk(&a[0])?;
        *l.inner.state() = false;
        Ok(Value::None)
    });
    add_method(&t, "__repr__", |a, _| {
        let l = lk(&a[0])?;
        Ok(Value::from(format!(
            "<{} {} object at {:#x}>",
            if l.inner.is_locked() {
                "locked"
            } else {
                "unlocked"
            },
            "_thread.lock",
            a[0].id()
        )))
    });
    crate::modules::ndata::finish_type(&t);
    t
}

fn rl(v: &Value) -> PyResult<&RLock> {
    this::<RLock>(v, "_thread.RLock")
}

fn rlock_acquire(a: &[Value], kw: Kw) -> PyResult<Value> {
    let r = rl(&a[0])?;
    let (b, t) = parse_acquire("acquire", &a[1..], kw)?;
    let me = ident();
    if r.count.get() > 0 && r.owner.get() == me {
        if r.count.get() == u64::MAX {
            return Err(overflow_error("Internal lock count overflowed"));
        }
        r.count.set(r.count.get() + 1);
        return Ok(Value::Bool(true));
    }
    let inner = r.inner.clone();
    if !inner.acquire_py(b, t)? {
        return Ok(Value::Bool(false));
    }
    let r = rl(&a[0])?;
    r.owner.set(me);
    r.count.set(1);
    Ok(Value::Bool(true))
}

fn rlock_release(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = rl(&a[0])?;
    if r.count.get() == 0 || r.owner.get() != ident() {
        return Err(runtime_error("cannot release un-acquired lock"));
    }
    r.count.set(r.count.get() - 1);
    if r.count.get() == 0 {
        r.owner.set(0);
        r.inner.release();
    }
    Ok(Value::None)
}

fn make_rlock_type() -> ObjRef {
    let t = crate::modules::ndata::new_type("RLock", "_thread", None, true);
    add_staticmethod(&t, "__new__", |a, _| {
        let cls = new_cls(a, &rlock_type())?;
        Ok(new_native(
            &cls,
            RLock {
                inner: LockInner::new(),
                owner: std::cell::Cell::new(0),
                count: std::cell::Cell::new(0),
            },
        ))
    });
    add_method(&t, "__init__", |_a, _| Ok(Value::None));
    add_method(&t, "acquire", rlock_acquire);
    add_method(&t, "__enter__", rlock_acquire);
    add_method(&t, "release", rlock_release);
    add_method(&t, "__exit__", rlock_release);
    add_method(&t, "_is_owned", |a, _| {
        let r = rl(&a[0])?;
        Ok(Value::Bool(r.count.get() > 0 && r.owner.get() == ident()))
    });
    add_method(&t, "_recursion_count", |a, _| {
        let r = rl(&a[0])?;
        Ok(Value::Int(if r.owner.get() == ident() {
            r.count.get() as i64
        } else {
            0
        }))
    });
    add_method(&t, "_release_save", |a, _| {
        let r = rl(&a[0])?;
        if r.count.get() == 0 {
            return Err(runtime_error("cannot release un-acquired lock"));
        }
        let state = crate::types::tuple::new_tuple(vec![
            Value::Int(r.count.get() as i64),
            Value::Int(r.owner.get() as i64),
        ]);
        r.count.set(0);
        r.owner.set(0);
        r.inner.release();
        Ok(state)
    });
    add_method(&t, "_acquire_restore", |a, _| {
        check_args("_acquire_restore", &a[1..], 1, 1)?;
        let st = crate::ops::iterate(&a[1])?;
        if st.len() != 2 {
            return Err(type_error(
                "_acquire_restore() argument 1 must be a 2-tuple",
            ));
        }
        let count = crate::types::int::index_i64(&st[0])? as u64;
        let owner = crate::types::int::to_bigint(&st[1])
            .and_then(|b| u64::try_from(b).ok())
            .unwrap_or(0);
        let inner = rl(&a[0])?.inner.clone();
        inner.acquire_py(true, None)?;
        let r = rl(&a[0])?;
        r.owner.set(owner);
        r.count.set(count);
        Ok(Value::None)
    });
    add_method(&t, "_at_fork_reinit", |a, _| {
        let r = rl(&a[0])?;
        *r.inner.state() = false;
        r.owner.set(0);
        r.count.set(0);
        Ok(Value::None)
    });
    add_method(&t, "__repr__", |a, _| {
        let r = rl(&a[0])?;
        let cls = a[0].class();
        let module = crate::types::typeobj::lookup_str(&cls, "__module__")
            .and_then(|m| crate::types::str::as_str(&m).map(|s| s.to_string()))
            .unwrap_or_default();
        let qn = tdata(&cls).qualname().to_string();
        Ok(Value::from(format!(
            "<{} {}.{} object owner={} count={} at {:#x}>",
            if r.count.get() > 0 {
                "locked"
            } else {
                "unlocked"
            },
            module,
            qn,
            r.owner.get(),
            r.count.get(),
            a[0].id()
        )))
    });
    crate::modules::ndata::finish_type(&t);
    t
}

// ---------------------------------------------------------------------------
// thread-local objects

pub struct Local {
    dicts: std::cell::UnsafeCell<std::collections::HashMap<u64, Value>>,
    args: Value,
    kwargs: Value,
}
impl NativeData for Local {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        // SAFETY: the collector runs under the GIL with no other borrow live.
        for v in unsafe { (*self.dicts.get()).values() } {
            f(v);
        }
        f(&self.args);
        f(&self.kwargs);
    }
    fn clear(&self) {
        let old = unsafe { std::mem::take(&mut *self.dicts.get()) };
        drop(old);
    }
}

/// Install the calling thread's dict as the object's `__dict__` (creating it, and
/// running `__init__` for subclasses, on the thread's first access).
fn local_enter(v: &Value) -> PyResult<()> {
    let l = this::<Local>(v, "_thread._local")?;
    let key = serial();
    let o = v
        .as_obj()
        .ok_or_else(|| type_error("expected _thread._local"))?;
    // SAFETY: no borrow of the map is kept across Python code.
    let existing = unsafe { (*l.dicts.get()).get(&key).cloned() };
    match existing {
        Some(d) => {
            o.set_dict(d.as_obj().cloned());
            Ok(())
        }
        None => {
            let d = crate::types::dict::new_dict();
            unsafe { (*l.dicts.get()).insert(key, d.clone()) };
            o.set_dict(d.as_obj().cloned());
            let cls = v.class();
            let init = crate::types::typeobj::lookup_str(&cls, "__init__");
            let obj_init =
                crate::types::typeobj::lookup_str(&crate::types::types().object, "__init__");
            let overridden = match (&init, &obj_init) {
                (Some(a), Some(b)) => !a.is(b),
                _ => false,
            };
            if overridden && !cls.is(&local_type()) {
                let mut args = vec![v.clone()];
                args.extend(crate::ops::iterate(&l.args)?);
                let mut names = Vec::new();
                if let Some(kd) = crate::types::dict::as_dict(&l.kwargs) {
                    for (k, val) in kd.items() {
                        names.push(k);
                        args.push(val);
                    }
                }
                let f = init.unwrap_or(Value::None);
                crate::ops::call::call(
                    &f,
                    &args,
                    if names.is_empty() { None } else { Some(&names) },
                )?;
            }
            Ok(())
        }
    }
}

fn make_local_type() -> ObjRef {
    let t = crate::modules::ndata::new_type("_local", "_thread", None, true);
    tdata(&t).set_flag(tflags::HAS_DICT, true);
    add_staticmethod(&t, "__new__", |a, kw| {
        let cls = new_cls(a, &local_type())?;
        let n = a.len() - 1;
        if n > 0 && !cls.is(&local_type()) {
            let init = crate::types::typeobj::lookup_str(&cls, "__init__");
            let obj_init =
                crate::types::typeobj::lookup_str(&crate::types::types().object, "__init__");
            if matches!((&init, &obj_init), (Some(x), Some(y)) if x.is(y)) {
                return Err(type_error("Initialization arguments are not supported"));
            }
        } else if n > 0 {
            return Err(type_error("Initialization arguments are not supported"));
        }
        let nk = kw.map_or(0, |k| k.len());
        let pos = a[1..a.len() - nk].to_vec();
        let kd = crate::types::dict::new_dict();
        if let Some(k) = kw {
            let d = crate::types::dict::as_dict(&kd).ok_or_else(|| runtime_error("dict"))?;
            for (i, name) in k.iter().enumerate() {
                d.set_item(name.clone(), a[a.len() - nk + i].clone())?;
            }
        }
        let v = new_native(
            &cls,
            Local {
                dicts: std::cell::UnsafeCell::new(Default::default()),
                args: crate::types::tuple::new_tuple(pos),
                kwargs: kd,
            },
        );
        // the creating thread's dict exists from the start (its __init__ runs normally)
        let l = this::<Local>(&v, "_thread._local")?;
        let d = crate::types::dict::new_dict();
        unsafe { (*l.dicts.get()).insert(serial(), d.clone()) };
        if let Some(o) = v.as_obj() {
            o.set_dict(d.as_obj().cloned());
        }
        Ok(v)
    });
    add_method(&t, "__getattribute__", |a, _| {
        check_args("__getattribute__", &a[1..], 1, 1)?;
        local_enter(&a[0])?;
        if crate::types::str::as_str(&a[1]) == Some("__dict__") {
            if let Some(d) = a[0].as_obj().and_then(|o| o.dict()) {
                return Ok(Value::Obj(d));
            }
        }
        match crate::ops::attr::generic_getattr_opt(&a[0], &a[1])? {
            Some(v) => Ok(v),
            None => Err(attribute_error(format!(
                "'{}' object has no attribute '{}'",
                a[0].type_name(),
                crate::types::str::as_str(&a[1]).unwrap_or("?")
            ))),
        }
    });
    add_method(&t, "__setattr__", |a, _| {
        check_args("__setattr__", &a[1..], 2, 2)?;
        if crate::types::str::as_str(&a[1]) == Some("__dict__") {
            return Err(attribute_error(format!(
                "'{}' object attribute '__dict__' is read-only",
                a[0].type_name()
            )));
        }
        local_enter(&a[0])?;
        let n = crate::types::str::intern(
            crate::types::str::as_str(&a[1])
                .ok_or_else(|| type_error("attribute name must be string"))?,
        );
        crate::ops::attr::generic_setattr(&a[0], &n, Some(a[2].clone()))?;
        Ok(Value::None)
    });
    add_method(&t, "__delattr__", |a, _| {
        check_args("__delattr__", &a[1..], 1, 1)?;
        local_enter(&a[0])?;
        let n = crate::types::str::intern(
            crate::types::str::as_str(&a[1])
                .ok_or_else(|| type_error("attribute name must be string"))?,
        );
        crate::ops::attr::generic_setattr(&a[0], &n, None)?;
        Ok(Value::None)
    });
    crate::modules::ndata::finish_type(&t);
    t
}

// ---------------------------------------------------------------------------
// starting threads

struct SendBox(Value, Vec<Value>, Vec<Value>);
// SAFETY: the values are only touched by the new thread after it acquired the GIL (or
// dropped by the starting thread, which holds the GIL, if spawning fails).
unsafe impl Send for SendBox {}

fn thread_main(job: SendBox) {
    take_gil();
    // the global slot now holds whatever the previous holder left (a blank state);
    // install a fresh state for this thread
    let mut fresh = crate::vm::Thread::new();
    fresh.recursion_limit = crate::vm::thread().recursion_limit;
    let _blank = std::mem::replace(crate::vm::thread(), fresh);
    let SendBox(func, args, names) = job;
    let r = crate::ops::call::call(
        &func,
        &args,
        if names.is_empty() { None } else { Some(&names) },
    );
    if let Err(e) = r {
        if !e.matches(&crate::types::exceptions::exc().system_exit) {
            report_thread_error(&e, &func);
        }
    }
    drop(func);
    drop(args);
    drop(names);
    SENTINELS.with(|s| {
        for l in s.borrow_mut().drain(..) {
            l.release();
        }
    });
    THREAD_COUNT.fetch_sub(1, Ordering::Relaxed);
    let dead = std::mem::replace(crate::vm::thread(), crate::vm::Thread::new());
    drop(dead);
    HOLDING.with(|h| h.set(false));
    let mut g = gil();
    g.locked = false;
    drop(g);
    GIL_CV.notify_all();
}

fn report_thread_error(e: &PyErr, func: &Value) {
    let desc = crate::ops::repr(func).unwrap_or_else(|_| "<object>".into());
    let text = format!(
        "Exception ignored in thread started by: {}\n{}",
        desc,
        crate::modules::traceback_fmt::format_exception(&e.value())
    );
    if let Some(err) = crate::modules::sys::get_sys_attr("stderr") {
        if !err.is_none() {
            let _ = crate::modules::io_min::write_to(&err, &text);
            let _ = crate::ops::attr::call_method(&err, "flush", &[]);
            return;
        }
    }
    eprint!("{}", text);
}

fn start_new_thread(a: &[Value], kw: Kw) -> PyResult<Value> {
    crate::args::no_kw("start_new_thread", kw)?;
    if a.len() < 2 || a.len() > 3 {
        return Err(type_error(format!(
            "start_new_thread expected at least 2 arguments, got {}",
            a.len()
        )));
    }
    if !crate::builtins::is_callable(&a[0]) {
        return Err(type_error("first arg must be callable"));
    }
    let Some(args) = crate::types::tuple::as_tuple(&a[1]).map(|t| t.to_vec()) else {
        return Err(type_error("2nd arg must be a tuple"));
    };
    let mut args = args;
    let mut names = Vec::new();
    if let Some(k) = a.get(2) {
        if !k.is_none() {
            let Some(d) = crate::types::dict::as_dict(k) else {
                return Err(type_error("optional 3rd arg must be a dictionary"));
            };
            for (key, v) in d.items() {
                names.push(key);
                args.push(v);
            }
        }
    }
    MULTI.store(true, Ordering::Relaxed);
    THREAD_COUNT.fetch_add(1, Ordering::Relaxed);
    let job = SendBox(a[0].clone(), args, names);
    let size = match STACK_SIZE.load(Ordering::Relaxed) {
        0 => DEFAULT_STACK,
        n => n.max(DEFAULT_STACK),
    };
    let spawned = std::thread::Builder::new()
        .stack_size(size)
        .spawn(move || thread_main(job));
    match spawned {
        Ok(h) => {
            use std::os::unix::thread::JoinHandleExt;
            let id = h.as_pthread_t() as u64;
            drop(h);
            Ok(crate::types::int::from_bigint(num_bigint::BigInt::from(id)))
        }
        Err(_) => {
            THREAD_COUNT.fetch_sub(1, Ordering::Relaxed);
            Err(runtime_error("can't start new thread"))
        }
    }
}

fn ident_value(i: u64) -> Value {
    crate::types::int::from_bigint(num_bigint::BigInt::from(i))
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "LockType", Value::Obj(lock_type()));
    set_attr(m, "lock", Value::Obj(lock_type()));
    set_attr(m, "RLock", Value::Obj(rlock_type()));
    set_attr(m, "_local", Value::Obj(local_type()));
    set_attr(
        m,
        "error",
        Value::Obj(crate::types::exceptions::exc().runtime_error.clone()),
    );
    set_attr(m, "TIMEOUT_MAX", Value::Float(9223372036.0));
    add_function(m, "allocate_lock", |_a, _| Ok(new_lock()));
    add_function(m, "allocate", |_a, _| Ok(new_lock()));
    add_function(m, "get_ident", |_a, _| Ok(ident_value(ident())));
    add_function(m, "get_native_id", |_a, _| {
        Ok(Value::Int(unsafe { libc::gettid() } as i64))
    });
    add_function(m, "_count", |_a, _| {
        Ok(Value::Int(THREAD_COUNT.load(Ordering::Relaxed) as i64))
    });
    add_function(m, "start_new_thread", start_new_thread);
    add_function(m, "start_new", start_new_thread);
    add_function(m, "_set_sentinel", |_a, _| {
        // threading acquires it itself; it is released when this thread ends
        let inner = LockInner::new();
        SENTINELS.with(|s| s.borrow_mut().push(inner.clone()));
        Ok(new_native(&lock_type(), Lock { inner }))
    });
    add_function(m, "stack_size", |a, _| {
        check_args("stack_size", a, 0, 1)?;
        let old = STACK_SIZE.load(Ordering::Relaxed);
        if let Some(v) = a.first() {
            let n = crate::types::int::index_i64(v)?;
            if n != 0 && n < 32768 {
                return Err(value_error(format!("size not valid: {} bytes", n)));
            }
            if n < 0 {
                return Err(value_error("size must be 0 or a positive value"));
            }
            STACK_SIZE.store(n as usize, Ordering::Relaxed);
        }
        Ok(Value::Int(old as i64))
    });
    add_function(m, "interrupt_main", |a, kw| {
        let p = crate::args::parse("interrupt_main", a, kw, &["signum"], 0)?;
        let sig = match &p[0] {
            Some(v) => crate::modules::osutil::c_int(v)?,
            None => libc::SIGINT,
        };
        crate::modules::signal::simulate_signal(sig)?;
        Ok(Value::None)
    });
    add_function(m, "exit", |_a, _| {
        Err(PyErr::with_args(
            &crate::types::exceptions::exc().system_exit,
            vec![],
        ))
    });
    add_function(m, "exit_thread", |_a, _| {
        Err(PyErr::with_args(
            &crate::types::exceptions::exc().system_exit,
            vec![],
        ))
    });
    add_function(m, "_is_main_interpreter", |_a, _| Ok(Value::Bool(true)));
    Ok(())
}
