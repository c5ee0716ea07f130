//! Importing (`PyImport_*`).

use crate::{cstr, obj_api, ptr_api, py, val};
use emulation::layout::*;
use emulation::mirror::{from_c, to_c_borrowed_obj};
use pyrite_vm::errors::PyResult;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int, c_long};

fn import(name: &str) -> PyResult<Value> {
    py(|| {
        pyrite_vm::import::import_module_level(&Value::from(name), Value::None, Value::None, 0)?;
        pyrite_vm::modules::sys::get_module(name).ok_or_else(|| {
            crate::system_error(format!("import of {} did not register the module", name))
        })
    })
}

/// `PyImport_ImportModule(name)`: the module itself (the last component of a dotted
/// name), like `importlib.import_module`.
#[no_mangle]
pub unsafe extern "C" fn PyImport_ImportModule(name: *const c_char) -> *mut PyObject {
    crate::ensure_ready();
    obj_api("PyImport_ImportModule", || {
        import(cstr(name, "PyImport_ImportModule")?)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyImport_ImportModuleNoBlock(name: *const c_char) -> *mut PyObject {
    PyImport_ImportModule(name)
}

/// `PyImport_Import(name)`: through `builtins.__import__` (honours replacements).
#[no_mangle]
pub unsafe extern "C" fn PyImport_Import(name: *mut PyObject) -> *mut PyObject {
    crate::ensure_ready();
    obj_api("PyImport_Import", || {
        let n = val(name, "PyImport_Import")?;
        let s = pyrite_vm::types::str::as_str(&n)
            .ok_or_else(|| crate::type_error("module name must be str"))?
            .to_string();
        let fromlist = pyrite_vm::types::list::new_list(vec![Value::from("__doc__")]);
        py(|| {
            emulation::call_builtin(
                "__import__",
                &[n.clone(), Value::None, Value::None, fromlist, Value::Int(0)],
            )
        })?;
        pyrite_vm::modules::sys::get_module(&s).ok_or_else(|| {
            crate::system_error(format!("import of {} did not register the module", s))
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyImport_ImportModuleLevelObject(
    name: *mut PyObject,
    globals: *mut PyObject,
    _locals: *mut PyObject,
    fromlist: *mut PyObject,
    level: c_int,
) -> *mut PyObject {
    crate::ensure_ready();
    obj_api("PyImport_ImportModuleLevelObject", || {
        let n = val(name, "PyImport_ImportModuleLevelObject")?;
        let g = if globals.is_null() {
            Value::None
        } else {
            from_c(globals)
        };
        let f = if fromlist.is_null() {
            Value::None
        } else {
            from_c(fromlist)
        };
        py(|| pyrite_vm::import::import_module_level(&n, g, f, level as i64))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyImport_ImportModuleLevel(
    name: *const c_char,
    globals: *mut PyObject,
    locals: *mut PyObject,
    fromlist: *mut PyObject,
    level: c_int,
) -> *mut PyObject {
    let n = crate::unicode::PyUnicode_FromString(name);
    if n.is_null() {
        return n;
    }
    let r = PyImport_ImportModuleLevelObject(n, globals, locals, fromlist, level);
    emulation::mirror::decref(n);
    r
}

/// `PyImport_AddModuleObject(name)`: the module in `sys.modules`, created empty if
/// missing (borrowed).
#[no_mangle]
pub unsafe extern "C" fn PyImport_AddModuleObject(name: *mut PyObject) -> *mut PyObject {
    crate::ensure_ready();
    ptr_api("PyImport_AddModuleObject", || {
        let n = val(name, "PyImport_AddModuleObject")?;
        let s = pyrite_vm::types::str::as_str(&n)
            .ok_or_else(|| crate::type_error("module name must be str"))?
            .to_string();
        let modules = pyrite_vm::types::dict::obj_dict(&pyrite_vm::vm::interp().modules);
        let m = match modules.get_str_key(&s) {
            Some(m) if matches!(m.payload(), Some(pyrite_vm::types::Payload::Module(_))) => m,
            _ => {
                let m = Value::Obj(pyrite_vm::types::module::new_module(&s));
                modules.set_str(&s, m.clone());
                m
            }
        };
        Ok(to_c_borrowed_obj(m.as_obj().unwrap()))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyImport_AddModule(name: *const c_char) -> *mut PyObject {
    let n = crate::unicode::PyUnicode_FromString(name);
    if n.is_null() {
        return n;
    }
    let r = PyImport_AddModuleObject(n);
    emulation::mirror::decref(n);
    r
}

/// `PyImport_GetModuleDict()`: `sys.modules` (borrowed).
#[no_mangle]
pub extern "C" fn PyImport_GetModuleDict() -> *mut PyObject {
    crate::ensure_ready();
    crate::guard("PyImport_GetModuleDict", || {
        to_c_borrowed_obj(&pyrite_vm::vm::interp().modules)
    })
}

/// `PyImport_GetModule(name)`: new reference or NULL (no error) if not imported.
#[no_mangle]
pub unsafe extern "C" fn PyImport_GetModule(name: *mut PyObject) -> *mut PyObject {
    crate::guard("PyImport_GetModule", || {
        let Ok(n) = val(name, "PyImport_GetModule") else {
            return std::ptr::null_mut();
        };
        match pyrite_vm::types::str::as_str(&n).and_then(pyrite_vm::modules::sys::get_module) {
            Some(m) => emulation::mirror::to_c_new(&m),
            None => std::ptr::null_mut(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyImport_ExecCodeModuleObject(
    name: *mut PyObject,
    co: *mut PyObject,
    pathname: *mut PyObject,
    _cpathname: *mut PyObject,
) -> *mut PyObject {
    crate::ensure_ready();
    obj_api("PyImport_ExecCodeModule", || {
        let n = val(name, "PyImport_ExecCodeModule")?;
        let s = pyrite_vm::types::str::as_str(&n)
            .ok_or_else(|| crate::type_error("module name must be str"))?
            .to_string();
        let code = val(co, "PyImport_ExecCodeModule")?;
        let modules = pyrite_vm::types::dict::obj_dict(&pyrite_vm::vm::interp().modules);
        let m = match modules.get_str_key(&s) {
            Some(m) => m,
            None => {
                let m = Value::Obj(pyrite_vm::types::module::new_module(&s));
                modules.set_str(&s, m.clone());
                m
            }
        };
        let mo = m.as_obj().unwrap().clone();
        pyrite_vm::types::module::set_attr(
            &mo,
            "__builtins__",
            Value::Obj(pyrite_vm::vm::interp().builtins.clone()),
        );
        if !pathname.is_null() {
            pyrite_vm::types::module::set_attr(&mo, "__file__", from_c(pathname));
        }
        let d = pyrite_vm::types::module::module_dict(&mo);
        let r = py(|| {
            pyrite_vm::frame::run_code(
                code.as_obj()
                    .ok_or_else(|| crate::type_error("expected a code object"))?,
                &d,
                Some(Value::Obj(d.clone())),
            )
        });
        if let Err(e) = r {
            modules.del_str(&s);
            return Err(e);
        }
        Ok(modules.get_str_key(&s).unwrap_or(m))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyImport_ExecCodeModuleWithPathnames(
    name: *const c_char,
    co: *mut PyObject,
    pathname: *const c_char,
    _cpath: *const c_char,
) -> *mut PyObject {
    let n = crate::unicode::PyUnicode_FromString(name);
    let p = if pathname.is_null() {
        std::ptr::null_mut()
    } else {
        crate::unicode::PyUnicode_FromString(pathname)
    };
    let r = PyImport_ExecCodeModuleObject(n, co, p, std::ptr::null_mut());
    emulation::mirror::xdecref(n);
    emulation::mirror::xdecref(p);
    r
}

#[no_mangle]
pub unsafe extern "C" fn PyImport_ExecCodeModuleEx(
    name: *const c_char,
    co: *mut PyObject,
    pathname: *const c_char,
) -> *mut PyObject {
    PyImport_ExecCodeModuleWithPathnames(name, co, pathname, std::ptr::null())
}

#[no_mangle]
pub unsafe extern "C" fn PyImport_ExecCodeModule(
    name: *const c_char,
    co: *mut PyObject,
) -> *mut PyObject {
    PyImport_ExecCodeModuleWithPathnames(name, co, std::ptr::null(), std::ptr::null())
}

#[no_mangle]
pub extern "C" fn PyImport_GetMagicNumber() -> c_long {
    3495
}

#[no_mangle]
pub extern "C" fn PyImport_GetMagicTag() -> *const c_char {
    c"pyrite-311".as_ptr()
}

#[no_mangle]
pub unsafe extern "C" fn PyImport_ReloadModule(m: *mut PyObject) -> *mut PyObject {
    obj_api("PyImport_ReloadModule", || {
        let mv = val(m, "PyImport_ReloadModule")?;
        let il = import("importlib")?;
        py(|| pyrite_vm::ops::attr::call_method(&il, "reload", &[mv]))
    })
}

/// Built-in modules registered by an embedding program before `Py_Initialize`.
pub(crate) static INITTAB: pyrite_vm::gil::GilCell<
    Vec<(String, unsafe extern "C" fn() -> *mut PyObject)>,
> = pyrite_vm::gil::GilCell::new(Vec::new());

/// `PyImport_AppendInittab(name, initfunc)`: the module is created when the
/// interpreter starts (or at once if it is running) and registered in `sys.modules`.
#[no_mangle]
pub unsafe extern "C" fn PyImport_AppendInittab(
    name: *const c_char,
    initfunc: Option<unsafe extern "C" fn() -> *mut PyObject>,
) -> c_int {
    let (Some(f), false) = (initfunc, name.is_null()) else {
        return -1;
    };
    let n = std::ffi::CStr::from_ptr(name)
        .to_string_lossy()
        .into_owned();
    INITTAB.get().push((n, f));
    if pyrite_vm::vm::is_initialized() && emulation::is_initialized() {
        run_inittab();
    }
    0
}

/// Create the modules of the init table that are not loaded yet.
pub(crate) fn run_inittab() {
    let entries: Vec<(String, unsafe extern "C" fn() -> *mut PyObject)> = INITTAB.get().clone();
    for (name, f) in entries {
        if pyrite_vm::modules::sys::get_module(&name).is_some() {
            continue;
        }
        match crate::dynload::init_module(&name, None, f) {
            Ok(_) => {}
            Err(e) => eprint!(
                "{}",
                pyrite_vm::modules::traceback_fmt::format_exception(&e.value())
            ),
        }
    }
}
