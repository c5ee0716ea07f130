//! The builtin exception hierarchy, exception objects, tracebacks, and helpers for
//! `raise`, `except`, `except*` and exception groups.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::typeobj::{
    add_getset, add_method, add_staticmethod, new_type_raw, tdata, tflags, BaseKind,
};
use crate::types::{types, Payload};
use crate::value::Value;
use std::cell::UnsafeCell;

pub struct PyException {
    pub args: UnsafeCell<Value>,
    pub traceback: UnsafeCell<Option<Value>>,
    pub cause: UnsafeCell<Option<Value>>,
    pub context: UnsafeCell<Option<Value>>,
    pub suppress_context: std::cell::Cell<bool>,
}

impl PyException {
    pub fn new(args: Value) -> PyException {
        PyException {
            args: UnsafeCell::new(args),
            traceback: UnsafeCell::new(None),
            cause: UnsafeCell::new(None),
            context: UnsafeCell::new(None),
            suppress_context: std::cell::Cell::new(false),
        }
    }
    pub fn args(&self) -> Value {
        unsafe { (*self.args.get()).clone() }
    }
    pub fn traceback(&self) -> Option<Value> {
        unsafe { (*self.traceback.get()).clone() }
    }
    pub fn set_traceback(&self, tb: Option<Value>) {
        let old = unsafe { std::mem::replace(&mut *self.traceback.get(), tb) };
        drop(old);
    }
    pub fn cause(&self) -> Option<Value> {
        unsafe { (*self.cause.get()).clone() }
    }
    pub fn context(&self) -> Option<Value> {
        unsafe { (*self.context.get()).clone() }
    }
    pub fn set_cause(&self, v: Option<Value>) {
        let old = unsafe { std::mem::replace(&mut *self.cause.get(), v) };
        drop(old);
    }
    pub fn set_context(&self, v: Option<Value>) {
        let old = unsafe { std::mem::replace(&mut *self.context.get(), v) };
        drop(old);
    }
}

pub struct PyTraceback {
    pub next: UnsafeCell<Option<Value>>,
    pub frame: ObjRef,
    pub lasti: usize,
    pub lineno: u32,
}

macro_rules! exc_types {
    ($base:ident; $( $field:ident : $name:literal < $parent:ident ),* $(,)?) => {
        pub struct ExcTypes {
            pub $base: ObjRef,
            $(pub $field: ObjRef,)*
        }
        fn build_exc_types(base: ObjRef) -> ExcTypes {
            let $base = base;
            $(
                let $field = make_exc_type($name, &$parent);
            )*
            ExcTypes { $base, $($field,)* }
        }
        fn exc_list(e: &ExcTypes) -> Vec<(&'static str, ObjRef)> {
            vec![("BaseException", e.$base.clone()), $(($name, e.$field.clone()),)*]
        }
    };
}

exc_types!(
    base_exception;
    base_exception_group: "BaseExceptionGroup" < base_exception,
    system_exit: "SystemExit" < base_exception,
    keyboard_interrupt: "KeyboardInterrupt" < base_exception,
    generator_exit: "GeneratorExit" < base_exception,
    exception: "Exception" < base_exception,
    stop_iteration: "StopIteration" < exception,
    stop_async_iteration: "StopAsyncIteration" < exception,
    arithmetic_error: "ArithmeticError" < exception,
    floating_point_error: "FloatingPointError" < arithmetic_error,
    overflow_error: "OverflowError" < arithmetic_error,
    zero_division_error: "ZeroDivisionError" < arithmetic_error,
    assertion_error: "AssertionError" < exception,
    attribute_error: "AttributeError" < exception,
    buffer_error: "BufferError" < exception,
    eof_error: "EOFError" < exception,
    exception_group: "ExceptionGroup" < base_exception_group,
    import_error: "ImportError" < exception,
    module_not_found_error: "ModuleNotFoundError" < import_error,
    lookup_error: "LookupError" < exception,
    index_error: "IndexError" < lookup_error,
    key_error: "KeyError" < lookup_error,
    memory_error: "MemoryError" < exception,
    name_error: "NameError" < exception,
    unbound_local_error: "UnboundLocalError" < name_error,
    os_error: "OSError" < exception,
    blocking_io_error: "BlockingIOError" < os_error,
    child_process_error: "ChildProcessError" < os_error,
    connection_error: "ConnectionError" < os_error,
    broken_pipe_error: "BrokenPipeError" < connection_error,
    connection_aborted_error: "ConnectionAbortedError" < connection_error,
    connection_refused_error: "ConnectionRefusedError" < connection_error,
    connection_reset_error: "ConnectionResetError" < connection_error,
    file_exists_error: "FileExistsError" < os_error,
    file_not_found_error: "FileNotFoundError" < os_error,
    interrupted_error: "InterruptedError" < os_error,
    is_a_directory_error: "IsADirectoryError" < os_error,
    not_a_directory_error: "NotADirectoryError" < os_error,
    permission_error: "PermissionError" < os_error,
    process_lookup_error: "ProcessLookupError" < os_error,
    timeout_error: "TimeoutError" < os_error,
    reference_error: "ReferenceError" < exception,
    runtime_error: "RuntimeError" < exception,
    not_implemented_error: "NotImplementedError" < runtime_error,
    recursion_error: "RecursionError" < runtime_error,
    syntax_error: "SyntaxError" < exception,
    indentation_error: "IndentationError" < syntax_error,
    tab_error: "TabError" < indentation_error,
    system_error: "SystemError" < exception,
    type_error: "TypeError" < exception,
    value_error: "ValueError" < exception,
    unicode_error: "UnicodeError" < value_error,
    unicode_decode_error: "UnicodeDecodeError" < unicode_error,
    unicode_encode_error: "UnicodeEncodeError" < unicode_error,
    unicode_translate_error: "UnicodeTranslateError" < unicode_error,
    warning: "Warning" < exception,
    deprecation_warning: "DeprecationWarning" < warning,
    pending_deprecation_warning: "PendingDeprecationWarning" < warning,
    runtime_warning: "RuntimeWarning" < warning,
    syntax_warning: "SyntaxWarning" < warning,
    user_warning: "UserWarning" < warning,
    future_warning: "FutureWarning" < warning,
    import_warning: "ImportWarning" < warning,
    unicode_warning: "UnicodeWarning" < warning,
    bytes_warning: "BytesWarning" < warning,
    resource_warning: "ResourceWarning" < warning,
    encoding_warning: "EncodingWarning" < warning,
);

