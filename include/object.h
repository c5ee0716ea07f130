/* object.h -- the object model: object headers, type objects, slot tables,
 * type flags and the generic object protocol.
 *
 * Layout contract (x86_64): every structure below has exactly the fields,
 * order and sizes of the corresponding CPython 3.11 structure, because
 * Pyrite's runtime mirrors them and extensions access them inline.
 */
#ifndef Py_OBJECT_H
#define Py_OBJECT_H

#include "pyconfig.h"         /* feature macros before any system header */
#include <stdio.h>
#include "pyport.h"
#include "pymacro.h"
#include "pytypedefs.h"
#include "pybuffer.h"

PYRITE_BEGIN_DECLS

/* ======================================================================
 * Object headers
 * ==================================================================== */

/* Every object starts with this: reference count, then type. */
struct _object {
    Py_ssize_t ob_refcnt;
    PyTypeObject *ob_type;
};

/* Objects with a variable number of items add the item count. */
typedef struct {
    PyObject ob_base;
    Py_ssize_t ob_size;
} PyVarObject;

/* Put one of these first in an extension's object struct. */
#define PyObject_HEAD       PyObject ob_base;
#define PyObject_VAR_HEAD   PyVarObject ob_base;

/* Only meaningful for trace-refs builds, which Pyrite does not have. */
#define _PyObject_HEAD_EXTRA
#define _PyObject_EXTRA_INIT

/* Static initializers for the headers above (note the trailing comma,
 * as with CPython: `{ PyVarObject_HEAD_INIT(NULL, 0) "name", ... }`). */
#define PyObject_HEAD_INIT(type)  { 1, type },
#define PyVarObject_HEAD_INIT(type, size)  { PyObject_HEAD_INIT(type) size },

/* Cast helpers used by the macros in these headers. */
#define _PyObject_CAST(op)     ((PyObject *)(op))
#define _PyVarObject_CAST(op)  ((PyVarObject *)(op))
#define _Py_CAST(type, expr)   ((type)(expr))
#define _PyType_CAST(op)       ((PyTypeObject *)(op))

/* Identity tests. */
PyAPI_FUNC(int) Py_Is(PyObject *x, PyObject *y);
#define Py_Is(x, y) ((x) == (y))

/* Header field accessors. */
static inline Py_ssize_t _Py_REFCNT(PyObject *ob) { return ob->ob_refcnt; }
static inline PyTypeObject *_Py_TYPE(PyObject *ob) { return ob->ob_type; }
static inline Py_ssize_t _Py_SIZE(PyObject *ob) { return ((PyVarObject *)ob)->ob_size; }
#define Py_REFCNT(ob) _Py_REFCNT(_PyObject_CAST(ob))
#define Py_TYPE(ob)   _Py_TYPE(_PyObject_CAST(ob))
#define Py_SIZE(ob)   _Py_SIZE(_PyObject_CAST(ob))

static inline int _Py_IS_TYPE(PyObject *ob, PyTypeObject *type) {
    return ob->ob_type == type;
}
#define Py_IS_TYPE(ob, type) _Py_IS_TYPE(_PyObject_CAST(ob), (type))

static inline void _Py_SET_REFCNT(PyObject *ob, Py_ssize_t refcnt) {
    ob->ob_refcnt = refcnt;
}
static inline void _Py_SET_TYPE(PyObject *ob, PyTypeObject *type) {
    ob->ob_type = type;
}
static inline void _Py_SET_SIZE(PyVarObject *ob, Py_ssize_t size) {
    ob->ob_size = size;
}
#define Py_SET_REFCNT(ob, refcnt) _Py_SET_REFCNT(_PyObject_CAST(ob), (refcnt))
#define Py_SET_TYPE(ob, type)     _Py_SET_TYPE(_PyObject_CAST(ob), (type))
#define Py_SET_SIZE(ob, size)     _Py_SET_SIZE(_PyVarObject_CAST(ob), (size))

/* ======================================================================
 * Function pointer types used in type slots
 * ==================================================================== */

