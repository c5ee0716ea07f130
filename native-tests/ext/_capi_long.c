/* _capi_long.c -- integer and bool objects. Driven by py/test_long.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <float.h>

#define CHECK_ERR(x) do { if ((x) == (__typeof__(x))-1 && PyErr_Occurred()) return NULL; } while (0)

static PyObject *as_long(PyObject *self, PyObject *o)
{
    long v = PyLong_AsLong(o);
    CHECK_ERR(v);
    return PyLong_FromLong(v);
}

static PyObject *as_long_and_overflow(PyObject *self, PyObject *o)
{
    int overflow = 7;
    long v = PyLong_AsLongAndOverflow(o, &overflow);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return Py_BuildValue("(li)", v, overflow);
}

static PyObject *as_longlong(PyObject *self, PyObject *o)
{
    long long v = PyLong_AsLongLong(o);
    CHECK_ERR(v);
    return PyLong_FromLongLong(v);
}

static PyObject *as_ulong(PyObject *self, PyObject *o)
{
    unsigned long v = PyLong_AsUnsignedLong(o);
    if (v == (unsigned long)-1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromUnsignedLong(v);
}

static PyObject *as_ulonglong(PyObject *self, PyObject *o)
{
    unsigned long long v = PyLong_AsUnsignedLongLong(o);
    if (v == (unsigned long long)-1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromUnsignedLongLong(v);
}

static PyObject *as_mask(PyObject *self, PyObject *o)
{
    unsigned long v = PyLong_AsUnsignedLongMask(o);
    if (v == (unsigned long)-1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromUnsignedLong(v);
}

static PyObject *as_ssize(PyObject *self, PyObject *o)
{
    Py_ssize_t v = PyLong_AsSsize_t(o);
    CHECK_ERR(v);
    return PyLong_FromSsize_t(v);
}

static PyObject *as_size(PyObject *self, PyObject *o)
{
    size_t v = PyLong_AsSize_t(o);
    if (v == (size_t)-1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromSize_t(v);
}

static PyObject *as_double(PyObject *self, PyObject *o)
{
    double v = PyLong_AsDouble(o);
    if (v == -1.0 && PyErr_Occurred())
        return NULL;
    return PyFloat_FromDouble(v);
}

static PyObject *limits(PyObject *self, PyObject *noargs)
{
    return Py_BuildValue("(NNNNNN)", PyLong_FromLong(LONG_MIN), PyLong_FromLong(LONG_MAX),
                         PyLong_FromUnsignedLong(ULONG_MAX), PyLong_FromLongLong(LLONG_MIN),
                         PyLong_FromUnsignedLongLong(ULLONG_MAX), PyLong_FromSize_t((size_t)-1));
}

static PyObject *from_double(PyObject *self, PyObject *o)
{
    return PyLong_FromDouble(PyFloat_AsDouble(o));
}

static PyObject *from_string(PyObject *self, PyObject *args)
{
    const char *s;
    int base;
    char *end = NULL;
    PyObject *r;
    if (!PyArg_ParseTuple(args, "si", &s, &base))
        return NULL;
    r = PyLong_FromString(s, &end, base);
    if (r == NULL)
        return NULL;
    return Py_BuildValue("(Nn)", r, (Py_ssize_t)(end - s));
}

static PyObject *to_bytes(PyObject *self, PyObject *args)
{
    PyObject *o;
    Py_ssize_t n;
    int little, is_signed;
    unsigned char buf[64];
    if (!PyArg_ParseTuple(args, "Onpp", &o, &n, &little, &is_signed))
        return NULL;
    if (_PyLong_AsByteArray((PyLongObject *)o, buf, (size_t)n, little, is_signed) < 0)
        return NULL;
    return PyBytes_FromStringAndSize((const char *)buf, n);
}

static PyObject *from_bytes(PyObject *self, PyObject *args)
{
    const char *b;
    Py_ssize_t n;
    int little, is_signed;
    if (!PyArg_ParseTuple(args, "y#pp", &b, &n, &little, &is_signed))
        return NULL;
    return _PyLong_FromByteArray((const unsigned char *)b, (size_t)n, little, is_signed);
}

/* digits(o): (ob_size, [digits...]) read directly from the PyLongObject */
static PyObject *digits(PyObject *self, PyObject *o)
{
    PyLongObject *l = (PyLongObject *)o;
    Py_ssize_t n = Py_SIZE(o), i, an = n < 0 ? -n : n;
    PyObject *lst = PyList_New(an);
    for (i = 0; i < an; i++)
        PyList_SET_ITEM(lst, i, PyLong_FromUnsignedLong(l->ob_digit[i]));
    return Py_BuildValue("(nN)", n, lst);
}

static PyObject *bools(PyObject *self, PyObject *noargs)
{
    PyObject *t = PyBool_FromLong(42), *f = PyBool_FromLong(0);
    int ok = t == Py_True && f == Py_False && PyBool_Check(t) && PyLong_Check(t)
             && Py_SIZE(Py_True) == 1 && ((PyLongObject *)Py_True)->ob_digit[0] == 1 && Py_SIZE(Py_False) == 0;
    return Py_BuildValue("(NNi)", t, f, ok);
}

static PyObject *sign_bits(PyObject *self, PyObject *o)
{
    size_t bits = _PyLong_NumBits(o);
    if (bits == (size_t)-1 && PyErr_Occurred())
        return NULL;
    return Py_BuildValue("(in)", _PyLong_Sign(o), (Py_ssize_t)bits);
}

static PyObject *void_ptr(PyObject *self, PyObject *noargs)
{
    static int target;
    PyObject *p = PyLong_FromVoidPtr(&target);
    void *back = PyLong_AsVoidPtr(p);
    Py_DECREF(p);
    return PyBool_FromLong(back == &target);
}

static PyMethodDef methods[] = {
    {"as_long", as_long, METH_O, NULL},
    {"as_long_and_overflow", as_long_and_overflow, METH_O, NULL},
    {"as_longlong", as_longlong, METH_O, NULL},
    {"as_ulong", as_ulong, METH_O, NULL},
    {"as_ulonglong", as_ulonglong, METH_O, NULL},
    {"as_mask", as_mask, METH_O, NULL},
    {"as_ssize", as_ssize, METH_O, NULL},
    {"as_size", as_size, METH_O, NULL},
    {"as_double", as_double, METH_O, NULL},
    {"limits", limits, METH_NOARGS, NULL},
    {"from_double", from_double, METH_O, NULL},
    {"from_string", from_string, METH_VARARGS, NULL},
    {"to_bytes", to_bytes, METH_VARARGS, NULL},
    {"from_bytes", from_bytes, METH_VARARGS, NULL},
    {"digits", digits, METH_O, NULL},
    {"bools", bools, METH_NOARGS, NULL},
    {"sign_bits", sign_bits, METH_O, NULL},
    {"void_ptr", void_ptr, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_long", NULL, -1, methods, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__capi_long(void)
{
    return PyModule_Create(&moddef);
}
