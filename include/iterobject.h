/* iterobject.h -- the generic sequence and callable iterators. */
#ifndef Py_ITEROBJECT_H
#define Py_ITEROBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PySeqIter_Type;
PyAPI_DATA(PyTypeObject) PyCallIter_Type;

#define PySeqIter_Check(op) Py_IS_TYPE((op), &PySeqIter_Type)
#define PyCallIter_Check(op) Py_IS_TYPE((op), &PyCallIter_Type)

/* iter(seq) for objects with __getitem__ only. */
PyAPI_FUNC(PyObject *) PySeqIter_New(PyObject *seq);
/* iter(callable, sentinel). */
PyAPI_FUNC(PyObject *) PyCallIter_New(PyObject *callable, PyObject *sentinel);

PYRITE_END_DECLS

#endif /* Py_ITEROBJECT_H */
