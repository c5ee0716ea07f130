/* pystrtod.h -- locale-independent conversions between double and text. */
#ifndef Py_STRTOD_H
#define Py_STRTOD_H

#include "object.h"

PYRITE_BEGIN_DECLS

/* Parse a double; on overflow raise overflow_exception (or return +/-inf
 * when it is NULL). */
PyAPI_FUNC(double) PyOS_string_to_double(const char *str, char **endptr,
                                         PyObject *overflow_exception);
/* Format a double as repr()/format() would; free with PyMem_Free. */
PyAPI_FUNC(char *) PyOS_double_to_string(double val, char format_code, int precision,
                                         int flags, int *type);

#ifndef Py_LIMITED_API
PyAPI_FUNC(double) _Py_parse_inf_or_nan(const char *p, char **endptr);
PyAPI_FUNC(PyObject *) _Py_string_to_number_with_underscores(
    const char *str, Py_ssize_t len, const char *what, PyObject *obj, void *arg,
    PyObject *(*innerfunc)(const char *, Py_ssize_t, void *));
#endif

/* flags of PyOS_double_to_string */
#define Py_DTSF_SIGN     0x01   /* always add the sign */
#define Py_DTSF_ADD_DOT_0 0x02  /* "1" becomes "1.0" */
#define Py_DTSF_ALT      0x04   /* "alternate" formatting (#) */
#define Py_DTSF_NO_NEG_0 0x08   /* negative zero becomes zero */

/* *type set by PyOS_double_to_string */
#define Py_DTST_FINITE   0
#define Py_DTST_INFINITE 1
#define Py_DTST_NAN      2

PYRITE_END_DECLS

#endif /* Py_STRTOD_H */
