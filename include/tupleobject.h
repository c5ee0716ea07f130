/* tupleobject.h -- the tuple type. */
#ifndef Py_TUPLEOBJECT_H
#define Py_TUPLEOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyTuple_Type;
PyAPI_DATA(PyTypeObject) PyTupleIter_Type;

#define PyTuple_Check(op) \
    PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_TUPLE_SUBCLASS)
#define PyTuple_CheckExact(op) Py_IS_TYPE((op), &PyTuple_Type)

PyAPI_FUNC(PyObject *) PyTuple_New(Py_ssize_t size);
PyAPI_FUNC(Py_ssize_t) PyTuple_Size(PyObject *p);
PyAPI_FUNC(PyObject *) PyTuple_GetItem(PyObject *p, Py_ssize_t pos);
PyAPI_FUNC(int) PyTuple_SetItem(PyObject *p, Py_ssize_t pos, PyObject *o);
PyAPI_FUNC(PyObject *) PyTuple_GetSlice(PyObject *p, Py_ssize_t low, Py_ssize_t high);
PyAPI_FUNC(PyObject *) PyTuple_Pack(Py_ssize_t n, ...);

#ifndef Py_LIMITED_API
/* Layout (x86_64): header 24 bytes, items inline from offset 24. */
typedef struct {
    PyObject_VAR_HEAD
    PyObject *ob_item[1];       /* Py_SIZE(op) items */
} PyTupleObject;

#define _PyTuple_CAST(op) ((PyTupleObject *)(op))

#define PyTuple_GET_SIZE(op) Py_SIZE(op)
/* Borrowed reference to item i (no bounds check); usable as an lvalue. */
#define PyTuple_GET_ITEM(op, index) (_PyTuple_CAST(op)->ob_item[(index)])

/* Store v at index i, stealing the reference; only for filling new tuples. */
static inline void _PyTuple_SET_ITEM(PyObject *op, Py_ssize_t index, PyObject *value) {
    _PyTuple_CAST(op)->ob_item[index] = value;
}
#define PyTuple_SET_ITEM(op, index, value) \
    _PyTuple_SET_ITEM(_PyObject_CAST(op), (index), _PyObject_CAST(value))

PyAPI_FUNC(int) _PyTuple_Resize(PyObject **p, Py_ssize_t newsize);
PyAPI_FUNC(void) _PyTuple_MaybeUntrack(PyObject *op);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_TUPLEOBJECT_H */