fn make_exc_type(name: &str, parent: &ObjRef) -> ObjRef {
    let t = types();
    let dict = crate::types::dict::new_dict();
    let ty = new_type_raw(
        &t.type_,
        name,
        vec![parent.clone()],
        dict.as_obj().unwrap().clone(),
        tflags::BASETYPE | tflags::HAS_DICT | tflags::EXCEPTION | tflags::HAS_WEAKREF,
        BaseKind::Exception,
    );
    let mut mro = vec![ty.clone()];
    mro.extend(tdata(parent).mro().iter().cloned());
    unsafe { *tdata(&ty).mro.get() = mro };
    crate::types::typeobj::link_subclass(&ty);
    ty.make_immortal();
    ty
}

static EXC: crate::gil::GilCell<Option<ExcTypes>> = crate::gil::GilCell::new(None);

#[inline(always)]
pub fn exc() -> &'static ExcTypes {
    EXC.get().as_ref().unwrap()
}

pub fn all_exceptions() -> Vec<(&'static str, ObjRef)> {
    exc_list(exc())
}

pub fn new_exception(ty: &ObjRef, args: Vec<Value>) -> ObjRef {
    let args = crate::types::tuple::new_tuple(args);
    let e = ObjRef::new(
        ty,
        Payload::Exception(Box::new(PyException::new(args.clone()))),
    );
    // subclass-specific attributes
    init_special_attrs(&e, ty, &args);
    e
}

pub fn as_exc(v: &Value) -> Option<&PyException> {
    match v.payload() {
        Some(Payload::Exception(e)) => Some(e),
        _ => None,
    }
}

fn this(v: &Value) -> PyResult<&PyException> {
    as_exc(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'BaseException' object but received '{}'",
            v.type_name()
        ))
    })
}

pub fn get_traceback(v: &Value) -> Value {
    as_exc(v).and_then(|e| e.traceback()).unwrap_or(Value::None)
}

/// Turn the operand of `raise X [from Y]` into an exception instance.
pub fn make_raisable(e: Value, cause: Option<Value>) -> PyResult<PyErr> {
    let inst = if crate::types::typeobj::is_type(&e) {
        let t = e.as_obj().unwrap();
        if !crate::types::typeobj::is_subtype(t, &exc().base_exception) {
            return Err(type_error("exceptions must derive from BaseException"));
        }
        let v = crate::ops::call::call(&e, &[], None)?;
        if as_exc(&v).is_none() {
            return Err(type_error(format!(
                "calling {} should have returned an instance of BaseException, not {}",
                crate::ops::repr(&e)?,
                v.type_name()
            )));
        }
        v
    } else if as_exc(&e).is_some() {
        e
    } else {
        return Err(type_error("exceptions must derive from BaseException"));
    };
    if let Some(c) = cause {
        let cv = if c.is_none() {
            None
        } else if crate::types::typeobj::is_type(&c)
            && crate::types::typeobj::is_subtype(c.as_obj().unwrap(), &exc().base_exception)
        {
            Some(crate::ops::call::call(&c, &[], None)?)
        } else if as_exc(&c).is_some() {
            Some(c)
        } else {
            return Err(type_error(
                "exception causes must derive from BaseException",
            ));
        };
        let ex = as_exc(&inst).unwrap();
        ex.set_cause(cv);
        ex.suppress_context.set(true);
    }
    Ok(PyErr(inst.as_obj().unwrap().clone()))
}

/// Chain `err` to the exception being handled (`__context__`), avoiding cycles.
pub fn set_context_from(err: &PyErr, handled: Option<&Value>) {
    let Some(h) = handled else { return };
    let ev = err.value();
    if h.is(&ev) {
        return;
    }
    let Some(e) = as_exc(&ev) else { return };
    if e.context().is_some() {
        return;
    }
    // break cycles: if err is already in h's context chain, cut it there
    let mut cur = h.clone();
    let mut depth = 0;
    while let Some(ce) = as_exc(&cur) {
        match ce.context() {
            Some(next) => {
                if next.is(&ev) {
                    ce.set_context(None);
                    break;
                }
                cur = next;
            }
            None => break,
        }
        depth += 1;
        if depth > 10000 {
            break;
        }
    }
    e.set_context(Some(h.clone()));
}

/// Add a traceback entry for `frame` at instruction `lasti`.
pub fn add_traceback(err: &PyErr, frame: &ObjRef, lasti: usize) {
    let ev = err.value();
    let Some(e) = as_exc(&ev) else { return };
    let lineno = crate::frame::frame_mut(frame).pycode().code.line_of(lasti);
    let tb = ObjRef::new(
        &types().traceback,
        Payload::Traceback(Box::new(PyTraceback {
            next: UnsafeCell::new(e.traceback()),
            frame: frame.clone(),
            lasti,
            lineno,
        })),
    );
    e.set_traceback(Some(Value::Obj(tb)));
}

pub fn add_note(e: &ObjRef, note: &str) {
    let v = Value::Obj(e.clone());
    let notes = match crate::ops::attr::getattr_opt(&v, "__notes__") {
        Ok(Some(n)) => n,
        _ => {
            let l = crate::types::list::new_list(vec![]);
            let _ = crate::ops::attr::setattr(&v, "__notes__", l.clone());
            l
        }
    };
    if let Some(l) = crate::types::list::as_list(&notes) {
        l.push(Value::from(note));
    }
}

