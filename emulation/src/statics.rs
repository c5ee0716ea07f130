//! Exported static data: the singletons (`_Py_NoneStruct`, `_Py_TrueStruct`, ...),
//! the builtin type objects (`PyLong_Type`, ...), the `PyExc_*` pointers, preallocated
//! small ints, and the table linking each static type object with Pyrite's type.
//!
//! Static objects have no mirror head in front of them (an executable linked against
//! libpyrite may hold copy-relocated copies of them), so they are recognized by
//! address: [`static_value`].

#![allow(non_upper_case_globals)]

use crate::layout::*;
use pyrite_vm::object::ObjRef;
use pyrite_vm::types::types;
use pyrite_vm::value::Value;
use std::collections::HashMap;
use std::os::raw::{c_char, c_int, c_ulong};
use std::ptr::{addr_of_mut, null_mut};

/// `ob_refcnt` of static objects: large, so that no sequence of `Py_DECREF`s by
/// extensions brings it to zero in practice (`_Py_Dealloc` resets it anyway).
pub const IMMORTAL: Py_ssize_t = 1 << 40;

const fn zero_type() -> PyTypeObject {
    // SAFETY: every field of PyTypeObject is a raw pointer, an integer or an Option of
    // a function pointer, for all of which all-zero bytes are a valid value.
    unsafe { std::mem::zeroed() }
}

macro_rules! static_types {
    ($($sym:ident),* $(,)?) => {
        $(
            #[no_mangle]
            pub static mut $sym: PyTypeObject = zero_type();
        )*
        /// Every exported static type object with its symbol name.
        pub fn all_static_types() -> Vec<(&'static str, *mut PyTypeObject)> {
            vec![$((stringify!($sym), addr_of_mut!($sym)),)*]
        }
    };
}

static_types!(
    PyType_Type,
    PyBaseObject_Type,
    PySuper_Type,
    _PyNone_Type,
    _PyNotImplemented_Type,
    PyEllipsis_Type,
    PyBool_Type,
    PyLong_Type,
    PyFloat_Type,
    PyComplex_Type,
    PyUnicode_Type,
    PyUnicodeIter_Type,
    PyBytes_Type,
    PyBytesIter_Type,
    PyByteArray_Type,
    PyByteArrayIter_Type,
    PyTuple_Type,
    PyTupleIter_Type,
    PyList_Type,
    PyListIter_Type,
    PyListRevIter_Type,
    PyDict_Type,
    PyDictKeys_Type,
    PyDictValues_Type,
    PyDictItems_Type,
    PyDictIterKey_Type,
    PyDictIterValue_Type,
    PyDictIterItem_Type,
    PyDictRevIterKey_Type,
    PyDictRevIterValue_Type,
    PyDictRevIterItem_Type,
    PyDictProxy_Type,
    PySet_Type,
    PyFrozenSet_Type,
    PySetIter_Type,
    PyRange_Type,
    PyRangeIter_Type,
    PyLongRangeIter_Type,
    PySlice_Type,
    PyFunction_Type,
    PyCFunction_Type,
    PyCMethod_Type,
    PyMethodDescr_Type,
    PyClassMethodDescr_Type,
    PyGetSetDescr_Type,
    PyMemberDescr_Type,
    PyWrapperDescr_Type,
    _PyMethodWrapper_Type,
    PyMethod_Type,
    PyInstanceMethod_Type,
    PyClassMethod_Type,
    PyStaticMethod_Type,
    PyProperty_Type,
    PyCell_Type,
    PyCode_Type,
    PyFrame_Type,
    PyGen_Type,
    PyCoro_Type,
    _PyCoroWrapper_Type,
    PyAsyncGen_Type,
    _PyAsyncGenASend_Type,
    _PyAsyncGenAThrow_Type,
    _PyAsyncGenWrappedValue_Type,
    PyModule_Type,
    PyModuleDef_Type,
    PyTraceBack_Type,
    PySeqIter_Type,
    PyCallIter_Type,
    PyEnum_Type,
    PyReversed_Type,
    PyZip_Type,
    PyMap_Type,
    PyFilter_Type,
    PyMemoryView_Type,
    _PyManagedBuffer_Type,
    Py_GenericAliasType,
    _PyWeakref_RefType,
    _PyWeakref_ProxyType,
    _PyWeakref_CallableProxyType,
    PyCapsule_Type,
    PyStdPrinter_Type,
    PyContext_Type,
    PyContextVar_Type,
    PyContextToken_Type,
    PyODict_Type,
    PyODictIter_Type,
    PyODictKeys_Type,
    PyODictItems_Type,
    PyODictValues_Type,
    PyPickleBuffer_Type,
);

