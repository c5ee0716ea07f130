/* _capi_refcount.c -- reference counting, identity and object lifetimes across
 * the C boundary. Driven by native-tests/py/test_refcount.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *held[16];

/* hold(i, o): keep a strong reference to o in slot i */
static PyObject *hold(PyObject *self, PyObject *args)
{
    int i;
    PyObject *o;
    if (!PyArg_ParseTuple(args, "iO", &i, &o))
        return NULL;
    if (i < 0 || i >= 16) {
        PyErr_SetString(PyExc_IndexError, "slot out of range");
        return NULL;
    }
    Py_INCREF(o);
    Py_XSETREF(held[i], o);
    Py_RETURN_NONE;
}

/* release(i): drop the reference in slot i */
static PyObject *release(PyObject *self, PyObject *arg)
{
    long i = PyLong_AsLong(arg);
    if (i == -1 && PyErr_Occurred())
        return NULL;
    Py_CLEAR(held[i]);
    Py_RETURN_NONE;
}

/* get(i): a new reference to the object in slot i */
static PyObject *get(PyObject *self, PyObject *arg)
{
    long i = PyLong_AsLong(arg);
    if (i == -1 && PyErr_Occurred())
        return NULL;
    if (held[i] == NULL)
        Py_RETURN_NONE;
    return Py_NewRef(held[i]);
}

/* address(o): the PyObject* as an int (identity across calls) */
static PyObject *address(PyObject *self, PyObject *o)
{
    return PyLong_FromVoidPtr(o);
}

/* same(a, b): pointer identity inside one call */
static PyObject *same(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO", &a, &b))
        return NULL;
    return PyBool_FromLong(a == b);
}

/* hold_borrowed_item(i, tup, k): take a strong reference to a borrowed tuple item */
static PyObject *hold_borrowed_item(PyObject *self, PyObject *args)
{
    int i;
    Py_ssize_t k;
    PyObject *t, *item;
    if (!PyArg_ParseTuple(args, "iO!n", &i, &PyTuple_Type, &t, &k))
        return NULL;
    item = PyTuple_GetItem(t, k);   /* borrowed */
    if (item == NULL)
        return NULL;
    Py_INCREF(item);
    Py_XSETREF(held[i], item);
    Py_RETURN_NONE;
}

static PyObject *stashed_list;
static PyObject *stashed_item;

/* stash(list): remember a borrowed item pointer from a list C keeps alive */
static PyObject *stash(PyObject *self, PyObject *lst)
{
    if (!PyList_Check(lst) || PyList_GET_SIZE(lst) == 0) {
        PyErr_SetString(PyExc_TypeError, "non-empty list expected");
        return NULL;
    }
    Py_INCREF(lst);
    Py_XSETREF(stashed_list, lst);
    stashed_item = PyList_GetItem(lst, 0);   /* borrowed: valid while the list holds it */
    Py_RETURN_NONE;
}

/* use_stash(): repr of the stashed borrowed item */
static PyObject *use_stash(PyObject *self, PyObject *noargs)
{
    if (stashed_item == NULL)
        Py_RETURN_NONE;
    return PyObject_Repr(stashed_item);
}

static PyObject *unstash(PyObject *self, PyObject *noargs)
{
    stashed_item = NULL;
    Py_CLEAR(stashed_list);
    Py_RETURN_NONE;
}

/* make_and_drop(cls, n): create n instances with cls() and release them at once */
static PyObject *make_and_drop(PyObject *self, PyObject *args)
{
    PyObject *cls;
    int n, i;
    if (!PyArg_ParseTuple(args, "Oi", &cls, &n))
        return NULL;
    for (i = 0; i < n; i++) {
        PyObject *o = PyObject_CallNoArgs(cls);
        if (o == NULL)
            return NULL;
        Py_DECREF(o);
    }
    Py_RETURN_NONE;
}

/* make_kept(cls): create an instance and keep it in slot 15 (C owns the only ref) */
static PyObject *make_kept(PyObject *self, PyObject *cls)
{
    PyObject *o = PyObject_CallNoArgs(cls);
    if (o == NULL)
        return NULL;
    Py_XSETREF(held[15], o);
    Py_RETURN_NONE;
}

/* temp_objects(n): build and drop many temporaries (ints, floats, strings, tuples) */
static PyObject *temp_objects(PyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg), i, total = 0;
    for (i = 0; i < n; i++) {
        PyObject *a = PyLong_FromLong(i * 1000003);
        PyObject *f = PyFloat_FromDouble((double)i / 3.0);
        PyObject *s = PyUnicode_FromFormat("item-%ld", i);
        PyObject *t = PyTuple_Pack(3, a, f, s);
        total += (long)PyTuple_GET_SIZE(t);
        Py_DECREF(t);
        Py_DECREF(a);
        Py_DECREF(f);
        Py_DECREF(s);
    }
    return PyLong_FromLong(total);
}

/* refcnt_delta(o): Py_REFCNT after an INCREF minus before (always 1) */
static PyObject *refcnt_delta(PyObject *self, PyObject *o)
{
    Py_ssize_t before = Py_REFCNT(o), after;
    Py_INCREF(o);
    after = Py_REFCNT(o);
    Py_DECREF(o);
    return PyLong_FromSsize_t(after - before);
}

/* singletons(): identity of the static singletons and small ints */
static PyObject *singletons(PyObject *self, PyObject *noargs)
{
    PyObject *a = PyLong_FromLong(7), *b = PyLong_FromLong(7);
    int ok = (a == b) && Py_IsNone(Py_None) && Py_True == PyBool_FromLong(5)
             && Py_TYPE(Py_None) != NULL && Py_TYPE(a) == &PyLong_Type;
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(Py_True);
    return PyBool_FromLong(ok);
}

/* type_checks(o): a tuple of the fast type checks on o */
static PyObject *type_checks(PyObject *self, PyObject *o)
{
    return Py_BuildValue("(iiiiiiiii)", PyLong_Check(o), PyLong_CheckExact(o), PyFloat_Check(o),
                         PyUnicode_Check(o), PyTuple_Check(o), PyList_Check(o), PyDict_Check(o),
                         PyType_Check(o), PyExceptionInstance_Check(o));
}

/* type_name(o): tp_name of Py_TYPE(o) */
static PyObject *type_name(PyObject *self, PyObject *o)
{
    return PyUnicode_FromString(Py_TYPE(o)->tp_name);
}

static PyMethodDef methods[] = {
    {"hold", hold, METH_VARARGS, NULL},
    {"release", release, METH_O, NULL},
    {"get", get, METH_O, NULL},
    {"address", address, METH_O, NULL},
    {"same", same, METH_VARARGS, NULL},
    {"hold_borrowed_item", hold_borrowed_item, METH_VARARGS, NULL},
    {"stash", stash, METH_O, NULL},
    {"use_stash", use_stash, METH_NOARGS, NULL},
    {"unstash", unstash, METH_NOARGS, NULL},
    {"make_and_drop", make_and_drop, METH_VARARGS, NULL},
    {"make_kept", make_kept, METH_O, NULL},
    {"temp_objects", temp_objects, METH_O, NULL},
    {"refcnt_delta", refcnt_delta, METH_O, NULL},
    {"singletons", singletons, METH_NOARGS, NULL},
    {"type_checks", type_checks, METH_O, NULL},
    {"type_name", type_name, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_refcount", "reference counting tests", -1, methods,
    NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__capi_refcount(void)
{
    return PyModule_Create(&moddef);
}