/// Record `name`/`obj` on an AttributeError (3.10+ attributes used for suggestions).
pub fn set_attribute_error_context(e: &PyErr, obj: &Value, name: &ObjRef) {
    if let Some(d) =
        e.0.dict()
            .or_else(|| Some(crate::ops::attr::instance_dict(&e.0)))
    {
        let dd = crate::types::dict::obj_dict(&d);
        dd.set_str("name", Value::Obj(name.clone()));
        dd.set_str("obj", obj.clone());
    }
}

/// `except T:` matching (T a class or tuple of classes).
pub fn exception_matches(e: &Value, ty: &Value) -> PyResult<bool> {
    if let Some(items) = crate::types::tuple::as_tuple(ty) {
        // every entry must be an exception class, even after a match (as CPython checks)
        let items = items.to_vec();
        for it in &items {
            if !matches!(it, Value::Obj(t) if matches!(t.payload(), Payload::Type(_)) && crate::types::typeobj::is_subtype(t, &exc().base_exception))
            {
                return Err(type_error(
                    "catching classes that do not inherit from BaseException is not allowed",
                ));
            }
        }
        for it in items {
            if exception_matches(e, &it)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    match ty {
        Value::Obj(t)
            if matches!(t.payload(), Payload::Type(_))
                && crate::types::typeobj::is_subtype(t, &exc().base_exception) =>
        {
            Ok(crate::types::typeobj::isinstance(e, t))
        }
        _ => Err(type_error(
            "catching classes that do not inherit from BaseException is not allowed",
        )),
    }
}

fn check_except_star_type(ty: &Value) -> PyResult<()> {
    let check = |t: &Value| -> PyResult<()> {
        match t {
            Value::Obj(o)
                if matches!(o.payload(), Payload::Type(_))
                    && crate::types::typeobj::is_subtype(o, &exc().base_exception) =>
            {
                if crate::types::typeobj::is_subtype(o, &exc().base_exception_group) {
                    return Err(type_error(
                        "catching ExceptionGroup with except* is not allowed. Use except instead.",
                    ));
                }
                Ok(())
            }
            _ => Err(type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    };
    if let Some(items) = crate::types::tuple::as_tuple(ty) {
        for it in items {
            check(it)?;
        }
        Ok(())
    } else {
        check(ty)
    }
}

fn is_group(v: &Value) -> bool {
    crate::types::typeobj::isinstance(v, &exc().base_exception_group)
}

/// `except*` matching: returns (rest, match).
pub fn eg_match(e: &Value, ty: &Value) -> PyResult<(Value, Value)> {
    check_except_star_type(ty)?;
    if e.is_none() {
        return Ok((Value::None, Value::None));
    }
    if exception_matches(e, ty)? {
        if is_group(e) {
            return Ok((Value::None, e.clone()));
        }
        // a naked exception is wrapped in an ExceptionGroup("", [e])
        let eg = crate::ops::call::call(
            &Value::Obj(exc().exception_group.clone()),
            &[
                Value::from(""),
                crate::types::list::new_list(vec![e.clone()]),
            ],
            None,
        )?;
        if let (Some(new), Some(old)) = (as_exc(&eg), as_exc(e)) {
            new.set_traceback(old.traceback());
        }
        return Ok((Value::None, eg));
    }
    if is_group(e) {
        let parts = crate::ops::attr::call_method(e, "split", &[ty.clone()])?;
        let p = crate::types::tuple::as_tuple(&parts)
            .unwrap_or(&[])
            .to_vec();
        if p.len() == 2 {
            return Ok((p[1].clone(), p[0].clone()));
        }
    }
    Ok((e.clone(), Value::None))
}

/// End of `except*`: combine raised and unhandled exceptions.
pub fn prep_reraise_star(orig: &Value, list: &Value) -> PyResult<Value> {
    let items = crate::types::list::as_list(list)
        .map(|l| l.to_vec())
        .unwrap_or_default();
    let raised: Vec<Value> = items.into_iter().filter(|v| !v.is_none()).collect();
    if raised.is_empty() {
        return Ok(Value::None);
    }
    if !is_group(orig) {
        // a naked exception was wrapped: the only possible item
        return Ok(raised[0].clone());
    }
    // split into re-raised (part of orig) and newly raised
    let leaves = collect_leaves(orig);
    let mut reraised: Vec<Value> = Vec::new();
    let mut new_raised: Vec<Value> = Vec::new();
    for r in raised {
        let rl = collect_leaves(&r);
        if !rl.is_empty() && rl.iter().all(|x| leaves.iter().any(|l| l.is(x))) {
            reraised.push(r);
        } else {
            new_raised.push(r);
        }
    }
    let mut result: Vec<Value> = new_raised;
    if !reraised.is_empty() {
        let keep: Vec<Value> = reraised.iter().flat_map(collect_leaves).collect();
        let pred = crate::types::function::new_bound_builtin(
            "_leaf_in",
            |a, _| {
                let keep = crate::types::list::as_list(&a[0]).unwrap().to_vec();
                Ok(Value::Bool(keep.iter().any(|k| k.is(&a[1]))))
            },
            crate::types::list::new_list(keep),
        );
        let sub = crate::ops::attr::call_method(orig, "split", &[pred])?;
        let p = crate::types::tuple::as_tuple(&sub).unwrap_or(&[]).to_vec();
        if let Some(m) = p.first() {
            if !m.is_none() {
                result.push(m.clone());
            }
        }
    }
    if result.len() == 1 {
        return Ok(result.pop().unwrap());
    }
    crate::ops::call::call(
        &Value::Obj(exc().exception_group.clone()),
        &[Value::from(""), crate::types::list::new_list(result)],
        None,
    )
}

fn collect_leaves(v: &Value) -> Vec<Value> {
    if is_group(v) {
        let mut out = Vec::new();
        if let Ok(es) = crate::ops::attr::getattr(v, "exceptions") {
            for e in crate::types::tuple::as_tuple(&es).unwrap_or(&[]) {
                out.extend(collect_leaves(e));
            }
        }
        out
    } else {
        vec![v.clone()]
    }
}

// ---------------------------------------------------------------------------
// per-class attributes

fn init_special_attrs(e: &ObjRef, ty: &ObjRef, args: &Value) {
    let ex = exc();
    let items = crate::types::tuple::as_tuple(args).unwrap_or(&[]).to_vec();
    let set = |n: &str, v: Value| {
        let d = crate::ops::attr::instance_dict(e);
        crate::types::dict::obj_dict(&d).set_str(n, v);
    };
    let is = |t: &ObjRef| crate::types::typeobj::is_subtype(ty, t);
    if is(&ex.stop_iteration) || is(&ex.stop_async_iteration) {
        set("value", items.first().cloned().unwrap_or(Value::None));
    } else if is(&ex.system_exit) {
        set(
            "code",
            match items.len() {
                0 => Value::None,
                1 => items[0].clone(),
                _ => args.clone(),
            },
        );
    } else if is(&ex.import_error) {
        set("msg", items.first().cloned().unwrap_or(Value::None));
        set("name", Value::None);
        set("path", Value::None);
    } else if is(&ex.os_error) {
        let blocking =
            is(&ex.blocking_io_error) && items.len() == 3 && crate::types::int::is_int(&items[2]);
        let (errno, strerror, filename, filename2) = if blocking {
            // BlockingIOError(errno, strerror, characters_written)
            set("characters_written", items[2].clone());
            (items[0].clone(), items[1].clone(), Value::None, Value::None)
        } else if (2..=5).contains(&items.len()) {
            (
                items[0].clone(),
                items[1].clone(),
                items.get(2).cloned().unwrap_or(Value::None),
                items.get(4).cloned().unwrap_or(Value::None),
            )
        } else {
            (Value::None, Value::None, Value::None, Value::None)
        };
        set("errno", errno);
        set("strerror", strerror);
        set("filename", filename);
        set("filename2", filename2);
        if (2..=5).contains(&items.len()) && items.len() > 2 {
            // args is (errno, strerror) only
            if let Payload::Exception(x) = e.payload() {
                let old = unsafe {
                    std::mem::replace(
                        &mut *x.args.get(),
                        crate::types::tuple::new_tuple(items[..2].to_vec()),
                    )
                };
                drop(old);
            }
        }
    } else if is(&ex.syntax_error) {
        set("msg", items.first().cloned().unwrap_or(Value::None));
        let info = items
            .get(1)
            .and_then(|i| crate::types::tuple::as_tuple(i).map(|t| t.to_vec()))
            .unwrap_or_default();
        for (i, n) in [
            "filename",
            "lineno",
            "offset",
            "text",
            "end_lineno",
            "end_offset",
        ]
        .iter()
        .enumerate()
        {
            set(n, info.get(i).cloned().unwrap_or(Value::None));
        }
        set("print_file_and_line", Value::None);
    } else if is(&ex.name_error) {
        set("name", Value::None);
    } else if is(&ex.attribute_error) {
        set("name", Value::None);
        set("obj", Value::None);
    } else if is(&ex.unicode_decode_error) || is(&ex.unicode_encode_error) {
        if items.len() == 5 {
            for (i, n) in ["encoding", "object", "start", "end", "reason"]
                .iter()
                .enumerate()
            {
                set(n, items[i].clone());
            }
        }
    } else if is(&ex.unicode_translate_error) {
        if items.len() == 4 {
            for (i, n) in ["object", "start", "end", "reason"].iter().enumerate() {
                set(n, items[i].clone());
            }
        }
    }
}

/// OSError(errno, ...) picks a subclass by errno.
fn os_error_subclass(errno: i64) -> Option<ObjRef> {
    let e = exc();
    Some(match errno as i32 {
        libc::EAGAIN | libc::EALREADY | libc::EINPROGRESS => e.blocking_io_error.clone(),
        libc::ECHILD => e.child_process_error.clone(),
        libc::EPIPE | libc::ESHUTDOWN => e.broken_pipe_error.clone(),
        libc::ECONNABORTED => e.connection_aborted_error.clone(),
        libc::ECONNREFUSED => e.connection_refused_error.clone(),
        libc::ECONNRESET => e.connection_reset_error.clone(),
        libc::EEXIST => e.file_exists_error.clone(),
        libc::ENOENT => e.file_not_found_error.clone(),
        libc::EISDIR => e.is_a_directory_error.clone(),
        libc::ENOTDIR => e.not_a_directory_error.clone(),
        libc::EINTR => e.interrupted_error.clone(),
        libc::EACCES | libc::EPERM => e.permission_error.clone(),
        libc::ESRCH => e.process_lookup_error.clone(),
        libc::ETIMEDOUT => e.timeout_error.clone(),
        _ => return None,
    })
}

fn exc_str(a: &[Value]) -> PyResult<Value> {
    let e = this(&a[0])?;
    let args = e.args();
    let items = crate::types::tuple::as_tuple(&args).unwrap_or(&[]).to_vec();
    let ex = exc();
    let ty = a[0].class_ref();
    let is = |t: &ObjRef| crate::types::typeobj::is_subtype(ty, t);
    if is(&ex.key_error) && items.len() == 1 {
        return Ok(Value::from(crate::ops::repr(&items[0])?));
    }
    if is(&ex.os_error) {
        let d = a[0].as_obj().unwrap().dict();
        let get = |n: &str| {
            d.as_ref()
                .and_then(|d| crate::types::dict::obj_dict(d).get_str_key(n))
                .unwrap_or(Value::None)
        };
        let (errno, strerror, filename, filename2) = (
            get("errno"),
            get("strerror"),
            get("filename"),
            get("filename2"),
        );
        if !filename.is_none() {
            if !filename2.is_none() {
                return Ok(format!(
                    "[Errno {}] {}: {} -> {}",
                    crate::ops::to_str(&errno)?,
                    crate::ops::to_str(&strerror)?,
                    crate::ops::repr(&filename)?,
                    crate::ops::repr(&filename2)?
                )
                .into());
            }
            return Ok(format!(
                "[Errno {}] {}: {}",
                crate::ops::to_str(&errno)?,
                crate::ops::to_str(&strerror)?,
                crate::ops::repr(&filename)?
            )
            .into());
        }
        if !errno.is_none() && !strerror.is_none() {
            return Ok(format!(
                "[Errno {}] {}",
                crate::ops::to_str(&errno)?,
                crate::ops::to_str(&strerror)?
            )
            .into());
        }
    }
    if is(&ex.syntax_error) {
        let d = a[0].as_obj().unwrap().dict();
        let get = |n: &str| {
            d.as_ref()
                .and_then(|d| crate::types::dict::obj_dict(d).get_str_key(n))
                .unwrap_or(Value::None)
        };
        let msg = crate::ops::to_str(&get("msg"))?;
        let filename = get("filename");
        let lineno = get("lineno");
        let fname = crate::types::str::as_str(&filename)
            .map(|f| f.rsplit('/').next().unwrap_or(f).to_string());
        return Ok(match (fname, &lineno) {
            (Some(f), Value::Int(l)) => format!("{} ({}, line {})", msg, f, l),
            (Some(f), _) => format!("{} ({})", msg, f),
            (None, Value::Int(l)) => format!("{} (line {})", msg, l),
            _ => msg,
        }
        .into());
    }
    if is(&ex.import_error) {
        let d = a[0].as_obj().unwrap().dict();
        if let Some(m) = d
            .as_ref()
            .and_then(|d| crate::types::dict::obj_dict(d).get_str_key("msg"))
        {
            if !m.is_none() {
                return crate::ops::str_value(&m);
            }
        }
    }
    if is(&ex.base_exception_group) {
        let msg = items
            .first()
            .map(crate::ops::to_str)
            .transpose()?
            .unwrap_or_default();
        let n = items
            .get(1)
            .map(|l| crate::ops::len(l))
            .transpose()?
            .unwrap_or(0);
        return Ok(format!(
            "{} ({} sub-exception{})",
            msg,
            n,
            if n == 1 { "" } else { "s" }
        )
        .into());
    }
    if is(&ex.unicode_decode_error) && items.len() == 5 {
        let obj = crate::types::bytes::as_bytes_like(&items[1]).unwrap_or_default();
        let (s, en) = (
            crate::types::int::as_i64(&items[2]).unwrap_or(0),
            crate::types::int::as_i64(&items[3]).unwrap_or(0),
        );
        let enc = crate::ops::to_str(&items[0])?;
        let reason = crate::ops::to_str(&items[4])?;
        if en == s + 1 && (s as usize) < obj.len() {
            return Ok(format!(
                "'{}' codec can't decode byte 0x{:02x} in position {}: {}",
                enc, obj[s as usize], s, reason
            )
            .into());
        }
        return Ok(format!(
            "'{}' codec can't decode bytes in position {}-{}: {}",
            enc,
            s,
            en - 1,
            reason
        )
        .into());
    }
    if is(&ex.unicode_encode_error) && items.len() == 5 {
        let obj = crate::types::str::as_str(&items[1])
            .unwrap_or("")
            .to_string();
        let (s, en) = (
            crate::types::int::as_i64(&items[2]).unwrap_or(0),
            crate::types::int::as_i64(&items[3]).unwrap_or(0),
        );
        let enc = crate::ops::to_str(&items[0])?;
        let reason = crate::ops::to_str(&items[4])?;
        if en == s + 1 {
            if let Some(c) = obj.chars().nth(s as usize) {
                let u = c as u32;
                let cs = if u <= 0xff {
                    format!("\\x{:02x}", u)
                } else if u <= 0xffff {
                    format!("\\u{:04x}", u)
                } else {
                    format!("\\U{:08x}", u)
                };
                return Ok(format!(
                    "'{}' codec can't encode character '{}' in position {}: {}",
                    enc, cs, s, reason
                )
                .into());
            }
        }
        return Ok(format!(
            "'{}' codec can't encode characters in position {}-{}: {}",
            enc,
            s,
            en - 1,
            reason
        )
        .into());
    }
    if is(&ex.unicode_translate_error) && items.len() == 4 {
        let obj = crate::types::str::as_str(&items[0])
            .unwrap_or("")
            .to_string();
        let (s, en) = (
            crate::types::int::as_i64(&items[1]).unwrap_or(0),
            crate::types::int::as_i64(&items[2]).unwrap_or(0),
        );
        let reason = crate::ops::to_str(&items[3])?;
        if en == s + 1 {
            if let Some(c) = obj.chars().nth(s as usize) {
                let u = c as u32;
                let cs = if u <= 0xff {
                    format!("\\x{:02x}", u)
                } else if u <= 0xffff {
                    format!("\\u{:04x}", u)
                } else {
                    format!("\\U{:08x}", u)
                };
                return Ok(format!(
                    "can't translate character '{}' in position {}: {}",
                    cs, s, reason
                )
                .into());
            }
        }
        return Ok(format!(
            "can't translate characters in position {}-{}: {}",
            s,
            en - 1,
            reason
        )
        .into());
    }
    match items.len() {
        0 => Ok(Value::from("")),
        1 => crate::ops::str_value(&items[0]),
        _ => Ok(Value::from(crate::ops::repr(&args)?)),
    }
}

pub fn init_hierarchy() {
    let t = types();
    let base_dict = crate::types::dict::new_dict();
    let base = new_type_raw(
        &t.type_,
        "BaseException",
        vec![t.object.clone()],
        base_dict.as_obj().unwrap().clone(),
        tflags::BASETYPE | tflags::HAS_DICT | tflags::EXCEPTION | tflags::HAS_WEAKREF,
        BaseKind::Exception,
    );
    unsafe { *tdata(&base).mro.get() = vec![base.clone(), t.object.clone()] };
    crate::types::typeobj::link_subclass(&base);
    base.make_immortal();
    *EXC.get() = Some(build_exc_types(base.clone()));
    init_base_exception(&base);
    let e = exc();
    // ExceptionGroup(BaseExceptionGroup, Exception)
    unsafe {
        crate::types::typeobj::unlink_subclass(&e.exception_group);
        *tdata(&e.exception_group).bases.get() =
            vec![e.base_exception_group.clone(), e.exception.clone()];
        let mro = crate::types::typeobj::compute_mro(
            &e.exception_group,
            &[e.base_exception_group.clone(), e.exception.clone()],
        )
        .unwrap_or_default();
        *tdata(&e.exception_group).mro.get() = mro;
        crate::types::typeobj::link_subclass(&e.exception_group);
    }
    // StopIteration etc. get their value attribute from init_special_attrs.
    add_method(&e.os_error, "__reduce__", |a, _| {
        let e = this(&a[0])?;
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Obj(a[0].class()),
            e.args(),
        ]))
    });
    add_staticmethod(&e.os_error, "__new__", |a, kw| {
        let mut cls = crate::types::misc::check_new_cls(a, "OSError")?;
        let args = &a[1..a.len() - kw.map_or(0, |k| k.len())];
        if cls.is(&exc().os_error) && (2..=5).contains(&args.len()) {
            if let Some(errno) = crate::types::int::as_i64(&args[0]) {
                if let Some(sub) = os_error_subclass(errno) {
                    cls = sub;
                }
            }
        }
        Ok(Value::Obj(new_exception(&cls, args.to_vec())))
    });
    add_method(&e.os_error, "__init__", |_a, _| Ok(Value::None));
    // AttributeError(*args, name=None, obj=None), NameError(*args, name=None)
    fn named_init(
        a: &[Value],
        kw: crate::types::function::Kw,
        allowed: &[&str],
    ) -> PyResult<Value> {
        let ex = this(&a[0])?;
        let kws = kw.unwrap_or(&[]);
        let n = a.len() - kws.len();
        let mut vals: Vec<Value> = vec![Value::None; allowed.len()];
        for (k, v) in kws.iter().zip(&a[n..]) {
            match crate::types::str::as_str(k).and_then(|s| allowed.iter().position(|x| *x == s)) {
                Some(i) => vals[i] = v.clone(),
                None => {
                    return Err(type_error(format!(
                        "'{}' is an invalid keyword argument for {}()",
                        crate::types::str::as_str(k).unwrap_or("?"),
                        a[0].type_name()
                    )))
                }
            }
        }
        let old = unsafe {
            std::mem::replace(
                &mut *ex.args.get(),
                crate::types::tuple::new_tuple(a[1..n].to_vec()),
            )
        };
        drop(old);
        if !kws.is_empty() {
            let d = crate::ops::attr::instance_dict(a[0].as_obj().unwrap());
            let d = crate::types::dict::obj_dict(&d);
            for (k, v) in allowed.iter().zip(vals) {
                d.set_str(k, v);
            }
        }
        Ok(Value::None)
    }
    add_method(&e.attribute_error, "__init__", |a, kw| {
        named_init(a, kw, &["name", "obj"])
    });
    add_method(&e.name_error, "__init__", |a, kw| {
        named_init(a, kw, &["name"])
    });
    // ImportError(*args, name=None, path=None)
    add_method(&e.import_error, "__init__", |a, kw| {
        let ex = this(&a[0])?;
        let kws = kw.unwrap_or(&[]);
        let n = a.len() - kws.len();
        let (mut name, mut path) = (Value::None, Value::None);
        for (k, v) in kws.iter().zip(&a[n..]) {
            match crate::types::str::as_str(k) {
                Some("name") => name = v.clone(),
                Some("path") => path = v.clone(),
                Some(other) => {
                    return Err(type_error(format!(
                        "'{}' is an invalid keyword argument for {}()",
                        other,
                        a[0].type_name()
                    )));
                }
                None => return Err(type_error("keywords must be strings")),
            }
        }
        let items = a[1..n].to_vec();
        let msg = if items.len() == 1 {
            items[0].clone()
        } else {
            Value::None
        };
        let old = unsafe {
            std::mem::replace(&mut *ex.args.get(), crate::types::tuple::new_tuple(items))
        };
        drop(old);
        let d = crate::ops::attr::instance_dict(a[0].as_obj().unwrap());
        let d = crate::types::dict::obj_dict(&d);
        d.set_str("msg", msg);
        d.set_str("name", name);
        d.set_str("path", path);
        Ok(Value::None)
    });
    init_exception_group(&e.base_exception_group);
    for (n, ty) in all_exceptions() {
        let _ = n;
        tdata(&ty)
            .dict()
            .set_str("__module__", Value::from("builtins"));
    }
}

fn init_base_exception(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "BaseException")?;
        let n = a.len() - kw.map_or(0, |k| k.len());
        Ok(Value::Obj(new_exception(&cls, a[1..n].to_vec())))
    });
    add_method(t, "__init__", |a, kw| {
        let e = this(&a[0])?;
        let n = a.len() - kw.map_or(0, |k| k.len());
        if let Some(k) = kw {
            if !k.is_empty()
                && a[0]
                    .class_ref()
                    .is(&crate::types::typeobj::tdata(a[0].class_ref()).mro()[0])
            {
                let ty = a[0].class_ref();
                if !crate::types::typeobj::tdata(ty).has(tflags::HEAPTYPE) {
                    return Err(type_error(format!(
                        "{}() takes no keyword arguments",
                        a[0].type_name()
                    )));
                }
            }
        }
        let old = unsafe {
            std::mem::replace(
                &mut *e.args.get(),
                crate::types::tuple::new_tuple(a[1..n].to_vec()),
            )
        };
        drop(old);
        Ok(Value::None)
    });
    add_method(t, "__str__", |a, _| exc_str(a));
    add_method(t, "__repr__", |a, _| {
        let e = this(&a[0])?;
        let args = e.args();
        let items = crate::types::tuple::as_tuple(&args).unwrap_or(&[]);
        // the last component of the type's name (C types keep "module.Name")
        let name = crate::types::typeobj::tdata(a[0].class_ref())
            .name()
            .rsplit('.')
            .next()
            .unwrap_or("")
            .to_string();
        if items.len() == 1 {
            return Ok(format!("{}({})", name, crate::ops::repr(&items[0])?).into());
        }
        Ok(format!("{}{}", name, crate::ops::repr(&args)?).into())
    });
    add_method(t, "with_traceback", |a, _| {
        let e = this(&a[0])?;
        check_args("with_traceback", &a[1..], 1, 1)?;
        e.set_traceback(if a[1].is_none() {
            None
        } else {
            Some(a[1].clone())
        });
        Ok(a[0].clone())
    });
    add_method(t, "add_note", |a, _| {
        check_args("add_note", &a[1..], 1, 1)?;
        if crate::types::str::as_str(&a[1]).is_none() {
            return Err(type_error(format!(
                "note must be a str, not '{}'",
                a[1].type_name()
            )));
        }
        let v = &a[0];
        let notes = match crate::ops::attr::getattr_opt(v, "__notes__")? {
            Some(n) => n,
            None => {
                let l = crate::types::list::new_list(vec![]);
                crate::ops::attr::setattr(v, "__notes__", l.clone())?;
                l
            }
        };
        match crate::types::list::as_list(&notes) {
            Some(l) => l.push(a[1].clone()),
            None => return Err(type_error("Cannot add note: __notes__ is not a list")),
        }
        Ok(Value::None)
    });
    add_method(t, "__reduce__", |a, _| {
        let e = this(&a[0])?;
        let mut parts = vec![Value::Obj(a[0].class()), e.args()];
        if let Some(d) = a[0].as_obj().unwrap().dict() {
            if !crate::types::dict::obj_dict(&d).is_empty() {
                parts.push(Value::Obj(d));
            }
        }
        Ok(crate::types::tuple::new_tuple(parts))
    });
    add_method(t, "__setstate__", |a, _| {
        if let Some(d) = crate::types::dict::as_dict(&a[1]) {
            for (k, v) in d.items() {
                crate::ops::attr::setattr_value(&a[0], &k, Some(v))?;
            }
        }
        Ok(Value::None)
    });
    add_getset(
        t,
        "args",
        |v| Ok(this(v)?.args()),
        Some(|v, n| {
            let e = this(v)?;
            let n = n.ok_or_else(|| type_error("args may not be deleted"))?;
            let t = crate::types::tuple::new_tuple(crate::ops::iterate(&n)?);
            let old = unsafe { std::mem::replace(&mut *e.args.get(), t) };
            drop(old);
            Ok(())
        }),
    );
    add_getset(
        t,
        "__traceback__",
        |v| Ok(this(v)?.traceback().unwrap_or(Value::None)),
        Some(|v, n| {
            let e = this(v)?;
            match n {
                None => Err(type_error("__traceback__ may not be deleted")),
                Some(Value::None) => {
                    e.set_traceback(None);
                    Ok(())
                }
                Some(tb) if matches!(tb.payload(), Some(Payload::Traceback(_))) => {
                    e.set_traceback(Some(tb));
                    Ok(())
                }
                Some(_) => Err(type_error("__traceback__ must be a traceback or None")),
            }
        }),
    );
    add_getset(
        t,
        "__cause__",
        |v| Ok(this(v)?.cause().unwrap_or(Value::None)),
        Some(|v, n| {
            let e = this(v)?;
            match n {
                None => Err(type_error("__cause__ may not be deleted")),
                Some(Value::None) => {
                    e.set_cause(None);
                    e.suppress_context.set(true);
                    Ok(())
                }
                Some(c) if as_exc(&c).is_some() => {
                    e.set_cause(Some(c));
                    e.suppress_context.set(true);
                    Ok(())
                }
                Some(_) => Err(type_error(
                    "exception cause must be None or derive from BaseException",
                )),
            }
        }),
    );
    add_getset(
        t,
        "__context__",
        |v| Ok(this(v)?.context().unwrap_or(Value::None)),
        Some(|v, n| {
            let e = this(v)?;
            match n {
                None => Err(type_error("__context__ may not be deleted")),
                Some(Value::None) => {
                    e.set_context(None);
                    Ok(())
                }
                Some(c) if as_exc(&c).is_some() => {
                    e.set_context(Some(c));
                    Ok(())
                }
                Some(_) => Err(type_error(
                    "exception context must be None or derive from BaseException",
                )),
            }
        }),
    );
    add_getset(
        t,
        "__suppress_context__",
        |v| Ok(Value::Bool(this(v)?.suppress_context.get())),
        Some(|v, n| {
            let e = this(v)?;
            e.suppress_context.set(match n {
                Some(x) => crate::ops::truthy(&x)?,
                None => false,
            });
            Ok(())
        }),
    );
}