// ---- singletons ----

const fn zero_obj() -> PyObject {
    PyObject {
        ob_refcnt: IMMORTAL,
        ob_type: null_mut(),
    }
}
const fn zero_long() -> PyLongObject {
    PyLongObject {
        ob_base: PyVarObject {
            ob_base: zero_obj(),
            ob_size: 0,
        },
        ob_digit: [0],
    }
}

#[no_mangle]
pub static mut _Py_NoneStruct: PyObject = zero_obj();
#[no_mangle]
pub static mut _Py_NotImplementedStruct: PyObject = zero_obj();
#[no_mangle]
pub static mut _Py_EllipsisObject: PyObject = zero_obj();
#[no_mangle]
pub static mut _Py_TrueStruct: PyLongObject = zero_long();
#[no_mangle]
pub static mut _Py_FalseStruct: PyLongObject = zero_long();

pub const SMALL_MIN: i64 = -5;
pub const SMALL_MAX: i64 = 256;
const NSMALL: usize = (SMALL_MAX - SMALL_MIN + 1) as usize;
static mut SMALL_INTS: [PyLongObject; NSMALL] = [const { zero_long() }; NSMALL];

#[inline(always)]
pub fn none() -> *mut PyObject {
    addr_of_mut!(_Py_NoneStruct)
}
#[inline(always)]
pub fn py_true() -> *mut PyObject {
    addr_of_mut!(_Py_TrueStruct) as *mut PyObject
}
#[inline(always)]
pub fn py_false() -> *mut PyObject {
    addr_of_mut!(_Py_FalseStruct) as *mut PyObject
}
#[inline(always)]
pub fn not_implemented() -> *mut PyObject {
    addr_of_mut!(_Py_NotImplementedStruct)
}
#[inline(always)]
pub fn ellipsis() -> *mut PyObject {
    addr_of_mut!(_Py_EllipsisObject)
}
#[inline(always)]
pub fn type_type() -> *mut PyTypeObject {
    addr_of_mut!(PyType_Type)
}
#[inline(always)]
pub fn object_type() -> *mut PyTypeObject {
    addr_of_mut!(PyBaseObject_Type)
}
#[inline(always)]
pub fn long_type() -> *mut PyTypeObject {
    addr_of_mut!(PyLong_Type)
}
#[inline(always)]
pub fn float_type() -> *mut PyTypeObject {
    addr_of_mut!(PyFloat_Type)
}

/// The static mirror of a small int.
#[inline(always)]
pub fn small_int(i: i64) -> Option<*mut PyObject> {
    if (SMALL_MIN..=SMALL_MAX).contains(&i) {
        // SAFETY: index in bounds of the static array.
        Some(unsafe { addr_of_mut!(SMALL_INTS[(i - SMALL_MIN) as usize]) } as *mut PyObject)
    } else {
        None
    }
}

/// If `p` is one of the preallocated small ints, its value.
#[inline(always)]
pub fn small_int_value(p: *mut PyObject) -> Option<i64> {
    // SAFETY: address arithmetic only.
    let base = addr_of_mut!(SMALL_INTS) as usize;
    let off = (p as usize).wrapping_sub(base);
    if off < NSMALL * std::mem::size_of::<PyLongObject>() {
        Some((off / std::mem::size_of::<PyLongObject>()) as i64 + SMALL_MIN)
    } else {
        None
    }
}

// ---- PyExc_* ----

