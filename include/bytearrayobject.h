/* bytearrayobject.h -- the bytearray type. */
#ifndef Py_BYTEARRAYOBJECT_H
#define Py_BYTEARRAYOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyByteArray_Type;
PyAPI_DATA(PyTypeObject) PyByteArrayIter_Type;

#define PyByteArray_Check(self) PyObject_TypeCheck((self), &PyByteArray_Type)
#define PyByteArray_CheckExact(self) Py_IS_TYPE((self), &PyByteArray_Type)

PyAPI_FUNC(PyObject *) PyByteArray_FromObject(PyObject *o);
PyAPI_FUNC(PyObject *) PyByteArray_Concat(PyObject *a, PyObject *b);
PyAPI_FUNC(PyObject *) PyByteArray_FromStringAndSize(const char *string, Py_ssize_t len);
PyAPI_FUNC(Py_ssize_t) PyByteArray_Size(PyObject *bytearray);
PyAPI_FUNC(char *) PyByteArray_AsString(PyObject *bytearray);
PyAPI_FUNC(int) PyByteArray_Resize(PyObject *bytearray, Py_ssize_t len);

#ifndef Py_LIMITED_API
/* Layout (x86_64): header 24 bytes, then ob_alloc 24, ob_bytes 32,
 * ob_start 40, ob_exports 48; size 56. */
typedef struct {
    PyObject_VAR_HEAD
    Py_ssize_t ob_alloc;        /* bytes allocated at ob_bytes */
    char *ob_bytes;             /* the allocation */
    char *ob_start;             /* logical start inside ob_bytes */
    Py_ssize_t ob_exports;      /* number of active buffer exports */
} PyByteArrayObject;

/* Returned for empty bytearrays, whose ob_start may be NULL. */
PyAPI_DATA(char) _PyByteArray_empty_string[];

#define _PyByteArray_CAST(op) ((PyByteArrayObject *)(op))

static inline char *_PyByteArray_AS_STRING(PyObject *op) {
    if (Py_SIZE(op)) {
        return _PyByteArray_CAST(op)->ob_start;
    }
    return _PyByteArray_empty_string;
}
#define PyByteArray_AS_STRING(self) _PyByteArray_AS_STRING(_PyObject_CAST(self))
#define PyByteArray_GET_SIZE(self) Py_SIZE(self)
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_BYTEARRAYOBJECT_H */
