/* objimpl.h -- allocating, initialising and garbage-collecting objects.
 *
 * Usual pattern for an extension type:
 *     obj = PyObject_New(MyObject, &My_Type);          (no GC)
 *     obj = PyObject_GC_New(MyObject, &My_Type);       (GC; track when ready)
 * and in tp_dealloc release with PyObject_Free / PyObject_GC_Del, or via
 * Py_TYPE(self)->tp_free(self).
 */
#ifndef Py_OBJIMPL_H
#define Py_OBJIMPL_H

#include "pymem.h"
#include "object.h"

PYRITE_BEGIN_DECLS

/* ---- the object allocator ---- */
PyAPI_FUNC(void *) PyObject_Malloc(size_t size);
PyAPI_FUNC(void *) PyObject_Calloc(size_t nelem, size_t elsize);
PyAPI_FUNC(void *) PyObject_Realloc(void *ptr, size_t new_size);
PyAPI_FUNC(void) PyObject_Free(void *ptr);

#define PyObject_MALLOC         PyObject_Malloc
#define PyObject_REALLOC        PyObject_Realloc
#define PyObject_FREE           PyObject_Free
#define PyObject_Del            PyObject_Free
#define PyObject_DEL            PyObject_Free

/* ---- initialising memory that is already allocated ---- */
PyAPI_FUNC(PyObject *) PyObject_Init(PyObject *op, PyTypeObject *type);
PyAPI_FUNC(PyVarObject *) PyObject_InitVar(PyVarObject *op, PyTypeObject *type,
                                           Py_ssize_t size);

#define PyObject_INIT(op, typeobj) \
    PyObject_Init(_PyObject_CAST(op), (typeobj))
#define PyObject_INIT_VAR(op, typeobj, size) \
    PyObject_InitVar(_PyVarObject_CAST(op), (typeobj), (size))

/* ---- allocate + initialise (objects without GC support) ---- */
PyAPI_FUNC(PyObject *) _PyObject_New(PyTypeObject *type);
PyAPI_FUNC(PyVarObject *) _PyObject_NewVar(PyTypeObject *type, Py_ssize_t nitems);

#define PyObject_New(type, typeobj) ((type *)_PyObject_New(typeobj))
#define PyObject_NewVar(type, typeobj, n) \
    ((type *)_PyObject_NewVar((typeobj), (n)))
#define PyObject_NEW(type, typeobj)           PyObject_New(type, typeobj)
#define PyObject_NEW_VAR(type, typeobj, n)    PyObject_NewVar(type, typeobj, n)

/* ---- the cyclic garbage collector ---- */
PyAPI_FUNC(Py_ssize_t) PyGC_Collect(void);
PyAPI_FUNC(int) PyGC_Enable(void);
PyAPI_FUNC(int) PyGC_Disable(void);
PyAPI_FUNC(int) PyGC_IsEnabled(void);

PyAPI_FUNC(PyObject *) _PyObject_GC_New(PyTypeObject *type);
PyAPI_FUNC(PyVarObject *) _PyObject_GC_NewVar(PyTypeObject *type, Py_ssize_t nitems);
PyAPI_FUNC(PyVarObject *) _PyObject_GC_Resize(PyVarObject *op, Py_ssize_t nitems);

#define PyObject_GC_New(type, typeobj) ((type *)_PyObject_GC_New(typeobj))
#define PyObject_GC_NewVar(type, typeobj, n) \
    ((type *)_PyObject_GC_NewVar((typeobj), (n)))
#define PyObject_GC_Resize(type, op, n) \
    ((type *)_PyObject_GC_Resize(_PyVarObject_CAST(op), (n)))

/* Start / stop the collector looking at an object; free GC memory. */
PyAPI_FUNC(void) PyObject_GC_Track(void *op);
PyAPI_FUNC(void) PyObject_GC_UnTrack(void *op);
PyAPI_FUNC(void) PyObject_GC_Del(void *op);

PyAPI_FUNC(int) PyObject_GC_IsTracked(PyObject *op);
PyAPI_FUNC(int) PyObject_GC_IsFinalized(PyObject *op);

/* Helper for tp_traverse: visit `op` if non-NULL, returning early when
 * the visitor reports non-zero.  Needs parameters named visit and arg. */
#define Py_VISIT(op)                                                    \
    do {                                                                \
        if (op) {                                                       \
            int _py_visit_rc = visit(_PyObject_CAST(op), arg);          \
            if (_py_visit_rc)                                           \
                return _py_visit_rc;                                    \
        }                                                               \
    } while (0)

#ifndef Py_LIMITED_API
/* Allocation size for instances of a type. */
#define _PyObject_SIZE(typeobj) ((typeobj)->tp_basicsize)
#define _PyObject_VAR_SIZE(typeobj, nitems) \
    _Py_SIZE_ROUND_UP((typeobj)->tp_basicsize + \
                      (nitems) * (typeobj)->tp_itemsize, \
                      SIZEOF_VOID_P)

/* Does the object take part in GC? */
PyAPI_FUNC(int) PyObject_IS_GC(PyObject *obj);
#define PyType_IS_GC(t) PyType_HasFeature((t), Py_TPFLAGS_HAVE_GC)

/* Weak reference support of a type, and where an instance keeps its
 * list of weak references. */
PyAPI_FUNC(int) PyType_SUPPORTS_WEAKREFS(PyTypeObject *type);
PyAPI_FUNC(PyObject **) PyObject_GET_WEAKREFS_LISTPTR(PyObject *op);

/* Large-block allocator behind the object allocator. */
typedef struct {
    void *ctx;
    void *(*alloc)(void *ctx, size_t size);
    void (*free)(void *ctx, void *ptr, size_t size);
} PyObjectArenaAllocator;

PyAPI_FUNC(void) PyObject_GetArenaAllocator(PyObjectArenaAllocator *allocator);
PyAPI_FUNC(void) PyObject_SetArenaAllocator(PyObjectArenaAllocator *allocator);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_OBJIMPL_H */
