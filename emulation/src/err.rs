//! The thread's error indicator (`PyErr_Occurred` and friends).
//!
//! C code reports errors by setting the indicator and returning NULL/-1; Rust code
//! reports them as `PyErr`. [`set_pyerr`] and [`take_pyerr`] convert at the boundary.
//! The indicator holds `(type, value, traceback)` as CPython 3.11 does; `value` may be
//! un-normalized (not an instance of `type`) until something needs the instance.

use pyrite_vm::errors::{PyErr, PyResult};
use pyrite_vm::types::exceptions::{as_exc, exc};
use pyrite_vm::value::Value;
use std::cell::RefCell;

#[derive(Clone)]
pub struct ErrState {
    pub ty: Value,
    pub value: Value,
    pub tb: Value,
}

thread_local! {
    static CURRENT: RefCell<Option<ErrState>> = const { RefCell::new(None) };
}

/// How many threads have their indicator set: `occurred()` answers "no" without a
/// thread-local lookup when none has (the common case after every C call).
static NSET: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Keep `NSET` in step with one thread's indicator going from `was` to `now`.
#[inline]
fn count(was: bool, now: bool) {
    use std::sync::atomic::Ordering::Relaxed;
    match (was, now) {
        (false, true) => {
            NSET.fetch_add(1, Relaxed);
        }
        (true, false) => {
            NSET.fetch_sub(1, Relaxed);
        }
        _ => {}
    }
}

/// `PyErr_Restore`: replace the indicator (`None` clears it).
pub fn restore(s: Option<ErrState>) {
    let now = s.is_some();
    let old = CURRENT.with(|c| c.replace(s));
    count(old.is_some(), now);
    drop(old);
}

pub fn set(ty: Value, value: Value, tb: Value) {
    restore(Some(ErrState { ty, value, tb }));
}

/// Set the indicator from a raised Rust exception.
pub fn set_pyerr(e: PyErr) {
    let v = e.value();
    let tb = pyrite_vm::types::exceptions::get_traceback(&v);
    set(Value::Obj(e.0.class()), v, tb);
}

#[inline]
pub fn occurred() -> bool {
    if NSET.load(std::sync::atomic::Ordering::Relaxed) == 0 {
        return false;
    }
    CURRENT.with(|c| c.borrow().is_some())
}

/// The type of the current exception.
pub fn occurred_type() -> Option<Value> {
    CURRENT.with(|c| c.borrow().as_ref().map(|s| s.ty.clone()))
}

/// `PyErr_Fetch`: take the indicator.
pub fn take() -> Option<ErrState> {
    if NSET.load(std::sync::atomic::Ordering::Relaxed) == 0 {
        return None;
    }
    let old = CURRENT.with(|c| c.borrow_mut().take());
    count(old.is_some(), false);
    old
}

pub fn clear() {
    drop(take());
}

/// Look at the indicator without taking it.
pub fn peek() -> Option<ErrState> {
    CURRENT.with(|c| c.borrow().clone())
}

/// The exception instance for `(type, value, tb)` (CPython's normalization).
pub fn normalize(s: &ErrState) -> PyResult<Value> {
    let inst = if let Some(t) =
        s.ty.as_obj()
            .filter(|_| pyrite_vm::types::typeobj::is_type(&s.ty))
    {
        if as_exc(&s.value).is_some() && pyrite_vm::types::typeobj::isinstance(&s.value, t) {
            s.value.clone()
        } else {
            let args: Vec<Value> = if s.value.is_none() {
                vec![]
            } else if let Some(items) = pyrite_vm::types::tuple::as_tuple(&s.value) {
                if s.value.class_ref().is(&pyrite_vm::types::types().tuple) {
                    items.to_vec()
                } else {
                    vec![s.value.clone()]
                }
            } else {
                vec![s.value.clone()]
            };
            let v = pyrite_vm::ops::call::call(&s.ty, &args, None)?;
            if as_exc(&v).is_none() {
                return Err(pyrite_vm::errors::type_error(format!(
                    "calling {} should have returned an instance of BaseException, not {}",
                    pyrite_vm::ops::repr(&s.ty).unwrap_or_default(),
                    v.type_name()
                )));
            }
            v
        }
    } else if as_exc(&s.ty).is_some() {
        s.ty.clone()
    } else {
        return Err(PyErr::new(
            &exc().system_error,
            format!(
                "exception {} not a BaseException subclass",
                pyrite_vm::ops::repr(&s.ty).unwrap_or_default()
            ),
        ));
    };
    if !s.tb.is_none() {
        if let Some(e) = as_exc(&inst) {
            e.set_traceback(Some(s.tb.clone()));
        }
    }
    Ok(inst)
}

/// Take the indicator as a Rust exception (normalized).
pub fn take_pyerr() -> Option<PyErr> {
    let s = take()?;
    Some(match normalize(&s) {
        Ok(v) => PyErr(v.as_obj().unwrap().clone()),
        Err(e) => e,
    })
}

/// A C function returned NULL: the error it set, or SystemError if it set none.
pub fn error_from_null(func: &str) -> PyErr {
    match take_pyerr() {
        Some(e) => e,
        None => {
            if crate::mirror::debug() {
                crate::mirror::fatal(
                    func,
                    "a function returned NULL without setting an exception",
                );
            }
            PyErr::new(
                &exc().system_error,
                format!("{} returned NULL without setting an exception", func),
            )
        }
    }
}

/// Report an error set by C when a result was returned too.
pub fn result_with_error(func: &str) -> PyErr {
    let cause = take_pyerr();
    if crate::mirror::debug() {
        crate::mirror::fatal(func, "a function returned a result with an exception set");
    }
    let e = PyErr::new(
        &exc().system_error,
        format!("{} returned a result with an exception set", func),
    );
    if let (Some(c), Some(ex)) = (cause, as_exc(&e.value())) {
        ex.set_cause(Some(c.value()));
    }
    e
}
