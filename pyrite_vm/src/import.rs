//! The import system: `import` statements, `__import__`, module finding in `sys.path`
//! (source packages and modules), relative imports, `from ... import`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::exceptions::exc;
use crate::value::Value;

/// Names of the modules compiled into Pyrite.
pub fn builtin_module_names() -> Vec<&'static str> {
    let mut v = vec!["builtins", "sys"];
    v.extend(crate::modules::registry::all().into_iter().map(|(n, _)| n));
    v.sort_unstable();
    v
}

/// Create a native module from the registry (`None` if `name` is not native).
fn load_native(name: &str) -> PyResult<Option<Value>> {
    let Some(init) = crate::modules::registry::find(name) else {
        return Ok(None);
    };
    let m = crate::types::module::new_module(name);
    let mv = Value::Obj(m.clone());
    modules_dict().set_str(name, mv.clone());
    if let Err(e) = init(&m) {
        modules_dict().del_str(name);
        return Err(e);
    }
    if crate::vm::interp().config.verbose > 0 {
        eprintln!(
            "import '{}' # <class '_frozen_importlib.BuiltinImporter'>",
            name
        );
    }
    if let Some(sfl) = IMPORTLIB
        .get()
        .as_ref()
        .map(|il| (il.spec_from_loader.clone(), il.builtin_importer.clone()))
    {
        let kwnames = [Value::from("origin")];
        let spec = crate::ops::call::call(
            &sfl.0,
            &[Value::from(name), sfl.1.clone(), Value::from("built-in")],
            Some(&kwnames),
        )?;
        crate::types::module::set_attr(&m, "__spec__", spec);
        crate::types::module::set_attr(&m, "__loader__", sfl.1);
    }
    Ok(Some(modules_dict().get_str_key(name).unwrap_or(mv)))
}

fn modules_dict() -> &'static crate::types::dict::PyDict {
    crate::types::dict::obj_dict(&crate::vm::interp().modules)
}

fn module_not_found(name: &str) -> PyErr {
    let e = PyErr::new(
        &exc().module_not_found_error,
        format!("No module named '{}'", name),
    );
    let _ = crate::ops::attr::setattr(&e.value(), "name", Value::from(name));
    e
}

/// `IMPORT_NAME`: honours a replaced `builtins.__import__`.
pub fn import_name(
    name: Value,
    globals: Value,
    locals: Value,
    fromlist: Value,
    level: Value,
    builtins: &ObjRef,
) -> PyResult<Value> {
    let imp = crate::types::dict::obj_dict(builtins)
        .get_str_key("__import__")
        .ok_or_else(|| PyErr::new(&exc().import_error, "__import__ not found"))?;
    let is_native = matches!(imp.payload(), Some(crate::types::Payload::Builtin(b)) if b.name == "__import__" && b.module == Some("builtins"));
    if !is_native {
        return crate::ops::call::call(&imp, &[name, globals, locals, fromlist, level], None);
    }
    let lvl = crate::types::int::as_i64(&level).unwrap_or(0);
    import_module_level(&name, globals, fromlist, lvl)
}

/// Resolve a relative module name.
fn resolve_name(name: &str, globals: &Value, level: i64) -> PyResult<String> {
    let g = crate::types::dict::as_dict(globals);
    let package = g
        .and_then(|d| d.get_str_key("__package__"))
        .filter(|v| !v.is_none());
    let pkg = match package {
        Some(p) => crate::types::str::as_str(&p)
            .ok_or_else(|| type_error("package must be a string"))?
            .to_string(),
        None => {
            let modname = g
                .and_then(|d| d.get_str_key("__name__"))
                .and_then(|v| crate::types::str::as_str(&v).map(|s| s.to_string()));
            let Some(m) = modname else {
                return Err(PyErr::new(
                    &exc().import_error,
                    "attempted relative import with no known parent package",
                ));
            };
            if g.and_then(|d| d.get_str_key("__path__")).is_some() {
                m
            } else {
                match m.rsplit_once('.') {
                    Some((p, _)) => p.to_string(),
                    None => String::new(),
                }
            }
        }
    };
    if pkg.is_empty() {
        return Err(PyErr::new(
            &exc().import_error,
            "attempted relative import with no known parent package",
        ));
    }
    let mut base = pkg.as_str();
    for _ in 1..level {
        match base.rsplit_once('.') {
            Some((p, _)) => base = p,
            None => {
                return Err(PyErr::new(
                    &exc().import_error,
                    "attempted relative import beyond top-level package",
                ))
            }
        }
    }
    Ok(if name.is_empty() {
        base.to_string()
    } else {
        format!("{}.{}", base, name)
    })
}