typedef PyObject *(*unaryfunc)(PyObject *);
typedef PyObject *(*binaryfunc)(PyObject *, PyObject *);
typedef PyObject *(*ternaryfunc)(PyObject *, PyObject *, PyObject *);
typedef int (*inquiry)(PyObject *);
typedef Py_ssize_t (*lenfunc)(PyObject *);
typedef PyObject *(*ssizeargfunc)(PyObject *, Py_ssize_t);
typedef PyObject *(*ssizessizeargfunc)(PyObject *, Py_ssize_t, Py_ssize_t);
typedef int (*ssizeobjargproc)(PyObject *, Py_ssize_t, PyObject *);
typedef int (*ssizessizeobjargproc)(PyObject *, Py_ssize_t, Py_ssize_t, PyObject *);
typedef int (*objobjargproc)(PyObject *, PyObject *, PyObject *);
typedef int (*objobjproc)(PyObject *, PyObject *);
typedef int (*visitproc)(PyObject *, void *);
typedef int (*traverseproc)(PyObject *, visitproc, void *);

typedef void (*freefunc)(void *);
typedef void (*destructor)(PyObject *);
typedef PyObject *(*getattrfunc)(PyObject *, char *);
typedef PyObject *(*getattrofunc)(PyObject *, PyObject *);
typedef int (*setattrfunc)(PyObject *, char *, PyObject *);
typedef int (*setattrofunc)(PyObject *, PyObject *, PyObject *);
typedef PyObject *(*reprfunc)(PyObject *);
typedef Py_hash_t (*hashfunc)(PyObject *);
typedef PyObject *(*richcmpfunc)(PyObject *, PyObject *, int);
typedef PyObject *(*getiterfunc)(PyObject *);
typedef PyObject *(*iternextfunc)(PyObject *);
typedef PyObject *(*descrgetfunc)(PyObject *, PyObject *, PyObject *);
typedef int (*descrsetfunc)(PyObject *, PyObject *, PyObject *);
typedef int (*initproc)(PyObject *, PyObject *, PyObject *);
typedef PyObject *(*newfunc)(PyTypeObject *, PyObject *, PyObject *);
typedef PyObject *(*allocfunc)(PyTypeObject *, Py_ssize_t);
typedef PyObject *(*vectorcallfunc)(PyObject *callable, PyObject *const *args,
                                    size_t nargsf, PyObject *kwnames);

/* Result of the am_send slot / PyIter_Send. */
typedef enum {
    PYGEN_RETURN = 0,
    PYGEN_ERROR = -1,
    PYGEN_NEXT = 1
} PySendResult;
typedef PySendResult (*sendfunc)(PyObject *iter, PyObject *value, PyObject **result);

/* ======================================================================
 * Type specifications (PyType_FromSpec and friends)
 * ==================================================================== */

typedef struct {
    int slot;       /* one of the Py_tp_* / Py_nb_* / ... ids, typeslots.h */
    void *pfunc;    /* the slot's value (function or data pointer) */
} PyType_Slot;

typedef struct {
    const char *name;       /* "module.Name" */
    int basicsize;
    int itemsize;
    unsigned int flags;     /* Py_TPFLAGS_* */
    PyType_Slot *slots;     /* terminated by {0, NULL} */
} PyType_Spec;

PyAPI_FUNC(PyObject *) PyType_FromSpec(PyType_Spec *spec);
PyAPI_FUNC(PyObject *) PyType_FromSpecWithBases(PyType_Spec *spec, PyObject *bases);
PyAPI_FUNC(void *) PyType_GetSlot(PyTypeObject *type, int slot);
PyAPI_FUNC(PyObject *) PyType_FromModuleAndSpec(PyObject *module, PyType_Spec *spec,
                                                PyObject *bases);
PyAPI_FUNC(PyObject *) PyType_GetModule(PyTypeObject *type);
PyAPI_FUNC(void *) PyType_GetModuleState(PyTypeObject *type);
PyAPI_FUNC(PyObject *) PyType_GetName(PyTypeObject *type);
PyAPI_FUNC(PyObject *) PyType_GetQualName(PyTypeObject *type);

/* ======================================================================
 * Slot tables and the type object
 * ==================================================================== */

#ifndef Py_LIMITED_API

