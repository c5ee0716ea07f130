/* intrcheck.h -- interrupts and fork() hooks. */
#ifndef Py_INTRCHECK_H
#define Py_INTRCHECK_H

#include "pyport.h"

PYRITE_BEGIN_DECLS

/* Non-zero (and the flag cleared) if SIGINT arrived. */
PyAPI_FUNC(int) PyOS_InterruptOccurred(void);

/* Call around fork(): before in the parent, then in parent or child. */
PyAPI_FUNC(void) PyOS_BeforeFork(void);
PyAPI_FUNC(void) PyOS_AfterFork_Parent(void);
PyAPI_FUNC(void) PyOS_AfterFork_Child(void);
Py_DEPRECATED(3.7) PyAPI_FUNC(void) PyOS_AfterFork(void);

#ifndef Py_LIMITED_API
PyAPI_FUNC(int) _PyOS_IsMainThread(void);
#endif

PYRITE_END_DECLS

#endif /* Py_INTRCHECK_H */
