//! `_imp` (the native side of `importlib`) and `_warnings` (the hooks the import
//! machinery calls; the `warnings` module itself is the pure-Python one).

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::value::Value;

fn name_arg(v: &Value, what: &str) -> PyResult<String> {
    crate::types::str::as_str(v)
        .map(str::to_owned)
        .ok_or_else(|| {
            type_error(format!(
                "{what}() argument must be str, not {}",
                v.type_name()
            ))
        })
}

fn one(a: &[Value], kw: Kw, fname: &str, pname: &str) -> PyResult<Value> {
    let p = crate::args::parse(fname, a, kw, &[pname], 1)?;
    Ok(p[0].clone().unwrap())
}

fn spec_name(spec: &Value) -> PyResult<String> {
    let n = crate::ops::attr::getattr(spec, "name")?;
    name_arg(&n, "spec.name")
}

/// `_imp.create_builtin(spec)`: a new module object of the native module `spec.name`.
fn create_builtin(a: &[Value], kw: Kw) -> PyResult<Value> {
    let spec = one(a, kw, "create_builtin", "spec")?;
    let name = spec_name(&spec)?;
    let interp = crate::vm::interp();
    match name.as_str() {
        "sys" => return Ok(Value::Obj(interp.sys.clone())),
        "builtins" => return Ok(Value::Obj(interp.builtins.clone())),
        _ => {}
    }
    let Some(init) = crate::modules::registry::find(&name) else {
        let e = PyErr::new(
            &crate::types::exceptions::exc().import_error,
            format!("no built-in module named {name}"),
        );
        let _ = crate::ops::attr::setattr(&e.value(), "name", Value::from(name.as_str()));
        return Err(e);
    };
    // A module that is already loaded is returned as it is, so that its state is
    // never duplicated.
    if let Some(m) = crate::types::dict::obj_dict(&interp.modules).get_str_key(&name) {
        if !m.is_none() {
            return Ok(m);
        }
    }
    let m = crate::types::module::new_module(&name);
    init(&m)?;
    Ok(Value::Obj(m))
}

/// `_imp.create_dynamic(spec, file=None)`: load the C extension at `spec.origin`.
fn create_dynamic(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("create_dynamic", a, kw, &["spec", "file"], 1)?;
    let spec = p[0].clone().unwrap();
    let name = spec_name(&spec)?;
    let origin = crate::ops::attr::getattr(&spec, "origin")?;
    let origin = name_arg(&origin, "spec.origin")?;
    let path = std::path::Path::new(&origin);
    let dir = path
        .parent()
        .map(|d| d.to_string_lossy().into_owned())
        .unwrap_or_else(|| ".".into());
    let short = name.rsplit('.').next().unwrap_or(&name).to_string();
    match crate::capi_hooks::load_extension(&name, &dir, &short) {
        Some(r) => r,
        None => {
            let e = PyErr::new(
                &crate::types::exceptions::exc().import_error,
                format!("cannot load extension module {name} from {origin}"),
            );
            let _ = crate::ops::attr::setattr(&e.value(), "name", Value::from(name.as_str()));
            let _ = crate::ops::attr::setattr(&e.value(), "path", Value::from(origin.as_str()));
            Err(e)
        }
    }
}

/// `_imp.source_hash(key, source)`: the 8-byte hash that hash-based .pyc files carry.
fn source_hash(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("source_hash", a, kw, &["key", "source"], 2)?;
    let key = crate::types::int::index_i64(p[0].as_ref().unwrap())?;
    let src = crate::types::bytes::as_bytes_like(p[1].as_ref().unwrap()).ok_or_else(|| {
        type_error(format!(
            "a bytes-like object is required, not '{}'",
            p[1].as_ref().unwrap().type_name()
        ))
    })?;
    let mut data = key.to_le_bytes().to_vec();
    data.extend_from_slice(&src);
    Ok(crate::types::bytes::new_bytes(
        pyrite_compiler::serialize::fnv1a64(&data)
            .to_le_bytes()
            .to_vec(),
    ))
}

fn not_frozen(a: &[Value], kw: Kw, fname: &'static str) -> PyResult<String> {
    let p = crate::args::parse(fname, a, kw, &["name", "data"], 1)?;
    name_arg(p[0].as_ref().unwrap(), fname)
}

fn frozen_error(name: &str) -> PyErr {
    let e = PyErr::new(
        &crate::types::exceptions::exc().import_error,
        format!("No such frozen object named '{name}'"),
    );
    let _ = crate::ops::attr::setattr(&e.value(), "name", Value::from(name));
    e
}

