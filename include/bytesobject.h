/* bytesobject.h -- the bytes type. */
#ifndef Py_BYTESOBJECT_H
#define Py_BYTESOBJECT_H

#include "pyconfig.h"         /* feature macros before any system header */
#include <stdarg.h>
#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyBytes_Type;
PyAPI_DATA(PyTypeObject) PyBytesIter_Type;

#define PyBytes_Check(op) \
    PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_BYTES_SUBCLASS)
#define PyBytes_CheckExact(op) Py_IS_TYPE((op), &PyBytes_Type)

PyAPI_FUNC(PyObject *) PyBytes_FromStringAndSize(const char *v, Py_ssize_t len);
PyAPI_FUNC(PyObject *) PyBytes_FromString(const char *v);
PyAPI_FUNC(PyObject *) PyBytes_FromObject(PyObject *o);
PyAPI_FUNC(PyObject *) PyBytes_FromFormatV(const char *format, va_list vargs);
PyAPI_FUNC(PyObject *) PyBytes_FromFormat(const char *format, ...);
PyAPI_FUNC(Py_ssize_t) PyBytes_Size(PyObject *o);
PyAPI_FUNC(char *) PyBytes_AsString(PyObject *o);
PyAPI_FUNC(PyObject *) PyBytes_Repr(PyObject *o, int smartquotes);
PyAPI_FUNC(void) PyBytes_Concat(PyObject **bytes, PyObject *newpart);
PyAPI_FUNC(void) PyBytes_ConcatAndDel(PyObject **bytes, PyObject *newpart);
PyAPI_FUNC(PyObject *) PyBytes_DecodeEscape(const char *s, Py_ssize_t len,
                                            const char *errors, Py_ssize_t unicode,
                                            const char *recode_encoding);
PyAPI_FUNC(int) PyBytes_AsStringAndSize(PyObject *obj, char **buffer, Py_ssize_t *length);

#ifndef Py_LIMITED_API
/* Layout (x86_64): header 24 bytes, ob_shash at 24, ob_sval at 32.
 * ob_sval holds Py_SIZE(op) bytes plus a terminating NUL. */
typedef struct {
    PyObject_VAR_HEAD
    Py_hash_t ob_shash;         /* cached hash or -1 (deprecated in 3.11) */
    char ob_sval[1];
} PyBytesObject;

#define _PyBytes_CAST(op) ((PyBytesObject *)(op))

static inline char *_PyBytes_AS_STRING(PyObject *op) {
    return _PyBytes_CAST(op)->ob_sval;
}
#define PyBytes_AS_STRING(op) _PyBytes_AS_STRING(_PyObject_CAST(op))
#define PyBytes_GET_SIZE(op) Py_SIZE(op)

/* Resize a bytes object that nobody else references yet. */
PyAPI_FUNC(int) _PyBytes_Resize(PyObject **bytes, Py_ssize_t newsize);
PyAPI_FUNC(PyObject *) _PyBytes_Join(PyObject *sep, PyObject *iterable);
PyAPI_FUNC(PyObject *) _PyBytes_FromHex(PyObject *string, int use_bytearray);
PyAPI_FUNC(PyObject *) _PyBytes_DecodeEscape(const char *s, Py_ssize_t len,
                                             const char *errors,
                                             const char **first_invalid_escape);
PyAPI_FUNC(PyObject *) _PyBytes_FormatEx(const char *format, Py_ssize_t format_len,
                                         PyObject *args, int use_bytearray);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_BYTESOBJECT_H */
