//! Calling objects: Python functions (argument binding into a new frame), native
//! functions, bound methods, types and `__call__`.

use crate::errors::*;
use crate::frame::{acquire_frame, frame_mut, release_frame, run_frame, Exit, Frame};
use crate::object::ObjRef;
use crate::types::function::{Kw, PyFunction};
use crate::types::{types, Payload};
use crate::value::Value;
use pyrite_compiler::code::flags;

/// Run `f` on `[first, *args]` without a heap allocation for short argument lists.
#[inline]
pub fn with_first<R>(first: &Value, args: &[Value], f: impl FnOnce(&[Value]) -> R) -> R {
    const N: usize = 8;
    if args.len() < N {
        // only the slots in use are written and dropped
        struct Buf {
            v: [std::mem::MaybeUninit<Value>; N],
            n: usize,
        }
        impl Drop for Buf {
            fn drop(&mut self) {
                for slot in &mut self.v[..self.n] {
                    // SAFETY: the first n slots were initialised
                    unsafe { slot.assume_init_drop() };
                }
            }
        }
        let mut buf = Buf {
            v: [const { std::mem::MaybeUninit::uninit() }; N],
            n: 0,
        };
        buf.v[0].write(first.clone());
        buf.n = 1;
        for a in args {
            buf.v[buf.n].write(a.clone());
            buf.n += 1;
        }
        // SAFETY: slots 0..n are initialised values
        let full = unsafe { std::slice::from_raw_parts(buf.v.as_ptr() as *const Value, buf.n) };
        f(full)
    } else {
        let mut full = Vec::with_capacity(args.len() + 1);
        full.push(first.clone());
        full.extend_from_slice(args);
        f(&full)
    }
}

/// `callable(*args, **kw)` in vectorcall form (see `types::function`).
pub fn call(callable: &Value, args: &[Value], kw: Kw) -> PyResult<Value> {
    let kw = match kw {
        Some(k) if k.is_empty() => None,
        k => k,
    };
    if let Value::Obj(o) = callable {
        match o.payload() {
            Payload::Function(f) => return call_function(o, f, args, kw),
            Payload::Builtin(b) => {
                return match &b.self_ {
                    None => (b.f)(args, kw),
                    Some(s) => with_first(s, args, |full| (b.f)(full, kw)),
                };
            }
            Payload::MethodDescr(m) => {
                let nkw = kw.map_or(0, |k| k.len());
                if args.len() <= nkw {
                    return Err(type_error(format!(
                        "unbound method {}.{}() needs an argument",
                        crate::types::typeobj::type_name(&m.objclass),
                        m.name
                    )));
                }
                if m.kind == crate::types::function::MethKind::Method
                    && !crate::types::typeobj::isinstance(&args[0], &m.objclass)
                {
                    return Err(type_error(format!(
                        "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                        m.name,
                        crate::types::typeobj::type_name(&m.objclass),
                        args[0].type_name()
                    )));
                }
                return (m.f)(args, kw);
            }
            Payload::BoundMethod(b) => {
                return with_first(&b.self_, args, |full| call(&b.func, full, kw));
            }
            Payload::Type(_) if o.class_ref().is(&types().type_) => {
                return crate::types::typeobj::call_type(o, args, kw);
            }
            _ => {}
        }
    }
    match crate::types::typeobj::lookup(callable.class_ref(), crate::name!("__call__")) {
        Some(f) => {
            // `__call__` may itself be a callable instance (`A.__call__ = A()`): this
            // recursion makes no frames, so it counts against the recursion limit here
            let _depth = NativeDepth::enter()?;
            match f.payload() {
                // functions and method descriptors: bind by passing the instance
                Some(Payload::Function(_)) => with_first(callable, args, |full| call(&f, full, kw)),
                Some(Payload::MethodDescr(m))
                    if m.kind == crate::types::function::MethKind::Method =>
                {
                    with_first(callable, args, |full| call(&f, full, kw))
                }
                _ => {
                    if crate::ops::attr::has_get(&f) {
                        let bound = crate::ops::attr::call_get(
                            &f,
                            callable.clone(),
                            Value::Obj(callable.class()),
                        )?;
                        call(&bound, args, kw)
                    } else {
                        // not a descriptor (`__call__ = dict`): called as it is
                        call(&f, args, kw)
                    }
                }
            }
        }
        None => Err(type_error(format!(
            "'{}' object is not callable",
            callable.type_name()
        ))),
    }
}

/// `f.__qualname__ + "()"` for error messages.
pub fn callable_name(f: &Value) -> String {
    match f.payload() {
        Some(Payload::Function(func)) => {
            let q = crate::types::str::as_str(unsafe { &*func.qualname.get() })
                .unwrap_or("?")
                .to_string();
            match crate::types::str::as_str(unsafe { &*func.module.get() }) {
                Some(m) if m != "builtins" => format!("{}.{}()", m, q),
                _ => format!("{}()", q),
            }
        }
        Some(Payload::Builtin(b)) => format!("{}()", b.name),
        Some(Payload::BoundMethod(b)) => callable_name(&b.func),
        Some(Payload::Type(t)) => format!("{}()", t.name()),
        _ => format!("{} object", f.type_name()),
    }
}

