//! Shared machinery for the native data-structure modules (`_collections`,
//! `itertools`, `_functools`, `_sre`, `_struct`, `array`, ...): a generic object
//! payload holding any Rust state (`MiscPayload::Native`), native type creation, and
//! argument helpers.
//!
//! Architecture Invariant: native state is mutated through `UnsafeCell`s and no Rust
//! reference into the state is held across a call into Python code (which could
//! re-enter and mutate the same object).

use crate::errors::*;
use crate::gil::GilCell;
use crate::object::ObjRef;
use crate::types::misc::MiscPayload;
use crate::types::typeobj::{new_type_raw, tdata, tflags, BaseKind};
use crate::types::{types, Payload, Slots};
use crate::value::Value;
use std::any::Any;
use std::cell::UnsafeCell;

/// The Rust state of a native object.
pub trait NativeData: Any {
    /// Visit every strong reference the state owns (for the cycle collector). Must not
    /// report a value more often than it is owned.
    fn traverse(&self, _f: &mut dyn FnMut(&Value)) {}
    /// Drop the references the state owns (to break a garbage cycle).
    fn clear(&self) {}
}

/// The payload of a native object: `__slots__` storage for Python subclasses plus
/// the Rust state.
pub struct NativeObj {
    pub slots: Slots,
    pub data: Box<dyn NativeData>,
}

impl NativeObj {
    pub fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        for v in unsafe { (*self.slots.0.get()).iter() }.flatten() {
            f(v);
        }
        self.data.traverse(f);
    }
    pub fn clear(&self) {
        let old = unsafe { std::mem::take(&mut *self.slots.0.get()) };
        drop(old);
        self.data.clear();
    }
}

/// A cell for native state: interior mutability without borrow flags. Callers never
/// keep the reference across Python code (see the module invariant).
pub struct PCell<T>(UnsafeCell<T>);

impl<T> PCell<T> {
    pub fn new(v: T) -> Self {
        PCell(UnsafeCell::new(v))
    }
    #[allow(clippy::mut_from_ref)]
    #[inline(always)]
    pub fn get(&self) -> &mut T {
        unsafe { &mut *self.0.get() }
    }
    pub fn replace(&self, v: T) -> T {
        std::mem::replace(self.get(), v)
    }
}

impl<T: Clone> PCell<T> {
    pub fn cloned(&self) -> T {
        self.get().clone()
    }
}

impl<T: Default> PCell<T> {
    pub fn take(&self) -> T {
        std::mem::take(self.get())
    }
}

/// Allocate an instance of `cls` holding `data`.
pub fn new_native<T: NativeData>(cls: &ObjRef, data: T) -> Value {
    let slots = crate::types::typeobj::instance_slots(cls);
    Value::Obj(ObjRef::new(
        cls,
        Payload::Misc(Box::new(MiscPayload::Native(NativeObj {
            slots,
            data: Box::new(data),
        }))),
    ))
}

/// The native state of `v` if it is a `T`.
pub fn get<T: NativeData>(v: &Value) -> Option<&T> {
    match v.payload() {
        Some(Payload::Misc(m)) => match &**m {
            MiscPayload::Native(n) => {
                let d: &dyn Any = &*n.data;
                d.downcast_ref::<T>()
            }
            _ => None,
        },
        _ => None,
    }
}

/// The native state of `v` as a `T`, or TypeError naming the expected type.
pub fn this<'a, T: NativeData>(v: &'a Value, what: &str) -> PyResult<&'a T> {
    get::<T>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a '{}' object but received '{}'",
            what,
            v.type_name()
        ))
    })
}

/// Whether `v` carries native state of any kind.
pub fn is_native(v: &Value) -> bool {
    matches!(v.payload(), Some(Payload::Misc(m)) if matches!(&**m, MiscPayload::Native(_)))
}

// ---------------------------------------------------------------------------
// types

/// Create a native type `module.name` deriving from `base` (default `object`).
/// `subclassable` makes it an acceptable base class.
pub fn new_type(name: &str, module: &str, base: Option<&ObjRef>, subclassable: bool) -> ObjRef {
    let base = base.cloned().unwrap_or_else(|| types().object.clone());
    let kind = match tdata(&base).base_kind {
        BaseKind::Object => BaseKind::Other,
        k => k,
    };
    let mut flags = tflags::HAS_WEAKREF | tflags::IMMUTABLE;
    if subclassable {
        flags |= tflags::BASETYPE;
    }
    flags |= tdata(&base).flags.get() & (tflags::SEQUENCE | tflags::MAPPING);
    let d = crate::types::dict::new_dict();
    let t = new_type_raw(
        &types().type_,
        name,
        vec![base.clone()],
        d.as_obj().unwrap().clone(),
        flags,
        kind,
    );
    let mut mro = vec![t.clone()];
    mro.extend(tdata(&base).mro().iter().cloned());
    unsafe { *tdata(&t).mro.get() = mro };
    tdata(&t).dict().set_str("__module__", Value::from(module));
    tdata(&t).dict().set_str("__doc__", Value::None);
    crate::types::typeobj::link_subclass(&t);
    t.make_immortal();
    t
}

/// Finish a type after its methods were added.
pub fn finish_type(t: &ObjRef) {
    crate::types::typeobj::modified(t);
}

