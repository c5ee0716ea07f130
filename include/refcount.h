/* refcount.h -- reference counting.
 *
 * These operate inline on ob_refcnt, as in a CPython 3.11 release build:
 * Py_INCREF adds one; Py_DECREF subtracts one and, when the count reaches
 * zero, calls the runtime's _Py_Dealloc.  (Pyrite keeps a bias in the
 * counts of runtime-owned objects; that is invisible at this level.)
 * Included from object.h.
 */
#ifndef Py_REFCOUNT_H
#define Py_REFCOUNT_H

#include "object.h"

PYRITE_BEGIN_DECLS

/* Destroy an object whose count has dropped to zero (calls tp_dealloc). */
PyAPI_FUNC(void) _Py_Dealloc(PyObject *op);

/* Out-of-line versions, for code that cannot use the inline ones
 * (e.g. foreign-function interfaces). */
PyAPI_FUNC(void) Py_IncRef(PyObject *op);
PyAPI_FUNC(void) Py_DecRef(PyObject *op);
PyAPI_FUNC(void) _Py_IncRef(PyObject *op);
PyAPI_FUNC(void) _Py_DecRef(PyObject *op);

static inline void _Py_INCREF(PyObject *op)
{
    op->ob_refcnt++;
}

static inline void _Py_DECREF(PyObject *op)
{
    if (--op->ob_refcnt == 0) {
        _Py_Dealloc(op);
    }
}

static inline void _Py_XINCREF(PyObject *op)
{
    if (op != NULL) {
        _Py_INCREF(op);
    }
}

static inline void _Py_XDECREF(PyObject *op)
{
    if (op != NULL) {
        _Py_DECREF(op);
    }
}

#define Py_INCREF(op)  _Py_INCREF(_PyObject_CAST(op))
#define Py_DECREF(op)  _Py_DECREF(_PyObject_CAST(op))
#define Py_XINCREF(op) _Py_XINCREF(_PyObject_CAST(op))
#define Py_XDECREF(op) _Py_XDECREF(_PyObject_CAST(op))

/* Drop the reference held in variable `op` and set the variable to NULL
 * *before* the object can be destroyed. */
#define Py_CLEAR(op)                                \
    do {                                            \
        PyObject *_py_clear_tmp = _PyObject_CAST(op); \
        if (_py_clear_tmp != NULL) {                \
            (op) = NULL;                            \
            Py_DECREF(_py_clear_tmp);               \
        }                                           \
    } while (0)

/* Replace the reference in `op` by `op2`, releasing the old one after the
 * assignment (Py_XSETREF tolerates an old value of NULL). */
#define Py_SETREF(op, op2)                          \
    do {                                            \
        PyObject *_py_setref_tmp = _PyObject_CAST(op); \
        (op) = (op2);                               \
        Py_DECREF(_py_setref_tmp);                  \
    } while (0)

#define Py_XSETREF(op, op2)                         \
    do {                                            \
        PyObject *_py_setref_tmp = _PyObject_CAST(op); \
        (op) = (op2);                               \
        Py_XDECREF(_py_setref_tmp);                 \
    } while (0)

/* Take a new strong reference and return the object (NULL allowed in the
 * X variant).  Exported as functions too, for the stable ABI. */
PyAPI_FUNC(PyObject *) Py_NewRef(PyObject *obj);
PyAPI_FUNC(PyObject *) Py_XNewRef(PyObject *obj);

static inline PyObject *_Py_NewRef(PyObject *obj)
{
    _Py_INCREF(obj);
    return obj;
}

static inline PyObject *_Py_XNewRef(PyObject *obj)
{
    _Py_XINCREF(obj);
    return obj;
}

#define Py_NewRef(obj)  _Py_NewRef(_PyObject_CAST(obj))
#define Py_XNewRef(obj) _Py_XNewRef(_PyObject_CAST(obj))

PYRITE_END_DECLS

#endif /* Py_REFCOUNT_H */
