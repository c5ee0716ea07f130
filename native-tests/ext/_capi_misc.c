/* _capi_misc -- the rest of the stable ABI: stateful decoders, charmap, codec
 * streams, locale conversion, frames and code objects, context variables,
 * marshal, recursion checks, importers, signal handlers, warning options,
 * generic aliases, instance dict pointers, sub-interpreters. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <marshal.h>
/* several of these are deprecated but still part of the ABI: test them anyway */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <signal.h>
#include <wchar.h>

static PyObject *utf16_stateful(PyObject *self, PyObject *arg)
{
    char *s;
    Py_ssize_t n, consumed = -1;
    int order = 0;
    if (PyBytes_AsStringAndSize(arg, &s, &n) < 0)
        return NULL;
    PyObject *u = PyUnicode_DecodeUTF16Stateful(s, n, "strict", &order, &consumed);
    if (!u)
        return NULL;
    return Py_BuildValue("(Nni)", u, consumed, order);
}

/* PyUnicode_DecodeUTF16/UTF32 (not Stateful) with an in/out byte order */
static PyObject *utf_decode_order(PyObject *self, PyObject *args)
{
    char *s;
    Py_ssize_t n;
    int width, order;
    if (!PyArg_ParseTuple(args, "y#ii", &s, &n, &width, &order))
        return NULL;
    PyObject *u = width == 2 ? PyUnicode_DecodeUTF16(s, n, "strict", &order)
                             : PyUnicode_DecodeUTF32(s, n, "strict", &order);
    if (!u)
        return NULL;
    return Py_BuildValue("(Ni)", u, order);
}

static PyObject *utf32_stateful(PyObject *self, PyObject *arg)
{
    char *s;
    Py_ssize_t n, consumed = -1;
    int order = -1;
    if (PyBytes_AsStringAndSize(arg, &s, &n) < 0)
        return NULL;
    PyObject *u = PyUnicode_DecodeUTF32Stateful(s, n, "strict", &order, &consumed);
    if (!u)
        return NULL;
    return Py_BuildValue("(Nn)", u, consumed);
}

static PyObject *utf7_stateful(PyObject *self, PyObject *arg)
{
    char *s;
    Py_ssize_t n, consumed = -1;
    if (PyBytes_AsStringAndSize(arg, &s, &n) < 0)
        return NULL;
    PyObject *u = PyUnicode_DecodeUTF7Stateful(s, n, "strict", &consumed);
    if (!u)
        return NULL;
    return Py_BuildValue("(Nn)", u, consumed);
}

static PyObject *charmap(PyObject *self, PyObject *args)
{
    PyObject *data, *mapping, *text, *encmap;
    if (!PyArg_ParseTuple(args, "SOUO", &data, &mapping, &text, &encmap))
        return NULL;
    PyObject *dec = PyUnicode_DecodeCharmap(PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data), mapping == Py_None ? NULL : mapping, "strict");
    if (!dec)
        return NULL;
    PyObject *enc = PyUnicode_AsCharmapString(text, encmap == Py_None ? NULL : encmap);
    if (!enc) {
        Py_DECREF(dec);
        return NULL;
    }
    return Py_BuildValue("(NN)", dec, enc);
}

static PyObject *decoded(PyObject *self, PyObject *args)
{
    PyObject *o;
    const char *enc;
    int strict_str;
    if (!PyArg_ParseTuple(args, "Osp", &o, &enc, &strict_str))
        return NULL;
    return strict_str ? PyUnicode_AsDecodedUnicode(o, enc, NULL) : PyUnicode_AsDecodedObject(o, enc, NULL);
}

static PyObject *encoded_unicode(PyObject *self, PyObject *args)
{
    PyObject *o;
    const char *enc;
    if (!PyArg_ParseTuple(args, "Os", &o, &enc))
        return NULL;
    return PyUnicode_AsEncodedUnicode(o, enc, NULL);
}

