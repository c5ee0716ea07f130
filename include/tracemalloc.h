/* tracemalloc.h -- reporting memory blocks to tracemalloc from C (used
 * by extensions with their own allocators, e.g. numpy). */
#ifndef Py_TRACEMALLOC_H
#define Py_TRACEMALLOC_H

#include "object.h"

PYRITE_BEGIN_DECLS

#ifndef Py_LIMITED_API
/* Returns 0 on success, -2 if tracemalloc is disabled, -1 on error. */
PyAPI_FUNC(int) PyTraceMalloc_Track(unsigned int domain, uintptr_t ptr, size_t size);
PyAPI_FUNC(int) PyTraceMalloc_Untrack(unsigned int domain, uintptr_t ptr);
PyAPI_FUNC(PyObject *) _PyTraceMalloc_GetTraceback(unsigned int domain, uintptr_t ptr);
#endif

PYRITE_END_DECLS

#endif /* Py_TRACEMALLOC_H */
