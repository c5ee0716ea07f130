//! Types defined in C: static `PyTypeObject`s readied with `PyType_Ready`, heap types
//! made from a `PyType_Spec`, and their instances, which live in native memory.
//!
//! A C type gets a Pyrite twin (a type object whose `TypeData::native` points at the
//! C structure) whose dict holds what Python sees: a wrapper for every slot the C type
//! defines itself (`__add__`/`__radd__` for `nb_add`, `__getitem__` for `mp_subscript`,
//! ...), method descriptors for `tp_methods`, member and getset descriptors. Pyrite's
//! operators find those through the ordinary dunder lookup, so CPython's dispatch rules
//! (reflected operands, `NotImplemented`, Python subclasses overriding slots) hold.
//! Slots the C type leaves NULL are inherited from its base's C structure, as
//! `PyType_Ready` does, so C code can call any slot directly.
//!
//! An instance is a block of `HEAD_SIZE + tp_basicsize + nitems * tp_itemsize` bytes:
//! a mirror head (kind `CINST`) followed by the C structure. It has no Rust object until
//! it first crosses into Python; then a plain `Instance` object of its Pyrite type is
//! linked to it (and pinned for C's references, like any mirror). When both sides have
//! let go, the type's `tp_dealloc` runs, which frees the block through `tp_free`.

use crate::cfunc::{self, cstr, static_name, CFuncInfo};
use crate::layout::*;
use crate::mirror::{self, decref, from_c, head, incref, kind, to_c_new, Head};
use crate::statics;
use pyrite_vm::errors::{attribute_error, type_error, PyErr, PyResult};
use pyrite_vm::object::ObjRef;
use pyrite_vm::ops;
use pyrite_vm::types::exceptions::exc;
use pyrite_vm::types::function::{Kw, MethKind};
use pyrite_vm::types::typeobj::{tdata, tflags};
use pyrite_vm::types::{types, Payload};
use pyrite_vm::value::Value;
use std::collections::HashSet;
use std::ffi::c_void;
use std::hash::{BuildHasherDefault, Hasher};
use std::os::raw::{c_char, c_int, c_ulong};
use std::ptr::null_mut;

// ---------------------------------------------------------------------------
// the C structures of member and getset definitions, type specs

pub use crate::layout::{Getter, PyGetSetDef, PyMemberDef, PyType_Slot, PyType_Spec, Setter};

// member types (descrobject.h)
const T_SHORT: c_int = 0;
const T_INT: c_int = 1;
const T_LONG: c_int = 2;
const T_FLOAT: c_int = 3;
const T_DOUBLE: c_int = 4;
const T_STRING: c_int = 5;
const T_OBJECT: c_int = 6;
const T_CHAR: c_int = 7;
const T_BYTE: c_int = 8;
const T_UBYTE: c_int = 9;
const T_USHORT: c_int = 10;
const T_UINT: c_int = 11;
const T_ULONG: c_int = 12;
const T_STRING_INPLACE: c_int = 13;
const T_BOOL: c_int = 14;
const T_OBJECT_EX: c_int = 16;
const T_LONGLONG: c_int = 17;
const T_ULONGLONG: c_int = 18;
const T_PYSSIZET: c_int = 19;
const T_NONE: c_int = 20;
const READONLY: c_int = 1;

// ---------------------------------------------------------------------------
// what a trampoline serves

/// The C-side meaning of a trampoline besides plain `PyMethodDef` functions.
pub enum Wrap {
    None,
    /// A slot wrapper (`__add__`, `__getitem__`, ...) around the C function `f`.
    Slot(SlotKind, *const c_void),
    Member(*const PyMemberDef),
    GetSet(*const PyGetSetDef),
    /// `__new__` of the C type: calls its `tp_new` with the subtype.
    New(*mut PyTypeObject),
}

#[derive(Clone, Copy)]
pub enum SlotKind {
    Unary,
    BinaryL,
    BinaryR,
    TernaryL,
    TernaryR,
    Inquiry,
    Len,
    Hash,
    Call,
    RichCmp(c_int),
    GetAttr,
    SetAttr,
    DelAttr,
    DescrGet,
    DescrSet,
    DescrDelete,
    Init,
    Next,
    SqItem,
    SqAssItem,
    SqDelItem,
    SqRepeat,
    MpAssSet,
    MpAssDel,
    Contains,
    Finalize,
}

// ---------------------------------------------------------------------------
// the set of instance blocks (PyObject_Free must know them)

#[derive(Default)]
pub struct PtrHasher(u64);
impl Hasher for PtrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("pointer keys only")
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64 >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}
type PtrSet = HashSet<usize, BuildHasherDefault<PtrHasher>>;

static INSTANCES: pyrite_vm::gil::GilCell<Option<PtrSet>> = pyrite_vm::gil::GilCell::new(None);

fn instances() -> &'static mut PtrSet {
    INSTANCES.get().get_or_insert_with(PtrSet::default)
}

static DERIVED: pyrite_vm::gil::GilCell<Option<PtrSet>> = pyrite_vm::gil::GilCell::new(None);

fn derived() -> &'static mut PtrSet {
    DERIVED.get().get_or_insert_with(PtrSet::default)
}

/// The C structure size a mirror of an object of class `cls` needs beyond `default`:
/// a C type deriving from a builtin adds its fields after the builtin's structure.
/// Records such mirrors (their memory is the runtime's, not `tp_free`'s).
pub fn mirror_body_size(cls: &ObjRef, default: usize) -> usize {
    if tdata(cls).has(tflags::HEAPTYPE)
        || !tdata(cls).native.get().is_null()
        || tdata(cls).mro().len() > 2
    {
        if let Some(nb) = native_base(cls) {
            // SAFETY: a readied C type.
            let need = unsafe { (*nb).tp_basicsize }.max(0) as usize;
            return default.max(need);
        }
    }
    default
}

/// A mirror of an object whose class derives from a C type was created (`p`).
pub fn note_derived_mirror(cls: &ObjRef, p: *mut PyObject) {
    if native_base(cls).is_some() {
        derived().insert(p as usize);
    }
}

/// The object of mirror `p` (not a C instance) is dying: run the C type's destructor
/// for the fields it added, before the runtime frees the mirror.
///
/// # Safety
/// `p` is an unlinked mirror about to be released.
pub unsafe fn dying_derived(p: *mut PyObject) {
    if !derived().remove(&(p as usize)) {
        return;
    }
    let tp = (*p).ob_type;
    let t = type_value(tp);
    if let Some(nb) = native_base(&t) {
        if let Some(d) = (*nb).tp_dealloc {
            let saved = (*p).ob_refcnt;
            (*p).ob_refcnt = 0;
            d(p);
            (*p).ob_refcnt = saved;
        }
    }
}

/// Was `p` allocated as an instance of a C type (and not freed yet)?
pub fn is_instance_block(p: *mut c_void) -> bool {
    !p.is_null() && instances().contains(&(p as usize))
}

/// A C string as an owned name (`"?"` for NULL).
///
/// # Safety
/// `p` is NULL or NUL-terminated.
pub unsafe fn cstr_name(p: *const c_char) -> String {
    cstr(p).unwrap_or("?").to_string()
}

/// Drop / add `p` from the set of instance blocks (`_PyObject_GC_Resize` moves one).
pub fn forget_instance(p: *mut PyObject) {
    instances().remove(&(p as usize));
}
pub fn remember_instance(p: *mut PyObject) {
    instances().insert(p as usize);
}

/// Is `p` an instance of a C type (a `CINST` mirror)?
#[inline]
pub fn is_cinst(p: *mut PyObject) -> bool {
    !mirror::is_static(p) && unsafe { (*head(p)).kind == kind::CINST }
}

/// `PyType_GenericAlloc`: a zeroed instance of `tp` with room for `nitems` items, one
/// C reference, tracked by the collector if the type has `Py_TPFLAGS_HAVE_GC`.
///
/// # Safety
/// `tp` is a readied type object.
pub unsafe fn alloc_instance(tp: *mut PyTypeObject, nitems: Py_ssize_t) -> *mut PyObject {
    let basic = (*tp)
        .tp_basicsize
        .max(std::mem::size_of::<PyObject>() as isize) as usize;
    let item = (*tp).tp_itemsize.max(0) as usize;
    let size = match item
        .checked_mul(nitems.max(0) as usize + 1)
        .and_then(|x| x.checked_add(basic))
    {
        Some(s) if s < isize::MAX as usize / 2 => s,
        _ => {
            crate::set_error(&exc().memory_error, "");
            return null_mut();
        }
    };
    let base = libc::calloc(1, mirror::HEAD_SIZE + size) as *mut u8;
    if base.is_null() {
        crate::set_error(&exc().memory_error, "");
        return null_mut();
    }
    let h = base as *mut Head;
    (*h).kind = kind::CINST;
    (*h).magic = mirror::MAGIC;
    if (*tp).tp_flags & Py_TPFLAGS_HAVE_GC != 0 {
        (*h).flags |= mirror::flag::GC_TRACKED;
    }
    let p = base.add(mirror::HEAD_SIZE) as *mut PyObject;
    (*p).ob_refcnt = 1;
    (*p).ob_type = tp;
    if item != 0 {
        (*(p as *mut PyVarObject)).ob_size = nitems;
    }
    if (*tp).tp_flags & Py_TPFLAGS_HEAPTYPE != 0 {
        incref(tp as *mut PyObject);
    }
    instances().insert(p as usize);
    p
}

/// Free an instance block (`tp_free` of C types: `PyObject_Free`, `PyObject_GC_Del`).
///
/// # Safety
/// `p` came from [`alloc_instance`] and nothing uses it any more.
pub unsafe fn free_instance(p: *mut PyObject) {
    if !instances().remove(&(p as usize)) {
        return;
    }
    let h = head(p);
    if !(*h).obj.is_null() {
        // freed while Python still had it: detach (the Rust object stays, empty)
        let o = (*h).obj;
        (*o).mirror.set(null_mut());
        (*h).obj = std::ptr::null();
    }
    mirror::release(p);
}

pub unsafe extern "C" fn generic_alloc(tp: *mut PyTypeObject, nitems: Py_ssize_t) -> *mut PyObject {
    crate::guard("PyType_GenericAlloc", || alloc_instance(tp, nitems))
}

