/* complexobject.h -- the complex type. */
#ifndef Py_COMPLEXOBJECT_H
#define Py_COMPLEXOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyComplex_Type;

#define PyComplex_Check(op) PyObject_TypeCheck((op), &PyComplex_Type)
#define PyComplex_CheckExact(op) Py_IS_TYPE((op), &PyComplex_Type)

PyAPI_FUNC(PyObject *) PyComplex_FromDoubles(double real, double imag);
PyAPI_FUNC(double) PyComplex_RealAsDouble(PyObject *op);
PyAPI_FUNC(double) PyComplex_ImagAsDouble(PyObject *op);

#ifndef Py_LIMITED_API
/* A complex number as a C value. */
typedef struct {
    double real;
    double imag;
} Py_complex;

typedef struct {
    PyObject_HEAD
    Py_complex cval;
} PyComplexObject;

PyAPI_FUNC(PyObject *) PyComplex_FromCComplex(Py_complex v);
PyAPI_FUNC(Py_complex) PyComplex_AsCComplex(PyObject *op);

/* Arithmetic on C complex values (errno set on error). */
PyAPI_FUNC(Py_complex) _Py_c_sum(Py_complex a, Py_complex b);
PyAPI_FUNC(Py_complex) _Py_c_diff(Py_complex a, Py_complex b);
PyAPI_FUNC(Py_complex) _Py_c_neg(Py_complex a);
PyAPI_FUNC(Py_complex) _Py_c_prod(Py_complex a, Py_complex b);
PyAPI_FUNC(Py_complex) _Py_c_quot(Py_complex a, Py_complex b);
PyAPI_FUNC(Py_complex) _Py_c_pow(Py_complex a, Py_complex b);
PyAPI_FUNC(double) _Py_c_abs(Py_complex a);
#endif

PYRITE_END_DECLS

#endif /* Py_COMPLEXOBJECT_H */