fn qualname(f: &PyFunction) -> String {
    crate::types::str::as_str(unsafe { &*f.qualname.get() })
        .unwrap_or("?")
        .to_string()
}

/// Bind arguments and run a Python function.
pub fn call_function(fo: &ObjRef, f: &PyFunction, args: &[Value], kw: Kw) -> PyResult<Value> {
    let code = f.code();
    let co = &code.code;
    let is_gen = co.flags & (flags::GENERATOR | flags::COROUTINE | flags::ASYNC_GENERATOR) != 0;
    let fobj = acquire_frame(f.code_obj(), &f.globals, &f.builtins);
    let frame = frame_mut(&fobj);
    let argcount = co.argcount as usize;
    let nkw = kw.map_or(0, |k| k.len());
    let npos = args.len() - nkw;
    let simple = nkw == 0
        && npos == argcount
        && co.flags & (flags::VARARGS | flags::VARKEYWORDS) == 0
        && co.kwonlyargcount == 0;
    if simple {
        for (slot, a) in frame.fast.iter_mut().zip(args) {
            *slot = Some(a.clone());
        }
    } else if let Err(e) = bind_args(fo, f, frame, args, kw) {
        release_frame(fobj);
        return Err(e);
    }
    // cells
    let ncells = code.ncells;
    if ncells > 0 || code.nfrees > 0 {
        frame.cells.reserve(ncells + code.nfrees);
        for _ in 0..ncells {
            frame.cells.push(crate::types::misc::new_cell(None));
        }
        if let Some(cl) = &f.closure {
            if let Some(items) = crate::types::tuple::obj_tuple(cl) {
                for c in items {
                    if let Value::Obj(c) = c {
                        frame.cells.push(c.clone());
                    }
                }
            }
        }
    }
    if is_gen {
        let name = unsafe { (*f.name.get()).clone() };
        let qn = unsafe { (*f.qualname.get()).clone() };
        return Ok(crate::types::generator::new_generator(
            fobj, co.flags, name, qn,
        ));
    }
    let r = run_frame(&fobj);
    release_frame(fobj);
    match r? {
        Exit::Return(v) => Ok(v),
        Exit::Yield(_) => Err(runtime_error("unexpected yield")),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{} {}", n, word)
    } else {
        format!("{} {}s", n, word)
    }
}

fn names_list(names: &[String]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{}'", n)).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        _ => format!("{}, and {}", q[..q.len() - 1].join(", "), q[q.len() - 1]),
    }
}

