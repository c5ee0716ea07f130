/* _capi_arg.c -- PyArg_ParseTuple & friends and Py_BuildValue with all format
 * units. Driven by py/test_arg.py. Compiled with PY_SSIZE_T_CLEAN. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *ints(PyObject *self, PyObject *args)
{
    unsigned char b, B;
    short h;
    unsigned short H;
    int i;
    unsigned int I;
    long l;
    unsigned long k;
    long long L;
    unsigned long long K;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "bBhHiIlkLKn:ints", &b, &B, &h, &H, &i, &I, &l, &k, &L, &K, &n))
        return NULL;
    return Py_BuildValue("(bBhHiIlkLKn)", b, B, h, H, i, I, l, k, L, K, n);
}

static PyObject *one_int(PyObject *self, PyObject *args)
{
    int i;
    if (!PyArg_ParseTuple(args, "i:one_int", &i))
        return NULL;
    return PyLong_FromLong(i);
}

static PyObject *one_byte(PyObject *self, PyObject *args)
{
    unsigned char b;
    if (!PyArg_ParseTuple(args, "b", &b))
        return NULL;
    return PyLong_FromLong(b);
}

static PyObject *misc(PyObject *self, PyObject *args)
{
    char c;
    int C, p;
    float f;
    double d;
    Py_complex D;
    if (!PyArg_ParseTuple(args, "cCpfdD", &c, &C, &p, &f, &d, &D))
        return NULL;
    return Py_BuildValue("(cCidfD)", c, C, p, (double)f, d, &D);
}

static PyObject *strings(PyObject *self, PyObject *args)
{
    const char *s, *z, *y, *sh, *zh, *yh;
    Py_ssize_t shn, zhn, yhn;
    if (!PyArg_ParseTuple(args, "szys#z#y#", &s, &z, &y, &sh, &shn, &zh, &zhn, &yh, &yhn))
        return NULL;
    return Py_BuildValue("(szys#z#y#)", s, z, y, sh, shn, zh, zhn, yh, yhn);
}

static PyObject *buffers(PyObject *self, PyObject *args)
{
    Py_buffer s, z, y;
    PyObject *r;
    if (!PyArg_ParseTuple(args, "s*z*y*", &s, &z, &y))
        return NULL;
    r = Py_BuildValue("(y#ny#)", (const char *)s.buf, s.len, z.len, (const char *)y.buf, y.len);
    PyBuffer_Release(&s);
    PyBuffer_Release(&z);
    PyBuffer_Release(&y);
    return r;
}

static PyObject *objects(PyObject *self, PyObject *args)
{
    PyObject *o, *l, *S, *Y, *U;
    if (!PyArg_ParseTuple(args, "OO!SYU", &o, &PyList_Type, &l, &S, &Y, &U))
        return NULL;
    return Py_BuildValue("(OOOOO)", o, l, S, Y, U);
}

static int half_converter(PyObject *o, void *out)
{
    double d = PyFloat_AsDouble(o);
    if (d == -1.0 && PyErr_Occurred())
        return 0;
    if (d < 0) {
        PyErr_SetString(PyExc_ValueError, "negative not allowed");
        return 0;
    }
    *(double *)out = d / 2;
    return 1;
}

static PyObject *converter(PyObject *self, PyObject *args)
{
    double h;
    if (!PyArg_ParseTuple(args, "O&", half_converter, &h))
        return NULL;
    return PyFloat_FromDouble(h);
}

static PyObject *nested(PyObject *self, PyObject *args)
{
    int a, b;
    const char *s;
    double d = -1;
    if (!PyArg_ParseTuple(args, "(ii)(sd)", &a, &b, &s, &d))
        return NULL;
    return Py_BuildValue("(iisd)", a, b, s, d);
}

static PyObject *optional(PyObject *self, PyObject *args)
{
    int a = -1, b = -2;
    if (!PyArg_ParseTuple(args, "|ii;custom message for optional()", &a, &b))
        return NULL;
    return Py_BuildValue("(ii)", a, b);
}

static PyObject *keywords(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"", "a", "b", "c", "d", NULL};
    int pos, a, b = 20;
    const char *c = "c-default";
    PyObject *d = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "ii|i$sO:keywords", kwlist, &pos, &a, &b, &c, &d))
        return NULL;
    return Py_BuildValue("(iiisO)", pos, a, b, c, d);
}

static PyObject *encoded(PyObject *self, PyObject *args)
{
    char *buf = NULL, *buf2 = NULL;
    Py_ssize_t n = 0;
    PyObject *r;
    if (!PyArg_ParseTuple(args, "eses#", "utf-8", &buf, "latin-1", &buf2, &n))
        return NULL;
    r = Py_BuildValue("(yy#)", buf, buf2, n);
    PyMem_Free(buf);
    PyMem_Free(buf2);
    return r;
}

static PyObject *unpack(PyObject *self, PyObject *args)
{
    PyObject *a, *b = Py_None, *c = Py_None;
    if (!PyArg_UnpackTuple(args, "unpack", 1, 3, &a, &b, &c))
        return NULL;
    return Py_BuildValue("(OOO)", a, b, c);
}

static PyObject *parse_single(PyObject *self, PyObject *o)
{
    int v;
    if (!PyArg_Parse(o, "i", &v))
        return NULL;
    return PyLong_FromLong(v * 2);
}

static PyObject *va_helper(PyObject *args, const char *fmt, ...)
{
    va_list va;
    int a, b, ok;
    va_start(va, fmt);
    ok = PyArg_VaParse(args, fmt, va);
    va_end(va);
    (void)a;
    (void)b;
    return ok ? Py_NewRef(Py_True) : NULL;
}

static PyObject *vaparse(PyObject *self, PyObject *args)
{
    int a = 0, b = 0;
    PyObject *r = va_helper(args, "ii", &a, &b);
    if (r == NULL)
        return NULL;
    Py_DECREF(r);
    return Py_BuildValue("(ii)", a, b);
}

static PyObject *build(PyObject *self, PyObject *noargs)
{
    PyObject *keep = PyUnicode_FromString("stolen");
    Py_complex c = {1.5, -2.0};
    return Py_BuildValue("{s:i,s:(),s:[],s:N,s:O,s:z,s:s#,s:y#,s:c,s:C,s:d,s:D,s:K,s:k,s:n,s:(i[i{s:i}])}",
                         "int", 1, "tuple", "list", "N", keep, "O", Py_None, "z", (char *)NULL, "s#", "abcdef",
                         (Py_ssize_t)3, "y#", "\0\1", (Py_ssize_t)2, "c", 'q', "C", 0x263A, "d", 0.25, "D", &c,
                         "K", 18446744073709551615ULL, "k", 4294967296UL, "n", (Py_ssize_t)-3, "nest", 1, 2, "k", 3);
}

static PyObject *build_single(PyObject *self, PyObject *noargs)
{
    return Py_BuildValue("(NNNN)", Py_BuildValue(""), Py_BuildValue("i", 5), Py_BuildValue("ii", 1, 2),
                         Py_BuildValue("(i)", 9));
}

static PyObject *build_error(PyObject *self, PyObject *noargs)
{
    PyObject *bad = PyLong_FromString("not a number", NULL, 10);   /* fails, sets ValueError */
    return Py_BuildValue("(iN)", 1, bad);
}

