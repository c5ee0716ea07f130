//! Type objects as C sees them: the static builtin type objects are filled from
//! Pyrite's types at start-up; other Pyrite types (classes, exception classes) get a
//! `PyHeapTypeObject`-shaped mirror on first crossing. Both carry `tp_name`, `tp_flags`
//! (with the fast subclass bits), `tp_base`, `tp_dict`, `tp_bases`, `tp_mro` and slot
//! functions that route to Pyrite's protocols, so extensions that call slots directly
//! (`Py_TYPE(o)->tp_iternext(o)`, `tp_as_number->nb_add`, ...) work.

use crate::layout::*;
use crate::mirror::{
    self, alloc, ext, from_c, head, kind, link, to_c_borrowed_obj, to_c_new, BIAS,
};
use crate::statics;
use crate::{enter_py, ret_int, ret_obj, ret_ssize};
use pyrite_compiler::bytecode::{BinOp, CmpOp};
use pyrite_vm::errors::PyResult;
use pyrite_vm::object::ObjRef;
use pyrite_vm::ops;
use pyrite_vm::types::typeobj::{lookup_str, tdata, tflags, BaseKind};
use pyrite_vm::value::Value;
use std::ffi::CString;
use std::os::raw::{c_int, c_ulong};
use std::ptr::null_mut;

/// The `PyTypeObject*` of a Pyrite type (created on first use for non-static types).
pub fn type_mirror(t: &ObjRef) -> *mut PyTypeObject {
    let p = t.obj().mirror.get() as *mut PyTypeObject;
    if !p.is_null() {
        return p;
    }
    let meta = type_mirror(t.class_ref());
    let p = alloc(
        kind::TYPE,
        std::mem::size_of::<PyHeapTypeObject>(),
        meta,
        BIAS,
    );
    link(t, p);
    fill_type_object(p as *mut PyTypeObject, t, false);
    p as *mut PyTypeObject
}

/// A Pyrite type standing for a static C type object that has no Pyrite twin.
pub fn new_placeholder_type(name: &str, base: &ObjRef) -> ObjRef {
    let t = pyrite_vm::modules::ndata::new_type(name, "builtins", Some(base), false);
    pyrite_vm::modules::ndata::finish_type(&t);
    t
}

static STATIC_KEEP: pyrite_vm::gil::GilCell<Vec<Value>> = pyrite_vm::gil::GilCell::new(Vec::new());

fn keep(tp: *mut PyTypeObject, is_static: bool, v: Value) {
    if is_static {
        STATIC_KEEP.get().push(v);
    } else {
        ext(tp as *mut PyObject).keep.push(v);
    }
}

fn cstring(tp: *mut PyTypeObject, is_static: bool, s: &str) -> *const std::os::raw::c_char {
    let c = CString::new(s.replace('\0', "?")).unwrap_or_default();
    if is_static {
        let p = c.as_ptr();
        std::mem::forget(c);
        p
    } else {
        let p = c.as_ptr();
        ext(tp as *mut PyObject).cstrings.push(c);
        p
    }
}

fn basic_size(kind: BaseKind) -> (isize, isize) {
    match kind {
        BaseKind::Int | BaseKind::Bool => (24, 4),
        BaseKind::Float => (24, 0),
        BaseKind::Complex => (32, 0),
        BaseKind::Str => (80, 0),
        BaseKind::Bytes => (33, 1),
        BaseKind::ByteArray => (56, 0),
        BaseKind::Tuple => (24, 8),
        BaseKind::List => (40, 0),
        BaseKind::Dict => (48, 0),
        BaseKind::Set | BaseKind::FrozenSet => (200, 0),
        BaseKind::Type => (904, 40),
        BaseKind::Exception => (72, 0),
        BaseKind::Module => (48, 0),
        BaseKind::Function => (160, 0),
        _ => (16, 0),
    }
}

