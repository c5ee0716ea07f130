/* pycapsule.h -- capsules: a C pointer wrapped in a Python object, the
 * usual way for one extension to publish a C API to others
 * (e.g. "datetime.datetime_CAPI", numpy's "_ARRAY_API"). */
#ifndef Py_CAPSULE_H
#define Py_CAPSULE_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyCapsule_Type;

/* Called with the capsule when it is destroyed. */
typedef void (*PyCapsule_Destructor)(PyObject *);

#define PyCapsule_CheckExact(op) Py_IS_TYPE((op), &PyCapsule_Type)

PyAPI_FUNC(PyObject *) PyCapsule_New(void *pointer, const char *name,
                                     PyCapsule_Destructor destructor);
PyAPI_FUNC(void *) PyCapsule_GetPointer(PyObject *capsule, const char *name);
PyAPI_FUNC(PyCapsule_Destructor) PyCapsule_GetDestructor(PyObject *capsule);
PyAPI_FUNC(const char *) PyCapsule_GetName(PyObject *capsule);
PyAPI_FUNC(void *) PyCapsule_GetContext(PyObject *capsule);
PyAPI_FUNC(int) PyCapsule_IsValid(PyObject *capsule, const char *name);
PyAPI_FUNC(int) PyCapsule_SetPointer(PyObject *capsule, void *pointer);
PyAPI_FUNC(int) PyCapsule_SetDestructor(PyObject *capsule, PyCapsule_Destructor destructor);
PyAPI_FUNC(int) PyCapsule_SetName(PyObject *capsule, const char *name);
PyAPI_FUNC(int) PyCapsule_SetContext(PyObject *capsule, void *context);
/* Import "package.module.attribute" and return the capsule's pointer. */
PyAPI_FUNC(void *) PyCapsule_Import(const char *name, int no_block);

PYRITE_END_DECLS

#endif /* Py_CAPSULE_H */