pub unsafe extern "C" fn generic_free(p: *mut c_void) {
    crate::guard("PyObject_Free", || {
        if is_instance_block(p) {
            free_instance(p as *mut PyObject)
        } else if !p.is_null() && derived().contains(&(p as usize)) {
            // the mirror of a builtin-derived object: the runtime frees it
        } else {
            libc::free(p)
        }
    })
}

/// `PyType_GenericNew`: `type->tp_alloc(type, 0)`.
pub unsafe extern "C" fn generic_new(
    tp: *mut PyTypeObject,
    _args: *mut PyObject,
    _kw: *mut PyObject,
) -> *mut PyObject {
    match (*tp).tp_alloc {
        Some(a) => a(tp, 0),
        None => generic_alloc(tp, 0),
    }
}

/// `object`'s `tp_dealloc` as C types inherit it: `Py_TYPE(self)->tp_free(self)` and
/// the reference a heap type's instance held on its type.
pub unsafe extern "C" fn generic_dealloc(p: *mut PyObject) {
    if !is_cinst(p) {
        return; // a mirror of a Pyrite object: the runtime frees it
    }
    let tp = (*p).ob_type;
    match (*tp).tp_free {
        Some(f) => f(p as *mut c_void),
        None => free_instance(p),
    }
    if (*tp).tp_flags & Py_TPFLAGS_HEAPTYPE != 0 {
        decref(tp as *mut PyObject);
    }
}

/// `object.__new__` as C code calls it (`PyBaseObject_Type.tp_new(subtype, ...)`):
/// allocates through the subtype when it has a C base, else Pyrite's `object.__new__`.
pub unsafe extern "C" fn object_tp_new(
    tp: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    crate::guard("object.__new__", || {
        let t = type_value(tp);
        if native_base(&t).is_some() {
            return generic_new(tp, args, kw);
        }
        let f = match ops::attr::getattr(&Value::Obj(types().object.clone()), "__new__") {
            Ok(f) => f,
            Err(e) => {
                crate::err::set_pyerr(e);
                return null_mut();
            }
        };
        let mut all = vec![Value::Obj(t)];
        match crate::tuple_items(args) {
            Ok(a) => all.extend(a),
            Err(e) => {
                crate::err::set_pyerr(e);
                return null_mut();
            }
        }
        let tup = pyrite_vm::types::tuple::new_tuple(all);
        let tp2 = to_c_new(&tup);
        let r = crate::ret_obj(crate::call_with_tuple_dict(&f, tp2, kw));
        decref(tp2);
        r
    })
}

/// The Pyrite type of a C type pointer (readying a static C type on first use).
pub unsafe fn type_value(tp: *mut PyTypeObject) -> ObjRef {
    // Pyrite's own type objects (static or mirrors) are always marked ready; a C type
    // that is not has never been readied (its memory has no mirror head to look at)
    if (*tp).tp_flags & Py_TPFLAGS_READY == 0 && statics::static_type(tp as *mut PyObject).is_none()
    {
        if ready(tp).is_err() {
            return types().object.clone();
        }
    }
    match from_c(tp as *mut PyObject) {
        Value::Obj(o) => o,
        _ => types().object.clone(),
    }
}

/// The nearest type in `t`'s MRO that is defined in C.
pub fn native_base(t: &ObjRef) -> Option<*mut PyTypeObject> {
    tdata(t)
        .mro()
        .iter()
        .map(|m| tdata(m).native.get() as *mut PyTypeObject)
        .find(|p| !p.is_null())
}

// ---------------------------------------------------------------------------
// instances crossing and dying

/// `from_c` of an instance that has no Rust object yet: create and link it.
///
/// # Safety
/// `p` is a live, unlinked `CINST` mirror.
pub unsafe fn materialize_instance(p: *mut PyObject) -> Value {
    let cls = type_value((*p).ob_type);
    let slots = pyrite_vm::types::typeobj::instance_slots(&cls);
    let o = ObjRef::new(&cls, Payload::Instance(slots));
    mirror::link(&o, p);
    // C holds `ob_refcnt` references: the mirror pins the object for them
    (*head(p)).flags |= mirror::flag::PINNED;
    std::mem::forget(o.clone());
    Value::Obj(o)
}

/// Run the C destructor of an instance nobody references any more.
///
/// # Safety
/// `p` is an unlinked `CINST` mirror with no references left.
pub unsafe fn dealloc_instance(p: *mut PyObject) {
    (*p).ob_refcnt = 0;
    let tp = (*p).ob_type;
    // the destructor of the C type that defines the layout: for a Python subclass of a
    // C type, its C base's (after which the instance's reference to the subclass goes)
    let (dealloc, decref_type) = if tdata_native(tp) {
        ((*tp).tp_dealloc, false)
    } else {
        let t = type_value(tp);
        match native_base(&t) {
            Some(b) => (
                (*b).tp_dealloc,
                (*b).tp_flags & Py_TPFLAGS_HEAPTYPE == 0
                    && (*tp).tp_flags & Py_TPFLAGS_HEAPTYPE != 0,
            ),
            None => (None, false),
        }
    };
    match dealloc {
        Some(d) => d(p),
        None => generic_dealloc(p),
    }
    if decref_type {
        decref(tp as *mut PyObject);
    }
}

unsafe fn tdata_native(tp: *mut PyTypeObject) -> bool {
    match statics::static_type(tp as *mut PyObject) {
        Some(t) => !tdata(&t).native.get().is_null(),
        None => {
            if mirror::is_static(tp as *mut PyObject) {
                return false;
            }
            let o = (*head(tp as *mut PyObject)).obj;
            if o.is_null() {
                return false;
            }
            let t = ObjRef::from_ptr(o);
            !tdata(&t).native.get().is_null() && tdata(&t).native.get() as *mut PyTypeObject == tp
        }
    }
}

// ---------------------------------------------------------------------------
// the buffer protocol of C types

type GetBufferProc = unsafe extern "C" fn(*mut PyObject, *mut Py_buffer, c_int) -> c_int;
type ReleaseBufferProc = unsafe extern "C" fn(*mut PyObject, *mut Py_buffer);

const PYBUF_WRITABLE: c_int = 0x0001;
const PYBUF_FULL_RO: c_int = 0x0100 | 0x0010 | 0x0008 | 0x0004;

/// The `bf_getbuffer` of a C instance's type, if any.
///
/// # Safety
/// `p` is a live object pointer.
pub unsafe fn getbuffer_of(p: *mut PyObject) -> Option<GetBufferProc> {
    if !is_cinst(p) {
        return None;
    }
    let b = (*(*p).ob_type).tp_as_buffer;
    if b.is_null() || (*b).bf_getbuffer.is_null() {
        return None;
    }
    Some(std::mem::transmute::<*mut c_void, GetBufferProc>(
        (*b).bf_getbuffer,
    ))
}

/// `bf_releasebuffer` of the exporter of a view (C types only).
///
/// # Safety
/// `view` was filled by the exporter's `bf_getbuffer`; `(*view).obj` is live.
pub unsafe fn release_buffer(view: *mut Py_buffer) {
    let o = (*view).obj;
    if o.is_null() || !is_cinst(o) {
        return;
    }
    let b = (*(*o).ob_type).tp_as_buffer;
    if !b.is_null() && !(*b).bf_releasebuffer.is_null() {
        let f = std::mem::transmute::<*mut c_void, ReleaseBufferProc>((*b).bf_releasebuffer);
        f(o, view);
    }
}

/// `capi_hooks::may_export`.
pub fn may_export(v: &Value) -> bool {
    match v.as_obj() {
        // SAFETY: a linked mirror is live.
        Some(o) => unsafe { getbuffer_of(o.obj().mirror.get() as *mut PyObject).is_some() },
        None => false,
    }
}

/// `capi_hooks::get_buffer`: export a C instance's buffer for a `memoryview`.
pub fn get_buffer(
    v: &Value,
    writable: bool,
) -> Option<PyResult<pyrite_vm::types::memoryview::ForeignView>> {
    let o = v.as_obj()?;
    let p = o.obj().mirror.get() as *mut PyObject;
    // SAFETY: p is the live mirror of `v`; the view block lives until released.
    unsafe {
        let gb = getbuffer_of(p)?;
        let view = Box::into_raw(Box::new(std::mem::zeroed::<Py_buffer>()));
        let flags = PYBUF_FULL_RO | if writable { PYBUF_WRITABLE } else { 0 };
        if gb(p, view, flags) < 0 {
            drop(Box::from_raw(view));
            return Some(Err(crate::err::error_from_null("bf_getbuffer")));
        }
        // The memoryviews made from this export hold the exporter itself (a Rust
        // reference the collector can see), so the view's own C reference to it is
        // given back now; a different `view->obj` keeps its reference until release.
        let owned = (*view).obj != p;
        if !owned {
            decref(p);
        }
        let release: Box<dyn FnOnce()> = Box::new(move || {
            release_buffer(view);
            let o = (*view).obj;
            (*view).obj = null_mut();
            if owned && !o.is_null() {
                decref(o);
            }
            drop(Box::from_raw(view));
        });
        let itemsize = (*view).itemsize.max(1) as usize;
        let format = cstr((*view).format).unwrap_or("B").to_string();
        let ndim = (*view).ndim.max(0) as usize;
        let shape: Vec<usize> = if (*view).shape.is_null() {
            if ndim == 0 {
                vec![]
            } else {
                vec![(*view).len.max(0) as usize / itemsize]
            }
        } else {
            (0..ndim)
                .map(|i| (*(*view).shape.add(i)).max(0) as usize)
                .collect()
        };
        let ndim = shape.len();
        let strides: Vec<isize> = if (*view).strides.is_null() {
            let mut st = vec![0isize; ndim];
            let mut acc = itemsize as isize;
            for i in (0..ndim).rev() {
                st[i] = acc;
                acc *= shape[i] as isize;
            }
            st
        } else {
            (0..ndim).map(|i| *(*view).strides.add(i)).collect()
        };
        if !(*view).suboffsets.is_null() {
            let fv = pyrite_vm::types::memoryview::Foreign {
                base: null_mut(),
                len: 0,
                release: std::cell::Cell::new(Some(release)),
            };
            drop(fv);
            return Some(Err(PyErr::new(
                &exc().not_implemented_error,
                "memoryview: buffers with suboffsets are not supported",
            )));
        }
        // the span of memory the items cover (strides may be negative)
        let (mut lo, mut hi) = (0isize, 0isize);
        let empty = shape.contains(&0);
        if !empty {
            for (d, s) in shape.iter().zip(&strides) {
                let ext = (*d as isize - 1) * s;
                if ext < 0 {
                    lo += ext;
                } else {
                    hi += ext;
                }
            }
            hi += itemsize as isize;
        }
        let base = ((*view).buf as *mut u8).offset(lo);
        let foreign = pyrite_vm::types::memoryview::Foreign {
            base,
            len: (hi - lo).max(0) as usize,
            release: std::cell::Cell::new(Some(release)),
        };
        Some(Ok(pyrite_vm::types::memoryview::ForeignView {
            foreign,
            offset: (-lo) as usize,
            itemsize,
            format,
            shape,
            strides,
            readonly: (*view).readonly != 0,
        }))
    }
}

