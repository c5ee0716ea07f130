/* longobject.h -- the int type.
 *
 * Representation (3.11): a PyVarObject whose ob_size holds the number of
 * 30-bit digits, negated for negative numbers (0 for zero), followed by
 * the digits, least significant first.
 */
#ifndef Py_LONGOBJECT_H
#define Py_LONGOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyLong_Type;

#define PyLong_Check(op) \
    PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_LONG_SUBCLASS)
#define PyLong_CheckExact(op) Py_IS_TYPE((op), &PyLong_Type)

/* ---- construction ---- */
PyAPI_FUNC(PyObject *) PyLong_FromLong(long v);
PyAPI_FUNC(PyObject *) PyLong_FromUnsignedLong(unsigned long v);
PyAPI_FUNC(PyObject *) PyLong_FromSize_t(size_t v);
PyAPI_FUNC(PyObject *) PyLong_FromSsize_t(Py_ssize_t v);
PyAPI_FUNC(PyObject *) PyLong_FromDouble(double v);
PyAPI_FUNC(PyObject *) PyLong_FromLongLong(long long v);
PyAPI_FUNC(PyObject *) PyLong_FromUnsignedLongLong(unsigned long long v);
PyAPI_FUNC(PyObject *) PyLong_FromVoidPtr(void *p);
PyAPI_FUNC(PyObject *) PyLong_FromString(const char *str, char **pend, int base);

/* ---- conversion ---- */
PyAPI_FUNC(long) PyLong_AsLong(PyObject *obj);
PyAPI_FUNC(long) PyLong_AsLongAndOverflow(PyObject *obj, int *overflow);
PyAPI_FUNC(Py_ssize_t) PyLong_AsSsize_t(PyObject *pylong);
PyAPI_FUNC(size_t) PyLong_AsSize_t(PyObject *pylong);
PyAPI_FUNC(unsigned long) PyLong_AsUnsignedLong(PyObject *pylong);
PyAPI_FUNC(unsigned long) PyLong_AsUnsignedLongMask(PyObject *obj);
PyAPI_FUNC(long long) PyLong_AsLongLong(PyObject *obj);
PyAPI_FUNC(unsigned long long) PyLong_AsUnsignedLongLong(PyObject *pylong);
PyAPI_FUNC(unsigned long long) PyLong_AsUnsignedLongLongMask(PyObject *obj);
PyAPI_FUNC(long long) PyLong_AsLongLongAndOverflow(PyObject *obj, int *overflow);
PyAPI_FUNC(double) PyLong_AsDouble(PyObject *pylong);
PyAPI_FUNC(void *) PyLong_AsVoidPtr(PyObject *pylong);

/* sys.int_info as a struct sequence. */
PyAPI_FUNC(PyObject *) PyLong_GetInfo(void);

/* pid_t is int on this platform. */
#define PyLong_FromPid PyLong_FromLong
#define PyLong_AsPid   PyLong_AsLong
#define _Py_PARSE_PID     "i"
#define _Py_PARSE_INTPTR  "l"
#define _Py_PARSE_UINTPTR "k"

/* C library-style string to integer conversion (no Python objects). */
PyAPI_FUNC(unsigned long) PyOS_strtoul(const char *str, char **ptr, int base);
PyAPI_FUNC(long) PyOS_strtol(const char *str, char **ptr, int base);

#ifndef Py_LIMITED_API
#define PyLong_AS_LONG(op) PyLong_AsLong(op)

PyAPI_FUNC(PyObject *) PyLong_FromUnicodeObject(PyObject *u, int base);
PyAPI_FUNC(PyObject *) _PyLong_FromBytes(const char *s, Py_ssize_t len, int base);

/* ---- digit representation (longintrepr) ---- */
#define PYLONG_BITS_IN_DIGIT 30
typedef uint32_t digit;
typedef int32_t sdigit;
typedef uint64_t twodigits;
typedef int64_t stwodigits;
#define PyLong_SHIFT            30
#define _PyLong_DECIMAL_SHIFT   9
#define _PyLong_DECIMAL_BASE    ((digit)1000000000)
#define PyLong_BASE             ((digit)1 << PyLong_SHIFT)
#define PyLong_MASK             ((digit)(PyLong_BASE - 1))

struct _longobject {
    PyObject_VAR_HEAD
    digit ob_digit[1];
};

PyAPI_FUNC(PyLongObject *) _PyLong_New(Py_ssize_t size);
PyAPI_FUNC(PyObject *) _PyLong_Copy(PyLongObject *src);

/* ---- helpers used by extensions ---- */
PyAPI_FUNC(int) _PyLong_AsInt(PyObject *obj);
PyAPI_FUNC(int) _PyLong_Sign(PyObject *v);
PyAPI_FUNC(size_t) _PyLong_NumBits(PyObject *v);
PyAPI_FUNC(double) _PyLong_Frexp(PyLongObject *a, Py_ssize_t *e);
PyAPI_FUNC(PyObject *) _PyLong_DivmodNear(PyObject *a, PyObject *b);
PyAPI_FUNC(PyObject *) _PyLong_FromByteArray(const unsigned char *bytes, size_t n,
                                             int little_endian, int is_signed);
PyAPI_FUNC(int) _PyLong_AsByteArray(PyLongObject *v, unsigned char *bytes, size_t n,
                                    int little_endian, int is_signed);
PyAPI_FUNC(PyObject *) _PyLong_Format(PyObject *obj, int base);
PyAPI_FUNC(PyObject *) _PyLong_GCD(PyObject *a, PyObject *b);
PyAPI_FUNC(PyObject *) _PyLong_Rshift(PyObject *a, size_t shiftby);
PyAPI_FUNC(PyObject *) _PyLong_Lshift(PyObject *a, size_t shiftby);

/* Argument-clinic style converters ("O&" in PyArg_Parse*). */
PyAPI_FUNC(int) _PyLong_UnsignedShort_Converter(PyObject *obj, void *ptr);
PyAPI_FUNC(int) _PyLong_UnsignedInt_Converter(PyObject *obj, void *ptr);
PyAPI_FUNC(int) _PyLong_UnsignedLong_Converter(PyObject *obj, void *ptr);
PyAPI_FUNC(int) _PyLong_UnsignedLongLong_Converter(PyObject *obj, void *ptr);
PyAPI_FUNC(int) _PyLong_Size_t_Converter(PyObject *obj, void *ptr);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_LONGOBJECT_H */