static PyObject *va_build_helper(const char *fmt, ...)
{
    va_list va;
    PyObject *r;
    va_start(va, fmt);
    r = Py_VaBuildValue(fmt, va);
    va_end(va);
    return r;
}

static PyObject *vabuild(PyObject *self, PyObject *noargs)
{
    return va_build_helper("[is]", 7, "seven");
}

static PyMethodDef methods[] = {
    {"ints", ints, METH_VARARGS, NULL},
    {"one_int", one_int, METH_VARARGS, NULL},
    {"one_byte", one_byte, METH_VARARGS, NULL},
    {"misc", misc, METH_VARARGS, NULL},
    {"strings", strings, METH_VARARGS, NULL},
    {"buffers", buffers, METH_VARARGS, NULL},
    {"objects", objects, METH_VARARGS, NULL},
    {"converter", converter, METH_VARARGS, NULL},
    {"nested", nested, METH_VARARGS, NULL},
    {"optional", optional, METH_VARARGS, NULL},
    {"keywords", (PyCFunction)(void (*)(void))keywords, METH_VARARGS | METH_KEYWORDS, NULL},
    {"encoded", encoded, METH_VARARGS, NULL},
    {"unpack", unpack, METH_VARARGS, NULL},
    {"parse_single", parse_single, METH_O, NULL},
    {"vaparse", vaparse, METH_VARARGS, NULL},
    {"build", build, METH_NOARGS, NULL},
    {"build_single", build_single, METH_NOARGS, NULL},
    {"build_error", build_error, METH_NOARGS, NULL},
    {"vabuild", vabuild, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_arg", NULL, -1, methods, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__capi_arg(void)
{
    return PyModule_Create(&moddef);
}
