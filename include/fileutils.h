/* fileutils.h -- locale encoding of C strings. */
#ifndef Py_FILEUTILS_H
#define Py_FILEUTILS_H

#include "pyconfig.h"         /* feature macros before any system header */
#include <wchar.h>
#include <stdio.h>
#include "object.h"

PYRITE_BEGIN_DECLS

/* Decode a locale-encoded byte string; free with PyMem_RawFree. */
PyAPI_FUNC(wchar_t *) Py_DecodeLocale(const char *arg, size_t *size);
/* Encode to the locale encoding; free with PyMem_Free. */
PyAPI_FUNC(char *) Py_EncodeLocale(const wchar_t *text, size_t *error_pos);

#ifndef Py_LIMITED_API
/* fopen() of a path object, raising OSError on failure. */
PyAPI_FUNC(FILE *) _Py_fopen_obj(PyObject *path, const char *mode);
#endif

PYRITE_END_DECLS

#endif /* Py_FILEUTILS_H */