/// A lazily created, process-wide type.
pub fn cached_type(cell: &GilCell<Option<ObjRef>>, make: fn() -> ObjRef) -> ObjRef {
    if let Some(t) = cell.get() {
        return t.clone();
    }
    let t = make();
    *cell.get() = Some(t.clone());
    t
}

/// Declare `fn $name() -> ObjRef` returning a cached type built by `$make`.
#[macro_export]
macro_rules! native_type {
    ($name:ident, $make:expr) => {
        pub fn $name() -> $crate::object::ObjRef {
            static CELL: $crate::gil::GilCell<Option<$crate::object::ObjRef>> =
                $crate::gil::GilCell::new(None);
            $crate::modules::ndata::cached_type(&CELL, $make)
        }
    };
}

/// `cls` from `a[0]` of a `__new__`, checking it is a subtype of `base`.
pub fn new_cls(a: &[Value], base: &ObjRef) -> PyResult<ObjRef> {
    let name = tdata(base).name().to_string();
    match a.first() {
        Some(Value::Obj(o)) if matches!(o.payload(), Payload::Type(_)) => {
            if !crate::types::typeobj::is_subtype(o, base) {
                return Err(type_error(format!(
                    "{}.__new__({}): {} is not a subtype of {}",
                    name,
                    tdata(o).name(),
                    tdata(o).name(),
                    name
                )));
            }
            Ok(o.clone())
        }
        Some(v) => Err(type_error(format!(
            "{}.__new__(X): X is not a type object ({})",
            name,
            v.type_name()
        ))),
        None => Err(type_error(format!(
            "{}.__new__(): not enough arguments",
            name
        ))),
    }
}

/// The number of keyword arguments.
#[inline]
pub fn nkw(kw: crate::types::function::Kw) -> usize {
    kw.map_or(0, |k| k.len())
}

/// Positional part of `args` (keyword values trail).
#[inline]
pub fn positional<'a>(args: &'a [Value], kw: crate::types::function::Kw) -> &'a [Value] {
    &args[..args.len() - nkw(kw)]
}

/// Keyword (name, value) pairs.
pub fn kwpairs(args: &[Value], kw: crate::types::function::Kw) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    if let Some(k) = kw {
        let base = args.len() - k.len();
        for (i, n) in k.iter().enumerate() {
            out.push((
                crate::types::str::as_str(n).unwrap_or("").to_string(),
                args[base + i].clone(),
            ));
        }
    }
    out
}

/// `TypeError: X() takes no keyword arguments` when keywords are present.
pub fn no_kw(name: &str, kw: crate::types::function::Kw) -> PyResult<()> {
    if nkw(kw) > 0 {
        return Err(type_error(format!("{}() takes no keyword arguments", name)));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// buffers

/// A copy of the bytes of a bytes-like object (bytes, bytearray, array, memoryview).
pub fn buffer_bytes(v: &Value) -> Option<Vec<u8>> {
    if let Some(b) = crate::types::bytes::as_bytes_like(v) {
        return Some(b);
    }
    if let Some(a) = crate::modules::array::array_bytes(v) {
        return Some(a);
    }
    if v.class_ref().is(&types().memoryview) {
        if let Ok(b) = crate::ops::attr::call_method(v, "tobytes", &[]) {
            return crate::types::bytes::as_bytes_like(&b);
        }
    }
    None
}

/// Bytes of a bytes-like argument or TypeError "a bytes-like object is required, not 'X'".
pub fn need_buffer(v: &Value) -> PyResult<Vec<u8>> {
    buffer_bytes(v).ok_or_else(|| {
        type_error(format!(
            "a bytes-like object is required, not '{}'",
            v.type_name()
        ))
    })
}

/// An int argument as i64 via `__index__` (TypeError for non-integers).
pub fn int_arg(v: &Value) -> PyResult<i64> {
    crate::types::int::index_i64(v)
}

/// Hash a str for use as a dict key etc.
pub fn str_val(s: &str) -> Value {
    Value::from(s)
}

/// The `__slots__` storage of an instance: plain instances and native objects.
pub fn slots_of(v: &Value) -> Option<&Slots> {
    match v.payload() {
        Some(Payload::Instance(s)) => Some(s),
        Some(Payload::Misc(m)) => match &**m {
            MiscPayload::Native(n) => Some(&n.slots),
            _ => None,
        },
        _ => None,
    }
}

/// `__reduce_ex__(protocol)` that defers to the type's own `__reduce__` (the generic
/// `object.__reduce_ex__` does not).
pub fn add_reduce_ex(t: &ObjRef) {
    crate::types::typeobj::add_method(t, "__reduce_ex__", |a, _| {
        crate::ops::attr::call_method(&a[0], "__reduce__", &[])
    });
}

/// Argument `i` of a native call, or TypeError if it was not passed (native methods
/// are called without an arity check).
#[inline]
pub fn arg(a: &[Value], i: usize) -> PyResult<&Value> {
    a.get(i).ok_or_else(|| {
        type_error(format!(
            "expected {} argument{}, got {}",
            i,
            if i == 1 { "" } else { "s" },
            a.len().saturating_sub(1)
        ))
    })
}

/// Argument `i` (cloned), or None if absent (for error messages).
#[inline]
pub fn argv(a: &[Value], i: usize) -> Value {
    a.get(i).cloned().unwrap_or(Value::None)
}
