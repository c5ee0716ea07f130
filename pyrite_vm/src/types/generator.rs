//! Generators, coroutines and async generators: a suspended frame plus the protocol
//! (`send`, `throw`, `close`, `__await__`, `__anext__`, `asend`, `athrow`, `aclose`).

use crate::errors::*;
use crate::frame::{frame_mut, run_frame, BlockKind, Exit};
use crate::object::ObjRef;
use crate::types::exceptions::exc;
use crate::types::typeobj::{add_getset, add_method};
use crate::types::{types, Payload};
use crate::value::Value;
use pyrite_compiler::code::flags;
use std::cell::{Cell, UnsafeCell};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum GenKind {
    Generator,
    Coroutine,
    AsyncGenerator,
}

pub struct PyGenerator {
    pub frame: UnsafeCell<Option<ObjRef>>,
    pub kind: GenKind,
    pub name: UnsafeCell<Value>,
    pub qualname: UnsafeCell<Value>,
    pub running: Cell<bool>,
    pub started: Cell<bool>,
    /// Exception being handled inside the generator while it is suspended.
    pub exc_state: UnsafeCell<Option<Value>>,
    /// Async generators: `aclose()` or exhaustion happened.
    pub closed: Cell<bool>,
    /// The frame's last exit was a pass-through yield of `YieldFrom` (await).
    pub last_yield_was_await: Cell<bool>,
    pub code: ObjRef,
    /// Async generators: the `sys.set_asyncgen_hooks` hooks ran (first iteration).
    pub hooks_inited: Cell<bool>,
    /// Async generators: the finalizer hook captured at the first iteration, called
    /// with the generator when it dies unfinished.
    pub finalizer: UnsafeCell<Option<Value>>,
}

pub enum ResumeResult {
    Yield(Value),
    Return(Value),
}

pub enum SendResult {
    Yielded(Value),
    Returned(Value),
}

pub fn new_generator(frame: ObjRef, code_flags: u32, name: Value, qualname: Value) -> Value {
    let kind = if code_flags & flags::ASYNC_GENERATOR != 0 {
        GenKind::AsyncGenerator
    } else if code_flags & flags::COROUTINE != 0 {
        GenKind::Coroutine
    } else {
        GenKind::Generator
    };
    let t = types();
    let ty = match kind {
        GenKind::Generator => &t.generator,
        GenKind::Coroutine => &t.coroutine,
        GenKind::AsyncGenerator => &t.async_generator,
    };
    let code = frame_mut(&frame).code.clone();
    Value::Obj(ObjRef::new(
        ty,
        Payload::Generator(Box::new(PyGenerator {
            frame: UnsafeCell::new(Some(frame)),
            kind,
            name: UnsafeCell::new(name),
            qualname: UnsafeCell::new(qualname),
            running: Cell::new(false),
            started: Cell::new(false),
            exc_state: UnsafeCell::new(None),
            closed: Cell::new(false),
            last_yield_was_await: Cell::new(false),
            code,
            hooks_inited: Cell::new(false),
            finalizer: UnsafeCell::new(None),
        })),
    ))
}

pub fn as_gen(v: &Value) -> Option<&PyGenerator> {
    match v.payload() {
        Some(Payload::Generator(g)) => Some(g),
        _ => None,
    }
}

fn kind_name(k: GenKind) -> &'static str {
    match k {
        GenKind::Generator => "generator",
        GenKind::Coroutine => "coroutine",
        GenKind::AsyncGenerator => "async generator",
    }
}

