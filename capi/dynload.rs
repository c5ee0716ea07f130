//! Loading C extension modules: `import name` finds `name` + one of
//! [`EXTENSION_SUFFIXES`] in a directory of the search path (the core's import calls
//! [`load_extension`] through `capi_hooks`), opens it with `dlopen` (RTLD_NOW |
//! RTLD_LOCAL; the extension's `Py*` symbols resolve against libpyrite.so, loaded
//! RTLD_GLOBAL by the launcher), and runs `PyInit_<name>`: single-phase (returns a
//! module) or multi-phase (PEP 489: returns a `PyModuleDef`, then create + exec).

use emulation::err;
use emulation::layout::*;
use emulation::mirror;
use pyrite_vm::errors::{PyErr, PyResult};
use pyrite_vm::types::exceptions::exc;
use pyrite_vm::value::Value;
use std::ffi::CString;

/// `importlib.machinery.EXTENSION_SUFFIXES`, in search order.
pub const EXTENSION_SUFFIXES: &[&str] = &[".pyrite-311-x86_64-linux-gnu.so", ".so"];

fn import_error(msg: String, name: &str, path: Option<&str>) -> PyErr {
    let e = PyErr::new(&exc().import_error, msg);
    let _ = pyrite_vm::ops::attr::setattr(&e.value(), "name", Value::from(name));
    if let Some(p) = path {
        let _ = pyrite_vm::ops::attr::setattr(&e.value(), "path", Value::from(p));
    }
    e
}

/// `capi_hooks::load_extension`: `None` if `dir` has no extension module `name`.
pub fn load_extension(fullname: &str, dir: &str, name: &str) -> Option<PyResult<Value>> {
    for suffix in EXTENSION_SUFFIXES {
        let path = format!("{}/{}{}", dir, name, suffix);
        if std::fs::metadata(&path)
            .map(|m| m.is_file())
            .unwrap_or(false)
        {
            let path = std::fs::canonicalize(&path)
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or(path);
            return Some(crate::guard("import", || load(fullname, &path)));
        }
    }
    None
}

type InitFn = unsafe extern "C" fn() -> *mut PyObject;

static LIBRARIES: pyrite_vm::gil::GilCell<Vec<libloading::os::unix::Library>> =
    pyrite_vm::gil::GilCell::new(Vec::new());

fn load(fullname: &str, path: &str) -> PyResult<Value> {
    crate::ensure_ready();
    let short = fullname.rsplit('.').next().unwrap_or(fullname);
    // SAFETY: loading a shared object: its initializers run; this is what importing
    // an extension module means.
    let lib = unsafe {
        libloading::os::unix::Library::open(Some(path), libc::RTLD_NOW | libc::RTLD_LOCAL)
    }
    .map_err(|e| import_error(dlerror_text(e), fullname, Some(path)))?;
    let sym = format!("PyInit_{}", short);
    // SAFETY: PyInit_<name> has the signature `PyObject *(void)` by the C API's contract.
    let init: InitFn = match unsafe { lib.get::<InitFn>(sym.as_bytes()) } {
        Ok(f) => *f,
        Err(_) => {
            return Err(import_error(
                format!(
                    "dynamic module does not define module export function ({})",
                    sym
                ),
                fullname,
                Some(path),
            ));
        }
    };
    LIBRARIES.get().push(lib);
    if pyrite_vm::vm::interp().config.verbose > 0 {
        eprintln!("import '{}' # extension module from '{}'", fullname, path);
    }
    init_module(fullname, Some(path), init)
}

fn dlerror_text(e: libloading::Error) -> String {
    match e {
        libloading::Error::DlOpen { desc } => format!("{:?}", desc).trim_matches('"').to_string(),
        other => other.to_string(),
    }
}

/// A module spec for an extension (what `importlib` would pass to `create_module`).
fn make_spec(fullname: &str, path: Option<&str>) -> PyResult<Value> {
    let ns = Value::Obj(pyrite_vm::types::types().simple_namespace.clone());
    let spec = pyrite_vm::ops::call::call(&ns, &[], None)?;
    let parent = fullname.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
    let attrs = [
        ("name", Value::from(fullname)),
        ("loader", Value::None),
        (
            "origin",
            path.map(Value::from)
                .unwrap_or_else(|| Value::from("built-in")),
        ),
        ("submodule_search_locations", Value::None),
        ("parent", Value::from(parent)),
        ("has_location", Value::Bool(path.is_some())),
        ("cached", Value::None),
    ];
    for (k, v) in attrs {
        pyrite_vm::ops::attr::setattr(&spec, k, v)?;
    }
    Ok(spec)
}