/* Number protocol, in CPython's field order. */
typedef struct {
    binaryfunc nb_add;
    binaryfunc nb_subtract;
    binaryfunc nb_multiply;
    binaryfunc nb_remainder;
    binaryfunc nb_divmod;
    ternaryfunc nb_power;
    unaryfunc nb_negative;
    unaryfunc nb_positive;
    unaryfunc nb_absolute;
    inquiry nb_bool;
    unaryfunc nb_invert;
    binaryfunc nb_lshift;
    binaryfunc nb_rshift;
    binaryfunc nb_and;
    binaryfunc nb_xor;
    binaryfunc nb_or;
    unaryfunc nb_int;
    void *nb_reserved;          /* was nb_long */
    unaryfunc nb_float;

    binaryfunc nb_inplace_add;
    binaryfunc nb_inplace_subtract;
    binaryfunc nb_inplace_multiply;
    binaryfunc nb_inplace_remainder;
    ternaryfunc nb_inplace_power;
    binaryfunc nb_inplace_lshift;
    binaryfunc nb_inplace_rshift;
    binaryfunc nb_inplace_and;
    binaryfunc nb_inplace_xor;
    binaryfunc nb_inplace_or;

    binaryfunc nb_floor_divide;
    binaryfunc nb_true_divide;
    binaryfunc nb_inplace_floor_divide;
    binaryfunc nb_inplace_true_divide;

    unaryfunc nb_index;

    binaryfunc nb_matrix_multiply;
    binaryfunc nb_inplace_matrix_multiply;
} PyNumberMethods;

/* Sequence protocol. */
typedef struct {
    lenfunc sq_length;
    binaryfunc sq_concat;
    ssizeargfunc sq_repeat;
    ssizeargfunc sq_item;
    void *was_sq_slice;
    ssizeobjargproc sq_ass_item;
    void *was_sq_ass_slice;
    objobjproc sq_contains;
    binaryfunc sq_inplace_concat;
    ssizeargfunc sq_inplace_repeat;
} PySequenceMethods;

/* Mapping protocol. */
typedef struct {
    lenfunc mp_length;
    binaryfunc mp_subscript;
    objobjargproc mp_ass_subscript;
} PyMappingMethods;

/* Awaitable / async iterator protocol. */
typedef struct {
    unaryfunc am_await;
    unaryfunc am_aiter;
    unaryfunc am_anext;
    sendfunc am_send;
} PyAsyncMethods;

/* Buffer protocol. */
typedef struct {
    getbufferproc bf_getbuffer;
    releasebufferproc bf_releasebuffer;
} PyBufferProcs;

/* Kept for source compatibility; the slot it named is gone. */
typedef int (*printfunc)(PyObject *, FILE *, int);

/* The type object.  Field order and types are those of CPython 3.11. */
struct _typeobject {
    PyObject_VAR_HEAD
    const char *tp_name;            /* "module.Name" for printing */
    Py_ssize_t tp_basicsize, tp_itemsize;   /* allocation sizes */

    destructor tp_dealloc;
    Py_ssize_t tp_vectorcall_offset;
    getattrfunc tp_getattr;
    setattrfunc tp_setattr;
    PyAsyncMethods *tp_as_async;
    reprfunc tp_repr;

    PyNumberMethods *tp_as_number;
    PySequenceMethods *tp_as_sequence;
    PyMappingMethods *tp_as_mapping;

    hashfunc tp_hash;
    ternaryfunc tp_call;
    reprfunc tp_str;
    getattrofunc tp_getattro;
    setattrofunc tp_setattro;

    PyBufferProcs *tp_as_buffer;

    unsigned long tp_flags;         /* Py_TPFLAGS_* */

    const char *tp_doc;

    traverseproc tp_traverse;
    inquiry tp_clear;

    richcmpfunc tp_richcompare;

    Py_ssize_t tp_weaklistoffset;

    getiterfunc tp_iter;
    iternextfunc tp_iternext;

    struct PyMethodDef *tp_methods;
    struct PyMemberDef *tp_members;
    struct PyGetSetDef *tp_getset;
    PyTypeObject *tp_base;
    PyObject *tp_dict;
    descrgetfunc tp_descr_get;
    descrsetfunc tp_descr_set;
    Py_ssize_t tp_dictoffset;
    initproc tp_init;
    allocfunc tp_alloc;
    newfunc tp_new;
    freefunc tp_free;               /* low-level free routine */
    inquiry tp_is_gc;
    PyObject *tp_bases;
    PyObject *tp_mro;               /* method resolution order */
    PyObject *tp_cache;
    PyObject *tp_subclasses;
    PyObject *tp_weaklist;
    destructor tp_del;

    unsigned int tp_version_tag;    /* method-cache tag */

