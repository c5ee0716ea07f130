//! Pyrite's interpreter core: object model, bytecode VM, builtins and native modules.
//!
//! Entry points: [`Interpreter`] (the Rust embedding API) and [`main_with_args`] (what
//! the `pyrite` launcher runs).

pub mod args;
pub mod builtins;
pub mod capi_hooks;
mod cli;
pub mod docs;
pub mod errors;
pub mod format;
pub mod frame;
pub mod fs;
pub mod gc;
pub mod gil;
pub mod import;
pub mod lineedit;
pub mod loader;
pub mod modules;
pub mod object;
pub mod ops;
pub mod types;
pub mod value;
pub mod vm;

pub use cli::main_with_args;
pub use errors::{PyErr, PyResult};
pub use object::ObjRef;
pub use value::Value;

use types::typeobj::{tdata, tflags, BaseKind};
use types::{Payload, Slots};

/// Interpreter options (the `-X`/environment configuration).
#[derive(Clone, Debug)]
pub struct Config {
    pub argv: Vec<String>,
    pub orig_argv: Vec<String>,
    /// `sys.path` entries in front of the standard library.
    pub path: Vec<String>,
    /// Where CPython 3.11's pure-Python standard library lives.
    pub stdlib_dir: Option<String>,
    pub optimize: u32,
    pub write_bytecode: bool,
    pub pycache_prefix: Option<String>,
    pub verbose: u32,
    pub unbuffered: bool,
    pub ignore_environment: bool,
    pub isolated: bool,
    pub no_site: bool,
    pub no_user_site: bool,
    pub inspect: bool,
    pub interactive: bool,
    pub quiet: bool,
    pub dont_write_bytecode: bool,
    pub safe_path: bool,
    pub xoptions: Vec<String>,
    pub warnoptions: Vec<String>,
    pub executable: String,
    pub hash_seed: Option<u64>,
    pub dev_mode: bool,
    pub int_max_str_digits: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            argv: vec![String::new()],
            orig_argv: Vec::new(),
            path: Vec::new(),
            stdlib_dir: None,
            optimize: 0,
            write_bytecode: false,
            pycache_prefix: None,
            verbose: 0,
            unbuffered: false,
            ignore_environment: false,
            isolated: false,
            no_site: true,
            no_user_site: false,
            inspect: false,
            interactive: false,
            quiet: false,
            dont_write_bytecode: true,
            safe_path: false,
            xoptions: Vec::new(),
            warnoptions: Vec::new(),
            executable: String::new(),
            hash_seed: None,
            dev_mode: false,
            int_max_str_digits: 4300,
        }
    }
}

/// Run `f` (a compile) with a large stack so that deeply nested source cannot overflow.
pub fn compile_guarded<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    if stacker::remaining_stack().map_or(false, |r| r > 64 * 1024 * 1024) {
        return f();
    }
    match std::thread::Builder::new()
        .stack_size(512 * 1024 * 1024)
        .spawn(f)
    {
        Ok(h) => match h.join() {
            Ok(v) => v,
            Err(_) => vm::fatal("the compiler panicked"),
        },
        Err(_) => vm::fatal("could not start the compiler thread"),
    }
}