// ---------------------------------------------------------------------------
// the cycle collector

type VisitProc = unsafe extern "C" fn(*mut PyObject, *mut c_void) -> c_int;
type TraverseProc = unsafe extern "C" fn(*mut PyObject, VisitProc, *mut c_void) -> c_int;

unsafe extern "C" fn visit_one(o: *mut PyObject, arg: *mut c_void) -> c_int {
    if o.is_null() || mirror::is_static(o) {
        return 0;
    }
    let h = head(o);
    if (*h).magic != mirror::MAGIC || (*h).obj.is_null() {
        return 0; // objects Python never saw are not tracked by the collector
    }
    let f = &mut *(arg as *mut &mut dyn FnMut(&Value));
    let v = Value::Obj(ObjRef::from_ptr((*h).obj));
    f(&v);
    0
}

/// `capi_hooks::traverse_native`: run the C type's `tp_traverse` on a tracked instance.
pub fn traverse_native(o: *const pyrite_vm::object::Object, f: &mut dyn FnMut(&Value)) {
    // SAFETY: o is live; its mirror (if a C instance) is live while linked.
    unsafe {
        let p = (*o).mirror.get() as *mut PyObject;
        if p.is_null() || mirror::is_static(p) {
            return;
        }
        if is_cinst(p) {
            if (*head(p)).flags & mirror::flag::GC_TRACKED == 0 {
                return;
            }
        } else if !derived().contains(&(p as usize)) {
            return;
        }
        let tr = (*(*p).ob_type).tp_traverse;
        if tr.is_null() {
            return;
        }
        let tr: TraverseProc = std::mem::transmute::<*mut c_void, TraverseProc>(tr);
        let mut fref: &mut dyn FnMut(&Value) = f;
        tr(
            p,
            visit_one,
            &mut fref as *mut &mut dyn FnMut(&Value) as *mut c_void,
        );
    }
}

/// `capi_hooks::clear_native`: `tp_clear` of a C instance in a garbage cycle.
pub fn clear_native(o: *const pyrite_vm::object::Object) {
    // SAFETY: as above.
    unsafe {
        let p = (*o).mirror.get() as *mut PyObject;
        if p.is_null()
            || mirror::is_static(p)
            || !(is_cinst(p) || derived().contains(&(p as usize)))
        {
            return;
        }
        if let Some(c) = (*(*p).ob_type).tp_clear {
            // the instance stays alive while clearing (the collector holds it)
            incref(p);
            c(p);
            decref(p);
            crate::err::clear();
        }
    }
}

/// The mirror of `v` if it is an instance of a C type (for slot and member wrappers,
/// which hand `self` to C code that reads its structure).
fn self_ptr(v: &Value, what: &str) -> PyResult<*mut PyObject> {
    if let Value::Obj(o) = v {
        let p = o.obj().mirror.get() as *mut PyObject;
        if !p.is_null() && is_cinst(p) {
            return Ok(p);
        }
        // a C type deriving from a builtin: the object's mirror carries its fields
        if !matches!(o.payload(), Payload::Instance(_)) && native_base(o.class_ref()).is_some() {
            return Ok(mirror::to_c_borrowed_obj(o));
        }
    }
    Err(type_error(format!(
        "descriptor '{}' requires an instance of a C type, not '{}'",
        what,
        v.type_name()
    )))
}

// ---------------------------------------------------------------------------
// calling through trampolines

/// Owned C references to call arguments, released after the call.
struct Args(Vec<*mut PyObject>);
impl Args {
    fn new(vals: &[Value]) -> Args {
        Args(vals.iter().map(to_c_new).collect())
    }
}
impl Drop for Args {
    fn drop(&mut self) {
        for p in &self.0 {
            decref(*p);
        }
    }
}

fn nargs(name: &str, args: &[Value], kw: Kw, min: usize, max: usize) -> PyResult<()> {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(format!(
            "wrapper {}() takes no keyword arguments",
            name
        )));
    }
    let n = args.len() - 1;
    if n < min || n > max {
        return Err(if min == max {
            type_error(format!(
                "expected {} argument{}, got {}",
                min,
                if min == 1 { "" } else { "s" },
                n
            ))
        } else {
            type_error(format!("expected {} to {} arguments, got {}", min, max, n))
        });
    }
    Ok(())
}

fn int_result(r: c_int, what: &str) -> PyResult<c_int> {
    if r < 0 {
        return Err(crate::err::error_from_null(what));
    }
    Ok(r)
}

fn check_no_error(what: &str) -> PyResult<()> {
    if crate::err::occurred() {
        return Err(crate::err::error_from_null(what));
    }
    Ok(())
}

/// Addresses of the exported generic functions (`PyObject_GenericGetAttr`,
/// `PyObject_GenericSetAttr`, `PyObject_HashNotImplemented`), which mean "no override"
/// in a C type's slots; registered by the exporting crate.
static GENERIC_FNS: pyrite_vm::gil::GilCell<[usize; 3]> = pyrite_vm::gil::GilCell::new([0; 3]);

pub fn register_generic_fns(getattr: usize, setattr: usize, hash_not_implemented: usize) {
    *GENERIC_FNS.get() = [getattr, setattr, hash_not_implemented];
}

/// Serve a wrapper trampoline.
pub fn call_wrap(info: &CFuncInfo, args: &[Value], kw: Kw) -> PyResult<Value> {
    mirror::bump_epoch();
    // SAFETY: the pointers in `wrap` come from the C type, which outlives its wrappers.
    unsafe {
        match info.wrap {
            Wrap::Slot(k, f) => call_slot(&info.funcstr, k, f, args, kw),
            Wrap::Member(m) => member_access(m, args),
            Wrap::GetSet(g) => getset_access(g, args),
            Wrap::New(tp) => call_new(tp, &info.funcstr, args, kw),
            Wrap::None => unreachable!(),
        }
    }
}

/// C's `(args, kwargs)` for a call given in vectorcall form (the arguments after
/// `self`): a new args tuple (the shared empty tuple when there are none) and a new
/// kwargs dict or NULL.
fn tuple_and_kwargs(args: &[Value], kw: Kw) -> PyResult<(*mut PyObject, *mut PyObject)> {
    let nkw = kw.map_or(0, |k| k.len());
    let npos = args.len() - nkw;
    let kd = match kw {
        Some(names) if nkw > 0 => to_c_new(&cfunc::kw_dict(names, &args[npos..])?),
        _ => null_mut(),
    };
    let t = if npos == 0 {
        to_c_new(&Value::Obj(pyrite_vm::types::tuple::empty_tuple()))
    } else {
        cfunc::args_tuple(&args[..npos])
    };
    Ok((t, kd))
}

