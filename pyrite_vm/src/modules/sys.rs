//! The `sys` module.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::Payload;
use crate::value::Value;

pub const VERSION: &str = "3.11.2";
pub const PYRITE_VERSION: &str = env!("CARGO_PKG_VERSION");

static INT_MAX_STR_DIGITS: crate::gil::GilCell<usize> = crate::gil::GilCell::new(4300);
static UNSUPPORTED_OP: crate::gil::GilCell<Option<ObjRef>> = crate::gil::GilCell::new(None);

/// Hooks added with `sys.addaudithook` (Python callables) and `PySys_AddAuditHook`
/// (called through `NATIVE_AUDIT`, installed by the C-API layer).
static AUDIT_HOOKS: crate::gil::GilCell<Vec<Value>> = crate::gil::GilCell::new(Vec::new());

/// The C-API layer's dispatcher for native audit hooks: called first with the event and
/// the argument tuple; returns Err to abort the audited action.
pub static NATIVE_AUDIT: crate::gil::GilCell<Option<fn(&str, &Value) -> PyResult<()>>> =
    crate::gil::GilCell::new(None);

/// Whether any audit hook is installed (callers may skip building arguments otherwise).
#[inline]
pub fn audit_active() -> bool {
    !AUDIT_HOOKS.get().is_empty() || NATIVE_AUDIT.get().is_some()
}

/// `sys.audit(event, *args)`: call every hook with `(event, args)`; the first
/// exception aborts the action that was audited.
pub fn audit(event: &str, args: Vec<Value>) -> PyResult<()> {
    if !audit_active() {
        return Ok(());
    }
    let tuple = crate::types::tuple::new_tuple(args);
    if let Some(native) = *NATIVE_AUDIT.get() {
        native(event, &tuple)?;
    }
    let hooks = AUDIT_HOOKS.get().clone();
    for h in hooks {
        crate::ops::call::call(&h, &[Value::from(event), tuple.clone()], None)?;
    }
    Ok(())
}

pub fn int_max_str_digits() -> usize {
    *INT_MAX_STR_DIGITS.get()
}

/// `io.UnsupportedOperation` (OSError + ValueError).
pub fn unsupported_operation() -> ObjRef {
    UNSUPPORTED_OP
        .get()
        .clone()
        .unwrap_or_else(|| crate::types::exceptions::exc().os_error.clone())
}

pub fn sys_module() -> ObjRef {
    crate::vm::interp().sys.clone()
}

pub fn get_sys_attr(name: &str) -> Option<Value> {
    if !crate::vm::is_initialized() {
        return None;
    }
    crate::types::module::get_attr(&sys_module(), name)
}

/// `sys.modules[name]`.
pub fn get_module(name: &str) -> Option<Value> {
    crate::types::dict::obj_dict(&crate::vm::interp().modules).get_str_key(name)
}

/// `os.fspath(p)`.
pub fn fspath(p: &Value) -> PyResult<Value> {
    if crate::types::str::as_str(p).is_some() || crate::types::bytes::as_bytes(p).is_some() {
        return Ok(p.clone());
    }
    match crate::ops::call_special(p, crate::name!("__fspath__"), &[])? {
        Some(r) => Ok(r),
        None => Err(type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            p.type_name()
        ))),
    }
}

pub fn create_bare() -> ObjRef {
    crate::types::module::new_module("sys")
}

fn strs(v: &[String]) -> Value {
    crate::types::list::new_list(v.iter().map(|s| Value::from(s.as_str())).collect())
}

/// Find CPython 3.11's pure-Python standard library.
pub fn find_stdlib(cfg: &crate::Config) -> Option<String> {
    if let Some(d) = &cfg.stdlib_dir {
        return Some(d.clone());
    }
    if !cfg.ignore_environment {
        if let Ok(d) = std::env::var("PYRITE_STDLIB") {
            if !d.is_empty() {
                return Some(d);
            }
        }
    }
    for d in ["/usr/lib/python3.11", "/usr/local/lib/python3.11"] {
        if std::path::Path::new(&format!("{}/os.py", d)).exists() {
            return Some(d.to_string());
        }
    }
    None
}