/// `__import__(name, globals, locals, fromlist, level)`.
pub fn import_module_level(
    name: &Value,
    globals: Value,
    fromlist: Value,
    level: i64,
) -> PyResult<Value> {
    let name = crate::types::str::as_str(name)
        .ok_or_else(|| type_error("module name must be str"))?
        .to_string();
    if level < 0 {
        return Err(value_error("level must be >= 0"));
    }
    if name.is_empty() && level == 0 {
        return Err(value_error("Empty module name"));
    }
    let full = if level > 0 {
        resolve_name(&name, &globals, level)?
    } else {
        name.clone()
    };
    let module = import_full(&full)?;
    let has_from = !fromlist.is_none() && crate::ops::truthy(&fromlist)?;
    if !has_from {
        if level == 0 || !name.is_empty() {
            let top = if level == 0 {
                name.split('.').next().unwrap().to_string()
            } else {
                // relative: return the module for the first component after the base
                let cut = full.len() - name.len();
                let first = name.split('.').next().unwrap();
                format!("{}{}", &full[..cut], first)
            };
            return modules_dict()
                .get_str_key(&top)
                .ok_or_else(|| module_not_found(&top));
        }
        return Ok(module);
    }
    // from package import submodules
    if crate::types::module::get_attr(module.as_obj().unwrap(), "__path__").is_some() {
        for item in crate::ops::iterate(&fromlist)? {
            let Some(s) = crate::types::str::as_str(&item) else {
                continue;
            };
            if s == "*" {
                if let Some(all) = crate::ops::attr::getattr_opt(&module, "__all__")? {
                    for a in crate::ops::iterate(&all)? {
                        if let Some(an) = crate::types::str::as_str(&a) {
                            if crate::ops::attr::getattr_opt(&module, an)?.is_none() {
                                let _ = import_full(&format!("{}.{}", full, an));
                            }
                        }
                    }
                }
                continue;
            }
            if crate::ops::attr::getattr_opt(&module, s)?.is_none() {
                match import_full(&format!("{}.{}", full, s)) {
                    Ok(_) => {}
                    Err(e)
                        if e.matches(&exc().module_not_found_error)
                            && module_not_found_name_is(&e, &format!("{}.{}", full, s)) => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(module)
}

fn module_not_found_name_is(e: &PyErr, name: &str) -> bool {
    crate::ops::attr::getattr(&e.value(), "name")
        .ok()
        .and_then(|n| crate::types::str::as_str(&n).map(|s| s == name))
        .unwrap_or(false)
}

/// Import a dotted module name, parents first.
pub fn import_full(full: &str) -> PyResult<Value> {
    if let Some(m) = modules_dict().get_str_key(full) {
        if m.is_none() {
            return Err(module_not_found(full));
        }
        return Ok(m);
    }
    let (parent, child) = match full.rsplit_once('.') {
        Some((p, c)) => (Some(p), c),
        None => (None, full),
    };
    // The parent package first; its `__path__` is where the child is searched.
    let parent_path: Option<Value> = match parent {
        Some(p) => {
            let pm = import_full(p)?;
            if let Some(m) = modules_dict().get_str_key(full) {
                return Ok(m);
            }
            match crate::ops::attr::getattr_opt(&pm, "__path__")? {
                Some(path) => Some(path),
                None => {
                    let e = PyErr::new(
                        &exc().module_not_found_error,
                        format!("No module named '{}'; '{}' is not a package", full, p),
                    );
                    let _ = crate::ops::attr::setattr(&e.value(), "name", Value::from(full));
                    return Err(e);
                }
            }
        }
        None => None,
    };
    // importlib's bootstrap modules exist once importlib is set up
    if (full == "_frozen_importlib" || full == "_frozen_importlib_external")
        && IMPORTLIB.get().is_none()
    {
        import_full("importlib")?;
        if let Some(m) = modules_dict().get_str_key(full) {
            return Ok(m);
        }
    }
    let m = find_and_load(full, parent, child, parent_path)?;
    if full == "importlib" && IMPORTLIB.get().is_none() {
        install_importlib()?;
    }
    Ok(m)
}

/// The parts of `importlib` the import system uses once it is loaded (before that,
/// `sys.meta_path` is empty and only Pyrite's own finders run).
struct Importlib {
    bootstrap: Value,
    builtin_importer: Value,
    frozen_importer: Value,
    path_finder: Value,
    default_hook: Value,
    spec_from_file_location: Value,
    spec_from_loader: Value,
}

static IMPORTLIB: crate::gil::GilCell<Option<Importlib>> = crate::gil::GilCell::new(None);

/// Run the finders of `sys.meta_path` in order, as `importlib._bootstrap._find_spec`
/// does. Pyrite's default finders (`BuiltinImporter`, `FrozenImporter`, `PathFinder`
/// with the default `sys.path_hooks`) are run natively; any other finder is called
/// through the Python protocol (`find_spec`, or a legacy `find_module`) and its spec
/// loaded by `importlib._bootstrap`.
fn find_and_load(
    full: &str,
    parent: Option<&str>,
    child: &str,
    parent_path: Option<Value>,
) -> PyResult<Value> {
    let sys = crate::modules::sys::sys_module();
    let meta_path = crate::types::module::get_attr(&sys, "meta_path").unwrap_or(Value::None);
    let finders: Vec<Value> = match crate::types::list::as_list(&meta_path) {
        Some(_) => crate::ops::iterate(&meta_path)?,
        None => {
            if meta_path.is_none() {
                return Err(PyErr::new(
                    &exc().import_error,
                    "sys.meta_path is None, Python is likely shutting down",
                ));
            }
            crate::ops::iterate(&meta_path)?
        }
    };
    if finders.is_empty() && IMPORTLIB.get().is_none() {
        // start-up, before importlib: the built-in modules, then the path
        if let Some(m) = load_native(full)? {
            return Ok(m);
        }
        return match path_search(full, parent, child, parent_path.as_ref())? {
            Some(m) => Ok(m),
            None => Err(module_not_found(full)),
        };
    }
    if finders.is_empty() {
        let _ = crate::modules::warnings::warn(&exc().import_warning, "sys.meta_path is empty", 1);
    }
    for f in finders {
        let (is_builtin, is_frozen, is_path) = match IMPORTLIB.get().as_ref() {
            Some(il) => (
                f.is(&il.builtin_importer),
                f.is(&il.frozen_importer),
                f.is(&il.path_finder),
            ),
            None => (false, false, false),
        };
        if is_builtin {
            if let Some(m) = load_native(full)? {
                return Ok(m);
            }
            continue;
        }
        if is_frozen {
            continue;
        }
        if is_path && default_path_hooks() {
            if let Some(m) = path_search(full, parent, child, parent_path.as_ref())? {
                return Ok(m);
            }
            continue;
        }
        let path_arg = parent_path.clone().unwrap_or(Value::None);
        let spec = match crate::ops::attr::getattr_opt(&f, "find_spec")? {
            Some(find_spec) => crate::ops::call::call(
                &find_spec,
                &[Value::from(full), path_arg, Value::None],
                None,
            )?,
            None => match crate::ops::attr::getattr_opt(&f, "find_module")? {
                Some(find_module) => {
                    let loader =
                        crate::ops::call::call(&find_module, &[Value::from(full), path_arg], None)?;
                    if loader.is_none() {
                        Value::None
                    } else {
                        ensure_importlib()?;
                        let sfl = IMPORTLIB.get().as_ref().unwrap().spec_from_loader.clone();
                        crate::ops::call::call(&sfl, &[Value::from(full), loader], None)?
                    }
                }
                None => continue,
            },
        };
        if spec.is_none() {
            continue;
        }
        ensure_importlib()?;
        let load = crate::ops::attr::getattr(
            &IMPORTLIB.get().as_ref().unwrap().bootstrap,
            "_load_unlocked",
        )?;
        let m = crate::ops::call::call(&load, &[spec], None)?;
        bind_to_parent(parent, child, &m)?;
        return Ok(modules_dict().get_str_key(full).unwrap_or(m));
    }
    Err(module_not_found(full))
}

/// Whether `sys.path_hooks` is the one `FileFinder` hook importlib installs (then
/// Pyrite's own path search gives the same result as `PathFinder`).
fn default_path_hooks() -> bool {
    let Some(il) = IMPORTLIB.get().as_ref() else {
        return true;
    };
    let hooks = crate::types::module::get_attr(&crate::modules::sys::sys_module(), "path_hooks")
        .unwrap_or(Value::None);
    match crate::types::list::as_list(&hooks) {
        Some(_) => match crate::ops::iterate(&hooks) {
            Ok(v) => v.len() == 1 && v[0].is(&il.default_hook),
            Err(_) => false,
        },
        None => false,
    }
}

fn ensure_importlib() -> PyResult<()> {
    if IMPORTLIB.get().is_none() {
        import_full("importlib")?;
    }
    if IMPORTLIB.get().is_none() {
        return Err(PyErr::new(
            &exc().import_error,
            "importlib could not be set up",
        ));
    }
    Ok(())
}

/// Once `importlib` is imported: make its bootstrap modules the import system's
/// Python face (`_frozen_importlib`, the default finders in `sys.meta_path` and
/// `sys.path_hooks`, Pyrite's .pyc magic number, code loading through Pyrite's cache),
/// and give the modules loaded before it their `__spec__` and `__loader__`.
fn install_importlib() -> PyResult<()> {
    let magic = pyrite_compiler::serialize::MAGIC;
    let src = format!(
        r#"
import sys, _imp
import importlib._bootstrap as _B
import importlib._bootstrap_external as _E
sys.modules.setdefault('_frozen_importlib', _B)
sys.modules.setdefault('_frozen_importlib_external', _E)
_E.MAGIC_NUMBER = bytes({magic:?})
_E._RAW_MAGIC_NUMBER = int.from_bytes(_E.MAGIC_NUMBER, 'little')
_file_get_data = _E.FileLoader.get_data
_file_path_stats = _E.SourceFileLoader.path_stats

def get_code(self, fullname):
    source_path = self.get_filename(fullname)
    cls = type(self)
    if cls.get_data is _file_get_data and getattr(cls, 'path_stats', None) is _file_path_stats:
        # a plain source file: Pyrite's loader and its .pyc cache
        return _imp._pyrite_load_code(source_path, fullname)
    # a loader with its own storage: compile what it gives (no bytecode cache)
    return self.source_to_code(self.get_data(source_path), source_path)
get_code.__qualname__ = 'SourceLoader.get_code'
_E.SourceLoader.get_code = get_code

def _sourceless_get_code(self, fullname):
    return _imp._pyrite_load_sourceless(self.get_filename(fullname))
_sourceless_get_code.__qualname__ = 'SourcelessFileLoader.get_code'
_E.SourcelessFileLoader.get_code = _sourceless_get_code

# py_compile/compileall: the .pyc bytes are Pyrite's (the code object is serialized
# with the stamp of the source it was compiled from)
import posix as _posix
_compiled_from = {{}}
_orig_source_to_code = _E.SourceLoader.source_to_code
def source_to_code(self, data, path, *, _optimize=-1):
    code = _orig_source_to_code(self, data, path, _optimize=_optimize)
    _compiled_from.clear()
    _compiled_from[id(code)] = (code, data.encode() if isinstance(data, str) else bytes(data), path)
    return code
source_to_code.__qualname__ = 'SourceLoader.source_to_code'
_E.SourceLoader.source_to_code = source_to_code
def _code_to_timestamp_pyc(code, mtime=0, source_size=0):
    entry = _compiled_from.get(id(code))
    if entry is None or entry[0] is not code:
        raise NotImplementedError('Pyrite writes .pyc files only for code that importlib compiled from source')
    _, source, path = entry
    try:
        mtime_ns = _posix.stat(path).st_mtime_ns
    except (OSError, TypeError, ValueError):
        mtime_ns = int(mtime * 1_000_000_000)
    return _imp._pyrite_code_to_pyc(code, source, mtime_ns)
def _code_to_hash_pyc(code, source_hash, checked=True):
    return _code_to_timestamp_pyc(code)
_E._code_to_timestamp_pyc = _code_to_timestamp_pyc
_E._code_to_hash_pyc = _code_to_hash_pyc

_hook = _E.FileFinder.path_hook(*_E._get_supported_file_loaders())
if not any(f is _E.PathFinder for f in sys.meta_path):
    sys.meta_path.extend([_B.BuiltinImporter, _B.FrozenImporter, _E.PathFinder])
if not sys.path_hooks:
    sys.path_hooks.append(_hook)
elif not callable(sys.path_hooks[-1]):
    _hook = None

for _name, _mod in list(sys.modules.items()):
    if _name == '__main__' or getattr(_mod, '__spec__', None) is not None:
        continue
    _file = getattr(_mod, '__file__', None)
    if isinstance(_file, str):
        _path = getattr(_mod, '__path__', None)
        _spec = _E.spec_from_file_location(_name, _file, submodule_search_locations=list(_path) if _path is not None else None)
    elif _imp.is_builtin(_name):
        _spec = _B.spec_from_loader(_name, _B.BuiltinImporter, origin='built-in')
    else:
        continue
    if _spec is None:
        continue
    try:
        _mod.__spec__ = _spec
        if getattr(_mod, '__loader__', None) is None:
            _mod.__loader__ = _spec.loader
        if isinstance(_file, str) and _spec.cached is not None and getattr(_mod, '__cached__', None) is None:
            _mod.__cached__ = _spec.cached
    except AttributeError:
        pass
result = (_B, _B.BuiltinImporter, _B.FrozenImporter, _E.PathFinder, _hook, _E.spec_from_file_location, _B.spec_from_loader)
"#
    );
    let code =
        crate::builtins::compile_source(&src, "<pyrite-importlib>", pyrite_compiler::Mode::Exec)?;
    let g = crate::types::dict::new_dict();
    let gd = crate::types::dict::as_dict(&g).unwrap();
    gd.set_str(
        "__builtins__",
        Value::Obj(crate::vm::interp().builtins.clone()),
    );
    gd.set_str("__name__", Value::from("_pyrite_importlib"));
    crate::frame::run_code(code.as_obj().unwrap(), g.as_obj().unwrap(), Some(g.clone()))?;
    let r = gd
        .get_str_key("result")
        .ok_or_else(|| runtime_error("importlib set-up failed"))?;
    let t = crate::ops::iterate(&r)?;
    *IMPORTLIB.get() = Some(Importlib {
        bootstrap: t[0].clone(),
        builtin_importer: t[1].clone(),
        frozen_importer: t[2].clone(),
        path_finder: t[3].clone(),
        default_hook: t[4].clone(),
        spec_from_file_location: t[5].clone(),
        spec_from_loader: t[6].clone(),
    });
    Ok(())
}

/// Modules an embedder provides as source text (`Interpreter::add_module`): found
/// before `sys.path`, and the only modules besides the built-in ones when the file
/// system gives no I/O. The flag marks packages.
static MEMORY_MODULES: crate::gil::GilCell<Vec<(String, String, bool)>> =
    crate::gil::GilCell::new(Vec::new());

/// Register `source` as module `name` (a package when `is_package`; its submodules
/// are registered as `name.sub`).
pub fn add_memory_module(name: &str, source: &str, is_package: bool) {
    let t = MEMORY_MODULES.get();
    t.retain(|(n, _, _)| n != name);
    t.push((name.to_string(), source.to_string(), is_package));
}

fn load_memory_module(full: &str, parent: Option<&str>) -> PyResult<Option<Value>> {
    let Some((_, source, is_pkg)) = MEMORY_MODULES
        .get()
        .iter()
        .find(|(n, _, _)| n == full)
        .cloned()
    else {
        return Ok(None);
    };
    let filename = format!("<memory:{full}>");
    let code = crate::builtins::compile_source(&source, &filename, pyrite_compiler::Mode::Exec)?;
    let m = crate::types::module::new_module(full);
    crate::types::module::set_attr(
        &m,
        "__builtins__",
        Value::Obj(crate::vm::interp().builtins.clone()),
    );
    if is_pkg {
        crate::types::module::set_attr(&m, "__path__", crate::types::list::new_list(vec![]));
        crate::types::module::set_attr(&m, "__package__", Value::from(full));
    } else {
        crate::types::module::set_attr(&m, "__package__", Value::from(parent.unwrap_or("")));
    }
    let mv = Value::Obj(m.clone());
    modules_dict().set_str(full, mv.clone());
    let d = crate::types::module::module_dict(&m);
    if let Err(e) = crate::frame::run_code(code.as_obj().unwrap(), &d, Some(Value::Obj(d.clone())))
    {
        modules_dict().del_str(full);
        return Err(e);
    }
    let result = modules_dict().get_str_key(full).unwrap_or(mv);
    bind_to_parent(parent, full.rsplit('.').next().unwrap(), &result)?;
    Ok(Some(result))
}

/// Pyrite's `PathFinder`: the entries of `sys.path` (or the parent package's
/// `__path__`) in order; a regular package, a C extension or a source module in the
/// first entry that has one, else a namespace package made of all portions found.
fn path_search(
    full: &str,
    parent: Option<&str>,
    child: &str,
    parent_path: Option<&Value>,
) -> PyResult<Option<Value>> {
    if !MEMORY_MODULES.get().is_empty() {
        if let Some(m) = load_memory_module(full, parent)? {
            return Ok(Some(m));
        }
    }
    let search: Vec<String> = match parent_path {
        Some(path) => crate::ops::iterate(path)?
            .iter()
            .filter_map(|v| crate::types::str::as_str(v).map(|s| s.to_string()))
            .collect(),
        None => {
            let p = crate::modules::sys::get_sys_attr("path")
                .ok_or_else(|| runtime_error("lost sys.path"))?;
            crate::ops::iterate(&p)?
                .iter()
                .filter_map(|v| crate::types::str::as_str(v).map(|s| s.to_string()))
                .collect()
        }
    };
    let fs = crate::fs::filesystem();
    let mut namespace_dirs = Vec::new();
    for dir in &search {
        // '' is the current directory, made absolute as importlib's FileFinder does
        let base = if dir.is_empty() {
            std::env::current_dir()
                .map(|d| d.to_string_lossy().into_owned())
                .unwrap_or_else(|_| ".".into())
        } else {
            dir.clone()
        };
        let pkg_dir = format!("{}/{}", base, child);
        let init = format!("{}/__init__.py", pkg_dir);
        if fs.metadata(&init).map(|m| m.is_file).unwrap_or(false) {
            return load_source(full, &init, Some(&pkg_dir), parent).map(Some);
        }
        if let Some(r) = crate::capi_hooks::load_extension(full, &base, child) {
            let m = r?;
            bind_to_parent(parent, child, &m)?;
            return Ok(Some(m));
        }
        let file = format!("{}/{}.py", base, child);
        if fs.metadata(&file).map(|m| m.is_file).unwrap_or(false) {
            return load_source(full, &file, None, parent).map(Some);
        }
        // a legacy sourceless module: `mod.pyc` next to where `mod.py` would be
        let pyc = format!("{}/{}.pyc", base, child);
        if fs.metadata(&pyc).map(|m| m.is_file).unwrap_or(false) {
            return load_sourceless(full, &pyc, parent).map(Some);
        }
        if fs.metadata(&pkg_dir).map(|m| m.is_dir).unwrap_or(false) {
            namespace_dirs.push(pkg_dir);
        }
    }
    if !namespace_dirs.is_empty() {
        let m = crate::types::module::new_module(full);
        let path = crate::types::list::new_list(
            namespace_dirs
                .iter()
                .map(|d| Value::from(d.as_str()))
                .collect(),
        );
        crate::types::module::set_attr(&m, "__path__", path);
        crate::types::module::set_attr(&m, "__package__", Value::from(full));
        crate::types::module::set_attr(&m, "__file__", Value::None);
        modules_dict().set_str(full, Value::Obj(m.clone()));
        bind_to_parent(parent, child, &Value::Obj(m.clone()))?;
        return Ok(Some(Value::Obj(m)));
    }
    Ok(None)
}

fn bind_to_parent(parent: Option<&str>, child: &str, m: &Value) -> PyResult<()> {
    if let Some(p) = parent {
        if let Some(pm) = modules_dict().get_str_key(p) {
            let _ = crate::ops::attr::setattr(&pm, child, m.clone());
        }
    }
    Ok(())
}

/// Compile and execute a source module, registering it in `sys.modules` first.
fn load_source(
    name: &str,
    path: &str,
    pkg_dir: Option<&str>,
    parent: Option<&str>,
) -> PyResult<Value> {
    let verbose = crate::vm::interp().config.verbose;
    let code = crate::loader::load_code(path, name)?;
    let m = crate::types::module::new_module(name);
    crate::types::module::set_attr(&m, "__file__", Value::from(path));
    crate::types::module::set_attr(&m, "__cached__", Value::None);
    crate::types::module::set_attr(
        &m,
        "__builtins__",
        Value::Obj(crate::vm::interp().builtins.clone()),
    );
    match pkg_dir {
        Some(d) => {
            crate::types::module::set_attr(
                &m,
                "__path__",
                crate::types::list::new_list(vec![Value::from(d)]),
            );
            crate::types::module::set_attr(&m, "__package__", Value::from(name));
        }
        None => {
            crate::types::module::set_attr(&m, "__package__", Value::from(parent.unwrap_or("")))
        }
    }
    let mv = Value::Obj(m.clone());
    // With importlib loaded, the module gets the spec and loader `PathFinder` would
    // have given it.
    let spec = match IMPORTLIB
        .get()
        .as_ref()
        .map(|il| il.spec_from_file_location.clone())
    {
        Some(sffl) => {
            let locations = match pkg_dir {
                Some(d) => crate::types::list::new_list(vec![Value::from(d)]),
                None => Value::None,
            };
            let kwnames = [Value::from("submodule_search_locations")];
            let spec = crate::ops::call::call(
                &sffl,
                &[Value::from(name), Value::from(path), locations],
                Some(&kwnames),
            )?;
            if !spec.is_none() {
                crate::types::module::set_attr(&m, "__spec__", spec.clone());
                if let Some(l) = crate::ops::attr::getattr_opt(&spec, "loader")? {
                    crate::types::module::set_attr(&m, "__loader__", l);
                }
                if let Some(c) = crate::ops::attr::getattr_opt(&spec, "cached")? {
                    crate::types::module::set_attr(&m, "__cached__", c);
                }
                crate::ops::attr::setattr(&spec, "_initializing", Value::Bool(true))?;
            }
            Some(spec)
        }
        None => None,
    };
    modules_dict().set_str(name, mv.clone());
    if verbose > 0 {
        eprintln!("import '{}' # source {}", name, path);
    }
    let d = crate::types::module::module_dict(&m);
    crate::loader::begin_init(name);
    let r = crate::frame::run_code(code.as_obj().unwrap(), &d, Some(Value::Obj(d.clone())));
    crate::loader::end_init(name);
    if let Some(spec) = spec.filter(|s| !s.is_none()) {
        crate::ops::attr::setattr(&spec, "_initializing", Value::Bool(false))?;
    }
    if let Err(e) = r {
        modules_dict().del_str(name);
        return Err(e);
    }
    let result = modules_dict().get_str_key(name).unwrap_or(mv);
    bind_to_parent(parent, name.rsplit('.').next().unwrap(), &result)?;
    Ok(result)
}

fn load_sourceless(name: &str, path: &str, parent: Option<&str>) -> PyResult<Value> {
    let code = crate::loader::load_sourceless(path)?;
    let m = crate::types::module::new_module(name);
    crate::types::module::set_attr(&m, "__file__", Value::from(path));
    crate::types::module::set_attr(&m, "__cached__", Value::from(path));
    crate::types::module::set_attr(
        &m,
        "__builtins__",
        Value::Obj(crate::vm::interp().builtins.clone()),
    );
    crate::types::module::set_attr(&m, "__package__", Value::from(parent.unwrap_or("")));
    if let Some(il) = IMPORTLIB.get().as_ref() {
        let loader_cls = crate::ops::attr::getattr(
            &crate::import::import_full("importlib.machinery")?,
            "SourcelessFileLoader",
        )?;
        let loader =
            crate::ops::call::call(&loader_cls, &[Value::from(name), Value::from(path)], None)?;
        let kwnames = [Value::from("loader")];
        let spec = crate::ops::call::call(
            &il.spec_from_file_location,
            &[Value::from(name), Value::from(path), loader.clone()],
            Some(&kwnames),
        )?;
        crate::types::module::set_attr(&m, "__spec__", spec);
        crate::types::module::set_attr(&m, "__loader__", loader);
    }
    let mv = Value::Obj(m.clone());
    modules_dict().set_str(name, mv.clone());
    if crate::vm::interp().config.verbose > 0 {
        eprintln!("import '{}' # sourceless {}", name, path);
    }
    let d = crate::types::module::module_dict(&m);
    if let Err(e) = crate::frame::run_code(code.as_obj().unwrap(), &d, Some(Value::Obj(d.clone())))
    {
        modules_dict().del_str(name);
        return Err(e);
    }
    let result = modules_dict().get_str_key(name).unwrap_or(mv);
    bind_to_parent(parent, name.rsplit('.').next().unwrap(), &result)?;
    Ok(result)
}

/// `from module import name`.
pub fn import_from(m: &Value, name: &ObjRef) -> PyResult<Value> {
    let n = crate::types::str::obj_str(name).to_string();
    match crate::ops::attr::getattr_name(m, name) {
        Ok(v) => return Ok(v),
        Err(e) if !e.matches(&exc().attribute_error) => return Err(e),
        Err(_) => {}
    }
    let modname = crate::ops::attr::getattr_opt(m, "__name__")?
        .and_then(|v| crate::types::str::as_str(&v).map(|s| s.to_string()));
    if let Some(mn) = &modname {
        if let Some(sub) = modules_dict().get_str_key(&format!("{}.{}", mn, n)) {
            return Ok(sub);
        }
    }
    let mn = modname.unwrap_or_else(|| "<unknown module name>".into());
    let file = crate::ops::attr::getattr_opt(m, "__file__")?
        .and_then(|v| crate::types::str::as_str(&v).map(|s| s.to_string()));
    let initializing = crate::ops::attr::getattr_opt(m, "__spec__")?
        .and_then(|s| {
            crate::ops::attr::getattr_opt(&s, "_initializing")
                .ok()
                .flatten()
        })
        .map(|v| crate::ops::truthy(&v).unwrap_or(false))
        .unwrap_or(false)
        || crate::loader::is_initializing(&mn);
    let msg = match (&file, initializing) {
        (Some(f), true) => format!("cannot import name '{}' from partially initialized module '{}' (most likely due to a circular import) ({})", n, mn, f),
        (Some(f), false) => format!("cannot import name '{}' from '{}' ({})", n, mn, f),
        (None, _) => format!("cannot import name '{}' from '{}' (unknown location)", n, mn),
    };
    let e = PyErr::new(&exc().import_error, msg);
    let _ = crate::ops::attr::setattr(&e.value(), "name", Value::from(mn.as_str()));
    Err(e)
}

/// `from module import *`.
pub fn import_star(m: &Value, locals: &Value) -> PyResult<()> {
    let names: Vec<Value> = match crate::ops::attr::getattr_opt(m, "__all__")? {
        Some(all) => crate::ops::iterate(&all)?,
        None => {
            let d = crate::ops::attr::getattr(m, "__dict__")?;
            crate::ops::iterate(&d)?
                .into_iter()
                .filter(|k| crate::types::str::as_str(k).map_or(false, |s| !s.starts_with('_')))
                .collect()
        }
    };
    for n in names {
        let v = crate::ops::attr::getattr_value(m, &n)?;
        crate::ops::setitem(locals, n, v)?;
    }
    Ok(())
}
