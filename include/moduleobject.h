/* moduleobject.h -- module objects and module definitions (PEP 3121,
 * PEP 489 multi-phase initialisation). */
#ifndef Py_MODULEOBJECT_H
#define Py_MODULEOBJECT_H

#include "object.h"
#include "methodobject.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyModule_Type;
PyAPI_DATA(PyTypeObject) PyModuleDef_Type;

#define PyModule_Check(op) PyObject_TypeCheck((op), &PyModule_Type)
#define PyModule_CheckExact(op) Py_IS_TYPE((op), &PyModule_Type)

PyAPI_FUNC(PyObject *) PyModule_NewObject(PyObject *name);
PyAPI_FUNC(PyObject *) PyModule_New(const char *name);
PyAPI_FUNC(PyObject *) PyModule_GetDict(PyObject *module);
PyAPI_FUNC(PyObject *) PyModule_GetNameObject(PyObject *module);
PyAPI_FUNC(const char *) PyModule_GetName(PyObject *module);
Py_DEPRECATED(3.2) PyAPI_FUNC(const char *) PyModule_GetFilename(PyObject *module);
PyAPI_FUNC(PyObject *) PyModule_GetFilenameObject(PyObject *module);
PyAPI_FUNC(PyModuleDef *) PyModule_GetDef(PyObject *module);
PyAPI_FUNC(void *) PyModule_GetState(PyObject *module);

/* Return the definition as an object, for multi-phase initialisation:
 *     PyMODINIT_FUNC PyInit_m(void) { return PyModuleDef_Init(&def); } */
PyAPI_FUNC(PyObject *) PyModuleDef_Init(PyModuleDef *def);

#ifndef Py_LIMITED_API
PyAPI_FUNC(void) _PyModule_Clear(PyObject *module);
PyAPI_FUNC(void) _PyModule_ClearDict(PyObject *dict);
PyAPI_FUNC(int) _PyModuleSpec_IsInitializing(PyObject *spec);
#endif

/* Header of a PyModuleDef.  Layout (x86_64): ob_base 0, m_init 16,
 * m_index 24, m_copy 32; size 40. */
typedef struct PyModuleDef_Base {
    PyObject_HEAD
    PyObject *(*m_init)(void);
    Py_ssize_t m_index;         /* index in the interpreter's module list */
    PyObject *m_copy;           /* saved __dict__ for single-phase modules */
} PyModuleDef_Base;

#define PyModuleDef_HEAD_INIT { PyObject_HEAD_INIT(NULL) NULL, 0, NULL }

/* Multi-phase initialisation slot: {slot id, function}, ends with {0, NULL}. */
struct PyModuleDef_Slot {
    int slot;
    void *value;
};

#define Py_mod_create 1     /* PyObject *create(PyObject *spec, PyModuleDef *def) */
#define Py_mod_exec   2     /* int exec(PyObject *module) */
#ifndef Py_LIMITED_API
#define _Py_mod_LAST_SLOT 2
#endif

/* Layout (x86_64): m_base 0, m_name 40, m_doc 48, m_size 56,
 * m_methods 64, m_slots 72, m_traverse 80, m_clear 88, m_free 96;
 * size 104. */
struct PyModuleDef {
    PyModuleDef_Base m_base;
    const char *m_name;
    const char *m_doc;
    Py_ssize_t m_size;          /* per-module state size, -1: no sub-interpreter support */
    PyMethodDef *m_methods;
    PyModuleDef_Slot *m_slots;
    traverseproc m_traverse;
    inquiry m_clear;
    freefunc m_free;
};

PYRITE_END_DECLS

#endif /* Py_MODULEOBJECT_H */
