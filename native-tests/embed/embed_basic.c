/* embed_basic.c -- a C program embedding Pyrite through the C API: start the
 * interpreter, run code, exchange values, handle errors, shut down.
 * Prints lines checked by tests/capi.rs. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>

static PyObject *host_add(PyObject *self, PyObject *args)
{
    long a, b;
    if (!PyArg_ParseTuple(args, "ll", &a, &b))
        return NULL;
    return PyLong_FromLong(a + b);
}

static PyMethodDef host_methods[] = {
    {"add", host_add, METH_VARARGS, "add two numbers in the host program"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef host_module = {
    PyModuleDef_HEAD_INIT, "host", NULL, -1, host_methods, NULL, NULL, NULL, NULL
};

static PyObject *PyInit_host(void)
{
    return PyModule_Create(&host_module);
}

int main(int argc, char **argv)
{
    PyObject *main_mod, *globals, *r, *f, *arg;
    (void)argc;
    (void)argv;
    if (PyImport_AppendInittab("host", PyInit_host) < 0)
        return 10;
    if (Py_IsInitialized())
        return 11;
    Py_Initialize();
    if (!Py_IsInitialized())
        return 12;

    if (PyRun_SimpleString("import sys\nprint('embedded', sys.version_info[:2])") != 0)
        return 13;

    main_mod = PyImport_AddModule("__main__");
    globals = PyModule_GetDict(main_mod);
    r = PyRun_String("def square(x):\n    return x * x\nvalues = [square(i) for i in range(5)]\n",
                     Py_file_input, globals, globals);
    if (r == NULL) {
        PyErr_Print();
        return 14;
    }
    Py_DECREF(r);

    f = PyDict_GetItemString(globals, "square");
    arg = PyLong_FromLong(12);
    r = PyObject_CallOneArg(f, arg);
    Py_DECREF(arg);
    printf("square(12) = %ld\n", PyLong_AsLong(r));
    Py_DECREF(r);

    r = PyDict_GetItemString(globals, "values");
    printf("values has %zd items, last %ld\n", PyList_Size(r), PyLong_AsLong(PyList_GetItem(r, 4)));

    r = PyRun_String("sum(values) / len(values)", Py_eval_input, globals, globals);
    printf("mean = %.1f\n", PyFloat_AsDouble(r));
    Py_DECREF(r);

    /* a module registered by the host with PyImport_AppendInittab */
    if (PyRun_SimpleString("import host\nprint('host.add:', host.add(40, 2))") != 0)
        return 15;

    /* errors: PyRun_SimpleString prints the traceback and returns -1 */
    fflush(stdout);
    if (PyRun_SimpleString("raise ValueError('reported by the host')") != -1)
        return 16;
    r = PyRun_String("1/0", Py_eval_input, globals, globals);
    if (r != NULL || !PyErr_ExceptionMatches(PyExc_ZeroDivisionError))
        return 17;
    PyErr_Clear();
    printf("caught ZeroDivisionError in C\n");

    fflush(stdout);
    if (Py_FinalizeEx() < 0)
        return 18;
    printf("finalized\n");
    return 0;
}
