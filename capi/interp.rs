//! Interpreter-level odds and ends: sub-interpreters (not supported: a clear error),
//! thread-state preallocation, `Py_GetArgcArgv`, `Py_SetPath`, importers, frozen
//! modules (Pyrite has none), signal handlers (`PyOS_getsig`/`setsig`), warning
//! options, `Py_GenericAlias`, `_PyObject_GetDictPtr`, `_PyObject_NextNotImplemented`.

use crate::pycall::call_mod;
use crate::{obj_api, val};
use emulation::err;
use emulation::layout::*;
use emulation::mirror;
use pyrite_vm::errors::{PyErr, PyResult};
use pyrite_vm::types::exceptions::exc;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int};
use std::ptr::null_mut;

fn no_subinterpreters(func: &str) -> PyErr {
    PyErr::new(
        &exc().runtime_error,
        format!("{}: sub-interpreters are not supported by Pyrite", func),
    )
}

/// Sub-interpreters are not supported: NULL with RuntimeError.
#[no_mangle]
pub extern "C" fn PyInterpreterState_New() -> *mut std::ffi::c_void {
    err::set_pyerr(no_subinterpreters("PyInterpreterState_New"));
    null_mut()
}

/// Only the main interpreter exists, and it is not cleared or deleted from C.
#[no_mangle]
pub extern "C" fn PyInterpreterState_Clear(_i: *mut std::ffi::c_void) {}

#[no_mangle]
pub extern "C" fn PyInterpreterState_Delete(_i: *mut std::ffi::c_void) {}

/// Returns NULL (the documented failure result) and sets RuntimeError.
#[no_mangle]
pub extern "C" fn Py_NewInterpreter() -> *mut std::ffi::c_void {
    err::set_pyerr(no_subinterpreters("Py_NewInterpreter"));
    null_mut()
}

#[no_mangle]
pub extern "C" fn Py_EndInterpreter(ts: *mut std::ffi::c_void) {
    if !ts.is_null() {
        mirror::fatal(
            "Py_EndInterpreter",
            "not a sub-interpreter (Pyrite has none)",
        );
    }
}

#[no_mangle]
pub extern "C" fn _PyThreadState_Prealloc(i: *mut std::ffi::c_void) -> *mut std::ffi::c_void {
    crate::gil::PyThreadState_New(i as *mut _) as *mut std::ffi::c_void
}

#[no_mangle]
pub extern "C" fn _PyThreadState_Init(_t: *mut std::ffi::c_void) {}

#[no_mangle]
pub unsafe extern "C" fn _PyState_AddModule(
    _ts: *mut std::ffi::c_void,
    m: *mut PyObject,
    def: *mut PyModuleDef,
) -> c_int {
    crate::module::PyState_AddModule(m, def)
}

struct Argv(Vec<*mut libc::wchar_t>);
unsafe impl Send for Argv {}
static ARGV: std::sync::Mutex<Option<Argv>> = std::sync::Mutex::new(None);

/// `Py_GetArgcArgv`: the command line the process was started with (`sys.orig_argv`),
/// as wide strings that live as long as the process.
#[no_mangle]
pub unsafe extern "C" fn Py_GetArgcArgv(argc: *mut c_int, argv: *mut *mut *mut libc::wchar_t) {
    crate::guard("Py_GetArgcArgv", || {
        let mut g = ARGV.lock().unwrap_or_else(|e| e.into_inner());
        if g.is_none() {
            let items: Vec<String> = pyrite_vm::modules::sys::get_sys_attr("orig_argv")
                .and_then(|v| pyrite_vm::ops::iterate(&v).ok())
                .map(|l| {
                    l.iter()
                        .filter_map(|x| pyrite_vm::types::str::as_str(x).map(|s| s.to_string()))
                        .collect()
                })
                .unwrap_or_default();
            let mut ptrs: Vec<*mut libc::wchar_t> = Vec::new();
            for s in items {
                let mut w: Vec<u32> = s.chars().map(|c| c as u32).collect();
                w.push(0);
                ptrs.push(Box::leak(w.into_boxed_slice()).as_mut_ptr() as *mut libc::wchar_t);
            }
            ptrs.push(null_mut());
            *g = Some(Argv(ptrs));
        }
        let a = &g.as_ref().unwrap().0;
        if !argc.is_null() {
            *argc = (a.len() - 1) as c_int;
        }
        if !argv.is_null() {
            *argv = a.as_ptr() as *mut *mut libc::wchar_t;
        }
    })
}

/// `Py_SetPath(path)`: `sys.path` becomes the `:`-separated entries.
#[no_mangle]
pub unsafe extern "C" fn Py_SetPath(path: *const libc::wchar_t) {
    let mut s = String::new();
    if !path.is_null() {
        let mut i = 0;
        loop {
            let c = *path.add(i) as u32;
            if c == 0 {
                break;
            }
            s.push(char::from_u32(c).unwrap_or('\u{fffd}'));
            i += 1;
        }
    }
    crate::ensure_ready();
    crate::guard("Py_SetPath", || {
        let entries: Vec<Value> = s
            .split(':')
            .filter(|p| !p.is_empty())
            .map(Value::from)
            .collect();
        if let Some(sp) = pyrite_vm::modules::sys::get_sys_attr("path") {
            if let Some(Payload::List(l)) = sp.payload() {
                let v = l.vec();
                v.clear();
                v.extend(entries);
            }
        }
    })
}

