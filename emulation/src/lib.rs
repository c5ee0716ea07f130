//! Pyrite's C boundary: native mirrors of Rust objects (`mirror`), the emulated
//! reference counts, static objects (`statics`), type objects (`types`), C functions
//! (`cfunc`), the thread's error indicator (`err`). The exported `extern "C"` API built
//! on this lives in the root crate (`capi/`).

#![allow(non_upper_case_globals)]

pub mod cfunc;
pub mod ctype;
pub mod err;
pub mod layout;
pub mod mirror;
pub mod statics;
pub mod types;
pub mod unicode;

pub use layout::PyObject;
use pyrite_vm::errors::{PyErr, PyResult};
use pyrite_vm::object::ObjRef;
use pyrite_vm::value::Value;
use std::os::raw::c_int;
use std::ptr::null_mut;

static INITIALIZED: pyrite_vm::gil::GilCell<bool> = pyrite_vm::gil::GilCell::new(false);

/// Link the static objects with the running interpreter (once; the core must be up).
pub fn init() {
    if *INITIALIZED.get() {
        return;
    }
    *INITIALIZED.get() = true;
    statics::init();
}

pub fn is_initialized() -> bool {
    *INITIALIZED.get()
}

/// Run `f`, converting a panic into a fatal error instead of unwinding into C.
pub fn guard<T>(what: &str, f: impl FnOnce() -> T) -> T {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            mirror::fatal(what, &format!("internal error: {}", msg))
        }
    }
}

/// Run code that may execute Python code on behalf of C: lists C filled are handed
/// over first; afterwards list mirrors are re-synchronized when they cross again.
#[inline]
pub fn enter_py<T>(f: impl FnOnce() -> T) -> T {
    mirror::flush_fill_lists();
    let r = f();
    mirror::bump_epoch();
    r
}

/// C convention for object results: a new reference, or NULL with the error set.
pub fn ret_obj(r: PyResult<Value>) -> *mut PyObject {
    match r {
        Ok(v) => mirror::to_c_new(&v),
        Err(e) => {
            err::set_pyerr(e);
            null_mut()
        }
    }
}

/// C convention for int results: the value, or -1 with the error set.
pub fn ret_int(r: PyResult<c_int>) -> c_int {
    match r {
        Ok(v) => v,
        Err(e) => {
            err::set_pyerr(e);
            -1
        }
    }
}

pub fn ret_ssize(r: PyResult<isize>) -> isize {
    match r {
        Ok(v) => v,
        Err(e) => {
            err::set_pyerr(e);
            -1
        }
    }
}

/// `PyErr_SetString(type, msg)`.
pub fn set_error(ty: &ObjRef, msg: &str) {
    err::set(Value::Obj(ty.clone()), Value::from(msg), Value::None);
}

/// `PyErr_BadInternalCall()`.
pub fn bad_internal_call(func: &str) {
    if mirror::debug() {
        mirror::fatal(func, "bad argument to internal function");
    }
    set_error(
        &pyrite_vm::types::exceptions::exc().system_error,
        &format!("{}: bad argument to internal function", func),
    );
}

/// The items of a tuple mirror (or NULL: none) as values, without materializing it.
///
/// # Safety
/// `t` is NULL or a valid object pointer.
pub unsafe fn tuple_items(t: *mut PyObject) -> PyResult<Vec<Value>> {
    if t.is_null() {
        return Ok(Vec::new());
    }
    if mirror::kind_of(t) == Some(mirror::kind::TUPLE) {
        let n = (*(t as *mut layout::PyVarObject)).ob_size.max(0) as usize;
        let slots = (*(t as *mut layout::PyTupleObject)).ob_item.as_mut_ptr();
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let it = *slots.add(i);
            out.push(if it.is_null() {
                Value::None
            } else {
                mirror::from_c(it)
            });
        }
        return Ok(out);
    }
    let v = mirror::from_c(t);
    match pyrite_vm::types::tuple::as_tuple(&v) {
        Some(items) => Ok(items.to_vec()),
        None => Err(pyrite_vm::errors::type_error(
            "argument list must be a tuple",
        )),
    }
}

/// `f(*args, **kw)` with C's tuple and dict (either may be NULL).
///
/// # Safety
/// `args`/`kw` are NULL or valid object pointers.
pub unsafe fn call_with_tuple_dict(
    f: &Value,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> PyResult<Value> {
    let mut all = tuple_items(args)?;
    let mut names = Vec::new();
    if !kw.is_null() {
        let kv = mirror::from_c(kw);
        let d = pyrite_vm::types::dict::as_dict(&kv)
            .ok_or_else(|| pyrite_vm::errors::type_error("keyword arguments must be a dict"))?;
        for (k, v) in d.items() {
            if pyrite_vm::types::str::as_str(&k).is_none() {
                return Err(pyrite_vm::errors::type_error("keywords must be strings"));
            }
            names.push(k);
            all.push(v);
        }
    }
    let kwn = if names.is_empty() {
        None
    } else {
        Some(&names[..])
    };
    enter_py(|| pyrite_vm::ops::call::call(f, &all, kwn))
}

/// Call a builtin by name (`divmod`, `pow`, ...).
pub fn call_builtin(name: &str, args: &[Value]) -> PyResult<Value> {
    let b = pyrite_vm::types::dict::obj_dict(&pyrite_vm::vm::interp().builtins_dict)
        .get_str_key(name)
        .ok_or_else(|| {
            PyErr::new(
                &pyrite_vm::types::exceptions::exc().name_error,
                format!("name '{}' is not defined", name),
            )
        })?;
    pyrite_vm::ops::call::call(&b, args, None)
}
