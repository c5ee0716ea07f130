/* pystrcmp.h -- case-insensitive ASCII string comparison. */
#ifndef Py_STRCMP_H
#define Py_STRCMP_H

#include "pyport.h"

PYRITE_BEGIN_DECLS

PyAPI_FUNC(int) PyOS_mystrnicmp(const char *a, const char *b, Py_ssize_t size);
PyAPI_FUNC(int) PyOS_mystricmp(const char *a, const char *b);

#define PyOS_strnicmp PyOS_mystrnicmp
#define PyOS_stricmp PyOS_mystricmp

PYRITE_END_DECLS

#endif /* Py_STRCMP_H */