fn bootstrap_types() {
    // `type` and `object` refer to each other: build them by hand.
    let type_dict =
        ObjRef::new_immortal_raw(std::ptr::null(), Payload::Dict(types::dict::PyDict::new()));
    let obj_dict =
        ObjRef::new_immortal_raw(std::ptr::null(), Payload::Dict(types::dict::PyDict::new()));
    let mk_raw = |name: &str, dict: ObjRef, flags: u64, kind: BaseKind| {
        ObjRef::new_immortal_raw(
            std::ptr::null(),
            Payload::Type(Box::new(types::typeobj::TypeData {
                name: std::cell::UnsafeCell::new(name.into()),
                qualname: std::cell::UnsafeCell::new(name.into()),
                bases: std::cell::UnsafeCell::new(Vec::new()),
                mro: std::cell::UnsafeCell::new(Vec::new()),
                dict,
                flags: std::cell::Cell::new(flags),
                base_kind: kind,
                slot_names: std::cell::UnsafeCell::new(Vec::new()),
                version: std::cell::Cell::new(types::typeobj::next_version()),
                subclasses: std::cell::UnsafeCell::new(Vec::new()),
                native: std::cell::Cell::new(std::ptr::null_mut()),
            })),
        )
    };
    let type_ = mk_raw("type", type_dict.clone(), tflags::BASETYPE, BaseKind::Type);
    let object = mk_raw(
        "object",
        obj_dict.clone(),
        tflags::BASETYPE,
        BaseKind::Object,
    );
    object::set_class_raw(&type_, &type_);
    object::set_class_raw(&object, &type_);
    unsafe {
        *tdata(&type_).bases.get() = vec![object.clone()];
        *tdata(&type_).mro.get() = vec![type_.clone(), object.clone()];
        *tdata(&object).mro.get() = vec![object.clone()];
    }
    // dicts need the dict type: create it next, then fix the two dicts' classes
    let mk = |name: &str, base: &ObjRef, flags: u64, kind: BaseKind| -> ObjRef {
        let d =
            ObjRef::new_immortal_raw(std::ptr::null(), Payload::Dict(types::dict::PyDict::new()));
        let t = ObjRef::new_immortal_raw(
            std::ptr::null(),
            Payload::Type(Box::new(types::typeobj::TypeData {
                name: std::cell::UnsafeCell::new(name.into()),
                qualname: std::cell::UnsafeCell::new(name.into()),
                bases: std::cell::UnsafeCell::new(vec![base.clone()]),
                mro: std::cell::UnsafeCell::new(Vec::new()),
                dict: d,
                flags: std::cell::Cell::new(flags),
                base_kind: kind,
                slot_names: std::cell::UnsafeCell::new(Vec::new()),
                version: std::cell::Cell::new(types::typeobj::next_version()),
                subclasses: std::cell::UnsafeCell::new(Vec::new()),
                native: std::cell::Cell::new(std::ptr::null_mut()),
            })),
        );
        object::set_class_raw(&t, &type_);
        let mut mro = vec![t.clone()];
        mro.extend(tdata(base).mro().iter().cloned());
        unsafe { *tdata(&t).mro.get() = mro };
        t
    };
    const B: u64 = tflags::BASETYPE;
    const N: u64 = 0;
    let o = &object;
    let int = mk("int", o, B, BaseKind::Int);
    let dict = mk("dict", o, B | tflags::MAPPING, BaseKind::Dict);
    for d in [&type_dict, &obj_dict] {
        object::set_class_raw(d, &dict);
    }
    let t = types::BuiltinTypes {
        none_type: mk("NoneType", o, N, BaseKind::Other),
        bool: mk("bool", &int, N, BaseKind::Bool),
        float: mk("float", o, B, BaseKind::Float),
        complex: mk("complex", o, B, BaseKind::Complex),
        str: mk("str", o, B, BaseKind::Str),
        bytes: mk("bytes", o, B, BaseKind::Bytes),
        bytearray: mk("bytearray", o, B, BaseKind::ByteArray),
        tuple: mk("tuple", o, B | tflags::SEQUENCE, BaseKind::Tuple),
        list: mk("list", o, B | tflags::SEQUENCE, BaseKind::List),
        set: mk("set", o, B, BaseKind::Set),
        frozenset: mk("frozenset", o, B, BaseKind::FrozenSet),
        range: mk("range", o, tflags::SEQUENCE, BaseKind::Other),
        slice: mk("slice", o, N, BaseKind::Other),
        function: mk("function", o, tflags::HAS_DICT, BaseKind::Function),
        builtin_function: mk("builtin_function_or_method", o, N, BaseKind::Other),
        method_descriptor: mk("method_descriptor", o, N, BaseKind::Other),
        method: mk("method", o, N, BaseKind::Other),
        classmethod: mk("classmethod", o, B | tflags::HAS_DICT, BaseKind::Property),
        staticmethod: mk("staticmethod", o, B | tflags::HAS_DICT, BaseKind::Property),
        property: mk("property", o, B, BaseKind::Property),
        getset_descriptor: mk("getset_descriptor", o, N, BaseKind::Other),
        member_descriptor: mk("member_descriptor", o, N, BaseKind::Other),
        wrapper_descriptor: mk("wrapper_descriptor", o, N, BaseKind::Other),
        classmethod_descriptor: mk("classmethod_descriptor", o, N, BaseKind::Other),
        cell: mk("cell", o, N, BaseKind::Other),
        code: mk("code", o, N, BaseKind::Other),
        frame: mk("frame", o, N, BaseKind::Other),
        generator: mk("generator", o, N, BaseKind::Other),
        coroutine: mk("coroutine", o, N, BaseKind::Other),
        async_generator: mk("async_generator", o, N, BaseKind::Other),
        module: mk("module", o, B | tflags::HAS_DICT, BaseKind::Module),
        traceback: mk("traceback", o, N, BaseKind::Other),
        not_implemented_type: mk("NotImplementedType", o, N, BaseKind::Other),
        ellipsis_type: mk("ellipsis", o, N, BaseKind::Other),
        super_: mk("super", o, B, BaseKind::Other),
        dict_keys: mk("dict_keys", o, N, BaseKind::Other),
        dict_values: mk("dict_values", o, N, BaseKind::Other),
        dict_items: mk("dict_items", o, N, BaseKind::Other),
        dict_keyiterator: mk("dict_keyiterator", o, N, BaseKind::Other),
        dict_valueiterator: mk("dict_valueiterator", o, N, BaseKind::Other),
        dict_itemiterator: mk("dict_itemiterator", o, N, BaseKind::Other),
        list_iterator: mk("list_iterator", o, N, BaseKind::Other),
        list_reverseiterator: mk("list_reverseiterator", o, N, BaseKind::Other),
        tuple_iterator: mk("tuple_iterator", o, N, BaseKind::Other),
        str_iterator: mk("str_ascii_iterator", o, N, BaseKind::Other),
        bytes_iterator: mk("bytes_iterator", o, N, BaseKind::Other),
        bytearray_iterator: mk("bytearray_iterator", o, N, BaseKind::Other),
        range_iterator: mk("range_iterator", o, N, BaseKind::Other),
        set_iterator: mk("set_iterator", o, N, BaseKind::Other),
        iterator: mk("iterator", o, N, BaseKind::Other),
        callable_iterator: mk("callable_iterator", o, N, BaseKind::Other),
        enumerate: mk("enumerate", o, B, BaseKind::Other),
        zip: mk("zip", o, B, BaseKind::Other),
        map: mk("map", o, B, BaseKind::Other),
        filter: mk("filter", o, B, BaseKind::Other),
        reversed: mk("reversed", o, B, BaseKind::Other),
        mappingproxy: mk("mappingproxy", o, N, BaseKind::Other),
        memoryview: mk("memoryview", o, tflags::SEQUENCE, BaseKind::Other),
        simple_namespace: mk("SimpleNamespace", o, B | tflags::HAS_DICT, BaseKind::Object),
        weakref: mk("weakref", o, B, BaseKind::Other),
        coroutine_wrapper: mk("coroutine_wrapper", o, N, BaseKind::Other),
        async_gen_asend: mk("async_generator_asend", o, N, BaseKind::Other),
        async_gen_athrow: mk("async_generator_athrow", o, N, BaseKind::Other),
        generic_alias: mk("GenericAlias", o, B, BaseKind::Other),
        union_type: mk("UnionType", o, N, BaseKind::Other),
        method_wrapper: mk("method-wrapper", o, N, BaseKind::Other),
        instancemethod: mk("instancemethod", o, N, BaseKind::Other),
        type_,
        object,
        int,
        dict,
    };
    types::set_types(t);
    let t = types::types();
    for ty in all_builtin_types() {
        types::typeobj::link_subclass(&ty);
        let d = &tdata(&ty).dict;
        if d.class_ptr().is_null() {
            object::set_class_raw(d, &t.dict);
        }
    }
    // module names of types that live in other modules
    for (ty, m) in [
        (&t.simple_namespace, "types"),
        (&t.generic_alias, "types"),
        (&t.union_type, "types"),
    ] {
        tdata(ty).dict().set_str("__module__", Value::from(m));
    }
    let _ = Slots::empty();
}

