/* listobject.h -- the list type. */
#ifndef Py_LISTOBJECT_H
#define Py_LISTOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyList_Type;
PyAPI_DATA(PyTypeObject) PyListIter_Type;
PyAPI_DATA(PyTypeObject) PyListRevIter_Type;

#define PyList_Check(op) \
    PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_LIST_SUBCLASS)
#define PyList_CheckExact(op) Py_IS_TYPE((op), &PyList_Type)

PyAPI_FUNC(PyObject *) PyList_New(Py_ssize_t size);
PyAPI_FUNC(Py_ssize_t) PyList_Size(PyObject *list);
PyAPI_FUNC(PyObject *) PyList_GetItem(PyObject *list, Py_ssize_t index);
PyAPI_FUNC(int) PyList_SetItem(PyObject *list, Py_ssize_t index, PyObject *item);
PyAPI_FUNC(int) PyList_Insert(PyObject *list, Py_ssize_t index, PyObject *item);
PyAPI_FUNC(int) PyList_Append(PyObject *list, PyObject *item);
PyAPI_FUNC(PyObject *) PyList_GetSlice(PyObject *list, Py_ssize_t low, Py_ssize_t high);
PyAPI_FUNC(int) PyList_SetSlice(PyObject *list, Py_ssize_t low, Py_ssize_t high,
                                PyObject *itemlist);
PyAPI_FUNC(int) PyList_Sort(PyObject *list);
PyAPI_FUNC(int) PyList_Reverse(PyObject *list);
PyAPI_FUNC(PyObject *) PyList_AsTuple(PyObject *list);

#ifndef Py_LIMITED_API
/* Layout (x86_64): header 24 bytes, ob_item 24, allocated 32; size 40.
 * Items live in a separate array; 0 <= Py_SIZE(op) <= allocated. */
typedef struct {
    PyObject_VAR_HEAD
    PyObject **ob_item;
    Py_ssize_t allocated;
} PyListObject;

#define _PyList_CAST(op) ((PyListObject *)(op))

#define PyList_GET_SIZE(op) Py_SIZE(op)
/* Borrowed reference to item i (no bounds check); usable as an lvalue. */
#define PyList_GET_ITEM(op, index) (_PyList_CAST(op)->ob_item[(index)])

/* Store v at index i, stealing the reference; the old item is NOT released. */
static inline void _PyList_SET_ITEM(PyObject *op, Py_ssize_t index, PyObject *value) {
    _PyList_CAST(op)->ob_item[index] = value;
}
#define PyList_SET_ITEM(op, index, value) \
    _PyList_SET_ITEM(_PyObject_CAST(op), (index), _PyObject_CAST(value))

PyAPI_FUNC(PyObject *) _PyList_Extend(PyListObject *self, PyObject *iterable);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_LISTOBJECT_H */