macro_rules! exc_pointers {
    ($($sym:ident => $field:ident),* $(,)?) => {
        $(
            #[no_mangle]
            pub static mut $sym: *mut PyObject = null_mut();
        )*
        fn set_exc_pointers() {
            let e = pyrite_vm::types::exceptions::exc();
            // SAFETY: written once at start-up, before any extension code runs.
            unsafe {
                $( $sym = crate::mirror::to_c_borrowed_obj(&e.$field); )*
            }
        }
    };
}

exc_pointers!(
    PyExc_BaseException => base_exception, PyExc_Exception => exception,
    PyExc_BaseExceptionGroup => base_exception_group, PyExc_StopAsyncIteration => stop_async_iteration,
    PyExc_StopIteration => stop_iteration, PyExc_GeneratorExit => generator_exit,
    PyExc_ArithmeticError => arithmetic_error, PyExc_LookupError => lookup_error,
    PyExc_AssertionError => assertion_error, PyExc_AttributeError => attribute_error,
    PyExc_BufferError => buffer_error, PyExc_EOFError => eof_error,
    PyExc_FloatingPointError => floating_point_error, PyExc_OSError => os_error,
    PyExc_ImportError => import_error, PyExc_ModuleNotFoundError => module_not_found_error,
    PyExc_IndexError => index_error, PyExc_KeyError => key_error,
    PyExc_KeyboardInterrupt => keyboard_interrupt, PyExc_MemoryError => memory_error,
    PyExc_NameError => name_error, PyExc_OverflowError => overflow_error,
    PyExc_RuntimeError => runtime_error, PyExc_RecursionError => recursion_error,
    PyExc_NotImplementedError => not_implemented_error, PyExc_SyntaxError => syntax_error,
    PyExc_IndentationError => indentation_error, PyExc_TabError => tab_error,
    PyExc_ReferenceError => reference_error, PyExc_SystemError => system_error,
    PyExc_SystemExit => system_exit, PyExc_TypeError => type_error,
    PyExc_UnboundLocalError => unbound_local_error, PyExc_UnicodeError => unicode_error,
    PyExc_UnicodeEncodeError => unicode_encode_error, PyExc_UnicodeDecodeError => unicode_decode_error,
    PyExc_UnicodeTranslateError => unicode_translate_error, PyExc_ValueError => value_error,
    PyExc_ZeroDivisionError => zero_division_error, PyExc_BlockingIOError => blocking_io_error,
    PyExc_BrokenPipeError => broken_pipe_error, PyExc_ChildProcessError => child_process_error,
    PyExc_ConnectionError => connection_error, PyExc_ConnectionAbortedError => connection_aborted_error,
    PyExc_ConnectionRefusedError => connection_refused_error,
    PyExc_ConnectionResetError => connection_reset_error, PyExc_FileExistsError => file_exists_error,
    PyExc_FileNotFoundError => file_not_found_error, PyExc_InterruptedError => interrupted_error,
    PyExc_IsADirectoryError => is_a_directory_error, PyExc_NotADirectoryError => not_a_directory_error,
    PyExc_PermissionError => permission_error, PyExc_ProcessLookupError => process_lookup_error,
    PyExc_TimeoutError => timeout_error, PyExc_EnvironmentError => os_error, PyExc_IOError => os_error,
    PyExc_Warning => warning, PyExc_UserWarning => user_warning, PyExc_EncodingWarning => encoding_warning,
    PyExc_DeprecationWarning => deprecation_warning,
    PyExc_PendingDeprecationWarning => pending_deprecation_warning, PyExc_SyntaxWarning => syntax_warning,
    PyExc_RuntimeWarning => runtime_warning, PyExc_FutureWarning => future_warning,
    PyExc_ImportWarning => import_warning, PyExc_UnicodeWarning => unicode_warning,
    PyExc_BytesWarning => bytes_warning, PyExc_ResourceWarning => resource_warning,
);

// ---- other exported data ----

