/* _capi_errors.c -- exceptions: raising from C, fetching and restoring,
 * matching, new exception classes, warnings, misuse reported as SystemError.
 * Driven by py/test_errors.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <errno.h>

static PyObject *MyError;

static PyObject *set_string(PyObject *self, PyObject *args)
{
    PyObject *t;
    const char *msg;
    if (!PyArg_ParseTuple(args, "Os", &t, &msg))
        return NULL;
    PyErr_SetString(t, msg);
    return NULL;
}

static PyObject *set_object(PyObject *self, PyObject *args)
{
    PyObject *t, *v;
    if (!PyArg_ParseTuple(args, "OO", &t, &v))
        return NULL;
    PyErr_SetObject(t, v);
    return NULL;
}

static PyObject *set_none(PyObject *self, PyObject *t)
{
    PyErr_SetNone(t);
    return NULL;
}

static PyObject *format_(PyObject *self, PyObject *o)
{
    return PyErr_Format(PyExc_TypeError, "expected %s, got %.50s (%R)", "something", Py_TYPE(o)->tp_name, o);
}

static PyObject *own_error(PyObject *self, PyObject *noargs)
{
    PyErr_SetString(MyError, "module error");
    return NULL;
}

/* occurred(f): call f, then report what C sees */
static PyObject *occurred(PyObject *self, PyObject *f)
{
    PyObject *r = PyObject_CallNoArgs(f), *t, *res;
    if (r != NULL)
        return Py_BuildValue("(sN)", "ok", r);
    t = PyErr_Occurred();
    res = Py_BuildValue("(sOiiii)", "error", t, PyErr_ExceptionMatches(PyExc_LookupError),
                        PyErr_ExceptionMatches(PyExc_KeyError), PyErr_GivenExceptionMatches(t, PyExc_Exception),
                        t == PyErr_Occurred());
    PyErr_Clear();
    return res;
}

/* fetch_restore(f): fetch f's exception, check state, restore it */
static PyObject *fetch_restore(PyObject *self, PyObject *f)
{
    PyObject *t, *v, *tb, *r = PyObject_CallNoArgs(f);
    if (r != NULL)
        return r;
    PyErr_Fetch(&t, &v, &tb);
    if (PyErr_Occurred()) {
        PyErr_SetString(PyExc_AssertionError, "Fetch did not clear the indicator");
        return NULL;
    }
    PyErr_Restore(t, v, tb);
    return NULL;
}

static PyObject *normalize(PyObject *self, PyObject *args)
{
    PyObject *t, *v;
    if (!PyArg_ParseTuple(args, "OO", &t, &v))
        return NULL;
    Py_INCREF(t);
    Py_INCREF(v);
    {
        PyObject *tb = NULL;
        PyErr_NormalizeException(&t, &v, &tb);
        Py_XDECREF(tb);
    }
    return Py_BuildValue("(NN)", t, v);
}

static PyObject *exc_info(PyObject *self, PyObject *noargs)
{
    PyObject *t, *v, *tb, *h = PyErr_GetHandledException();
    PyErr_GetExcInfo(&t, &v, &tb);
    return Py_BuildValue("(NNN)", t ? t : Py_NewRef(Py_None), v ? v : Py_NewRef(Py_None),
                         h ? h : Py_NewRef(Py_None));
}

static PyObject *raise_in_handler(PyObject *self, PyObject *noargs)
{
    PyErr_SetString(PyExc_RuntimeError, "raised while handling");
    return NULL;
}

static PyObject *no_memory(PyObject *self, PyObject *noargs)
{
    return PyErr_NoMemory();
}

static PyObject *from_errno(PyObject *self, PyObject *args)
{
    int e;
    const char *fn = NULL;
    if (!PyArg_ParseTuple(args, "i|s", &e, &fn))
        return NULL;
    errno = e;
    if (fn)
        return PyErr_SetFromErrnoWithFilename(PyExc_OSError, fn);
    return PyErr_SetFromErrno(PyExc_OSError);
}

static PyObject *bad_argument(PyObject *self, PyObject *noargs)
{
    PyErr_BadArgument();
    return NULL;
}

static PyObject *bad_internal(PyObject *self, PyObject *noargs)
{
    PyErr_BadInternalCall();
    return NULL;
}

static PyObject *null_without_error(PyObject *self, PyObject *noargs)
{
    return NULL;
}

