/* memoryobject.h -- the memoryview type. */
#ifndef Py_MEMORYOBJECT_H
#define Py_MEMORYOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyMemoryView_Type;

#define PyMemoryView_Check(op) Py_IS_TYPE((op), &PyMemoryView_Type)

PyAPI_FUNC(PyObject *) PyMemoryView_FromObject(PyObject *base);
PyAPI_FUNC(PyObject *) PyMemoryView_FromMemory(char *mem, Py_ssize_t size, int flags);
PyAPI_FUNC(PyObject *) PyMemoryView_FromBuffer(const Py_buffer *info);
PyAPI_FUNC(PyObject *) PyMemoryView_GetContiguous(PyObject *base, int buffertype,
                                                  char order);

#ifndef Py_LIMITED_API
PyAPI_DATA(PyTypeObject) _PyManagedBuffer_Type;

/* The buffer obtained once from the exporter and shared by all views. */
typedef struct {
    PyObject_HEAD
    int flags;
    Py_ssize_t exports;         /* number of memoryviews using it */
    Py_buffer master;
} _PyManagedBufferObject;

/* memoryview flag bits (PyMemoryViewObject.flags). */
#define _Py_MANAGED_BUFFER_RELEASED    0x001
#define _Py_MANAGED_BUFFER_FREE_FORMAT 0x002
#define _Py_MEMORYVIEW_RELEASED        0x001
#define _Py_MEMORYVIEW_C               0x002
#define _Py_MEMORYVIEW_FORTRAN         0x004
#define _Py_MEMORYVIEW_SCALAR          0x008
#define _Py_MEMORYVIEW_PIL             0x010

/* Layout (x86_64): mbuf 24, hash 32, flags 40, exports 48, view 56
 * (80 bytes), weakreflist 136, ob_array 144; size 152. */
typedef struct {
    PyObject_VAR_HEAD
    _PyManagedBufferObject *mbuf;
    Py_hash_t hash;             /* for read-only views; -1 until computed */
    int flags;                  /* _Py_MEMORYVIEW_* */
    Py_ssize_t exports;         /* buffers handed out from this view */
    Py_buffer view;             /* the view's own copy of the buffer */
    PyObject *weakreflist;
    Py_ssize_t ob_array[1];     /* storage for shape, strides, suboffsets */
} PyMemoryViewObject;

/* The Py_buffer inside a memoryview, and the object it views. */
#define PyMemoryView_GET_BUFFER(op) (&((PyMemoryViewObject *)(op))->view)
#define PyMemoryView_GET_BASE(op)   (((PyMemoryViewObject *)(op))->view.obj)
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_MEMORYOBJECT_H */
