/* sysmodule.h -- access to the sys module from C. */
#ifndef Py_SYSMODULE_H
#define Py_SYSMODULE_H

#include "pyconfig.h"         /* feature macros before any system header */
#include <wchar.h>
#include "object.h"

PYRITE_BEGIN_DECLS

/* Borrowed reference to sys.<name>, or NULL (no exception set). */
PyAPI_FUNC(PyObject *) PySys_GetObject(const char *name);
PyAPI_FUNC(int) PySys_SetObject(const char *name, PyObject *v);

Py_DEPRECATED(3.11) PyAPI_FUNC(void) PySys_SetArgv(int argc, wchar_t **argv);
Py_DEPRECATED(3.11) PyAPI_FUNC(void) PySys_SetArgvEx(int argc, wchar_t **argv,
                                                     int updatepath);
PyAPI_FUNC(void) PySys_SetPath(const wchar_t *path);

/* printf-style output to sys.stdout / sys.stderr (at most 1000 bytes for
 * the Write forms; the Format forms use PyUnicode_FromFormat codes). */
PyAPI_FUNC(void) PySys_WriteStdout(const char *format, ...)
    Py_GCC_ATTRIBUTE((format(printf, 1, 2)));
PyAPI_FUNC(void) PySys_WriteStderr(const char *format, ...)
    Py_GCC_ATTRIBUTE((format(printf, 1, 2)));
PyAPI_FUNC(void) PySys_FormatStdout(const char *format, ...);
PyAPI_FUNC(void) PySys_FormatStderr(const char *format, ...);

PyAPI_FUNC(void) PySys_ResetWarnOptions(void);
PyAPI_FUNC(void) PySys_AddWarnOption(const wchar_t *s);
PyAPI_FUNC(void) PySys_AddWarnOptionUnicode(PyObject *option);
PyAPI_FUNC(int) PySys_HasWarnOptions(void);
PyAPI_FUNC(void) PySys_AddXOption(const wchar_t *s);
PyAPI_FUNC(PyObject *) PySys_GetXOptions(void);

#ifndef Py_LIMITED_API
PyAPI_FUNC(size_t) _PySys_GetSizeOf(PyObject *o);
PyAPI_FUNC(PyObject *) _PySys_GetAttr(PyThreadState *tstate, PyObject *name);

/* Audit hooks (PEP 578). */
typedef int (*Py_AuditHookFunction)(const char *event, PyObject *args, void *userData);
PyAPI_FUNC(int) PySys_Audit(const char *event, const char *argFormat, ...);
PyAPI_FUNC(int) PySys_AddAuditHook(Py_AuditHookFunction hook, void *userData);
#endif

PYRITE_END_DECLS

#endif /* Py_SYSMODULE_H */
