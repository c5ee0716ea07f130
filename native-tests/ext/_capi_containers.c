/* _capi_containers.c -- tuple, list, dict, set and slice objects, including the
 * inline macros on mirrors and keeping containers in step across the boundary.
 * Driven by py/test_containers.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* ---- tuples ---- */

static PyObject *tuple_make(PyObject *self, PyObject *args)
{
    Py_ssize_t n, i;
    PyObject *t;
    if (!PyArg_ParseTuple(args, "n", &n))
        return NULL;
    t = PyTuple_New(n);
    for (i = 0; i < n; i++)
        PyTuple_SET_ITEM(t, i, PyLong_FromSsize_t(i * i * 1000));
    return t;
}

static PyObject *tuple_read(PyObject *self, PyObject *t)
{
    Py_ssize_t i, n;
    PyObject *l;
    if (!PyTuple_Check(t)) {
        PyErr_SetString(PyExc_TypeError, "tuple expected");
        return NULL;
    }
    n = PyTuple_GET_SIZE(t);
    l = PyList_New(0);
    for (i = 0; i < n; i++)
        if (PyList_Append(l, PyTuple_GET_ITEM(t, i)) < 0)
            return NULL;
    if (PyTuple_Size(t) != n || (n && PyTuple_GetItem(t, 0) != PyTuple_GET_ITEM(t, 0))) {
        PyErr_SetString(PyExc_AssertionError, "inconsistent tuple");
        return NULL;
    }
    return l;
}

static PyObject *tuple_api(PyObject *self, PyObject *t)
{
    PyObject *s = PyTuple_GetSlice(t, 1, 3), *x = PyTuple_GetItem(t, 99);
    PyObject *pack = PyTuple_Pack(2, t, Py_None);
    if (x != NULL || !PyErr_ExceptionMatches(PyExc_IndexError))
        return NULL;
    PyErr_Clear();
    return Py_BuildValue("(NNn)", s, pack, PyTuple_Size(t));
}

/* tuple_reuse(f, n): call f(t) n times with one tuple rewritten in place */
static PyObject *tuple_reuse(PyObject *self, PyObject *args)
{
    PyObject *f, *t, *results;
    int n, i;
    if (!PyArg_ParseTuple(args, "Oi", &f, &n))
        return NULL;
    t = PyTuple_New(1);
    PyTuple_SET_ITEM(t, 0, PyLong_FromLong(-1));
    results = PyList_New(0);
    for (i = 0; i < n; i++) {
        PyObject *r, *old = PyTuple_GET_ITEM(t, 0);
        PyTuple_SET_ITEM(t, 0, PyLong_FromLong(i * 10));
        Py_DECREF(old);
        r = PyObject_Call(f, t, NULL);
        if (r == NULL) {
            Py_DECREF(t);
            Py_DECREF(results);
            return NULL;
        }
        PyList_Append(results, r);
        Py_DECREF(r);
    }
    Py_DECREF(t);
    return results;
}

static PyObject *tuple_resize(PyObject *self, PyObject *noargs)
{
    PyObject *t = PyTuple_New(4);
    int i;
    for (i = 0; i < 4; i++)
        PyTuple_SET_ITEM(t, i, PyLong_FromLong(i));
    if (_PyTuple_Resize(&t, 2) < 0)
        return NULL;
    return t;
}

/* ---- lists ---- */

static PyObject *list_make(PyObject *self, PyObject *args)
{
    Py_ssize_t n, i;
    PyObject *l;
    if (!PyArg_ParseTuple(args, "n", &n))
        return NULL;
    l = PyList_New(n);
    for (i = 0; i < n; i++)
        PyList_SET_ITEM(l, i, PyUnicode_FromFormat("s%zd", i));
    return l;
}

static PyObject *list_read(PyObject *self, PyObject *l)
{
    Py_ssize_t i, n;
    PyObject *t;
    if (!PyList_Check(l)) {
        PyErr_SetString(PyExc_TypeError, "list expected");
        return NULL;
    }
    n = PyList_GET_SIZE(l);
    t = PyTuple_New(n);
    for (i = 0; i < n; i++) {
        PyObject *it = PyList_GET_ITEM(l, i);
        if (it != PyList_GetItem(l, i)) {
            PyErr_SetString(PyExc_AssertionError, "GET_ITEM and GetItem disagree");
            Py_DECREF(t);
            return NULL;
        }
        Py_INCREF(it);
        PyTuple_SET_ITEM(t, i, it);
    }
    return t;
}

