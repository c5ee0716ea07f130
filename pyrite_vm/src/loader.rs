//! Turning a source file into a code object (the .pyc cache hooks in here).

use crate::errors::*;
use crate::value::Value;

static INITIALIZING: crate::gil::GilCell<Vec<String>> = crate::gil::GilCell::new(Vec::new());

pub fn is_initializing(name: &str) -> bool {
    INITIALIZING.get().iter().any(|n| n == name)
}

pub fn begin_init(name: &str) {
    INITIALIZING.get().push(name.to_string());
}

pub fn end_init(name: &str) {
    let v = INITIALIZING.get();
    if let Some(p) = v.iter().rposition(|n| n == name) {
        v.remove(p);
    }
}

/// Read and compile the source file `path` of module `name`, using the .pyc cache
/// (`__pycache__/NAME.pyrite-311.pyc`, see `pyrite_compiler::serialize`) when valid.
/// Cache read failures are silent (recompile); write failures are silent and the
/// directory is remembered so later imports do not retry. A .pyc is never deleted.
pub fn load_code(path: &str, _name: &str) -> PyResult<Value> {
    let fs = crate::fs::filesystem();
    let data = fs
        .read(path)
        .map_err(|e| crate::modules::io_min::os_err(e, Some(Value::from(path))))?;
    let interp = crate::vm::interp();
    let verbose = interp.config.verbose > 0;
    let optimize = interp.config.optimize;
    let mtime_ns = fs.metadata(path).ok().map(|m| m.mtime_ns as i64);
    let cache = mtime_ns.and_then(|m| cache_path(path, optimize).map(|c| (c, m)));
    let stamp = cache
        .as_ref()
        .map(|(_, m)| pyrite_compiler::serialize::SourceStamp::new(&data, *m));
    if let (Some((cpath, _)), Some(stamp)) = (&cache, &stamp) {
        if let Ok(bytes) = fs.read(cpath) {
            if let Ok(code) = pyrite_compiler::serialize::read_pyc(&bytes, stamp) {
                if verbose {
                    eprintln!("# {} matches {}", cpath, path);
                    eprintln!("# code object from '{}'", cpath);
                }
                return Ok(crate::types::code::new_code(std::sync::Arc::new(code)));
            }
        }
    }
    let text =
        pyrite_compiler::decode_source(&data, path).map_err(crate::builtins::syntax_error_from)?;
    let code = crate::builtins::compile_source(&text, path, pyrite_compiler::Mode::Exec)?;
    bump_compile_count();
    if let (Some((cpath, _)), Some(stamp)) = (&cache, &stamp) {
        if should_write() {
            if let Some(co) = crate::types::code::as_code(&code) {
                write_cache(cpath, &co.code, stamp, verbose);
            }
        }
    }
    Ok(code)
}

/// Code from a sourceless `.pyc` (a lone `mod.pyc` in place of `mod.py`): Pyrite's
/// format, checked for magic, flags and body checksum; the source stamp is not
/// compared (there is no source).
pub fn load_sourceless(path: &str) -> PyResult<Value> {
    let fs = crate::fs::filesystem();
    let data = fs
        .read(path)
        .map_err(|e| crate::modules::io_min::os_err(e, Some(Value::from(path))))?;
    match pyrite_compiler::serialize::read_pyc_sourceless(&data) {
        Ok(code) => {
            if crate::vm::interp().config.verbose > 0 {
                eprintln!("# code object from '{}'", path);
            }
            Ok(crate::types::code::new_code(std::sync::Arc::new(code)))
        }
        Err(why) => {
            let e = PyErr::new(
                &crate::types::exceptions::exc().import_error,
                format!("bad Pyrite .pyc file {path:?}: {why}"),
            );
            let _ = crate::ops::attr::setattr(&e.value(), "path", Value::from(path));
            Err(e)
        }
    }
}

static UNWRITABLE: crate::gil::GilCell<Vec<String>> = crate::gil::GilCell::new(Vec::new());

fn sys_attr(name: &str) -> Option<Value> {
    crate::types::module::get_attr(&crate::modules::sys::sys_module(), name)
}

fn bump_compile_count() {
    let n = match sys_attr("_pyrite_compile_count") {
        Some(Value::Int(i)) => i,
        _ => 0,
    };
    crate::types::module::set_attr(
        &crate::modules::sys::sys_module(),
        "_pyrite_compile_count",
        Value::from(n + 1),
    );
}

fn should_write() -> bool {
    let interp = crate::vm::interp();
    if !interp.config.write_bytecode {
        return false;
    }
    !matches!(sys_attr("dont_write_bytecode"), Some(Value::Bool(true)))
}

fn cache_path(path: &str, optimize: u32) -> Option<String> {
    let (dir, file) = match path.rfind('/') {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => (".", path),
    };
    let stem = file.strip_suffix(".py").unwrap_or(file);
    let opt = if optimize > 0 {
        format!(".opt-{optimize}")
    } else {
        String::new()
    };
    let leaf = format!("{stem}.pyrite-311{opt}.pyc");
    let prefix = sys_attr("pycache_prefix")
        .and_then(|v| crate::types::str::as_str(&v).map(|s| s.to_string()));
    match prefix {
        Some(p) if !p.is_empty() => {
            let absdir = if dir.starts_with('/') {
                dir.to_string()
            } else {
                let cwd = std::env::current_dir().ok()?;
                let cwd = cwd.to_str()?;
                if dir == "." {
                    cwd.to_string()
                } else {
                    format!("{cwd}/{dir}")
                }
            };
            let p = p.trim_end_matches('/');
            Some(format!("{p}{absdir}/{leaf}"))
        }
        _ => Some(format!("{dir}/__pycache__/{leaf}")),
    }
}

fn write_cache(
    cpath: &str,
    code: &pyrite_compiler::code::CodeObject,
    stamp: &pyrite_compiler::serialize::SourceStamp,
    verbose: bool,
) {
    let dir = match cpath.rfind('/') {
        Some(i) => &cpath[..i],
        None => return,
    };
    if UNWRITABLE.get().iter().any(|d| d == dir) {
        return;
    }
    let fs = crate::fs::filesystem();
    let bytes = pyrite_compiler::serialize::write_pyc(code, stamp);
    match fs
        .create_dir_all(dir)
        .and_then(|_| fs.write_atomic(cpath, &bytes))
    {
        Ok(()) => {
            if verbose {
                eprintln!("# created '{}'", cpath);
            }
        }
        Err(e) => {
            // remembered for the rest of the process: later imports from the same
            // directory do not pay for a failing write again
            if verbose {
                eprintln!("# could not create '{}': {}", cpath, e);
            }
            UNWRITABLE.get().push(dir.to_string());
        }
    }
}