/// Fill a type object (static or mirror) from Pyrite type `t`.
pub fn fill_type_object(tp: *mut PyTypeObject, t: &ObjRef, is_static: bool) {
    let td = tdata(t);
    let heap = td.has(tflags::HEAPTYPE);
    let module = td
        .dict()
        .get_str_key("__module__")
        .and_then(|m| pyrite_vm::types::str::as_str(&m).map(|s| s.to_string()));
    let name = match (&module, heap) {
        (Some(m), false) if m != "builtins" && !td.name().contains('.') => {
            format!("{}.{}", m, td.name())
        }
        _ => td.name().to_string(),
    };
    let mut flags = pyrite_vm::capi_hooks::type_flags(t) as c_ulong
        | Py_TPFLAGS_READY
        | Py_TPFLAGS_HAVE_VERSION_TAG;
    if is_static || !heap {
        flags |= Py_TPFLAGS_IMMUTABLETYPE;
    }
    if heap
        || matches!(
            td.base_kind,
            BaseKind::List | BaseKind::Dict | BaseKind::Tuple | BaseKind::Set | BaseKind::Type
        )
    {
        flags |= Py_TPFLAGS_HAVE_GC;
    }
    let (basic, item) = basic_size(td.base_kind);
    let name_p = cstring(tp, is_static, &name);
    let doc = td
        .dict()
        .get_str_key("__doc__")
        .and_then(|d| pyrite_vm::types::str::as_str(&d).map(|s| s.to_string()));
    let doc_p = doc
        .map(|d| cstring(tp, is_static, &d))
        .unwrap_or(std::ptr::null());
    let base = td.bases().first().cloned();
    let bases = pyrite_vm::types::tuple::new_tuple(
        td.bases().iter().map(|b| Value::Obj(b.clone())).collect(),
    );
    let mro = pyrite_vm::types::tuple::new_tuple(
        td.mro().iter().map(|b| Value::Obj(b.clone())).collect(),
    );
    // SAFETY: tp points to a PyTypeObject we own (static or mirror).
    unsafe {
        (*tp).tp_name = name_p;
        (*tp).tp_doc = doc_p;
        (*tp).tp_basicsize = basic;
        (*tp).tp_itemsize = item;
        (*tp).tp_flags = flags;
        (*tp).tp_base = match &base {
            Some(b) => type_mirror(b),
            None => null_mut(),
        };
        (*tp).tp_dict = to_c_borrowed_obj(&td.dict);
        (*tp).tp_bases = to_c_borrowed_obj(bases.as_obj().unwrap());
        (*tp).tp_mro = to_c_borrowed_obj(mro.as_obj().unwrap());
        keep(tp, is_static, bases);
        keep(tp, is_static, mro);
        fill_slots(tp, t, is_static);
        if t.is(&pyrite_vm::types::types().object) {
            // what C types inherit from `object`: allocation in native memory, and a
            // tp_new that allocates C instances for subtypes with a C base
            (*tp).tp_new = Some(crate::ctype::object_tp_new);
            (*tp).tp_alloc = Some(crate::ctype::generic_alloc);
            (*tp).tp_free = Some(crate::ctype::generic_free);
            (*tp).tp_dealloc = Some(crate::ctype::generic_dealloc);
        } else if let Some(nb) = crate::ctype::native_base(t) {
            // a Python class deriving from a C type: instances have the C layout
            (*tp).tp_basicsize = (*nb).tp_basicsize;
            (*tp).tp_itemsize = (*nb).tp_itemsize;
            (*tp).tp_alloc = Some(crate::ctype::generic_alloc);
            (*tp).tp_free = (*nb).tp_free;
            (*tp).tp_dealloc = (*nb).tp_dealloc;
            (*tp).tp_traverse = (*nb).tp_traverse;
            (*tp).tp_clear = (*nb).tp_clear;
            (*tp).tp_as_buffer = (*nb).tp_as_buffer;
            (*tp).tp_dictoffset = (*nb).tp_dictoffset;
            (*tp).tp_weaklistoffset = (*nb).tp_weaklistoffset;
            (*tp).tp_flags |= (*nb).tp_flags & Py_TPFLAGS_HAVE_GC;
        }
    }
}

/// The mirror of a (heap) type is going away with its type.
pub fn type_dying(_p: *mut PyObject) {}

/// Instances of C types run their C destructor when C releases the last reference of an
/// instance Python never saw (or no longer holds).
pub fn c_dealloc_hook(p: *mut PyObject) -> Option<unsafe fn(*mut PyObject)> {
    // SAFETY: p is a live mirror with a head (dealloc checked is_static).
    if unsafe { (*head(p)).kind } == kind::CINST {
        Some(crate::ctype::dealloc_instance)
    } else {
        None
    }
}

/// The value of an unlinked mirror that is neither unboxed nor pending: an instance of
/// a C type crossing into Python for the first time.
pub fn c_object_value(p: *mut PyObject) -> Option<Value> {
    // SAFETY: as above.
    unsafe {
        if (*head(p)).kind == kind::CINST {
            return Some(crate::ctype::materialize_instance(p));
        }
    }
    None
}

