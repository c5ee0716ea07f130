/* abstract.h -- the abstract object protocols: calling, numbers,
 * sequences, mappings, iterators. */
#ifndef Py_ABSTRACTOBJECT_H
#define Py_ABSTRACTOBJECT_H

#include "pyconfig.h"         /* feature macros before any system header */
#include <string.h>
#include "object.h"
#include "unicodeobject.h"   /* _PyUnicode_FromId */

PYRITE_BEGIN_DECLS

/* ======================================================================
 * Calling
 * ==================================================================== */

PyAPI_FUNC(PyObject *) PyObject_Call(PyObject *callable, PyObject *args, PyObject *kwargs);
PyAPI_FUNC(PyObject *) PyObject_CallNoArgs(PyObject *func);
PyAPI_FUNC(PyObject *) PyObject_CallObject(PyObject *callable, PyObject *args);
/* Arguments built with a Py_BuildValue format. */
PyAPI_FUNC(PyObject *) PyObject_CallFunction(PyObject *callable, const char *format, ...);
PyAPI_FUNC(PyObject *) PyObject_CallMethod(PyObject *obj, const char *name,
                                           const char *format, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallFunction_SizeT(PyObject *callable,
                                                    const char *format, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallMethod_SizeT(PyObject *obj, const char *name,
                                                  const char *format, ...);
/* NULL-terminated lists of object arguments. */
PyAPI_FUNC(PyObject *) PyObject_CallFunctionObjArgs(PyObject *callable, ...);
PyAPI_FUNC(PyObject *) PyObject_CallMethodObjArgs(PyObject *obj, PyObject *name, ...);

/* Vectorcall (PEP 590). */

/* Set in nargsf when args[-1] may be overwritten temporarily by the callee. */
#define PY_VECTORCALL_ARGUMENTS_OFFSET ((size_t)1 << (8 * sizeof(size_t) - 1))

static inline Py_ssize_t PyVectorcall_NARGS(size_t n) {
    return (Py_ssize_t)(n & ~PY_VECTORCALL_ARGUMENTS_OFFSET);
}

#ifndef Py_LIMITED_API
PyAPI_FUNC(vectorcallfunc) PyVectorcall_Function(PyObject *callable);
PyAPI_FUNC(PyObject *) PyObject_Vectorcall(PyObject *callable, PyObject *const *args,
                                           size_t nargsf, PyObject *kwnames);
PyAPI_FUNC(PyObject *) PyObject_VectorcallDict(PyObject *callable, PyObject *const *args,
                                               size_t nargsf, PyObject *kwdict);
/* tp_call implementation for types that support vectorcall. */
PyAPI_FUNC(PyObject *) PyVectorcall_Call(PyObject *callable, PyObject *tuple,
                                         PyObject *dict);
PyAPI_FUNC(PyObject *) PyObject_CallOneArg(PyObject *func, PyObject *arg);
PyAPI_FUNC(PyObject *) PyObject_VectorcallMethod(PyObject *name, PyObject *const *args,
                                                 size_t nargsf, PyObject *kwnames);
PyAPI_FUNC(PyObject *) _PyObject_FastCall(PyObject *func, PyObject *const *args,
                                          Py_ssize_t nargs);
PyAPI_FUNC(PyObject *) _PyObject_MakeTpCall(PyThreadState *tstate, PyObject *callable,
                                            PyObject *const *args, Py_ssize_t nargs,
                                            PyObject *keywords);
PyAPI_FUNC(PyObject *) _PyStack_AsDict(PyObject *const *values, PyObject *kwnames);
PyAPI_FUNC(PyObject *) _Py_CheckFunctionResult(PyThreadState *tstate, PyObject *callable,
                                               PyObject *result, const char *where);

/* Arrays of at most this many arguments are built on the C stack. */
#define _PY_FASTCALL_SMALL_STACK 5

/* obj.name() and obj.name(arg) without building a tuple. */
static inline PyObject *PyObject_CallMethodNoArgs(PyObject *self, PyObject *name) {
    return PyObject_VectorcallMethod(name, &self,
                                     1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}
static inline PyObject *PyObject_CallMethodOneArg(PyObject *self, PyObject *name,
                                                  PyObject *arg) {
    PyObject *args[2];
    args[0] = self;
    args[1] = arg;
    return PyObject_VectorcallMethod(name, args,
                                     2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

/* Names from before these functions became public. */
#define _PyObject_Vectorcall        PyObject_Vectorcall
#define _PyObject_VectorcallMethod  PyObject_VectorcallMethod
#define _PyObject_FastCallDict      PyObject_VectorcallDict
#define _PyVectorcall_Function      PyVectorcall_Function
#define _PyObject_CallOneArg        PyObject_CallOneArg
#define _PyObject_CallMethodNoArgs  PyObject_CallMethodNoArgs
#define _PyObject_CallMethodOneArg  PyObject_CallMethodOneArg

/* Calls by identifier (_Py_IDENTIFIER). */
PyAPI_FUNC(PyObject *) _PyObject_CallMethod(PyObject *obj, PyObject *name,
                                            const char *format, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallMethodId(PyObject *obj, _Py_Identifier *name,
                                              const char *format, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallMethodId_SizeT(PyObject *obj, _Py_Identifier *name,
                                                    const char *format, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallMethodIdObjArgs(PyObject *obj,
                                                     _Py_Identifier *name, ...);

static inline PyObject *_PyObject_VectorcallMethodId(_Py_Identifier *name,
                                                     PyObject *const *args,
                                                     size_t nargsf, PyObject *kwnames) {
    PyObject *oname = _PyUnicode_FromId(name);   /* borrowed */
    if (oname == NULL) {
        return NULL;
    }
    return PyObject_VectorcallMethod(oname, args, nargsf, kwnames);
}
static inline PyObject *_PyObject_CallMethodIdNoArgs(PyObject *self,
                                                     _Py_Identifier *name) {
    return _PyObject_VectorcallMethodId(name, &self,
                                        1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}
static inline PyObject *_PyObject_CallMethodIdOneArg(PyObject *self,
                                                     _Py_Identifier *name,
                                                     PyObject *arg) {
    PyObject *args[2];
    args[0] = self;
    args[1] = arg;
    return _PyObject_VectorcallMethodId(name, args,
                                        2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}
#endif /* !Py_LIMITED_API */

#ifdef PY_SSIZE_T_CLEAN
#  define PyObject_CallFunction _PyObject_CallFunction_SizeT
#  define PyObject_CallMethod   _PyObject_CallMethod_SizeT
#  ifndef Py_LIMITED_API
#    define _PyObject_CallMethodId _PyObject_CallMethodId_SizeT
#  endif
#endif

/* ======================================================================
 * Generic object operations
 * ==================================================================== */

/* del o.attr */
#define PyObject_DelAttrString(O, A) PyObject_SetAttrString((O), (A), NULL)
#define PyObject_DelAttr(O, A) PyObject_SetAttr((O), (A), NULL)

PyAPI_FUNC(PyObject *) PyObject_Type(PyObject *o);
PyAPI_FUNC(Py_ssize_t) PyObject_Size(PyObject *o);
PyAPI_FUNC(Py_ssize_t) PyObject_Length(PyObject *o);
#define PyObject_Length PyObject_Size

#ifndef Py_LIMITED_API
PyAPI_FUNC(int) _PyObject_HasLen(PyObject *o);
/* len(o) if cheap, else o.__length_hint__(), else defaultvalue. */
PyAPI_FUNC(Py_ssize_t) PyObject_LengthHint(PyObject *o, Py_ssize_t defaultvalue);
#endif

PyAPI_FUNC(PyObject *) PyObject_GetItem(PyObject *o, PyObject *key);
PyAPI_FUNC(int) PyObject_SetItem(PyObject *o, PyObject *key, PyObject *v);
PyAPI_FUNC(int) PyObject_DelItemString(PyObject *o, const char *key);
PyAPI_FUNC(int) PyObject_DelItem(PyObject *o, PyObject *key);

/* Old buffer API (use PyObject_GetBuffer instead). */
Py_DEPRECATED(3.0) PyAPI_FUNC(int) PyObject_AsCharBuffer(PyObject *obj,
                                                         const char **buffer,
                                                         Py_ssize_t *buffer_len);
Py_DEPRECATED(3.0) PyAPI_FUNC(int) PyObject_CheckReadBuffer(PyObject *obj);
Py_DEPRECATED(3.0) PyAPI_FUNC(int) PyObject_AsReadBuffer(PyObject *obj,
                                                         const void **buffer,
                                                         Py_ssize_t *buffer_len);
Py_DEPRECATED(3.0) PyAPI_FUNC(int) PyObject_AsWriteBuffer(PyObject *obj, void **buffer,
                                                          Py_ssize_t *buffer_len);

PyAPI_FUNC(PyObject *) PyObject_Format(PyObject *obj, PyObject *format_spec);

PyAPI_FUNC(int) PyObject_IsInstance(PyObject *object, PyObject *typeorclass);
PyAPI_FUNC(int) PyObject_IsSubclass(PyObject *object, PyObject *typeorclass);

#ifndef Py_LIMITED_API
/* isinstance()/issubclass() without __instancecheck__/__subclasscheck__. */
PyAPI_FUNC(int) _PyObject_RealIsInstance(PyObject *inst, PyObject *cls);
PyAPI_FUNC(int) _PyObject_RealIsSubclass(PyObject *derived, PyObject *cls);

/* argv-style arrays from a sequence of bytes (for exec helpers). */
PyAPI_FUNC(char *const *) _PySequence_BytesToCharpArray(PyObject *self);
PyAPI_FUNC(void) _Py_FreeCharPArray(char *const array[]);

/* Advance a multi-dimensional index in Fortran / C order (buffer code). */
PyAPI_FUNC(void) _Py_add_one_to_index_F(int nd, Py_ssize_t *index,
                                        const Py_ssize_t *shape);
PyAPI_FUNC(void) _Py_add_one_to_index_C(int nd, Py_ssize_t *index,
                                        const Py_ssize_t *shape);

/* "O&" converter: None or an index into a Py_ssize_t. */
PyAPI_FUNC(int) _Py_convert_optional_to_ssize_t(PyObject *obj, void *result);
#endif

/* ======================================================================
 * Iterators
 * ==================================================================== */

PyAPI_FUNC(PyObject *) PyObject_GetIter(PyObject *o);
PyAPI_FUNC(PyObject *) PyObject_GetAIter(PyObject *o);
PyAPI_FUNC(int) PyIter_Check(PyObject *o);
PyAPI_FUNC(int) PyAIter_Check(PyObject *o);
/* Next item (new reference), or NULL at the end or on error. */
PyAPI_FUNC(PyObject *) PyIter_Next(PyObject *iter);
PyAPI_FUNC(PySendResult) PyIter_Send(PyObject *iter, PyObject *arg, PyObject **presult);

/* ======================================================================
 * Numbers
 * ==================================================================== */

PyAPI_FUNC(int) PyNumber_Check(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Add(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Subtract(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Multiply(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_MatrixMultiply(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_FloorDivide(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_TrueDivide(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Remainder(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Divmod(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Power(PyObject *o1, PyObject *o2, PyObject *o3);
PyAPI_FUNC(PyObject *) PyNumber_Negative(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Positive(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Absolute(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Invert(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Lshift(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Rshift(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_And(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Xor(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_Or(PyObject *o1, PyObject *o2);

/* Does the object implement __index__? */
PyAPI_FUNC(int) PyIndex_Check(PyObject *obj);
PyAPI_FUNC(PyObject *) PyNumber_Index(PyObject *o);
/* o as a Py_ssize_t; on overflow raise exc, or clamp if exc is NULL. */
PyAPI_FUNC(Py_ssize_t) PyNumber_AsSsize_t(PyObject *o, PyObject *exc);
PyAPI_FUNC(PyObject *) PyNumber_Long(PyObject *o);
PyAPI_FUNC(PyObject *) PyNumber_Float(PyObject *o);

PyAPI_FUNC(PyObject *) PyNumber_InPlaceAdd(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceSubtract(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceMultiply(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceMatrixMultiply(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceFloorDivide(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceTrueDivide(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceRemainder(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlacePower(PyObject *o1, PyObject *o2, PyObject *o3);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceLshift(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceRshift(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceAnd(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceXor(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PyNumber_InPlaceOr(PyObject *o1, PyObject *o2);

/* Integer to string in base 2, 8, 10 or 16 (with 0b/0o/0x prefix). */
PyAPI_FUNC(PyObject *) PyNumber_ToBase(PyObject *n, int base);

#ifndef Py_LIMITED_API
PyAPI_FUNC(PyObject *) _PyNumber_Index(PyObject *o);
#endif

/* ======================================================================
 * Sequences
 * ==================================================================== */

PyAPI_FUNC(int) PySequence_Check(PyObject *o);
PyAPI_FUNC(Py_ssize_t) PySequence_Size(PyObject *o);
PyAPI_FUNC(Py_ssize_t) PySequence_Length(PyObject *o);
#define PySequence_Length PySequence_Size

PyAPI_FUNC(PyObject *) PySequence_Concat(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PySequence_Repeat(PyObject *o, Py_ssize_t count);
PyAPI_FUNC(PyObject *) PySequence_GetItem(PyObject *o, Py_ssize_t i);
PyAPI_FUNC(PyObject *) PySequence_GetSlice(PyObject *o, Py_ssize_t i1, Py_ssize_t i2);
PyAPI_FUNC(int) PySequence_SetItem(PyObject *o, Py_ssize_t i, PyObject *v);
PyAPI_FUNC(int) PySequence_DelItem(PyObject *o, Py_ssize_t i);
PyAPI_FUNC(int) PySequence_SetSlice(PyObject *o, Py_ssize_t i1, Py_ssize_t i2,
                                    PyObject *v);
PyAPI_FUNC(int) PySequence_DelSlice(PyObject *o, Py_ssize_t i1, Py_ssize_t i2);
PyAPI_FUNC(PyObject *) PySequence_Tuple(PyObject *o);
PyAPI_FUNC(PyObject *) PySequence_List(PyObject *o);

/* The object itself if it is a list or tuple, else list(o); `m` is the
 * TypeError message for non-iterables. */
PyAPI_FUNC(PyObject *) PySequence_Fast(PyObject *o, const char *m);

#define PySequence_Fast_GET_SIZE(o) \
    (PyList_Check(o) ? PyList_GET_SIZE(o) : PyTuple_GET_SIZE(o))
#define PySequence_Fast_GET_ITEM(o, i) \
    (PyList_Check(o) ? PyList_GET_ITEM((o), (i)) : PyTuple_GET_ITEM((o), (i)))
#define PySequence_Fast_ITEMS(sf) \
    (PyList_Check(sf) ? ((PyListObject *)(sf))->ob_item \
                      : ((PyTupleObject *)(sf))->ob_item)
/* o[i] through the sequence slot, without negative-index handling. */
#define PySequence_ITEM(o, i) (Py_TYPE(o)->tp_as_sequence->sq_item((o), (i)))

PyAPI_FUNC(Py_ssize_t) PySequence_Count(PyObject *o, PyObject *value);
PyAPI_FUNC(int) PySequence_Contains(PyObject *seq, PyObject *ob);
Py_DEPRECATED(3.0) PyAPI_FUNC(int) PySequence_In(PyObject *o, PyObject *value);
#define PySequence_In PySequence_Contains
PyAPI_FUNC(Py_ssize_t) PySequence_Index(PyObject *o, PyObject *value);
PyAPI_FUNC(PyObject *) PySequence_InPlaceConcat(PyObject *o1, PyObject *o2);
PyAPI_FUNC(PyObject *) PySequence_InPlaceRepeat(PyObject *o, Py_ssize_t count);

#ifndef Py_LIMITED_API
/* Operations of _PySequence_IterSearch. */
#define PY_ITERSEARCH_COUNT    1
#define PY_ITERSEARCH_INDEX    2
#define PY_ITERSEARCH_CONTAINS 3
PyAPI_FUNC(Py_ssize_t) _PySequence_IterSearch(PyObject *seq, PyObject *obj,
                                              int operation);
#endif

/* ======================================================================
 * Mappings
 * ==================================================================== */

PyAPI_FUNC(int) PyMapping_Check(PyObject *o);
PyAPI_FUNC(Py_ssize_t) PyMapping_Size(PyObject *o);
PyAPI_FUNC(Py_ssize_t) PyMapping_Length(PyObject *o);
#define PyMapping_Length PyMapping_Size

#define PyMapping_DelItemString(O, K) PyObject_DelItemString((O), (K))
#define PyMapping_DelItem(O, K) PyObject_DelItem((O), (K))

PyAPI_FUNC(int) PyMapping_HasKeyString(PyObject *o, const char *key);
PyAPI_FUNC(int) PyMapping_HasKey(PyObject *o, PyObject *key);
PyAPI_FUNC(PyObject *) PyMapping_Keys(PyObject *o);
PyAPI_FUNC(PyObject *) PyMapping_Values(PyObject *o);
PyAPI_FUNC(PyObject *) PyMapping_Items(PyObject *o);
PyAPI_FUNC(PyObject *) PyMapping_GetItemString(PyObject *o, const char *key);
PyAPI_FUNC(int) PyMapping_SetItemString(PyObject *o, const char *key, PyObject *value);

PYRITE_END_DECLS

#endif /* Py_ABSTRACTOBJECT_H */
