//! Native mirrors: the `PyObject*` that C code sees for a Pyrite value.
//!
//! Memory layout of a mirror: a [`Head`] (32 bytes) followed by the C structure
//! (`PyObject` header plus what the type's macros read). The head links back to the
//! Rust object (O(1) mirror → object); the object's header `mirror` field links forward
//! (O(1) object → mirror, and the same object always yields the same `PyObject*`).
//!
//! Reference counts. A mirror linked to a live Rust object is in one of two modes:
//! * *biased*: `ob_refcnt = BIAS + c`, where `c` counts the references C code holds;
//!   the Rust side keeps the object alive by itself.
//! * *pinned*: the Rust side dropped all its references while `c > 0`: the object was
//!   resurrected by [`object_dying`], the mirror owns one strong reference (`PINNED`) and
//!   `ob_refcnt = c` exactly, so that C's last `Py_DECREF` reaches `_Py_Dealloc`, which
//!   drops the pin (and, if Rust took the object back meanwhile, returns to biased mode).
//!
//! Unlinked mirrors (`obj` null) are owned by C alone (`ob_refcnt = c`): mirrors of
//! unboxed ints/floats and *pending* objects that C created and Python has not seen yet
//! (`PyTuple_New`, `PyBytes_FromStringAndSize(NULL, n)`, `PyUnicode_New`), materialized
//! into Rust objects when they first cross back.
//!
//! Containers: every non-NULL `ob_item[i]` of a tuple or list mirror owns one C
//! reference to the item's mirror (as in CPython). Such references, and the other ones a
//! mirror holds on behalf of its Rust object, are counted in `Head::container_refs` of
//! the referenced mirror, so they are not reported as external references.

use crate::layout::*;
use crate::statics;
use pyrite_vm::object::{ObjRef, Object};
use pyrite_vm::types::{types, Payload};
use pyrite_vm::value::Value;
use std::collections::HashMap;
use std::ffi::c_void;
use std::ptr::null_mut;

pub const HEAD_SIZE: usize = 32;
/// The part of `ob_refcnt` that stands for the Rust side's hold on a linked object.
pub const BIAS: Py_ssize_t = 10;
pub const MAGIC: u16 = 0x5079;
const DEAD: u16 = 0xdead;

#[repr(C)]
pub struct Head {
    /// The linked Rust object (null for unlinked mirrors).
    pub obj: *const Object,
    pub kind: u8,
    pub flags: u8,
    pub magic: u16,
    /// References to this mirror held by other mirrors for their Rust objects.
    pub container_refs: u32,
    /// Kind-specific: the value of an unboxed int / float bits; a list's sync epoch.
    pub aux: u64,
    pub ext: *mut Ext,
}

const _: () = assert!(std::mem::size_of::<Head>() == HEAD_SIZE);

pub mod kind {
    pub const PLAIN: u8 = 0;
    pub const UNBOXED_INT: u8 = 1;
    pub const UNBOXED_FLOAT: u8 = 2;
    pub const LONG: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const COMPLEX: u8 = 5;
    pub const TUPLE: u8 = 6;
    pub const LIST: u8 = 7;
    pub const DICT: u8 = 8;
    pub const STR: u8 = 9;
    pub const BYTES: u8 = 10;
    pub const BYTEARRAY: u8 = 11;
    pub const TYPE: u8 = 12;
    pub const CFUNC: u8 = 13;
    pub const METHOD: u8 = 14;
    pub const EXC: u8 = 15;
    pub const SLICE: u8 = 16;
    /// An instance of a type defined in C (its structure follows the head).
    pub const CINST: u8 = 17;
}

pub mod flag {
    /// The mirror owns a strong reference to `obj`; `ob_refcnt` is unbiased.
    pub const PINNED: u8 = 1;
    /// Created by C, not yet materialized as a Rust object.
    pub const PENDING: u8 = 2;
    /// A tuple created by C: its items may still be rewritten by C (checked whenever it
    /// crosses back).
    pub const C_CREATED: u8 = 4;
    /// A list created by `PyList_New(n)` whose slots C may still fill with `PyList_SET_ITEM`.
    pub const LIST_FILL: u8 = 8;
    /// A tuple with mutable container items: refresh them when it crosses.
    pub const DEEP: u8 = 16;
    /// A C-made mirror standing for an existing shared object (see `pending_alias`).
    pub const ALIAS: u8 = 32;
    /// A C instance tracked by the cycle collector (`PyObject_GC_Track`).
    pub const GC_TRACKED: u8 = 64;
}

/// Extra per-mirror data, allocated on demand.
#[derive(Default)]
pub struct Ext {
    /// Values kept alive for the mirror (e.g. a type's bases tuple).
    pub keep: Vec<Value>,
    /// Mirrors of unboxed values handed out as borrowed references from this container.
    pub borrowed: HashMap<(u8, u64), *mut PyObject>,
    /// C strings owned by the mirror (`tp_name`, ...).
    pub cstrings: Vec<std::ffi::CString>,
    /// Owned C references released when the mirror goes (counted as container refs).
    pub owned: Vec<*mut PyObject>,
    /// Raw blocks to free with the mirror (slot tables, utf8 caches).
    pub blocks: Vec<*mut c_void>,
    /// Capacity of a list mirror's `ob_item` block.
    pub cap: usize,
}

/// 2 = not read yet; process-wide (an environment setting), so a plain atomic rather
/// than a thread-local (whose lookup costs a call in a shared library).
static DEBUG: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(2);

/// `PYRITE_CAPI_DEBUG=1`: detectable misuse becomes a fatal error.
#[inline]
pub fn debug() -> bool {
    use std::sync::atomic::Ordering::Relaxed;
    let v = DEBUG.load(Relaxed);
    if v != 2 {
        return v == 1;
    }
    let on = std::env::var("PYRITE_CAPI_DEBUG")
        .map(|s| !s.is_empty() && s != "0")
        .unwrap_or(false);
    DEBUG.store(on as u8, Relaxed);
    on
}

/// Report C-API misuse as CPython reports fatal errors, and abort.
#[cold]
pub fn fatal(func: &str, what: &str) -> ! {
    eprintln!("Fatal Python error: {}: {}", func, what);
    eprintln!("Python runtime state: initialized");
    std::process::abort()
}

static EPOCH: pyrite_vm::gil::GilCell<u64> = pyrite_vm::gil::GilCell::new(1);

