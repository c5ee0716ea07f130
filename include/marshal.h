/* marshal.h -- the marshal serialisation format. */
#ifndef Py_MARSHAL_H
#define Py_MARSHAL_H

#include "pyconfig.h"         /* feature macros before any system header */
#include <stdio.h>
#include "object.h"

PYRITE_BEGIN_DECLS

/* Current marshal format version. */
#define Py_MARSHAL_VERSION 4

PyAPI_FUNC(PyObject *) PyMarshal_ReadObjectFromString(const char *data, Py_ssize_t len);
PyAPI_FUNC(PyObject *) PyMarshal_WriteObjectToString(PyObject *value, int version);

#ifndef Py_LIMITED_API
PyAPI_FUNC(long) PyMarshal_ReadLongFromFile(FILE *file);
PyAPI_FUNC(int) PyMarshal_ReadShortFromFile(FILE *file);
PyAPI_FUNC(PyObject *) PyMarshal_ReadObjectFromFile(FILE *file);
PyAPI_FUNC(PyObject *) PyMarshal_ReadLastObjectFromFile(FILE *file);
PyAPI_FUNC(void) PyMarshal_WriteLongToFile(long value, FILE *file, int version);
PyAPI_FUNC(void) PyMarshal_WriteObjectToFile(PyObject *value, FILE *file, int version);
#endif

PYRITE_END_DECLS

#endif /* Py_MARSHAL_H */