/// Resume the generator's frame with a value sent in or an exception thrown in.
pub fn resume(g: &PyGenerator, value: Value, throw: Option<PyErr>) -> PyResult<ResumeResult> {
    if g.running.get() {
        return Err(value_error(format!(
            "{} already executing",
            kind_name(g.kind)
        )));
    }
    let Some(fo) = (unsafe { (*g.frame.get()).clone() }) else {
        if let Some(e) = throw {
            return Err(e);
        }
        return match g.kind {
            GenKind::Coroutine => Err(runtime_error("cannot reuse already awaited coroutine")),
            GenKind::AsyncGenerator => Err(PyErr::with_args(&exc().stop_async_iteration, vec![])),
            GenKind::Generator => Ok(ResumeResult::Return(Value::None)),
        };
    };
    let f = frame_mut(&fo);
    if !g.started.get() {
        if throw.is_none() && !value.is_none() {
            return Err(type_error(format!(
                "can't send non-None value to a just-started {}",
                kind_name(g.kind)
            )));
        }
        g.started.set(true);
    } else if throw.is_none() {
        f.stack.push(value);
    }
    if let Some(e) = throw {
        f.throw_pending = Some(e);
    }
    let t = crate::vm::thread();
    let caller_exc = t.exc_info.clone();
    if let Some(own) = unsafe { (*g.exc_state.get()).take() } {
        t.exc_info = Some(own);
    }
    g.running.set(true);
    let r = run_frame(&fo);
    g.running.set(false);
    let t = crate::vm::thread();
    let in_handler = f.blocks.iter().any(|b| b.kind == BlockKind::ExceptHandler);
    if in_handler && matches!(r, Ok(Exit::Yield(_))) {
        unsafe { *g.exc_state.get() = t.exc_info.clone() };
    }
    t.exc_info = caller_exc;
    g.last_yield_was_await.set(f.yielded_from);
    match r {
        Ok(Exit::Yield(v)) => Ok(ResumeResult::Yield(v)),
        Ok(Exit::Return(v)) => {
            let own = unsafe { (*g.frame.get()).take() };
            drop(own);
            // the finished frame goes back to the pool unless something holds it
            crate::frame::release_frame(fo);
            Ok(ResumeResult::Return(v))
        }
        Err(e) => {
            unsafe { *g.frame.get() = None };
            // PEP 479
            if e.matches(&exc().stop_iteration) {
                let msg = match g.kind {
                    GenKind::Generator => "generator raised StopIteration",
                    GenKind::Coroutine => "coroutine raised StopIteration",
                    GenKind::AsyncGenerator => "async generator raised StopIteration",
                };
                let ne = runtime_error(msg);
                crate::types::exceptions::as_exc(&ne.value())
                    .unwrap()
                    .set_cause(Some(e.value()));
                crate::types::exceptions::as_exc(&ne.value())
                    .unwrap()
                    .set_context(Some(e.value()));
                crate::types::exceptions::as_exc(&ne.value())
                    .unwrap()
                    .suppress_context
                    .set(true);
                return Err(ne);
            }
            if g.kind == GenKind::AsyncGenerator && e.matches(&exc().stop_async_iteration) {
                let ne = runtime_error("async generator raised StopAsyncIteration");
                crate::types::exceptions::as_exc(&ne.value())
                    .unwrap()
                    .set_cause(Some(e.value()));
                return Err(ne);
            }
            Err(e)
        }
    }
}

/// `next(gen)` fast path: `Ok(None)` when exhausted.
pub fn gen_next(v: &Value) -> PyResult<Option<Value>> {
    let g = as_gen(v).unwrap();
    match resume(g, Value::None, None)? {
        ResumeResult::Yield(y) => Ok(Some(y)),
        ResumeResult::Return(_) => Ok(None),
    }
}

/// The `YieldFrom` step: send `v` into `recv`.
pub fn send_into(recv: &Value, v: Value) -> PyResult<SendResult> {
    if let Some(g) = as_gen(recv) {
        if g.kind != GenKind::AsyncGenerator {
            return match resume(g, v, None)? {
                ResumeResult::Yield(y) => Ok(SendResult::Yielded(y)),
                ResumeResult::Return(r) => Ok(SendResult::Returned(r)),
            };
        }
    }
    let r = if v.is_none() {
        // `__next__` itself (not `ops::next`, which swallows StopIteration): the
        // value of the StopIteration is the result of the `await`/`yield from`
        match crate::ops::call_special(recv, crate::name!("__next__"), &[]) {
            Ok(Some(y)) => Ok(y),
            Ok(None) => Err(type_error(format!(
                "'{}' object is not an iterator",
                recv.type_name()
            ))),
            Err(e) => Err(e),
        }
    } else {
        crate::ops::attr::call_method(recv, "send", &[v])
    };
    match r {
        Ok(y) => Ok(SendResult::Yielded(y)),
        Err(e) if e.matches(&exc().stop_iteration) => {
            let val = crate::ops::attr::getattr(&e.value(), "value").unwrap_or(Value::None);
            Ok(SendResult::Returned(val))
        }
        Err(e) => Err(e),
    }
}

