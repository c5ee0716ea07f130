/* pymem.h -- the runtime's memory allocators.
 *
 * Three families: the "raw" allocator (thread-safe, usable without the
 * GIL), the "mem" allocator (GIL required) and the "object" allocator
 * (objimpl.h).  Memory must be released by the family that gave it.
 */
#ifndef Py_PYMEM_H
#define Py_PYMEM_H

#include "pyport.h"

PYRITE_BEGIN_DECLS

/* GIL-holding general allocator. */
PyAPI_FUNC(void *) PyMem_Malloc(size_t size);
PyAPI_FUNC(void *) PyMem_Calloc(size_t nelem, size_t elsize);
PyAPI_FUNC(void *) PyMem_Realloc(void *ptr, size_t new_size);
PyAPI_FUNC(void) PyMem_Free(void *ptr);

/* Raw allocator: may be called without holding the GIL. */
PyAPI_FUNC(void *) PyMem_RawMalloc(size_t size);
PyAPI_FUNC(void *) PyMem_RawCalloc(size_t nelem, size_t elsize);
PyAPI_FUNC(void *) PyMem_RawRealloc(void *ptr, size_t new_size);
PyAPI_FUNC(void) PyMem_RawFree(void *ptr);

/* Typed helpers: allocate/resize N items of TYPE, NULL on overflow. */
#define PyMem_New(type, n) \
    ((size_t)(n) > (size_t)PY_SSIZE_T_MAX / sizeof(type) ? NULL : \
     ((type *)PyMem_Malloc((n) * sizeof(type))))
#define PyMem_Resize(p, type, n) \
    ((p) = ((size_t)(n) > (size_t)PY_SSIZE_T_MAX / sizeof(type)) ? NULL : \
     (type *)PyMem_Realloc((p), (n) * sizeof(type)))

/* Older spellings, all routed to the functions above. */
#define PyMem_MALLOC(n)         PyMem_Malloc(n)
#define PyMem_REALLOC(p, n)     PyMem_Realloc((p), (n))
#define PyMem_FREE(p)           PyMem_Free(p)
#define PyMem_NEW(type, n)      PyMem_New(type, n)
#define PyMem_RESIZE(p, type, n) PyMem_Resize(p, type, n)
#define PyMem_Del               PyMem_Free
#define PyMem_DEL               PyMem_Free

#ifndef Py_LIMITED_API
/* Copies of C strings in the raw / mem families. */
PyAPI_FUNC(char *) _PyMem_RawStrdup(const char *str);
PyAPI_FUNC(char *) _PyMem_Strdup(const char *str);
PyAPI_FUNC(wchar_t *) _PyMem_RawWcsdup(const wchar_t *str);
PyAPI_FUNC(const char *) _PyMem_GetCurrentAllocatorName(void);

/* Which allocator family a PyMemAllocatorEx describes. */
typedef enum {
    PYMEM_DOMAIN_RAW,   /* PyMem_Raw*() */
    PYMEM_DOMAIN_MEM,   /* PyMem_*() */
    PYMEM_DOMAIN_OBJ    /* PyObject_*() */
} PyMemAllocatorDomain;

/* Allocator names accepted by PYTHONMALLOC-style configuration. */
typedef enum {
    PYMEM_ALLOCATOR_NOT_SET = 0,
    PYMEM_ALLOCATOR_DEFAULT = 1,
    PYMEM_ALLOCATOR_DEBUG = 2,
    PYMEM_ALLOCATOR_MALLOC = 3,
    PYMEM_ALLOCATOR_MALLOC_DEBUG = 4,
    PYMEM_ALLOCATOR_PYMALLOC = 5,
    PYMEM_ALLOCATOR_PYMALLOC_DEBUG = 6
} PyMemAllocatorName;

/* A pluggable allocator: four hooks sharing a user context pointer. */
typedef struct {
    void *ctx;
    void *(*malloc)(void *ctx, size_t size);
    void *(*calloc)(void *ctx, size_t nelem, size_t elsize);
    void *(*realloc)(void *ctx, void *ptr, size_t new_size);
    void (*free)(void *ctx, void *ptr);
} PyMemAllocatorEx;

PyAPI_FUNC(void) PyMem_GetAllocator(PyMemAllocatorDomain domain,
                                    PyMemAllocatorEx *allocator);
PyAPI_FUNC(void) PyMem_SetAllocator(PyMemAllocatorDomain domain,
                                    PyMemAllocatorEx *allocator);
PyAPI_FUNC(void) PyMem_SetupDebugHooks(void);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_PYMEM_H */