fn has(t: &ObjRef, name: &str) -> bool {
    matches!(lookup_str(t, name), Some(v) if !v.is_none())
}

/// Fill the slot functions that route to Pyrite's protocols, for the operations `t`
/// supports.
unsafe fn fill_slots(tp: *mut PyTypeObject, t: &ObjRef, is_static: bool) {
    // the runtime traverses and clears its own objects; C subtypes calling their
    // base's tp_traverse/tp_clear get these
    if (*tp).tp_traverse.is_null() {
        (*tp).tp_traverse = slot_traverse as *mut std::ffi::c_void;
    }
    if (*tp).tp_clear.is_none() {
        (*tp).tp_clear = Some(slot_clear);
    }
    (*tp).tp_repr = Some(slot_repr);
    (*tp).tp_str = Some(slot_str);
    (*tp).tp_getattro = Some(slot_getattro);
    (*tp).tp_setattro = Some(slot_setattro);
    (*tp).tp_richcompare = Some(slot_richcompare);
    (*tp).tp_dealloc = Some(slot_dealloc);
    (*tp).tp_free = Some(slot_free);
    (*tp).tp_new = Some(slot_new);
    (*tp).tp_init = Some(slot_init);
    if matches!(lookup_str(t, "__hash__"), Some(v) if !v.is_none()) {
        (*tp).tp_hash = Some(slot_hash);
    } else {
        (*tp).tp_hash = Some(slot_hash_unhashable);
    }
    if has(t, "__call__") {
        (*tp).tp_call = Some(slot_call);
    }
    if has(t, "__iter__") {
        (*tp).tp_iter = Some(slot_iter);
    }
    if has(t, "__next__") {
        (*tp).tp_iternext = Some(slot_iternext);
    }
    if has(t, "__get__") {
        (*tp).tp_descr_get = Some(slot_descr_get);
    }
    // number, sequence and mapping tables: inline in heap type mirrors, separate blocks
    // for static types
    let (nb, sq, mp) = if is_static {
        (
            Box::into_raw(Box::new(std::mem::zeroed::<PyNumberMethods>())),
            Box::into_raw(Box::new(std::mem::zeroed::<PySequenceMethods>())),
            Box::into_raw(Box::new(std::mem::zeroed::<PyMappingMethods>())),
        )
    } else {
        let h = tp as *mut PyHeapTypeObject;
        (
            &raw mut (*h).as_number,
            &raw mut (*h).as_sequence,
            &raw mut (*h).as_mapping,
        )
    };
    let mut any_nb = false;
    macro_rules! nb {
        ($field:ident, $dunder:literal, $f:expr) => {
            if has(t, $dunder) {
                (*nb).$field = Some($f);
                any_nb = true;
            }
        };
    }
    nb!(nb_add, "__add__", nb_add);
    nb!(nb_subtract, "__sub__", nb_subtract);
    nb!(nb_multiply, "__mul__", nb_multiply);
    nb!(nb_remainder, "__mod__", nb_remainder);
    nb!(nb_divmod, "__divmod__", nb_divmod);
    nb!(nb_power, "__pow__", nb_power);
    nb!(nb_negative, "__neg__", nb_negative);
    nb!(nb_positive, "__pos__", nb_positive);
    nb!(nb_absolute, "__abs__", nb_absolute);
    nb!(nb_bool, "__bool__", nb_bool);
    nb!(nb_invert, "__invert__", nb_invert);
    nb!(nb_lshift, "__lshift__", nb_lshift);
    nb!(nb_rshift, "__rshift__", nb_rshift);
    nb!(nb_and, "__and__", nb_and);
    nb!(nb_xor, "__xor__", nb_xor);
    nb!(nb_or, "__or__", nb_or);
    nb!(nb_int, "__int__", nb_int);
    nb!(nb_float, "__float__", nb_float);
    nb!(nb_floor_divide, "__floordiv__", nb_floor_divide);
    nb!(nb_true_divide, "__truediv__", nb_true_divide);
    nb!(nb_index, "__index__", nb_index);
    nb!(nb_matrix_multiply, "__matmul__", nb_matrix_multiply);
    nb!(nb_inplace_add, "__iadd__", nb_inplace_add);
    nb!(nb_inplace_subtract, "__isub__", nb_inplace_subtract);
    nb!(nb_inplace_multiply, "__imul__", nb_inplace_multiply);
    if any_nb {
        (*tp).tp_as_number = nb;
    } else if is_static {
        drop(Box::from_raw(nb));
    }
    let mut any_sq = false;
    let seqlike = has(t, "__getitem__") && !tdata(t).has(tflags::MAPPING) && !has(t, "keys");
    if has(t, "__len__") {
        (*sq).sq_length = Some(sq_length);
        (*mp).mp_length = Some(sq_length);
        any_sq = true;
    }
    if has(t, "__contains__") {
        (*sq).sq_contains = Some(sq_contains);
        any_sq = true;
    }
    if seqlike {
        (*sq).sq_item = Some(sq_item);
        any_sq = true;
        if has(t, "__setitem__") {
            (*sq).sq_ass_item = Some(sq_ass_item);
        }
        if has(t, "__add__") {
            (*sq).sq_concat = Some(nb_add);
        }
    }
    let mut any_mp = false;
    if has(t, "__getitem__") {
        (*mp).mp_subscript = Some(mp_subscript);
        any_mp = true;
    }
    if has(t, "__setitem__") || has(t, "__delitem__") {
        (*mp).mp_ass_subscript = Some(mp_ass_subscript);
        any_mp = true;
    }
    if any_sq {
        (*tp).tp_as_sequence = sq;
    } else if is_static {
        drop(Box::from_raw(sq));
    }
    if any_mp || any_sq {
        (*tp).tp_as_mapping = mp;
    } else if is_static {
        drop(Box::from_raw(mp));
    }
}