pub fn init_imp(m: &ObjRef) -> PyResult<()> {
    // The import lock: imports already run under the GIL, one at a time per thread.
    add_function(m, "lock_held", |_a, _| Ok(Value::Bool(false)));
    add_function(m, "acquire_lock", |_a, _| Ok(Value::None));
    add_function(m, "release_lock", |_a, _| Ok(Value::None));
    add_function(m, "is_builtin", |a, kw| {
        let n = name_arg(&one(a, kw, "is_builtin", "name")?, "is_builtin")?;
        Ok(Value::Int(match n.as_str() {
            "sys" | "builtins" => -1,
            _ if crate::modules::registry::find(&n).is_some() => 1,
            _ => 0,
        }))
    });
    add_function(m, "create_builtin", create_builtin);
    add_function(m, "exec_builtin", |_a, _| Ok(Value::Int(0)));
    add_function(m, "create_dynamic", create_dynamic);
    add_function(m, "exec_dynamic", |_a, _| Ok(Value::Int(0)));
    add_function(m, "extension_suffixes", |_a, _| {
        Ok(crate::types::list::new_list(
            crate::capi_hooks::extension_suffixes()
                .iter()
                .map(|s| Value::from(*s))
                .collect(),
        ))
    });
    // Pyrite has no frozen modules.
    add_function(m, "is_frozen", |a, kw| {
        not_frozen(a, kw, "is_frozen")?;
        Ok(Value::Bool(false))
    });
    add_function(m, "is_frozen_package", |a, kw| {
        Err(frozen_error(&not_frozen(a, kw, "is_frozen_package")?))
    });
    add_function(m, "find_frozen", |a, kw| {
        not_frozen(a, kw, "find_frozen")?;
        Ok(Value::None)
    });
    add_function(m, "get_frozen_object", |a, kw| {
        Err(frozen_error(&not_frozen(a, kw, "get_frozen_object")?))
    });
    add_function(m, "init_frozen", |a, kw| {
        not_frozen(a, kw, "init_frozen")?;
        Ok(Value::None)
    });
    add_function(m, "_frozen_module_names", |_a, _| {
        Ok(crate::types::tuple::new_tuple(vec![]))
    });
    add_function(m, "_override_frozen_modules_for_tests", |_a, _| {
        Ok(Value::None)
    });
    add_function(m, "_fix_co_filename", |a, kw| {
        crate::args::parse("_fix_co_filename", a, kw, &["code", "path"], 2)?;
        Ok(Value::None)
    });
    add_function(m, "source_hash", source_hash);
    add_function(m, "_pyrite_load_sourceless", |a, kw| {
        let p = crate::args::parse("_pyrite_load_sourceless", a, kw, &["path"], 1)?;
        crate::loader::load_sourceless(&crate::ops::to_str(p[0].as_ref().unwrap())?)
    });
    // `_pyrite_code_to_pyc(code, source_bytes, mtime_ns)`: the bytes of a .pyc file
    // holding `code` compiled from `source_bytes` (what py_compile writes)
    add_function(m, "_pyrite_code_to_pyc", |a, kw| {
        let p = crate::args::parse(
            "_pyrite_code_to_pyc",
            a,
            kw,
            &["code", "source", "mtime_ns"],
            3,
        )?;
        let code = p[0].as_ref().unwrap();
        let co = crate::types::code::as_code(code).ok_or_else(|| {
            type_error(format!("expected a code object, not {}", code.type_name()))
        })?;
        let src = crate::types::bytes::as_bytes_like(p[1].as_ref().unwrap())
            .ok_or_else(|| type_error("source must be bytes"))?;
        let mtime = crate::types::int::index_i64(p[2].as_ref().unwrap())?;
        let stamp = pyrite_compiler::serialize::SourceStamp::new(&src, mtime);
        Ok(crate::types::bytes::new_bytes(
            pyrite_compiler::serialize::write_pyc(&co.code, &stamp),
        ))
    });
    // Pyrite's own: the code of a source file through Pyrite's .pyc cache (what
    // importlib's `SourceLoader.get_code` does for plain files).
    add_function(m, "_pyrite_load_code", |a, kw| {
        let p = crate::args::parse("_pyrite_load_code", a, kw, &["path", "fullname"], 2)?;
        let path = crate::ops::to_str(p[0].as_ref().unwrap())?;
        let name = crate::ops::to_str(p[1].as_ref().unwrap())?;
        crate::loader::load_code(&path, &name)
    });
    set_attr(m, "check_hash_based_pycs", Value::from("default"));
    Ok(())
}

