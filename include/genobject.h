/* genobject.h -- generators, coroutines and async generators.
 * Their object layouts are private to the runtime. */
#ifndef Py_GENOBJECT_H
#define Py_GENOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

#ifndef Py_LIMITED_API
typedef struct _pygenobject PyGenObject;
typedef struct _pycoroobject PyCoroObject;
typedef struct _pyasyncgenobject PyAsyncGenObject;

PyAPI_DATA(PyTypeObject) PyGen_Type;
PyAPI_DATA(PyTypeObject) PyCoro_Type;
PyAPI_DATA(PyTypeObject) _PyCoroWrapper_Type;
PyAPI_DATA(PyTypeObject) PyAsyncGen_Type;
PyAPI_DATA(PyTypeObject) _PyAsyncGenASend_Type;
PyAPI_DATA(PyTypeObject) _PyAsyncGenWrappedValue_Type;
PyAPI_DATA(PyTypeObject) _PyAsyncGenAThrow_Type;

#define PyGen_Check(op) PyObject_TypeCheck((op), &PyGen_Type)
#define PyGen_CheckExact(op) Py_IS_TYPE((op), &PyGen_Type)
#define PyCoro_CheckExact(op) Py_IS_TYPE((op), &PyCoro_Type)
#define PyAsyncGen_CheckExact(op) Py_IS_TYPE((op), &PyAsyncGen_Type)

PyAPI_FUNC(PyObject *) PyGen_New(PyFrameObject *frame);
PyAPI_FUNC(PyObject *) PyGen_NewWithQualName(PyFrameObject *frame, PyObject *name,
                                             PyObject *qualname);
PyAPI_FUNC(PyObject *) PyCoro_New(PyFrameObject *frame, PyObject *name,
                                  PyObject *qualname);
PyAPI_FUNC(PyObject *) PyAsyncGen_New(PyFrameObject *frame, PyObject *name,
                                      PyObject *qualname);

/* StopIteration helpers for generator-like C code. */
PyAPI_FUNC(int) _PyGen_SetStopIterationValue(PyObject *value);
PyAPI_FUNC(int) _PyGen_FetchStopIterationValue(PyObject **pvalue);
PyAPI_FUNC(void) _PyGen_Finalize(PyObject *self);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_GENOBJECT_H */
