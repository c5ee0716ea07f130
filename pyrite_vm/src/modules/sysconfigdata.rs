//! `_sysconfigdata__linux_x86_64-linux-gnu`: what `sysconfig` reports about the
//! build. CPython's own values (from the installed standard library) with Pyrite's
//! where they differ, so that build tools compile extensions against Pyrite's headers
//! with Pyrite's extension suffix: `INCLUDEPY`/`CONFINCLUDEPY` (the `include/`
//! directory next to `libpyrite.so`'s build tree, or `PYRITE_INCLUDE`), `EXT_SUFFIX`,
//! `SOABI`, `CC`, `LDSHARED`, `CFLAGS`, `LDLIBRARY`, `LIBDIR`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::module::{module_dict, set_attr};
use crate::value::Value;

/// Upstream's name and Debian's (its `sysconfig` leaves out the platform).
pub const NAME: &str = "_sysconfigdata__linux_x86_64-linux-gnu";
pub const DEBIAN_NAME: &str = "_sysconfigdata__x86_64-linux-gnu";

/// The directory of the shared library (or executable) this code is linked into.
fn own_dir() -> Option<std::path::PathBuf> {
    // SAFETY: dladdr with the address of a function in this image.
    unsafe {
        let mut info: libc::Dl_info = std::mem::zeroed();
        if libc::dladdr(own_dir as *const () as *const libc::c_void, &mut info) == 0
            || info.dli_fname.is_null()
        {
            return None;
        }
        let p = std::ffi::CStr::from_ptr(info.dli_fname)
            .to_string_lossy()
            .into_owned();
        let p = std::fs::canonicalize(p).ok()?;
        p.parent().map(|d| d.to_path_buf())
    }
}

/// Pyrite's header directory: `PYRITE_INCLUDE`, else an `include/` with Pyrite's
/// `patchlevel.h` above the library (the build tree or an install prefix).
pub fn include_dir() -> Option<String> {
    if let Ok(d) = std::env::var("PYRITE_INCLUDE") {
        if !d.is_empty() {
            return Some(d);
        }
    }
    let mut dir = own_dir()?;
    for _ in 0..5 {
        for cand in [dir.join("include"), dir.join("include").join("pyrite")] {
            if let Ok(t) = std::fs::read_to_string(cand.join("patchlevel.h")) {
                if t.contains("PYRITE_VERSION") {
                    return Some(cand.to_string_lossy().into_owned());
                }
            }
        }
        dir = dir.parent()?.to_path_buf();
    }
    None
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    let md = module_dict(m);
    let name = crate::types::dict::obj_dict(&md)
        .get_str_key("__name__")
        .and_then(|n| crate::types::str::as_str(&n).map(|s| s.to_string()))
        .unwrap_or_else(|| NAME.to_string());
    // CPython's variables first (the file of the same name in the standard library)
    let mut loaded = false;
    if let Some(path) = crate::modules::sys::get_sys_attr("path") {
        for entry in crate::ops::iterate(&path)? {
            let Some(dir) = crate::types::str::as_str(&entry) else {
                continue;
            };
            let file = std::path::Path::new(dir).join(format!("{}.py", name));
            if let Ok(src) = std::fs::read_to_string(&file) {
                let code = crate::builtins::compile_source(
                    &src,
                    &file.to_string_lossy(),
                    pyrite_compiler::Mode::Exec,
                )?;
                let co = code
                    .as_obj()
                    .cloned()
                    .ok_or_else(|| runtime_error("sysconfigdata code"))?;
                crate::types::dict::obj_dict(&md).set_str(
                    "__builtins__",
                    Value::Obj(crate::vm::interp().builtins.clone()),
                );
                crate::frame::run_code(&co, &md, Some(Value::Obj(md.clone())))?;
                loaded = true;
                break;
            }
        }
    }
    let vars = match crate::types::dict::obj_dict(&md).get_str_key("build_time_vars") {
        Some(v) if loaded => v,
        _ => {
            let d = crate::types::dict::new_dict();
            set_attr(m, "build_time_vars", d.clone());
            d
        }
    };
    let vd = crate::types::dict::as_dict(&vars)
        .ok_or_else(|| type_error("build_time_vars is not a dict"))?;
    let ext = crate::capi_hooks::extension_suffixes()
        .first()
        .copied()
        .unwrap_or(".pyrite-311-x86_64-linux-gnu.so");
    let soabi = ext.trim_start_matches('.').trim_end_matches(".so");
    let inc = include_dir().unwrap_or_default();
    let libdir = own_dir()
        .map(|d| d.to_string_lossy().into_owned())
        .unwrap_or_default();
    let set = |k: &str, v: Value| vd.set_str(k, v);
    set("EXT_SUFFIX", Value::from(ext));
    set("SHLIB_SUFFIX", Value::from(".so"));
    set("SOABI", Value::from(soabi));
    set("INCLUDEPY", Value::from(inc.as_str()));
    set("CONFINCLUDEPY", Value::from(inc.as_str()));
    set("INCLUDEDIR", Value::from(inc.as_str()));
    set("CC", Value::from("gcc"));
    set("CXX", Value::from("g++"));
    set("LDSHARED", Value::from("gcc -shared"));
    set("BLDSHARED", Value::from("gcc -shared"));
    set("CCSHARED", Value::from("-fPIC"));
    set("CFLAGS", Value::from("-O2 -Wall -fwrapv"));
    set("OPT", Value::from("-O2 -Wall"));
    set("LDFLAGS", Value::from(""));
    set("LDLIBRARY", Value::from("libpyrite.so"));
    set("LIBRARY", Value::from("libpyrite.so"));
    set("LIBDIR", Value::from(libdir.as_str()));
    set("Py_ENABLE_SHARED", Value::Int(1));
    set("VERSION", Value::from("3.11"));
    set("PYRITE", Value::Int(1));
    Ok(())
}
