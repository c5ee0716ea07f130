/* _capi_unicode.c -- str objects: PEP 393 access, construction, codecs,
 * operations and PyUnicode_FromFormat. Driven by py/test_unicode.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <wchar.h>

/* inspect(s): (kind, length, is_ascii, [code points]) read with the inline macros */
static PyObject *inspect(PyObject *self, PyObject *s)
{
    Py_ssize_t n, i;
    int kind;
    const void *data;
    PyObject *cps;
    if (!PyUnicode_Check(s)) {
        PyErr_SetString(PyExc_TypeError, "str expected");
        return NULL;
    }
    if (PyUnicode_READY(s) < 0)
        return NULL;
    n = PyUnicode_GET_LENGTH(s);
    kind = PyUnicode_KIND(s);
    data = PyUnicode_DATA(s);
    cps = PyList_New(n);
    for (i = 0; i < n; i++)
        PyList_SET_ITEM(cps, i, PyLong_FromUnsignedLong(PyUnicode_READ(kind, data, i)));
    return Py_BuildValue("(iniN)", kind, n, PyUnicode_IS_ASCII(s), cps);
}

static PyObject *read_char(PyObject *self, PyObject *args)
{
    PyObject *s;
    Py_ssize_t i;
    Py_UCS4 c;
    if (!PyArg_ParseTuple(args, "Un", &s, &i))
        return NULL;
    c = PyUnicode_ReadChar(s, i);
    if (c == (Py_UCS4)-1 && PyErr_Occurred())
        return NULL;
    return Py_BuildValue("(kk)", (unsigned long)c, (unsigned long)PyUnicode_READ_CHAR(s, i));
}

static PyObject *utf8(PyObject *self, PyObject *s)
{
    Py_ssize_t n;
    const char *p = PyUnicode_AsUTF8AndSize(s, &n);
    const char *q;
    if (p == NULL)
        return NULL;
    q = PyUnicode_AsUTF8(s);
    /* the same buffer every time, NUL-terminated */
    return Py_BuildValue("(y#ii)", p, n, p == q, p[n] == '\0');
}

static PyObject *build(PyObject *self, PyObject *noargs)
{
    Py_UCS2 u2[] = {0x48, 0x20AC, 0x4E16};
    Py_UCS4 u4[] = {0x1F600, 0x41};
    Py_UCS1 u1[] = {0xE9, 0x74, 0xE9};
    wchar_t w[] = L"w\u00e9de";
    return Py_BuildValue("(NNNNNNNNN)", PyUnicode_FromString("plain"), PyUnicode_FromStringAndSize("abcdef", 3),
                         PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, u2, 3),
                         PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, u4, 2),
                         PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, u1, 3), PyUnicode_FromOrdinal(0x263A),
                         PyUnicode_FromWideChar(w, -1), PyUnicode_DecodeUTF8("caf\xc3\xa9", 5, "strict"),
                         PyUnicode_DecodeLatin1("\xe9t\xe9", 3, NULL));
}

/* fill(n, maxchar): PyUnicode_New + PyUnicode_WRITE, then return it */
static PyObject *fill(PyObject *self, PyObject *args)
{
    Py_ssize_t n, i;
    unsigned long maxchar;
    PyObject *s;
    int kind;
    void *data;
    if (!PyArg_ParseTuple(args, "nk", &n, &maxchar))
        return NULL;
    s = PyUnicode_New(n, (Py_UCS4)maxchar);
    if (s == NULL)
        return NULL;
    kind = PyUnicode_KIND(s);
    data = PyUnicode_DATA(s);
    for (i = 0; i < n; i++)
        PyUnicode_WRITE(kind, data, i, (Py_UCS4)(i % 2 ? maxchar : 'a' + i));
    return s;
}

static PyObject *codecs(PyObject *self, PyObject *s)
{
    return Py_BuildValue("(NNNN)", PyUnicode_AsUTF8String(s), PyUnicode_AsEncodedString(s, "latin-1", "strict"),
                         PyUnicode_AsEncodedString(s, "ascii", "replace"),
                         PyUnicode_Decode("\x41\xe9", 2, "latin-1", NULL));
}

static PyObject *ascii_encode(PyObject *self, PyObject *s)
{
    return PyUnicode_AsASCIIString(s);
}

static PyObject *decode_bad(PyObject *self, PyObject *noargs)
{
    return PyUnicode_DecodeUTF8("ab\xff", 3, "strict");
}