/// Run an extension's init function and register the module as `fullname`.
pub(crate) fn init_module(fullname: &str, path: Option<&str>, init: InitFn) -> PyResult<Value> {
    let short = fullname.rsplit('.').next().unwrap_or(fullname);
    let ctx = CString::new(fullname).unwrap_or_default();
    // SAFETY: the package context is read by PyModule_Create2 during the call only.
    let old = unsafe {
        std::ptr::replace(
            &raw mut emulation::statics::_Py_PackageContext.0,
            ctx.as_ptr(),
        )
    };
    let r = emulation::enter_py(|| unsafe { init() });
    unsafe { emulation::statics::_Py_PackageContext.0 = old };
    mirror::flush_fill_lists();
    if r.is_null() {
        return Err(err::take_pyerr().unwrap_or_else(|| {
            PyErr::new(
                &exc().system_error,
                format!(
                    "initialization of {} failed without raising an exception",
                    short
                ),
            )
        }));
    }
    if err::occurred() {
        let cause = err::take_pyerr();
        mirror::decref(r);
        let e = PyErr::new(
            &exc().system_error,
            format!("initialization of {} raised unreported exception", short),
        );
        if let (Some(c), Some(ex)) = (cause, pyrite_vm::types::exceptions::as_exc(&e.value())) {
            ex.set_cause(Some(c.value()));
        }
        return Err(e);
    }
    let modules = pyrite_vm::types::dict::obj_dict(&pyrite_vm::vm::interp().modules);
    // SAFETY: r is a valid object returned by the init function.
    if unsafe { crate::module::is_module_def(r) } {
        // multi-phase initialization (PEP 489)
        let def = r as *mut PyModuleDef;
        let spec = make_spec(fullname, path)?;
        let sp = mirror::to_c_new(&spec);
        // SAFETY: def is the module definition; sp a new reference we release.
        let m = unsafe { crate::module::PyModule_FromDefAndSpec2(def, sp, 1013) };
        mirror::decref(sp);
        if m.is_null() {
            return Err(err::take_pyerr()
                .unwrap_or_else(|| PyErr::new(&exc().system_error, "module creation failed")));
        }
        // SAFETY: m is a new reference.
        let mv = unsafe { mirror::from_c(m) };
        set_file_attrs(&mv, fullname, path, Some(&spec));
        modules.set_str(fullname, mv.clone());
        // SAFETY: valid module and definition.
        let rc = unsafe { crate::module::PyModule_ExecDef(m, def) };
        mirror::decref(m);
        if rc != 0 {
            modules.del_str(fullname);
            return Err(err::take_pyerr()
                .unwrap_or_else(|| PyErr::new(&exc().system_error, "module execution failed")));
        }
        return Ok(modules.get_str_key(fullname).unwrap_or(mv));
    }
    // single-phase: the init function returned the module
    // SAFETY: r is a new reference.
    let mv = unsafe { mirror::steal(r) };
    if let Some(pyrite_vm::types::Payload::Module(pm)) = mv.payload() {
        let def = pm.def.get() as *mut PyModuleDef;
        if !def.is_null() {
            crate::module::record_module(def, &mv);
        }
    }
    set_file_attrs(&mv, fullname, path, None);
    modules.set_str(fullname, mv.clone());
    Ok(mv)
}

fn set_file_attrs(m: &Value, fullname: &str, path: Option<&str>, spec: Option<&Value>) {
    if let Some(o) = m.as_obj() {
        if matches!(o.payload(), pyrite_vm::types::Payload::Module(_)) {
            if let Some(p) = path {
                pyrite_vm::types::module::set_attr(o, "__file__", Value::from(p));
            }
            if let Some(s) = spec {
                pyrite_vm::types::module::set_attr(o, "__spec__", s.clone());
            }
            let pkg = fullname.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
            if pyrite_vm::types::module::get_attr(o, "__package__")
                .map(|v| v.is_none())
                .unwrap_or(true)
            {
                pyrite_vm::types::module::set_attr(o, "__package__", Value::from(pkg));
            }
        }
    }
}
