/* picklebufobject.h -- pickle.PickleBuffer (out-of-band pickling). */
#ifndef Py_PICKLEBUFOBJECT_H
#define Py_PICKLEBUFOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

#ifndef Py_LIMITED_API
PyAPI_DATA(PyTypeObject) PyPickleBuffer_Type;

#define PyPickleBuffer_Check(op) Py_IS_TYPE((op), &PyPickleBuffer_Type)

PyAPI_FUNC(PyObject *) PyPickleBuffer_FromObject(PyObject *obj);
PyAPI_FUNC(const Py_buffer *) PyPickleBuffer_GetBuffer(PyObject *obj);
PyAPI_FUNC(int) PyPickleBuffer_Release(PyObject *obj);
#endif

PYRITE_END_DECLS

#endif /* Py_PICKLEBUFOBJECT_H */