pub fn get_yield_from_iter(o: &Value, code_flags: u32) -> PyResult<Value> {
    if let Some(g) = as_gen(o) {
        if g.kind == GenKind::Coroutine
            && code_flags & (flags::COROUTINE | flags::ITERABLE_COROUTINE) == 0
        {
            return Err(type_error(
                "cannot 'yield from' a coroutine object in a non-coroutine generator",
            ));
        }
        return Ok(o.clone());
    }
    // generic iterator: use a wrapper that keeps StopIteration's value
    let it = crate::ops::get_iter(o)?;
    Ok(it)
}

pub fn get_awaitable(o: &Value, where_: u32) -> PyResult<Value> {
    if let Some(g) = as_gen(o) {
        if g.kind == GenKind::Coroutine {
            if let Some(fo) = unsafe { (*g.frame.get()).as_ref() } {
                let f = frame_mut(fo);
                if f.executing && g.started.get() && f.yielded_from {
                    return Err(runtime_error("coroutine is being awaited already"));
                }
            }
            return Ok(o.clone());
        }
        if g.kind == GenKind::Generator && g.code_flags() & flags::ITERABLE_COROUTINE != 0 {
            return Ok(o.clone());
        }
    }
    let f = crate::ops::attr::lookup_special(o, "__await__");
    let Some(f) = f else {
        let msg = match where_ {
            1 => format!("'async with' received an object from __aenter__ that does not implement __await__: {}", o.type_name()),
            2 => format!("'async with' received an object from __aexit__ that does not implement __await__: {}", o.type_name()),
            _ => format!("object {} can't be used in 'await' expression", o.type_name()),
        };
        return Err(type_error(msg));
    };
    let it = crate::ops::call_unbound(&f, o, &[])?;
    if let Some(g) = as_gen(&it) {
        if g.kind == GenKind::Coroutine {
            return Err(type_error("__await__() returned a coroutine"));
        }
    }
    if crate::ops::attr::lookup_special(&it, "__next__").is_none() {
        return Err(type_error(format!(
            "__await__() returned non-iterator of type '{}'",
            it.type_name()
        )));
    }
    Ok(it)
}

impl PyGenerator {
    fn code_flags(&self) -> u32 {
        crate::types::code::obj_code(&self.code).code.flags
    }
}

pub fn get_aiter(o: &Value) -> PyResult<Value> {
    let f = crate::ops::attr::lookup_special(o, "__aiter__").ok_or_else(|| {
        type_error(format!(
            "'async for' requires an object with __aiter__ method, got {}",
            o.type_name()
        ))
    })?;
    let it = crate::ops::call_unbound(&f, o, &[])?;
    if crate::ops::attr::lookup_special(&it, "__anext__").is_none() {
        return Err(type_error(format!(
            "'async for' received an object from __aiter__ that does not implement __anext__: {}",
            it.type_name()
        )));
    }
    Ok(it)
}

pub fn get_anext(o: &Value) -> PyResult<Value> {
    let f = crate::ops::attr::lookup_special(o, "__anext__").ok_or_else(|| {
        type_error(format!(
            "'async for' requires an iterator with __anext__ method, got {}",
            o.type_name()
        ))
    })?;
    let r = crate::ops::call_unbound(&f, o, &[])?;
    get_awaitable(&r, 0).map_err(|_| {
        type_error(format!(
            "'async for' received an invalid object from __anext__: {}",
            r.type_name()
        ))
    })
}

fn this(v: &Value) -> PyResult<&PyGenerator> {
    as_gen(v).ok_or_else(|| type_error("expected a generator"))
}

fn gen_send(a: &[Value]) -> PyResult<Value> {
    let g = this(&a[0])?;
    check_args("send", &a[1..], 1, 1)?;
    match resume(g, a[1].clone(), None)? {
        ResumeResult::Yield(y) => Ok(y),
        ResumeResult::Return(r) => Err(stop_iteration(r)),
    }
}