unsafe fn call_slot(
    name: &str,
    k: SlotKind,
    f: *const c_void,
    args: &[Value],
    kw: Kw,
) -> PyResult<Value> {
    let s = self_ptr(&args[0], name)?;
    let what = name;
    type Un = unsafe extern "C" fn(*mut PyObject) -> *mut PyObject;
    type Bin = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
    type Ter = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
    type Inq = unsafe extern "C" fn(*mut PyObject) -> c_int;
    type Lenf = unsafe extern "C" fn(*mut PyObject) -> Py_ssize_t;
    type Rich = unsafe extern "C" fn(*mut PyObject, *mut PyObject, c_int) -> *mut PyObject;
    type ObjObjArg = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> c_int;
    type ObjObj = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> c_int;
    type SsizeArg = unsafe extern "C" fn(*mut PyObject, Py_ssize_t) -> *mut PyObject;
    type SsizeObjArg = unsafe extern "C" fn(*mut PyObject, Py_ssize_t, *mut PyObject) -> c_int;
    type Destr = unsafe extern "C" fn(*mut PyObject);
    let fin = |r: *mut PyObject| cfunc::finish_call(r, what);
    match k {
        SlotKind::Unary => {
            nargs(name, args, kw, 0, 0)?;
            fin(std::mem::transmute::<*const c_void, Un>(f)(s))
        }
        SlotKind::BinaryL | SlotKind::BinaryR => {
            nargs(name, args, kw, 1, 1)?;
            let a = Args::new(&args[1..]);
            let g = std::mem::transmute::<*const c_void, Bin>(f);
            fin(if matches!(k, SlotKind::BinaryL) {
                g(s, a.0[0])
            } else {
                g(a.0[0], s)
            })
        }
        SlotKind::TernaryL | SlotKind::TernaryR => {
            nargs(name, args, kw, 1, 2)?;
            let a = Args::new(&args[1..]);
            let third = if a.0.len() > 1 {
                a.0[1]
            } else {
                statics::none()
            };
            let g = std::mem::transmute::<*const c_void, Ter>(f);
            fin(if matches!(k, SlotKind::TernaryL) {
                g(s, a.0[0], third)
            } else {
                g(a.0[0], s, third)
            })
        }
        SlotKind::Inquiry => {
            nargs(name, args, kw, 0, 0)?;
            let r = int_result(std::mem::transmute::<*const c_void, Inq>(f)(s), what)?;
            Ok(Value::Bool(r != 0))
        }
        SlotKind::Len => {
            nargs(name, args, kw, 0, 0)?;
            let r = std::mem::transmute::<*const c_void, Lenf>(f)(s);
            if r < 0 {
                check_no_error(what)?;
            }
            Ok(Value::Int(r as i64))
        }
        SlotKind::Hash => {
            nargs(name, args, kw, 0, 0)?;
            let r = std::mem::transmute::<*const c_void, Lenf>(f)(s);
            if r == -1 {
                check_no_error(what)?;
            }
            Ok(Value::Int(r as i64))
        }
        SlotKind::Call => {
            let (t, kd) = tuple_and_kwargs(&args[1..], kw)?;
            let r = std::mem::transmute::<*const c_void, Ter>(f)(s, t, kd);
            decref(t);
            mirror::xdecref(kd);
            fin(r)
        }
        SlotKind::RichCmp(op) => {
            nargs(name, args, kw, 1, 1)?;
            let a = Args::new(&args[1..]);
            fin(std::mem::transmute::<*const c_void, Rich>(f)(s, a.0[0], op))
        }
        SlotKind::GetAttr => {
            nargs(name, args, kw, 1, 1)?;
            let a = Args::new(&args[1..]);
            fin(std::mem::transmute::<*const c_void, Bin>(f)(s, a.0[0]))
        }
        SlotKind::SetAttr
        | SlotKind::DelAttr
        | SlotKind::DescrSet
        | SlotKind::DescrDelete
        | SlotKind::MpAssSet
        | SlotKind::MpAssDel => {
            let set = matches!(
                k,
                SlotKind::SetAttr | SlotKind::DescrSet | SlotKind::MpAssSet
            );
            nargs(
                name,
                args,
                kw,
                if set { 2 } else { 1 },
                if set { 2 } else { 1 },
            )?;
            let a = Args::new(&args[1..]);
            let v = if set { a.0[1] } else { null_mut() };
            int_result(
                std::mem::transmute::<*const c_void, ObjObjArg>(f)(s, a.0[0], v),
                what,
            )?;
            Ok(Value::None)
        }
        SlotKind::DescrGet => {
            nargs(name, args, kw, 1, 2)?;
            let inst = if args[1].is_none() {
                None
            } else {
                Some(to_c_new(&args[1]))
            };
            let owner = match args.get(2) {
                Some(o) if !o.is_none() => Some(to_c_new(o)),
                _ => None,
            };
            if inst.is_none() && owner.is_none() {
                return Err(type_error("__get__(None, None) is invalid"));
            }
            let r = std::mem::transmute::<*const c_void, Ter>(f)(
                s,
                inst.unwrap_or(null_mut()),
                owner.unwrap_or(null_mut()),
            );
            for p in [inst, owner].into_iter().flatten() {
                decref(p);
            }
            fin(r)
        }
        SlotKind::Init => {
            let (t, kd) = tuple_and_kwargs(&args[1..], kw)?;
            let r = std::mem::transmute::<*const c_void, ObjObjArg>(f)(s, t, kd);
            decref(t);
            mirror::xdecref(kd);
            mirror::flush_fill_lists();
            if r < 0 {
                return Err(crate::err::error_from_null(what));
            }
            check_no_error(what)?;
            Ok(Value::None)
        }
        SlotKind::Next => {
            nargs(name, args, kw, 0, 0)?;
            let r = std::mem::transmute::<*const c_void, Un>(f)(s);
            if r.is_null() && !crate::err::occurred() {
                return Err(pyrite_vm::errors::stop_iteration(Value::None));
            }
            fin(r)
        }
        SlotKind::SqItem | SlotKind::SqAssItem | SlotKind::SqDelItem => {
            let (lo, hi) = match k {
                SlotKind::SqAssItem => (2, 2),
                _ => (1, 1),
            };
            nargs(name, args, kw, lo, hi)?;
            let mut i = pyrite_vm::types::int::index_isize(&args[1])? as Py_ssize_t;
            if i < 0 {
                let tp = (*s).ob_type;
                let sq = (*tp).tp_as_sequence;
                if !sq.is_null() {
                    if let Some(l) = (*sq).sq_length {
                        let n = l(s);
                        if n < 0 {
                            check_no_error(what)?;
                        }
                        i += n;
                    }
                }
            }
            match k {
                SlotKind::SqItem => fin(std::mem::transmute::<*const c_void, SsizeArg>(f)(s, i)),
                _ => {
                    let a = Args::new(&args[2..]);
                    let v = a.0.first().copied().unwrap_or(null_mut());
                    int_result(
                        std::mem::transmute::<*const c_void, SsizeObjArg>(f)(s, i, v),
                        what,
                    )?;
                    Ok(Value::None)
                }
            }
        }
        SlotKind::SqRepeat => {
            nargs(name, args, kw, 1, 1)?;
            let n = pyrite_vm::types::int::index_isize(&args[1])? as Py_ssize_t;
            fin(std::mem::transmute::<*const c_void, SsizeArg>(f)(s, n))
        }
        SlotKind::Contains => {
            nargs(name, args, kw, 1, 1)?;
            let a = Args::new(&args[1..]);
            let r = int_result(
                std::mem::transmute::<*const c_void, ObjObj>(f)(s, a.0[0]),
                what,
            )?;
            Ok(Value::Bool(r != 0))
        }
        SlotKind::Finalize => {
            nargs(name, args, kw, 0, 0)?;
            std::mem::transmute::<*const c_void, Destr>(f)(s);
            check_no_error(what)?;
            Ok(Value::None)
        }
    }
}

/// `T.__new__(subtype, *args, **kw)`.
unsafe fn call_new(
    tp: *mut PyTypeObject,
    funcstr: &str,
    args: &[Value],
    kw: Kw,
) -> PyResult<Value> {
    let tname = type_value(tp);
    let tn = || tdata(&tname).name().to_string();
    let sub = match args.first() {
        Some(Value::Obj(o)) if matches!(o.payload(), Payload::Type(_)) => o,
        Some(v) => {
            return Err(type_error(format!(
                "{}.__new__(X): X is not a type object ({})",
                tn(),
                v.type_name()
            )))
        }
        None => {
            return Err(type_error(format!(
                "{}.__new__(): not enough arguments",
                tn()
            )))
        }
    };
    // T.__new__(T, ...) is the common case: no subtype checks
    let subp = if sub.is(&tname) {
        tp
    } else {
        if !pyrite_vm::types::typeobj::is_subtype(sub, &tname) {
            return Err(type_error(format!(
                "{}.__new__({}): {} is not a subtype of {}",
                tn(),
                tdata(sub).name(),
                tdata(sub).name(),
                tn()
            )));
        }
        // the most derived C base of the subtype must be this type (or derive from it)
        if let Some(b) = native_base(sub) {
            if b != tp {
                let bt = type_value(b);
                if !pyrite_vm::types::typeobj::is_subtype(&bt, &tname) {
                    return Err(type_error(format!(
                        "{}.__new__({}) is not safe, use {}.__new__()",
                        tn(),
                        tdata(sub).name(),
                        tdata(&bt).name()
                    )));
                }
            }
        }
        crate::types::type_mirror(sub)
    };
    if (*tp).tp_flags & Py_TPFLAGS_DISALLOW_INSTANTIATION != 0 || (*tp).tp_new.is_none() {
        return Err(type_error(format!(
            "cannot create '{}' instances",
            cstr((*tp).tp_name).unwrap_or("?")
        )));
    }
    let new = (*tp).tp_new.unwrap();
    let (t, kd) = tuple_and_kwargs(&args[1..], kw)?;
    let r = new(subp, t, kd);
    decref(t);
    mirror::xdecref(kd);
    cfunc::finish_call(r, funcstr)
}

// ---------------------------------------------------------------------------
// members and getsets

fn member_type_name(v: &Value) -> String {
    v.type_name().to_string()
}

fn as_long(v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::Float(_) => Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            member_type_name(v)
        ))),
        _ => match pyrite_vm::types::int::index_value(v)? {
            Value::Int(i) => Ok(i),
            _ => Err(PyErr::new(
                &exc().overflow_error,
                "Python int too large to convert to C long",
            )),
        },
    }
}

fn as_double(v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        _ => {
            if pyrite_vm::types::int::is_int(v) {
                return pyrite_vm::types::int::int_to_f64(v);
            }
            if pyrite_vm::types::typeobj::lookup_str(v.class_ref(), "__float__").is_some()
                || pyrite_vm::types::typeobj::lookup_str(v.class_ref(), "__index__").is_some()
            {
                return match crate::call_builtin("float", &[v.clone()])? {
                    Value::Float(f) => Ok(f),
                    other => pyrite_vm::types::float::float_from_value(&other),
                };
            }
            Err(type_error(format!(
                "must be real number, not {}",
                v.type_name()
            )))
        }
    }
}

unsafe fn member_access(m: *const PyMemberDef, args: &[Value]) -> PyResult<Value> {
    let name = cstr((*m).name).unwrap_or("?");
    let s = self_ptr(&args[0], name)?;
    let addr = (s as *mut u8).offset((*m).offset);
    let t = (*m).type_;
    if args.len() == 1 {
        return member_get(addr, t, name, &args[0]);
    }
    // [self, value, True] sets, [self, None, False] deletes (see `Descr::Native`)
    let value = if matches!(args.get(2), Some(Value::Bool(false))) {
        None
    } else {
        Some(&args[1])
    };
    member_set(addr, m, value)
}

pub unsafe fn member_get(addr: *mut u8, t: c_int, name: &str, inst: &Value) -> PyResult<Value> {
    Ok(match t {
        T_SHORT => Value::Int(*(addr as *const i16) as i64),
        T_INT => Value::Int(*(addr as *const i32) as i64),
        T_LONG | T_LONGLONG | T_PYSSIZET => Value::Int(*(addr as *const i64)),
        T_USHORT => Value::Int(*(addr as *const u16) as i64),
        T_UINT => Value::Int(*(addr as *const u32) as i64),
        T_ULONG | T_ULONGLONG => {
            let u = *(addr as *const u64);
            pyrite_vm::types::int::from_bigint(num_bigint::BigInt::from(u))
        }
        T_FLOAT => Value::Float(*(addr as *const f32) as f64),
        T_DOUBLE => Value::Float(*(addr as *const f64)),
        T_BYTE => Value::Int(*(addr as *const i8) as i64),
        T_UBYTE => Value::Int(*addr as i64),
        T_BOOL => Value::Bool(*addr != 0),
        T_CHAR => {
            let c = *addr;
            Value::from(((c as char).to_string()).as_str())
        }
        T_STRING => {
            let p = *(addr as *const *const c_char);
            match cstr(p) {
                Some(s) => Value::from(s),
                None => Value::None,
            }
        }
        T_STRING_INPLACE => Value::from(cstr(addr as *const c_char).unwrap_or("")),
        T_OBJECT | T_OBJECT_EX => {
            let p = *(addr as *const *mut PyObject);
            if p.is_null() {
                if t == T_OBJECT_EX {
                    return Err(attribute_error(format!(
                        "'{}' object has no attribute '{}'",
                        inst.type_name(),
                        name
                    )));
                }
                Value::None
            } else {
                from_c(p)
            }
        }
        T_NONE => Value::None,
        _ => return Err(PyErr::new(&exc().system_error, "bad memberdescr type")),
    })
}