// ---- slot functions ----

unsafe extern "C" fn slot_traverse(
    _o: *mut PyObject,
    _visit: *mut std::ffi::c_void,
    _arg: *mut std::ffi::c_void,
) -> c_int {
    0
}
unsafe extern "C" fn slot_clear(_o: *mut PyObject) -> c_int {
    0
}

unsafe fn v(p: *mut PyObject) -> Value {
    from_c(p)
}

unsafe extern "C" fn slot_repr(o: *mut PyObject) -> *mut PyObject {
    crate::guard("tp_repr", || {
        ret_obj(enter_py(|| ops::repr(&v(o)).map(Value::from)))
    })
}
unsafe extern "C" fn slot_str(o: *mut PyObject) -> *mut PyObject {
    crate::guard("tp_str", || ret_obj(enter_py(|| ops::str_value(&v(o)))))
}
unsafe extern "C" fn slot_hash(o: *mut PyObject) -> Py_hash_t {
    crate::guard("tp_hash", || {
        ret_ssize(enter_py(|| ops::hash(&v(o)).map(|h| h as isize)))
    })
}
unsafe extern "C" fn slot_hash_unhashable(o: *mut PyObject) -> Py_hash_t {
    slot_hash(o)
}
unsafe extern "C" fn slot_getattro(o: *mut PyObject, n: *mut PyObject) -> *mut PyObject {
    crate::guard("tp_getattro", || {
        ret_obj(enter_py(|| ops::attr::getattr_value(&v(o), &v(n))))
    })
}
unsafe extern "C" fn slot_setattro(o: *mut PyObject, n: *mut PyObject, x: *mut PyObject) -> c_int {
    crate::guard("tp_setattro", || {
        let val = if x.is_null() { None } else { Some(v(x)) };
        ret_int(enter_py(|| {
            ops::attr::setattr_value(&v(o), &v(n), val).map(|_| 0)
        }))
    })
}

pub fn cmp_op(op: c_int) -> Option<CmpOp> {
    Some(match op {
        Py_LT => CmpOp::Lt,
        Py_LE => CmpOp::Le,
        Py_EQ => CmpOp::Eq,
        Py_NE => CmpOp::Ne,
        Py_GT => CmpOp::Gt,
        Py_GE => CmpOp::Ge,
        _ => return None,
    })
}