/// Build the exception for `throw(typ[, val[, tb]])`.
fn throw_exception(a: &[Value]) -> PyResult<PyErr> {
    let typ = a
        .first()
        .cloned()
        .ok_or_else(|| type_error("throw expected at least 1 argument, got 0"))?;
    let val = a.get(1).cloned().unwrap_or(Value::None);
    let e = if crate::types::typeobj::is_type(&typ) {
        if !crate::types::typeobj::is_subtype(typ.as_obj().unwrap(), &exc().base_exception) {
            return Err(type_error(format!(
                "exceptions must be classes or instances deriving from BaseException, not {}",
                typ.type_name()
            )));
        }
        if crate::types::exceptions::as_exc(&val).is_some()
            && crate::types::typeobj::isinstance(&val, typ.as_obj().unwrap())
        {
            PyErr(val.as_obj().unwrap().clone())
        } else if val.is_none() {
            PyErr(
                crate::ops::call::call(&typ, &[], None)?
                    .as_obj()
                    .unwrap()
                    .clone(),
            )
        } else if let Some(t) = crate::types::tuple::as_tuple(&val) {
            PyErr(
                crate::ops::call::call(&typ, t, None)?
                    .as_obj()
                    .unwrap()
                    .clone(),
            )
        } else {
            PyErr(
                crate::ops::call::call(&typ, &[val], None)?
                    .as_obj()
                    .unwrap()
                    .clone(),
            )
        }
    } else if crate::types::exceptions::as_exc(&typ).is_some() {
        if !val.is_none() {
            return Err(type_error(
                "instance exception may not have a separate value",
            ));
        }
        PyErr(typ.as_obj().unwrap().clone())
    } else {
        return Err(type_error(format!(
            "exceptions must be classes or instances deriving from BaseException, not {}",
            typ.type_name()
        )));
    };
    if let Some(tb) = a.get(2) {
        if !tb.is_none() {
            if !matches!(tb.payload(), Some(Payload::Traceback(_))) {
                return Err(type_error(
                    "throw() third argument must be a traceback object",
                ));
            }
            crate::types::exceptions::as_exc(&e.value())
                .unwrap()
                .set_traceback(Some(tb.clone()));
        }
    }
    Ok(e)
}

/// `gen.throw(...)`, delegating to a sub-iterator under `yield from` first.
pub fn gen_throw_err(g: &PyGenerator, e: PyErr) -> PyResult<ResumeResult> {
    if let Some(fo) = unsafe { (*g.frame.get()).clone() } {
        let f = frame_mut(&fo);
        let code = crate::types::code::obj_code(&f.code);
        let at_yield_from = g.started.get()
            && matches!(
                code.code.instructions.get(f.ip),
                Some(pyrite_compiler::bytecode::Instr::YieldFrom)
            )
            && !f.stack.is_empty();
        if at_yield_from {
            let recv = f.stack.last().unwrap().clone();
            let is_exit = e.matches(&exc().generator_exit);
            let r: PyResult<SendResult> = if let Some(sub) = as_gen(&recv) {
                if is_exit {
                    gen_close(sub).map(|_| SendResult::Returned(Value::None))
                } else {
                    g.running.set(true);
                    let r = gen_throw_err(sub, e.clone());
                    g.running.set(false);
                    r.map(|x| match x {
                        ResumeResult::Yield(y) => SendResult::Yielded(y),
                        ResumeResult::Return(v) => SendResult::Returned(v),
                    })
                }
            } else if is_exit {
                if let Some(c) = crate::ops::attr::getattr_opt(&recv, "close")? {
                    crate::ops::call::call(&c, &[], None)?;
                }
                Err(e.clone())
            } else {
                match crate::ops::attr::getattr_opt(&recv, "throw")? {
                    Some(t) => match crate::ops::call::call(&t, &[e.value()], None) {
                        Ok(y) => Ok(SendResult::Yielded(y)),
                        Err(err) if err.matches(&exc().stop_iteration) => Ok(SendResult::Returned(
                            crate::ops::attr::getattr(&err.value(), "value").unwrap_or(Value::None),
                        )),
                        Err(err) => Err(err),
                    },
                    None => Err(e.clone()),
                }
            };
            match r {
                Ok(SendResult::Yielded(y)) => return Ok(ResumeResult::Yield(y)),
                Ok(SendResult::Returned(v)) => {
                    if is_exit {
                        return resume(g, Value::None, Some(e));
                    }
                    // sub-iterator finished: continue after the YieldFrom with its value
                    f.stack.pop();
                    f.ip += 1;
                    return resume(g, v, None);
                }
                Err(err) => {
                    f.stack.pop();
                    f.ip += 1;
                    return resume(g, Value::None, Some(err));
                }
            }
        }
        if !g.started.get() {
            // never started: the exception is raised at the first line
            g.started.set(true);
            unsafe { *g.frame.get() = None };
            let _ = fo;
            return Err(e);
        }
    }
    resume(g, Value::None, Some(e))
}