pub fn fill(m: &ObjRef) -> PyResult<()> {
    let cfg = crate::vm::interp().config.clone();
    let set = |n: &str, v: Value| set_attr(m, n, v);
    set("modules", Value::Obj(crate::vm::interp().modules.clone()));
    set("argv", strs(&cfg.argv));
    set("orig_argv", strs(&cfg.orig_argv));
    let mut path: Vec<String> = cfg.path.clone();
    if let Some(std) = find_stdlib(&cfg) {
        path.push(std.clone());
        path.push(format!("{}/lib-dynload", std));
        set("_stdlib_dir", Value::from(std.as_str()));
    }
    set("path", strs(&path));
    set("meta_path", crate::types::list::new_list(vec![]));
    set("path_hooks", crate::types::list::new_list(vec![]));
    set("path_importer_cache", crate::types::dict::new_dict());
    set(
        "version",
        Value::from(format!("{} (Pyrite {}) [rustc]", VERSION, PYRITE_VERSION)),
    );
    set("hexversion", Value::Int(0x030B02F0));
    set("api_version", Value::Int(1013));
    set("platform", Value::from("linux"));
    set(
        "byteorder",
        Value::from(if cfg!(target_endian = "little") {
            "little"
        } else {
            "big"
        }),
    );
    set("maxsize", Value::Int(i64::MAX));
    set("maxunicode", Value::Int(0x10ffff));
    set("executable", Value::from(cfg.executable.as_str()));
    set("_base_executable", Value::from(cfg.executable.as_str()));
    for n in ["prefix", "base_prefix", "exec_prefix", "base_exec_prefix"] {
        set(n, Value::from("/usr"));
    }
    set("platlibdir", Value::from("lib"));
    set(
        "pycache_prefix",
        cfg.pycache_prefix
            .as_deref()
            .map(Value::from)
            .unwrap_or(Value::None),
    );
    set("dont_write_bytecode", Value::Bool(cfg.dont_write_bytecode));
    set("warnoptions", strs(&cfg.warnoptions));
    let xo = crate::types::dict::new_dict();
    for x in &cfg.xoptions {
        let (k, v) = match x.split_once('=') {
            Some((k, v)) => (k.to_string(), Value::from(v)),
            None => (x.clone(), Value::Bool(true)),
        };
        crate::types::dict::as_dict(&xo).unwrap().set_str(&k, v);
    }
    set("_xoptions", xo);
    set("float_repr_style", Value::from("short"));
    set("abiflags", Value::from(""));
    set(
        "copyright",
        Value::from(
            "Copyright (c) Pyrite authors. Python is Copyright (c) Python Software Foundation.",
        ),
    );
    set(
        "stdlib_module_names",
        crate::types::set::new_frozenset_from(
            crate::modules::stdlib_names::STDLIB_MODULE_NAMES
                .iter()
                .map(|n| Value::from(*n))
                .collect(),
        ),
    );
    set(
        "builtin_module_names",
        crate::types::tuple::new_tuple(
            crate::import::builtin_module_names()
                .into_iter()
                .map(Value::from)
                .collect(),
        ),
    );
    crate::modules::io_mod::init_stdio(m)?;
    add_function(m, "exit", |a, _| {
        check_args("exit", a, 0, 1)?;
        let args = match a.first() {
            None | Some(Value::None) => vec![],
            Some(v) => match crate::types::tuple::as_tuple(v) {
                Some(t) => t.to_vec(),
                None => vec![v.clone()],
            },
        };
        Err(PyErr::with_args(
            &crate::types::exceptions::exc().system_exit,
            args,
        ))
    });
    add_function(m, "exc_info", |_a, _| {
        let t = crate::vm::thread();
        Ok(match &t.exc_info {
            Some(e) => crate::types::tuple::new_tuple(vec![
                Value::Obj(e.class()),
                e.clone(),
                crate::types::exceptions::get_traceback(e),
            ]),
            None => crate::types::tuple::new_tuple(vec![Value::None, Value::None, Value::None]),
        })
    });
    add_function(m, "exception", |_a, _| {
        Ok(crate::vm::thread().exc_info.clone().unwrap_or(Value::None))
    });
    add_function(m, "set_asyncgen_hooks", |a, kw| {
        let p = crate::args::parse("set_asyncgen_hooks", a, kw, &["firstiter", "finalizer"], 0)?;
        let check = |v: &Option<Value>, what: &str| -> PyResult<()> {
            match v {
                Some(v) if !v.is_none() && !crate::builtins::is_callable(v) => Err(type_error(
                    format!("callable {} expected, got {}", what, v.type_name()),
                )),
                _ => Ok(()),
            }
        };
        check(&p[0], "firstiter")?;
        check(&p[1], "finalizer")?;
        let t = crate::vm::thread();
        if let Some(v) = &p[0] {
            t.asyncgen_firstiter = (!v.is_none()).then(|| v.clone());
        }
        if let Some(v) = &p[1] {
            t.asyncgen_finalizer = (!v.is_none()).then(|| v.clone());
        }
        Ok(Value::None)
    });
    add_function(m, "get_asyncgen_hooks", |a, _| {
        check_args("get_asyncgen_hooks", a, 0, 0)?;
        static CLS: crate::gil::GilCell<Option<Value>> = crate::gil::GilCell::new(None);
        let cls = match CLS.get().clone() {
            Some(c) => c,
            None => {
                let c = crate::modules::osutil::structseq_type(
                    "builtins",
                    "asyncgen_hooks",
                    &[Some("firstiter"), Some("finalizer")],
                    2,
                )?;
                *CLS.get() = Some(c.clone());
                c
            }
        };
        let t = crate::vm::thread();
        crate::modules::osutil::structseq_new(
            &cls,
            vec![
                t.asyncgen_firstiter.clone().unwrap_or(Value::None),
                t.asyncgen_finalizer.clone().unwrap_or(Value::None),
            ],
        )
    });
    add_function(m, "getrecursionlimit", |_a, _| {
        Ok(Value::Int(crate::vm::thread().recursion_limit as i64))
    });
    add_function(m, "setrecursionlimit", |a, _| {
        check_args("setrecursionlimit", a, 1, 1)?;
        if crate::types::float::is_float(&a[0]) {
            return Err(type_error(
                "'float' object cannot be interpreted as an integer",
            ));
        }
        let n = crate::types::int::index_i64(&a[0])?;
        if n < 1 {
            return Err(value_error(
                "recursion limit must be greater or equal than 1",
            ));
        }
        let t = crate::vm::thread();
        if (n as usize) <= t.frames.len() {
            return Err(PyErr::new(&crate::types::exceptions::exc().recursion_error, format!(
                "cannot set the recursion limit to {} at the recursion depth {}: the limit is too low",
                n,
                t.frames.len()
            )));
        }
        t.recursion_limit = n.min(u32::MAX as i64) as u32;
        Ok(Value::None)
    });
    add_function(m, "getrefcount", |a, _| {
        check_args("getrefcount", a, 1, 1)?;
        Ok(Value::Int(match &a[0] {
            Value::Obj(o) => o.refcnt() as i64 + crate::capi_hooks::extra_refs(o.as_ptr()) as i64,
            _ => 1 << 30,
        }))
    });
    add_function(m, "getsizeof", |a, _| {
        check_args("getsizeof", &a[..1.min(a.len())], 1, 1)?;
        match crate::ops::call_special(&a[0], crate::name!("__sizeof__"), &[])? {
            Some(v) => Ok(crate::ops::arith::binary_op(
                &v,
                &Value::Int(16),
                pyrite_compiler::bytecode::BinOp::Add,
            )?),
            None => Ok(a.get(1).cloned().unwrap_or(Value::Int(16))),
        }
    });
    add_function(m, "intern", |a, _| {
        check_args("intern", a, 1, 1)?;
        if !a[0].class_ref().is(&crate::types::types().str) {
            return Err(type_error(format!(
                "intern() argument must be str, not {}",
                a[0].type_name()
            )));
        }
        Ok(crate::types::str::intern_value(&a[0]))
    });
    add_function(m, "_getframe", |a, _| {
        let depth = match a.first() {
            Some(v) => crate::types::int::index_i64(v)?,
            None => 0,
        };
        let t = crate::vm::thread();
        let n = t.frames.len() as i64;
        if depth < 0 || depth >= n {
            return Err(value_error("call stack is not deep enough"));
        }
        Ok(Value::Obj(t.frames[(n - 1 - depth) as usize].clone()))
    });
    add_function(m, "settrace", |a, _| {
        check_args("settrace", a, 1, 1)?;
        crate::vm::thread().trace_func = if a[0].is_none() {
            None
        } else {
            Some(a[0].clone())
        };
        Ok(Value::None)
    });
    add_function(m, "gettrace", |_a, _| {
        Ok(crate::vm::thread()
            .trace_func
            .clone()
            .unwrap_or(Value::None))
    });
    add_function(m, "setprofile", |a, _| {
        check_args("setprofile", a, 1, 1)?;
        crate::vm::thread().profile_func = if a[0].is_none() {
            None
        } else {
            Some(a[0].clone())
        };
        Ok(Value::None)
    });
    add_function(m, "getprofile", |_a, _| {
        Ok(crate::vm::thread()
            .profile_func
            .clone()
            .unwrap_or(Value::None))
    });
    add_function(m, "getdefaultencoding", |_a, _| Ok(Value::from("utf-8")));
    add_function(m, "getfilesystemencoding", |_a, _| Ok(Value::from("utf-8")));
    add_function(m, "getfilesystemencodeerrors", |_a, _| {
        Ok(Value::from("surrogateescape"))
    });
    add_function(m, "get_int_max_str_digits", |_a, _| {
        Ok(Value::Int(*INT_MAX_STR_DIGITS.get() as i64))
    });
    add_function(m, "set_int_max_str_digits", |a, kw| {
        let a = crate::args::parse("set_int_max_str_digits", a, kw, &["maxdigits"], 1)?;
        let n = crate::types::int::index_i64(a[0].as_ref().unwrap())?;
        if n != 0 && n < 640 {
            return Err(value_error("maxdigits must be 0 or larger than 640"));
        }
        *INT_MAX_STR_DIGITS.get() = n as usize;
        Ok(Value::None)
    });
    add_function(m, "excepthook", |a, _| {
        check_args("excepthook", a, 3, 3)?;
        let text = crate::modules::traceback_fmt::format_exception(&a[1]);
        let err = get_sys_attr("stderr").unwrap_or(Value::None);
        crate::modules::io_min::write_to(&err, &text)?;
        Ok(Value::None)
    });
    add_function(m, "displayhook", display_hook);
    add_function(m, "unraisablehook", |a, _| {
        let u = &a[0];
        let exc = crate::ops::attr::getattr(u, "exc_value")?;
        let obj = crate::ops::attr::getattr(u, "object")?;
        let msg = crate::ops::attr::getattr(u, "err_msg").unwrap_or(Value::None);
        let head = if msg.is_none() {
            "Exception ignored in".to_string()
        } else {
            crate::ops::to_str(&msg)?
        };
        let mut text = format!("{}: {}\n", head, crate::ops::repr(&obj).unwrap_or_default());
        text.push_str(&crate::modules::traceback_fmt::format_exception(&exc));
        crate::modules::io_min::write_to(&get_sys_attr("stderr").unwrap_or(Value::None), &text)?;
        Ok(Value::None)
    });
    add_function(m, "audit", |a, kw| {
        if kw.is_some_and(|k| !k.is_empty()) {
            return Err(type_error("audit() takes no keyword arguments"));
        }
        let Some(ev) = a.first() else {
            return Err(type_error(
                "audit() missing 1 required positional argument: 'event'",
            ));
        };
        let Some(name) = crate::types::str::as_str(ev) else {
            return Err(type_error(&format!(
                "expected str for argument 'event', not {}",
                ev.type_name()
            )));
        };
        let name = name.to_string();
        audit(&name, a[1..].to_vec())?;
        Ok(Value::None)
    });
    add_function(m, "addaudithook", |a, kw| {
        let a = crate::args::parse("addaudithook", a, kw, &["hook"], 1)?;
        let hook = a[0].clone().unwrap();
        // the existing hooks may veto a new one by raising RuntimeError (silently)
        if let Err(e) = audit("sys.addaudithook", vec![]) {
            if e.matches(&crate::types::exceptions::exc().runtime_error) {
                return Ok(Value::None);
            }
            return Err(e);
        }
        AUDIT_HOOKS.get().push(hook);
        Ok(Value::None)
    });
    add_function(m, "is_finalizing", |_a, _| Ok(Value::Bool(false)));
    add_function(m, "getswitchinterval", |_a, _| Ok(Value::Float(0.005)));
    add_function(m, "setswitchinterval", |_a, _| Ok(Value::None));
    add_function(m, "_clear_type_cache", |_a, _| Ok(Value::None));
    add_function(m, "getallocatedblocks", |_a, _| Ok(Value::Int(0)));
    add_function(m, "call_tracing", |a, _| {
        let args = crate::ops::iterate(&a[1])?;
        crate::ops::call::call(&a[0], &args, None)
    });
    Ok(())
}

