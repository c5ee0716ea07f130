//! Cycle collector and finalization.
//!
//! Containers are registered in a table (their index lives in the object header) so a
//! collection can find unreachable cycles the way CPython's collector does: subtract
//! internal references from reference counts; whatever stays above zero is reachable
//! from outside; everything not reachable from those is garbage.

use crate::object::{flags, ObjRef, Object, UNTRACKED};
use crate::types::Payload;
use crate::value::Value;
use std::cell::Cell;

static TRACKED: crate::gil::GilCell<Vec<*const Object>> = crate::gil::GilCell::new(Vec::new());
static ENABLED: crate::gil::GilCell<bool> = crate::gil::GilCell::new(true);
static ALLOCS: crate::gil::GilCell<usize> = crate::gil::GilCell::new(0);
static COLLECTING: crate::gil::GilCell<bool> = crate::gil::GilCell::new(false);
pub const THRESHOLD: usize = 100_000;

pub fn track(o: &ObjRef) {
    let t = TRACKED.get();
    o.obj().gc_index.set(t.len() as u32);
    t.push(o.as_ptr());
    let a = ALLOCS.get();
    *a += 1;
    if *a >= THRESHOLD && *ENABLED.get() && !*COLLECTING.get() {
        *a = 0;
        // collections are only triggered at safe points (see `maybe_collect`)
        PENDING.with(|p| p.set(true));
    }
}