pub fn gen_close(g: &PyGenerator) -> PyResult<()> {
    if unsafe { (*g.frame.get()).is_none() } {
        return Ok(());
    }
    if !g.started.get() {
        unsafe { *g.frame.get() = None };
        return Ok(());
    }
    let e = PyErr::with_args(&exc().generator_exit, vec![]);
    match gen_throw_err(g, e) {
        Ok(ResumeResult::Yield(_)) => Err(runtime_error(match g.kind {
            GenKind::AsyncGenerator => "async generator ignored GeneratorExit",
            GenKind::Coroutine => "coroutine ignored GeneratorExit",
            _ => "generator ignored GeneratorExit",
        })),
        Ok(ResumeResult::Return(_)) => Ok(()),
        Err(e) if e.matches(&exc().generator_exit) || e.matches(&exc().stop_iteration) => Ok(()),
        Err(e) => Err(e),
    }
}

fn init_common(t: &ObjRef, prefix: &'static str) {
    add_getset(
        t,
        "__name__",
        |v| Ok(unsafe { (*this(v)?.name.get()).clone() }),
        Some(|v, n| {
            unsafe { *this(v)?.name.get() = n.unwrap_or(Value::None) };
            Ok(())
        }),
    );
    add_getset(
        t,
        "__qualname__",
        |v| Ok(unsafe { (*this(v)?.qualname.get()).clone() }),
        Some(|v, n| {
            unsafe { *this(v)?.qualname.get() = n.unwrap_or(Value::None) };
            Ok(())
        }),
    );
    add_method(t, "__repr__", |a, _| {
        let g = this(&a[0])?;
        let q = unsafe { (*g.qualname.get()).clone() };
        Ok(format!(
            "<{} object {} at {:#x}>",
            a[0].type_name(),
            crate::types::str::as_str(&q).unwrap_or("?"),
            a[0].id()
        )
        .into())
    });
    let _ = prefix;
    fn frame_of(v: &Value) -> PyResult<Value> {
        Ok(unsafe { (*this(v)?.frame.get()).clone() }
            .map(Value::Obj)
            .unwrap_or(Value::None))
    }
    fn running(v: &Value) -> PyResult<Value> {
        Ok(Value::Bool(this(v)?.running.get()))
    }
    fn code(v: &Value) -> PyResult<Value> {
        Ok(Value::Obj(this(v)?.code.clone()))
    }
    fn suspended(v: &Value) -> PyResult<Value> {
        let g = this(v)?;
        Ok(Value::Bool(
            g.started.get() && !g.running.get() && unsafe { (*g.frame.get()).is_some() },
        ))
    }
    fn yieldfrom(v: &Value) -> PyResult<Value> {
        let g = this(v)?;
        if let Some(fo) = unsafe { (*g.frame.get()).as_ref() } {
            let f = frame_mut(fo);
            let code = crate::types::code::obj_code(&f.code);
            if g.started.get()
                && matches!(
                    code.code.instructions.get(f.ip),
                    Some(pyrite_compiler::bytecode::Instr::YieldFrom)
                )
            {
                return Ok(f.stack.last().cloned().unwrap_or(Value::None));
            }
        }
        Ok(Value::None)
    }
    match prefix {
        "gi" => {
            add_getset(t, "gi_frame", frame_of, None);
            add_getset(t, "gi_running", running, None);
            add_getset(t, "gi_code", code, None);
            add_getset(t, "gi_suspended", suspended, None);
            add_getset(t, "gi_yieldfrom", yieldfrom, None);
        }
        "cr" => {
            add_getset(t, "cr_frame", frame_of, None);
            add_getset(t, "cr_running", running, None);
            add_getset(t, "cr_code", code, None);
            add_getset(t, "cr_suspended", suspended, None);
            add_getset(t, "cr_await", yieldfrom, None);
            add_getset(t, "cr_origin", |_| Ok(Value::None), None);
        }
        _ => {
            add_getset(t, "ag_frame", frame_of, None);
            add_getset(t, "ag_running", running, None);
            add_getset(t, "ag_code", code, None);
            add_getset(t, "ag_await", yieldfrom, None);
        }
    }
}

