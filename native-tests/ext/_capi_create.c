/* _capi_create.c -- multi-phase init with a Py_mod_create slot returning a
 * module made from the spec, and a failing exec slot (_capi_badexec). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *create(PyObject *spec, PyModuleDef *def)
{
    PyObject *name = PyObject_GetAttrString(spec, "name"), *m;
    if (name == NULL)
        return NULL;
    m = PyModule_NewObject(name);
    Py_DECREF(name);
    if (m != NULL && PyModule_AddStringConstant(m, "CREATED_BY", "Py_mod_create") < 0)
        return NULL;
    return m;
}

static PyModuleDef_Slot slots[] = {
    {Py_mod_create, (void *)create},
    {0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_create", NULL, 0, NULL, slots, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__capi_create(void)
{
    return PyModuleDef_Init(&moddef);
}
