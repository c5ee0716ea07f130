/* classobject.h -- bound method objects (types.MethodType) and
 * instancemethod. */
#ifndef Py_CLASSOBJECT_H
#define Py_CLASSOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

#ifndef Py_LIMITED_API
/* Layout (x86_64): im_func 16, im_self 24, im_weakreflist 32,
 * vectorcall 40; size 48. */
typedef struct {
    PyObject_HEAD
    PyObject *im_func;          /* the function being bound */
    PyObject *im_self;          /* the instance it is bound to */
    PyObject *im_weakreflist;
    vectorcallfunc vectorcall;
} PyMethodObject;

PyAPI_DATA(PyTypeObject) PyMethod_Type;

#define PyMethod_Check(op) Py_IS_TYPE((op), &PyMethod_Type)

PyAPI_FUNC(PyObject *) PyMethod_New(PyObject *func, PyObject *self);
PyAPI_FUNC(PyObject *) PyMethod_Function(PyObject *meth);
PyAPI_FUNC(PyObject *) PyMethod_Self(PyObject *meth);

#define PyMethod_GET_FUNCTION(meth) (((PyMethodObject *)(meth))->im_func)
#define PyMethod_GET_SELF(meth)     (((PyMethodObject *)(meth))->im_self)

typedef struct {
    PyObject_HEAD
    PyObject *func;
} PyInstanceMethodObject;

PyAPI_DATA(PyTypeObject) PyInstanceMethod_Type;

#define PyInstanceMethod_Check(op) Py_IS_TYPE((op), &PyInstanceMethod_Type)

PyAPI_FUNC(PyObject *) PyInstanceMethod_New(PyObject *func);
PyAPI_FUNC(PyObject *) PyInstanceMethod_Function(PyObject *im);

#define PyInstanceMethod_GET_FUNCTION(meth) (((PyInstanceMethodObject *)(meth))->func)
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_CLASSOBJECT_H */
