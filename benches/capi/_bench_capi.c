/* _bench_capi -- the C side of the C-boundary benchmarks (benches/capi/run.py): the
 * same source is built against CPython's headers and Pyrite's. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *noargs(PyObject *self, PyObject *unused) { Py_RETURN_NONE; }

static PyObject *one(PyObject *self, PyObject *arg) { return Py_NewRef(arg); }

static PyObject *add2(PyObject *self, PyObject *const *args, Py_ssize_t n)
{
    if (n != 2) {
        PyErr_SetString(PyExc_TypeError, "add2 takes 2 arguments");
        return NULL;
    }
    long a = PyLong_AsLong(args[0]), b = PyLong_AsLong(args[1]);
    if ((a == -1 || b == -1) && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(a + b);
}

static PyObject *make_tuple(PyObject *self, PyObject *arg)
{
    return PyTuple_Pack(3, arg, Py_None, arg);
}

static PyObject *sum_list(PyObject *self, PyObject *list)
{
    if (!PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "list expected");
        return NULL;
    }
    long total = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++)
        total += PyLong_AsLong(PyList_GET_ITEM(list, i));
    return PyLong_FromLong(total);
}

static PyObject *fill_dict(PyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    PyObject *d = PyDict_New();
    if (!d)
        return NULL;
    for (long i = 0; i < n; i++) {
        PyObject *k = PyLong_FromLong(i);
        if (!k || PyDict_SetItem(d, k, k) < 0) {
            Py_XDECREF(k);
            Py_DECREF(d);
            return NULL;
        }
        Py_DECREF(k);
    }
    return d;
}

/* a small C type: allocation and method calls */
typedef struct {
    PyObject_HEAD
    long value;
} CounterObject;

static PyObject *Counter_new(PyTypeObject *t, PyObject *args, PyObject *kw)
{
    CounterObject *self = (CounterObject *)t->tp_alloc(t, 0);
    return (PyObject *)self;
}

static PyObject *Counter_bump(PyObject *self, PyObject *unused)
{
    ((CounterObject *)self)->value++;
    Py_RETURN_NONE;
}

static PyMethodDef Counter_methods[] = {{"bump", Counter_bump, METH_NOARGS, NULL}, {NULL}};

static PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_bench_capi.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Counter_new,
    .tp_methods = Counter_methods,
};

static PyMethodDef methods[] = {
    {"noargs", noargs, METH_NOARGS, NULL},
    {"one", one, METH_O, NULL},
    {"add2", (PyCFunction)(void (*)(void))add2, METH_FASTCALL, NULL},
    {"make_tuple", make_tuple, METH_O, NULL},
    {"sum_list", sum_list, METH_O, NULL},
    {"fill_dict", fill_dict, METH_O, NULL},
    {NULL},
};

static struct PyModuleDef moddef = {PyModuleDef_HEAD_INIT, "_bench_capi", NULL, -1, methods};

PyMODINIT_FUNC PyInit__bench_capi(void)
{
    if (PyType_Ready(&CounterType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&moddef);
    if (!m)
        return NULL;
    Py_INCREF(&CounterType);
    PyModule_AddObject(m, "Counter", (PyObject *)&CounterType);
    return m;
}