static PyObject *list_api(PyObject *self, PyObject *l)
{
    PyObject *x = PyLong_FromLong(100000);
    if (PyList_Append(l, x) < 0 || PyList_Insert(l, 0, x) < 0)
        return NULL;
    Py_DECREF(x);
    if (PyList_SetItem(l, 1, PyUnicode_FromString("set")) < 0)
        return NULL;
    if (PyList_Reverse(l) < 0)
        return NULL;
    return Py_BuildValue("(NnN)", PyList_GetSlice(l, 0, 2), PyList_Size(l), PyList_AsTuple(l));
}

static PyObject *list_sort(PyObject *self, PyObject *l)
{
    if (PyList_Sort(l) < 0)
        return NULL;
    return Py_BuildValue("(OO)", PyList_GET_ITEM(l, 0), PyList_GET_ITEM(l, PyList_GET_SIZE(l) - 1));
}

/* list_mutated_by_callback(l, f): f(l) mutates the list; C looks again */
static PyObject *list_mutated_by_callback(PyObject *self, PyObject *args)
{
    PyObject *l, *f, *r;
    Py_ssize_t before;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &l, &f))
        return NULL;
    before = PyList_GET_SIZE(l);
    r = PyObject_CallOneArg(f, l);
    if (r == NULL)
        return NULL;
    Py_DECREF(r);
    return Py_BuildValue("(nnO)", before, PyList_Size(l), PyList_GetItem(l, 0));
}

static PyObject *held_list;

static PyObject *list_hold(PyObject *self, PyObject *l)
{
    Py_INCREF(l);
    Py_XSETREF(held_list, l);
    Py_RETURN_NONE;
}

/* list_held_view(): what the list held since an earlier call looks like now */
static PyObject *list_held_view(PyObject *self, PyObject *noargs)
{
    PyObject *r = PySequence_List(held_list);
    return r;
}

static PyObject *list_slices(PyObject *self, PyObject *l)
{
    PyObject *ins = Py_BuildValue("[iii]", 7, 8, 9);
    if (PyList_SetSlice(l, 1, 2, ins) < 0)
        return NULL;
    Py_DECREF(ins);
    if (PyList_SetSlice(l, 0, 1, NULL) < 0)
        return NULL;
    Py_INCREF(l);
    return l;
}

static PyObject *fast_sum(PyObject *self, PyObject *seq)
{
    PyObject *fast = PySequence_Fast(seq, "expected a sequence");
    Py_ssize_t i, n;
    double total = 0;
    if (fast == NULL)
        return NULL;
    n = PySequence_Fast_GET_SIZE(fast);
    for (i = 0; i < n; i++) {
        double d = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(fast, i));
        if (d == -1.0 && PyErr_Occurred()) {
            Py_DECREF(fast);
            return NULL;
        }
        total += d;
    }
    Py_DECREF(fast);
    return PyFloat_FromDouble(total);
}

/* ---- dicts ---- */

static PyObject *dict_make(PyObject *self, PyObject *noargs)
{
    PyObject *d = PyDict_New(), *v = PyLong_FromLong(123456);
    PyDict_SetItemString(d, "a", v);
    PyDict_SetItem(d, v, Py_None);
    Py_DECREF(v);
    PyDict_SetItemString(d, "f", PyFloat_FromDouble(0.5));   /* leaks one ref: fine */
    return d;
}

/* dict_items(d): items via PyDict_Next with borrowed keys and values */
static PyObject *dict_items(PyObject *self, PyObject *d)
{
    Py_ssize_t pos = 0;
    PyObject *k, *v, *l = PyList_New(0);
    while (PyDict_Next(d, &pos, &k, &v)) {
        PyObject *t = PyTuple_Pack(2, k, v);
        PyList_Append(l, t);
        Py_DECREF(t);
    }
    return l;
}

static PyObject *dict_get(PyObject *self, PyObject *args)
{
    PyObject *d, *k, *v, *w;
    if (!PyArg_ParseTuple(args, "OO", &d, &k))
        return NULL;
    v = PyDict_GetItem(d, k);
    w = PyDict_GetItemWithError(d, k);
    if (w == NULL && PyErr_Occurred())
        return NULL;
    if (v != w) {
        PyErr_SetString(PyExc_AssertionError, "GetItem and GetItemWithError disagree");
        return NULL;
    }
    return Py_BuildValue("(Oin)", v ? v : Py_None, PyDict_Contains(d, k), PyDict_GET_SIZE(d));
}