    destructor tp_finalize;
    vectorcallfunc tp_vectorcall;
};

/* Cache used by CPython's specializing interpreter (kept for layout). */
struct _specialization_cache {
    PyObject *getitem;
};

/* Types created at run time (class statements, PyType_FromSpec) are
 * allocated as this larger structure; the slot tables live inline. */
typedef struct _heaptypeobject {
    PyTypeObject ht_type;
    PyAsyncMethods as_async;
    PyNumberMethods as_number;
    PyMappingMethods as_mapping;
    PySequenceMethods as_sequence;
    PyBufferProcs as_buffer;
    PyObject *ht_name, *ht_slots, *ht_qualname;
    struct _dictkeysobject *ht_cached_keys;
    PyObject *ht_module;
    char *_ht_tpname;
    struct _specialization_cache _spec_cache;
} PyHeapTypeObject;

#endif /* !Py_LIMITED_API */

/* ======================================================================
 * Type flags (bits of tp_flags)
 * ==================================================================== */

#ifndef Py_LIMITED_API
/* Instances keep their __dict__ in a runtime-managed place. */
#define Py_TPFLAGS_MANAGED_DICT         (1UL << 4)
/* Instances match sequence / mapping patterns in `match`. */
#define Py_TPFLAGS_SEQUENCE             (1UL << 5)
#define Py_TPFLAGS_MAPPING              (1UL << 6)
#endif
/* The type cannot be instantiated from Python (tp_new is NULL). */
#define Py_TPFLAGS_DISALLOW_INSTANTIATION (1UL << 7)
/* Type attributes cannot be set or deleted. */
#define Py_TPFLAGS_IMMUTABLETYPE        (1UL << 8)
/* Allocated on the heap (created at run time). */
#define Py_TPFLAGS_HEAPTYPE             (1UL << 9)
/* The type may be subclassed. */
#define Py_TPFLAGS_BASETYPE             (1UL << 10)
/* Instances support vectorcall through tp_vectorcall_offset. */
#define Py_TPFLAGS_HAVE_VECTORCALL      (1UL << 11)
#ifndef Py_LIMITED_API
#define _Py_TPFLAGS_HAVE_VECTORCALL     Py_TPFLAGS_HAVE_VECTORCALL
#endif
/* PyType_Ready has finished / is running. */
#define Py_TPFLAGS_READY                (1UL << 12)
#define Py_TPFLAGS_READYING             (1UL << 13)
/* Instances take part in cyclic garbage collection. */
#define Py_TPFLAGS_HAVE_GC              (1UL << 14)
/* Stackless extension bits (never set). */
#define Py_TPFLAGS_HAVE_STACKLESS_EXTENSION 0
/* Objects behave like unbound methods when used as class attributes. */
#define Py_TPFLAGS_METHOD_DESCRIPTOR    (1UL << 17)
/* Obsolete; always considered set. */
#define Py_TPFLAGS_HAVE_VERSION_TAG     (1UL << 18)
/* tp_version_tag is valid. */
#define Py_TPFLAGS_VALID_VERSION_TAG    (1UL << 19)
/* The type is abstract and cannot be instantiated. */
#define Py_TPFLAGS_IS_ABSTRACT          (1UL << 20)
#ifndef Py_LIMITED_API
/* Class pattern matching binds the whole subject to one positional. */
#define _Py_TPFLAGS_MATCH_SELF          (1UL << 22)
#endif
/* Fast subclass checks for the core builtins. */
#define Py_TPFLAGS_LONG_SUBCLASS        (1UL << 24)
#define Py_TPFLAGS_LIST_SUBCLASS        (1UL << 25)
#define Py_TPFLAGS_TUPLE_SUBCLASS       (1UL << 26)
#define Py_TPFLAGS_BYTES_SUBCLASS       (1UL << 27)
#define Py_TPFLAGS_UNICODE_SUBCLASS     (1UL << 28)
#define Py_TPFLAGS_DICT_SUBCLASS        (1UL << 29)
#define Py_TPFLAGS_BASE_EXC_SUBCLASS    (1UL << 30)
#define Py_TPFLAGS_TYPE_SUBCLASS        (1UL << 31)

#define Py_TPFLAGS_DEFAULT  (Py_TPFLAGS_HAVE_STACKLESS_EXTENSION | 0)