/// Python code may have run since C last looked: list mirrors crossing to C again
/// are re-synchronized with their Rust lists.
#[inline]
pub fn bump_epoch() {
    *EPOCH.get() += 1;
}

#[inline(always)]
pub fn epoch() -> u64 {
    *EPOCH.get()
}

// ---------------------------------------------------------------------------
// allocation

#[inline(always)]
pub fn head(p: *mut PyObject) -> *mut Head {
    (p as *mut u8).wrapping_sub(HEAD_SIZE) as *mut Head
}

const FREELIST_MAX: usize = 1024;
const UNBOXED_BODY: usize = 40; // PyLongObject with up to 3 digits / PyFloatObject

static FREELIST: pyrite_vm::gil::GilCell<Vec<*mut u8>> = pyrite_vm::gil::GilCell::new(Vec::new());

/// Allocate a zeroed mirror of `body` bytes (after the head) of the given kind, with
/// `ob_refcnt = refcnt` and `ob_type = ty`.
pub fn alloc(k: u8, body: usize, ty: *mut PyTypeObject, refcnt: Py_ssize_t) -> *mut PyObject {
    let small = body <= UNBOXED_BODY;
    let base = if small && !debug() {
        match FREELIST.get().pop() {
            Some(b) => {
                // SAFETY: a freelist block is HEAD_SIZE + UNBOXED_BODY bytes.
                unsafe { std::ptr::write_bytes(b, 0, HEAD_SIZE + UNBOXED_BODY) };
                b
            }
            // SAFETY: plain allocation.
            None => unsafe { libc::calloc(1, HEAD_SIZE + UNBOXED_BODY) as *mut u8 },
        }
    } else {
        // SAFETY: plain allocation.
        unsafe { libc::calloc(1, HEAD_SIZE + body.max(UNBOXED_BODY)) as *mut u8 }
    };
    if base.is_null() {
        fatal("mirror allocation", "out of memory");
    }
    // SAFETY: base points to a zeroed block large enough for the head and the body.
    unsafe {
        let h = base as *mut Head;
        (*h).kind = k;
        (*h).magic = MAGIC;
        let p = base.add(HEAD_SIZE) as *mut PyObject;
        (*p).ob_refcnt = refcnt;
        (*p).ob_type = ty;
        p
    }
}

fn free_block(p: *mut PyObject, small: bool) {
    let h = head(p);
    // SAFETY: p is a mirror allocated by `alloc`.
    unsafe {
        (*h).magic = DEAD;
        (*h).obj = std::ptr::null();
        if debug() {
            // keep the memory so that later use is detected
            return;
        }
        let fl = FREELIST.get();
        if small && fl.len() < FREELIST_MAX {
            fl.push(h as *mut u8);
        } else {
            libc::free(h as *mut c_void);
        }
    }
}

/// The mirror's extension record (created on first use).
#[inline]
pub fn ext(p: *mut PyObject) -> &'static mut Ext {
    let h = head(p);
    // SAFETY: p is a live mirror; the ext box lives as long as the mirror.
    unsafe {
        if (*h).ext.is_null() {
            (*h).ext = Box::into_raw(Box::default());
        }
        &mut *(*h).ext
    }
}

/// Is `p` a static object (no head)?
#[inline]
pub fn is_static(p: *mut PyObject) -> bool {
    if statics::small_int_value(p).is_some() {
        return true;
    }
    if p == statics::none()
        || p == statics::py_true()
        || p == statics::py_false()
        || p == statics::not_implemented()
        || p == statics::ellipsis()
    {
        return true;
    }
    // SAFETY: p is a valid object pointer (caller contract).
    let t = unsafe { (*p).ob_type };
    if is_type_type(t) {
        return statics::static_type(p).is_some();
    }
    false
}

/// Is `t` `type` or a subclass of it (so objects of type `t` are type objects)?
#[inline]
pub fn is_type_type(t: *mut PyTypeObject) -> bool {
    if t == statics::type_type() {
        return true;
    }
    // SAFETY: ob_type of a valid object is a valid type object.
    !t.is_null() && unsafe { (*t).tp_flags } & Py_TPFLAGS_TYPE_SUBCLASS != 0
}

// ---------------------------------------------------------------------------
// reference counting

#[inline(always)]
pub fn incref(p: *mut PyObject) {
    // SAFETY: p is a valid object pointer.
    unsafe { (*p).ob_refcnt += 1 };
}

#[inline(always)]
pub fn decref(p: *mut PyObject) {
    // SAFETY: p is a valid object pointer.
    unsafe {
        (*p).ob_refcnt -= 1;
        if (*p).ob_refcnt == 0 {
            dealloc(p);
        }
    }
}

#[inline]
pub fn xdecref(p: *mut PyObject) {
    if !p.is_null() {
        decref(p)
    }
}

/// Mark an already counted reference as held by a container mirror.
#[inline]
pub fn container_mark(p: *mut PyObject) {
    if !p.is_null() && !is_static(p) {
        // SAFETY: p is a live mirror with a head.
        unsafe { (*head(p)).container_refs += 1 };
    }
}

/// Release a reference marked with [`container_mark`].
#[inline]
pub fn container_release(p: *mut PyObject) {
    if p.is_null() {
        return;
    }
    if !is_static(p) {
        // SAFETY: as above.
        unsafe {
            let h = head(p);
            if (*h).container_refs > 0 {
                (*h).container_refs -= 1;
            }
        }
    }
    decref(p);
}

/// `_Py_Dealloc`: C released its last reference to `p`.
pub fn dealloc(p: *mut PyObject) {
    if is_static(p) {
        // SAFETY: static object.
        unsafe { (*p).ob_refcnt = statics::IMMORTAL };
        return;
    }
    check_live("_Py_Dealloc", p);
    let h = head(p);
    // SAFETY: p is a mirror.
    unsafe {
        if (*h).flags & flag::PINNED != 0 {
            unpin(p);
            return;
        }
        if !(*h).obj.is_null() {
            // biased mirror whose count reached zero: C released more than it owned
            if debug() {
                fatal(
                    "_Py_Dealloc",
                    "object refcount below zero (C code released a reference it did not own)",
                );
            }
            (*p).ob_refcnt = BIAS;
            return;
        }
        if let Some(f) = crate::types::c_dealloc_hook(p) {
            f(p);
            return;
        }
        release(p);
    }
}

