/* enumobject.h -- the enumerate and reversed types. */
#ifndef Py_ENUMOBJECT_H
#define Py_ENUMOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyEnum_Type;
PyAPI_DATA(PyTypeObject) PyReversed_Type;

PYRITE_END_DECLS

#endif /* Py_ENUMOBJECT_H */