fn display_hook(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("displayhook", a, 1, 1)?;
    if a[0].is_none() {
        return Ok(Value::None);
    }
    let b = crate::vm::interp().builtins.clone();
    crate::types::module::set_attr(&b, "_", Value::None);
    let text = crate::ops::repr(&a[0])? + "\n";
    crate::modules::io_min::write_to(&get_sys_attr("stdout").unwrap_or(Value::None), &text)?;
    crate::types::module::set_attr(&b, "_", a[0].clone());
    Ok(Value::None)
}

/// Python-level pieces of start-up: struct sequences of `sys`, `sys.flags`,
/// `sys.implementation`.
pub fn boot_python() -> PyResult<()> {
    let cfg = crate::vm::interp().config.clone();
    let src = format!(
        r#"
class _structseq(tuple):
    __slots__ = ()
    _fields = ()
    n_sequence_fields = 0
    def __new__(cls, seq, dict=None):
        return tuple.__new__(cls, seq)
    def __repr__(self):
        name = type(self).__module__ + '.' + type(self).__name__ if type(self).__module__ != 'builtins' else type(self).__name__
        return name + '(' + ', '.join(f'{{n}}={{v!r}}' for n, v in zip(self._fields, self)) + ')'
    def __reduce__(self):
        return (type(self), (tuple(self),))

def _mkseq(name, fields, values, module='sys'):
    ns = {{'_fields': tuple(fields), 'n_sequence_fields': len(fields), 'n_fields': len(fields), 'n_unnamed_fields': 0, '__module__': module, '__slots__': ()}}
    for i, f in enumerate(fields):
        ns[f] = property(lambda self, i=i: self[i])
    cls = type(name, (_structseq,), ns)
    return cls(values)

import sys
sys.version_info = _mkseq('version_info', ('major', 'minor', 'micro', 'releaselevel', 'serial'), (3, 11, 2, 'final', 0))
sys.flags = _mkseq('flags', ('debug', 'inspect', 'interactive', 'optimize', 'dont_write_bytecode', 'no_user_site', 'no_site', 'ignore_environment', 'verbose', 'bytes_warning', 'quiet', 'hash_randomization', 'isolated', 'dev_mode', 'utf8_mode', 'warn_default_encoding', 'safe_path', 'int_max_str_digits'),
    (0, {inspect}, {inspect}, {optimize}, {dwb}, {nus}, {ns}, {ie}, {verbose}, 0, {quiet}, 1, {iso}, {dev} == 1, 0, 0, {safe} == 1, {imsd}))
sys.float_info = _mkseq('float_info', ('max', 'max_exp', 'max_10_exp', 'min', 'min_exp', 'min_10_exp', 'dig', 'mant_dig', 'epsilon', 'radix', 'rounds'),
    (1.7976931348623157e+308, 1024, 308, 2.2250738585072014e-308, -1021, -307, 15, 53, 2.220446049250313e-16, 2, 1))
sys.int_info = _mkseq('int_info', ('bits_per_digit', 'sizeof_digit', 'default_max_str_digits', 'str_digits_check_threshold'), (30, 4, 4300, 640))
sys.hash_info = _mkseq('hash_info', ('width', 'modulus', 'inf', 'nan', 'imag', 'algorithm', 'hash_bits', 'seed_bits', 'cutoff'), (64, 2305843009213693951, 314159, 0, 1000003, 'siphash13', 64, 128, 0))
sys.thread_info = _mkseq('thread_info', ('name', 'lock', 'version'), ('pthread', 'mutex+cond', None))

class _Impl:
    def __repr__(self):
        return 'namespace(' + ', '.join(f'{{k}}={{v!r}}' for k, v in self.__dict__.items()) + ')'
_impl = _Impl()
_impl.name = 'pyrite'
_impl.cache_tag = 'pyrite-311'
_impl.version = _mkseq('version_info', ('major', 'minor', 'micro', 'releaselevel', 'serial'), (3, 11, 2, 'final', 0))
_impl.hexversion = 0x030B02F0
_impl._multiarch = 'x86_64-linux-gnu'
sys.implementation = _impl
del _impl, _Impl
"#,
        inspect = cfg.inspect as i32,
        optimize = cfg.optimize,
        dwb = cfg.dont_write_bytecode as i32,
        nus = cfg.no_user_site as i32,
        ns = cfg.no_site as i32,
        ie = cfg.ignore_environment as i32,
        verbose = cfg.verbose,
        quiet = cfg.quiet as i32,
        iso = cfg.isolated as i32,
        dev = cfg.dev_mode as i32,
        safe = cfg.safe_path as i32,
        imsd = cfg.int_max_str_digits,
    );
    let code = crate::builtins::compile_source(&src, "<pyrite-boot>", pyrite_compiler::Mode::Exec)?;
    let g = crate::types::dict::new_dict();
    crate::types::dict::as_dict(&g).unwrap().set_str(
        "__builtins__",
        Value::Obj(crate::vm::interp().builtins.clone()),
    );
    crate::types::dict::as_dict(&g)
        .unwrap()
        .set_str("__name__", Value::from("_pyrite_boot"));
    crate::frame::run_code(code.as_obj().unwrap(), g.as_obj().unwrap(), Some(g.clone()))?;
    let _ = Payload::Module(Default::default());
    Ok(())
}