unsafe extern "C" fn slot_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    crate::guard("tp_richcompare", || {
        let Some(op) = cmp_op(op) else {
            crate::bad_internal_call("tp_richcompare");
            return null_mut();
        };
        ret_obj(enter_py(|| ops::compare(&v(a), &v(b), op)))
    })
}
unsafe extern "C" fn slot_call(
    f: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    crate::guard("tp_call", || {
        ret_obj(crate::call_with_tuple_dict(&v(f), args, kw))
    })
}
unsafe extern "C" fn slot_iter(o: *mut PyObject) -> *mut PyObject {
    crate::guard("tp_iter", || ret_obj(enter_py(|| ops::get_iter(&v(o)))))
}
unsafe extern "C" fn slot_iternext(o: *mut PyObject) -> *mut PyObject {
    crate::guard("tp_iternext", || match enter_py(|| ops::next(&v(o))) {
        Ok(Some(x)) => to_c_new(&x),
        Ok(None) => null_mut(),
        Err(e) => {
            crate::err::set_pyerr(e);
            null_mut()
        }
    })
}
unsafe extern "C" fn slot_descr_get(
    d: *mut PyObject,
    o: *mut PyObject,
    t: *mut PyObject,
) -> *mut PyObject {
    crate::guard("tp_descr_get", || {
        let inst = if o.is_null() { Value::None } else { v(o) };
        let owner = if t.is_null() { Value::None } else { v(t) };
        ret_obj(enter_py(|| ops::attr::call_get(&v(d), inst, owner)))
    })
}
unsafe extern "C" fn slot_dealloc(o: *mut PyObject) {
    // Mirrors of Pyrite objects are freed by the runtime when both sides let go; an
    // explicit tp_dealloc call (from a subclass's dealloc) has nothing left to do.
    let _ = o;
}
unsafe extern "C" fn slot_free(_p: *mut std::ffi::c_void) {}
/// For a type deriving from a C type: the builtin type the C type(s) derive from
/// (the first type after the last C-defined one in the MRO). A builtin slot called on
/// such an object from C is a "super" call: it must reach the builtin's own method,
/// not dispatch back to the C type's wrapper.
fn builtin_under_native(t: &ObjRef) -> Option<ObjRef> {
    let mro = tdata(t).mro();
    let last = mro.iter().rposition(|m| !tdata(m).native.get().is_null())?;
    mro.get(last + 1).cloned()
}

