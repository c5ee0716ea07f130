/* _capi_misuse.c -- deliberate C-API misuse, for PYRITE_CAPI_DEBUG=1: each
 * function must end in a clear "Fatal Python error: <function>: <what>". */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* release references it does not own until the count reaches zero */
static PyObject *over_decref(PyObject *self, PyObject *o)
{
    int i;
    for (i = 0; i < 64; i++)
        Py_DECREF(o);
    Py_RETURN_NONE;
}

/* use an object after releasing the only reference */
static PyObject *use_after_free(PyObject *self, PyObject *noargs)
{
    PyObject *f = PyFloat_FromDouble(1e300);
    Py_DECREF(f);
    return PyObject_Repr(f);
}

/* return NULL without setting an exception */
static PyObject *null_no_error(PyObject *self, PyObject *noargs)
{
    return NULL;
}

/* return a result with an exception set */
static PyObject *result_and_error(PyObject *self, PyObject *noargs)
{
    PyErr_SetString(PyExc_ValueError, "left behind");
    Py_RETURN_NONE;
}

/* use the API between Py_BEGIN_ALLOW_THREADS and Py_END_ALLOW_THREADS */
static PyObject *without_gil(PyObject *self, PyObject *o)
{
    PyObject *r;
    Py_BEGIN_ALLOW_THREADS
    r = PyObject_Repr(o);
    Py_END_ALLOW_THREADS
    return r;
}

static PyMethodDef methods[] = {
    {"without_gil", without_gil, METH_O, NULL},
    {"over_decref", over_decref, METH_O, NULL},
    {"use_after_free", use_after_free, METH_NOARGS, NULL},
    {"null_no_error", null_no_error, METH_NOARGS, NULL},
    {"result_and_error", result_and_error, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_misuse", NULL, -1, methods, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__capi_misuse(void)
{
    return PyModule_Create(&moddef);
}