fn bind_args(
    _fo: &ObjRef,
    f: &PyFunction,
    frame: &mut Frame,
    args: &[Value],
    kw: Kw,
) -> PyResult<()> {
    let code = f.code();
    let co = &code.code;
    let argcount = co.argcount as usize;
    let posonly = co.posonlyargcount as usize;
    let kwonly = co.kwonlyargcount as usize;
    let has_varargs = co.flags & flags::VARARGS != 0;
    let has_varkw = co.flags & flags::VARKEYWORDS != 0;
    let nkw = kw.map_or(0, |k| k.len());
    let npos = args.len() - nkw;
    let name = qualname(f);
    let total = argcount + kwonly;
    // positional
    let n = npos.min(argcount);
    for i in 0..n {
        frame.fast[i] = Some(args[i].clone());
    }
    let varkw_dict = if has_varkw {
        let d = crate::types::dict::new_dict();
        let idx = total + has_varargs as usize;
        frame.fast[idx] = Some(d.clone());
        Some(d)
    } else {
        None
    };
    if has_varargs {
        let extra: Vec<Value> = if npos > argcount {
            args[argcount..npos].to_vec()
        } else {
            Vec::new()
        };
        frame.fast[total] = Some(crate::types::tuple::new_tuple(extra));
    } else if npos > argcount {
        let defaults = f.defaults().map_or(0, |d| d.len());
        // count keyword-only args given
        let kwonly_given = kw.map_or(0, |k| {
            k.iter()
                .filter(|n| {
                    let s = crate::types::str::as_str(n).unwrap_or("");
                    co.varnames[argcount..total].iter().any(|v| &**v == s)
                })
                .count()
        });
        let takes = if defaults > 0 {
            format!(
                "from {} to {} positional arguments",
                argcount - defaults,
                argcount
            )
        } else {
            format!(
                "{} positional argument{}",
                argcount,
                if argcount == 1 { "" } else { "s" }
            )
        };
        let given = if kwonly_given > 0 {
            format!(
                "{} positional argument{} (and {} keyword-only argument{})",
                npos,
                if npos == 1 { "" } else { "s" },
                kwonly_given,
                if kwonly_given == 1 { "" } else { "s" }
            )
        } else {
            format!("{}", npos)
        };
        let verb = if npos == 1 && kwonly_given == 0 {
            "was"
        } else {
            "were"
        };
        return Err(type_error(format!(
            "{}() takes {} but {} {} given",
            name, takes, given, verb
        )));
    }
    // keywords
    if let Some(names) = kw {
        let mut posonly_as_kw: Vec<String> = Vec::new();
        for (i, kname) in names.iter().enumerate() {
            let val = args[npos + i].clone();
            let ks = match crate::types::str::as_str(kname) {
                Some(s) => s,
                None => return Err(type_error(format!("{}() keywords must be strings", name))),
            };
            let mut found = None;
            for (j, vn) in co.varnames[posonly..total].iter().enumerate() {
                if &**vn == ks {
                    found = Some(posonly + j);
                    break;
                }
            }
            match found {
                Some(j) => {
                    if frame.fast[j].is_some() {
                        return Err(type_error(format!(
                            "{}() got multiple values for argument '{}'",
                            name, ks
                        )));
                    }
                    frame.fast[j] = Some(val);
                }
                None => match &varkw_dict {
                    Some(d) => {
                        crate::types::dict::as_dict(d)
                            .unwrap()
                            .set_item(kname.clone(), val)?;
                    }
                    None => {
                        if co.varnames[..posonly].iter().any(|v| &**v == ks) {
                            posonly_as_kw.push(ks.to_string());
                            continue;
                        }
                        return Err(type_error(format!(
                            "{}() got an unexpected keyword argument '{}'",
                            name, ks
                        )));
                    }
                },
            }
        }
        if !posonly_as_kw.is_empty() {
            return Err(type_error(format!(
                "{}() got some positional-only arguments passed as keyword arguments: '{}'",
                name,
                posonly_as_kw.join(", ")
            )));
        }
    }
    // defaults for positional
    if npos < argcount {
        let defaults = f.defaults().unwrap_or(&[]);
        let first_default = argcount - defaults.len();
        let mut missing = Vec::new();
        for i in npos..argcount {
            if frame.fast[i].is_none() {
                if i >= first_default {
                    frame.fast[i] = Some(defaults[i - first_default].clone());
                } else {
                    missing.push(co.varnames[i].to_string());
                }
            }
        }
        if !missing.is_empty() {
            return Err(type_error(format!(
                "{}() missing {} required positional argument{}: {}",
                name,
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                names_list(&missing)
            )));
        }
    }
    // keyword-only defaults
    if kwonly > 0 {
        let mut missing = Vec::new();
        for i in argcount..total {
            if frame.fast[i].is_none() {
                let vn = &co.varnames[i];
                let d = f.kwdefaults().and_then(|d| d.get_str_key(vn));
                match d {
                    Some(v) => frame.fast[i] = Some(v),
                    None => missing.push(vn.to_string()),
                }
            }
        }
        if !missing.is_empty() {
            return Err(type_error(format!(
                "{}() missing {} required keyword-only argument{}: {}",
                name,
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                names_list(&missing)
            )));
        }
    }
    let _ = plural;
    Ok(())
}

thread_local! {
    static NATIVE_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// A level of Rust recursion that runs no Python frame (CPython's
/// `Py_EnterRecursiveCall`): together with the frames it may not exceed the recursion
/// limit.
pub struct NativeDepth;

impl NativeDepth {
    pub fn enter() -> PyResult<NativeDepth> {
        NativeDepth::enter_for(" while calling a Python object")
    }
    /// As [`NativeDepth::enter`], with CPython's wording of where the limit was hit.
    pub fn enter_for(what: &str) -> PyResult<NativeDepth> {
        let d = NATIVE_DEPTH.with(|c| c.get());
        let t = crate::vm::thread();
        if d + t.frames.len() as u32 >= t.recursion_limit {
            return Err(PyErr::new(
                &crate::types::exceptions::exc().recursion_error,
                format!("maximum recursion depth exceeded{what}"),
            ));
        }
        NATIVE_DEPTH.with(|c| c.set(d + 1));
        Ok(NativeDepth)
    }
}

impl Drop for NativeDepth {
    fn drop(&mut self) {
        NATIVE_DEPTH.with(|c| c.set(c.get().saturating_sub(1)));
    }
}

/// How CPython names a callable in argument errors (`_PyObject_FunctionStr`):
/// `module.qualname` (just `qualname` for builtins), else `TYPE object`.
pub fn function_str(f: &Value) -> String {
    let qual = match crate::ops::attr::getattr_opt(f, "__qualname__") {
        Ok(Some(q)) => crate::types::str::as_str(&q).map(str::to_owned),
        _ => None,
    };
    let Some(qual) = qual else {
        return format!("{} object", f.type_name());
    };
    match crate::ops::attr::getattr_opt(f, "__module__") {
        Ok(Some(m)) => match crate::types::str::as_str(&m) {
            Some(m) if m != "builtins" => format!("{m}.{qual}"),
            _ => qual,
        },
        _ => qual,
    }
}
