/* warnings.h -- issuing warnings from C. */
#ifndef Py_WARNINGS_H
#define Py_WARNINGS_H

#include "object.h"

PYRITE_BEGIN_DECLS

/* category is a Warning subclass (NULL means RuntimeWarning); returns -1
 * if the warning was turned into an exception. */
PyAPI_FUNC(int) PyErr_WarnEx(PyObject *category, const char *message,
                             Py_ssize_t stack_level);
PyAPI_FUNC(int) PyErr_WarnFormat(PyObject *category, Py_ssize_t stack_level,
                                 const char *format, ...);
/* ResourceWarning with `source` as the leaking object. */
PyAPI_FUNC(int) PyErr_ResourceWarning(PyObject *source, Py_ssize_t stack_level,
                                      const char *format, ...);
PyAPI_FUNC(int) PyErr_WarnExplicit(PyObject *category, const char *message,
                                   const char *filename, int lineno,
                                   const char *module, PyObject *registry);

#ifndef Py_LIMITED_API
PyAPI_FUNC(int) PyErr_WarnExplicitObject(PyObject *category, PyObject *message,
                                         PyObject *filename, int lineno,
                                         PyObject *module, PyObject *registry);
PyAPI_FUNC(int) PyErr_WarnExplicitFormat(PyObject *category, const char *filename,
                                         int lineno, const char *module,
                                         PyObject *registry, const char *format, ...);
#endif

/* Old two-argument form. */
#define PyErr_Warn(category, msg) PyErr_WarnEx((category), (msg), 1)

PYRITE_END_DECLS

#endif /* Py_WARNINGS_H */
