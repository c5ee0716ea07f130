/* floatobject.h -- the float type. */
#ifndef Py_FLOATOBJECT_H
#define Py_FLOATOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

#ifndef Py_LIMITED_API
typedef struct {
    PyObject_HEAD
    double ob_fval;
} PyFloatObject;

#define _PyFloat_CAST(op) ((PyFloatObject *)(op))
#define PyFloat_AS_DOUBLE(op) (_PyFloat_CAST(op)->ob_fval)
#endif

PyAPI_DATA(PyTypeObject) PyFloat_Type;

#define PyFloat_Check(op) PyObject_TypeCheck((op), &PyFloat_Type)
#define PyFloat_CheckExact(op) Py_IS_TYPE((op), &PyFloat_Type)

/* Return a float object, with the given value, from a function. */
#define Py_RETURN_NAN return PyFloat_FromDouble(Py_NAN)
#define Py_RETURN_INF(sign) \
    do { \
        if (copysign(1., (sign)) == 1.) { \
            return PyFloat_FromDouble(Py_HUGE_VAL); \
        } \
        else { \
            return PyFloat_FromDouble(-Py_HUGE_VAL); \
        } \
    } while (0)

PyAPI_FUNC(double) PyFloat_GetMax(void);
PyAPI_FUNC(double) PyFloat_GetMin(void);
PyAPI_FUNC(PyObject *) PyFloat_GetInfo(void);

PyAPI_FUNC(PyObject *) PyFloat_FromString(PyObject *str);
PyAPI_FUNC(PyObject *) PyFloat_FromDouble(double v);
PyAPI_FUNC(double) PyFloat_AsDouble(PyObject *pyfloat);

#ifndef Py_LIMITED_API
/* IEEE 754 half/single/double packing as used by the struct module.
 * `le` selects little-endian byte order. */
PyAPI_FUNC(int) PyFloat_Pack2(double x, char *p, int le);
PyAPI_FUNC(int) PyFloat_Pack4(double x, char *p, int le);
PyAPI_FUNC(int) PyFloat_Pack8(double x, char *p, int le);
PyAPI_FUNC(double) PyFloat_Unpack2(const char *p, int le);
PyAPI_FUNC(double) PyFloat_Unpack4(const char *p, int le);
PyAPI_FUNC(double) PyFloat_Unpack8(const char *p, int le);
#endif

PYRITE_END_DECLS

#endif /* Py_FLOATOBJECT_H */
