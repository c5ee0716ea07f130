/* _capi_object.c -- the object protocol and calling Python from C.
 * Driven by py/test_object.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *attrs(PyObject *self, PyObject *o)
{
    PyObject *name = PyUnicode_FromString("value"), *v, *v2, *r;
    PyObject *seven = PyLong_FromLong(7);
    int has_before = PyObject_HasAttr(o, name);
    if (PyObject_SetAttr(o, name, seven) < 0)
        return NULL;
    v = PyObject_GetAttr(o, name);
    v2 = PyObject_GetAttrString(o, "value");
    if (PyObject_SetAttrString(o, "other", Py_True) < 0 || PyObject_DelAttrString(o, "other") < 0)
        return NULL;
    r = Py_BuildValue("(iNNii)", has_before, v, v2, PyObject_HasAttrString(o, "value"), PyObject_HasAttrString(o, "other"));
    Py_DECREF(name);
    Py_DECREF(seven);
    return r;
}

static PyObject *getattr_(PyObject *self, PyObject *args)
{
    PyObject *o;
    const char *n;
    if (!PyArg_ParseTuple(args, "Os", &o, &n))
        return NULL;
    return PyObject_GetAttrString(o, n);
}

static PyObject *lookup(PyObject *self, PyObject *args)
{
    PyObject *o, *n, *res = NULL;
    int r;
    if (!PyArg_ParseTuple(args, "OU", &o, &n))
        return NULL;
    r = _PyObject_LookupAttr(o, n, &res);
    if (r < 0)
        return NULL;
    return Py_BuildValue("(iN)", r, res ? res : Py_NewRef(Py_None));
}

static PyObject *conv(PyObject *self, PyObject *o)
{
    return Py_BuildValue("(NNNn)", PyObject_Repr(o), PyObject_Str(o), PyObject_ASCII(o), PyObject_Hash(o));
}

static PyObject *compare(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    int op;
    if (!PyArg_ParseTuple(args, "OOi", &a, &b, &op))
        return NULL;
    return Py_BuildValue("(Ni)", PyObject_RichCompare(a, b, op), PyObject_RichCompareBool(a, b, op));
}

static PyObject *truth(PyObject *self, PyObject *o)
{
    int t = PyObject_IsTrue(o), n;
    if (t < 0)
        return NULL;
    n = PyObject_Not(o);
    return Py_BuildValue("(ii)", t, n);
}

static PyObject *misc(PyObject *self, PyObject *o)
{
    return Py_BuildValue("(NnNi)", PyObject_Type(o), PyObject_Length(o), PyObject_Dir(o), PyCallable_Check(o));
}

static PyObject *items(PyObject *self, PyObject *args)
{
    PyObject *o, *k, *v, *got;
    if (!PyArg_ParseTuple(args, "OOO", &o, &k, &v))
        return NULL;
    if (PyObject_SetItem(o, k, v) < 0)
        return NULL;
    got = PyObject_GetItem(o, k);
    if (got == NULL)
        return NULL;
    if (PyObject_DelItem(o, k) < 0)
        return NULL;
    return got;
}

static PyObject *iterate(PyObject *self, PyObject *o)
{
    PyObject *it = PyObject_GetIter(o), *item, *l;
    if (it == NULL)
        return NULL;
    l = PyList_New(0);
    while ((item = PyIter_Next(it)) != NULL) {
        PyList_Append(l, item);
        Py_DECREF(item);
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) {
        Py_DECREF(l);
        return NULL;
    }
    return l;
}

static PyObject *isinst(PyObject *self, PyObject *args)
{
    PyObject *o, *c;
    int a, b;
    if (!PyArg_ParseTuple(args, "OO", &o, &c))
        return NULL;
    a = PyObject_IsInstance(o, c);
    if (a < 0)
        return NULL;
    b = PyObject_IsSubclass((PyObject *)Py_TYPE(o), c);
    if (b < 0)
        return NULL;
    return Py_BuildValue("(ii)", a, b);
}

static PyObject *format(PyObject *self, PyObject *args)
{
    PyObject *o, *spec;
    if (!PyArg_ParseTuple(args, "OU", &o, &spec))
        return NULL;
    return PyObject_Format(o, spec);
}

/* calls(f): call f in every supported way; results in a list */
static PyObject *calls(PyObject *self, PyObject *f)
{
    PyObject *l = PyList_New(0), *r, *args, *kw, *kwnames, *stack[4], *one, *two;
    one = PyLong_FromLong(1);
    two = PyLong_FromLong(2);
#define ADD(expr) do { r = (expr); if (r == NULL) goto fail; PyList_Append(l, r); Py_DECREF(r); } while (0)
    ADD(PyObject_CallNoArgs(f));
    ADD(PyObject_CallOneArg(f, one));
    args = PyTuple_Pack(2, one, two);
    kw = Py_BuildValue("{s:i}", "k", 3);
    ADD(PyObject_Call(f, args, kw));
    ADD(PyObject_CallObject(f, args));
    ADD(PyObject_CallObject(f, NULL));
    Py_DECREF(args);
    Py_DECREF(kw);
    ADD(PyObject_CallFunction(f, "iis", 1, 2, "x"));
    ADD(PyObject_CallFunction(f, "i", 5));
    ADD(PyObject_CallFunction(f, NULL));
    ADD(PyObject_CallFunctionObjArgs(f, one, two, NULL));
    stack[0] = one;
    stack[1] = two;
    stack[2] = PyLong_FromLong(9);
    kwnames = Py_BuildValue("(s)", "k");
    ADD(PyObject_Vectorcall(f, stack, 2, kwnames));
    Py_DECREF(stack[2]);
    Py_DECREF(kwnames);
    ADD(PyObject_Vectorcall(f, stack, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL));
    kw = Py_BuildValue("{s:s}", "k", "dict");
    ADD(PyObject_VectorcallDict(f, stack, 2, kw));
    Py_DECREF(kw);
    Py_DECREF(one);
    Py_DECREF(two);
    return l;
fail:
    Py_DECREF(l);
    return NULL;
#undef ADD
}