#[no_mangle]
pub static Py_Version: c_ulong = 0x030B09F0;
#[no_mangle]
pub static mut Py_DebugFlag: c_int = 0;
#[no_mangle]
pub static mut Py_VerboseFlag: c_int = 0;
#[no_mangle]
pub static mut Py_QuietFlag: c_int = 0;
#[no_mangle]
pub static mut Py_InteractiveFlag: c_int = 0;
#[no_mangle]
pub static mut Py_InspectFlag: c_int = 0;
#[no_mangle]
pub static mut Py_OptimizeFlag: c_int = 0;
#[no_mangle]
pub static mut Py_NoSiteFlag: c_int = 0;
#[no_mangle]
pub static mut Py_BytesWarningFlag: c_int = 0;
#[no_mangle]
pub static mut Py_FrozenFlag: c_int = 0;
#[no_mangle]
pub static mut Py_IgnoreEnvironmentFlag: c_int = 0;
#[no_mangle]
pub static mut Py_DontWriteBytecodeFlag: c_int = 0;
#[no_mangle]
pub static mut Py_NoUserSiteDirectory: c_int = 0;
#[no_mangle]
pub static mut Py_UnbufferedStdioFlag: c_int = 0;
#[no_mangle]
pub static mut Py_HashRandomizationFlag: c_int = 0;
#[no_mangle]
pub static mut Py_IsolatedFlag: c_int = 0;
#[no_mangle]
pub static mut Py_UTF8Mode: c_int = 1;
#[no_mangle]
pub static mut Py_HasFileSystemDefaultEncoding: c_int = 1;

/// A `const char *` that may live in an exported static.
#[repr(transparent)]
pub struct CStrPtr(pub *const c_char);
// SAFETY: points to immutable static bytes.
unsafe impl Sync for CStrPtr {}

#[no_mangle]
pub static mut Py_FileSystemDefaultEncoding: CStrPtr = CStrPtr(c"utf-8".as_ptr());
#[no_mangle]
pub static mut Py_FileSystemDefaultEncodeErrors: CStrPtr = CStrPtr(c"surrogateescape".as_ptr());
#[no_mangle]
pub static Py_hexdigits: CStrPtr = CStrPtr(c"0123456789abcdef".as_ptr());
#[no_mangle]
pub static PyStructSequence_UnnamedField: CStrPtr = CStrPtr(c"unnamed field".as_ptr());
#[no_mangle]
pub static mut _Py_PackageContext: CStrPtr = CStrPtr(std::ptr::null());
#[no_mangle]
pub static mut _PyByteArray_empty_string: [c_char; 1] = [0];
/// `_Py_SwappedOp[op]`: the comparison with operands swapped (`<` becomes `>`).
#[no_mangle]
pub static _Py_SwappedOp: [c_int; 6] = [Py_GT, Py_GE, Py_EQ, Py_NE, Py_LT, Py_LE];
#[no_mangle]
pub static mut PyOS_InputHook: Option<unsafe extern "C" fn() -> c_int> = None;

/// ASCII whitespace table (`_Py_ascii_whitespace[c]` is 1 for \t \n \v \f \r, 0x1c-0x1f and space).
#[no_mangle]
pub static _Py_ascii_whitespace: [u8; 128] = {
    let mut t = [0u8; 128];
    let ws = [9u8, 10, 11, 12, 13, 28, 29, 30, 31, 32];
    let mut i = 0;
    while i < ws.len() {
        t[ws[i] as usize] = 1;
        i += 1;
    }
    t
};

const PY_CTF_LOWER: u32 = 0x01;
const PY_CTF_UPPER: u32 = 0x02;
const PY_CTF_DIGIT: u32 = 0x04;
const PY_CTF_SPACE: u32 = 0x08;
const PY_CTF_XDIGIT: u32 = 0x10;