static PyObject *streams(PyObject *self, PyObject *args)
{
    PyObject *in, *out;
    if (!PyArg_ParseTuple(args, "OO", &in, &out))
        return NULL;
    PyObject *r = PyCodec_StreamReader("utf-8", in, NULL);
    if (!r)
        return NULL;
    PyObject *w = PyCodec_StreamWriter("utf-16-le", out, "strict");
    if (!w) {
        Py_DECREF(r);
        return NULL;
    }
    PyObject *text = PyObject_CallMethod(r, "read", NULL);
    PyObject *wr = text ? PyObject_CallMethod(w, "write", "O", text) : NULL;
    Py_DECREF(r);
    Py_DECREF(w);
    Py_XDECREF(wr);
    return text;
}

static PyObject *locale_roundtrip(PyObject *self, PyObject *arg)
{
    const char *s;
    Py_ssize_t n;
    size_t size = 0, pos = 0;
    if (!PyArg_Parse(arg, "y#", &s, &n))
        return NULL;
    wchar_t *w = Py_DecodeLocale(s, &size);
    if (!w)
        return PyErr_NoMemory();
    PyObject *u = PyUnicode_FromWideChar(w, (Py_ssize_t)size);
    char *back = Py_EncodeLocale(w, &pos);
    PyMem_RawFree(w);
    if (!u || !back) {
        Py_XDECREF(u);
        PyMem_Free(back);
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "encode failed");
        return NULL;
    }
    PyObject *b = PyBytes_FromString(back);
    PyMem_Free(back);
    return Py_BuildValue("(NnN)", u, (Py_ssize_t)size, b);
}

static PyObject *frame_info(PyObject *self, PyObject *unused)
{
    PyFrameObject *f = PyEval_GetFrame();
    if (!f)
        Py_RETURN_NONE;
    PyCodeObject *c = PyFrame_GetCode(f);
    if (!c)
        return NULL;
    int line = PyFrame_GetLineNumber(f);
    PyObject *name = PyObject_GetAttrString((PyObject *)c, "co_name");
    Py_DECREF(c);
    if (!name)
        return NULL;
    return Py_BuildValue("(Ni)", name, line);
}

static PyObject *empty_code(PyObject *self, PyObject *unused)
{
    return (PyObject *)PyCode_NewEmpty("fake.py", "fake_function", 42);
}

static PyObject *ctxvar(PyObject *self, PyObject *unused)
{
    PyObject *var = PyContextVar_New("cvar", NULL);
    PyObject *withdef = PyContextVar_New("cvar2", Py_False);
    PyObject *v1 = NULL, *v2 = NULL, *v3 = NULL, *v4 = NULL;
    if (!var || !withdef)
        return NULL;
    if (PyContextVar_Get(var, NULL, &v1) < 0)          /* unset, no default: NULL */
        return NULL;
    if (PyContextVar_Get(var, Py_True, &v2) < 0)       /* the given default */
        return NULL;
    PyObject *seven = PyLong_FromLong(7);
    PyObject *token = PyContextVar_Set(var, seven);
    Py_DECREF(seven);
    if (!token)
        return NULL;
    if (PyContextVar_Get(var, NULL, &v3) < 0)
        return NULL;
    if (PyContextVar_Get(withdef, NULL, &v4) < 0)
        return NULL;
    PyObject *r = Py_BuildValue("(OOOOO)", v1 ? v1 : Py_None, v2, v3, v4, var);
    Py_XDECREF(v1);
    Py_XDECREF(v2);
    Py_XDECREF(v3);
    Py_XDECREF(v4);
    Py_DECREF(token);
    Py_DECREF(var);
    Py_DECREF(withdef);
    return r;
}

static PyObject *marshal_roundtrip(PyObject *self, PyObject *o)
{
    PyObject *b = PyMarshal_WriteObjectToString(o, Py_MARSHAL_VERSION);
    if (!b)
        return NULL;
    PyObject *back = PyMarshal_ReadObjectFromString(PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b));
    Py_DECREF(b);
    return back;
}

/* recurse in C through a Python callable, guarded by Py_EnterRecursiveCall */
static PyObject *recurse(PyObject *self, PyObject *f)
{
    if (Py_EnterRecursiveCall(" in recurse"))
        return NULL;
    PyObject *r = PyObject_CallOneArg(f, f);
    Py_LeaveRecursiveCall();
    return r;
}

static PyObject *importer(PyObject *self, PyObject *path)
{
    return PyImport_GetImporter(path);
}

static PyObject *frozen(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(PyImport_ImportFrozenModule("surely_not_frozen_xyz"));
}