pub unsafe fn member_set(
    addr: *mut u8,
    m: *const PyMemberDef,
    value: Option<&Value>,
) -> PyResult<Value> {
    let t = (*m).type_;
    let name = cstr((*m).name).unwrap_or("?");
    if (*m).flags & READONLY != 0 || matches!(t, T_STRING | T_STRING_INPLACE | T_NONE) {
        return Err(
            if matches!(t, T_STRING | T_STRING_INPLACE) && (*m).flags & READONLY == 0 {
                type_error("readonly attribute")
            } else {
                attribute_error("readonly attribute")
            },
        );
    }
    let Some(v) = value else {
        return match t {
            T_OBJECT_EX | T_OBJECT => {
                let slot = addr as *mut *mut PyObject;
                let old = *slot;
                if old.is_null() && t == T_OBJECT_EX {
                    return Err(attribute_error(name.to_string()));
                }
                *slot = null_mut();
                mirror::xdecref(old);
                Ok(Value::None)
            }
            _ => Err(type_error("can't delete numeric/char attribute")),
        };
    };
    match t {
        T_OBJECT | T_OBJECT_EX => {
            let slot = addr as *mut *mut PyObject;
            let old = *slot;
            *slot = to_c_new(v);
            mirror::xdecref(old);
        }
        T_BOOL => {
            let Value::Bool(b) = v else {
                return Err(type_error("attribute value type must be bool"));
            };
            *addr = *b as u8;
        }
        T_FLOAT => *(addr as *mut f32) = as_double(v)? as f32,
        T_DOUBLE => *(addr as *mut f64) = as_double(v)?,
        T_CHAR => {
            let s = pyrite_vm::types::str::as_str(v).filter(|s| s.len() == 1);
            match s {
                Some(s) => *addr = s.as_bytes()[0],
                None => return Err(type_error("bad argument type for built-in operation")),
            }
        }
        T_ULONG | T_ULONGLONG => {
            let iv = pyrite_vm::types::int::index_value(v)?;
            let b = pyrite_vm::types::int::to_bigint(&iv).unwrap_or_default();
            let u: u64 = match num_traits::ToPrimitive::to_u64(&b) {
                Some(u) => u,
                None => match num_traits::ToPrimitive::to_i64(&b) {
                    Some(i) => i as u64,
                    None => {
                        return Err(PyErr::new(
                            &exc().overflow_error,
                            "Python int too large to convert to C unsigned long",
                        ))
                    }
                },
            };
            *(addr as *mut u64) = u;
        }
        _ => {
            let i = as_long(v)?;
            match t {
                T_SHORT => *(addr as *mut i16) = i as i16,
                T_INT => *(addr as *mut i32) = i as i32,
                T_LONG | T_LONGLONG | T_PYSSIZET => *(addr as *mut i64) = i,
                T_USHORT => *(addr as *mut u16) = i as u16,
                T_UINT => *(addr as *mut u32) = i as u32,
                T_BYTE => *(addr as *mut i8) = i as i8,
                T_UBYTE => *addr = i as u8,
                _ => return Err(PyErr::new(&exc().system_error, "bad memberdescr type")),
            }
        }
    }
    Ok(Value::None)
}

unsafe fn getset_access(g: *const PyGetSetDef, args: &[Value]) -> PyResult<Value> {
    let name = cstr((*g).name).unwrap_or("?");
    let s = self_ptr(&args[0], name)?;
    let what = name;
    if args.len() == 1 {
        let Some(get) = (*g).get else {
            return Err(attribute_error(format!(
                "attribute '{}' is not readable",
                name
            )));
        };
        return cfunc::finish_call(get(s, (*g).closure), what);
    }
    let Some(set) = (*g).set else {
        return Err(attribute_error(format!(
            "attribute '{}' of '{}' objects is not writable",
            name,
            args[0].type_name()
        )));
    };
    let v = if matches!(args.get(2), Some(Value::Bool(false))) {
        None
    } else {
        Some(to_c_new(&args[1]))
    };
    let r = set(s, v.unwrap_or(null_mut()), (*g).closure);
    if let Some(v) = v {
        decref(v);
    }
    int_result(r, what)?;
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// readying a C type

fn wrap_fn(
    funcstr: String,
    wrap: Wrap,
    has_self: bool,
    def: *mut PyMethodDef,
    class: Option<Value>,
) -> PyResult<pyrite_vm::types::function::NativeFn> {
    cfunc::new_trampoline(CFuncInfo {
        def,
        has_self,
        class,
        funcstr,
        wrap,
    })
}

/// Add the wrapper `name` for the C slot function `f` (unless the dict has it).
fn add_slot(t: &ObjRef, name: &'static str, k: SlotKind, f: *const c_void) -> PyResult<()> {
    let d = tdata(t).dict();
    if d.get_str_key(name).is_some() {
        return Ok(());
    }
    let tn = tdata(t).name().to_string();
    let f = wrap_fn(
        format!("{}.{}", tn, name),
        Wrap::Slot(k, f),
        true,
        null_mut(),
        None,
    )?;
    d.set_str(
        name,
        pyrite_vm::types::function::new_method_descr(name, f, t, MethKind::Method),
    );
    Ok(())
}

macro_rules! fp {
    ($e:expr) => {
        match $e {
            Some(f) => Some(f as *const c_void),
            None => None,
        }
    };
}

/// Put the wrappers of the slots `tp` defines itself into `t`'s dict (CPython's
/// `slotdefs` order decides which slot serves a name that several could).
unsafe fn add_slot_wrappers(t: &ObjRef, tp: *mut PyTypeObject) -> PyResult<()> {
    use SlotKind::*;
    let add = |name: &'static str, k: SlotKind, f: Option<*const c_void>| -> PyResult<()> {
        match f {
            Some(f) => add_slot(t, name, k, f),
            None => Ok(()),
        }
    };
    add("__repr__", Unary, fp!((*tp).tp_repr))?;
    if let Some(h) = (*tp).tp_hash {
        if h as usize == GENERIC_FNS.get()[2] {
            tdata(t).dict().set_str("__hash__", Value::None);
        } else {
            add("__hash__", Hash, Some(h as *const c_void))?;
        }
    } else if (*tp).tp_richcompare.is_some() {
        // comparisons without a hash: unhashable, as CPython decides
        tdata(t).dict().set_str("__hash__", Value::None);
    }
    add("__call__", Call, fp!((*tp).tp_call))?;
    add("__str__", Unary, fp!((*tp).tp_str))?;
    if let Some(g) = (*tp).tp_getattro {
        if g as usize != GENERIC_FNS.get()[0] {
            add("__getattribute__", GetAttr, Some(g as *const c_void))?;
        }
    }
    if let Some(s) = (*tp).tp_setattro {
        if s as usize != GENERIC_FNS.get()[1] {
            add("__setattr__", SetAttr, Some(s as *const c_void))?;
            add("__delattr__", DelAttr, Some(s as *const c_void))?;
        }
    }
    if let Some(r) = (*tp).tp_richcompare {
        let r = r as *const c_void;
        add("__lt__", RichCmp(Py_LT), Some(r))?;
        add("__le__", RichCmp(Py_LE), Some(r))?;
        add("__eq__", RichCmp(Py_EQ), Some(r))?;
        add("__ne__", RichCmp(Py_NE), Some(r))?;
        add("__gt__", RichCmp(Py_GT), Some(r))?;
        add("__ge__", RichCmp(Py_GE), Some(r))?;
    }
    add("__iter__", Unary, fp!((*tp).tp_iter))?;
    add("__next__", Next, fp!((*tp).tp_iternext))?;
    add("__get__", DescrGet, fp!((*tp).tp_descr_get))?;
    add("__set__", DescrSet, fp!((*tp).tp_descr_set))?;
    add("__delete__", DescrDelete, fp!((*tp).tp_descr_set))?;
    add("__init__", Init, fp!((*tp).tp_init))?;
    add("__del__", Finalize, fp!((*tp).tp_finalize))?;
    let am = (*tp).tp_as_async;
    if !am.is_null() {
        add("__await__", Unary, fp!((*am).am_await))?;
        add("__aiter__", Unary, fp!((*am).am_aiter))?;
        add("__anext__", Unary, fp!((*am).am_anext))?;
    }
    let nb = (*tp).tp_as_number;
    if !nb.is_null() {
        macro_rules! bin {
            ($f:ident, $l:literal, $r:literal) => {
                add($l, BinaryL, fp!((*nb).$f))?;
                add($r, BinaryR, fp!((*nb).$f))?;
            };
        }
        bin!(nb_add, "__add__", "__radd__");
        bin!(nb_subtract, "__sub__", "__rsub__");
        bin!(nb_multiply, "__mul__", "__rmul__");
        bin!(nb_remainder, "__mod__", "__rmod__");
        bin!(nb_divmod, "__divmod__", "__rdivmod__");
        add("__pow__", TernaryL, fp!((*nb).nb_power))?;
        add("__rpow__", TernaryR, fp!((*nb).nb_power))?;
        add("__neg__", Unary, fp!((*nb).nb_negative))?;
        add("__pos__", Unary, fp!((*nb).nb_positive))?;
        add("__abs__", Unary, fp!((*nb).nb_absolute))?;
        add("__bool__", Inquiry, fp!((*nb).nb_bool))?;
        add("__invert__", Unary, fp!((*nb).nb_invert))?;
        bin!(nb_lshift, "__lshift__", "__rlshift__");
        bin!(nb_rshift, "__rshift__", "__rrshift__");
        bin!(nb_and, "__and__", "__rand__");
        bin!(nb_xor, "__xor__", "__rxor__");
        bin!(nb_or, "__or__", "__ror__");
        add("__int__", Unary, fp!((*nb).nb_int))?;
        add("__float__", Unary, fp!((*nb).nb_float))?;
        add("__iadd__", BinaryL, fp!((*nb).nb_inplace_add))?;
        add("__isub__", BinaryL, fp!((*nb).nb_inplace_subtract))?;
        add("__imul__", BinaryL, fp!((*nb).nb_inplace_multiply))?;
        add("__imod__", BinaryL, fp!((*nb).nb_inplace_remainder))?;
        add("__ipow__", TernaryL, fp!((*nb).nb_inplace_power))?;
        add("__ilshift__", BinaryL, fp!((*nb).nb_inplace_lshift))?;
        add("__irshift__", BinaryL, fp!((*nb).nb_inplace_rshift))?;
        add("__iand__", BinaryL, fp!((*nb).nb_inplace_and))?;
        add("__ixor__", BinaryL, fp!((*nb).nb_inplace_xor))?;
        add("__ior__", BinaryL, fp!((*nb).nb_inplace_or))?;
        bin!(nb_floor_divide, "__floordiv__", "__rfloordiv__");
        bin!(nb_true_divide, "__truediv__", "__rtruediv__");
        add("__ifloordiv__", BinaryL, fp!((*nb).nb_inplace_floor_divide))?;
        add("__itruediv__", BinaryL, fp!((*nb).nb_inplace_true_divide))?;
        add("__index__", Unary, fp!((*nb).nb_index))?;
        bin!(nb_matrix_multiply, "__matmul__", "__rmatmul__");
        add(
            "__imatmul__",
            BinaryL,
            fp!((*nb).nb_inplace_matrix_multiply),
        )?;
    }
    let mp = (*tp).tp_as_mapping;
    if !mp.is_null() {
        add("__len__", Len, fp!((*mp).mp_length))?;
        add("__getitem__", BinaryL, fp!((*mp).mp_subscript))?;
        add("__setitem__", MpAssSet, fp!((*mp).mp_ass_subscript))?;
        add("__delitem__", MpAssDel, fp!((*mp).mp_ass_subscript))?;
    }
    let sq = (*tp).tp_as_sequence;
    if !sq.is_null() {
        add("__len__", Len, fp!((*sq).sq_length))?;
        add("__add__", BinaryL, fp!((*sq).sq_concat))?;
        add("__mul__", SqRepeat, fp!((*sq).sq_repeat))?;
        add("__rmul__", SqRepeat, fp!((*sq).sq_repeat))?;
        add("__getitem__", SqItem, fp!((*sq).sq_item))?;
        add("__setitem__", SqAssItem, fp!((*sq).sq_ass_item))?;
        add("__delitem__", SqDelItem, fp!((*sq).sq_ass_item))?;
        add("__contains__", Contains, fp!((*sq).sq_contains))?;
        add("__iadd__", BinaryL, fp!((*sq).sq_inplace_concat))?;
        add("__imul__", SqRepeat, fp!((*sq).sq_inplace_repeat))?;
    }
    Ok(())
}

