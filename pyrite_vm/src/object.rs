//! The object model: `Value` (unboxed small values or a counted reference), the heap
//! object header, reference counting and deallocation.
//!
//! Architecture Invariant: all interpreter state is protected by the GIL. Reference
//! counts are plain (non-atomic) integers; `ObjRef` is `Send` only because a thread must
//! hold the GIL to touch any object.
//!
//! Architecture Invariant: ints that fit in i64 and floats are never allocated when their
//! type is exactly `int`/`float`: they live in `Value::Int`/`Value::Float`. A heap `Int`
//! payload of exact type `int` always holds a value outside i64.

use crate::types::Payload;
use std::cell::Cell;
use std::ptr::NonNull;

/// Header of every heap object. `#[repr(C)]` so that the C boundary (`emulation`) can
/// find the mirror slot at a fixed offset.
#[repr(C)]
pub struct Object {
    refcnt: Cell<usize>,
    /// The object's class (a strong reference, except for the static bootstrap types).
    ty: Cell<*const Object>,
    /// The native mirror (`PyObject*`) once this object has crossed to C; owned by
    /// `emulation`, null until then.
    pub mirror: Cell<*mut std::ffi::c_void>,
    /// Instance `__dict__` (a dict object) for instances of classes that have one.
    pub dict: Cell<Option<NonNull<Object>>>,
    /// Position in the GC's list of tracked containers, or `UNTRACKED`.
    pub(crate) gc_index: Cell<u32>,
    /// `flags::*` bits.
    pub(crate) flags: Cell<u32>,
    pub payload: Payload,
}

pub mod flags {
    /// Weak references to this object exist (see `weakref.rs`).
    pub const HAS_WEAKREFS: u32 = 1;
    /// `__del__` already ran (PEP 442: finalizers run once).
    pub const FINALIZED: u32 = 2;
    /// Never deallocated (builtin types and singletons).
    pub const IMMORTAL: u32 = 4;
    /// Used by the cycle collector during a collection.
    pub const GC_REACHABLE: u32 = 8;
}

pub const UNTRACKED: u32 = u32::MAX;

/// A counted, non-null reference to a heap object.
#[repr(transparent)]
pub struct ObjRef(NonNull<Object>);

// SAFETY: objects are only touched by the thread holding the GIL.
unsafe impl Send for ObjRef {}
unsafe impl Sync for ObjRef {}

impl ObjRef {
    /// Allocate a new object with refcount 1.
    pub fn new(ty: &ObjRef, payload: Payload) -> ObjRef {
        ty.incref();
        let tracked = payload.is_container();
        let b = Box::new(Object {
            refcnt: Cell::new(1),
            ty: Cell::new(ty.as_ptr()),
            mirror: Cell::new(std::ptr::null_mut()),
            dict: Cell::new(None),
            gc_index: Cell::new(UNTRACKED),
            flags: Cell::new(0),
            payload,
        });
        let r = ObjRef(NonNull::from(Box::leak(b)));
        if tracked {
            crate::gc::track(&r);
        }
        r
    }

    /// Allocate an object whose class pointer is not counted (bootstrap of `type` itself).
    pub(crate) fn new_immortal_raw(ty: *const Object, payload: Payload) -> ObjRef {
        let b = Box::new(Object {
            refcnt: Cell::new(1 << 40),
            ty: Cell::new(ty),
            mirror: Cell::new(std::ptr::null_mut()),
            dict: Cell::new(None),
            gc_index: Cell::new(UNTRACKED),
            flags: Cell::new(flags::IMMORTAL),
            payload,
        });
        ObjRef(NonNull::from(Box::leak(b)))
    }