/* Obsolete; tp_finalize is always looked at. */
#define Py_TPFLAGS_HAVE_FINALIZE        (1UL << 0)

PyAPI_FUNC(unsigned long) PyType_GetFlags(PyTypeObject *type);

static inline int _PyType_HasFeature(PyTypeObject *type, unsigned long feature) {
#ifdef Py_LIMITED_API
    return (PyType_GetFlags(type) & feature) != 0;
#else
    return (type->tp_flags & feature) != 0;
#endif
}
#define PyType_HasFeature(type, feature) _PyType_HasFeature((type), (feature))
#define PyType_FastSubclass(type, flag) PyType_HasFeature((type), (flag))

/* ======================================================================
 * Builtin type objects defined here
 * ==================================================================== */

PyAPI_DATA(PyTypeObject) PyType_Type;           /* type */
PyAPI_DATA(PyTypeObject) PyBaseObject_Type;     /* object */
PyAPI_DATA(PyTypeObject) PySuper_Type;          /* super */

PyAPI_FUNC(int) PyType_IsSubtype(PyTypeObject *a, PyTypeObject *b);

static inline int _PyObject_TypeCheck(PyObject *ob, PyTypeObject *type) {
    return Py_IS_TYPE(ob, type) || PyType_IsSubtype(Py_TYPE(ob), type);
}
#define PyObject_TypeCheck(ob, type) _PyObject_TypeCheck(_PyObject_CAST(ob), (type))

#define PyType_Check(op) \
    PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_TYPE_SUBCLASS)
#define PyType_CheckExact(op) Py_IS_TYPE((op), &PyType_Type)

/* ======================================================================
 * Type API
 * ==================================================================== */

PyAPI_FUNC(int) PyType_Ready(PyTypeObject *type);
PyAPI_FUNC(PyObject *) PyType_GenericAlloc(PyTypeObject *type, Py_ssize_t nitems);
PyAPI_FUNC(PyObject *) PyType_GenericNew(PyTypeObject *type, PyObject *args,
                                         PyObject *kwds);
PyAPI_FUNC(unsigned int) PyType_ClearCache(void);
PyAPI_FUNC(void) PyType_Modified(PyTypeObject *type);

#ifndef Py_LIMITED_API
PyAPI_FUNC(PyObject *) PyType_GetModuleByDef(PyTypeObject *type, PyModuleDef *def);
PyAPI_FUNC(const char *) _PyType_Name(PyTypeObject *type);
PyAPI_FUNC(PyObject *) _PyType_Lookup(PyTypeObject *type, PyObject *name);
PyAPI_FUNC(PyTypeObject *) _PyType_CalculateMetaclass(PyTypeObject *metatype,
                                                      PyObject *bases);
#endif

/* ======================================================================
 * Generic object protocol
 * ==================================================================== */

PyAPI_FUNC(PyObject *) PyObject_Repr(PyObject *o);
PyAPI_FUNC(PyObject *) PyObject_Str(PyObject *o);
PyAPI_FUNC(PyObject *) PyObject_ASCII(PyObject *o);
PyAPI_FUNC(PyObject *) PyObject_Bytes(PyObject *o);
PyAPI_FUNC(PyObject *) PyObject_RichCompare(PyObject *a, PyObject *b, int op);
PyAPI_FUNC(int) PyObject_RichCompareBool(PyObject *a, PyObject *b, int op);
PyAPI_FUNC(PyObject *) PyObject_GetAttrString(PyObject *o, const char *name);
PyAPI_FUNC(int) PyObject_SetAttrString(PyObject *o, const char *name, PyObject *v);
PyAPI_FUNC(int) PyObject_HasAttrString(PyObject *o, const char *name);
PyAPI_FUNC(PyObject *) PyObject_GetAttr(PyObject *o, PyObject *name);
PyAPI_FUNC(int) PyObject_SetAttr(PyObject *o, PyObject *name, PyObject *v);
PyAPI_FUNC(int) PyObject_HasAttr(PyObject *o, PyObject *name);
PyAPI_FUNC(PyObject *) PyObject_SelfIter(PyObject *o);
PyAPI_FUNC(PyObject *) PyObject_GenericGetAttr(PyObject *o, PyObject *name);
PyAPI_FUNC(int) PyObject_GenericSetAttr(PyObject *o, PyObject *name, PyObject *v);
PyAPI_FUNC(int) PyObject_GenericSetDict(PyObject *o, PyObject *value, void *context);
PyAPI_FUNC(PyObject *) PyObject_GenericGetDict(PyObject *o, void *context);
PyAPI_FUNC(Py_hash_t) PyObject_Hash(PyObject *o);
PyAPI_FUNC(Py_hash_t) PyObject_HashNotImplemented(PyObject *o);
PyAPI_FUNC(int) PyObject_IsTrue(PyObject *o);
PyAPI_FUNC(int) PyObject_Not(PyObject *o);
PyAPI_FUNC(int) PyCallable_Check(PyObject *o);
PyAPI_FUNC(void) PyObject_ClearWeakRefs(PyObject *o);
PyAPI_FUNC(PyObject *) PyObject_Dir(PyObject *o);