/// The mirror's pin: C's last reference went away.
unsafe fn unpin(p: *mut PyObject) {
    let h = head(p);
    (*h).flags &= !flag::PINNED;
    (*p).ob_refcnt = BIAS;
    let o = ObjRef::from_raw((*h).obj);
    // If this was the last reference, the object dies now and `object_dying` releases
    // the mirror (its C count is zero).
    drop(o);
}

/// In debug mode: abort with a clear message if `p` is NULL or a freed object.
#[inline]
pub fn check_live(func: &str, p: *mut PyObject) {
    if debug() {
        if !pyrite_vm::modules::thread::holds_gil() {
            fatal(func, "the function must be called with the GIL held (this thread released it or never took it: see PyGILState_Ensure)");
        }
        if p.is_null() {
            fatal(func, "NULL object passed");
        }
        if !is_static(p) {
            // SAFETY: reading the head of a pointer that should be a mirror.
            let m = unsafe { (*head(p)).magic };
            if m == DEAD {
                fatal(func, "use of a freed object");
            }
        }
    }
}

/// Free an unlinked (or dying) mirror and everything it owns.
///
/// # Safety
/// `p` is a mirror nobody uses any more.
pub unsafe fn release(p: *mut PyObject) {
    let h = head(p);
    let k = (*h).kind;
    match k {
        kind::TUPLE => {
            // items of a tuple never seen by Python hold plain C references
            let marked = (*h).flags & flag::PENDING == 0;
            let n = (*(p as *mut PyVarObject)).ob_size.max(0) as usize;
            let items = (*(p as *mut PyTupleObject)).ob_item.as_mut_ptr();
            for i in 0..n {
                let it = *items.add(i);
                *items.add(i) = null_mut();
                if marked {
                    container_release(it);
                } else {
                    xdecref(it);
                }
            }
        }
        kind::LIST => {
            let l = p as *mut PyListObject;
            let n = (*l).ob_base.ob_size.max(0) as usize;
            let items = (*l).ob_item;
            if !items.is_null() {
                for i in 0..n {
                    let it = *items.add(i);
                    *items.add(i) = null_mut();
                    container_release(it);
                }
                libc::free(items as *mut c_void);
                (*l).ob_item = null_mut();
            }
            if (*h).flags & flag::LIST_FILL != 0 {
                FILL_LISTS.get().retain(|&q| q != p);
            }
        }
        kind::STR => crate::unicode::release_str(p),
        kind::BYTEARRAY => {
            BA_WRITERS.get().retain(|(q, _)| *q != p);
            let b = p as *mut PyByteArrayObject;
            if !(*b).ob_bytes.is_null() {
                libc::free((*b).ob_bytes as *mut c_void);
                (*b).ob_bytes = null_mut();
            }
        }
        _ => {}
    }
    if !(*h).ext.is_null() {
        let e = Box::from_raw((*h).ext);
        (*h).ext = null_mut();
        for (_, b) in e.borrowed.iter() {
            decref(*b);
        }
        for o in e.owned.iter() {
            container_release(*o);
        }
        for b in e.blocks.iter() {
            libc::free(*b);
        }
        drop(e);
    }
    let small = matches!(k, kind::UNBOXED_INT | kind::UNBOXED_FLOAT);
    free_block(p, small);
}

// ---------------------------------------------------------------------------
// hooks called by the core

/// `capi_hooks::object_dying`: the Rust object `o` (which has a mirror) is being freed.
pub fn object_dying(o: *const Object) -> bool {
    // SAFETY: o is the dying object; its payload is still intact.
    let obj = unsafe { &*o };
    let p = obj.mirror.get() as *mut PyObject;
    if p.is_null() || is_static(p) {
        return false;
    }
    let h = head(p);
    // SAFETY: p is the object's mirror.
    unsafe {
        // references the container's own mirror holds to itself do not keep it alive
        let c = (*p).ob_refcnt - BIAS - self_refs(p);
        if c > 0 {
            // C still holds references: keep the object alive for it.
            let pin = ObjRef::from_ptr(o);
            std::mem::forget(pin);
            (*h).flags |= flag::PINNED;
            (*p).ob_refcnt = c;
            return true;
        }
        if c < 0 && debug() {
            fatal(
                "object_dying",
                "object refcount below zero (C code released a reference it did not own)",
            );
        }
        obj.mirror.set(null_mut());
        (*h).obj = std::ptr::null();
        if (*h).kind == kind::CINST {
            // both sides let go of a C instance: its C destructor frees it
            crate::ctype::dealloc_instance(p);
            return false;
        }
        if (*h).kind == kind::TYPE {
            crate::types::type_dying(p);
        }
        if (*h).kind == kind::PLAIN {
            crate::cfunc::object_dying_plain(obj, p);
        }
        crate::ctype::dying_derived(p);
        release(p);
    }
    false
}

/// How many slots of a tuple/list mirror hold the mirror itself.
unsafe fn self_refs(p: *mut PyObject) -> isize {
    let (items, n) = match (*head(p)).kind {
        kind::TUPLE => (
            (*(p as *mut PyTupleObject)).ob_item.as_mut_ptr(),
            (*(p as *mut PyVarObject)).ob_size,
        ),
        kind::LIST => (
            (*(p as *mut PyListObject)).ob_item,
            (*(p as *mut PyVarObject)).ob_size,
        ),
        _ => return 0,
    };
    if items.is_null() {
        return 0;
    }
    (0..n.max(0) as usize)
        .filter(|&i| *items.add(i) == p)
        .count() as isize
}

/// `capi_hooks::extra_refs`.
pub fn extra_refs(o: *const Object) -> isize {
    // SAFETY: o is live.
    let p = unsafe { (*o).mirror.get() } as *mut PyObject;
    if p.is_null() || is_static(p) {
        return 0;
    }
    // SAFETY: p is the object's mirror.
    unsafe {
        let h = head(p);
        let cr = (*h).container_refs as isize;
        if (*h).flags & flag::PINNED != 0 {
            (*p).ob_refcnt - cr - 1
        } else {
            ((*p).ob_refcnt - BIAS - cr).max(0)
        }
    }
}

// ---------------------------------------------------------------------------
// Rust → C

/// A new C reference to `v`'s mirror.
#[inline]
pub fn to_c_new(v: &Value) -> *mut PyObject {
    match v {
        Value::None => statics::none(),
        Value::Bool(true) => statics::py_true(),
        Value::Bool(false) => statics::py_false(),
        Value::Int(i) => match statics::small_int(*i) {
            Some(p) => p,
            None => new_unboxed_int(*i),
        },
        Value::Float(f) => new_unboxed_float(*f),
        Value::Obj(o) => {
            let p = to_c_borrowed_obj(o);
            incref(p);
            p
        }
    }
}