use pyrite_vm::types::Payload;

/// The importer for a `sys.path` entry (cached in `sys.path_importer_cache`), or None.
#[no_mangle]
pub unsafe extern "C" fn PyImport_GetImporter(path: *mut PyObject) -> *mut PyObject {
    obj_api("PyImport_GetImporter", || {
        let p = val(path, "PyImport_GetImporter")?;
        call_mod("pkgutil", "get_importer", &[p])
    })
}

/// Pyrite has no frozen modules: 0 ("not found").
#[no_mangle]
pub extern "C" fn PyImport_ImportFrozenModule(_name: *const c_char) -> c_int {
    0
}

#[no_mangle]
pub extern "C" fn PyImport_ImportFrozenModuleObject(_name: *mut PyObject) -> c_int {
    0
}

pub type SigHandler = Option<unsafe extern "C" fn(c_int)>;

/// The current handler of signal `sig` (SIG_ERR: invalid signal).
#[no_mangle]
pub unsafe extern "C" fn PyOS_getsig(sig: c_int) -> SigHandler {
    let mut old: libc::sigaction = std::mem::zeroed();
    if libc::sigaction(sig, std::ptr::null(), &mut old) != 0 {
        return std::mem::transmute::<usize, SigHandler>(libc::SIG_ERR);
    }
    std::mem::transmute::<usize, SigHandler>(old.sa_sigaction)
}

/// Install `handler` for `sig` (restarting interrupted calls off, like CPython's);
/// returns the previous handler or SIG_ERR.
#[no_mangle]
pub unsafe extern "C" fn PyOS_setsig(sig: c_int, handler: SigHandler) -> SigHandler {
    let mut new: libc::sigaction = std::mem::zeroed();
    let mut old: libc::sigaction = std::mem::zeroed();
    new.sa_sigaction = std::mem::transmute::<SigHandler, usize>(handler);
    libc::sigemptyset(&mut new.sa_mask);
    new.sa_flags = libc::SA_ONSTACK;
    if libc::sigaction(sig, &new, &mut old) != 0 {
        return std::mem::transmute::<usize, SigHandler>(libc::SIG_ERR);
    }
    std::mem::transmute::<usize, SigHandler>(old.sa_sigaction)
}

/// `sys.warnoptions.append(option)`.
#[no_mangle]
pub unsafe extern "C" fn PySys_AddWarnOptionUnicode(option: *mut PyObject) {
    crate::guard("PySys_AddWarnOptionUnicode", || {
        if option.is_null() {
            return;
        }
        let o = mirror::from_c(option);
        if let Some(w) = pyrite_vm::modules::sys::get_sys_attr("warnoptions") {
            let _ = crate::py(|| pyrite_vm::ops::attr::call_method(&w, "append", &[o]));
        }
    })
}

/// `types.GenericAlias(origin, args)`.
#[no_mangle]
pub unsafe extern "C" fn Py_GenericAlias(
    origin: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    obj_api("Py_GenericAlias", || {
        let (o, a) = (
            val(origin, "Py_GenericAlias")?,
            val(args, "Py_GenericAlias")?,
        );
        call_mod("types", "GenericAlias", &[o, a])
    })
}

/// `tp_iternext` of types that are not iterators: TypeError.
#[no_mangle]
pub unsafe extern "C" fn _PyObject_NextNotImplemented(o: *mut PyObject) -> *mut PyObject {
    obj_api("_PyObject_NextNotImplemented", || {
        let v = val(o, "_PyObject_NextNotImplemented")?;
        Err(crate::type_error(format!(
            "'{}' object is not iterable",
            v.type_name()
        )))
    })
}

/// `_PyObject_GetDictPtr(obj)`: a pointer to a slot holding the object's instance
/// dict (created if the type has one), NULL if it has none. The slot belongs to the
/// object's mirror; the dict it points to is the object's own.
#[no_mangle]
pub unsafe extern "C" fn _PyObject_GetDictPtr(o: *mut PyObject) -> *mut *mut PyObject {
    crate::guard("_PyObject_GetDictPtr", || {
        if o.is_null() || mirror::is_static(o) {
            return null_mut();
        }
        let v = mirror::from_c(o);
        let r: PyResult<Value> = crate::py(|| pyrite_vm::ops::attr::getattr(&v, "__dict__"));
        let d = match r {
            Ok(d) if pyrite_vm::types::dict::as_dict(&d).is_some() => d,
            _ => {
                err::clear();
                return null_mut();
            }
        };
        let dp = mirror::to_c_new(&d);
        mirror::container_mark(dp);
        let e = mirror::ext(o);
        e.owned.push(dp);
        let cell = libc::malloc(std::mem::size_of::<*mut PyObject>()) as *mut *mut PyObject;
        if cell.is_null() {
            return null_mut();
        }
        *cell = dp;
        e.blocks.push(cell as *mut std::ffi::c_void);
        cell
    })
}