static PyObject *result_with_error(PyObject *self, PyObject *noargs)
{
    PyErr_SetString(PyExc_ValueError, "forgotten");
    Py_RETURN_NONE;
}

static PyObject *new_exception(PyObject *self, PyObject *args)
{
    const char *name, *doc = NULL;
    PyObject *base = NULL;
    if (!PyArg_ParseTuple(args, "s|zO", &name, &doc, &base))
        return NULL;
    if (doc)
        return PyErr_NewExceptionWithDoc(name, doc, base, NULL);
    return PyErr_NewException(name, base, NULL);
}

static PyObject *warn(PyObject *self, PyObject *args)
{
    PyObject *cat;
    const char *msg;
    if (!PyArg_ParseTuple(args, "Os", &cat, &msg))
        return NULL;
    if (PyErr_WarnEx(cat, msg, 1) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *unraisable(PyObject *self, PyObject *o)
{
    PyErr_SetString(PyExc_RuntimeError, "cannot raise this");
    PyErr_WriteUnraisable(o);
    return PyBool_FromLong(PyErr_Occurred() == NULL);
}

static PyObject *chain(PyObject *self, PyObject *noargs)
{
    PyObject *t, *v, *tb;
    PyErr_SetString(PyExc_KeyError, "first");
    PyErr_Fetch(&t, &v, &tb);
    PyErr_SetString(PyExc_ValueError, "second");
    _PyErr_ChainExceptions(t, v, tb);
    return NULL;
}

static PyObject *exception_attrs(PyObject *self, PyObject *e)
{
    PyObject *cause = PyException_GetCause(e), *ctx = PyException_GetContext(e), *tb = PyException_GetTraceback(e);
    PyObject *newcause = PyUnicode_FromString("not an exception but allowed");
    Py_INCREF(PyExc_ValueError);
    PyException_SetCause(e, PyObject_CallNoArgs(PyExc_ValueError));
    Py_DECREF(PyExc_ValueError);
    Py_DECREF(newcause);
    return Py_BuildValue("(NNiN)", cause ? cause : Py_NewRef(Py_None), ctx ? ctx : Py_NewRef(Py_None), tb != NULL,
                         PyException_GetCause(e));
}

static PyObject *print_it(PyObject *self, PyObject *noargs)
{
    PyErr_SetString(PyExc_ValueError, "printed by PyErr_Print");
    PyErr_Print();
    return PyBool_FromLong(PyErr_Occurred() == NULL);
}

static PyMethodDef methods[] = {
    {"set_string", set_string, METH_VARARGS, NULL},
    {"set_object", set_object, METH_VARARGS, NULL},
    {"set_none", set_none, METH_O, NULL},
    {"format", format_, METH_O, NULL},
    {"own_error", own_error, METH_NOARGS, NULL},
    {"occurred", occurred, METH_O, NULL},
    {"fetch_restore", fetch_restore, METH_O, NULL},
    {"normalize", normalize, METH_VARARGS, NULL},
    {"exc_info", exc_info, METH_NOARGS, NULL},
    {"raise_in_handler", raise_in_handler, METH_NOARGS, NULL},
    {"no_memory", no_memory, METH_NOARGS, NULL},
    {"from_errno", from_errno, METH_VARARGS, NULL},
    {"bad_argument", bad_argument, METH_NOARGS, NULL},
    {"bad_internal", bad_internal, METH_NOARGS, NULL},
    {"null_without_error", null_without_error, METH_NOARGS, NULL},
    {"result_with_error", result_with_error, METH_NOARGS, NULL},
    {"new_exception", new_exception, METH_VARARGS, NULL},
    {"warn", warn, METH_VARARGS, NULL},
    {"unraisable", unraisable, METH_O, NULL},
    {"chain", chain, METH_NOARGS, NULL},
    {"exception_attrs", exception_attrs, METH_O, NULL},
    {"print_it", print_it, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_errors", NULL, -1, methods, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__capi_errors(void)
{
    PyObject *m = PyModule_Create(&moddef);
    if (m == NULL)
        return NULL;
    MyError = PyErr_NewException("_capi_errors.MyError", PyExc_ValueError, NULL);
    if (PyModule_AddObjectRef(m, "MyError", MyError) < 0)
        return NULL;
    return m;
}
