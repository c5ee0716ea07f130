/* pythonrun.h -- compiling and running source code, printing errors. */
#ifndef Py_PYTHONRUN_H
#define Py_PYTHONRUN_H

#include "pyconfig.h"         /* feature macros before any system header */
#include <stdio.h>
#include "object.h"
#include "compile.h"

PYRITE_BEGIN_DECLS

PyAPI_FUNC(PyObject *) Py_CompileString(const char *str, const char *filename, int start);

/* Print the pending exception (and set sys.last_* when asked). */
PyAPI_FUNC(void) PyErr_Print(void);
PyAPI_FUNC(void) PyErr_PrintEx(int set_sys_last_vars);
PyAPI_FUNC(void) PyErr_Display(PyObject *exc, PyObject *value, PyObject *tb);

/* Called by PyOS_Readline while waiting for input (may be NULL). */
PyAPI_DATA(int) (*PyOS_InputHook)(void);

/* Stack margin used by PyOS_CheckStack on platforms that have it. */
#define PYOS_STACK_MARGIN 2048

#ifndef Py_LIMITED_API
PyAPI_FUNC(int) PyRun_SimpleStringFlags(const char *command, PyCompilerFlags *flags);
PyAPI_FUNC(int) PyRun_AnyFileExFlags(FILE *fp, const char *filename, int closeit,
                                     PyCompilerFlags *flags);
PyAPI_FUNC(int) PyRun_SimpleFileExFlags(FILE *fp, const char *filename, int closeit,
                                        PyCompilerFlags *flags);
PyAPI_FUNC(int) PyRun_InteractiveOneFlags(FILE *fp, const char *filename,
                                          PyCompilerFlags *flags);
PyAPI_FUNC(int) PyRun_InteractiveOneObject(FILE *fp, PyObject *filename,
                                           PyCompilerFlags *flags);
PyAPI_FUNC(int) PyRun_InteractiveLoopFlags(FILE *fp, const char *filename,
                                           PyCompilerFlags *flags);
PyAPI_FUNC(PyObject *) PyRun_StringFlags(const char *str, int start, PyObject *globals,
                                         PyObject *locals, PyCompilerFlags *flags);
PyAPI_FUNC(PyObject *) PyRun_FileExFlags(FILE *fp, const char *filename, int start,
                                         PyObject *globals, PyObject *locals,
                                         int closeit, PyCompilerFlags *flags);
PyAPI_FUNC(PyObject *) Py_CompileStringExFlags(const char *str, const char *filename,
                                               int start, PyCompilerFlags *flags,
                                               int optimize);
PyAPI_FUNC(PyObject *) Py_CompileStringObject(const char *str, PyObject *filename,
                                              int start, PyCompilerFlags *flags,
                                              int optimize);

#define Py_CompileString(str, p, s) Py_CompileStringExFlags((str), (p), (s), NULL, -1)
#define Py_CompileStringFlags(str, p, s, f) Py_CompileStringExFlags((str), (p), (s), (f), -1)

/* Convenience forms without flags: functions, also spelled as macros. */
PyAPI_FUNC(PyObject *) PyRun_String(const char *str, int s, PyObject *g, PyObject *l);
PyAPI_FUNC(int) PyRun_AnyFile(FILE *fp, const char *name);
PyAPI_FUNC(int) PyRun_AnyFileEx(FILE *fp, const char *name, int closeit);
PyAPI_FUNC(int) PyRun_AnyFileFlags(FILE *fp, const char *name, PyCompilerFlags *flags);
PyAPI_FUNC(int) PyRun_SimpleString(const char *s);
PyAPI_FUNC(int) PyRun_SimpleFile(FILE *f, const char *p);
PyAPI_FUNC(int) PyRun_SimpleFileEx(FILE *f, const char *p, int c);
PyAPI_FUNC(int) PyRun_InteractiveOne(FILE *f, const char *p);
PyAPI_FUNC(int) PyRun_InteractiveLoop(FILE *f, const char *p);
PyAPI_FUNC(PyObject *) PyRun_File(FILE *fp, const char *p, int s, PyObject *g,
                                  PyObject *l);
PyAPI_FUNC(PyObject *) PyRun_FileEx(FILE *fp, const char *p, int s, PyObject *g,
                                    PyObject *l, int c);
PyAPI_FUNC(PyObject *) PyRun_FileFlags(FILE *fp, const char *p, int s, PyObject *g,
                                       PyObject *l, PyCompilerFlags *flags);

#define PyRun_String(str, s, g, l) PyRun_StringFlags((str), (s), (g), (l), NULL)
#define PyRun_AnyFile(fp, name) PyRun_AnyFileExFlags((fp), (name), 0, NULL)
#define PyRun_AnyFileEx(fp, name, closeit) \
    PyRun_AnyFileExFlags((fp), (name), (closeit), NULL)
#define PyRun_AnyFileFlags(fp, name, flags) \
    PyRun_AnyFileExFlags((fp), (name), 0, (flags))
#define PyRun_SimpleString(s) PyRun_SimpleStringFlags((s), NULL)
#define PyRun_SimpleFile(f, p) PyRun_SimpleFileExFlags((f), (p), 0, NULL)
#define PyRun_SimpleFileEx(f, p, c) PyRun_SimpleFileExFlags((f), (p), (c), NULL)
#define PyRun_InteractiveOne(f, p) PyRun_InteractiveOneFlags((f), (p), NULL)
#define PyRun_InteractiveLoop(f, p) PyRun_InteractiveLoopFlags((f), (p), NULL)
#define PyRun_File(fp, p, s, g, l) \
    PyRun_FileExFlags((fp), (p), (s), (g), (l), 0, NULL)
#define PyRun_FileEx(fp, p, s, g, l, c) \
    PyRun_FileExFlags((fp), (p), (s), (g), (l), (c), NULL)
#define PyRun_FileFlags(fp, p, s, g, l, flags) \
    PyRun_FileExFlags((fp), (p), (s), (g), (l), 0, (flags))

PyAPI_FUNC(int) _PyRun_SimpleFileObject(FILE *fp, PyObject *filename, int closeit,
                                        PyCompilerFlags *flags);
PyAPI_FUNC(int) _PyRun_AnyFileObject(FILE *fp, PyObject *filename, int closeit,
                                     PyCompilerFlags *flags);
PyAPI_FUNC(int) _PyRun_InteractiveLoopObject(FILE *fp, PyObject *filename,
                                             PyCompilerFlags *flags);
PyAPI_FUNC(const char *) _Py_SourceAsString(PyObject *cmd, const char *funcname,
                                            const char *what, PyCompilerFlags *cf,
                                            PyObject **cmd_copy);

/* Line input used by the interactive interpreter. */
PyAPI_FUNC(char *) PyOS_Readline(FILE *stdin_file, FILE *stdout_file, const char *prompt);
PyAPI_DATA(char *) (*PyOS_ReadlineFunctionPointer)(FILE *, FILE *, const char *);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_PYTHONRUN_H */
