/* _capi_sub.c -- a single-phase extension module inside a package
 * (pkg/_capi_sub.so, imported as pkg._capi_sub). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *whoami(PyObject *module, PyObject *noargs)
{
    return PyModule_GetNameObject(module);
}

static PyMethodDef methods[] = {
    {"whoami", whoami, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_sub", NULL, -1, methods, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__capi_sub(void)
{
    return PyModule_Create(&moddef);
}
