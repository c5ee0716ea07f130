//! The `sys` module from C: `PySys_GetObject`, `PySys_SetObject`, writing to the
//! standard streams (`PySys_WriteStdout` & co. are C shims over [`pyrite_sys_write`]),
//! `sys.argv`/`sys.path` setup for embedders, warning and `-X` options.

use crate::{cstr, int_api, ptr_api};
use emulation::err;
use emulation::layout::*;
use emulation::mirror::{from_c, to_c_borrowed_global};
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int};
use std::ptr::null_mut;

fn sys() -> Value {
    Value::Obj(pyrite_vm::vm::interp().sys.clone())
}

/// `PySys_GetObject(name)`: borrowed; NULL without an error if missing.
#[no_mangle]
pub unsafe extern "C" fn PySys_GetObject(name: *const c_char) -> *mut PyObject {
    crate::ensure_ready();
    crate::guard("PySys_GetObject", || {
        let Ok(n) = cstr(name, "PySys_GetObject") else {
            err::clear();
            return null_mut();
        };
        match pyrite_vm::modules::sys::get_sys_attr(n) {
            Some(v) => to_c_borrowed_global(&v),
            None => null_mut(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PySys_GetObjectId(id: *mut crate::object::PyIdentifier) -> *mut PyObject {
    PySys_GetObject((*id).string)
}

/// `PySys_SetObject(name, v)`: NULL deletes.
#[no_mangle]
pub unsafe extern "C" fn PySys_SetObject(name: *const c_char, v: *mut PyObject) -> c_int {
    crate::ensure_ready();
    int_api("PySys_SetObject", || {
        let n = cstr(name, "PySys_SetObject")?;
        let d = pyrite_vm::types::module::module_dict(&pyrite_vm::vm::interp().sys);
        let dd = pyrite_vm::types::dict::obj_dict(&d);
        if v.is_null() {
            dd.del_str(n);
        } else {
            dd.set_str(n, from_c(v));
        }
        Ok(0)
    })
}

fn write(which: c_int, text: &str) {
    let name = if which == 1 { "stdout" } else { "stderr" };
    let ok = match pyrite_vm::modules::sys::get_sys_attr(name) {
        Some(f) if !f.is_none() => pyrite_vm::modules::io_min::write_to(&f, text).is_ok(),
        _ => false,
    };
    if !ok {
        use std::io::Write;
        if which == 1 {
            let _ = std::io::stdout().write_all(text.as_bytes());
        } else {
            let _ = std::io::stderr().write_all(text.as_bytes());
        }
    }
}

/// Called by the C shims of `PySys_WriteStdout`/`PySys_WriteStderr` (the text is
/// already formatted); errors are cleared and the current exception is preserved.
#[no_mangle]
pub unsafe extern "C" fn pyrite_sys_write(which: c_int, text: *const c_char, len: Py_ssize_t) {
    crate::guard("PySys_WriteStdout", || {
        let saved = err::take();
        let b = std::slice::from_raw_parts(text as *const u8, len.max(0) as usize);
        write(which, &String::from_utf8_lossy(b));
        err::restore(saved);
    })
}

#[no_mangle]
pub unsafe extern "C" fn pyrite_sys_write_obj(which: c_int, text: *mut PyObject) {
    crate::guard("PySys_FormatStdout", || {
        let v = from_c(text);
        if let Some(s) = pyrite_vm::types::str::as_str(&v) {
            write(which, s);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySys_SetArgvEx(
    argc: c_int,
    argv: *mut *mut libc::wchar_t,
    _updatepath: c_int,
) {
    crate::ensure_ready();
    crate::guard("PySys_SetArgv", || {
        let mut items = Vec::new();
        for i in 0..argc.max(0) as usize {
            if let Some(s) = crate::lifecycle::wide_to_string(*argv.add(i)) {
                items.push(Value::from(s));
            }
        }
        if items.is_empty() {
            items.push(Value::from(""));
        }
        let _ =
            pyrite_vm::ops::attr::setattr(&sys(), "argv", pyrite_vm::types::list::new_list(items));
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySys_SetArgv(argc: c_int, argv: *mut *mut libc::wchar_t) {
    PySys_SetArgvEx(argc, argv, 1)
}

#[no_mangle]
pub unsafe extern "C" fn PySys_SetPath(path: *const libc::wchar_t) {
    crate::ensure_ready();
    crate::guard("PySys_SetPath", || {
        if let Some(p) = crate::lifecycle::wide_to_string(path) {
            let items: Vec<Value> = p.split(':').map(Value::from).collect();
            let _ = pyrite_vm::ops::attr::setattr(
                &sys(),
                "path",
                pyrite_vm::types::list::new_list(items),
            );
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySys_AddWarnOption(s: *const libc::wchar_t) {
    crate::guard("PySys_AddWarnOption", || {
        if let (Some(t), Some(w)) = (
            crate::lifecycle::wide_to_string(s),
            pyrite_vm::modules::sys::get_sys_attr("warnoptions"),
        ) {
            let _ = pyrite_vm::ops::attr::call_method(&w, "append", &[Value::from(t)]);
        }
    })
}

#[no_mangle]
pub extern "C" fn PySys_ResetWarnOptions() {
    crate::guard("PySys_ResetWarnOptions", || {
        if let Some(w) = pyrite_vm::modules::sys::get_sys_attr("warnoptions") {
            let _ = pyrite_vm::ops::attr::call_method(&w, "clear", &[]);
        }
    })
}

#[no_mangle]
pub extern "C" fn PySys_HasWarnOptions() -> c_int {
    crate::guard("PySys_HasWarnOptions", || {
        pyrite_vm::modules::sys::get_sys_attr("warnoptions")
            .map(|w| pyrite_vm::ops::len(&w).unwrap_or(0) > 0)
            .unwrap_or(false) as c_int
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySys_AddXOption(s: *const libc::wchar_t) {
    crate::guard("PySys_AddXOption", || {
        if let (Some(t), Some(x)) = (
            crate::lifecycle::wide_to_string(s),
            pyrite_vm::modules::sys::get_sys_attr("_xoptions"),
        ) {
            let (k, v) = match t.split_once('=') {
                Some((k, v)) => (k.to_string(), Value::from(v)),
                None => (t.clone(), Value::Bool(true)),
            };
            let _ = pyrite_vm::ops::setitem(&x, Value::from(k), v);
        }
    })
}

/// `PySys_GetXOptions()`: borrowed.
#[no_mangle]
pub extern "C" fn PySys_GetXOptions() -> *mut PyObject {
    ptr_api("PySys_GetXOptions", || {
        Ok(pyrite_vm::modules::sys::get_sys_attr("_xoptions")
            .map(|v| to_c_borrowed_global(&v))
            .unwrap_or(null_mut()))
    })
}

/// `Py_AuditHookFunction`: `int hook(const char *event, PyObject *args, void *userData)`.
type AuditHook = unsafe extern "C" fn(*const c_char, *mut PyObject, *mut std::ffi::c_void) -> c_int;

/// Hooks added by `PySys_AddAuditHook`, called before the Python ones (as in CPython).
static C_AUDIT_HOOKS: std::sync::Mutex<Vec<(usize, usize)>> = std::sync::Mutex::new(Vec::new());

/// Called by `sys.audit` and Pyrite's own audit events: each C hook gets the event and
/// the argument tuple; a hook returning -1 (with an exception set) aborts the action.
fn run_c_audit_hooks(event: &str, args: &Value) -> pyrite_vm::errors::PyResult<()> {
    let hooks = C_AUDIT_HOOKS.lock().map(|h| h.clone()).unwrap_or_default();
    if hooks.is_empty() {
        return Ok(());
    }
    let ev = std::ffi::CString::new(event).unwrap_or_default();
    let targs = emulation::mirror::to_c_new(args);
    let mut result = Ok(());
    for (f, data) in hooks {
        // SAFETY: `f` was registered as a Py_AuditHookFunction by PySys_AddAuditHook.
        let hook: AuditHook = unsafe { std::mem::transmute::<usize, AuditHook>(f) };
        if unsafe { hook(ev.as_ptr(), targs, data as *mut std::ffi::c_void) } < 0 {
            result = Err(err::error_from_null("audit hook"));
            break;
        }
    }
    // SAFETY: releasing the reference made above.
    unsafe { crate::refcount::Py_DecRef(targs) };
    result
}

/// `PySys_AddAuditHook(hook, userData)`: may be called before `Py_Initialize`; once the
/// runtime runs, existing hooks see a `sys.addaudithook` event and may refuse it
/// (RuntimeError: the hook is silently not added; other errors are returned).
#[no_mangle]
pub unsafe extern "C" fn PySys_AddAuditHook(
    hook: *mut std::ffi::c_void,
    data: *mut std::ffi::c_void,
) -> c_int {
    if hook.is_null() {
        return -1;
    }
    if pyrite_vm::vm::is_initialized() {
        let r = crate::guard(
            "PySys_AddAuditHook",
            || match pyrite_vm::modules::sys::audit("sys.addaudithook", vec![]) {
                Ok(()) => 0,
                Err(e) if e.matches(&pyrite_vm::types::exceptions::exc().runtime_error) => 1,
                Err(e) => {
                    err::set_pyerr(e);
                    -1
                }
            },
        );
        if r != 0 {
            return if r == 1 { 0 } else { -1 };
        }
    }
    if let Ok(mut h) = C_AUDIT_HOOKS.lock() {
        h.push((hook as usize, data as usize));
    }
    *pyrite_vm::modules::sys::NATIVE_AUDIT.get() = Some(run_c_audit_hooks);
    0
}

/// The body of `PySys_Audit` (a C shim builds the argument tuple from its format).
/// Steals `args` (a tuple, or NULL for no arguments).
#[no_mangle]
pub unsafe extern "C" fn pyrite_sys_audit_tuple(
    event: *const c_char,
    args: *mut PyObject,
) -> c_int {
    int_api("PySys_Audit", || {
        let ev = cstr(event, "PySys_Audit")?.to_string();
        let items = if args.is_null() {
            vec![]
        } else {
            let v = from_c(args);
            crate::refcount::Py_DecRef(args);
            match pyrite_vm::types::tuple::as_tuple(&v) {
                Some(t) => t.to_vec(),
                None => vec![v],
            }
        };
        pyrite_vm::modules::sys::audit(&ev, items)?;
        Ok(0)
    })
}