static volatile sig_atomic_t got = 0;
static void on_usr1(int sig) { got = sig; }

static PyObject *signals(PyObject *self, PyObject *unused)
{
    PyOS_sighandler_t old = PyOS_setsig(SIGUSR1, on_usr1);
    int was_ours_before = PyOS_getsig(SIGUSR1) == on_usr1;
    raise(SIGUSR1);
    PyOS_setsig(SIGUSR1, old);
    int restored = PyOS_getsig(SIGUSR1) == old;
    return Py_BuildValue("(iii)", was_ours_before, got == SIGUSR1, restored);
}

static PyObject *warnopt(PyObject *self, PyObject *s)
{
    PySys_AddWarnOptionUnicode(s);
    Py_RETURN_NONE;
}

static PyObject *generic_alias(PyObject *self, PyObject *args)
{
    PyObject *o, *a;
    if (!PyArg_ParseTuple(args, "OO", &o, &a))
        return NULL;
    return Py_GenericAlias(o, a);
}

static PyObject *dict_ptr(PyObject *self, PyObject *o)
{
    PyObject **p = _PyObject_GetDictPtr(o);
    if (!p)
        Py_RETURN_NONE;
    if (!*p)
        return PyDict_New();
    return Py_NewRef(*p);
}

static PyObject *next_not_impl(PyObject *self, PyObject *o)
{
    return _PyObject_NextNotImplemented(o);
}

static PyObject *subinterp(PyObject *self, PyObject *unused)
{
    /* Pyrite: no sub-interpreters (NULL + RuntimeError); CPython: one is made */
    PyThreadState *main = PyThreadState_Get();
    PyThreadState *ts = Py_NewInterpreter();
    if (ts == NULL) {
        PyThreadState_Swap(main);
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_RuntimeError, "Py_NewInterpreter failed");
        return NULL;
    }
    Py_EndInterpreter(ts);
    PyThreadState_Swap(main);
    Py_RETURN_TRUE;
}

static PyObject *argv(PyObject *self, PyObject *unused)
{
    int argc = 0;
    wchar_t **argv = NULL;
    Py_GetArgcArgv(&argc, &argv);
    if (argc < 1 || argv == NULL)
        return PyLong_FromLong(argc);
    return Py_BuildValue("(iu)", argc, argv[argc - 1]);
}

static PyMethodDef methods[] = {
    {"utf16_stateful", utf16_stateful, METH_O, NULL},
    {"utf_decode_order", utf_decode_order, METH_VARARGS, NULL},
    {"utf32_stateful", utf32_stateful, METH_O, NULL},
    {"utf7_stateful", utf7_stateful, METH_O, NULL},
    {"charmap", charmap, METH_VARARGS, NULL},
    {"decoded", decoded, METH_VARARGS, NULL},
    {"encoded_unicode", encoded_unicode, METH_VARARGS, NULL},
    {"streams", streams, METH_VARARGS, NULL},
    {"locale_roundtrip", locale_roundtrip, METH_O, NULL},
    {"frame_info", frame_info, METH_NOARGS, NULL},
    {"empty_code", empty_code, METH_NOARGS, NULL},
    {"ctxvar", ctxvar, METH_NOARGS, NULL},
    {"marshal_roundtrip", marshal_roundtrip, METH_O, NULL},
    {"recurse", recurse, METH_O, NULL},
    {"importer", importer, METH_O, NULL},
    {"frozen", frozen, METH_NOARGS, NULL},
    {"signals", signals, METH_NOARGS, NULL},
    {"warnopt", warnopt, METH_O, NULL},
    {"generic_alias", generic_alias, METH_VARARGS, NULL},
    {"dict_ptr", dict_ptr, METH_O, NULL},
    {"next_not_impl", next_not_impl, METH_O, NULL},
    {"subinterp", subinterp, METH_NOARGS, NULL},
    {"argv", argv, METH_NOARGS, NULL},
    {NULL},
};

static struct PyModuleDef moddef = {PyModuleDef_HEAD_INIT, "_capi_misc", NULL, -1, methods};

PyMODINIT_FUNC PyInit__capi_misc(void)
{
    return PyModule_Create(&moddef);
}