static PyObject *methods_(PyObject *self, PyObject *o)
{
    PyObject *name = PyUnicode_FromString("method"), *arg = PyLong_FromLong(4), *stack[2];
    PyObject *a = PyObject_CallMethod(o, "method", "i", 1);
    PyObject *b = PyObject_CallMethodObjArgs(o, name, arg, NULL);
    PyObject *c;
    stack[0] = o;
    stack[1] = arg;
    c = PyObject_VectorcallMethod(name, stack, 2, NULL);
    Py_DECREF(name);
    Py_DECREF(arg);
    if (!a || !b || !c)
        return NULL;
    return Py_BuildValue("(NNN)", a, b, c);
}

/* call_and_return_error(f): call f; on error, return the exception C fetched */
static PyObject *call_and_fetch(PyObject *self, PyObject *f)
{
    PyObject *r = PyObject_CallNoArgs(f), *t, *v, *tb;
    if (r != NULL)
        return r;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    Py_XDECREF(t);
    Py_XDECREF(tb);
    return v;
}

/* call_passthrough(f): call f; a Python exception propagates back unchanged */
static PyObject *call_passthrough(PyObject *self, PyObject *f)
{
    return PyObject_CallNoArgs(f);
}

static PyObject *seq(PyObject *self, PyObject *o)
{
    PyObject *cnt = PyLong_FromLong(2);
    PyObject *r = Py_BuildValue("(iNNNnnnNN)", PySequence_Check(o), PySequence_GetItem(o, -1),
                                PySequence_GetSlice(o, 1, 3), PySequence_Concat(o, o),
                                PySequence_Count(o, cnt), PySequence_Index(o, cnt),
                                (Py_ssize_t)PySequence_Contains(o, cnt), PySequence_Tuple(o), PySequence_List(o));
    Py_DECREF(cnt);
    return r;
}

static PyObject *seq_set(PyObject *self, PyObject *o)
{
    PyObject *x = PyUnicode_FromString("x");
    if (PySequence_SetItem(o, 0, x) < 0 || PySequence_DelItem(o, -1) < 0)
        return NULL;
    Py_DECREF(x);
    Py_INCREF(o);
    return o;
}

static PyObject *mapping(PyObject *self, PyObject *o)
{
    PyObject *v = PyLong_FromLong(3);
    if (PyMapping_SetItemString(o, "three", v) < 0)
        return NULL;
    Py_DECREF(v);
    return Py_BuildValue("(iNiiNNN)", PyMapping_Check(o), PyMapping_GetItemString(o, "three"),
                         PyMapping_HasKeyString(o, "three"), PyMapping_HasKeyString(o, "nope"),
                         PyMapping_Keys(o), PyMapping_Values(o), PyMapping_Items(o));
}

static PyObject *slots(PyObject *self, PyObject *o)
{
    /* call type slots directly, as Cython-generated code does */
    PyTypeObject *t = Py_TYPE(o);
    PyObject *r = t->tp_repr(o);
    PyObject *it = t->tp_iter ? t->tp_iter(o) : NULL, *first = NULL;
    if (it) {
        first = Py_TYPE(it)->tp_iternext(it);
        Py_DECREF(it);
    }
    return Py_BuildValue("(NNi)", r, first ? first : Py_NewRef(Py_None), t->tp_as_sequence != NULL && t->tp_as_sequence->sq_length != NULL);
}

static PyMethodDef methods[] = {
    {"attrs", attrs, METH_O, NULL},
    {"getattr", getattr_, METH_VARARGS, NULL},
    {"lookup", lookup, METH_VARARGS, NULL},
    {"conv", conv, METH_O, NULL},
    {"compare", compare, METH_VARARGS, NULL},
    {"truth", truth, METH_O, NULL},
    {"misc", misc, METH_O, NULL},
    {"items", items, METH_VARARGS, NULL},
    {"iterate", iterate, METH_O, NULL},
    {"isinst", isinst, METH_VARARGS, NULL},
    {"format", format, METH_VARARGS, NULL},
    {"calls", calls, METH_O, NULL},
    {"methods", methods_, METH_O, NULL},
    {"call_and_fetch", call_and_fetch, METH_O, NULL},
    {"call_passthrough", call_passthrough, METH_O, NULL},
    {"seq", seq, METH_O, NULL},
    {"seq_set", seq_set, METH_O, NULL},
    {"mapping", mapping, METH_O, NULL},
    {"slots", slots, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_object", NULL, -1, methods, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__capi_object(void)
{
    return PyModule_Create(&moddef);
}