static PyObject *ops(PyObject *self, PyObject *args)
{
    PyObject *a, *b, *parts, *joined, *cat;
    if (!PyArg_ParseTuple(args, "UU", &a, &b))
        return NULL;
    cat = PyUnicode_Concat(a, b);
    parts = PyUnicode_Split(cat, b, -1);
    joined = PyUnicode_Join(b, parts);
    return Py_BuildValue("(NNNiinnNNi)", cat, parts, joined, PyUnicode_Compare(a, b),
                         PyUnicode_Contains(cat, b), PyUnicode_Find(cat, b, 0, PY_SSIZE_T_MAX, 1),
                         PyUnicode_Count(cat, b, 0, PY_SSIZE_T_MAX), PyUnicode_Replace(cat, b, a, -1),
                         PyUnicode_Substring(cat, 1, 3), (int)PyUnicode_Tailmatch(cat, b, 0, PY_SSIZE_T_MAX, 1));
}

static PyObject *compare_ascii(PyObject *self, PyObject *args)
{
    PyObject *a;
    const char *s;
    if (!PyArg_ParseTuple(args, "Us", &a, &s))
        return NULL;
    return Py_BuildValue("(ii)", PyUnicode_CompareWithASCIIString(a, s), _PyUnicode_EqualToASCIIString(a, s));
}

static PyObject *append(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO", &a, &b))
        return NULL;
    Py_INCREF(a);
    PyUnicode_Append(&a, b);
    return a;
}

static PyObject *interned(PyObject *self, PyObject *noargs)
{
    PyObject *a = PyUnicode_InternFromString("some_identifier_name");
    PyObject *b = PyUnicode_FromString("some_identifier_name");
    int same;
    PyUnicode_InternInPlace(&b);
    same = a == b;
    Py_DECREF(a);
    Py_DECREF(b);
    return PyBool_FromLong(same);
}

static PyObject *fmt(PyObject *self, PyObject *args)
{
    PyObject *o, *u;
    if (!PyArg_ParseTuple(args, "OU", &o, &u))
        return NULL;
    return PyUnicode_FromFormat("%s|%d|%ld|%zd|%u|%lu|%zu|%x|%c|%5d|%-5s|%.3s|%05d|%%|%U|%S|%R|%A|%V|%V|%lld|%i",
                                "txt", -42, 123456789012L, (Py_ssize_t)-7, 42u, 99ul, (size_t)5, 255, 0x263A, 12,
                                "ab", "abcdef", 42, u, o, o, o, u, "unused", (PyObject *)NULL, "fallback",
                                -9000000000LL, 17);
}

static PyObject *fmt_pointer(PyObject *self, PyObject *noargs)
{
    return PyUnicode_FromFormat("%p", (void *)0x1234);
}

static PyObject *wide(PyObject *self, PyObject *s)
{
    wchar_t buf[32];
    Py_ssize_t n = PyUnicode_AsWideChar(s, buf, 32), m;
    wchar_t *w = PyUnicode_AsWideCharString(s, &m);
    PyObject *r;
    if (n < 0 || w == NULL)
        return NULL;
    r = Py_BuildValue("(nnN)", n, m, PyUnicode_FromWideChar(w, m));
    PyMem_Free(w);
    return r;
}

static PyObject *resize(PyObject *self, PyObject *args)
{
    Py_ssize_t n;
    PyObject *s = PyUnicode_New(3, 127);
    if (!PyArg_ParseTuple(args, "n", &n))
        return NULL;
    PyUnicode_WRITE(PyUnicode_1BYTE_KIND, PyUnicode_DATA(s), 0, 'x');
    PyUnicode_WRITE(PyUnicode_1BYTE_KIND, PyUnicode_DATA(s), 1, 'y');
    PyUnicode_WRITE(PyUnicode_1BYTE_KIND, PyUnicode_DATA(s), 2, 'z');
    if (PyUnicode_Resize(&s, n) < 0)
        return NULL;
    return s;
}

static PyObject *lengths(PyObject *self, PyObject *s)
{
    return Py_BuildValue("(nn)", PyUnicode_GetLength(s), PyUnicode_GET_LENGTH(s));
}

static PyMethodDef methods[] = {
    {"inspect", inspect, METH_O, NULL},
    {"read_char", read_char, METH_VARARGS, NULL},
    {"utf8", utf8, METH_O, NULL},
    {"build", build, METH_NOARGS, NULL},
    {"fill", fill, METH_VARARGS, NULL},
    {"codecs", codecs, METH_O, NULL},
    {"ascii_encode", ascii_encode, METH_O, NULL},
    {"decode_bad", decode_bad, METH_NOARGS, NULL},
    {"ops", ops, METH_VARARGS, NULL},
    {"compare_ascii", compare_ascii, METH_VARARGS, NULL},
    {"append", append, METH_VARARGS, NULL},
    {"interned", interned, METH_NOARGS, NULL},
    {"fmt", fmt, METH_VARARGS, NULL},
    {"fmt_pointer", fmt_pointer, METH_NOARGS, NULL},
    {"wide", wide, METH_O, NULL},
    {"resize", resize, METH_VARARGS, NULL},
    {"lengths", lengths, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_unicode", NULL, -1, methods, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__capi_unicode(void)
{
    return PyModule_Create(&moddef);
}