thread_local! {
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

/// Run a collection if the allocation threshold was crossed. Called between
/// instructions at safe points.
pub fn maybe_collect() {
    if PENDING.with(|p| p.replace(false)) {
        collect();
    }
}

pub fn untrack_ptr(p: *const Object) {
    let o = unsafe { &*p };
    let i = o.gc_index.get();
    if i == UNTRACKED {
        return;
    }
    let t = TRACKED.get();
    let last = t.pop().unwrap();
    if (i as usize) < t.len() {
        t[i as usize] = last;
        unsafe { (*last).gc_index.set(i) };
    }
    o.gc_index.set(UNTRACKED);
}

pub fn is_tracked(o: &ObjRef) -> bool {
    o.obj().gc_index.get() != UNTRACKED
}

pub fn set_enabled(on: bool) {
    *ENABLED.get() = on;
}
pub fn is_enabled() -> bool {
    *ENABLED.get()
}
/// New strong references to every tracked object (for `gc.get_objects`).
pub fn tracked_objects() -> Vec<ObjRef> {
    let t = TRACKED.get().clone();
    // SAFETY: the table holds live objects only (untracked before they are freed).
    t.into_iter()
        .filter(|p| !p.is_null() && unsafe { (**p).refcnt_raw() } > 0)
        .map(|p| unsafe { ObjRef::from_ptr(p) })
        .collect()
}

/// Allocations of containers since the last collection (the "generation 0 count").
pub fn allocations_since_collect() -> usize {
    *ALLOCS.get()
}

pub fn tracked_count() -> usize {
    TRACKED.get().len()
}

/// Called when an object's count reached zero, before it is freed: `__del__`.
pub fn before_dealloc(o: &ObjRef) {
    // a suspended generator or coroutine is closed (its finally blocks run)
    if let Payload::Generator(g) = o.payload() {
        if g.started.get()
            && !g.running.get()
            && !o.has_flag(flags::FINALIZED)
            && unsafe { (*g.frame.get()).is_some() }
        {
            o.set_flag(flags::FINALIZED);
            if !matches!(g.kind, crate::types::generator::GenKind::AsyncGenerator) {
                if let Err(e) = crate::types::generator::gen_close(g) {
                    write_unraisable(&e, &Value::Obj(o.clone()));
                }
            } else if !g.closed.get() {
                // an unfinished async generator goes to the finalizer hook (asyncio
                // schedules its aclose()); the call may resurrect it
                if let Some(fin) = unsafe { (*g.finalizer.get()).take() } {
                    if let Err(e) = crate::ops::call::call(&fin, &[Value::Obj(o.clone())], None) {
                        write_unraisable(&e, &fin);
                    }
                }
            }
        }
    }
    let cls = o.class_ref();
    if let Payload::Type(td) = cls.payload() {
        if td.has(crate::types::typeobj::tflags::HAS_DEL) && !o.has_flag(flags::FINALIZED) {
            o.set_flag(flags::FINALIZED);
            if let Some(f) = crate::types::typeobj::lookup_str(cls, "__del__") {
                let v = Value::Obj(o.clone());
                if let Err(e) = crate::ops::call_unbound(&f, &v, &[]) {
                    write_unraisable(&e, &f);
                }
            }
        }
    }
    if o.has_flag(flags::HAS_WEAKREFS) {
        crate::capi_hooks::clear_weakrefs(o);
    }
}

/// Report an exception that cannot be raised ("Exception ignored in: ...").
pub fn write_unraisable(e: &crate::errors::PyErr, obj: &Value) {
    let desc = crate::ops::repr(obj).unwrap_or_else(|_| "<object>".into());
    let mut text = format!("Exception ignored in: {}\n", desc);
    text.push_str(&crate::modules::traceback_fmt::format_exception(&e.value()));
    if let Some(err) = crate::modules::sys::get_sys_attr("stderr") {
        let _ = crate::modules::io_min::write_to(&err, &text);
    }
}

/// Visit every value an object references.
pub fn traverse(o: &ObjRef, f: &mut dyn FnMut(&Value)) {
    // an instance of a C type (or of a C type deriving from a builtin): what its C
    // structure references
    crate::capi_hooks::traverse_native(o.as_ptr(), f);
    if let Some(d) = o.obj().dict.get() {
        let dv = Value::Obj(unsafe { ObjRef::from_ptr(d.as_ptr()) });
        f(&dv);
    }
    let cls = Value::Obj(o.class());
    f(&cls);
    match o.payload() {
        Payload::Instance(s) => {
            for v in unsafe { (*s.0.get()).iter() }.flatten() {
                f(v);
            }
        }
        Payload::Tuple(t) => t.iter().for_each(|v| f(v)),
        Payload::List(l) => l.vec().iter().for_each(|v| f(v)),
        Payload::Dict(d) => d.traverse(f),
        Payload::Set(s) => s.table.traverse(f),
        Payload::Type(td) => {
            f(&Value::Obj(td.dict.clone()));
            for b in td.bases() {
                f(&Value::Obj(b.clone()));
            }
        }
        Payload::Function(func) => {
            f(&Value::Obj(func.code_obj().clone()));
            f(&Value::Obj(func.globals.clone()));
            if let Some(d) = unsafe { &*func.defaults.get() } {
                f(&Value::Obj(d.clone()));
            }
            if let Some(d) = unsafe { &*func.kwdefaults.get() } {
                f(&Value::Obj(d.clone()));
            }
            if let Some(c) = &func.closure {
                f(&Value::Obj(c.clone()));
            }
            f(unsafe { &*func.doc.get() });
            f(unsafe { &*func.module.get() });
            if let Some(a) = unsafe { &*func.annotations.get() } {
                f(a);
            }
        }
        Payload::BoundMethod(b) => {
            f(&b.func);
            f(&b.self_);
        }
        Payload::Builtin(b) => {
            if let Some(s) = &b.self_ {
                f(s);
            }
        }
        Payload::Cell(c) => {
            if let Some(v) = unsafe { &*c.get() } {
                f(v);
            }
        }
        Payload::Frame(fr) => {
            let fr = unsafe { &*fr.0.get() };
            fr.fast.iter().flatten().for_each(|v| f(v));
            fr.cells.iter().for_each(|c| f(&Value::Obj(c.clone())));
            fr.stack.iter().for_each(|v| f(v));
            if let Some(l) = &fr.locals {
                f(l);
            }
            f(&Value::Obj(fr.globals.clone()));
            if let Some(b) = &fr.back {
                f(&Value::Obj(b.clone()));
            }
        }
        Payload::Generator(g) => {
            if let Some(fr) = unsafe { &*g.frame.get() } {
                f(&Value::Obj(fr.clone()));
            }
            if let Some(fin) = unsafe { &*g.finalizer.get() } {
                f(fin);
            }
        }
        Payload::Exception(e) => {
            f(&e.args());
            for v in [e.traceback(), e.cause(), e.context()]
                .into_iter()
                .flatten()
            {
                f(&v);
            }
        }
        Payload::Traceback(t) => {
            if let Some(n) = unsafe { &*t.next.get() } {
                f(n);
            }
            f(&Value::Obj(t.frame.clone()));
        }
        Payload::Descr(d) => match &**d {
            crate::types::descr::Descr::ClassMethod(v)
            | crate::types::descr::Descr::StaticMethod(v) => f(v),
            crate::types::descr::Descr::Property(p) => {
                let p = unsafe { &*p.get() };
                for v in [&p.fget, &p.fset, &p.fdel, &p.doc] {
                    f(v);
                }
            }
            _ => {}
        },
        Payload::Iter(it) => crate::types::iter::traverse(it, f),
        Payload::Misc(m) => match &**m {
            crate::types::misc::MiscPayload::Super(sd) => f(&unsafe { &*sd.get() }.obj),
            crate::types::misc::MiscPayload::MappingProxy(v) => f(v),
            crate::types::misc::MiscPayload::GenericAlias { origin, args } => {
                f(origin);
                f(args);
            }
            crate::types::misc::MiscPayload::Union(v) => f(v),
            crate::types::misc::MiscPayload::Native(n) => n.traverse(f),
            crate::types::misc::MiscPayload::MemoryView(mv) => f(mv.obj.get()),
            crate::types::misc::MiscPayload::ASend(s) => {
                f(&s.gen);
                f(&s.value);
            }
        },
        _ => {}
    }
}

/// Break the references an object holds (to free a garbage cycle).
fn clear(o: &ObjRef) {
    crate::capi_hooks::clear_native(o.as_ptr());
    o.set_dict(None);
    match o.payload() {
        Payload::Instance(s) => {
            let old = unsafe { std::mem::take(&mut *s.0.get()) };
            drop(old);
        }
        Payload::List(l) => drop(l.take_all()),
        Payload::Dict(d) => drop(d.take_all()),
        Payload::Set(s) => drop(s.table.take_all()),
        Payload::Tuple(t) => {
            // SAFETY: the tuple is garbage; nobody observes it any more.
            let p = t.as_ptr() as *mut Value;
            for i in 0..t.len() {
                unsafe {
                    let old = std::ptr::replace(p.add(i), Value::None);
                    drop(old);
                }
            }
        }
        Payload::Cell(c) => {
            let old = unsafe { (*c.get()).take() };
            drop(old);
        }
        Payload::Function(func) => {
            let old = unsafe { (*func.defaults.get()).take() };
            drop(old);
            let old = unsafe { (*func.kwdefaults.get()).take() };
            drop(old);
            let old = unsafe { (*func.annotations.get()).take() };
            drop(old);
        }
        Payload::Frame(_) => {
            let fr = crate::frame::frame_mut(o);
            if !fr.executing {
                drop(std::mem::take(&mut fr.fast));
                drop(std::mem::take(&mut fr.stack));
                drop(std::mem::take(&mut fr.cells));
                drop(fr.locals.take());
                drop(fr.back.take());
            }
        }
        Payload::Generator(g) => {
            if !g.running.get() {
                let old = unsafe { (*g.frame.get()).take() };
                drop(old);
            }
            let fin = unsafe { (*g.finalizer.get()).take() };
            drop(fin);
        }
        Payload::Exception(e) => {
            e.set_traceback(None);
            e.set_cause(None);
            e.set_context(None);
        }
        Payload::Traceback(t) => {
            let old = unsafe { (*t.next.get()).take() };
            drop(old);
        }
        Payload::Misc(m) => match &**m {
            crate::types::misc::MiscPayload::Native(n) => n.clear(),
            // a garbage view gives its foreign export back
            crate::types::misc::MiscPayload::MemoryView(mv) => drop(mv.foreign.take()),
            _ => {}
        },
        Payload::Type(td) => {
            if td.has(crate::types::typeobj::tflags::HEAPTYPE) {
                drop(td.dict().take_all());
            }
        }
        _ => {}
    }
}

/// Run a full collection; returns the number of unreachable objects found.
pub fn collect() -> usize {
    if *COLLECTING.get() {
        return 0;
    }
    *COLLECTING.get() = true;
    let mut total = 0;
    for _round in 0..2 {
        let found = collect_once();
        total += found.0;
        if !found.1 {
            break;
        }
    }
    *COLLECTING.get() = false;
    total
}

/// One pass: (number of garbage objects, whether finalizers ran and a rerun is needed).
fn collect_once() -> (usize, bool) {
    let objs: Vec<*const Object> = TRACKED.get().clone();
    let n = objs.len();
    let mut refs: Vec<isize> = objs
        .iter()
        .map(|&p| unsafe { (*p).refcnt_raw() } as isize + crate::capi_hooks::extra_refs(p))
        .collect();
    for &p in &objs {
        let o = std::mem::ManuallyDrop::new(unsafe { ObjRef::from_raw(p) });
        traverse(&o, &mut |v| {
            if let Value::Obj(r) = v {
                let i = r.obj().gc_index.get();
                if i != UNTRACKED && (i as usize) < n {
                    refs[i as usize] -= 1;
                }
            }
        });
    }
    // everything reachable from an externally referenced object survives
    let mut reachable = vec![false; n];
    let mut stack: Vec<usize> = (0..n).filter(|&i| refs[i] > 0).collect();
    for &i in &stack {
        reachable[i] = true;
    }
    while let Some(i) = stack.pop() {
        let o = std::mem::ManuallyDrop::new(unsafe { ObjRef::from_raw(objs[i]) });
        traverse(&o, &mut |v| {
            if let Value::Obj(r) = v {
                let j = r.obj().gc_index.get();
                if j != UNTRACKED && (j as usize) < n && !reachable[j as usize] {
                    reachable[j as usize] = true;
                    stack.push(j as usize);
                }
            }
        });
    }
    let garbage: Vec<ObjRef> = (0..n)
        .filter(|&i| !reachable[i])
        .map(|i| unsafe { ObjRef::from_ptr(objs[i]) })
        .collect();
    if garbage.is_empty() {
        return (0, false);
    }
    // finalizers first (PEP 442); they may resurrect objects, so collect again after
    let mut ran = false;
    for g in &garbage {
        if let Payload::Type(td) = g.class_ref().payload() {
            if td.has(crate::types::typeobj::tflags::HAS_DEL) && !g.has_flag(flags::FINALIZED) {
                before_dealloc(g);
                ran = true;
            }
        }
    }
    if ran {
        drop(garbage);
        return (0, true);
    }
    let count = garbage.len();
    for g in &garbage {
        clear(g);
    }
    drop(garbage);
    (count, false)
}

impl Object {
    pub(crate) fn refcnt_raw(&self) -> usize {
        // SAFETY: reading the count under the GIL.
        unsafe { *(self as *const Object as *const usize) }
    }
}