/// The mirror of a heap object, without a new reference (valid while `o` lives).
#[inline]
pub fn to_c_borrowed_obj(o: &ObjRef) -> *mut PyObject {
    let p = o.obj().mirror.get() as *mut PyObject;
    if p.is_null() {
        return create_mirror(o);
    }
    match o.payload() {
        Payload::List(_) | Payload::Tuple(_) | Payload::Dict(_) | Payload::ByteArray(_) => {
            refresh(o, p)
        }
        _ => {}
    }
    p
}

/// A borrowed reference to `v` that stays valid as long as `owner` (a mirror) lives:
/// unboxed values get a mirror owned by `owner` (one per distinct value).
pub fn to_c_borrowed_in(v: &Value, owner: *mut PyObject) -> *mut PyObject {
    match v {
        Value::Obj(o) => to_c_borrowed_obj(o),
        Value::Int(_) | Value::Float(_) => {
            let key = match v {
                Value::Int(i) => {
                    if let Some(s) = statics::small_int(*i) {
                        return s;
                    }
                    (kind::UNBOXED_INT, *i as u64)
                }
                Value::Float(f) => (kind::UNBOXED_FLOAT, f.to_bits()),
                _ => unreachable!(),
            };
            let table = if owner.is_null() || is_static(owner) {
                global_borrowed()
            } else {
                &mut ext(owner).borrowed
            };
            *table.entry(key).or_insert_with(|| to_c_new(v))
        }
        _ => to_c_new(v),
    }
}

static GLOBAL_BORROWED: pyrite_vm::gil::GilCell<Option<HashMap<(u8, u64), *mut PyObject>>> =
    pyrite_vm::gil::GilCell::new(None);

fn global_borrowed() -> &'static mut HashMap<(u8, u64), *mut PyObject> {
    GLOBAL_BORROWED.get().get_or_insert_with(HashMap::new)
}

/// A borrowed reference whose owner is the process (for values reachable from module
/// state, e.g. `PySys_GetObject`): unboxed values get one immortal mirror per value.
pub fn to_c_borrowed_global(v: &Value) -> *mut PyObject {
    to_c_borrowed_in(v, null_mut())
}

pub fn new_unboxed_int(i: i64) -> *mut PyObject {
    let p = alloc(kind::UNBOXED_INT, UNBOXED_BODY, statics::long_type(), 1);
    // SAFETY: p is a fresh mirror with room for 3 digits.
    unsafe {
        (*head(p)).aux = i as u64;
        write_i64_digits(p as *mut PyLongObject, i);
    }
    p
}

pub fn new_unboxed_float(f: f64) -> *mut PyObject {
    let p = alloc(kind::UNBOXED_FLOAT, UNBOXED_BODY, statics::float_type(), 1);
    // SAFETY: p is a fresh float mirror.
    unsafe {
        (*head(p)).aux = f.to_bits();
        (*(p as *mut PyFloatObject)).ob_fval = f;
    }
    p
}

/// # Safety
/// `l` has room for the digits of `i` (at most 3).
unsafe fn write_i64_digits(l: *mut PyLongObject, i: i64) {
    let mut m = i.unsigned_abs();
    let d = (*l).ob_digit.as_mut_ptr();
    let mut n = 0;
    while m != 0 {
        *d.add(n) = (m & PYLONG_MASK as u64) as u32;
        m >>= PYLONG_SHIFT;
        n += 1;
    }
    (*l).ob_base.ob_size = if i < 0 { -(n as isize) } else { n as isize };
}

/// The 30-bit digits of a big integer's magnitude (least significant first).
pub fn bigint_digits(b: &num_bigint::BigInt) -> Vec<u32> {
    let mut out = Vec::new();
    let mut acc: u64 = 0;
    let mut bits = 0u32;
    for w in b.magnitude().iter_u32_digits() {
        acc |= (w as u64) << bits;
        bits += 32;
        while bits >= PYLONG_SHIFT {
            out.push((acc & PYLONG_MASK as u64) as u32);
            acc >>= PYLONG_SHIFT;
            bits -= PYLONG_SHIFT;
        }
    }
    if acc != 0 {
        out.push(acc as u32);
    }
    while out.last() == Some(&0) {
        out.pop();
    }
    out
}

