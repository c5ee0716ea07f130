/* pylifecycle.h -- starting and stopping the runtime, and information
 * about the build. */
#ifndef Py_PYLIFECYCLE_H
#define Py_PYLIFECYCLE_H

#include "pyconfig.h"         /* feature macros before any system header */
#include <stdio.h>
#include <wchar.h>
#include "object.h"
#include "initconfig.h"

PYRITE_BEGIN_DECLS

PyAPI_FUNC(void) Py_Initialize(void);
PyAPI_FUNC(void) Py_InitializeEx(int initsigs);
PyAPI_FUNC(void) Py_Finalize(void);
PyAPI_FUNC(int) Py_FinalizeEx(void);
PyAPI_FUNC(int) Py_IsInitialized(void);

PyAPI_FUNC(PyThreadState *) Py_NewInterpreter(void);
PyAPI_FUNC(void) Py_EndInterpreter(PyThreadState *tstate);

/* Register a function to run at exit (up to 32). */
PyAPI_FUNC(int) Py_AtExit(void (*func)(void));
PyAPI_FUNC(void) _Py_NO_RETURN Py_Exit(int status);

/* The `python` program's entry points. */
PyAPI_FUNC(int) Py_Main(int argc, wchar_t **argv);
PyAPI_FUNC(int) Py_BytesMain(int argc, char **argv);

/* Legacy path configuration. */
Py_DEPRECATED(3.11) PyAPI_FUNC(void) Py_SetProgramName(const wchar_t *name);
PyAPI_FUNC(wchar_t *) Py_GetProgramName(void);
Py_DEPRECATED(3.11) PyAPI_FUNC(void) Py_SetPythonHome(const wchar_t *home);
PyAPI_FUNC(wchar_t *) Py_GetPythonHome(void);
PyAPI_FUNC(wchar_t *) Py_GetProgramFullPath(void);
PyAPI_FUNC(wchar_t *) Py_GetPrefix(void);
PyAPI_FUNC(wchar_t *) Py_GetExecPrefix(void);
PyAPI_FUNC(wchar_t *) Py_GetPath(void);
PyAPI_FUNC(void) Py_SetPath(const wchar_t *path);

/* Strings describing the build (sys.version and friends). */
PyAPI_FUNC(const char *) Py_GetVersion(void);
PyAPI_FUNC(const char *) Py_GetPlatform(void);
PyAPI_FUNC(const char *) Py_GetCopyright(void);
PyAPI_FUNC(const char *) Py_GetCompiler(void);
PyAPI_FUNC(const char *) Py_GetBuildInfo(void);

/* PY_VERSION_HEX of the running library (compare with the headers'). */
PyAPI_DATA(const unsigned long) Py_Version;

/* Signal handler installation that survives Python's own handlers. */
typedef void (*PyOS_sighandler_t)(int);
PyAPI_FUNC(PyOS_sighandler_t) PyOS_getsig(int sig);
PyAPI_FUNC(PyOS_sighandler_t) PyOS_setsig(int sig, PyOS_sighandler_t handler);

#ifndef Py_LIMITED_API
PyAPI_FUNC(int) Py_FrozenMain(int argc, char **argv);
PyAPI_FUNC(int) Py_SetStandardStreamEncoding(const char *encoding, const char *errors);

PyAPI_FUNC(PyStatus) Py_PreInitialize(const PyPreConfig *src_config);
PyAPI_FUNC(PyStatus) Py_PreInitializeFromBytesArgs(const PyPreConfig *src_config,
                                                   Py_ssize_t argc, char **argv);
PyAPI_FUNC(PyStatus) Py_PreInitializeFromArgs(const PyPreConfig *src_config,
                                              Py_ssize_t argc, wchar_t **argv);
PyAPI_FUNC(PyStatus) Py_InitializeFromConfig(const PyConfig *config);
PyAPI_FUNC(int) Py_RunMain(void);
PyAPI_FUNC(void) _Py_NO_RETURN Py_ExitStatusException(PyStatus err);

/* Is the file an interactive terminal (for the REPL)? */
PyAPI_FUNC(int) Py_FdIsInteractive(FILE *fp, const char *filename);

PyAPI_FUNC(int) _Py_FdIsInteractive(FILE *fp, PyObject *filename);
PyAPI_FUNC(int) _Py_IsFinalizing(void);
PyAPI_FUNC(PyStatus) _Py_InitializeMain(void);
PyAPI_FUNC(void) _Py_RestoreSignals(void);
PyAPI_FUNC(void) _Py_SetProgramFullPath(const wchar_t *path);
PyAPI_FUNC(const char *) _Py_gitidentifier(void);
PyAPI_FUNC(const char *) _Py_gitversion(void);
PyAPI_FUNC(int) _Py_CoerceLegacyLocale(int warn);
PyAPI_FUNC(int) _Py_LegacyLocaleDetected(int warn);
PyAPI_FUNC(char *) _Py_SetLocaleFromEnv(int category);
PyAPI_FUNC(PyThreadState *) _Py_NewInterpreter(int isolated_subinterpreter);

/* The configuration the runtime was initialised with. */
PyAPI_FUNC(const PyConfig *) _Py_GetConfig(void);
PyAPI_FUNC(const PyConfig *) _PyInterpreterState_GetConfig(PyInterpreterState *interp);
PyAPI_FUNC(int) _PyInterpreterState_GetConfigCopy(struct PyConfig *config);
PyAPI_FUNC(int) _PyInterpreterState_SetConfig(const struct PyConfig *config);
PyAPI_FUNC(int) _Py_IsCoreInitialized(void);
PyAPI_FUNC(int) _PyOS_URandom(void *buffer, Py_ssize_t size);
PyAPI_FUNC(int) _PyOS_URandomNonblock(void *buffer, Py_ssize_t size);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_PYLIFECYCLE_H */