/// Every builtin type object (for registration and census).
pub fn all_builtin_types() -> Vec<ObjRef> {
    let t = types::types();
    vec![
        t.type_.clone(),
        t.object.clone(),
        t.none_type.clone(),
        t.bool.clone(),
        t.int.clone(),
        t.float.clone(),
        t.complex.clone(),
        t.str.clone(),
        t.bytes.clone(),
        t.bytearray.clone(),
        t.tuple.clone(),
        t.list.clone(),
        t.dict.clone(),
        t.set.clone(),
        t.frozenset.clone(),
        t.range.clone(),
        t.slice.clone(),
        t.function.clone(),
        t.builtin_function.clone(),
        t.method_descriptor.clone(),
        t.method.clone(),
        t.classmethod.clone(),
        t.staticmethod.clone(),
        t.property.clone(),
        t.getset_descriptor.clone(),
        t.member_descriptor.clone(),
        t.wrapper_descriptor.clone(),
        t.classmethod_descriptor.clone(),
        t.cell.clone(),
        t.code.clone(),
        t.frame.clone(),
        t.generator.clone(),
        t.coroutine.clone(),
        t.async_generator.clone(),
        t.module.clone(),
        t.traceback.clone(),
        t.not_implemented_type.clone(),
        t.ellipsis_type.clone(),
        t.super_.clone(),
        t.dict_keys.clone(),
        t.dict_values.clone(),
        t.dict_items.clone(),
        t.dict_keyiterator.clone(),
        t.dict_valueiterator.clone(),
        t.dict_itemiterator.clone(),
        t.list_iterator.clone(),
        t.list_reverseiterator.clone(),
        t.tuple_iterator.clone(),
        t.str_iterator.clone(),
        t.bytes_iterator.clone(),
        t.bytearray_iterator.clone(),
        t.range_iterator.clone(),
        t.set_iterator.clone(),
        t.iterator.clone(),
        t.callable_iterator.clone(),
        t.enumerate.clone(),
        t.zip.clone(),
        t.map.clone(),
        t.filter.clone(),
        t.reversed.clone(),
        t.mappingproxy.clone(),
        t.memoryview.clone(),
        t.simple_namespace.clone(),
        t.weakref.clone(),
        t.coroutine_wrapper.clone(),
        t.async_gen_asend.clone(),
        t.async_gen_athrow.clone(),
        t.generic_alias.clone(),
        t.union_type.clone(),
        t.method_wrapper.clone(),
        t.instancemethod.clone(),
    ]
}