/// Build the mirror of a heap object that has none yet.
fn create_mirror(o: &ObjRef) -> *mut PyObject {
    if let Payload::Type(_) = o.payload() {
        return crate::types::type_mirror(o) as *mut PyObject;
    }
    let ty = crate::types::type_mirror(o.class_ref());
    let p = match o.payload() {
        Payload::Tuple(items) => {
            let n = items.len();
            let p = alloc(kind::TUPLE, 24 + 8 * n.max(1), ty, BIAS);
            link(o, p);
            // SAFETY: fresh tuple mirror with n slots.
            unsafe {
                (*(p as *mut PyVarObject)).ob_size = n as isize;
                let slots = (*(p as *mut PyTupleObject)).ob_item.as_mut_ptr();
                let mut deep = false;
                for (i, it) in items.iter().enumerate() {
                    let ip = to_c_new(it);
                    container_mark(ip);
                    *slots.add(i) = ip;
                    if let Value::Obj(io) = it {
                        match io.payload() {
                            Payload::List(_) | Payload::Dict(_) | Payload::ByteArray(_) => {
                                deep = true
                            }
                            Payload::Tuple(_) => {
                                if !is_static(ip) && (*head(ip)).flags & flag::DEEP != 0 {
                                    deep = true
                                }
                            }
                            _ => {}
                        }
                    }
                }
                if deep {
                    (*head(p)).flags |= flag::DEEP;
                    (*head(p)).aux = epoch();
                }
            }
            return p;
        }
        Payload::List(l) => {
            let p = alloc(
                kind::LIST,
                crate::ctype::mirror_body_size(o.class_ref(), std::mem::size_of::<PyListObject>()),
                ty,
                BIAS,
            );
            link(o, p);
            crate::ctype::note_derived_mirror(o.class_ref(), p);
            sync_list(p, l);
            return p;
        }
        Payload::Int(b) => {
            let digits = bigint_digits(b);
            let p = alloc(kind::LONG, 24 + 4 * digits.len().max(1), ty, BIAS);
            // SAFETY: room for the digits.
            unsafe {
                let l = p as *mut PyLongObject;
                let d = (*l).ob_digit.as_mut_ptr();
                for (i, x) in digits.iter().enumerate() {
                    *d.add(i) = *x;
                }
                let n = digits.len() as isize;
                (*l).ob_base.ob_size = if b.sign() == num_bigint::Sign::Minus {
                    -n
                } else {
                    n
                };
            }
            p
        }
        Payload::Float(f) => {
            let p = alloc(
                kind::FLOAT,
                crate::ctype::mirror_body_size(o.class_ref(), std::mem::size_of::<PyFloatObject>()),
                ty,
                BIAS,
            );
            // SAFETY: fresh float mirror.
            unsafe { (*(p as *mut PyFloatObject)).ob_fval = *f };
            p
        }
        Payload::Complex(re, im) => {
            let p = alloc(
                kind::COMPLEX,
                crate::ctype::mirror_body_size(
                    o.class_ref(),
                    std::mem::size_of::<PyComplexObject>(),
                ),
                ty,
                BIAS,
            );
            // SAFETY: fresh complex mirror.
            unsafe {
                (*(p as *mut PyComplexObject)).cval = Py_complex {
                    real: *re,
                    imag: *im,
                }
            };
            p
        }
        Payload::Str(s) => crate::unicode::str_mirror(s.as_str(), s.hash() as isize, ty, BIAS),
        Payload::Bytes(b) => {
            let p = new_bytes_mirror(&b.data, ty, BIAS);
            // SAFETY: fresh bytes mirror.
            unsafe { (*(p as *mut PyBytesObject)).ob_shash = b.hash() as isize };
            p
        }
        Payload::ByteArray(b) => {
            let p = alloc(
                kind::BYTEARRAY,
                crate::ctype::mirror_body_size(
                    o.class_ref(),
                    std::mem::size_of::<PyByteArrayObject>(),
                ),
                ty,
                BIAS,
            );
            link(o, p);
            crate::ctype::note_derived_mirror(o.class_ref(), p);
            sync_bytearray_r2c(p, b.vec());
            return p;
        }
        Payload::Dict(d) => {
            let p = alloc(
                kind::DICT,
                crate::ctype::mirror_body_size(o.class_ref(), std::mem::size_of::<PyDictObject>()),
                ty,
                BIAS,
            );
            // SAFETY: fresh dict mirror.
            unsafe { (*(p as *mut PyDictObject)).ma_used = d.len() as isize };
            p
        }
        Payload::Builtin(b) => {
            let p = alloc(
                kind::CFUNC,
                std::mem::size_of::<PyCMethodObject>(),
                ty,
                BIAS,
            );
            link(o, p);
            crate::cfunc::fill_cfunction_mirror(p, o, b);
            return p;
        }
        Payload::BoundMethod(m) => {
            let p = alloc(
                kind::METHOD,
                std::mem::size_of::<PyMethodObject>(),
                ty,
                BIAS,
            );
            link(o, p);
            let f = to_c_new(&m.func);
            let s = to_c_new(&m.self_);
            container_mark(f);
            container_mark(s);
            // SAFETY: fresh method mirror.
            unsafe {
                (*(p as *mut PyMethodObject)).im_func = f;
                (*(p as *mut PyMethodObject)).im_self = s;
            }
            ext(p).owned.extend([f, s]);
            return p;
        }
        Payload::Exception(e) => {
            // room for the largest exception structure of the headers
            let p = alloc(
                kind::EXC,
                crate::ctype::mirror_body_size(o.class_ref(), 160),
                ty,
                BIAS,
            );
            link(o, p);
            crate::ctype::note_derived_mirror(o.class_ref(), p);
            let a = to_c_new(&e.args());
            container_mark(a);
            // SAFETY: fresh exception mirror.
            unsafe { (*(p as *mut PyBaseExceptionObject)).args = a };
            ext(p).owned.push(a);
            return p;
        }
        Payload::Slice(s) => {
            let p = alloc(kind::SLICE, std::mem::size_of::<PySliceObject>(), ty, BIAS);
            link(o, p);
            let v: Vec<*mut PyObject> = s
                .iter()
                .map(|x| {
                    let q = to_c_new(x);
                    container_mark(q);
                    q
                })
                .collect();
            // SAFETY: fresh slice mirror.
            unsafe {
                let sl = p as *mut PySliceObject;
                (*sl).start = v[0];
                (*sl).stop = v[1];
                (*sl).step = v[2];
            }
            ext(p).owned.extend(v);
            return p;
        }
        _ => alloc(
            kind::PLAIN,
            crate::ctype::mirror_body_size(o.class_ref(), 32),
            ty,
            BIAS,
        ),
    };
    link(o, p);
    crate::ctype::note_derived_mirror(o.class_ref(), p);
    p
}

#[inline]
pub(crate) fn link(o: &ObjRef, p: *mut PyObject) {
    // SAFETY: p is a fresh mirror.
    unsafe { (*head(p)).obj = o.as_ptr() };
    o.obj().mirror.set(p as *mut c_void);
}

pub fn new_bytes_mirror(data: &[u8], ty: *mut PyTypeObject, refcnt: isize) -> *mut PyObject {
    let p = alloc(kind::BYTES, 32 + data.len() + 1, ty, refcnt);
    // SAFETY: room for the data and the NUL.
    unsafe {
        let b = p as *mut PyBytesObject;
        (*b).ob_base.ob_size = data.len() as isize;
        (*b).ob_shash = -1;
        std::ptr::copy_nonoverlapping(
            data.as_ptr(),
            (*b).ob_sval.as_mut_ptr() as *mut u8,
            data.len(),
        );
    }
    p
}

// ---------------------------------------------------------------------------
// keeping container mirrors in sync

/// Whether the mirror `cur` currently stands for the value `v` (no allocation).
pub fn same(cur: *mut PyObject, v: &Value) -> bool {
    if cur.is_null() {
        return false;
    }
    match v {
        Value::Obj(o) => o.obj().mirror.get() as *mut PyObject == cur,
        Value::None => cur == statics::none(),
        Value::Bool(b) => {
            cur == if *b {
                statics::py_true()
            } else {
                statics::py_false()
            }
        }
        // SAFETY (below): non-static mirrors have a head.
        Value::Int(i) => match statics::small_int(*i) {
            Some(s) => cur == s,
            None => {
                !is_static(cur)
                    && unsafe {
                        (*head(cur)).kind == kind::UNBOXED_INT && (*head(cur)).aux == *i as u64
                    }
            }
        },
        Value::Float(f) => {
            !is_static(cur)
                && unsafe {
                    (*head(cur)).kind == kind::UNBOXED_FLOAT && (*head(cur)).aux == f.to_bits()
                }
        }
    }
}