/// Character classes of the locale-independent `Py_ISDIGIT`, `Py_ISSPACE`, ... macros.
#[no_mangle]
pub static _Py_ctype_table: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        let mut f = 0;
        if b.is_ascii_lowercase() {
            f |= PY_CTF_LOWER;
        }
        if b.is_ascii_uppercase() {
            f |= PY_CTF_UPPER;
        }
        if b.is_ascii_digit() {
            f |= PY_CTF_DIGIT;
        }
        if b == b' ' || (b >= 9 && b <= 13) {
            f |= PY_CTF_SPACE;
        }
        if b.is_ascii_hexdigit() {
            f |= PY_CTF_XDIGIT;
        }
        t[c] = f;
        c += 1;
    }
    t
};

#[no_mangle]
pub static _Py_ctype_tolower: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = (c as u8).to_ascii_lowercase();
        c += 1;
    }
    t
};

#[no_mangle]
pub static _Py_ctype_toupper: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = (c as u8).to_ascii_uppercase();
        c += 1;
    }
    t
};

// ---- linking static types with Pyrite's types ----

struct Registry {
    /// static type object address → Pyrite type.
    by_addr: HashMap<usize, ObjRef, std::hash::BuildHasherDefault<crate::ctype::PtrHasher>>,
}

static REGISTRY: pyrite_vm::gil::GilCell<Option<Registry>> = pyrite_vm::gil::GilCell::new(None);

/// The Pyrite type of a static (or C-defined, readied) type object.
pub fn static_type(p: *mut PyObject) -> Option<ObjRef> {
    REGISTRY.get().as_ref()?.by_addr.get(&(p as usize)).cloned()
}

/// Record that the type object at `p` (static or created in C) is Pyrite type `t`.
pub fn register_type(p: *mut PyTypeObject, t: &ObjRef) {
    if let Some(r) = REGISTRY.get().as_mut() {
        r.by_addr.insert(p as usize, t.clone());
    }
}

/// The value of a static object, if `p` is one.
#[inline]
pub fn static_value(p: *mut PyObject) -> Option<Value> {
    if let Some(i) = small_int_value(p) {
        return Some(Value::Int(i));
    }
    if p == none() {
        return Some(Value::None);
    }
    if p == py_true() {
        return Some(Value::Bool(true));
    }
    if p == py_false() {
        return Some(Value::Bool(false));
    }
    if p == not_implemented() {
        return Some(pyrite_vm::types::misc::not_implemented());
    }
    if p == ellipsis() {
        return Some(pyrite_vm::types::misc::ellipsis());
    }
    None
}

