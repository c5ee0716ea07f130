/* boolobject.h -- the bool type and its two instances. */
#ifndef Py_BOOLOBJECT_H
#define Py_BOOLOBJECT_H

#include "longobject.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyBool_Type;

#define PyBool_Check(x) Py_IS_TYPE((x), &PyBool_Type)

/* False and True are ints (PyLongObject), statically allocated. */
PyAPI_DATA(PyLongObject) _Py_FalseStruct;
PyAPI_DATA(PyLongObject) _Py_TrueStruct;

#define Py_False ((PyObject *)&_Py_FalseStruct)
#define Py_True  ((PyObject *)&_Py_TrueStruct)

PyAPI_FUNC(int) Py_IsTrue(PyObject *x);
#define Py_IsTrue(x) Py_Is((x), Py_True)
PyAPI_FUNC(int) Py_IsFalse(PyObject *x);
#define Py_IsFalse(x) Py_Is((x), Py_False)

#define Py_RETURN_TRUE  return Py_NewRef(Py_True)
#define Py_RETURN_FALSE return Py_NewRef(Py_False)

PyAPI_FUNC(PyObject *) PyBool_FromLong(long ok);

PYRITE_END_DECLS

#endif /* Py_BOOLOBJECT_H */