/// A descriptor for one `PyMethodDef` of type `t` (`PyDescr_NewMethod`,
/// `PyDescr_NewClassMethod` with `METH_CLASS`, a staticmethod for `METH_STATIC`).
///
/// # Safety
/// `m` points to a `PyMethodDef` that outlives the type.
pub unsafe fn method_descr(t: &ObjRef, m: *mut PyMethodDef) -> PyResult<Value> {
    let name = static_name(cstr((*m).ml_name).unwrap_or("?"));
    let flags = (*m).ml_flags;
    let tn = tdata(t).name().to_string();
    let class = if flags & METH_METHOD != 0 {
        Some(Value::Obj(t.clone()))
    } else {
        None
    };
    Ok(if flags & METH_STATIC != 0 {
        let f = cfunc::new_cfunction(m, None, None, None);
        pyrite_vm::types::descr::new_staticmethod(f)
    } else {
        let f = wrap_fn(format!("{}.{}()", tn, name), Wrap::None, true, m, class)?;
        let k = if flags & METH_CLASS != 0 {
            MethKind::Class
        } else {
            MethKind::Method
        };
        let doc = cstr((*m).ml_doc).map(static_name);
        pyrite_vm::types::function::new_method_descr_doc(name, f, t, k, doc)
    })
}

/// A `member_descriptor` for one `PyMemberDef` of type `t` (`PyDescr_NewMember`).
///
/// # Safety
/// `mb` points to a `PyMemberDef` that outlives the type.
pub unsafe fn member_descr(t: &ObjRef, mb: *const PyMemberDef) -> PyResult<Value> {
    let name = cstr((*mb).name).unwrap_or("?").to_string();
    let tn = tdata(t).name().to_string();
    let get = wrap_fn(
        format!("{}.{}", tn, name),
        Wrap::Member(mb),
        true,
        null_mut(),
        None,
    )?;
    let readonly = (*mb).flags & READONLY != 0;
    Ok(pyrite_vm::types::descr::new_native_descr(
        pyrite_vm::types::descr::NativeDescr {
            name,
            objclass: t.clone(),
            doc: cstr((*mb).doc).map(|s| s.to_string()),
            member: true,
            get: Some(get),
            set: Some(if readonly { readonly_member } else { get }),
        },
    ))
}

/// A `getset_descriptor` for one `PyGetSetDef` of type `t` (`PyDescr_NewGetSet`).
///
/// # Safety
/// `g` points to a `PyGetSetDef` that outlives the type.
pub unsafe fn getset_descr(t: &ObjRef, g: *const PyGetSetDef) -> PyResult<Value> {
    let name = cstr((*g).name).unwrap_or("?").to_string();
    let tn = tdata(t).name().to_string();
    let f = wrap_fn(
        format!("{}.{}", tn, name),
        Wrap::GetSet(g),
        true,
        null_mut(),
        None,
    )?;
    Ok(pyrite_vm::types::descr::new_native_descr(
        pyrite_vm::types::descr::NativeDescr {
            name,
            objclass: t.clone(),
            doc: cstr((*g).doc).map(|s| s.to_string()),
            member: false,
            get: if (*g).get.is_some() { Some(f) } else { None },
            set: if (*g).set.is_some() { Some(f) } else { None },
        },
    ))
}

/// `tp_methods`, `tp_members`, `tp_getset` into `t`'s dict.
unsafe fn add_defs(t: &ObjRef, tp: *mut PyTypeObject) -> PyResult<()> {
    let d = tdata(t).dict();
    let mut m = (*tp).tp_methods;
    while !m.is_null() && !(*m).ml_name.is_null() {
        let name = static_name(cstr((*m).ml_name).unwrap_or("?"));
        if d.get_str_key(name).is_some() && (*m).ml_flags & METH_COEXIST == 0 {
            m = m.add(1);
            continue;
        }
        d.set_str(name, method_descr(t, m)?);
        m = m.add(1);
    }
    let mut mb = (*tp).tp_members as *const PyMemberDef;
    while !mb.is_null() && !(*mb).name.is_null() {
        let name = cstr((*mb).name).unwrap_or("?");
        // special members: the dict/weaklist offsets of heap types
        if !matches!(
            name,
            "__dictoffset__" | "__weaklistoffset__" | "__vectorcalloffset__"
        ) {
            d.set_str(static_name(name), member_descr(t, mb)?);
        }
        mb = mb.add(1);
    }
    let mut g = (*tp).tp_getset as *const PyGetSetDef;
    while !g.is_null() && !(*g).name.is_null() {
        let name = static_name(cstr((*g).name).unwrap_or("?"));
        d.set_str(name, getset_descr(t, g)?);
        g = g.add(1);
    }
    Ok(())
}

fn readonly_member(_a: &[Value], _k: Kw) -> PyResult<Value> {
    Err(attribute_error("readonly attribute"))
}

/// Copy what `tp` leaves NULL from its base's C structure (`inherit_slots`).
unsafe fn inherit_slots(tp: *mut PyTypeObject, b: *mut PyTypeObject) {
    macro_rules! inh {
        ($($f:ident),*) => { $( if (*tp).$f.is_none() { (*tp).$f = (*b).$f; } )* };
    }
    let had_cmp = (*tp).tp_richcompare.is_some();
    let had_hash = (*tp).tp_hash.is_some();
    inh!(
        tp_repr,
        tp_call,
        tp_str,
        tp_getattro,
        tp_setattro,
        tp_iter,
        tp_iternext,
        tp_descr_get,
        tp_descr_set,
        tp_init,
        tp_alloc,
        tp_free,
        tp_finalize,
        tp_vectorcall,
        tp_is_gc,
        tp_clear
    );
    if (*tp).tp_traverse.is_null() {
        (*tp).tp_traverse = (*b).tp_traverse;
    }
    if !had_cmp && !had_hash {
        (*tp).tp_richcompare = (*b).tp_richcompare;
        (*tp).tp_hash = (*b).tp_hash;
    }
    if (*tp).tp_dealloc.is_none() {
        (*tp).tp_dealloc = (*b).tp_dealloc;
    }
    if (*tp).tp_dictoffset == 0 {
        (*tp).tp_dictoffset = (*b).tp_dictoffset;
    }
    if (*tp).tp_weaklistoffset == 0 {
        (*tp).tp_weaklistoffset = (*b).tp_weaklistoffset;
    }
    if (*tp).tp_basicsize == 0 {
        (*tp).tp_basicsize = (*b).tp_basicsize;
    }
    if (*tp).tp_itemsize == 0 {
        (*tp).tp_itemsize = (*b).tp_itemsize;
    }
    macro_rules! table {
        ($tab:ident, $ty:ty, [$($f:ident),*]) => {
            if !(*b).$tab.is_null() {
                if (*tp).$tab.is_null() {
                    (*tp).$tab = (*b).$tab;
                } else if (*tp).$tab != (*b).$tab {
                    let t = (*tp).$tab;
                    let s = (*b).$tab;
                    $( if (*t).$f.is_none() { (*t).$f = (*s).$f; } )*
                }
            }
        };
    }
    table!(
        tp_as_number,
        PyNumberMethods,
        [
            nb_add,
            nb_subtract,
            nb_multiply,
            nb_remainder,
            nb_divmod,
            nb_power,
            nb_negative,
            nb_positive,
            nb_absolute,
            nb_bool,
            nb_invert,
            nb_lshift,
            nb_rshift,
            nb_and,
            nb_xor,
            nb_or,
            nb_int,
            nb_float,
            nb_inplace_add,
            nb_inplace_subtract,
            nb_inplace_multiply,
            nb_inplace_remainder,
            nb_inplace_power,
            nb_inplace_lshift,
            nb_inplace_rshift,
            nb_inplace_and,
            nb_inplace_xor,
            nb_inplace_or,
            nb_floor_divide,
            nb_true_divide,
            nb_inplace_floor_divide,
            nb_inplace_true_divide,
            nb_index,
            nb_matrix_multiply,
            nb_inplace_matrix_multiply
        ]
    );
    table!(
        tp_as_sequence,
        PySequenceMethods,
        [
            sq_length,
            sq_concat,
            sq_repeat,
            sq_item,
            sq_ass_item,
            sq_contains,
            sq_inplace_concat,
            sq_inplace_repeat
        ]
    );
    table!(
        tp_as_mapping,
        PyMappingMethods,
        [mp_length, mp_subscript, mp_ass_subscript]
    );
    table!(tp_as_async, PyAsyncMethods, [am_await, am_aiter, am_anext]);
    if (*tp).tp_as_buffer.is_null() {
        (*tp).tp_as_buffer = (*b).tp_as_buffer;
    }
    (*tp).tp_flags |=
        (*b).tp_flags & (Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_SEQUENCE | Py_TPFLAGS_MAPPING);
    // the fast subclass bits of the base
    (*tp).tp_flags |= (*b).tp_flags & (0xff << 24);
}