static INIT_DONE: gil::GilCell<bool> = gil::GilCell::new(false);

/// Create the interpreter (once per process).
pub fn init(config: Config) -> PyResult<()> {
    if *INIT_DONE.get() {
        return Ok(());
    }
    *INIT_DONE.get() = true;
    types::str::init_hash_seed(config.hash_seed.unwrap_or(0));
    vm::set_thread();
    bootstrap_types();
    types::str::init_char_cache();
    let t = types::types();
    types::misc::init_singletons();
    types::exceptions::init_hierarchy();
    // methods of the builtin types
    types::typeobj::init_type(&t.type_);
    types::misc::init_object(&t.object);
    types::misc::init_none(&t.none_type);
    types::int::init_int(&t.int);
    types::int::init_bool(&t.bool);
    types::float::init_float(&t.float);
    types::complex::init(&t.complex);
    modules::strmethods::init(&t.str);
    types::bytes::init_bytes(&t.bytes);
    types::bytes::init_bytearray(&t.bytearray);
    types::tuple::init(&t.tuple);
    types::list::init(&t.list);
    types::dict::init(&t.dict);
    types::set::init_set(&t.set);
    types::set::init_frozenset(&t.frozenset);
    types::range::init(&t.range);
    types::function::init_function(&t.function);
    types::function::init_builtin_function(&t.builtin_function);
    types::function::init_method_descriptor(&t.method_descriptor);
    types::function::init_method_descriptor(&t.classmethod_descriptor);
    types::function::init_method(&t.method);
    types::descr::init_getset(&t.getset_descriptor);
    types::descr::init_getset(&t.member_descriptor);
    types::descr::init_property(&t.property);
    types::descr::init_classmethod(&t.classmethod);
    types::descr::init_staticmethod(&t.staticmethod);
    types::code::init(&t.code);
    types::module::init(&t.module);
    types::exceptions::init_traceback_type(&t.traceback);
    types::iter::init_all();
    types::generator::init_types();
    types::misc::init_singleton_types();
    modules::frameobj::init(&t.frame);
    for ty in all_builtin_types() {
        let name = tdata(&ty).name().to_string();
        if let Some((_, doc)) = docs::BUILTIN_TYPES.iter().find(|(n, _)| *n == name) {
            if tdata(&ty)
                .dict()
                .get_str_key("__doc__")
                .map_or(true, |d| d.is_none())
            {
                tdata(&ty).dict().set_str("__doc__", Value::from(*doc));
            }
        }
        if tdata(&ty).dict().get_str_key("__doc__").is_none() {
            tdata(&ty).dict().set_str("__doc__", Value::None);
        }
        types::typeobj::update_dunder_flags(&ty);
        ty.make_immortal();
        tdata(&ty).set_flag(tflags::IMMUTABLE, true);
    }
    for (_, ty) in types::exceptions::all_exceptions() {
        types::typeobj::update_dunder_flags(&ty);
    }
    modules::init_interp(config)?;
    Ok(())
}

