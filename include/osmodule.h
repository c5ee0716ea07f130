/* osmodule.h -- os.fspath() from C. */
#ifndef Py_OSMODULE_H
#define Py_OSMODULE_H

#include "object.h"

PYRITE_BEGIN_DECLS

/* str or bytes for a path-like object (new reference). */
PyAPI_FUNC(PyObject *) PyOS_FSPath(PyObject *path);

PYRITE_END_DECLS

#endif /* Py_OSMODULE_H */