pub fn init_types() {
    let t = types();
    // generator
    init_common(&t.generator, "gi");
    add_method(&t.generator, "__iter__", |a, _| Ok(a[0].clone()));
    add_method(&t.generator, "__next__", |a, _| {
        let g = this(&a[0])?;
        match resume(g, Value::None, None)? {
            ResumeResult::Yield(y) => Ok(y),
            ResumeResult::Return(r) => Err(stop_iteration(r)),
        }
    });
    add_method(&t.generator, "send", |a, _| gen_send(a));
    add_method(&t.generator, "throw", |a, _| {
        let g = this(&a[0])?;
        let e = throw_exception(&a[1..])?;
        match gen_throw_err(g, e)? {
            ResumeResult::Yield(y) => Ok(y),
            ResumeResult::Return(r) => Err(stop_iteration(r)),
        }
    });
    add_method(&t.generator, "close", |a, _| {
        gen_close(this(&a[0])?)?;
        Ok(Value::None)
    });
    // coroutine
    init_common(&t.coroutine, "cr");
    add_method(&t.coroutine, "send", |a, _| gen_send(a));
    add_method(&t.coroutine, "throw", |a, _| {
        let g = this(&a[0])?;
        let e = throw_exception(&a[1..])?;
        match gen_throw_err(g, e)? {
            ResumeResult::Yield(y) => Ok(y),
            ResumeResult::Return(r) => Err(stop_iteration(r)),
        }
    });
    add_method(&t.coroutine, "close", |a, _| {
        gen_close(this(&a[0])?)?;
        Ok(Value::None)
    });
    add_method(&t.coroutine, "__await__", |a, _| {
        this(&a[0])?;
        Ok(Value::Obj(ObjRef::new(
            &types().coroutine_wrapper,
            Payload::Misc(Box::new(crate::types::misc::MiscPayload::MappingProxy(
                a[0].clone(),
            ))),
        )))
    });
    // coroutine_wrapper: iterator over a coroutine (what __await__ returns)
    let cw = &t.coroutine_wrapper;
    fn wrapped(v: &Value) -> PyResult<Value> {
        match v.payload() {
            Some(Payload::Misc(m)) => match &**m {
                crate::types::misc::MiscPayload::MappingProxy(c) => Ok(c.clone()),
                _ => Err(type_error("bad coroutine wrapper")),
            },
            _ => Err(type_error("bad coroutine wrapper")),
        }
    }
    add_method(cw, "__iter__", |a, _| Ok(a[0].clone()));
    add_method(cw, "__next__", |a, _| {
        let c = wrapped(&a[0])?;
        gen_send(&[c, Value::None])
    });
    add_method(cw, "send", |a, _| {
        let c = wrapped(&a[0])?;
        gen_send(&[c, a[1].clone()])
    });
    add_method(cw, "throw", |a, _| {
        let c = wrapped(&a[0])?;
        crate::ops::attr::call_method(&c, "throw", &a[1..])
    });
    add_method(cw, "close", |a, _| {
        let c = wrapped(&a[0])?;
        crate::ops::attr::call_method(&c, "close", &[])
    });
    // async generator
    init_common(&t.async_generator, "ag");
    add_method(&t.async_generator, "__aiter__", |a, _| Ok(a[0].clone()));
    add_method(&t.async_generator, "__anext__", |a, _| {
        asyncgen_init_hooks(&a[0])?;
        Ok(new_asend(a[0].clone(), Value::None, AsendMode::Send))
    });
    add_method(&t.async_generator, "asend", |a, _| {
        asyncgen_init_hooks(&a[0])?;
        Ok(new_asend(a[0].clone(), a[1].clone(), AsendMode::Send))
    });
    add_method(&t.async_generator, "athrow", |a, _| {
        asyncgen_init_hooks(&a[0])?;
        let e = throw_exception(&a[1..])?;
        Ok(new_asend(a[0].clone(), e.value(), AsendMode::Throw))
    });
    add_method(&t.async_generator, "aclose", |a, _| {
        asyncgen_init_hooks(&a[0])?;
        Ok(new_asend(a[0].clone(), Value::None, AsendMode::Close))
    });
    let asend = &t.async_gen_asend;
    add_method(asend, "__await__", |a, _| Ok(a[0].clone()));
    add_method(asend, "__iter__", |a, _| Ok(a[0].clone()));
    add_method(asend, "__next__", |a, _| {
        asend_step(&a[0], Value::None, None)
    });
    add_method(asend, "send", |a, _| asend_step(&a[0], a[1].clone(), None));
    add_method(asend, "throw", |a, _| {
        let e = throw_exception(&a[1..])?;
        asend_step(&a[0], Value::None, Some(e))
    });
    add_method(asend, "close", |_a, _| Ok(Value::None));
}