/// Bring a container mirror up to date with its Rust object (when it crosses to C).
fn refresh(o: &ObjRef, p: *mut PyObject) {
    let h = head(p);
    // SAFETY: p is o's mirror.
    unsafe {
        match o.payload() {
            Payload::List(l) => {
                if (*h).flags & flag::LIST_FILL != 0 {
                    fill_list(p, l);
                }
                if (*h).aux != epoch() {
                    sync_list(p, l);
                }
            }
            Payload::Tuple(items) => {
                if (*h).flags & flag::DEEP != 0 && (*h).aux != epoch() {
                    (*h).aux = epoch();
                    let n = ((*(p as *mut PyVarObject)).ob_size.max(0) as usize).min(items.len());
                    let slots = (*(p as *mut PyTupleObject)).ob_item.as_mut_ptr();
                    for (i, it) in items.iter().enumerate().take(n) {
                        if let Value::Obj(io) = it {
                            let s = *slots.add(i);
                            if !s.is_null() && io.obj().mirror.get() as *mut PyObject == s {
                                refresh(io, s);
                            }
                        }
                    }
                }
            }
            Payload::Dict(d) => (*(p as *mut PyDictObject)).ma_used = d.len() as isize,
            Payload::ByteArray(b) => sync_bytearray_r2c(p, b.vec()),
            _ => {}
        }
    }
}

/// Make a list mirror's `ob_item` match the Rust list (Rust → C).
pub fn sync_list(p: *mut PyObject, l: &pyrite_vm::types::list::PyList) {
    let l = l.vec();
    let n = l.len();
    // SAFETY: p is a list mirror; ob_item holds `ob_size` valid entries.
    unsafe {
        // mark first: an item may be the list itself (or contain it)
        (*head(p)).aux = epoch();
        let lp = p as *mut PyListObject;
        let old = (*lp).ob_base.ob_size.max(0) as usize;
        ensure_list_capacity(lp, n);
        let items = (*lp).ob_item;
        for (i, v) in l.iter().enumerate() {
            let cur = if i < old { *items.add(i) } else { null_mut() };
            if !same(cur, v) {
                let np = to_c_new(v);
                container_mark(np);
                *items.add(i) = np;
                if !cur.is_null() {
                    container_release(cur);
                }
            }
        }
        for i in n..old {
            let cur = *items.add(i);
            *items.add(i) = null_mut();
            container_release(cur);
        }
        (*lp).ob_base.ob_size = n as isize;
        // `allocated == ob_size`: extensions that append in place when there is spare
        // room (Cython's fast append) call PyList_Append instead.
        (*lp).allocated = n as isize;
        (*head(p)).aux = epoch();
    }
}

/// Make room for `n` slots in a list mirror (the real capacity is kept in the
/// mirror's ext record; `allocated` is what C sees).
///
/// # Safety
/// `lp` is a list mirror.
pub unsafe fn ensure_list_capacity(lp: *mut PyListObject, n: usize) {
    let e = ext(lp as *mut PyObject);
    if (*lp).ob_item.is_null() || n > e.cap {
        let new_cap = (n + n / 4 + 4).max(4);
        let np = libc::realloc((*lp).ob_item as *mut c_void, new_cap * 8) as *mut *mut PyObject;
        if np.is_null() {
            fatal("list mirror", "out of memory");
        }
        let old = if (*lp).ob_item.is_null() { 0 } else { e.cap };
        for i in old..new_cap {
            *np.add(i) = null_mut();
        }
        (*lp).ob_item = np;
        e.cap = new_cap;
    }
}

/// Lists created by C that may still have slots filled by `PyList_SET_ITEM`.
static FILL_LISTS: pyrite_vm::gil::GilCell<Vec<*mut PyObject>> =
    pyrite_vm::gil::GilCell::new(Vec::new());

/// Take over what C wrote into a list mirror's slots (C → Rust).
pub fn fill_list(p: *mut PyObject, l: &pyrite_vm::types::list::PyList) {
    // SAFETY: p is a list mirror.
    unsafe {
        let lp = p as *mut PyListObject;
        let n = (*lp).ob_base.ob_size.max(0) as usize;
        let items = (*lp).ob_item;
        let v = l.vec();
        if v.len() != n {
            v.resize(n, Value::None);
        }
        let mut complete = true;
        for i in 0..n {
            let cur = *items.add(i);
            if cur.is_null() {
                complete = false;
                continue;
            }
            if !same(cur, &v[i]) {
                // the C reference written into the slot now belongs to the container
                container_mark(cur);
                v[i] = from_c(cur);
            }
        }
        if complete {
            (*head(p)).flags &= !flag::LIST_FILL;
            FILL_LISTS.get().retain(|&q| q != p);
        }
    }
}

/// Bytearrays whose memory C may write through a pointer it got from a buffer export:
/// (mirror, number of open writable exports; 0 = a one-shot pointer from the old
/// buffer API). Their contents are taken over whenever control passes between C and
/// Python.
static BA_WRITERS: pyrite_vm::gil::GilCell<Vec<(*mut PyObject, u32)>> =
    pyrite_vm::gil::GilCell::new(Vec::new());

/// C got a writable pointer into bytearray mirror `p` (`held`: through a `Py_buffer`
/// that `PyBuffer_Release` will close; else a one-shot pointer).
pub fn bytearray_writer(p: *mut PyObject, held: bool) {
    let w = BA_WRITERS.get();
    match w.iter_mut().find(|(q, _)| *q == p) {
        Some(e) => e.1 += held as u32,
        None => w.push((p, held as u32)),
    }
}

/// A writable `Py_buffer` export of bytearray mirror `p` was released.
pub fn bytearray_writer_done(p: *mut PyObject) {
    let w = BA_WRITERS.get();
    if let Some(i) = w.iter().position(|(q, _)| *q == p) {
        if w[i].1 <= 1 {
            w.remove(i);
        } else {
            w[i].1 -= 1;
        }
    }
}

