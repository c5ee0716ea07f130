/* fileobject.h -- file helpers and the file system encoding. */
#ifndef Py_FILEOBJECT_H
#define Py_FILEOBJECT_H

#include "pyconfig.h"         /* feature macros before any system header */
#include <stdio.h>
#include "object.h"

PYRITE_BEGIN_DECLS

#define PY_STDIOTEXTMODE "b"

/* io.open() on a file descriptor. */
PyAPI_FUNC(PyObject *) PyFile_FromFd(int fd, const char *name, const char *mode,
                                     int buffering, const char *encoding,
                                     const char *errors, const char *newline,
                                     int closefd);
PyAPI_FUNC(PyObject *) PyFile_GetLine(PyObject *p, int n);
/* flags: Py_PRINT_RAW writes str(obj) instead of repr(obj). */
PyAPI_FUNC(int) PyFile_WriteObject(PyObject *obj, PyObject *p, int flags);
PyAPI_FUNC(int) PyFile_WriteString(const char *s, PyObject *p);
PyAPI_FUNC(int) PyObject_AsFileDescriptor(PyObject *o);

/* The file system encoding and error handler (sys.getfilesystemencoding). */
PyAPI_DATA(const char *) Py_FileSystemDefaultEncoding;
PyAPI_DATA(const char *) Py_FileSystemDefaultEncodeErrors;
PyAPI_DATA(int) Py_HasFileSystemDefaultEncoding;
/* Non-zero in UTF-8 mode (PEP 540). */
PyAPI_DATA(int) Py_UTF8Mode;

#ifndef Py_LIMITED_API
PyAPI_FUNC(char *) Py_UniversalNewlineFgets(char *buf, int n, FILE *stream,
                                            PyObject *fobj);
PyAPI_FUNC(PyObject *) PyFile_NewStdPrinter(int fd);
PyAPI_DATA(PyTypeObject) PyStdPrinter_Type;

/* Opening files for import (PEP 578 hook). */
typedef PyObject *(*Py_OpenCodeHookFunction)(PyObject *path, void *userData);
PyAPI_FUNC(PyObject *) PyFile_OpenCode(const char *utf8path);
PyAPI_FUNC(PyObject *) PyFile_OpenCodeObject(PyObject *path);
PyAPI_FUNC(int) PyFile_SetOpenCodeHook(Py_OpenCodeHookFunction hook, void *userData);

PyAPI_FUNC(int) _PyLong_FileDescriptor_Converter(PyObject *o, void *ptr);
#endif

PYRITE_END_DECLS

#endif /* Py_FILEOBJECT_H */
