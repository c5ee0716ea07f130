//! Exception handling (`PyErr_*`, `PyException_*`, `Py_FatalError`): the thread's error
//! indicator (see `emulation::err`), raising from C, fetching/restoring, printing,
//! creating exception classes, warnings.

use crate::{bad_internal, cstr, obj_api, py, val};
use emulation::err::{self, ErrState};
use emulation::layout::*;
use emulation::mirror::{self, from_c, steal, to_c_borrowed_global, to_c_new};
use pyrite_vm::errors::{PyErr, PyResult};
use pyrite_vm::ops;
use pyrite_vm::types::exceptions::{as_exc, exc};
use pyrite_vm::types::typeobj::{is_subtype, is_type};
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int};
use std::ptr::null_mut;

fn opt(p: *mut PyObject) -> Value {
    if p.is_null() {
        Value::None
    } else {
        // SAFETY: a valid object pointer from C.
        unsafe { from_c(p) }
    }
}

/// Chain a newly set exception to the one being handled (`__context__`), as
/// CPython's `_PyErr_SetObject` does.
fn chain_context(s: &mut ErrState) {
    let handled = match pyrite_vm::vm::thread().exc_info.clone() {
        Some(h) if as_exc(&h).is_some() => h,
        _ => return,
    };
    if let Ok(inst) = err::normalize(s) {
        if !inst.is(&handled) {
            if let Some(e) = as_exc(&inst) {
                if e.context().is_none() {
                    e.set_context(Some(handled));
                }
            }
        }
        s.value = inst;
    }
}