fn flush_bytearray_writers() {
    let list: Vec<(*mut PyObject, u32)> = BA_WRITERS.get().clone();
    for (p, _) in &list {
        // SAFETY: registered mirrors are live (removed when released).
        unsafe {
            let o = (*head(*p)).obj;
            if o.is_null() {
                continue;
            }
            let o = ObjRef::from_ptr(o);
            if let Payload::ByteArray(b) = o.payload() {
                sync_bytearray_c2r(*p, b);
            }
        }
    }
    BA_WRITERS.get().retain(|(_, n)| *n > 0);
}

/// Process every list still being filled by C (before Python code can look at them).
pub fn flush_fill_lists() {
    if !BA_WRITERS.get().is_empty() {
        flush_bytearray_writers();
    }
    if FILL_LISTS.get().is_empty() {
        return;
    }
    let lists: Vec<*mut PyObject> = FILL_LISTS.get().clone();
    for p in lists {
        // SAFETY: registered list mirrors are live (removed when released).
        unsafe {
            let o = (*head(p)).obj;
            if o.is_null() {
                continue;
            }
            let o = ObjRef::from_ptr(o);
            if let Payload::List(l) = o.payload() {
                fill_list(p, l);
            }
        }
    }
}

/// `PyList_New(n)`: a Rust list of `n` placeholders whose mirror slots C fills.
pub fn new_c_list(n: usize) -> *mut PyObject {
    let v = pyrite_vm::types::list::new_list(vec![Value::None; n]);
    let o = v.as_obj().unwrap();
    let ty = crate::types::type_mirror(&types().list);
    let p = alloc(kind::LIST, std::mem::size_of::<PyListObject>(), ty, BIAS);
    link(o, p);
    // SAFETY: fresh list mirror.
    unsafe {
        let lp = p as *mut PyListObject;
        ensure_list_capacity(lp, n);
        (*lp).ob_base.ob_size = n as isize;
        (*lp).allocated = n as isize;
        (*head(p)).aux = epoch();
        if n > 0 {
            (*head(p)).flags |= flag::LIST_FILL;
            FILL_LISTS.get().push(p);
        }
    }
    // C owns the new reference; the mirror pins the Rust list for it
    pin_new(o.clone(), p);
    p
}

/// Turn a freshly linked mirror into a pinned one owning `o` with one C reference.
pub(crate) fn pin_new(o: ObjRef, p: *mut PyObject) {
    // SAFETY: p is o's mirror.
    unsafe {
        (*head(p)).flags |= flag::PINNED;
        (*p).ob_refcnt = 1;
    }
    std::mem::forget(o);
}

/// Copy a Rust bytearray's contents into its mirror's buffer.
fn sync_bytearray_r2c(p: *mut PyObject, v: &[u8]) {
    // SAFETY: p is a bytearray mirror.
    unsafe {
        let b = p as *mut PyByteArrayObject;
        let n = v.len();
        if (*b).ob_bytes.is_null() || (*b).ob_alloc < n as isize + 1 {
            let np =
                libc::realloc((*b).ob_bytes as *mut c_void, n + 1) as *mut std::os::raw::c_char;
            if np.is_null() {
                fatal("bytearray mirror", "out of memory");
            }
            (*b).ob_bytes = np;
            (*b).ob_alloc = n as isize + 1;
        }
        std::ptr::copy_nonoverlapping(v.as_ptr(), (*b).ob_bytes as *mut u8, n);
        *(*b).ob_bytes.add(n) = 0;
        (*b).ob_start = (*b).ob_bytes;
        (*b).ob_base.ob_size = n as isize;
    }
}

fn sync_bytearray_c2r(p: *mut PyObject, b: &pyrite_vm::types::bytes::PyByteArray) {
    // SAFETY: p is a bytearray mirror with ob_size valid bytes at ob_start.
    unsafe {
        let m = p as *mut PyByteArrayObject;
        let n = (*m).ob_base.ob_size.max(0) as usize;
        if (*m).ob_start.is_null() {
            return;
        }
        let c = std::slice::from_raw_parts((*m).ob_start as *const u8, n);
        let v = b.vec();
        if v.as_slice() != c {
            v.clear();
            v.extend_from_slice(c);
        }
    }
}

// ---------------------------------------------------------------------------
// C → Rust

/// The value a C reference stands for (a new Rust reference; C keeps its own).
///
/// # Safety
/// `p` is a valid `PyObject*` handed out by this runtime (or a static object).
pub unsafe fn from_c(p: *mut PyObject) -> Value {
    if let Some(v) = statics::static_value(p) {
        return v;
    }
    let t = (*p).ob_type;
    if is_type_type(t) {
        if let Some(o) = statics::static_type(p) {
            return Value::Obj(o);
        }
    }
    let h = head(p);
    if debug() {
        if (*h).magic == DEAD {
            fatal("from_c", "use of a freed object");
        }
        if (*h).magic != MAGIC {
            fatal("from_c", "not a Python object (unknown pointer)");
        }
    }
    if !(*h).obj.is_null() {
        if (*h).flags & (flag::C_CREATED | flag::LIST_FILL) != 0 || (*h).kind == kind::BYTEARRAY {
            resync_from_c(p);
        }
        return Value::Obj(ObjRef::from_ptr((*h).obj));
    }
    match (*h).kind {
        kind::UNBOXED_INT => Value::Int((*h).aux as i64),
        kind::UNBOXED_FLOAT => Value::Float(f64::from_bits((*h).aux)),
        _ if (*h).flags & flag::PENDING != 0 => materialize(p),
        _ if (*h).flags & flag::ALIAS != 0 => ext(p).keep[0].clone(),
        _ => match crate::types::c_object_value(p) {
            Some(v) => v,
            None => fatal("from_c", "object without a Python counterpart"),
        },
    }
}

/// Convert and take over a C reference (the C reference is released).
///
/// # Safety
/// As [`from_c`]; the caller owns one reference to `p`.
pub unsafe fn steal(p: *mut PyObject) -> Value {
    let v = from_c(p);
    decref(p);
    v
}