/// Split `"pkg.mod.Name"` into (module, name).
fn split_name(full: &str) -> (String, String) {
    match full.rfind('.') {
        Some(i) => (full[..i].to_string(), full[i + 1..].to_string()),
        None => ("builtins".to_string(), full.to_string()),
    }
}

/// The docstring of a `tp_doc` without its `name(sig)\n--\n\n` signature line.
fn doc_text(doc: &str) -> (&str, Option<&str>) {
    if let Some(i) = doc.find("\n--\n\n") {
        let sig = &doc[..i];
        if sig.contains('(') && !sig.contains('\n') {
            let s = sig.find('(').map(|j| &sig[j..]);
            return (&doc[i + 5..], s);
        }
    }
    (doc, None)
}

/// `PyType_Ready` for a type defined in C. Types Pyrite already knows succeed at once.
///
/// # Safety
/// `tp` points to a `PyTypeObject` that lives as long as the process (static) or its
/// heap type object.
pub unsafe fn ready(tp: *mut PyTypeObject) -> PyResult<()> {
    if statics::static_type(tp as *mut PyObject).is_some() {
        (*tp).tp_flags |= Py_TPFLAGS_READY;
        return Ok(());
    }
    if (*tp).tp_flags & Py_TPFLAGS_READY != 0 {
        return Ok(());
    }
    if (*tp).tp_flags & Py_TPFLAGS_READYING != 0 {
        return Err(PyErr::new(
            &exc().system_error,
            "PyType_Ready: type is already being readied",
        ));
    }
    let Some(full) = cstr((*tp).tp_name) else {
        return Err(PyErr::new(
            &exc().system_error,
            "Type does not define the tp_name field.",
        ));
    };
    let full = full.to_string();
    (*tp).tp_flags |= Py_TPFLAGS_READYING;
    let r = ready_inner(tp, &full, None);
    (*tp).tp_flags &= !Py_TPFLAGS_READYING;
    r
}

/// Readying proper; `heap_mirror` is set for types made from a spec (whose mirror
/// `tp` is a head-bearing `PyHeapTypeObject`).
pub(crate) unsafe fn ready_inner(
    tp: *mut PyTypeObject,
    full: &str,
    bases: Option<Vec<ObjRef>>,
) -> PyResult<()> {
    let heap = (*tp).tp_flags & Py_TPFLAGS_HEAPTYPE != 0;
    if (*tp).tp_base.is_null() {
        (*tp).tp_base = match &bases {
            Some(b) if !b.is_empty() => crate::types::type_mirror(&b[0]),
            _ => statics::object_type(),
        };
    }
    let base_tp = (*tp).tp_base;
    if statics::static_type(base_tp as *mut PyObject).is_none()
        && (*base_tp).tp_flags & Py_TPFLAGS_READY == 0
    {
        ready(base_tp)?;
    }
    let base = type_value(base_tp);
    let bases = bases.unwrap_or_else(|| vec![base.clone()]);
    for b in &bases {
        let bk = tdata(b).base_kind;
        // builtins whose objects have mirrors C code may extend: the subtype's fields
        // follow the builtin's structure in the (larger) mirror; variable-size
        // builtins take no extra fields, as in CPython
        use pyrite_vm::types::typeobj::BaseKind as K;
        let extendable = matches!(
            bk,
            K::List
                | K::Dict
                | K::Float
                | K::Complex
                | K::Set
                | K::FrozenSet
                | K::ByteArray
                | K::Exception
                | K::Other
        );
        let fixed = matches!(bk, K::Int | K::Tuple | K::Bytes | K::Str)
            && (*tp).tp_basicsize <= (*crate::types::type_mirror(b)).tp_basicsize;
        let ok = b.is(&types().object) || native_base(b).is_some() || extendable || fixed;
        if !ok {
            return Err(PyErr::new(
                &exc().not_implemented_error,
                format!(
                    "{}: C types deriving from '{}' ({:?} layout) are not supported by Pyrite yet",
                    full,
                    tdata(b).name(),
                    bk
                ),
            ));
        }
        if !tdata(b).has(tflags::BASETYPE) {
            return Err(type_error(format!(
                "type '{}' is not an acceptable base type",
                tdata(b).name()
            )));
        }
    }
    if (*tp).ob_base.ob_base.ob_type.is_null() {
        (*tp).ob_base.ob_base.ob_type = (*base_tp).ob_base.ob_base.ob_type;
    }
    if !heap {
        (*tp).ob_base.ob_base.ob_refcnt = statics::IMMORTAL;
    }
    let (module, name) = split_name(full);
    let t = pyrite_vm::modules::ndata::new_type(
        &name,
        &module,
        Some(&base),
        (*tp).tp_flags & Py_TPFLAGS_BASETYPE != 0,
    );
    if bases.len() > 1 {
        // several bases (PyType_FromSpecWithBases): the full C3 linearization
        *tdata(&t).bases.get() = bases.clone();
        let mro = pyrite_vm::types::typeobj::compute_mro(&t, &bases)?;
        *tdata(&t).mro.get() = mro;
    }
    let td = tdata(&t);
    // messages name C types by their full `tp_name`, `__name__` is the last part
    *td.name.get() = full.to_string();
    *td.qualname.get() = name.clone();
    let mut fl = td.flags.get() & !(tflags::HAS_WEAKREF | tflags::IMMUTABLE);
    if (*tp).tp_weaklistoffset != 0 || (*base_tp).tp_weaklistoffset != 0 {
        fl |= tflags::HAS_WEAKREF;
    }
    if (*tp).tp_dictoffset != 0 || (*base_tp).tp_dictoffset != 0 {
        fl |= tflags::HAS_DICT;
    }
    if heap && (*tp).tp_flags & Py_TPFLAGS_IMMUTABLETYPE == 0 {
        fl |= tflags::HEAPTYPE;
    } else {
        fl |= tflags::IMMUTABLE;
    }
    if (*tp).tp_flags & Py_TPFLAGS_SEQUENCE != 0 {
        fl |= tflags::SEQUENCE;
    }
    if (*tp).tp_flags & Py_TPFLAGS_MAPPING != 0 {
        fl |= tflags::MAPPING;
    }
    td.flags.set(fl);
    td.native.set(tp as *mut c_void);
    let d = td.dict();
    d.set_str("__module__", Value::from(module.as_str()));
    if let Some(doc) = cstr((*tp).tp_doc) {
        let (text, sig) = doc_text(doc);
        d.set_str("__doc__", Value::from(text));
        if let Some(s) = sig {
            d.set_str("__text_signature__", Value::from(s));
        }
    }
    // link the C structure and the Pyrite type (same object both ways)
    if heap {
        mirror::link(&t, tp as *mut PyObject);
    } else {
        statics::register_type(tp, &t);
        t.obj().mirror.set(tp as *mut c_void);
    }
    add_slot_wrappers(&t, tp)?;
    add_defs(&t, tp)?;
    // `__new__`: the type's own tp_new, or (from object) generic allocation for heap
    // types, or no instances at all for static types without one
    let own_new = (*tp).tp_new.is_some();
    let from_object = base.is(&types().object);
    if !own_new && from_object {
        if heap {
            (*tp).tp_new = Some(generic_new);
        } else {
            (*tp).tp_flags |= Py_TPFLAGS_DISALLOW_INSTANTIATION;
        }
    }
    if own_new || from_object {
        let tn = tdata(&t).name().to_string();
        let f = wrap_fn(
            format!("{}.__new__", tn),
            Wrap::New(tp),
            false,
            null_mut(),
            None,
        )?;
        d.set_str(
            "__new__",
            pyrite_vm::types::function::new_method_descr("__new__", f, &t, MethKind::Static),
        );
    }
    inherit_slots(tp, base_tp);
    if (*tp).tp_alloc.is_none() {
        (*tp).tp_alloc = Some(generic_alloc);
    }
    if (*tp).tp_free.is_none() {
        (*tp).tp_free = Some(generic_free);
    }
    if (*tp).tp_dealloc.is_none() {
        (*tp).tp_dealloc = Some(generic_dealloc);
    }
    if (*tp).tp_new.is_none() && !from_object {
        (*tp).tp_new = (*base_tp).tp_new;
    }
    // what C reads of a type: dict, bases, mro
    (*tp).tp_dict = mirror::to_c_borrowed_obj(&td.dict);
    let bt =
        pyrite_vm::types::tuple::new_tuple(bases.iter().map(|b| Value::Obj(b.clone())).collect());
    let mro = pyrite_vm::types::tuple::new_tuple(
        td.mro().iter().map(|b| Value::Obj(b.clone())).collect(),
    );
    (*tp).tp_bases = to_c_new(&bt);
    (*tp).tp_mro = to_c_new(&mro);
    (*tp).tp_flags |= Py_TPFLAGS_READY;
    (*tp).tp_flags &= !Py_TPFLAGS_READYING;
    pyrite_vm::modules::ndata::finish_type(&t);
    Ok(())
}

