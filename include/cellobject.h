/* cellobject.h -- cell objects (closure variables). */
#ifndef Py_CELLOBJECT_H
#define Py_CELLOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

#ifndef Py_LIMITED_API
/* Layout (x86_64): ob_ref 16; size 24. */
typedef struct {
    PyObject_HEAD
    PyObject *ob_ref;           /* content, NULL when empty */
} PyCellObject;

PyAPI_DATA(PyTypeObject) PyCell_Type;

#define PyCell_Check(op) Py_IS_TYPE((op), &PyCell_Type)

PyAPI_FUNC(PyObject *) PyCell_New(PyObject *obj);
PyAPI_FUNC(PyObject *) PyCell_Get(PyObject *cell);
PyAPI_FUNC(int) PyCell_Set(PyObject *cell, PyObject *value);

#define PyCell_GET(op) (((PyCellObject *)(op))->ob_ref)
#define PyCell_SET(op, v) ((void)(((PyCellObject *)(op))->ob_ref = (v)))
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_CELLOBJECT_H */
