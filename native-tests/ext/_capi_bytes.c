/* _capi_bytes.c -- bytes and bytearray objects and the buffer protocol.
 * Driven by py/test_bytes.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static PyObject *make(PyObject *self, PyObject *args)
{
    Py_ssize_t n, i;
    PyObject *b;
    char *p;
    if (!PyArg_ParseTuple(args, "n", &n))
        return NULL;
    b = PyBytes_FromStringAndSize(NULL, n);   /* filled in place */
    p = PyBytes_AS_STRING(b);
    for (i = 0; i < n; i++)
        p[i] = (char)('a' + i % 26);
    return b;
}

static PyObject *inspect(PyObject *self, PyObject *b)
{
    char *s;
    Py_ssize_t n;
    if (!PyBytes_Check(b)) {
        PyErr_SetString(PyExc_TypeError, "bytes expected");
        return NULL;
    }
    if (PyBytes_AsStringAndSize(b, &s, &n) < 0)
        return NULL;
    return Py_BuildValue("(nnii)", n, PyBytes_GET_SIZE(b), s == PyBytes_AS_STRING(b), s[n] == '\0');
}

static PyObject *no_nul(PyObject *self, PyObject *b)
{
    char *s;
    if (PyBytes_AsStringAndSize(b, &s, NULL) < 0)
        return NULL;
    return PyBytes_FromString(s);
}

static PyObject *concat(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "SO", &a, &b))
        return NULL;
    Py_INCREF(a);
    PyBytes_Concat(&a, b);
    return a;
}

static PyObject *resize(PyObject *self, PyObject *args)
{
    Py_ssize_t n;
    PyObject *b = PyBytes_FromStringAndSize("hello", 5);
    if (!PyArg_ParseTuple(args, "n", &n))
        return NULL;
    if (_PyBytes_Resize(&b, n) < 0)
        return NULL;
    return b;
}

static PyObject *fmt(PyObject *self, PyObject *noargs)
{
    return PyBytes_FromFormat("%s-%d-%c-%zd%%", "ab", -5, 'Z', (Py_ssize_t)99);
}

static PyObject *from_object(PyObject *self, PyObject *o)
{
    return PyBytes_FromObject(o);
}

static PyObject *ba_roundtrip(PyObject *self, PyObject *o)
{
    PyObject *ba = PyByteArray_FromStringAndSize("xyz", 3);
    char *p;
    if (PyByteArray_Resize(ba, 5) < 0)
        return NULL;
    p = PyByteArray_AS_STRING(ba);
    p[3] = '!';
    p[4] = '?';
    return Py_BuildValue("(Nn)", ba, PyByteArray_Size(ba));
}

/* ba_upper(ba): upper-case a bytearray in place through its buffer */
static PyObject *ba_upper(PyObject *self, PyObject *ba)
{
    Py_buffer view;
    Py_ssize_t i;
    if (PyObject_GetBuffer(ba, &view, PyBUF_WRITABLE) < 0)
        return NULL;
    for (i = 0; i < view.len; i++) {
        char *c = (char *)view.buf + i;
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 32);
    }
    PyBuffer_Release(&view);
    Py_RETURN_NONE;
}

static PyObject *buffer_sum(PyObject *self, PyObject *args)
{
    Py_buffer view;
    Py_ssize_t i;
    long total = 0;
    if (!PyArg_ParseTuple(args, "y*", &view))
        return NULL;
    for (i = 0; i < view.len; i++)
        total += ((unsigned char *)view.buf)[i];
    PyBuffer_Release(&view);
    return PyLong_FromLong(total);
}

static PyObject *readonly_write(PyObject *self, PyObject *b)
{
    Py_buffer view;
    if (PyObject_GetBuffer(b, &view, PyBUF_WRITABLE) < 0)
        return NULL;
    PyBuffer_Release(&view);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"make", make, METH_VARARGS, NULL},
    {"inspect", inspect, METH_O, NULL},
    {"no_nul", no_nul, METH_O, NULL},
    {"concat", concat, METH_VARARGS, NULL},
    {"resize", resize, METH_VARARGS, NULL},
    {"fmt", fmt, METH_NOARGS, NULL},
    {"from_object", from_object, METH_O, NULL},
    {"ba_roundtrip", ba_roundtrip, METH_O, NULL},
    {"ba_upper", ba_upper, METH_O, NULL},
    {"buffer_sum", buffer_sum, METH_VARARGS, NULL},
    {"readonly_write", readonly_write, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_bytes", NULL, -1, methods, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__capi_bytes(void)
{
    return PyModule_Create(&moddef);
}
