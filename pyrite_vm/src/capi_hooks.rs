//! Hooks the C-API layer (`emulation`) installs into the core, so the core never
//! depends on it (the core knows only that an object may have a native mirror).

use crate::gil::GilCell;
use crate::object::{ObjRef, Object};

/// Functions provided by the C boundary.
pub struct CapiHooks {
    /// An object with a native mirror is being freed. Returns `true` when C code still
    /// holds references to the mirror: the hook then took a reference to the object
    /// (resurrecting it) and the object must not be freed.
    pub object_dying: fn(*const Object) -> bool,
    /// References held by C code to an object with a native mirror, beyond the ones the
    /// object's own reference count already includes (for `sys.getrefcount` and the
    /// cycle collector, which must treat them as external references).
    pub extra_refs: fn(*const Object) -> isize,
    /// Find a C extension module `name` in directory `dir` and load it as `fullname`
    /// (`None`: no extension file there).
    pub load_extension: fn(
        fullname: &str,
        dir: &str,
        name: &str,
    ) -> Option<crate::errors::PyResult<crate::value::Value>>,
    /// File name suffixes of extension modules, in search order
    /// (`importlib.machinery.EXTENSION_SUFFIXES`, `_imp.extension_suffixes()`).
    pub extension_suffixes: &'static [&'static str],
    /// Visit the objects an object's native side references (a C type's
    /// `tp_traverse`), for the cycle collector.
    pub traverse_native: fn(*const Object, &mut dyn FnMut(&crate::value::Value)),
    /// Break the references an object's native side holds (`tp_clear`) to free a cycle.
    pub clear_native: fn(*const Object),
    /// The buffer an object exports through foreign code (`bf_getbuffer`), if it does.
    pub get_buffer: fn(
        &crate::value::Value,
        bool,
    )
        -> Option<crate::errors::PyResult<crate::types::memoryview::ForeignView>>,
    /// Whether an object's type exports buffers through foreign code.
    pub may_export: fn(&crate::value::Value) -> bool,
}

static HOOKS: GilCell<Option<CapiHooks>> = GilCell::new(None);

pub fn install(h: CapiHooks) {
    *HOOKS.get() = Some(h);
}

/// See [`CapiHooks::object_dying`].
pub fn object_dying(p: *const Object) -> bool {
    match HOOKS.get() {
        Some(h) => (h.object_dying)(p),
        None => false,
    }
}

/// See [`CapiHooks::extra_refs`] (0 for objects that never crossed to C).
#[inline]
pub fn extra_refs(p: *const Object) -> isize {
    // SAFETY: p points to a live object (callers hold it or scan live objects).
    if unsafe { (*p).mirror.get().is_null() } {
        return 0;
    }
    match HOOKS.get() {
        Some(h) => (h.extra_refs)(p),
        None => 0,
    }
}

/// See [`CapiHooks::traverse_native`] (nothing for objects that never crossed to C).
#[inline]
pub fn traverse_native(p: *const Object, f: &mut dyn FnMut(&crate::value::Value)) {
    // SAFETY: p is live.
    if unsafe { (*p).mirror.get().is_null() } {
        return;
    }
    if let Some(h) = HOOKS.get() {
        (h.traverse_native)(p, f)
    }
}

/// See [`CapiHooks::get_buffer`] (`None`: not a foreign exporter).
pub fn get_buffer(
    v: &crate::value::Value,
    writable: bool,
) -> Option<crate::errors::PyResult<crate::types::memoryview::ForeignView>> {
    let o = v.as_obj()?;
    if o.obj().mirror.get().is_null() {
        return None;
    }
    (HOOKS.get().as_ref()?.get_buffer)(v, writable)
}

/// See [`CapiHooks::may_export`].
pub fn may_export(v: &crate::value::Value) -> bool {
    match v.as_obj() {
        Some(o) if !o.obj().mirror.get().is_null() => {
            HOOKS.get().as_ref().is_some_and(|h| (h.may_export)(v))
        }
        _ => false,
    }
}

/// See [`CapiHooks::clear_native`].
pub fn clear_native(p: *const Object) {
    // SAFETY: p is live.
    if unsafe { (*p).mirror.get().is_null() } {
        return;
    }
    if let Some(h) = HOOKS.get() {
        (h.clear_native)(p)
    }
}

/// See [`CapiHooks::extension_suffixes`] (empty before the C boundary is installed).
pub fn extension_suffixes() -> &'static [&'static str] {
    match HOOKS.get() {
        Some(h) => h.extension_suffixes,
        None => &[],
    }
}

/// See [`CapiHooks::load_extension`].
pub fn load_extension(
    fullname: &str,
    dir: &str,
    name: &str,
) -> Option<crate::errors::PyResult<crate::value::Value>> {
    match HOOKS.get() {
        Some(h) => (h.load_extension)(fullname, dir, name),
        None => None,
    }
}

/// Weak references are cleared when their referent dies (weakref support lands with
/// the `_weakref` module).
pub fn clear_weakrefs(o: &ObjRef) {
    o.clear_flag(crate::object::flags::HAS_WEAKREFS);
    crate::modules::weakref::clear_weakrefs(o);
}

/// CPython-compatible `tp_flags` of a type (for `__flags__` and the C side).
pub fn type_flags(t: &ObjRef) -> u64 {
    use crate::types::typeobj::{tdata, tflags, BaseKind};
    let td = tdata(t);
    let mut f: u64 = 1 << 18; // Py_TPFLAGS_READY... (HAVE_VERSION_TAG)
    if td.has(tflags::HEAPTYPE) {
        f |= 1 << 9;
    }
    if td.has(tflags::BASETYPE) {
        f |= 1 << 10;
    }
    if td.has(tflags::IS_ABSTRACT) {
        f |= 1 << 20;
    }
    if td.has(tflags::SEQUENCE) {
        f |= 1 << 5;
    }
    if td.has(tflags::MAPPING) {
        f |= 1 << 6;
    }
    f |= match td.base_kind {
        BaseKind::Int | BaseKind::Bool => 1 << 24,
        BaseKind::List => 1 << 25,
        BaseKind::Tuple => 1 << 26,
        BaseKind::Bytes => 1 << 27,
        BaseKind::Str => 1 << 28,
        BaseKind::Dict => 1 << 29,
        BaseKind::Exception => 1 << 30,
        BaseKind::Type => 1 << 31,
        _ => 0,
    };
    f
}
