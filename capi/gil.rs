//! Thread and interpreter state, and the GIL API (`PyGILState_*`,
//! `PyEval_SaveThread`/`RestoreThread`, ...).
//!
//! Pyrite runs Python code on one thread at a time; the C API keeps CPython's
//! structure (a thread state per thread, save/restore around blocking C code) so
//! extensions that release the GIL or call back from their own threads work. The
//! states handed out are opaque tokens: there is a single interpreter.

use emulation::layout::*;
use std::cell::Cell;
use std::os::raw::{c_int, c_void};
use std::ptr::null_mut;

/// An opaque `PyThreadState` / `PyInterpreterState` (C only compares and passes them).
#[repr(C)]
pub struct OpaqueState {
    _id: u64,
}

static INTERP_STATE: OpaqueState = OpaqueState { _id: 1 };

thread_local! {
    static TSTATE: Cell<*mut OpaqueState> = const { Cell::new(null_mut()) };
    /// States of this thread saved by `PyEval_SaveThread` / `PyGILState_Release`,
    /// innermost last (given back by `PyEval_RestoreThread` / `PyGILState_Ensure`).
    static SAVED: std::cell::RefCell<Vec<Saved>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A saved thread state. Its Python objects (if any) are never dropped without the
/// GIL: a state left behind when an OS thread exits is leaked, not freed.
struct Saved(std::mem::ManuallyDrop<pyrite_vm::modules::thread::SavedThread>);

fn this_thread_state() -> *mut OpaqueState {
    TSTATE.with(|t| {
        if t.get().is_null() {
            t.set(Box::into_raw(Box::new(OpaqueState {
                _id: pyrite_vm::modules::thread::ident(),
            })));
        }
        t.get()
    })
}

pub const PyGILState_LOCKED: c_int = 0;
pub const PyGILState_UNLOCKED: c_int = 1;

/// Give up the GIL, keeping this thread's interpreter state for `take_back`.
fn give_up() {
    let s = pyrite_vm::modules::thread::save_thread();
    SAVED.with(|v| v.borrow_mut().push(Saved(std::mem::ManuallyDrop::new(s))));
}

/// Take the GIL (back): this thread's saved state, or a fresh one for a thread that
/// never ran Python code.
fn take_back() {
    let s = SAVED.with(|v| v.borrow_mut().pop());
    match s {
        Some(Saved(s)) => {
            pyrite_vm::modules::thread::restore_thread(std::mem::ManuallyDrop::into_inner(s))
        }
        None => pyrite_vm::modules::thread::attach_foreign_thread(),
    }
}

fn holds() -> bool {
    pyrite_vm::modules::thread::holds_gil()
}

/// `PyGILState_Ensure`: the calling thread holds the GIL afterwards, whether it
/// already did (`LOCKED`), released it earlier (`PyEval_SaveThread`) or was created
/// by C and never ran Python code (`UNLOCKED`).
#[no_mangle]
pub extern "C" fn PyGILState_Ensure() -> c_int {
    if holds() {
        return PyGILState_LOCKED;
    }
    take_back();
    PyGILState_UNLOCKED
}

#[no_mangle]
pub extern "C" fn PyGILState_Release(state: c_int) {
    if state == PyGILState_UNLOCKED && holds() {
        give_up();
    }
}

#[no_mangle]
pub extern "C" fn PyGILState_GetThisThreadState() -> *mut OpaqueState {
    this_thread_state()
}

#[no_mangle]
pub extern "C" fn PyGILState_Check() -> c_int {
    holds() as c_int
}

/// `PyEval_SaveThread` (`Py_BEGIN_ALLOW_THREADS`): release the GIL so other threads
/// run while this one does C work that touches no Python objects.
#[no_mangle]
pub extern "C" fn PyEval_SaveThread() -> *mut OpaqueState {
    if !holds() {
        if emulation::mirror::debug() {
            emulation::mirror::fatal(
                "PyEval_SaveThread",
                "the function must be called with the GIL held",
            );
        }
        return this_thread_state();
    }
    give_up();
    this_thread_state()
}

/// `PyEval_RestoreThread` (`Py_END_ALLOW_THREADS`): wait for the GIL and continue.
#[no_mangle]
pub extern "C" fn PyEval_RestoreThread(_t: *mut OpaqueState) {
    if !holds() {
        take_back();
    }
}

#[no_mangle]
pub extern "C" fn PyEval_AcquireThread(t: *mut OpaqueState) {
    PyEval_RestoreThread(t)
}

#[no_mangle]
pub extern "C" fn PyEval_ReleaseThread(_t: *mut OpaqueState) {
    if holds() {
        give_up();
    }
}

#[no_mangle]
pub extern "C" fn PyEval_AcquireLock() {
    if !holds() {
        take_back();
    }
}

#[no_mangle]
pub extern "C" fn PyEval_ReleaseLock() {
    if holds() {
        give_up();
    }
}

#[no_mangle]
pub extern "C" fn PyEval_InitThreads() {}

#[no_mangle]
pub extern "C" fn PyEval_ThreadsInitialized() -> c_int {
    1
}

#[no_mangle]
pub extern "C" fn PyThreadState_Get() -> *mut OpaqueState {
    this_thread_state()
}

#[no_mangle]
pub extern "C" fn _PyThreadState_UncheckedGet() -> *mut OpaqueState {
    this_thread_state()
}

#[no_mangle]
pub extern "C" fn PyThreadState_Swap(new: *mut OpaqueState) -> *mut OpaqueState {
    let old = this_thread_state();
    if !new.is_null() {
        TSTATE.with(|t| t.set(new));
    }
    old
}

#[no_mangle]
pub extern "C" fn PyThreadState_New(_i: *mut OpaqueState) -> *mut OpaqueState {
    Box::into_raw(Box::new(OpaqueState { _id: 0 }))
}

#[no_mangle]
pub extern "C" fn PyThreadState_Clear(_t: *mut OpaqueState) {}

#[no_mangle]
pub unsafe extern "C" fn PyThreadState_Delete(t: *mut OpaqueState) {
    if !t.is_null() && t != this_thread_state() {
        drop(Box::from_raw(t));
    }
}

#[no_mangle]
pub extern "C" fn PyThreadState_DeleteCurrent() {}

static THREAD_DICTS: pyrite_vm::gil::GilCell<Vec<(u64, pyrite_vm::value::Value)>> =
    pyrite_vm::gil::GilCell::new(Vec::new());

/// `PyThreadState_GetDict()`: a per-thread dict (borrowed).
#[no_mangle]
pub extern "C" fn PyThreadState_GetDict() -> *mut PyObject {
    crate::guard("PyThreadState_GetDict", || {
        let id = pyrite_vm::modules::thread::ident();
        let t = THREAD_DICTS.get();
        let d = match t.iter().find(|(i, _)| *i == id) {
            Some((_, d)) => d.clone(),
            None => {
                let d = pyrite_vm::types::dict::new_dict();
                t.push((id, d.clone()));
                d
            }
        };
        emulation::mirror::to_c_borrowed_global(&d)
    })
}

#[no_mangle]
pub extern "C" fn PyThreadState_GetInterpreter(_t: *mut OpaqueState) -> *const OpaqueState {
    &INTERP_STATE
}

#[no_mangle]
pub extern "C" fn PyThreadState_GetFrame(_t: *mut OpaqueState) -> *mut PyObject {
    let f = crate::eval::PyEval_GetFrame();
    if !f.is_null() {
        emulation::mirror::incref(f);
    }
    f
}

#[no_mangle]
pub extern "C" fn PyThreadState_GetID(_t: *mut OpaqueState) -> u64 {
    pyrite_vm::modules::thread::ident()
}

#[no_mangle]
pub extern "C" fn PyThreadState_SetAsyncExc(
    _id: std::os::raw::c_ulong,
    _exc: *mut PyObject,
) -> c_int {
    0
}

#[no_mangle]
pub extern "C" fn PyInterpreterState_Get() -> *const OpaqueState {
    &INTERP_STATE
}

#[no_mangle]
pub extern "C" fn PyInterpreterState_Main() -> *const OpaqueState {
    &INTERP_STATE
}

#[no_mangle]
pub extern "C" fn PyInterpreterState_Head() -> *const OpaqueState {
    &INTERP_STATE
}

#[no_mangle]
pub extern "C" fn PyInterpreterState_Next(_i: *const OpaqueState) -> *const OpaqueState {
    std::ptr::null()
}

#[no_mangle]
pub extern "C" fn PyInterpreterState_GetID(_i: *const OpaqueState) -> i64 {
    0
}

static INTERP_DICT: pyrite_vm::gil::GilCell<Option<pyrite_vm::value::Value>> =
    pyrite_vm::gil::GilCell::new(None);

#[no_mangle]
pub extern "C" fn PyInterpreterState_GetDict(_i: *const OpaqueState) -> *mut PyObject {
    crate::guard("PyInterpreterState_GetDict", || {
        let d = INTERP_DICT
            .get()
            .get_or_insert_with(pyrite_vm::types::dict::new_dict)
            .clone();
        emulation::mirror::to_c_borrowed_global(&d)
    })
}

#[no_mangle]
pub unsafe extern "C" fn Py_AddPendingCall(
    func: Option<unsafe extern "C" fn(*mut c_void) -> c_int>,
    arg: *mut c_void,
) -> c_int {
    // run at once: there is only one thread executing Python code
    match func {
        Some(f) => {
            f(arg);
            0
        }
        None => -1,
    }
}