fn init_exception_group(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, kw| {
        let cls = crate::types::misc::check_new_cls(a, "BaseExceptionGroup")?;
        let n = a.len() - kw.map_or(0, |k| k.len());
        let args = &a[1..n];
        if args.len() != 2 {
            return Err(type_error(format!(
                "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
                args.len()
            )));
        }
        if crate::types::str::as_str(&args[0]).is_none() {
            return Err(type_error(format!(
                "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
                args[0].type_name()
            )));
        }
        if crate::types::set::as_set(&args[1]).is_some()
            || crate::types::dict::as_dict(&args[1]).is_some()
            || crate::ops::attr::lookup_special(&args[1], "__getitem__").is_none()
        {
            return Err(type_error(
                "second argument (exceptions) must be a sequence",
            ));
        }
        let excs = crate::ops::iterate(&args[1])?;
        if excs.is_empty() {
            return Err(value_error(
                "second argument (exceptions) must be a non-empty sequence",
            ));
        }
        let mut all_exc = true;
        for (i, e) in excs.iter().enumerate() {
            if as_exc(e).is_none() {
                return Err(value_error(format!(
                    "Item {} of second argument (exceptions) is not an exception",
                    i
                )));
            }
            if !crate::types::typeobj::isinstance(e, &exc().exception) {
                all_exc = false;
            }
        }
        let mut cls = cls;
        if cls.is(&exc().base_exception_group) {
            if all_exc {
                cls = exc().exception_group.clone();
            }
        } else if crate::types::typeobj::is_subtype(&cls, &exc().exception_group) && !all_exc {
            let name = crate::types::typeobj::tdata(&cls).name().to_string();
            if cls.is(&exc().exception_group) {
                return Err(type_error(
                    "Cannot nest BaseExceptions in an ExceptionGroup",
                ));
            }
            return Err(type_error(format!(
                "Cannot nest BaseExceptions in '{}'",
                name
            )));
        }
        let e = new_exception(&cls, args.to_vec());
        let d = crate::ops::attr::instance_dict(&e);
        let dd = crate::types::dict::obj_dict(&d);
        dd.set_str("message", args[0].clone());
        dd.set_str("exceptions", crate::types::tuple::new_tuple(excs));
        Ok(Value::Obj(e))
    });
    add_method(t, "__init__", |_a, _| Ok(Value::None));
    add_method(t, "derive", |a, _| {
        let msg = crate::ops::attr::getattr(&a[0], "message")?;
        crate::ops::call::call(
            &Value::Obj(exc().base_exception_group.clone()),
            &[msg, a[1].clone()],
            None,
        )
    });
    add_method(t, "split", |a, _| eg_split(&a[0], &a[1], true));
    add_method(t, "subgroup", |a, _| {
        let r = eg_split(&a[0], &a[1], false)?;
        Ok(crate::types::tuple::as_tuple(&r).unwrap()[0].clone())
    });
    crate::types::typeobj::add_classmethod(
        t,
        "__class_getitem__",
        crate::types::misc::generic_alias_method,
    );
}