/* Guard against infinite recursion in repr() of containers. */
PyAPI_FUNC(int) Py_ReprEnter(PyObject *o);
PyAPI_FUNC(void) Py_ReprLeave(PyObject *o);

/* Flag for PyObject_Print and PyFile_WriteObject: use str() not repr(). */
#define Py_PRINT_RAW 1

#ifndef Py_LIMITED_API
PyAPI_FUNC(int) PyObject_Print(PyObject *o, FILE *fp, int flags);
PyAPI_FUNC(int) _PyObject_LookupAttr(PyObject *o, PyObject *name, PyObject **result);
PyAPI_FUNC(int) _PyObject_GetMethod(PyObject *obj, PyObject *name, PyObject **method);
PyAPI_FUNC(PyObject **) _PyObject_GetDictPtr(PyObject *o);
PyAPI_FUNC(PyObject *) _PyObject_NextNotImplemented(PyObject *o);
PyAPI_FUNC(void) PyObject_CallFinalizer(PyObject *o);
PyAPI_FUNC(int) PyObject_CallFinalizerFromDealloc(PyObject *o);
PyAPI_FUNC(PyObject *) _PyObject_GenericGetAttrWithDict(PyObject *o, PyObject *name,
                                                        PyObject *dict,
                                                        int suppress);
PyAPI_FUNC(int) _PyObject_GenericSetAttrWithDict(PyObject *o, PyObject *name,
                                                 PyObject *value, PyObject *dict);
PyAPI_FUNC(PyObject *) _PyObject_FunctionStr(PyObject *o);
PyAPI_FUNC(PyObject *) _PyObject_GetState(PyObject *o);
PyAPI_FUNC(int) _PyObject_IsAbstract(PyObject *o);
PyAPI_FUNC(void) _PyObject_Dump(PyObject *o);
PyAPI_FUNC(int) _PyObject_IsFreed(PyObject *o);
PyAPI_FUNC(void) _Py_BreakPoint(void);
/* Reset the header of memory being reused for an object (refcount 1). */
PyAPI_FUNC(void) _Py_NewReference(PyObject *op);
PyAPI_FUNC(PyObject *) _PyType_GetDocFromInternalDoc(const char *name,
                                                     const char *internal_doc);
PyAPI_FUNC(PyObject *) _PyType_GetTextSignatureFromInternalDoc(const char *name,
                                                               const char *internal_doc);

/* Object assertions: like assert(), reporting the object when they fail. */
PyAPI_FUNC(void) _Py_NO_RETURN _PyObject_AssertFailed(PyObject *obj, const char *expr,
                                                      const char *msg, const char *file,
                                                      int line, const char *function);
#ifdef NDEBUG
#  define _PyObject_ASSERT_FROM(obj, expr, msg, filename, lineno, func) ((void)0)
#else
#  define _PyObject_ASSERT_FROM(obj, expr, msg, filename, lineno, func) \
    ((expr) ? (void)0 : \
     _PyObject_AssertFailed((obj), Py_STRINGIFY(expr), (msg), (filename), \
                            (lineno), (func)))
#endif
#define _PyObject_ASSERT_WITH_MSG(obj, expr, msg) \
    _PyObject_ASSERT_FROM((obj), expr, (msg), __FILE__, __LINE__, __func__)
#define _PyObject_ASSERT(obj, expr) _PyObject_ASSERT_WITH_MSG((obj), expr, NULL)
#define _PyObject_ASSERT_FAILED_MSG(obj, msg) \
    _PyObject_AssertFailed((obj), NULL, (msg), __FILE__, __LINE__, __func__)