fn pairs() -> Vec<(*mut PyTypeObject, ObjRef)> {
    let t = types();
    {
        vec![
            (addr_of_mut!(PyType_Type), t.type_.clone()),
            (addr_of_mut!(PyBaseObject_Type), t.object.clone()),
            (addr_of_mut!(_PyNone_Type), t.none_type.clone()),
            (addr_of_mut!(PyBool_Type), t.bool.clone()),
            (addr_of_mut!(PyLong_Type), t.int.clone()),
            (addr_of_mut!(PyFloat_Type), t.float.clone()),
            (addr_of_mut!(PyComplex_Type), t.complex.clone()),
            (addr_of_mut!(PyUnicode_Type), t.str.clone()),
            (addr_of_mut!(PyBytes_Type), t.bytes.clone()),
            (addr_of_mut!(PyByteArray_Type), t.bytearray.clone()),
            (addr_of_mut!(PyTuple_Type), t.tuple.clone()),
            (addr_of_mut!(PyList_Type), t.list.clone()),
            (addr_of_mut!(PyDict_Type), t.dict.clone()),
            (addr_of_mut!(PySet_Type), t.set.clone()),
            (addr_of_mut!(PyFrozenSet_Type), t.frozenset.clone()),
            (addr_of_mut!(PyRange_Type), t.range.clone()),
            (addr_of_mut!(PySlice_Type), t.slice.clone()),
            (addr_of_mut!(PyFunction_Type), t.function.clone()),
            (addr_of_mut!(PyCFunction_Type), t.builtin_function.clone()),
            (
                addr_of_mut!(PyMethodDescr_Type),
                t.method_descriptor.clone(),
            ),
            (addr_of_mut!(PyMethod_Type), t.method.clone()),
            (addr_of_mut!(PyClassMethod_Type), t.classmethod.clone()),
            (addr_of_mut!(PyStaticMethod_Type), t.staticmethod.clone()),
            (addr_of_mut!(PyProperty_Type), t.property.clone()),
            (
                addr_of_mut!(PyGetSetDescr_Type),
                t.getset_descriptor.clone(),
            ),
            (
                addr_of_mut!(PyMemberDescr_Type),
                t.member_descriptor.clone(),
            ),
            (
                addr_of_mut!(PyWrapperDescr_Type),
                t.wrapper_descriptor.clone(),
            ),
            (
                addr_of_mut!(PyClassMethodDescr_Type),
                t.classmethod_descriptor.clone(),
            ),
            (addr_of_mut!(PyCell_Type), t.cell.clone()),
            (addr_of_mut!(PyCode_Type), t.code.clone()),
            (addr_of_mut!(PyFrame_Type), t.frame.clone()),
            (addr_of_mut!(PyGen_Type), t.generator.clone()),
            (addr_of_mut!(PyCoro_Type), t.coroutine.clone()),
            (addr_of_mut!(PyAsyncGen_Type), t.async_generator.clone()),
            (addr_of_mut!(PyModule_Type), t.module.clone()),
            (addr_of_mut!(PyTraceBack_Type), t.traceback.clone()),
            (
                addr_of_mut!(_PyNotImplemented_Type),
                t.not_implemented_type.clone(),
            ),
            (addr_of_mut!(PyEllipsis_Type), t.ellipsis_type.clone()),
            (addr_of_mut!(PySuper_Type), t.super_.clone()),
            (addr_of_mut!(PyDictKeys_Type), t.dict_keys.clone()),
            (addr_of_mut!(PyDictValues_Type), t.dict_values.clone()),
            (addr_of_mut!(PyDictItems_Type), t.dict_items.clone()),
            (addr_of_mut!(PyDictIterKey_Type), t.dict_keyiterator.clone()),
            (
                addr_of_mut!(PyDictIterValue_Type),
                t.dict_valueiterator.clone(),
            ),
            (
                addr_of_mut!(PyDictIterItem_Type),
                t.dict_itemiterator.clone(),
            ),
            (addr_of_mut!(PyListIter_Type), t.list_iterator.clone()),
            (
                addr_of_mut!(PyListRevIter_Type),
                t.list_reverseiterator.clone(),
            ),
            (addr_of_mut!(PyTupleIter_Type), t.tuple_iterator.clone()),
            (addr_of_mut!(PyUnicodeIter_Type), t.str_iterator.clone()),
            (addr_of_mut!(PyBytesIter_Type), t.bytes_iterator.clone()),
            (
                addr_of_mut!(PyByteArrayIter_Type),
                t.bytearray_iterator.clone(),
            ),
            (addr_of_mut!(PyRangeIter_Type), t.range_iterator.clone()),
            (addr_of_mut!(PySetIter_Type), t.set_iterator.clone()),
            (addr_of_mut!(PySeqIter_Type), t.iterator.clone()),
            (addr_of_mut!(PyCallIter_Type), t.callable_iterator.clone()),
            (addr_of_mut!(PyEnum_Type), t.enumerate.clone()),
            (addr_of_mut!(PyZip_Type), t.zip.clone()),
            (addr_of_mut!(PyMap_Type), t.map.clone()),
            (addr_of_mut!(PyFilter_Type), t.filter.clone()),
            (addr_of_mut!(PyReversed_Type), t.reversed.clone()),
            (addr_of_mut!(PyDictProxy_Type), t.mappingproxy.clone()),
            (addr_of_mut!(PyMemoryView_Type), t.memoryview.clone()),
            (addr_of_mut!(_PyWeakref_RefType), t.weakref.clone()),
            (
                addr_of_mut!(_PyCoroWrapper_Type),
                t.coroutine_wrapper.clone(),
            ),
            (
                addr_of_mut!(_PyAsyncGenASend_Type),
                t.async_gen_asend.clone(),
            ),
            (
                addr_of_mut!(_PyAsyncGenAThrow_Type),
                t.async_gen_athrow.clone(),
            ),
            (addr_of_mut!(Py_GenericAliasType), t.generic_alias.clone()),
            (
                addr_of_mut!(_PyMethodWrapper_Type),
                t.method_wrapper.clone(),
            ),
            (
                addr_of_mut!(PyInstanceMethod_Type),
                t.instancemethod.clone(),
            ),
        ]
    }
}

