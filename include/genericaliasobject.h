/* genericaliasobject.h -- types.GenericAlias (list[int] and friends). */
#ifndef Py_GENERICALIASOBJECT_H
#define Py_GENERICALIASOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

/* For __class_getitem__ = classmethod(Py_GenericAlias)-style methods. */
PyAPI_FUNC(PyObject *) Py_GenericAlias(PyObject *origin, PyObject *args);
PyAPI_DATA(PyTypeObject) Py_GenericAliasType;

PYRITE_END_DECLS

#endif /* Py_GENERICALIASOBJECT_H */