/// `PyErr_SetObject(type, value)`.
#[no_mangle]
pub unsafe extern "C" fn PyErr_SetObject(t: *mut PyObject, v: *mut PyObject) {
    crate::guard("PyErr_SetObject", || {
        if t.is_null()
            || !is_type(&from_c(t))
            || !is_subtype(from_c(t).as_obj().unwrap(), &exc().base_exception)
        {
            let tv = opt(t);
            err::set_pyerr(PyErr::new(
                &exc().system_error,
                format!(
                    "_PyErr_SetObject: exception {} is not a BaseException subclass",
                    ops::repr(&tv).unwrap_or_default()
                ),
            ));
            return;
        }
        let mut s = ErrState {
            ty: from_c(t),
            value: opt(v),
            tb: Value::None,
        };
        chain_context(&mut s);
        err::restore(Some(s));
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_SetNone(t: *mut PyObject) {
    PyErr_SetObject(t, null_mut())
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_SetString(t: *mut PyObject, msg: *const c_char) {
    crate::guard("PyErr_SetString", || {
        let s = if msg.is_null() {
            String::new()
        } else {
            String::from_utf8_lossy(std::ffi::CStr::from_ptr(msg).to_bytes()).into_owned()
        };
        let m = to_c_new(&Value::from(s));
        PyErr_SetObject(t, m);
        mirror::decref(m);
    })
}

/// `PyErr_Occurred()`: the current exception's type (borrowed) or NULL.
#[no_mangle]
pub extern "C" fn PyErr_Occurred() -> *mut PyObject {
    if !err::occurred() {
        return null_mut();
    }
    crate::guard("PyErr_Occurred", || match err::occurred_type() {
        Some(t) => to_c_borrowed_global(&t),
        None => null_mut(),
    })
}

#[no_mangle]
pub extern "C" fn PyErr_Clear() {
    crate::guard("PyErr_Clear", err::clear)
}

fn given_matches(given: &Value, e: &Value) -> PyResult<bool> {
    if let Some(items) = pyrite_vm::types::tuple::as_tuple(e) {
        for it in items.to_vec() {
            if given_matches(given, &it)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    let g = if as_exc(given).is_some() {
        Value::Obj(given.class())
    } else {
        given.clone()
    };
    match (g.as_obj(), e.as_obj()) {
        (Some(go), Some(eo)) if is_type(&g) && is_type(e) => Ok(is_subtype(go, eo)),
        _ => Ok(g.is(e)),
    }
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_GivenExceptionMatches(
    given: *mut PyObject,
    e: *mut PyObject,
) -> c_int {
    if given.is_null() || e.is_null() {
        return 0;
    }
    crate::guard("PyErr_GivenExceptionMatches", || {
        given_matches(&from_c(given), &from_c(e)).unwrap_or(false) as c_int
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_ExceptionMatches(e: *mut PyObject) -> c_int {
    PyErr_GivenExceptionMatches(PyErr_Occurred(), e)
}

fn out(v: &Value) -> *mut PyObject {
    if v.is_none() {
        null_mut()
    } else {
        to_c_new(v)
    }
}

/// `PyErr_Fetch(&type, &value, &tb)`: take the indicator (new references).
#[no_mangle]
pub unsafe extern "C" fn PyErr_Fetch(
    pt: *mut *mut PyObject,
    pv: *mut *mut PyObject,
    ptb: *mut *mut PyObject,
) {
    crate::guard("PyErr_Fetch", || {
        let s = err::take();
        let (t, v, tb) = match &s {
            Some(s) => (out(&s.ty), out(&s.value), out(&s.tb)),
            None => (null_mut(), null_mut(), null_mut()),
        };
        if !pt.is_null() {
            *pt = t;
        }
        if !pv.is_null() {
            *pv = v;
        }
        if !ptb.is_null() {
            *ptb = tb;
        }
    })
}

/// `PyErr_Restore(type, value, tb)`: steals the three references.
#[no_mangle]
pub unsafe extern "C" fn PyErr_Restore(t: *mut PyObject, v: *mut PyObject, tb: *mut PyObject) {
    crate::guard("PyErr_Restore", || {
        let take = |p: *mut PyObject| if p.is_null() { Value::None } else { steal(p) };
        let (tv, vv, tbv) = (take(t), take(v), take(tb));
        if tv.is_none() {
            err::clear();
            return;
        }
        err::set(tv, vv, tbv);
    })
}

/// `PyErr_NormalizeException(&type, &value, &tb)`.
#[no_mangle]
pub unsafe extern "C" fn PyErr_NormalizeException(
    pt: *mut *mut PyObject,
    pv: *mut *mut PyObject,
    ptb: *mut *mut PyObject,
) {
    crate::guard("PyErr_NormalizeException", || {
        if pt.is_null() || (*pt).is_null() {
            return;
        }
        let s = ErrState {
            ty: from_c(*pt),
            value: opt(*pv),
            tb: if ptb.is_null() {
                Value::None
            } else {
                opt(*ptb)
            },
        };
        match err::normalize(&s) {
            Ok(inst) => {
                let cls = Value::Obj(inst.class());
                mirror::decref(*pt);
                *pt = to_c_new(&cls);
                mirror::xdecref(*pv);
                *pv = to_c_new(&inst);
            }
            Err(e) => {
                // the error raised while normalizing replaces the original
                let v = e.value();
                mirror::decref(*pt);
                *pt = to_c_new(&Value::Obj(v.class()));
                mirror::xdecref(*pv);
                *pv = to_c_new(&v);
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_GetExcInfo(
    pt: *mut *mut PyObject,
    pv: *mut *mut PyObject,
    ptb: *mut *mut PyObject,
) {
    crate::guard("PyErr_GetExcInfo", || {
        let h = pyrite_vm::vm::thread()
            .exc_info
            .clone()
            .filter(|h| !h.is_none());
        match h {
            Some(e) => {
                *pt = to_c_new(&Value::Obj(e.class()));
                *pv = to_c_new(&e);
                *ptb = out(&pyrite_vm::types::exceptions::get_traceback(&e));
            }
            None => {
                *pt = null_mut();
                *pv = null_mut();
                *ptb = null_mut();
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyErr_GetExcInfo(
    _ts: *mut std::ffi::c_void,
    pt: *mut *mut PyObject,
    pv: *mut *mut PyObject,
    ptb: *mut *mut PyObject,
) {
    PyErr_GetExcInfo(pt, pv, ptb)
}

/// `PyErr_SetExcInfo(type, value, tb)`: steals; sets the exception being handled.
#[no_mangle]
pub unsafe extern "C" fn PyErr_SetExcInfo(t: *mut PyObject, v: *mut PyObject, tb: *mut PyObject) {
    crate::guard("PyErr_SetExcInfo", || {
        let vv = if v.is_null() { Value::None } else { steal(v) };
        mirror::xdecref(t);
        mirror::xdecref(tb);
        pyrite_vm::vm::thread().exc_info = if vv.is_none() { None } else { Some(vv) };
    })
}

#[no_mangle]
pub extern "C" fn PyErr_GetHandledException() -> *mut PyObject {
    crate::guard(
        "PyErr_GetHandledException",
        || match pyrite_vm::vm::thread().exc_info.clone() {
            Some(e) if !e.is_none() => to_c_new(&e),
            _ => null_mut(),
        },
    )
}

#[no_mangle]
pub unsafe extern "C" fn _PyErr_GetHandledException(_ts: *mut std::ffi::c_void) -> *mut PyObject {
    PyErr_GetHandledException()
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_SetHandledException(e: *mut PyObject) {
    crate::guard("PyErr_SetHandledException", || {
        let v = opt(e);
        pyrite_vm::vm::thread().exc_info = if v.is_none() { None } else { Some(v) };
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyErr_SetHandledException(_ts: *mut std::ffi::c_void, e: *mut PyObject) {
    PyErr_SetHandledException(e)
}

/// Print an exception as the interpreter does (through `sys.excepthook`).
pub(crate) fn print_exception(v: &Value, set_last: bool) {
    if set_last {
        let s = pyrite_vm::vm::interp().sys.clone();
        let sv = Value::Obj(s);
        let _ = ops::attr::setattr(&sv, "last_type", Value::Obj(v.class()));
        let _ = ops::attr::setattr(&sv, "last_value", v.clone());
        let _ = ops::attr::setattr(
            &sv,
            "last_traceback",
            pyrite_vm::types::exceptions::get_traceback(v),
        );
    }
    pyrite_vm::modules::io_min::flush_std();
    let hook = pyrite_vm::modules::sys::get_sys_attr("excepthook");
    let printed = match hook {
        Some(h) => py(|| {
            ops::call::call(
                &h,
                &[
                    Value::Obj(v.class()),
                    v.clone(),
                    pyrite_vm::types::exceptions::get_traceback(v),
                ],
                None,
            )
        })
        .is_ok(),
        None => false,
    };
    if !printed {
        let text = pyrite_vm::modules::traceback_fmt::format_exception(v);
        match pyrite_vm::modules::sys::get_sys_attr("stderr") {
            Some(e) if pyrite_vm::modules::io_min::write_to(&e, &text).is_ok() => {}
            _ => eprint!("{}", text),
        }
    }
    pyrite_vm::modules::io_min::flush_std();
}

/// The exit status for an uncaught `SystemExit` (printing its message if it has one).
pub(crate) fn system_exit_status(v: &Value) -> i32 {
    let code = ops::attr::getattr(v, "code").unwrap_or(Value::None);
    match &code {
        Value::None => 0,
        c if pyrite_vm::types::int::is_int(c) => {
            pyrite_vm::types::int::as_i64(c).unwrap_or(-1) as i32
        }
        other => {
            pyrite_vm::modules::io_min::flush_std();
            let text = ops::to_str(other).unwrap_or_default();
            match pyrite_vm::modules::sys::get_sys_attr("stderr") {
                Some(e) => {
                    let _ = pyrite_vm::modules::io_min::write_to(&e, &format!("{}\n", text));
                }
                None => eprintln!("{}", text),
            }
            1
        }
    }
}

/// `PyErr_PrintEx(set_sys_last_vars)`: print and clear the current exception; an
/// uncaught `SystemExit` exits the process (as in CPython).
#[no_mangle]
pub extern "C" fn PyErr_PrintEx(set_sys_last_vars: c_int) {
    crate::guard("PyErr_PrintEx", || {
        let Some(e) = err::take_pyerr() else { return };
        if e.matches(&exc().system_exit) {
            let status = system_exit_status(&e.value());
            pyrite_vm::modules::io_min::flush_std();
            std::process::exit(status);
        }
        print_exception(&e.value(), set_sys_last_vars != 0);
    })
}

#[no_mangle]
pub extern "C" fn PyErr_Print() {
    PyErr_PrintEx(1)
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_Display(_t: *mut PyObject, v: *mut PyObject, _tb: *mut PyObject) {
    crate::guard("PyErr_Display", || {
        if !v.is_null() {
            let text = pyrite_vm::modules::traceback_fmt::format_exception(&from_c(v));
            match pyrite_vm::modules::sys::get_sys_attr("stderr") {
                Some(e) if pyrite_vm::modules::io_min::write_to(&e, &text).is_ok() => {}
                _ => eprint!("{}", text),
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_WriteUnraisable(obj: *mut PyObject) {
    crate::guard("PyErr_WriteUnraisable", || {
        if let Some(e) = err::take_pyerr() {
            pyrite_vm::gc::write_unraisable(&e, &opt(obj));
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyErr_WriteUnraisableMsg(msg: *const c_char, obj: *mut PyObject) {
    crate::guard("_PyErr_WriteUnraisableMsg", || {
        if let Some(e) = err::take_pyerr() {
            if !msg.is_null() {
                let m =
                    String::from_utf8_lossy(std::ffi::CStr::from_ptr(msg).to_bytes()).into_owned();
                if let Some(ex) = as_exc(&e.value()) {
                    let _ = ex;
                }
                eprintln!(
                    "Exception ignored {}: {}",
                    m,
                    ops::repr(&opt(obj)).unwrap_or_default()
                );
                eprint!(
                    "{}",
                    pyrite_vm::modules::traceback_fmt::format_exception(&e.value())
                );
                return;
            }
            pyrite_vm::gc::write_unraisable(&e, &opt(obj));
        }
    })
}

#[no_mangle]
pub extern "C" fn PyErr_NoMemory() -> *mut PyObject {
    crate::guard("PyErr_NoMemory", || {
        err::set_pyerr(pyrite_vm::errors::memory_error());
        null_mut()
    })
}

#[no_mangle]
pub extern "C" fn PyErr_BadArgument() -> c_int {
    crate::guard("PyErr_BadArgument", || {
        err::set_pyerr(crate::type_error(
            "bad argument type for built-in operation",
        ));
        0
    })
}

#[no_mangle]
pub extern "C" fn PyErr_BadInternalCall() {
    crate::guard("PyErr_BadInternalCall", || {
        err::set_pyerr(PyErr::new(
            &exc().system_error,
            "bad argument to internal function",
        ))
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyErr_BadInternalCall(filename: *const c_char, lineno: c_int) {
    crate::guard("_PyErr_BadInternalCall", || {
        let f = if filename.is_null() {
            "?".into()
        } else {
            String::from_utf8_lossy(std::ffi::CStr::from_ptr(filename).to_bytes()).into_owned()
        };
        err::set_pyerr(PyErr::new(
            &exc().system_error,
            format!("{}:{}: bad argument to internal function", f, lineno),
        ))
    })
}

unsafe fn set_from_errno(t: *mut PyObject, f1: Value, f2: Value) -> *mut PyObject {
    crate::guard("PyErr_SetFromErrno", || {
        let e = *libc::__errno_location();
        let msg = std::ffi::CStr::from_ptr(libc::strerror(e))
            .to_string_lossy()
            .into_owned();
        let mut args = vec![Value::Int(e as i64), Value::from(msg)];
        if !f1.is_none() {
            args.push(f1);
            if !f2.is_none() {
                args.push(Value::Int(0));
                args.push(f2);
            }
        }
        let r: PyResult<Value> = (|| {
            let tv = val(t, "PyErr_SetFromErrno")?;
            py(|| ops::call::call(&tv, &args, None))
        })();
        match r {
            Ok(inst) => err::set(Value::Obj(inst.class()), inst, Value::None),
            Err(e) => err::set_pyerr(e),
        }
        null_mut()
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_SetFromErrno(t: *mut PyObject) -> *mut PyObject {
    set_from_errno(t, Value::None, Value::None)
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_SetFromErrnoWithFilenameObject(
    t: *mut PyObject,
    f: *mut PyObject,
) -> *mut PyObject {
    set_from_errno(t, opt(f), Value::None)
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_SetFromErrnoWithFilenameObjects(
    t: *mut PyObject,
    f: *mut PyObject,
    f2: *mut PyObject,
) -> *mut PyObject {
    set_from_errno(t, opt(f), opt(f2))
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_SetFromErrnoWithFilename(
    t: *mut PyObject,
    f: *const c_char,
) -> *mut PyObject {
    let saved = *libc::__errno_location();
    let fv = if f.is_null() {
        Value::None
    } else {
        Value::from(String::from_utf8_lossy(std::ffi::CStr::from_ptr(f).to_bytes()).into_owned())
    };
    *libc::__errno_location() = saved;
    set_from_errno(t, fv, Value::None)
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_SetImportErrorSubclass(
    e: *mut PyObject,
    msg: *mut PyObject,
    name: *mut PyObject,
    path: *mut PyObject,
) -> *mut PyObject {
    crate::guard("PyErr_SetImportError", || {
        let r: PyResult<Value> = (|| {
            let t = val(e, "PyErr_SetImportError")?;
            let inst = py(|| ops::call::call(&t, &[opt(msg)], None))?;
            ops::attr::setattr(&inst, "name", opt(name))?;
            ops::attr::setattr(&inst, "path", opt(path))?;
            Ok(inst)
        })();
        match r {
            Ok(inst) => err::set(Value::Obj(inst.class()), inst, Value::None),
            Err(e) => err::set_pyerr(e),
        }
        null_mut()
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_SetImportError(
    msg: *mut PyObject,
    name: *mut PyObject,
    path: *mut PyObject,
) -> *mut PyObject {
    let t = emulation::statics::PyExc_ImportError;
    PyErr_SetImportErrorSubclass(t, msg, name, path)
}

#[no_mangle]
pub unsafe extern "C" fn _PyErr_SetKeyError(key: *mut PyObject) {
    crate::guard("_PyErr_SetKeyError", || {
        err::set_pyerr(pyrite_vm::errors::key_error(opt(key)))
    })
}

/// `PyErr_NewException("module.Name", base, dict)`.
#[no_mangle]
pub unsafe extern "C" fn PyErr_NewException(
    name: *const c_char,
    base: *mut PyObject,
    dict: *mut PyObject,
) -> *mut PyObject {
    crate::ensure_ready();
    obj_api("PyErr_NewException", || {
        let full = cstr(name, "PyErr_NewException")?;
        let Some((module, short)) = full.rsplit_once('.') else {
            return Err(PyErr::new(
                &exc().system_error,
                "PyErr_NewException: name must be module.class",
            ));
        };
        let bases = if base.is_null() {
            pyrite_vm::types::tuple::new_tuple(vec![Value::Obj(exc().exception.clone())])
        } else {
            let b = from_c(base);
            if pyrite_vm::types::tuple::as_tuple(&b).is_some() {
                b
            } else {
                pyrite_vm::types::tuple::new_tuple(vec![b])
            }
        };
        let d = if dict.is_null() {
            pyrite_vm::types::dict::new_dict()
        } else {
            from_c(dict)
        };
        let dd = pyrite_vm::types::dict::as_dict(&d)
            .ok_or_else(|| bad_internal("PyErr_NewException"))?;
        if dd.get_str_key("__module__").is_none() {
            dd.set_str("__module__", Value::from(module));
        }
        let meta = Value::Obj(pyrite_vm::types::types().type_.clone());
        py(|| ops::call::call(&meta, &[Value::from(short), bases, d], None))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_NewExceptionWithDoc(
    name: *const c_char,
    doc: *const c_char,
    base: *mut PyObject,
    dict: *mut PyObject,
) -> *mut PyObject {
    crate::guard("PyErr_NewExceptionWithDoc", || {
        let d = if dict.is_null() {
            crate::dict::PyDict_New()
        } else {
            mirror::incref(dict);
            dict
        };
        if d.is_null() {
            return null_mut();
        }
        if !doc.is_null() {
            let dv = crate::unicode::PyUnicode_FromString(doc);
            if dv.is_null() {
                mirror::decref(d);
                return null_mut();
            }
            crate::dict::PyDict_SetItemString(d, c"__doc__".as_ptr(), dv);
            mirror::decref(dv);
        }
        let r = PyErr_NewException(name, base, d);
        mirror::decref(d);
        r
    })
}

// ---- warnings ----

fn warnings_module() -> PyResult<Value> {
    py(|| emulation::call_builtin("__import__", &[Value::from("warnings")]))
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_WarnEx(
    category: *mut PyObject,
    msg: *const c_char,
    stack_level: Py_ssize_t,
) -> c_int {
    crate::int_api("PyErr_WarnEx", || {
        let cat = if category.is_null() {
            Value::Obj(exc().runtime_warning.clone())
        } else {
            from_c(category)
        };
        let m = cstr(msg, "PyErr_WarnEx")?;
        let w = warnings_module()?;
        py(|| {
            ops::attr::call_method(
                &w,
                "warn",
                &[Value::from(m), cat, Value::Int(stack_level.max(1) as i64)],
            )
        })?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_Warn(category: *mut PyObject, msg: *const c_char) -> c_int {
    PyErr_WarnEx(category, msg, 1)
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_WarnExplicitObject(
    category: *mut PyObject,
    msg: *mut PyObject,
    filename: *mut PyObject,
    lineno: c_int,
    module: *mut PyObject,
    registry: *mut PyObject,
) -> c_int {
    crate::int_api("PyErr_WarnExplicitObject", || {
        let w = warnings_module()?;
        let cat = if category.is_null() {
            Value::Obj(exc().runtime_warning.clone())
        } else {
            from_c(category)
        };
        py(|| {
            ops::attr::call_method(
                &w,
                "warn_explicit",
                &[
                    opt(msg),
                    cat,
                    opt(filename),
                    Value::Int(lineno as i64),
                    opt(module),
                    opt(registry),
                ],
            )
        })?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_WarnExplicit(
    category: *mut PyObject,
    msg: *const c_char,
    filename: *const c_char,
    lineno: c_int,
    module: *const c_char,
    registry: *mut PyObject,
) -> c_int {
    let m = crate::unicode::PyUnicode_FromString(msg);
    let f = crate::unicode::PyUnicode_FromString(if filename.is_null() {
        c"<unknown>".as_ptr()
    } else {
        filename
    });
    let md = if module.is_null() {
        null_mut()
    } else {
        crate::unicode::PyUnicode_FromString(module)
    };
    let r = if m.is_null() || f.is_null() {
        -1
    } else {
        PyErr_WarnExplicitObject(category, m, f, lineno, md, registry)
    };
    mirror::xdecref(m);
    mirror::xdecref(f);
    mirror::xdecref(md);
    r
}

// ---- signals ----

#[no_mangle]
pub extern "C" fn PyErr_CheckSignals() -> c_int {
    crate::int_api("PyErr_CheckSignals", || {
        pyrite_vm::modules::thread::periodic().map(|_| 0)
    })
}

#[no_mangle]
pub extern "C" fn _PyErr_CheckSignals() -> c_int {
    PyErr_CheckSignals()
}

#[no_mangle]
pub extern "C" fn PyErr_SetInterruptEx(signum: c_int) -> c_int {
    // SAFETY: raising a signal in our own process.
    unsafe { libc::raise(signum) };
    0
}

#[no_mangle]
pub extern "C" fn PyErr_SetInterrupt() {
    PyErr_SetInterruptEx(libc::SIGINT);
}

// ---- exception objects ----

unsafe fn exc_obj(e: *mut PyObject, func: &str) -> PyResult<Value> {
    let v = val(e, func)?;
    if as_exc(&v).is_none() {
        return Err(bad_internal(func));
    }
    Ok(v)
}

#[no_mangle]
pub unsafe extern "C" fn PyException_GetTraceback(e: *mut PyObject) -> *mut PyObject {
    crate::guard("PyException_GetTraceback", || {
        match exc_obj(e, "PyException_GetTraceback") {
            Ok(v) => out(&pyrite_vm::types::exceptions::get_traceback(&v)),
            Err(_) => null_mut(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyException_SetTraceback(e: *mut PyObject, tb: *mut PyObject) -> c_int {
    crate::int_api("PyException_SetTraceback", || {
        let v = exc_obj(e, "PyException_SetTraceback")?;
        let t = opt(tb);
        as_exc(&v)
            .unwrap()
            .set_traceback(if t.is_none() { None } else { Some(t) });
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyException_GetCause(e: *mut PyObject) -> *mut PyObject {
    crate::guard("PyException_GetCause", || {
        match exc_obj(e, "PyException_GetCause") {
            Ok(v) => as_exc(&v)
                .unwrap()
                .cause()
                .map(|c| out(&c))
                .unwrap_or(null_mut()),
            Err(_) => null_mut(),
        }
    })
}

/// `PyException_SetCause(e, cause)`: steals `cause`.
#[no_mangle]
pub unsafe extern "C" fn PyException_SetCause(e: *mut PyObject, cause: *mut PyObject) {
    crate::guard("PyException_SetCause", || {
        let c = if cause.is_null() {
            Value::None
        } else {
            steal(cause)
        };
        if let Ok(v) = exc_obj(e, "PyException_SetCause") {
            let ex = as_exc(&v).unwrap();
            ex.set_cause(if c.is_none() { None } else { Some(c) });
            ex.suppress_context.set(true);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyException_GetContext(e: *mut PyObject) -> *mut PyObject {
    crate::guard("PyException_GetContext", || {
        match exc_obj(e, "PyException_GetContext") {
            Ok(v) => as_exc(&v)
                .unwrap()
                .context()
                .map(|c| out(&c))
                .unwrap_or(null_mut()),
            Err(_) => null_mut(),
        }
    })
}

/// `PyException_SetContext(e, ctx)`: steals `ctx`.
#[no_mangle]
pub unsafe extern "C" fn PyException_SetContext(e: *mut PyObject, ctx: *mut PyObject) {
    crate::guard("PyException_SetContext", || {
        let c = if ctx.is_null() {
            Value::None
        } else {
            steal(ctx)
        };
        if let Ok(v) = exc_obj(e, "PyException_SetContext") {
            as_exc(&v)
                .unwrap()
                .set_context(if c.is_none() { None } else { Some(c) });
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyExceptionClass_Name(e: *mut PyObject) -> *const c_char {
    (*(e as *mut PyTypeObject)).tp_name
}

/// `_PyErr_ChainExceptions(exc, val, tb)`: set the given exception as the context of
/// the current one (or restore it if none is set).
#[no_mangle]
pub unsafe extern "C" fn _PyErr_ChainExceptions(
    t: *mut PyObject,
    v: *mut PyObject,
    tb: *mut PyObject,
) {
    crate::guard("_PyErr_ChainExceptions", || {
        if t.is_null() {
            return;
        }
        if !err::occurred() {
            PyErr_Restore(t, v, tb);
            return;
        }
        let old = ErrState {
            ty: steal(t),
            value: if v.is_null() { Value::None } else { steal(v) },
            tb: if tb.is_null() { Value::None } else { steal(tb) },
        };
        let Ok(old_inst) = err::normalize(&old) else {
            return;
        };
        let cur = err::take().unwrap();
        if let Ok(inst) = err::normalize(&cur) {
            if let Some(e) = as_exc(&inst) {
                e.set_context(Some(old_inst));
            }
            err::set(Value::Obj(inst.class()), inst, cur.tb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_SyntaxLocationObject(
    filename: *mut PyObject,
    lineno: c_int,
    col: c_int,
) {
    crate::guard("PyErr_SyntaxLocation", || {
        if let Some(s) = err::peek() {
            if let Ok(inst) = err::normalize(&s) {
                let _ = ops::attr::setattr(&inst, "lineno", Value::Int(lineno as i64));
                if col >= 0 {
                    let _ = ops::attr::setattr(&inst, "offset", Value::Int(col as i64 + 1));
                }
                let _ = ops::attr::setattr(&inst, "filename", opt(filename));
                err::set(Value::Obj(inst.class()), inst, s.tb);
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_SyntaxLocationEx(
    filename: *const c_char,
    lineno: c_int,
    col: c_int,
) {
    let f = if filename.is_null() {
        null_mut()
    } else {
        crate::unicode::PyUnicode_FromString(filename)
    };
    PyErr_SyntaxLocationObject(f, lineno, col);
    mirror::xdecref(f);
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_SyntaxLocation(filename: *const c_char, lineno: c_int) {
    PyErr_SyntaxLocationEx(filename, lineno, -1)
}

#[no_mangle]
pub unsafe extern "C" fn PyErr_ProgramText(
    filename: *const c_char,
    lineno: c_int,
) -> *mut PyObject {
    crate::guard("PyErr_ProgramText", || {
        let Ok(f) = cstr(filename, "PyErr_ProgramText") else {
            err::clear();
            return null_mut();
        };
        match pyrite_vm::modules::traceback_fmt::source_line(f, lineno.max(0) as u32) {
            Some(l) => to_c_new(&Value::from(format!("{}\n", l))),
            None => null_mut(),
        }
    })
}

// ---- unicode error objects ----

#[no_mangle]
pub unsafe extern "C" fn PyUnicodeDecodeError_Create(
    encoding: *const c_char,
    object: *const c_char,
    length: Py_ssize_t,
    start: Py_ssize_t,
    end: Py_ssize_t,
    reason: *const c_char,
) -> *mut PyObject {
    obj_api("PyUnicodeDecodeError_Create", || {
        let data = std::slice::from_raw_parts(object as *const u8, length.max(0) as usize).to_vec();
        let t = Value::Obj(exc().unicode_decode_error.clone());
        py(|| {
            ops::call::call(
                &t,
                &[
                    Value::from(cstr(encoding, "PyUnicodeDecodeError_Create")?),
                    pyrite_vm::types::bytes::new_bytes(data),
                    Value::Int(start as i64),
                    Value::Int(end as i64),
                    Value::from(cstr(reason, "PyUnicodeDecodeError_Create")?),
                ],
                None,
            )
        })
    })
}

macro_rules! uerr_get {
    ($($name:ident => $attr:literal),* $(,)?) => {$(
        #[no_mangle]
        pub unsafe extern "C" fn $name(e: *mut PyObject) -> *mut PyObject {
            obj_api(stringify!($name), || ops::attr::getattr(&val(e, stringify!($name))?, $attr))
        }
    )*};
}
uerr_get!(
    PyUnicodeEncodeError_GetEncoding => "encoding", PyUnicodeDecodeError_GetEncoding => "encoding",
    PyUnicodeEncodeError_GetObject => "object", PyUnicodeDecodeError_GetObject => "object",
    PyUnicodeTranslateError_GetObject => "object", PyUnicodeEncodeError_GetReason => "reason",
    PyUnicodeDecodeError_GetReason => "reason", PyUnicodeTranslateError_GetReason => "reason",
);

macro_rules! uerr_getint {
    ($($name:ident => $attr:literal),* $(,)?) => {$(
        #[no_mangle]
        pub unsafe extern "C" fn $name(e: *mut PyObject, out: *mut Py_ssize_t) -> c_int {
            crate::int_api(stringify!($name), || {
                let v = ops::attr::getattr(&val(e, stringify!($name))?, $attr)?;
                *out = pyrite_vm::types::int::as_i64(&v).unwrap_or(0) as isize;
                Ok(0)
            })
        }
    )*};
}
uerr_getint!(
    PyUnicodeEncodeError_GetStart => "start", PyUnicodeDecodeError_GetStart => "start",
    PyUnicodeTranslateError_GetStart => "start", PyUnicodeEncodeError_GetEnd => "end",
    PyUnicodeDecodeError_GetEnd => "end", PyUnicodeTranslateError_GetEnd => "end",
);

macro_rules! uerr_setint {
    ($($name:ident => $attr:literal),* $(,)?) => {$(
        #[no_mangle]
        pub unsafe extern "C" fn $name(e: *mut PyObject, x: Py_ssize_t) -> c_int {
            crate::int_api(stringify!($name), || {
                ops::attr::setattr(&val(e, stringify!($name))?, $attr, Value::Int(x as i64))?;
                Ok(0)
            })
        }
    )*};
}
uerr_setint!(
    PyUnicodeEncodeError_SetStart => "start", PyUnicodeDecodeError_SetStart => "start",
    PyUnicodeTranslateError_SetStart => "start", PyUnicodeEncodeError_SetEnd => "end",
    PyUnicodeDecodeError_SetEnd => "end", PyUnicodeTranslateError_SetEnd => "end",
);

macro_rules! uerr_setreason {
    ($($name:ident),* $(,)?) => {$(
        #[no_mangle]
        pub unsafe extern "C" fn $name(e: *mut PyObject, r: *const c_char) -> c_int {
            crate::int_api(stringify!($name), || {
                ops::attr::setattr(&val(e, stringify!($name))?, "reason", Value::from(cstr(r, stringify!($name))?))?;
                Ok(0)
            })
        }
    )*};
}
uerr_setreason!(
    PyUnicodeEncodeError_SetReason,
    PyUnicodeDecodeError_SetReason,
    PyUnicodeTranslateError_SetReason
);

// ---- tracebacks ----

#[no_mangle]
pub unsafe extern "C" fn PyTraceBack_Here(_f: *mut PyObject) -> c_int {
    0
}

#[no_mangle]
pub unsafe extern "C" fn PyTraceBack_Print(tb: *mut PyObject, f: *mut PyObject) -> c_int {
    crate::int_api("PyTraceBack_Print", || {
        let lines = pyrite_vm::modules::traceback_fmt::format_tb(&opt(tb));
        let mut text = String::from("Traceback (most recent call last):\n");
        for l in lines {
            text.push_str(&l);
        }
        pyrite_vm::modules::io_min::write_to(&opt(f), &text)?;
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyTraceback_Add(
    _func: *const c_char,
    _file: *const c_char,
    _line: c_int,
) {
}

// ---- fatal errors ----

#[no_mangle]
pub unsafe extern "C" fn _Py_FatalErrorFunc(func: *const c_char, msg: *const c_char) -> ! {
    let f = if func.is_null() {
        String::new()
    } else {
        std::ffi::CStr::from_ptr(func)
            .to_string_lossy()
            .into_owned()
    };
    let m = if msg.is_null() {
        String::new()
    } else {
        std::ffi::CStr::from_ptr(msg).to_string_lossy().into_owned()
    };
    pyrite_vm::modules::io_min::flush_std();
    if f.is_empty() {
        eprintln!("Fatal Python error: {}", m);
        eprintln!("Python runtime state: initialized");
        std::process::abort()
    }
    mirror::fatal(&f, &m)
}

#[no_mangle]
pub unsafe extern "C" fn Py_FatalError(msg: *const c_char) -> ! {
    _Py_FatalErrorFunc(std::ptr::null(), msg)
}

/// Called by the C shim of `_Py_FatalErrorFormat`.
#[no_mangle]
pub unsafe extern "C" fn pyrite_fatal(func: *const c_char, msg: *const c_char) -> ! {
    _Py_FatalErrorFunc(func, msg)
}