/// Names (`tp_name`) of the static types that have no Pyrite twin yet; they get a
/// placeholder Pyrite type so that every static type object converts.
fn placeholder_name(sym: &str) -> String {
    let s = sym.trim_start_matches('_').trim_start_matches("Py");
    let s = s.trim_end_matches("_Type").trim_end_matches("Type");
    match s {
        "CMethod" => "builtin_method".into(),
        "ModuleDef" => "moduledef".into(),
        "Capsule" => "PyCapsule".into(),
        "ODict" => "collections.OrderedDict".into(),
        other => other.to_string(),
    }
}

/// Fill the singletons, small ints and static type objects and link them with
/// Pyrite's objects. Runs once, after the interpreter core started.
pub fn init() {
    *REGISTRY.get() = Some(Registry {
        by_addr: HashMap::default(),
    });
    // SAFETY: start-up, single-threaded; writing our own statics.
    unsafe {
        _Py_NoneStruct.ob_type = addr_of_mut!(_PyNone_Type);
        _Py_NotImplementedStruct.ob_type = addr_of_mut!(_PyNotImplemented_Type);
        _Py_EllipsisObject.ob_type = addr_of_mut!(PyEllipsis_Type);
        _Py_TrueStruct.ob_base.ob_base.ob_type = addr_of_mut!(PyBool_Type);
        _Py_TrueStruct.ob_base.ob_size = 1;
        _Py_TrueStruct.ob_digit[0] = 1;
        _Py_FalseStruct.ob_base.ob_base.ob_type = addr_of_mut!(PyBool_Type);
        for i in 0..NSMALL {
            let v = i as i64 + SMALL_MIN;
            let o = addr_of_mut!(SMALL_INTS[i]);
            (*o).ob_base.ob_base.ob_refcnt = IMMORTAL;
            (*o).ob_base.ob_base.ob_type = addr_of_mut!(PyLong_Type);
            (*o).ob_base.ob_size = v.signum() as isize;
            (*o).ob_digit[0] = v.unsigned_abs() as u32;
        }
        for (sym, p) in all_static_types() {
            (*p).ob_base.ob_base.ob_refcnt = IMMORTAL;
            (*p).ob_base.ob_base.ob_type = addr_of_mut!(PyType_Type);
            let _ = sym;
        }
    }
    let linked = pairs();
    for (p, t) in &linked {
        register_type(*p, t);
        t.obj().mirror.set(*p as *mut std::ffi::c_void);
    }
    // singletons that are heap objects in Pyrite point at their static mirrors
    if let Value::Obj(o) = pyrite_vm::types::misc::not_implemented() {
        o.obj()
            .mirror
            .set(not_implemented() as *mut std::ffi::c_void);
    }
    if let Value::Obj(o) = pyrite_vm::types::misc::ellipsis() {
        o.obj().mirror.set(ellipsis() as *mut std::ffi::c_void);
    }
    // static types without a Pyrite twin get a placeholder type
    for (sym, p) in all_static_types() {
        if linked.iter().any(|(q, _)| *q == p) {
            continue;
        }
        let name = placeholder_name(sym);
        let base = if sym == "PyCMethod_Type" {
            types().builtin_function.clone()
        } else {
            types().object.clone()
        };
        let t = crate::types::new_placeholder_type(&name, &base);
        register_type(p, &t);
        t.obj().mirror.set(p as *mut std::ffi::c_void);
    }
    for (_, p) in all_static_types() {
        let t = static_type(p as *mut PyObject).expect("static type registered");
        crate::types::fill_type_object(p, &t, true);
    }
    set_exc_pointers();
}