/// `_warnings`: only `warn`, delegating to the pure-Python `warnings` module (whose
/// own filters then apply). Its absence of `filters` makes `warnings.py` use its
/// Python implementation.
pub fn init_warnings(m: &ObjRef) -> PyResult<()> {
    add_function(m, "warn", |a, kw| {
        let w = crate::import::import_full("warnings")?;
        let f = crate::ops::attr::getattr(&w, "warn")?;
        crate::ops::call::call(&f, a, kw)
    });
    add_function(m, "warn_explicit", |a, kw| {
        let w = crate::import::import_full("warnings")?;
        let f = crate::ops::attr::getattr(&w, "warn_explicit")?;
        crate::ops::call::call(&f, a, kw)
    });
    Ok(())
}

/// `_operator`: only what the pure-Python `operator` module cannot provide itself
/// (`operator.py` keeps its Python definitions for everything else).
pub fn init_operator(m: &ObjRef) -> PyResult<()> {
    // `_compare_digest(a, b)`: equality in time independent of where they differ
    add_function(m, "_compare_digest", |a, kw| {
        let p = crate::args::parse("_compare_digest", a, kw, &["a", "b"], 2)?;
        let (x, y) = (p[0].as_ref().unwrap(), p[1].as_ref().unwrap());
        let bytes = |v: &Value| -> PyResult<Vec<u8>> {
            if let Some(s) = crate::types::str::as_str(v) {
                if !s.is_ascii() {
                    return Err(type_error(
                        "comparing strings with non-ASCII characters is not supported",
                    ));
                }
                return Ok(s.as_bytes().to_vec());
            }
            crate::types::bytes::as_bytes_like(v).ok_or_else(|| {
                type_error(format!(
                    "unsupported operand types(s) or combination of types: '{}' and '{}'",
                    x.type_name(),
                    y.type_name()
                ))
            })
        };
        let xs = crate::types::str::as_str(x).is_some();
        let ys = crate::types::str::as_str(y).is_some();
        if xs != ys {
            return Err(type_error(format!(
                "unsupported operand types(s) or combination of types: '{}' and '{}'",
                x.type_name(),
                y.type_name()
            )));
        }
        let (a, b) = (bytes(x)?, bytes(y)?);
        let mut diff = (a.len() != b.len()) as u8;
        for (i, byte) in a.iter().enumerate() {
            diff |= byte ^ b.get(i % b.len().max(1)).copied().unwrap_or(0);
        }
        Ok(Value::Bool(diff == 0 && a.len() == b.len()))
    });
    Ok(())
}

/// `_ast`: the node classes of the abstract grammar (from `ast_nodes.rs`), with
/// CPython's constructor rules (positional arguments fill `_fields` in order, keywords
/// any attribute, optional fields default to None). Building trees from source
/// (`compile(..., PyCF_ONLY_AST)`, `ast.parse`) is not supported yet and raises
/// NotImplementedError there.
pub fn init_ast(m: &ObjRef) -> PyResult<()> {
    let mut table = String::new();
    for (name, base, fields, attrs, optional) in crate::modules::ast_nodes::NODES {
        table.push_str(&format!(
            "    ({name:?}, {base:?}, {fields:?}, {attrs:?}, {optional:?}),\n"
        ));
    }
    let src = format!(
        r#"
class AST:
    _fields = ()
    _attributes = ()
    __match_args__ = ()
    def __init__(self, *args, **kwargs):
        cls = type(self)
        fields = cls._fields
        if len(args) > len(fields):
            raise TypeError(f"{{cls.__name__}} constructor takes at most {{len(fields)}} positional argument{{'' if len(fields) == 1 else 's'}}")
        for name, value in zip(fields, args):
            setattr(self, name, value)
        for name, value in kwargs.items():
            setattr(self, name, value)
    def __reduce__(self):
        return type(self), (), self.__dict__ or None
AST.__module__ = 'ast'

def _build(table):
    made = {{'AST': AST}}
    for name, base, fields, attrs, optional in table:
        if name == 'AST':
            continue
        ns = {{'__module__': 'ast', '_fields': tuple(fields.split()), '_attributes': tuple(attrs.split()),
              '__match_args__': tuple(fields.split())}}
        for opt in optional.split():
            ns[opt] = None
        made[name] = type(name, (made[base],), ns)
    return made

globals().update(_build([
{table}]))
del _build
"#
    );
    let code = crate::builtins::compile_source(&src, "<_ast>", pyrite_compiler::Mode::Exec)?;
    let d = crate::types::module::module_dict(m);
    crate::types::dict::obj_dict(&d).set_str(
        "__builtins__",
        Value::Obj(crate::vm::interp().builtins.clone()),
    );
    crate::frame::run_code(code.as_obj().unwrap(), &d, Some(Value::Obj(d.clone())))?;
    for (name, v) in crate::modules::ast_nodes::FLAGS {
        set_attr(m, name, Value::Int(*v));
    }
    Ok(())
}
