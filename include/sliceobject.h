/* sliceobject.h -- slice objects and the Ellipsis singleton. */
#ifndef Py_SLICEOBJECT_H
#define Py_SLICEOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

/* The `...` object. */
PyAPI_DATA(PyObject) _Py_EllipsisObject;
#define Py_Ellipsis (&_Py_EllipsisObject)

PyAPI_DATA(PyTypeObject) PySlice_Type;
PyAPI_DATA(PyTypeObject) PyEllipsis_Type;

#define PySlice_Check(op) Py_IS_TYPE((op), &PySlice_Type)

#ifndef Py_LIMITED_API
/* Layout (x86_64): start 16, stop 24, step 32; size 40.  Members are
 * never NULL (None when omitted). */
typedef struct {
    PyObject_HEAD
    PyObject *start, *stop, *step;
} PySliceObject;

PyAPI_FUNC(PyObject *) _PySlice_FromIndices(Py_ssize_t start, Py_ssize_t stop);
PyAPI_FUNC(int) _PySlice_GetLongIndices(PySliceObject *self, PyObject *length,
                                        PyObject **start_ptr, PyObject **stop_ptr,
                                        PyObject **step_ptr);
#endif

PyAPI_FUNC(PyObject *) PySlice_New(PyObject *start, PyObject *stop, PyObject *step);
PyAPI_FUNC(int) PySlice_GetIndices(PyObject *slice, Py_ssize_t length,
                                   Py_ssize_t *start, Py_ssize_t *stop,
                                   Py_ssize_t *step);
PyAPI_FUNC(int) PySlice_GetIndicesEx(PyObject *slice, Py_ssize_t length,
                                     Py_ssize_t *start, Py_ssize_t *stop,
                                     Py_ssize_t *step, Py_ssize_t *slicelength);
PyAPI_FUNC(int) PySlice_Unpack(PyObject *slice, Py_ssize_t *start, Py_ssize_t *stop,
                               Py_ssize_t *step);
PyAPI_FUNC(Py_ssize_t) PySlice_AdjustIndices(Py_ssize_t length, Py_ssize_t *start,
                                             Py_ssize_t *stop, Py_ssize_t step);

/* As in CPython, the Ex form is evaluated through Unpack + AdjustIndices
 * so that __index__ side effects happen before the length is used. */
#define PySlice_GetIndicesEx(slice, length, start, stop, step, slicelen)    \
    (PySlice_Unpack((slice), (start), (stop), (step)) < 0 ?                 \
     ((*(slicelen) = 0), -1) :                                              \
     ((*(slicelen) = PySlice_AdjustIndices((length), (start), (stop),       \
                                           *(step))), 0))

PYRITE_END_DECLS

#endif /* Py_SLICEOBJECT_H */