#endif

/* ======================================================================
 * Static strings (_Py_IDENTIFIER)
 * ==================================================================== */

#ifndef Py_LIMITED_API
/* A C string literal whose interned str object the runtime caches. */
typedef struct _Py_Identifier {
    const char *string;
    Py_ssize_t index;       /* runtime cache slot, -1 until first use */
} _Py_Identifier;

#define _Py_static_string_init(value) { (value), -1 }
#define _Py_static_string(varname, value) \
    static _Py_Identifier varname = _Py_static_string_init(value)
#define _Py_IDENTIFIER(varname) _Py_static_string(PyId_##varname, #varname)

PyAPI_FUNC(PyObject *) _PyObject_GetAttrId(PyObject *o, _Py_Identifier *name);
PyAPI_FUNC(int) _PyObject_SetAttrId(PyObject *o, _Py_Identifier *name, PyObject *v);
PyAPI_FUNC(int) _PyObject_LookupAttrId(PyObject *o, _Py_Identifier *name,
                                       PyObject **result);
PyAPI_FUNC(PyObject *) _PyType_LookupId(PyTypeObject *type, _Py_Identifier *name);
PyAPI_FUNC(PyObject *) _PyObject_LookupSpecialId(PyObject *o, _Py_Identifier *name);
#define _PyObject_LookupSpecial _PyObject_LookupSpecialId
#endif

/* ======================================================================
 * Rich comparison
 * ==================================================================== */

#define Py_LT 0
#define Py_LE 1
#define Py_EQ 2
#define Py_NE 3
#define Py_GT 4
#define Py_GE 5

#ifndef Py_LIMITED_API
/* Py_LT <-> Py_GT etc.: the operator to try on the reflected operands. */
PyAPI_DATA(int) _Py_SwappedOp[];
#endif

PYRITE_END_DECLS

/* Reference counting lives in its own header. */
#include "refcount.h"

PYRITE_BEGIN_DECLS

/* ======================================================================
 * Singletons: None, NotImplemented
 * ==================================================================== */

PyAPI_DATA(PyObject) _Py_NoneStruct;
#define Py_None (&_Py_NoneStruct)

PyAPI_FUNC(int) Py_IsNone(PyObject *x);
#define Py_IsNone(x) Py_Is((x), Py_None)

#define Py_RETURN_NONE return Py_NewRef(Py_None)

PyAPI_DATA(PyObject) _Py_NotImplementedStruct;
#define Py_NotImplemented (&_Py_NotImplementedStruct)

#define Py_RETURN_NOTIMPLEMENTED return Py_NewRef(Py_NotImplemented)

#ifndef Py_LIMITED_API
PyAPI_DATA(PyTypeObject) _PyNone_Type;
PyAPI_DATA(PyTypeObject) _PyNotImplemented_Type;
#endif

/* Return the result of comparing val1 and val2 with operator op as a
 * Python bool (for use in tp_richcompare implementations). */
#define Py_RETURN_RICHCOMPARE(val1, val2, op)                               \
    do {                                                                    \
        switch (op) {                                                       \
        case Py_EQ: if ((val1) == (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE;  \
        case Py_NE: if ((val1) != (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE;  \
        case Py_LT: if ((val1) < (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE;   \
        case Py_GT: if ((val1) > (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE;   \
        case Py_LE: if ((val1) <= (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE;  \
        case Py_GE: if ((val1) >= (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE;  \
        default:                                                            \
            Py_UNREACHABLE();                                               \
        }                                                                   \
    } while (0)

/* ======================================================================
 * Deallocation helpers
 * ==================================================================== */

/* The "trashcan" bounds C recursion when a deep chain of containers is
 * freed.  Pyrite's runtime bounds it itself, so the brackets only keep
 * their block structure here. */
#define Py_TRASHCAN_BEGIN_CONDITION(op, cond) do { (void)(op); (void)(cond);
#define Py_TRASHCAN_BEGIN(op, dealloc) \
    do { (void)(op); (void)(destructor)(dealloc);
#define Py_TRASHCAN_END } while (0);
#define Py_TRASHCAN_SAFE_BEGIN(op) do { (void)(op);
#define Py_TRASHCAN_SAFE_END(op) } while (0);

PYRITE_END_DECLS

#endif /* Py_OBJECT_H */