unsafe extern "C" fn slot_new(
    t: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    crate::guard("tp_new", || {
        let tv = v(t as *mut PyObject);
        let direct = tv
            .as_obj()
            .and_then(builtin_under_native)
            .and_then(|b| tdata(&b).dict().get_str_key("__new__"));
        let f = match direct
            .map(Ok)
            .unwrap_or_else(|| ops::attr::getattr(&tv, "__new__"))
        {
            Ok(f) => f,
            Err(e) => {
                crate::err::set_pyerr(e);
                return null_mut();
            }
        };
        let mut pos = vec![tv];
        if !args.is_null() {
            if let Some(items) = pyrite_vm::types::tuple::as_tuple(&v(args)) {
                pos.extend(items.iter().cloned());
            }
        }
        let tup = pyrite_vm::types::tuple::new_tuple(pos);
        let tp = to_c_new(&tup);
        let r = ret_obj(crate::call_with_tuple_dict(&f, tp, kw));
        mirror::decref(tp);
        r
    })
}
unsafe extern "C" fn slot_init(o: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> c_int {
    crate::guard("tp_init", || {
        let ov = v(o);
        let direct = builtin_under_native(ov.class_ref())
            .and_then(|b| pyrite_vm::types::typeobj::lookup_str(&b, "__init__"))
            .map(|f| ops::attr::call_get(&f, ov.clone(), Value::Obj(ov.class())));
        let f = match direct.unwrap_or_else(|| ops::attr::getattr(&ov, "__init__")) {
            Ok(f) => f,
            Err(e) => {
                crate::err::set_pyerr(e);
                return -1;
            }
        };
        match crate::call_with_tuple_dict(&f, args, kw) {
            Ok(_) => 0,
            Err(e) => {
                crate::err::set_pyerr(e);
                -1
            }
        }
    })
}

macro_rules! binslot {
    ($name:ident, $op:expr) => {
        unsafe extern "C" fn $name(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
            crate::guard(stringify!($name), || {
                ret_obj(enter_py(|| ops::arith::binary_op(&v(a), &v(b), $op)))
            })
        }
    };
}
binslot!(nb_add, BinOp::Add);
binslot!(nb_subtract, BinOp::Sub);
binslot!(nb_multiply, BinOp::Mul);
binslot!(nb_remainder, BinOp::Mod);
binslot!(nb_lshift, BinOp::LShift);
binslot!(nb_rshift, BinOp::RShift);
binslot!(nb_and, BinOp::And);
binslot!(nb_xor, BinOp::Xor);
binslot!(nb_or, BinOp::Or);
binslot!(nb_floor_divide, BinOp::FloorDiv);
binslot!(nb_true_divide, BinOp::TrueDiv);
binslot!(nb_matrix_multiply, BinOp::MatMul);
binslot!(nb_inplace_add, BinOp::InplaceAdd);
binslot!(nb_inplace_subtract, BinOp::InplaceSub);
binslot!(nb_inplace_multiply, BinOp::InplaceMul);

unsafe extern "C" fn nb_divmod(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    crate::guard("nb_divmod", || {
        ret_obj(enter_py(|| crate::call_builtin("divmod", &[v(a), v(b)])))
    })
}
unsafe extern "C" fn nb_power(
    a: *mut PyObject,
    b: *mut PyObject,
    m: *mut PyObject,
) -> *mut PyObject {
    crate::guard("nb_power", || {
        let mut args = vec![v(a), v(b)];
        if !m.is_null() && m != statics::none() {
            args.push(v(m));
        }
        ret_obj(enter_py(|| crate::call_builtin("pow", &args)))
    })
}
macro_rules! unslot {
    ($name:ident, $f:expr) => {
        unsafe extern "C" fn $name(a: *mut PyObject) -> *mut PyObject {
            crate::guard(stringify!($name), || ret_obj(enter_py(|| $f(&v(a)))))
        }
    };
}
unslot!(nb_negative, ops::arith::neg);
unslot!(nb_positive, ops::arith::pos);
unslot!(nb_absolute, ops::arith::abs);
unslot!(nb_invert, ops::arith::invert);
unslot!(nb_int, |x: &Value| crate::call_builtin("int", &[x.clone()]));
unslot!(nb_float, |x: &Value| crate::call_builtin(
    "float",
    &[x.clone()]
));
unslot!(nb_index, |x: &Value| pyrite_vm::types::int::index_value(x));

unsafe extern "C" fn nb_bool(a: *mut PyObject) -> c_int {
    crate::guard("nb_bool", || {
        ret_int(enter_py(|| ops::truthy(&v(a)).map(|b| b as c_int)))
    })
}
unsafe extern "C" fn sq_length(a: *mut PyObject) -> Py_ssize_t {
    crate::guard("sq_length", || {
        ret_ssize(enter_py(|| ops::len(&v(a)).map(|n| n as isize)))
    })
}
unsafe extern "C" fn sq_contains(a: *mut PyObject, x: *mut PyObject) -> c_int {
    crate::guard("sq_contains", || {
        ret_int(enter_py(|| ops::contains(&v(a), &v(x)).map(|b| b as c_int)))
    })
}
unsafe extern "C" fn sq_item(a: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    crate::guard("sq_item", || {
        ret_obj(enter_py(|| ops::getitem(&v(a), &Value::Int(i as i64))))
    })
}
unsafe extern "C" fn sq_ass_item(a: *mut PyObject, i: Py_ssize_t, x: *mut PyObject) -> c_int {
    crate::guard("sq_ass_item", || {
        let r: PyResult<()> = enter_py(|| {
            if x.is_null() {
                ops::delitem(&v(a), &Value::Int(i as i64))
            } else {
                ops::setitem(&v(a), Value::Int(i as i64), v(x))
            }
        });
        ret_int(r.map(|_| 0))
    })
}
unsafe extern "C" fn mp_subscript(a: *mut PyObject, k: *mut PyObject) -> *mut PyObject {
    crate::guard("mp_subscript", || {
        ret_obj(enter_py(|| ops::getitem(&v(a), &v(k))))
    })
}
unsafe extern "C" fn mp_ass_subscript(
    a: *mut PyObject,
    k: *mut PyObject,
    x: *mut PyObject,
) -> c_int {
    crate::guard("mp_ass_subscript", || {
        let r: PyResult<()> = enter_py(|| {
            if x.is_null() {
                ops::delitem(&v(a), &v(k))
            } else {
                ops::setitem(&v(a), v(k), v(x))
            }
        });
        ret_int(r.map(|_| 0))
    })
}

/// Keep a head-bearing type mirror's `kind` visible for debugging.
pub fn is_type_mirror(p: *mut PyObject) -> bool {
    !mirror::is_static(p) && unsafe { (*head(p)).kind == kind::TYPE }
}