static PyObject *dict_api(PyObject *self, PyObject *d)
{
    PyObject *other = Py_BuildValue("{s:i,s:i}", "x", 1, "y", 2), *dflt = PyLong_FromLong(5);
    PyObject *sd;
    if (PyDict_Merge(d, other, 0) < 0 || PyDict_Update(d, other) < 0)
        return NULL;
    sd = PyDict_SetDefault(d, dflt, dflt);
    if (PyDict_DelItemString(d, "y") < 0)
        return NULL;
    Py_DECREF(other);
    Py_DECREF(dflt);
    return Py_BuildValue("(ONNNNn)", sd, PyDict_Keys(d), PyDict_Values(d), PyDict_Items(d), PyDict_Copy(d),
                         PyDict_Size(d));
}

static PyObject *dict_missing(PyObject *self, PyObject *d)
{
    PyObject *k = PyUnicode_FromString("missing");
    int r = PyDict_DelItem(d, k);
    Py_DECREF(k);
    if (r < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *dict_unhashable(PyObject *self, PyObject *d)
{
    PyObject *k = PyList_New(0), *v;
    v = PyDict_GetItem(d, k);                     /* swallows the error */
    if (v != NULL || PyErr_Occurred())
        return NULL;
    v = PyDict_GetItemWithError(d, k);            /* reports it */
    Py_DECREF(k);
    return v;
}

/* ---- sets and slices ---- */

static PyObject *set_api(PyObject *self, PyObject *items)
{
    PyObject *s = PySet_New(items), *f, *one = PyLong_FromLong(1), *key;
    Py_ssize_t pos = 0, count = 0;
    Py_hash_t h;
    if (s == NULL)
        return NULL;
    PySet_Add(s, one);
    PySet_Discard(s, Py_None);
    while (_PySet_NextEntry(s, &pos, &key, &h))
        count++;
    f = PyFrozenSet_New(s);
    Py_DECREF(one);
    return Py_BuildValue("(NNnin)", s, f, PySet_Size(s), PySet_Contains(s, Py_True), count);
}

static PyObject *slice_api(PyObject *self, PyObject *args)
{
    PyObject *sl;
    Py_ssize_t len, start, stop, step, n;
    if (!PyArg_ParseTuple(args, "On", &sl, &len))
        return NULL;
    if (PySlice_Unpack(sl, &start, &stop, &step) < 0)
        return NULL;
    n = PySlice_AdjustIndices(len, &start, &stop, step);
    return Py_BuildValue("(nnnn)", start, stop, step, n);
}

static PyObject *slice_new(PyObject *self, PyObject *noargs)
{
    PyObject *a = PyLong_FromLong(1), *b = PyLong_FromLong(9);
    PyObject *s = PySlice_New(a, b, NULL);
    Py_DECREF(a);
    Py_DECREF(b);
    return s;
}

static PyMethodDef methods[] = {
    {"tuple_make", tuple_make, METH_VARARGS, NULL},
    {"tuple_read", tuple_read, METH_O, NULL},
    {"tuple_api", tuple_api, METH_O, NULL},
    {"tuple_reuse", tuple_reuse, METH_VARARGS, NULL},
    {"tuple_resize", tuple_resize, METH_NOARGS, NULL},
    {"list_make", list_make, METH_VARARGS, NULL},
    {"list_read", list_read, METH_O, NULL},
    {"list_api", list_api, METH_O, NULL},
    {"list_sort", list_sort, METH_O, NULL},
    {"list_mutated_by_callback", list_mutated_by_callback, METH_VARARGS, NULL},
    {"list_hold", list_hold, METH_O, NULL},
    {"list_held_view", list_held_view, METH_NOARGS, NULL},
    {"list_slices", list_slices, METH_O, NULL},
    {"fast_sum", fast_sum, METH_O, NULL},
    {"dict_make", dict_make, METH_NOARGS, NULL},
    {"dict_items", dict_items, METH_O, NULL},
    {"dict_get", dict_get, METH_VARARGS, NULL},
    {"dict_api", dict_api, METH_O, NULL},
    {"dict_missing", dict_missing, METH_O, NULL},
    {"dict_unhashable", dict_unhashable, METH_O, NULL},
    {"set_api", set_api, METH_O, NULL},
    {"slice_api", slice_api, METH_VARARGS, NULL},
    {"slice_new", slice_new, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_containers", NULL, -1, methods, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__capi_containers(void)
{
    return PyModule_Create(&moddef);
}