/// `eg.split(condition)`: (match, rest).
fn eg_split(eg: &Value, cond: &Value, want_rest: bool) -> PyResult<Value> {
    let matches = |e: &Value| -> PyResult<bool> {
        if crate::types::typeobj::is_type(cond) || crate::types::tuple::as_tuple(cond).is_some() {
            exception_matches(e, cond)
        } else if crate::ops::attr::lookup_special(cond, "__call__").is_some() {
            crate::ops::truthy(&crate::ops::call::call(cond, &[e.clone()], None)?)
        } else {
            Err(type_error(
                "expected a function, exception type or tuple of exception types",
            ))
        }
    };
    if matches(eg)? {
        return Ok(crate::types::tuple::new_tuple(vec![
            eg.clone(),
            Value::None,
        ]));
    }
    let excs = crate::ops::attr::getattr(eg, "exceptions")?;
    let mut m = Vec::new();
    let mut r = Vec::new();
    for e in crate::types::tuple::as_tuple(&excs).unwrap_or(&[]).to_vec() {
        if is_group(&e) {
            let s = eg_split(&e, cond, want_rest)?;
            let p = crate::types::tuple::as_tuple(&s).unwrap().to_vec();
            if !p[0].is_none() {
                m.push(p[0].clone());
            }
            if !p[1].is_none() {
                r.push(p[1].clone());
            }
        } else if matches(&e)? {
            m.push(e);
        } else {
            r.push(e);
        }
    }
    let derive = |items: Vec<Value>| -> PyResult<Value> {
        if items.is_empty() {
            return Ok(Value::None);
        }
        let d =
            crate::ops::attr::call_method(eg, "derive", &[crate::types::list::new_list(items)])?;
        if let (Some(new), Some(old)) = (as_exc(&d), as_exc(eg)) {
            new.set_traceback(old.traceback());
            new.set_cause(old.cause());
            new.set_context(old.context());
        }
        if let Ok(Some(notes)) = crate::ops::attr::getattr_opt(eg, "__notes__") {
            crate::ops::attr::setattr(&d, "__notes__", notes)?;
        }
        Ok(d)
    };
    let mv = derive(m)?;
    let rv = if want_rest { derive(r)? } else { Value::None };
    Ok(crate::types::tuple::new_tuple(vec![mv, rv]))
}