// ---------------------------------------------------------------------------
// heap types from specs

/// `PyType_FromMetaclass`-style creation shared by `PyType_FromSpec*` and
/// `PyType_FromModuleAndSpec`.
///
/// # Safety
/// `spec` is a valid spec; `module`/`bases` are NULL or valid objects.
pub unsafe fn from_spec(
    module: *mut PyObject,
    spec: *mut PyType_Spec,
    bases: *mut PyObject,
) -> PyResult<Value> {
    let full = cstr((*spec).name)
        .ok_or_else(|| {
            PyErr::new(
                &exc().system_error,
                "Type spec does not define the name field.",
            )
        })?
        .to_string();
    if !full.contains('.') {
        // CPython warns (DeprecationWarning) and uses "builtins"; keep that behaviour
    }
    // bases: argument, or Py_tp_bases / Py_tp_base slots, or object
    let mut base_list: Vec<ObjRef> = Vec::new();
    let mut slot = (*spec).slots;
    let mut slot_base: *mut PyObject = null_mut();
    let mut slot_bases: *mut PyObject = null_mut();
    while !slot.is_null() && (*slot).slot != 0 {
        match (*slot).slot {
            48 => slot_base = (*slot).pfunc as *mut PyObject,
            49 => slot_bases = (*slot).pfunc as *mut PyObject,
            _ => {}
        }
        slot = slot.add(1);
    }
    let bsrc = if !bases.is_null() {
        bases
    } else if !slot_bases.is_null() {
        slot_bases
    } else {
        slot_base
    };
    if !bsrc.is_null() {
        let bv = from_c(bsrc);
        let items = match pyrite_vm::types::tuple::as_tuple(&bv) {
            Some(it) => it.to_vec(),
            None => vec![bv],
        };
        for b in items {
            match b {
                Value::Obj(o) if matches!(o.payload(), Payload::Type(_)) => base_list.push(o),
                other => {
                    return Err(type_error(format!(
                        "bases must be types, not '{}'",
                        other.type_name()
                    )))
                }
            }
        }
    }
    if base_list.is_empty() {
        base_list.push(types().object.clone());
    }
    let meta = crate::types::type_mirror(&types().type_);
    let p = mirror::alloc(
        kind::TYPE,
        std::mem::size_of::<PyHeapTypeObject>(),
        meta,
        mirror::BIAS,
    );
    let tp = p as *mut PyTypeObject;
    let ht = p as *mut PyHeapTypeObject;
    // the name is owned by the type
    let cname = std::ffi::CString::new(full.clone()).unwrap_or_default();
    (*tp).tp_name = cname.as_ptr();
    mirror::ext(p).cstrings.push(cname);
    (*tp).tp_basicsize = (*spec).basicsize as isize;
    (*tp).tp_itemsize = (*spec).itemsize as isize;
    (*tp).tp_flags = (*spec).flags as c_ulong | Py_TPFLAGS_HEAPTYPE;
    (*tp).tp_base = crate::types::type_mirror(&base_list[0]);
    if (*tp).tp_basicsize == 0 {
        (*tp).tp_basicsize = (*(*tp).tp_base).tp_basicsize;
        (*tp).tp_itemsize = (*(*tp).tp_base).tp_itemsize;
    }
    let mut slot = (*spec).slots;
    while !slot.is_null() && (*slot).slot != 0 {
        let f = (*slot).pfunc;
        let n = &raw mut (*ht).as_number;
        let s = &raw mut (*ht).as_sequence;
        let m = &raw mut (*ht).as_mapping;
        let a = &raw mut (*ht).as_async;
        macro_rules! set {
            ($place:expr) => {
                $place = std::mem::transmute::<*mut c_void, _>(f)
            };
        }
        match (*slot).slot {
            1 => (*ht).as_buffer.bf_getbuffer = f,
            2 => (*ht).as_buffer.bf_releasebuffer = f,
            3 => set!((*m).mp_ass_subscript),
            4 => set!((*m).mp_length),
            5 => set!((*m).mp_subscript),
            6 => set!((*n).nb_absolute),
            7 => set!((*n).nb_add),
            8 => set!((*n).nb_and),
            9 => set!((*n).nb_bool),
            10 => set!((*n).nb_divmod),
            11 => set!((*n).nb_float),
            12 => set!((*n).nb_floor_divide),
            13 => set!((*n).nb_index),
            14 => set!((*n).nb_inplace_add),
            15 => set!((*n).nb_inplace_and),
            16 => set!((*n).nb_inplace_floor_divide),
            17 => set!((*n).nb_inplace_lshift),
            18 => set!((*n).nb_inplace_multiply),
            19 => set!((*n).nb_inplace_or),
            20 => set!((*n).nb_inplace_power),
            21 => set!((*n).nb_inplace_remainder),
            22 => set!((*n).nb_inplace_rshift),
            23 => set!((*n).nb_inplace_subtract),
            24 => set!((*n).nb_inplace_true_divide),
            25 => set!((*n).nb_inplace_xor),
            26 => set!((*n).nb_int),
            27 => set!((*n).nb_invert),
            28 => set!((*n).nb_lshift),
            29 => set!((*n).nb_multiply),
            30 => set!((*n).nb_negative),
            31 => set!((*n).nb_or),
            32 => set!((*n).nb_positive),
            33 => set!((*n).nb_power),
            34 => set!((*n).nb_remainder),
            35 => set!((*n).nb_rshift),
            36 => set!((*n).nb_subtract),
            37 => set!((*n).nb_true_divide),
            38 => set!((*n).nb_xor),
            39 => set!((*s).sq_ass_item),
            40 => set!((*s).sq_concat),
            41 => set!((*s).sq_contains),
            42 => set!((*s).sq_inplace_concat),
            43 => set!((*s).sq_inplace_repeat),
            44 => set!((*s).sq_item),
            45 => set!((*s).sq_length),
            46 => set!((*s).sq_repeat),
            47 => set!((*tp).tp_alloc),
            48 | 49 => {}
            50 => set!((*tp).tp_call),
            51 => set!((*tp).tp_clear),
            52 => set!((*tp).tp_dealloc),
            53 => set!((*tp).tp_del),
            54 => set!((*tp).tp_descr_get),
            55 => set!((*tp).tp_descr_set),
            56 => {
                // the doc is copied (the spec's string may be temporary)
                if let Some(d) = cstr(f as *const c_char) {
                    let c = std::ffi::CString::new(d).unwrap_or_default();
                    (*tp).tp_doc = c.as_ptr();
                    mirror::ext(p).cstrings.push(c);
                }
            }
            57 => (*tp).tp_getattr = f,
            58 => set!((*tp).tp_getattro),
            59 => set!((*tp).tp_hash),
            60 => set!((*tp).tp_init),
            61 => set!((*tp).tp_is_gc),
            62 => set!((*tp).tp_iter),
            63 => set!((*tp).tp_iternext),
            64 => (*tp).tp_methods = f as *mut PyMethodDef,
            65 => set!((*tp).tp_new),
            66 => set!((*tp).tp_repr),
            67 => set!((*tp).tp_richcompare),
            68 => (*tp).tp_setattr = f,
            69 => set!((*tp).tp_setattro),
            70 => set!((*tp).tp_str),
            71 => (*tp).tp_traverse = f,
            72 => {
                (*tp).tp_members = f;
                // the special members carry the dict/weaklist/vectorcall offsets
                let mut mb = f as *const PyMemberDef;
                while !mb.is_null() && !(*mb).name.is_null() {
                    match cstr((*mb).name) {
                        Some("__dictoffset__") => (*tp).tp_dictoffset = (*mb).offset,
                        Some("__weaklistoffset__") => (*tp).tp_weaklistoffset = (*mb).offset,
                        Some("__vectorcalloffset__") => (*tp).tp_vectorcall_offset = (*mb).offset,
                        _ => {}
                    }
                    mb = mb.add(1);
                }
            }
            73 => (*tp).tp_getset = f,
            74 => set!((*tp).tp_free),
            75 => set!((*n).nb_matrix_multiply),
            76 => set!((*n).nb_inplace_matrix_multiply),
            77 => set!((*a).am_await),
            78 => set!((*a).am_aiter),
            79 => set!((*a).am_anext),
            80 => set!((*tp).tp_finalize),
            81 => (*a).am_send = f,
            other => {
                mirror::release(p);
                return Err(PyErr::new(
                    &exc().runtime_error,
                    format!("invalid slot offset {}", other),
                ));
            }
        }
        slot = slot.add(1);
    }
    // the tables live inside the heap type; expose the ones that have entries
    (*tp).tp_as_number = &raw mut (*ht).as_number;
    (*tp).tp_as_sequence = &raw mut (*ht).as_sequence;
    (*tp).tp_as_mapping = &raw mut (*ht).as_mapping;
    (*tp).tp_as_async = &raw mut (*ht).as_async;
    (*tp).tp_as_buffer = &raw mut (*ht).as_buffer;
    if !module.is_null() {
        incref(module);
        mirror::container_mark(module);
        (*ht).ht_module = module;
        mirror::ext(p).owned.push(module);
    }
    (*tp).tp_flags |= Py_TPFLAGS_READYING;
    let r = ready_inner(tp, &full, Some(base_list));
    (*tp).tp_flags &= !Py_TPFLAGS_READYING;
    if let Err(e) = r {
        return Err(e);
    }
    let t = from_c(p);
    // the heap-type-specific names
    if let Value::Obj(o) = &t {
        let _ = o;
    }
    Ok(t)
}

/// `PyType_GetModule`: the module a heap type was created with.
///
/// # Safety
/// `tp` is a valid type object.
pub unsafe fn type_module(tp: *mut PyTypeObject) -> PyResult<*mut PyObject> {
    let name = cstr((*tp).tp_name).unwrap_or("?");
    if (*tp).tp_flags & Py_TPFLAGS_HEAPTYPE == 0 || mirror::is_static(tp as *mut PyObject) {
        return Err(type_error(format!(
            "PyType_GetModule: Type '{}' is not a heap type",
            name
        )));
    }
    let m = (*(tp as *mut PyHeapTypeObject)).ht_module;
    if m.is_null() || (*head(tp as *mut PyObject)).kind != kind::TYPE {
        return Err(type_error(format!(
            "PyType_GetModule: Type '{}' has no associated module",
            name
        )));
    }
    Ok(m)
}
