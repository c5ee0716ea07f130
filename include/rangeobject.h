/* rangeobject.h -- the range type and its iterators. */
#ifndef Py_RANGEOBJECT_H
#define Py_RANGEOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyRange_Type;
PyAPI_DATA(PyTypeObject) PyRangeIter_Type;
PyAPI_DATA(PyTypeObject) PyLongRangeIter_Type;

#define PyRange_Check(op) Py_IS_TYPE((op), &PyRange_Type)

PYRITE_END_DECLS

#endif /* Py_RANGEOBJECT_H */
