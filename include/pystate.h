/* pystate.h -- interpreter and thread states, and the GIL state API.
 *
 * PyInterpreterState and PyThreadState are opaque in Pyrite's headers:
 * extensions use them only through pointers and the functions below. */
#ifndef Py_PYSTATE_H
#define Py_PYSTATE_H

#include "object.h"

PYRITE_BEGIN_DECLS

/* Maximum number of code-object "extra" users (_PyEval_RequestCodeExtraIndex). */
#define MAX_CO_EXTRA_USERS 255

/* ---- interpreters ---- */
PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_New(void);
PyAPI_FUNC(void) PyInterpreterState_Clear(PyInterpreterState *interp);
PyAPI_FUNC(void) PyInterpreterState_Delete(PyInterpreterState *interp);
PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_Get(void);
PyAPI_FUNC(PyObject *) PyInterpreterState_GetDict(PyInterpreterState *interp);
PyAPI_FUNC(int64_t) PyInterpreterState_GetID(PyInterpreterState *interp);

/* Single-phase modules registered per interpreter (PEP 3121). */
PyAPI_FUNC(int) PyState_AddModule(PyObject *module, PyModuleDef *def);
PyAPI_FUNC(int) PyState_RemoveModule(PyModuleDef *def);
PyAPI_FUNC(PyObject *) PyState_FindModule(PyModuleDef *def);
PyAPI_FUNC(int) _PyState_AddModule(PyThreadState *tstate, PyObject *module,
                                   PyModuleDef *def);

/* ---- threads ---- */
PyAPI_FUNC(PyThreadState *) PyThreadState_New(PyInterpreterState *interp);
PyAPI_FUNC(void) PyThreadState_Clear(PyThreadState *tstate);
PyAPI_FUNC(void) PyThreadState_Delete(PyThreadState *tstate);
/* The calling thread's state (fatal error if there is none). */
PyAPI_FUNC(PyThreadState *) PyThreadState_Get(void);
#define PyThreadState_GET() PyThreadState_Get()
PyAPI_FUNC(PyThreadState *) PyThreadState_Swap(PyThreadState *tstate);
PyAPI_FUNC(PyObject *) PyThreadState_GetDict(void);
/* Raise exc asynchronously in thread `id`; returns the number of threads hit. */
PyAPI_FUNC(int) PyThreadState_SetAsyncExc(unsigned long id, PyObject *exc);
PyAPI_FUNC(PyInterpreterState *) PyThreadState_GetInterpreter(PyThreadState *tstate);
PyAPI_FUNC(PyFrameObject *) PyThreadState_GetFrame(PyThreadState *tstate);
PyAPI_FUNC(uint64_t) PyThreadState_GetID(PyThreadState *tstate);
PyAPI_FUNC(void) PyThreadState_DeleteCurrent(void);

PyAPI_FUNC(PyThreadState *) _PyThreadState_Prealloc(PyInterpreterState *interp);
PyAPI_FUNC(void) _PyThreadState_Init(PyThreadState *tstate);

/* ---- the GIL from threads not created by Python ---- */
typedef enum {
    PyGILState_LOCKED,
    PyGILState_UNLOCKED
} PyGILState_STATE;

/* Make sure the calling thread holds the GIL (creating a thread state if
 * needed); pair with PyGILState_Release(returned value). */
PyAPI_FUNC(PyGILState_STATE) PyGILState_Ensure(void);
PyAPI_FUNC(void) PyGILState_Release(PyGILState_STATE oldstate);
PyAPI_FUNC(PyThreadState *) PyGILState_GetThisThreadState(void);

#ifndef Py_LIMITED_API
/* 1 if the calling thread holds the GIL. */
PyAPI_FUNC(int) PyGILState_Check(void);

/* The current thread state without checks (NULL if none). */
PyAPI_FUNC(PyThreadState *) _PyThreadState_UncheckedGet(void);
PyAPI_FUNC(PyObject *) _PyThreadState_GetDict(PyThreadState *tstate);

PyAPI_FUNC(void) PyThreadState_EnterTracing(PyThreadState *tstate);
PyAPI_FUNC(void) PyThreadState_LeaveTracing(PyThreadState *tstate);

PyAPI_FUNC(PyInterpreterState *) _PyGILState_GetInterpreterStateUnsafe(void);
PyAPI_FUNC(PyObject *) _PyThread_CurrentFrames(void);
PyAPI_FUNC(PyObject *) _PyThread_CurrentExceptions(void);

/* Walking interpreters and threads. */
PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_Main(void);
PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_Head(void);
PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_Next(PyInterpreterState *interp);
PyAPI_FUNC(PyThreadState *) PyInterpreterState_ThreadHead(PyInterpreterState *interp);
PyAPI_FUNC(PyThreadState *) PyThreadState_Next(PyThreadState *tstate);

PyAPI_FUNC(PyObject *) _PyInterpreterState_GetMainModule(PyInterpreterState *interp);
PyAPI_FUNC(int) _PyInterpreterState_RequiresIDRef(PyInterpreterState *interp);
PyAPI_FUNC(void) _PyInterpreterState_RequireIDRef(PyInterpreterState *interp, int required);

/* Old private name of PyInterpreterState_Get. */
#define _PyInterpreterState_Get PyInterpreterState_Get
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_PYSTATE_H */