/// Take over references C wrote into the slots of a C-created container.
unsafe fn resync_from_c(p: *mut PyObject) {
    let h = head(p);
    let o = ObjRef::from_ptr((*h).obj);
    match o.payload() {
        Payload::List(l) => {
            if (*h).flags & flag::LIST_FILL != 0 {
                fill_list(p, l);
            }
        }
        Payload::Tuple(items) => {
            let n = items
                .len()
                .min((*(p as *mut PyVarObject)).ob_size.max(0) as usize);
            let slots = (*(p as *mut PyTupleObject)).ob_item.as_mut_ptr();
            for i in 0..n {
                let cur = *slots.add(i);
                if !cur.is_null() && !same(cur, &items[i]) {
                    // SAFETY: a tuple created by C is rewritten only by the C code that
                    // owns it (CPython allows PyTuple_SET_ITEM while it is unshared).
                    let slot = items.as_ptr().add(i) as *mut Value;
                    container_mark(cur);
                    let nv = from_c(cur);
                    let _old = std::ptr::replace(slot, nv);
                }
            }
        }
        Payload::ByteArray(b) => sync_bytearray_c2r(p, b),
        _ => {}
    }
}

/// Create the Rust object for a pending (C-created) mirror and link them.
unsafe fn materialize(p: *mut PyObject) -> Value {
    let h = head(p);
    let v = match (*h).kind {
        kind::TUPLE => {
            let n = (*(p as *mut PyVarObject)).ob_size.max(0) as usize;
            let slots = (*(p as *mut PyTupleObject)).ob_item.as_mut_ptr();
            let mut items = Vec::with_capacity(n);
            for i in 0..n {
                let it = *slots.add(i);
                if it.is_null() {
                    if debug() {
                        fatal(
                            "PyTuple_New",
                            "a tuple item is still NULL when the tuple is used",
                        );
                    }
                    items.push(Value::None);
                } else {
                    container_mark(it);
                    items.push(from_c(it));
                }
            }
            let tt = crate::types::type_mirror(&types().tuple);
            if (*p).ob_type != tt && !(*p).ob_type.is_null() {
                // a struct sequence made by PyStructSequence_New: its hidden fields
                // follow the visible ones; the class builds the instance from all
                let cls = from_c((*p).ob_type as *mut PyObject);
                let total = pyrite_vm::ops::attr::getattr(&cls, "n_fields")
                    .ok()
                    .and_then(|v| pyrite_vm::types::int::as_i64(&v))
                    .unwrap_or(n as i64)
                    .max(n as i64) as usize;
                for i in n..total {
                    let it = *slots.add(i);
                    *slots.add(i) = null_mut();
                    items.push(if it.is_null() { Value::None } else { steal(it) });
                }
                match pyrite_vm::modules::osutil::structseq_new(&cls, items.clone()) {
                    Ok(v) => v,
                    Err(_) => Value::Obj(ObjRef::new(
                        &types().tuple,
                        Payload::Tuple(items[..n].to_vec().into_boxed_slice()),
                    )),
                }
            } else if n == 0 {
                Value::Obj(pyrite_vm::types::tuple::empty_tuple())
            } else {
                Value::Obj(ObjRef::new(
                    &types().tuple,
                    Payload::Tuple(items.into_boxed_slice()),
                ))
            }
        }
        kind::BYTES => {
            let b = p as *mut PyBytesObject;
            let n = (*b).ob_base.ob_size.max(0) as usize;
            let data = std::slice::from_raw_parts((*b).ob_sval.as_ptr() as *const u8, n).to_vec();
            pyrite_vm::types::bytes::new_bytes(data)
        }
        kind::STR => crate::unicode::materialize_str(p),
        _ => fatal("from_c", "unknown pending object"),
    };
    (*h).flags &= !flag::PENDING;
    let o = match &v {
        Value::Obj(o) => o.clone(),
        _ => {
            pending_alias(p, &v);
            return v;
        }
    };
    if !o.obj().mirror.get().is_null() {
        // a shared object (empty tuple, cached one-character string): the C-made
        // mirror stays unlinked and keeps standing for the same value
        pending_alias(p, &v);
        return v;
    }
    if (*h).kind == kind::TUPLE {
        (*h).flags |= flag::C_CREATED;
    }
    (*h).obj = o.as_ptr();
    o.obj().mirror.set(p as *mut c_void);
    // C holds ob_refcnt references: the mirror pins the object for them
    (*h).flags |= flag::PINNED;
    std::mem::forget(o);
    v
}

/// A C-made mirror for a value that already has a mirror of its own: keep the value
/// alive for as long as the C-made mirror lives, and convert to it.
unsafe fn pending_alias(p: *mut PyObject, v: &Value) {
    ext(p).keep.push(v.clone());
    (*head(p)).flags |= flag::ALIAS;
}

/// `PyTuple_New(n)`: a pending tuple mirror with NULL slots.
pub fn new_pending_tuple(n: usize) -> *mut PyObject {
    let ty = crate::types::type_mirror(&types().tuple);
    let p = alloc(kind::TUPLE, 24 + 8 * n.max(1), ty, 1);
    // SAFETY: fresh tuple mirror.
    unsafe {
        (*(p as *mut PyVarObject)).ob_size = n as isize;
        (*head(p)).flags = flag::PENDING;
    }
    p
}

/// `PyBytes_FromStringAndSize(data, n)`: a pending bytes mirror C may still write.
pub fn new_pending_bytes(data: Option<&[u8]>, n: usize) -> *mut PyObject {
    let ty = crate::types::type_mirror(&types().bytes);
    let p = alloc(kind::BYTES, 32 + n + 1, ty, 1);
    // SAFETY: room for n bytes and the NUL.
    unsafe {
        let b = p as *mut PyBytesObject;
        (*b).ob_base.ob_size = n as isize;
        (*b).ob_shash = -1;
        if let Some(d) = data {
            std::ptr::copy_nonoverlapping(
                d.as_ptr(),
                (*b).ob_sval.as_mut_ptr() as *mut u8,
                n.min(d.len()),
            );
        }
        (*head(p)).flags = flag::PENDING;
    }
    p
}

/// Is `p` a pending (not yet materialized) mirror of the given kind?
pub fn is_pending(p: *mut PyObject, k: u8) -> bool {
    if is_static(p) {
        return false;
    }
    // SAFETY: p is a mirror.
    unsafe { (*head(p)).kind == k && (*head(p)).flags & flag::PENDING != 0 }
}

/// The head's kind of a mirror (`None` for static objects).
pub fn kind_of(p: *mut PyObject) -> Option<u8> {
    if is_static(p) {
        return None;
    }
    // SAFETY: p is a mirror.
    Some(unsafe { (*head(p)).kind })
}
