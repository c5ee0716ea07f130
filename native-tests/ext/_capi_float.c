/* _capi_float.c -- float and complex objects, and the number protocol.
 * Driven by py/test_float.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <float.h>

static PyObject *as_double(PyObject *self, PyObject *o)
{
    double d = PyFloat_AsDouble(o);
    if (d == -1.0 && PyErr_Occurred())
        return NULL;
    return PyFloat_FromDouble(d);
}

/* macro_value(f): PyFloat_AS_DOUBLE read inline (exact floats only) */
static PyObject *macro_value(PyObject *self, PyObject *o)
{
    if (!PyFloat_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "float expected");
        return NULL;
    }
    return PyFloat_FromDouble(PyFloat_AS_DOUBLE(o) + 0.5);
}

static PyObject *info(PyObject *self, PyObject *noargs)
{
    return Py_BuildValue("(ddN)", PyFloat_GetMax(), PyFloat_GetMin(), PyFloat_GetInfo());
}

static PyObject *from_string(PyObject *self, PyObject *o)
{
    return PyFloat_FromString(o);
}

static PyObject *pack_roundtrip(PyObject *self, PyObject *args)
{
    double x;
    int size, le;
    char buf[8];
    double back;
    if (!PyArg_ParseTuple(args, "dii", &x, &size, &le))
        return NULL;
    if ((size == 2 ? PyFloat_Pack2(x, buf, le) : size == 4 ? PyFloat_Pack4(x, buf, le) : PyFloat_Pack8(x, buf, le)) < 0)
        return NULL;
    back = size == 2 ? PyFloat_Unpack2(buf, le) : size == 4 ? PyFloat_Unpack4(buf, le) : PyFloat_Unpack8(buf, le);
    return Py_BuildValue("(dy#)", back, buf, (Py_ssize_t)size);
}

static PyObject *complex_parts(PyObject *self, PyObject *o)
{
    Py_complex c = PyComplex_AsCComplex(o);
    if (c.real == -1.0 && PyErr_Occurred())
        return NULL;
    return Py_BuildValue("(dddN)", c.real, c.imag, PyComplex_RealAsDouble(o),
                         PyComplex_FromDoubles(c.real * 2, c.imag * 2));
}

static PyObject *complex_math(PyObject *self, PyObject *args)
{
    Py_complex a, b;
    if (!PyArg_ParseTuple(args, "DD", &a, &b))
        return NULL;
    return Py_BuildValue("(DDD)", &(Py_complex){_Py_c_sum(a, b).real, _Py_c_sum(a, b).imag},
                         &(Py_complex){_Py_c_prod(a, b).real, _Py_c_prod(a, b).imag},
                         &(Py_complex){_Py_c_diff(a, b).real, _Py_c_diff(a, b).imag});
}

static PyObject *ops(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO", &a, &b))
        return NULL;
    return Py_BuildValue("(NNNNNNNN)", PyNumber_Add(a, b), PyNumber_Subtract(a, b), PyNumber_Multiply(a, b),
                         PyNumber_TrueDivide(a, b), PyNumber_FloorDivide(a, b), PyNumber_Remainder(a, b),
                         PyNumber_Power(a, b, Py_None), PyNumber_Divmod(a, b));
}

static PyObject *unary(PyObject *self, PyObject *a)
{
    return Py_BuildValue("(NNNN)", PyNumber_Negative(a), PyNumber_Positive(a), PyNumber_Absolute(a),
                         PyNumber_Float(a));
}

static PyObject *int_ops(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO", &a, &b))
        return NULL;
    return Py_BuildValue("(NNNNNNNN)", PyNumber_And(a, b), PyNumber_Or(a, b), PyNumber_Xor(a, b),
                         PyNumber_Lshift(a, b), PyNumber_Rshift(a, b), PyNumber_Invert(a),
                         PyNumber_Index(a), PyNumber_Long(a));
}

static PyObject *inplace(PyObject *self, PyObject *args)
{
    PyObject *a, *b, *r;
    if (!PyArg_ParseTuple(args, "OO", &a, &b))
        return NULL;
    Py_INCREF(a);
    r = PyNumber_InPlaceAdd(a, b);
    Py_DECREF(a);
    return r;
}

static PyObject *as_ssize(PyObject *self, PyObject *args)
{
    PyObject *o, *exc;
    Py_ssize_t r;
    if (!PyArg_ParseTuple(args, "OO", &o, &exc))
        return NULL;
    r = PyNumber_AsSsize_t(o, exc == Py_None ? NULL : exc);
    if (r == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromSsize_t(r);
}

static PyObject *checks(PyObject *self, PyObject *o)
{
    return Py_BuildValue("(ii)", PyNumber_Check(o), PyIndex_Check(o));
}

static PyObject *to_string(PyObject *self, PyObject *args)
{
    double v;
    char code;
    int prec, flags, type = -1;
    char *s;
    PyObject *r;
    if (!PyArg_ParseTuple(args, "dcii", &v, &code, &prec, &flags))
        return NULL;
    s = PyOS_double_to_string(v, code, prec, flags, &type);
    if (s == NULL)
        return NULL;
    r = Py_BuildValue("(si)", s, type);
    PyMem_Free(s);
    return r;
}

static PyObject *from_cstring(PyObject *self, PyObject *args)
{
    const char *s;
    char *end;
    double v;
    if (!PyArg_ParseTuple(args, "s", &s))
        return NULL;
    v = PyOS_string_to_double(s, &end, NULL);
    if (v == -1.0 && PyErr_Occurred())
        return NULL;
    return Py_BuildValue("(dn)", v, (Py_ssize_t)(end - s));
}

static PyMethodDef methods[] = {
    {"as_double", as_double, METH_O, NULL},
    {"macro_value", macro_value, METH_O, NULL},
    {"info", info, METH_NOARGS, NULL},
    {"from_string", from_string, METH_O, NULL},
    {"pack_roundtrip", pack_roundtrip, METH_VARARGS, NULL},
    {"complex_parts", complex_parts, METH_O, NULL},
    {"complex_math", complex_math, METH_VARARGS, NULL},
    {"ops", ops, METH_VARARGS, NULL},
    {"unary", unary, METH_O, NULL},
    {"int_ops", int_ops, METH_VARARGS, NULL},
    {"inplace", inplace, METH_VARARGS, NULL},
    {"as_ssize", as_ssize, METH_VARARGS, NULL},
    {"checks", checks, METH_O, NULL},
    {"to_string", to_string, METH_VARARGS, NULL},
    {"from_cstring", from_cstring, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_float", NULL, -1, methods, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__capi_float(void)
{
    return PyModule_Create(&moddef);
}
