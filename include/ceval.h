/* ceval.h -- the evaluation loop's public face: evaluating code, the
 * current frame and globals, recursion limits and the GIL. */
#ifndef Py_CEVAL_H
#define Py_CEVAL_H

#include "object.h"
#include "compile.h"

PYRITE_BEGIN_DECLS

PyAPI_FUNC(PyObject *) PyEval_EvalCode(PyObject *co, PyObject *globals, PyObject *locals);
PyAPI_FUNC(PyObject *) PyEval_EvalCodeEx(PyObject *co, PyObject *globals, PyObject *locals,
                                         PyObject *const *args, int argc,
                                         PyObject *const *kwds, int kwdc,
                                         PyObject *const *defs, int defc,
                                         PyObject *kwdefs, PyObject *closure);

/* Deprecated calling helpers (use PyObject_Call*). */
Py_DEPRECATED(3.9) PyAPI_FUNC(PyObject *) PyEval_CallObjectWithKeywords(
    PyObject *callable, PyObject *args, PyObject *kwargs);
#define PyEval_CallObject(callable, arg) \
    PyEval_CallObjectWithKeywords((callable), (arg), (PyObject *)NULL)
Py_DEPRECATED(3.9) PyAPI_FUNC(PyObject *) PyEval_CallFunction(PyObject *callable,
                                                              const char *format, ...);
Py_DEPRECATED(3.9) PyAPI_FUNC(PyObject *) PyEval_CallMethod(PyObject *obj,
                                                            const char *name,
                                                            const char *format, ...);

/* Borrowed references to the executing frame's namespaces (may be NULL). */
PyAPI_FUNC(PyObject *) PyEval_GetBuiltins(void);
PyAPI_FUNC(PyObject *) PyEval_GetGlobals(void);
PyAPI_FUNC(PyObject *) PyEval_GetLocals(void);
PyAPI_FUNC(PyFrameObject *) PyEval_GetFrame(void);

/* Run a function in the main thread at the next opportunity. */
PyAPI_FUNC(int) Py_AddPendingCall(int (*func)(void *), void *arg);
PyAPI_FUNC(int) Py_MakePendingCalls(void);

PyAPI_FUNC(void) Py_SetRecursionLimit(int new_limit);
PyAPI_FUNC(int) Py_GetRecursionLimit(void);

/* Bracket C code that may recurse deeply; `where` is appended to the
 * RecursionError message. */
PyAPI_FUNC(int) Py_EnterRecursiveCall(const char *where);
PyAPI_FUNC(void) Py_LeaveRecursiveCall(void);
PyAPI_FUNC(int) _Py_CheckRecursiveCall(PyThreadState *tstate, const char *where);

/* Name and "()"-style suffix of a callable, for messages. */
PyAPI_FUNC(const char *) PyEval_GetFuncName(PyObject *func);
PyAPI_FUNC(const char *) PyEval_GetFuncDesc(PyObject *func);

PyAPI_FUNC(PyObject *) PyEval_EvalFrame(PyFrameObject *f);
PyAPI_FUNC(PyObject *) PyEval_EvalFrameEx(PyFrameObject *f, int exc);

/* ---- the GIL ---- */
/* Release the GIL and return the thread state to give to RestoreThread. */
PyAPI_FUNC(PyThreadState *) PyEval_SaveThread(void);
PyAPI_FUNC(void) PyEval_RestoreThread(PyThreadState *tstate);

Py_DEPRECATED(3.9) PyAPI_FUNC(int) PyEval_ThreadsInitialized(void);
Py_DEPRECATED(3.9) PyAPI_FUNC(void) PyEval_InitThreads(void);
Py_DEPRECATED(3.2) PyAPI_FUNC(void) PyEval_AcquireLock(void);
Py_DEPRECATED(3.2) PyAPI_FUNC(void) PyEval_ReleaseLock(void);
PyAPI_FUNC(void) PyEval_AcquireThread(PyThreadState *tstate);
PyAPI_FUNC(void) PyEval_ReleaseThread(PyThreadState *tstate);

/* Release the GIL around blocking C code:
 *     Py_BEGIN_ALLOW_THREADS
 *     ... code that does not touch Python objects ...
 *     Py_END_ALLOW_THREADS
 * Py_BLOCK_THREADS / Py_UNBLOCK_THREADS re-take / re-release it inside. */
#define Py_BEGIN_ALLOW_THREADS { \
                        PyThreadState *_save; \
                        _save = PyEval_SaveThread();
#define Py_BLOCK_THREADS        PyEval_RestoreThread(_save);
#define Py_UNBLOCK_THREADS      _save = PyEval_SaveThread();
#define Py_END_ALLOW_THREADS    PyEval_RestoreThread(_save); \
                 }

/* Masks of the FORMAT_VALUE opcode's argument. */
#define FVC_MASK      0x3
#define FVC_NONE      0x0
#define FVC_STR       0x1
#define FVC_REPR      0x2
#define FVC_ASCII     0x3
#define FVS_MASK      0x4
#define FVS_HAVE_SPEC 0x4

#ifndef Py_LIMITED_API
/* Tracing and profiling hooks. */
typedef int (*Py_tracefunc)(PyObject *obj, PyFrameObject *frame, int what, PyObject *arg);

/* Values of `what` passed to a Py_tracefunc. */
#define PyTrace_CALL        0
#define PyTrace_EXCEPTION   1
#define PyTrace_LINE        2
#define PyTrace_RETURN      3
#define PyTrace_C_CALL      4
#define PyTrace_C_EXCEPTION 5
#define PyTrace_C_RETURN    6
#define PyTrace_OPCODE      7

PyAPI_FUNC(void) PyEval_SetProfile(Py_tracefunc func, PyObject *obj);
PyAPI_FUNC(void) PyEval_SetTrace(Py_tracefunc func, PyObject *obj);
PyAPI_FUNC(int) _PyEval_SetProfile(PyThreadState *tstate, Py_tracefunc func,
                                   PyObject *arg);
PyAPI_FUNC(int) _PyEval_SetTrace(PyThreadState *tstate, Py_tracefunc func,
                                 PyObject *arg);

/* Merge the running code's __future__ flags into *cf; returns non-zero
 * when any flag is set. */
PyAPI_FUNC(int) PyEval_MergeCompilerFlags(PyCompilerFlags *cf);

PyAPI_FUNC(PyObject *) _PyEval_GetBuiltin(PyObject *name);
PyAPI_FUNC(PyObject *) _PyEval_GetBuiltinId(_Py_Identifier *name);
PyAPI_FUNC(void) _PyEval_SetSwitchInterval(unsigned long microseconds);
PyAPI_FUNC(unsigned long) _PyEval_GetSwitchInterval(void);
/* Reserve an index for _PyCode_GetExtra/_PyCode_SetExtra. */
PyAPI_FUNC(Py_ssize_t) _PyEval_RequestCodeExtraIndex(freefunc free);
/* Convert a slice bound (int or __index__) to Py_ssize_t. */
PyAPI_FUNC(int) _PyEval_SliceIndex(PyObject *v, Py_ssize_t *pi);
PyAPI_FUNC(int) _PyEval_SliceIndexNotNone(PyObject *v, Py_ssize_t *pi);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_CEVAL_H */