/// On an async generator's first `__anext__`/`asend`/`athrow`/`aclose`: remember the
/// thread's finalizer hook and call its firstiter hook with the generator (CPython's
/// `sys.set_asyncgen_hooks` protocol, which asyncio uses to track and finalize them).
fn asyncgen_init_hooks(v: &Value) -> PyResult<()> {
    let Some(g) = as_gen(v) else {
        return Ok(());
    };
    if g.hooks_inited.replace(true) {
        return Ok(());
    }
    let t = crate::vm::thread();
    if let Some(fin) = t.asyncgen_finalizer.clone() {
        unsafe { *g.finalizer.get() = Some(fin) };
    }
    if let Some(first) = crate::vm::thread().asyncgen_firstiter.clone() {
        crate::ops::call::call(&first, &[v.clone()], None)?;
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum AsendMode {
    Send,
    Throw,
    Close,
}

/// The awaitable returned by `__anext__`/`asend`/`athrow`/`aclose`.
pub struct AsendState {
    pub gen: Value,
    pub value: Value,
    pub mode: AsendMode,
    /// 0 not started, 1 iterating, 2 done
    pub state: Cell<u8>,
}

fn new_asend(gen: Value, value: Value, mode: AsendMode) -> Value {
    Value::Obj(ObjRef::new(
        &types().async_gen_asend,
        Payload::Misc(Box::new(crate::types::misc::MiscPayload::ASend(
            AsendState {
                gen,
                value,
                mode,
                state: Cell::new(0),
            },
        ))),
    ))
}

fn asend_step(this_v: &Value, sent: Value, thrown: Option<PyErr>) -> PyResult<Value> {
    let st_obj = match this_v.payload() {
        Some(Payload::Misc(m)) => match &**m {
            crate::types::misc::MiscPayload::ASend(s) => s,
            _ => return Err(type_error("expected an async generator awaitable")),
        },
        _ => return Err(type_error("expected an async generator awaitable")),
    };
    let (gen, value, mode, st) = (
        st_obj.gen.clone(),
        st_obj.value.clone(),
        st_obj.mode,
        st_obj.state.get(),
    );
    if st == 2 {
        return Err(runtime_error(
            "cannot reuse already awaited __anext__()/asend()",
        ));
    }
    let g = this(&gen)?;
    let set_state = |v: u8| st_obj.state.set(v);
    let r = if st == 0 {
        set_state(1);
        if g.closed.get() && mode != AsendMode::Close {
            set_state(2);
            return Err(PyErr::with_args(&exc().stop_async_iteration, vec![]));
        }
        match (mode, thrown) {
            (_, Some(e)) => gen_throw_err(g, e),
            (AsendMode::Send, None) => resume(g, if g.started.get() { value } else { sent }, None),
            (AsendMode::Throw, None) => gen_throw_err(g, PyErr(value.as_obj().unwrap().clone())),
            (AsendMode::Close, None) => {
                if unsafe { (*g.frame.get()).is_none() } || !g.started.get() {
                    g.closed.set(true);
                    unsafe { *g.frame.get() = None };
                    set_state(2);
                    return Err(stop_iteration(Value::None));
                }
                gen_throw_err(g, PyErr::with_args(&exc().generator_exit, vec![]))
            }
        }
    } else {
        match thrown {
            Some(e) => gen_throw_err(g, e),
            None => resume(g, sent, None),
        }
    };
    match r {
        Ok(ResumeResult::Yield(y)) => {
            if g.last_yield_was_await.get() {
                Ok(y)
            } else {
                set_state(2);
                if mode == AsendMode::Close {
                    return Err(runtime_error("async generator ignored GeneratorExit"));
                }
                Err(stop_iteration(y))
            }
        }
        Ok(ResumeResult::Return(_)) => {
            set_state(2);
            g.closed.set(true);
            if mode == AsendMode::Close {
                return Err(stop_iteration(Value::None));
            }
            Err(PyErr::with_args(&exc().stop_async_iteration, vec![]))
        }
        Err(e) => {
            set_state(2);
            if mode == AsendMode::Close
                && (e.matches(&exc().generator_exit) || e.matches(&exc().stop_async_iteration))
            {
                g.closed.set(true);
                return Err(stop_iteration(Value::None));
            }
            if e.matches(&exc().stop_async_iteration) || e.matches(&exc().generator_exit) {
                g.closed.set(true);
            }
            Err(e)
        }
    }
}
