//! Builtin types: one file per type (`list.rs` holds `list` and its methods), as
//! CPython's `Objects/` does. This file defines the `Payload` enum that every heap
//! object carries and the table of builtin type objects.

pub mod bytes;
pub mod code;
pub mod complex;
pub mod descr;
pub mod dict;
pub mod exceptions;
pub mod float;
pub mod function;
pub mod generator;
pub mod int;
pub mod iter;
pub mod list;
pub mod margs;
pub mod memoryview;
pub mod misc;
pub mod module;
pub mod range;
pub mod set;
pub mod str;
pub mod tuple;
pub mod typeobj;
pub mod unicode_db;

use crate::object::ObjRef;
use crate::value::Value;
use std::cell::UnsafeCell;

/// What a heap object holds besides its header. Instances of Python subclasses of a
/// builtin type carry that builtin's payload (a subclass of `list` has `List`).
pub enum Payload {
    /// `object()` and instances of plain Python classes (their state is in the dict
    /// and `slots`).
    Instance(Slots),
    Int(num_bigint::BigInt),
    Float(f64),
    Complex(f64, f64),
    Str(str::PyStr),
    Bytes(bytes::PyBytes),
    ByteArray(bytes::PyByteArray),
    Tuple(Box<[Value]>),
    List(list::PyList),
    Dict(dict::PyDict),
    Set(set::PySet),
    Type(Box<typeobj::TypeData>),
    Function(Box<function::PyFunction>),
    Builtin(Box<function::PyBuiltin>),
    MethodDescr(Box<function::PyMethodDescr>),
    BoundMethod(Box<function::PyBoundMethod>),
    Descr(Box<descr::Descr>),
    Cell(UnsafeCell<Option<Value>>),
    Code(Box<code::PyCode>),
    Frame(Box<crate::frame::FrameCell>),
    Generator(Box<generator::PyGenerator>),
    Module(module::PyModule),
    Exception(Box<exceptions::PyException>),
    Range(range::PyRange),
    Slice(Box<[Value; 3]>),
    Iter(Box<iter::PyIter>),
    Traceback(Box<exceptions::PyTraceback>),
    Misc(Box<misc::MiscPayload>),
}

/// `__slots__` values of an instance (empty for most classes).
pub struct Slots(pub UnsafeCell<Box<[Option<Value>]>>);

impl Slots {
    pub fn empty() -> Slots {
        Slots(UnsafeCell::new(Box::new([])))
    }
    pub fn with_len(n: usize) -> Slots {
        Slots(UnsafeCell::new(vec![None; n].into_boxed_slice()))
    }
    pub fn get(&self, i: usize) -> Option<Value> {
        unsafe { (&*self.0.get()).get(i).cloned().flatten() }
    }
    pub fn set(&self, i: usize, v: Option<Value>) {
        let old = unsafe {
            match (&mut *self.0.get()).get_mut(i) {
                Some(slot) => std::mem::replace(slot, v),
                None => None,
            }
        };
        drop(old);
    }
}

impl Payload {
    /// Whether objects with this payload can be part of reference cycles (and so are
    /// tracked by the cycle collector).
    pub fn is_container(&self) -> bool {
        matches!(
            self,
            Payload::Instance(_)
                | Payload::Tuple(_)
                | Payload::List(_)
                | Payload::Dict(_)
                | Payload::Set(_)
                | Payload::Type(_)
                | Payload::Function(_)
                | Payload::BoundMethod(_)
                | Payload::Cell(_)
                | Payload::Frame(_)
                | Payload::Generator(_)
                | Payload::Module(_)
                | Payload::Exception(_)
                | Payload::Iter(_)
                | Payload::Traceback(_)
                | Payload::Misc(_)
                | Payload::Descr(_)
                | Payload::Builtin(_)
        )
    }
}

macro_rules! builtin_types {
    ($($field:ident),* $(,)?) => {
        /// The builtin type objects, created once at start-up and immortal.
        pub struct BuiltinTypes {
            $(pub $field: ObjRef,)*
        }
    };
}

builtin_types!(
    type_,
    object,
    none_type,
    bool,
    int,
    float,
    complex,
    str,
    bytes,
    bytearray,
    tuple,
    list,
    dict,
    set,
    frozenset,
    range,
    slice,
    function,
    builtin_function,
    method_descriptor,
    method,
    classmethod,
    staticmethod,
    property,
    getset_descriptor,
    member_descriptor,
    wrapper_descriptor,
    classmethod_descriptor,
    cell,
    code,
    frame,
    generator,
    coroutine,
    async_generator,
    module,
    traceback,
    not_implemented_type,
    ellipsis_type,
    super_,
    dict_keys,
    dict_values,
    dict_items,
    dict_keyiterator,
    dict_valueiterator,
    dict_itemiterator,
    list_iterator,
    list_reverseiterator,
    tuple_iterator,
    str_iterator,
    bytes_iterator,
    range_iterator,
    set_iterator,
    iterator,
    callable_iterator,
    enumerate,
    zip,
    map,
    filter,
    reversed,
    mappingproxy,
    memoryview,
    simple_namespace,
    weakref,
    coroutine_wrapper,
    async_gen_asend,
    async_gen_athrow,
    generic_alias,
    union_type,
    method_wrapper,
    bytearray_iterator,
    instancemethod,
);

static mut TYPES: *const BuiltinTypes = std::ptr::null();

/// The builtin types. Valid after [`crate::init`].
#[inline(always)]
pub fn types() -> &'static BuiltinTypes {
    // SAFETY: set once during start-up before any Python code runs.
    unsafe { &*TYPES }
}

pub(crate) fn set_types(t: BuiltinTypes) {
    unsafe { TYPES = Box::leak(Box::new(t)) }
}