pub fn init_traceback_type(t: &ObjRef) {
    fn tb(v: &Value) -> PyResult<&PyTraceback> {
        match v.payload() {
            Some(Payload::Traceback(t)) => Ok(t),
            _ => Err(type_error("expected a traceback")),
        }
    }
    add_getset(
        t,
        "tb_frame",
        |v| Ok(Value::Obj(tb(v)?.frame.clone())),
        None,
    );
    add_getset(
        t,
        "tb_lineno",
        |v| Ok(Value::Int(tb(v)?.lineno as i64)),
        None,
    );
    add_getset(
        t,
        "tb_lasti",
        |v| Ok(Value::Int(tb(v)?.lasti as i64 * 2)),
        None,
    );
    add_getset(
        t,
        "tb_next",
        |v| Ok(unsafe { (*tb(v)?.next.get()).clone() }.unwrap_or(Value::None)),
        Some(|v, n| {
            let t = tb(v)?;
            let n = match n {
                Some(Value::None) | None => None,
                Some(x) if matches!(x.payload(), Some(Payload::Traceback(_))) => Some(x),
                Some(_) => return Err(type_error("expected traceback object or None")),
            };
            let old = unsafe { std::mem::replace(&mut *t.next.get(), n) };
            drop(old);
            Ok(())
        }),
    );
}