    #[inline(always)]
    pub fn as_ptr(&self) -> *const Object {
        self.0.as_ptr()
    }
    /// Build a new strong reference from a raw pointer (increments the count).
    /// # Safety
    /// `p` must point to a live object.
    #[inline(always)]
    pub unsafe fn from_ptr(p: *const Object) -> ObjRef {
        let r = ObjRef(NonNull::new_unchecked(p as *mut Object));
        r.incref();
        r
    }
    /// Take over a reference already counted.
    /// # Safety
    /// `p` must point to a live object and the caller must own one reference.
    #[inline(always)]
    pub unsafe fn from_raw(p: *const Object) -> ObjRef {
        ObjRef(NonNull::new_unchecked(p as *mut Object))
    }
    /// Give up this reference without decrementing (the caller now owns it).
    #[inline(always)]
    pub fn into_raw(self) -> *const Object {
        let p = self.as_ptr();
        std::mem::forget(self);
        p
    }
    #[inline(always)]
    pub fn incref(&self) {
        let o = self.obj();
        o.refcnt.set(o.refcnt.get() + 1);
    }
    #[inline(always)]
    pub fn refcnt(&self) -> usize {
        self.obj().refcnt.get()
    }
    #[inline(always)]
    pub fn obj(&self) -> &Object {
        // SAFETY: an ObjRef always points to a live object.
        unsafe { self.0.as_ref() }
    }
    #[inline(always)]
    pub fn payload(&self) -> &Payload {
        &self.obj().payload
    }
    #[inline(always)]
    pub fn is(&self, other: &ObjRef) -> bool {
        self.0 == other.0
    }
    /// The object's class.
    #[inline(always)]
    pub fn class(&self) -> ObjRef {
        unsafe { ObjRef::from_ptr(self.obj().ty.get()) }
    }
    /// The class pointer without touching the count.
    #[inline(always)]
    pub fn class_ptr(&self) -> *const Object {
        self.obj().ty.get()
    }
    /// Borrow the class as a `&ObjRef`-like view without counting.
    #[inline(always)]
    pub fn class_ref(&self) -> &ObjRef {
        // SAFETY: ObjRef is repr(transparent) over NonNull<Object>, and the Cell holds a
        // non-null pointer to the live class for as long as this object lives.
        unsafe { &*(self.obj().ty.as_ptr() as *const ObjRef) }
    }
    /// Change the class (`obj.__class__ = C`).
    pub fn set_class(&self, ty: &ObjRef) {
        ty.incref();
        let old = self.obj().ty.replace(ty.as_ptr());
        drop(unsafe { ObjRef::from_raw(old) });
    }
    /// The instance dict, if the object has one.
    pub fn dict(&self) -> Option<ObjRef> {
        self.obj()
            .dict
            .get()
            .map(|p| unsafe { ObjRef::from_ptr(p.as_ptr()) })
    }
    pub fn set_dict(&self, d: Option<ObjRef>) {
        let new = d.map(|d| NonNull::new(d.into_raw() as *mut Object).unwrap());
        if let Some(old) = self.obj().dict.replace(new) {
            drop(unsafe { ObjRef::from_raw(old.as_ptr()) });
        }
    }
    pub fn has_flag(&self, f: u32) -> bool {
        self.obj().flags.get() & f != 0
    }
    pub fn set_flag(&self, f: u32) {
        let o = self.obj();
        o.flags.set(o.flags.get() | f);
    }
    pub fn clear_flag(&self, f: u32) {
        let o = self.obj();
        o.flags.set(o.flags.get() & !f);
    }
    /// A stable address used for `id()` and identity hashing.
    pub fn addr(&self) -> usize {
        self.as_ptr() as usize
    }
    pub fn make_immortal(&self) {
        self.set_flag(flags::IMMORTAL);
        self.obj().refcnt.set(self.refcnt() + (1 << 40));
    }
}

impl Clone for ObjRef {
    #[inline(always)]
    fn clone(&self) -> Self {
        self.incref();
        ObjRef(self.0)
    }
}

impl Drop for ObjRef {
    #[inline(always)]
    fn drop(&mut self) {
        let o = self.obj();
        let n = o.refcnt.get() - 1;
        o.refcnt.set(n);
        if n == 0 {
            dealloc(self.0);
        }
    }
}

impl PartialEq for ObjRef {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl Eq for ObjRef {}

impl std::fmt::Debug for ObjRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<object at {:p}>", self.0.as_ptr())
    }
}

/// Set the class pointer of a bootstrap object whose class was null.
pub(crate) fn set_class_raw(o: &ObjRef, t: &ObjRef) {
    t.incref();
    o.obj().ty.set(t.as_ptr());
}

// ---- deallocation with a depth limit (no stack overflow on long chains) ----

thread_local! {
    static DEALLOC_DEPTH: Cell<u32> = const { Cell::new(0) };
    static DEALLOC_PENDING: std::cell::RefCell<Vec<NonNull<Object>>> = const { std::cell::RefCell::new(Vec::new()) };
}

const MAX_DEALLOC_DEPTH: u32 = 64;

#[cold]
#[inline(never)]
fn dealloc(p: NonNull<Object>) {
    let depth = DEALLOC_DEPTH.with(|d| d.get());
    if depth >= MAX_DEALLOC_DEPTH {
        DEALLOC_PENDING.with(|q| q.borrow_mut().push(p));
        return;
    }
    DEALLOC_DEPTH.with(|d| d.set(depth + 1));
    dealloc_one(p);
    if depth == 0 {
        loop {
            let next = DEALLOC_PENDING.with(|q| q.borrow_mut().pop());
            match next {
                Some(p) => dealloc_one(p),
                None => break,
            }
        }
    }
    DEALLOC_DEPTH.with(|d| d.set(depth));
}

fn dealloc_one(p: NonNull<Object>) {
    // SAFETY: the count reached zero, so nobody else holds this object.
    let o = unsafe { p.as_ref() };
    if o.flags.get() & flags::IMMORTAL != 0 {
        o.refcnt.set(1 << 40);
        return;
    }
    // C code may still hold the native mirror: then the C boundary keeps the object
    // alive (it took a reference) and nothing is finalized.
    if !o.mirror.get().is_null() && crate::capi_hooks::object_dying(p.as_ptr()) {
        return;
    }
    // __del__ / weakref callbacks may resurrect the object.
    o.refcnt.set(1);
    let r = ObjRef(p);
    crate::gc::before_dealloc(&r);
    let n = o.refcnt.get() - 1;
    o.refcnt.set(n);
    std::mem::forget(r);
    if n != 0 {
        return; // resurrected
    }
    // a finalizer may have handed the object to C again
    if !o.mirror.get().is_null() && crate::capi_hooks::object_dying(p.as_ptr()) {
        return;
    }
    if o.gc_index.get() != UNTRACKED {
        crate::gc::untrack_ptr(p.as_ptr());
    }
    // SAFETY: allocated by Box in ObjRef::new.
    let b = unsafe { Box::from_raw(p.as_ptr()) };
    let ty = b.ty.get();
    if let Some(d) = b.dict.get() {
        drop(unsafe { ObjRef::from_raw(d.as_ptr()) });
    }
    drop(b);
    drop(unsafe { ObjRef::from_raw(ty) });
}
