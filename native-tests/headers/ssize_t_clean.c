/* ssize_t_clean.c -- compiled with and without PY_SSIZE_T_CLEAN; check.sh
 * inspects which symbols the object file needs: the `_SizeT` entry points
 * with the macro, the plain names without it (as with CPython 3.11). */
#include <Python.h>

PyObject *
ssize_t_clean_probe(PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {(char *)"data", NULL};
    const char *data;
    Py_ssize_t len;
    PyObject *callable = NULL;

    if (!PyArg_ParseTuple(args, "s#|O", &data, &len, &callable)) {
        return NULL;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "s#", kwlist, &data, &len)) {
        return NULL;
    }
    if (callable != NULL) {
        return PyObject_CallFunction(callable, "y#", data, len);
    }
    return Py_BuildValue("(y#n)", data, len, len);
}
