//! Portable thread primitives (`PyThread_*`): locks with timeouts, thread-specific
//! storage (TSS and the old key API), thread identity and creation.

use std::os::raw::{c_int, c_ulong, c_void};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// A non-recursive lock usable from any thread (`PyThread_type_lock`).
pub struct Lock {
    locked: Mutex<bool>,
    cv: Condvar,
}

const PY_LOCK_FAILURE: c_int = 0;
const PY_LOCK_ACQUIRED: c_int = 1;

#[no_mangle]
pub extern "C" fn PyThread_init_thread() {}

#[no_mangle]
pub extern "C" fn PyThread_allocate_lock() -> *mut Lock {
    Box::into_raw(Box::new(Lock {
        locked: Mutex::new(false),
        cv: Condvar::new(),
    }))
}

#[no_mangle]
pub unsafe extern "C" fn PyThread_free_lock(l: *mut Lock) {
    if !l.is_null() {
        drop(Box::from_raw(l));
    }
}

/// `PyThread_acquire_lock_timed(lock, microseconds, intr_flag)`: -1 waits forever,
/// 0 does not wait.
#[no_mangle]
pub unsafe extern "C" fn PyThread_acquire_lock_timed(
    l: *mut Lock,
    microseconds: i64,
    _intr: c_int,
) -> c_int {
    let lock = &*l;
    let mut g = lock.locked.lock().unwrap_or_else(|e| e.into_inner());
    if !*g {
        *g = true;
        return PY_LOCK_ACQUIRED;
    }
    if microseconds == 0 {
        return PY_LOCK_FAILURE;
    }
    let deadline = if microseconds > 0 {
        Some(Instant::now() + Duration::from_micros(microseconds as u64))
    } else {
        None
    };
    while *g {
        match deadline {
            None => g = lock.cv.wait(g).unwrap_or_else(|e| e.into_inner()),
            Some(d) => {
                let now = Instant::now();
                if now >= d {
                    return PY_LOCK_FAILURE;
                }
                g = lock
                    .cv
                    .wait_timeout(g, d - now)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        }
    }
    *g = true;
    PY_LOCK_ACQUIRED
}

#[no_mangle]
pub unsafe extern "C" fn PyThread_acquire_lock(l: *mut Lock, waitflag: c_int) -> c_int {
    PyThread_acquire_lock_timed(l, if waitflag != 0 { -1 } else { 0 }, 0)
}

#[no_mangle]
pub unsafe extern "C" fn PyThread_release_lock(l: *mut Lock) {
    let lock = &*l;
    *lock.locked.lock().unwrap_or_else(|e| e.into_inner()) = false;
    lock.cv.notify_one();
}

#[no_mangle]
pub unsafe extern "C" fn _PyThread_at_fork_reinit(pl: *mut *mut Lock) -> c_int {
    *pl = PyThread_allocate_lock();
    0
}

#[no_mangle]
pub extern "C" fn PyThread_get_thread_ident() -> c_ulong {
    pyrite_vm::modules::thread::ident() as c_ulong
}

#[no_mangle]
pub extern "C" fn PyThread_get_thread_native_id() -> c_ulong {
    // SAFETY: gettid has no preconditions.
    unsafe { libc::syscall(libc::SYS_gettid) as c_ulong }
}

struct SendPtr(*mut c_void);
// SAFETY: the pointer is handed to the new thread's function, as in CPython.
unsafe impl Send for SendPtr {}

/// `PyThread_start_new_thread(func, arg)`: a detached OS thread running `func(arg)`.
#[no_mangle]
pub unsafe extern "C" fn PyThread_start_new_thread(
    func: Option<unsafe extern "C" fn(*mut c_void)>,
    arg: *mut c_void,
) -> c_ulong {
    let Some(f) = func else { return c_ulong::MAX };
    let a = SendPtr(arg);
    let (tx, rx) = std::sync::mpsc::channel();
    let r = std::thread::Builder::new()
        .stack_size(STACK_SIZE.with(|s| *s).max(1 << 20))
        .spawn(move || {
            let a = a;
            let _ = tx.send(pyrite_vm::modules::thread::ident());
            // SAFETY: the caller's thread function.
            unsafe { f(a.0) };
        });
    match r {
        Ok(_) => rx.recv().map(|i| i as c_ulong).unwrap_or(c_ulong::MAX),
        Err(_) => c_ulong::MAX,
    }
}

thread_local! {
    static STACK_SIZE: usize = 8 << 20;
}

#[no_mangle]
pub extern "C" fn PyThread_exit_thread() -> ! {
    // SAFETY: ends the calling thread only.
    unsafe { libc::pthread_exit(std::ptr::null_mut()) }
}

#[no_mangle]
pub extern "C" fn PyThread_get_stacksize() -> usize {
    0
}

#[no_mangle]
pub extern "C" fn PyThread_set_stacksize(_size: usize) -> c_int {
    0
}

#[no_mangle]
pub extern "C" fn PyThread_GetInfo() -> *mut emulation::layout::PyObject {
    crate::obj_api("PyThread_GetInfo", || {
        pyrite_vm::modules::sys::get_sys_attr("thread_info")
            .ok_or_else(|| crate::system_error("sys.thread_info is missing"))
    })
}

// ---- thread-specific storage ----

#[repr(C)]
pub struct PyTss {
    is_initialized: c_int,
    key: libc::pthread_key_t,
}

#[no_mangle]
pub extern "C" fn PyThread_tss_alloc() -> *mut PyTss {
    Box::into_raw(Box::new(PyTss {
        is_initialized: 0,
        key: 0,
    }))
}

#[no_mangle]
pub unsafe extern "C" fn PyThread_tss_free(k: *mut PyTss) {
    if !k.is_null() {
        PyThread_tss_delete(k);
        drop(Box::from_raw(k));
    }
}

#[no_mangle]
pub unsafe extern "C" fn PyThread_tss_is_created(k: *mut PyTss) -> c_int {
    (*k).is_initialized
}

#[no_mangle]
pub unsafe extern "C" fn PyThread_tss_create(k: *mut PyTss) -> c_int {
    if (*k).is_initialized != 0 {
        return 0;
    }
    if libc::pthread_key_create(&mut (*k).key, None) != 0 {
        return -1;
    }
    (*k).is_initialized = 1;
    0
}

#[no_mangle]
pub unsafe extern "C" fn PyThread_tss_delete(k: *mut PyTss) {
    if (*k).is_initialized != 0 {
        libc::pthread_key_delete((*k).key);
        (*k).is_initialized = 0;
    }
}

#[no_mangle]
pub unsafe extern "C" fn PyThread_tss_set(k: *mut PyTss, v: *mut c_void) -> c_int {
    (libc::pthread_setspecific((*k).key, v) != 0) as c_int * -1
}

#[no_mangle]
pub unsafe extern "C" fn PyThread_tss_get(k: *mut PyTss) -> *mut c_void {
    libc::pthread_getspecific((*k).key)
}

#[no_mangle]
pub extern "C" fn PyThread_create_key() -> c_int {
    let mut key: libc::pthread_key_t = 0;
    // SAFETY: creating a pthread key.
    if unsafe { libc::pthread_key_create(&mut key, None) } != 0 {
        return -1;
    }
    key as c_int
}

#[no_mangle]
pub extern "C" fn PyThread_delete_key(key: c_int) {
    // SAFETY: deleting a key made by PyThread_create_key.
    unsafe { libc::pthread_key_delete(key as libc::pthread_key_t) };
}

#[no_mangle]
pub unsafe extern "C" fn PyThread_set_key_value(key: c_int, v: *mut c_void) -> c_int {
    (libc::pthread_setspecific(key as libc::pthread_key_t, v) != 0) as c_int * -1
}

#[no_mangle]
pub extern "C" fn PyThread_get_key_value(key: c_int) -> *mut c_void {
    // SAFETY: reading a thread-specific value.
    unsafe { libc::pthread_getspecific(key as libc::pthread_key_t) }
}

#[no_mangle]
pub extern "C" fn PyThread_delete_key_value(key: c_int) {
    // SAFETY: clearing the calling thread's value.
    unsafe { libc::pthread_setspecific(key as libc::pthread_key_t, std::ptr::null()) };
}

#[no_mangle]
pub extern "C" fn PyThread_ReInitTLS() {}