/// The Rust embedding API: one interpreter per process.
pub struct Interpreter {
    _private: (),
}

impl Interpreter {
    /// Start the interpreter with `config` (embedders get `write_bytecode: false`).
    pub fn new(config: Config) -> PyResult<Interpreter> {
        init(config)?;
        Ok(Interpreter { _private: () })
    }
    /// Start the interpreter on the file system `fs` (see [`fs`]: `HostFs`, `ReadOnlyFs`,
    /// `NoIoFs`, `MemFs`, or the embedder's own).
    pub fn with_filesystem(
        config: Config,
        fs: std::sync::Arc<dyn fs::FileSystem>,
    ) -> PyResult<Interpreter> {
        fs::set_filesystem(fs);
        Interpreter::new(config)
    }
    /// Run source code as the `__main__` module; returns its namespace dict.
    pub fn run(&self, source: &str) -> PyResult<Value> {
        let code = builtins::compile_source(source, "<string>", pyrite_compiler::Mode::Exec)?;
        let main = modules::main_dict();
        frame::run_code(
            code.as_obj().unwrap(),
            &main,
            Some(Value::Obj(main.clone())),
        )?;
        Ok(Value::Obj(main))
    }
    /// Evaluate an expression in `__main__`.
    pub fn eval(&self, source: &str) -> PyResult<Value> {
        let code = builtins::compile_source(source, "<string>", pyrite_compiler::Mode::Eval)?;
        let main = modules::main_dict();
        frame::run_code(
            code.as_obj().unwrap(),
            &main,
            Some(Value::Obj(main.clone())),
        )
    }
    /// Look up a global of `__main__`.
    pub fn get(&self, name: &str) -> Option<Value> {
        types::dict::obj_dict(&modules::main_dict()).get_str_key(name)
    }
    /// Call a callable.
    pub fn call(&self, f: &Value, args: &[Value]) -> PyResult<Value> {
        ops::call::call(f, args, None)
    }
    /// Import a module.
    pub fn import(&self, name: &str) -> PyResult<Value> {
        import::import_module_level(&Value::from(name), Value::None, Value::None, 0).and_then(
            |_| {
                modules::sys::get_module(name).ok_or_else(|| errors::runtime_error("import failed"))
            },
        )
    }
    /// Provide module `name` as source text (found before `sys.path`; with the no-I/O
    /// file system, the only importable modules besides the built-in ones).
    pub fn add_module(&self, name: &str, source: &str) {
        import::add_memory_module(name, source, false)
    }
    /// Provide package `name` (its `__init__` source); submodules are added with
    /// [`Interpreter::add_module`] as `name.sub`.
    pub fn add_package(&self, name: &str, init_source: &str) {
        import::add_memory_module(name, init_source, true)
    }
    /// `str(v)` as a Rust string.
    pub fn to_string(&self, v: &Value) -> PyResult<String> {
        ops::to_str(v)
    }
    /// Format an exception as CPython prints it (traceback included).
    pub fn format_exception(&self, e: &PyErr) -> String {
        modules::traceback_fmt::format_exception(&e.value())
    }
}
