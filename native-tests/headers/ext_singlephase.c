/* ext_singlephase.c -- an old-style (single-phase) extension module using
 * a wide sample of the object, abstract, error, runtime and utility APIs.
 * Valid C99/C11 and C++17; compile only. */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include "structmember.h"
#include "frameobject.h"
#include "pythread.h"
#include "marshal.h"

#define SLOT_FUNC(f) (__extension__ (void *)(f))

static PyObject *ModError;
static Py_tss_t tss_key = Py_tss_NEEDS_INIT;
static PyThread_type_lock module_lock;

/* ---- an iterator type: designated initializers in C, positional in C++ */

typedef struct {
    PyObject_HEAD
    Py_ssize_t i, n;
    PyObject *weakrefs;
} RangeIter;

static PyObject *
rangeiter_next(RangeIter *it)
{
    if (it->i >= it->n) {
        return NULL;            /* StopIteration without setting an error */
    }
    return PyLong_FromSsize_t(it->i++);
}

static void
rangeiter_dealloc(RangeIter *it)
{
    if (it->weakrefs) {
        PyObject_ClearWeakRefs((PyObject *)it);
    }
    PyObject_Free(it);
}

static PyObject *
rangeiter_length_hint(RangeIter *it, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromSsize_t(it->n - it->i);
}

static PyMethodDef rangeiter_methods[] = {
    {"__length_hint__", (PyCFunction)rangeiter_length_hint, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyMemberDef rangeiter_members[] = {
    {"position", T_PYSSIZET, offsetof(RangeIter, i), READONLY, NULL},
    {"stop", T_PYSSIZET, offsetof(RangeIter, n), 0, NULL},
    {NULL, 0, 0, 0, NULL}
};

#ifndef __cplusplus
static PyTypeObject RangeIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "single.RangeIter",
    .tp_basicsize = sizeof(RangeIter),
    .tp_dealloc = (destructor)rangeiter_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "iterate over 0..n-1",
    .tp_weaklistoffset = offsetof(RangeIter, weakrefs),
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)rangeiter_next,
    .tp_methods = rangeiter_methods,
    .tp_members = rangeiter_members,
};
#else
static PyTypeObject RangeIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    "single.RangeIter", sizeof(RangeIter), 0,
    (destructor)rangeiter_dealloc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    Py_TPFLAGS_DEFAULT, "iterate over 0..n-1", 0, 0, 0,
    offsetof(RangeIter, weakrefs), PyObject_SelfIter,
    (iternextfunc)rangeiter_next, rangeiter_methods, rangeiter_members,
};
#endif

/* ---- an awaitable / descriptor type built from slots at run time ---- */

typedef struct {
    PyObject_HEAD
    PyObject *value;
} Box;

static PyObject *box_await(PyObject *self) { return PyObject_GetIter(((Box *)self)->value); }
static PySendResult box_send(PyObject *self, PyObject *arg, PyObject **result)
{
    (void)arg;
    *result = Py_NewRef(((Box *)self)->value);
    return PYGEN_RETURN;
}
static PyObject *box_descr_get(PyObject *self, PyObject *obj, PyObject *type)
{
    (void)type;
    if (obj == NULL || obj == Py_None) {
        return Py_NewRef(self);
    }
    return Py_NewRef(((Box *)self)->value);
}
static int box_init(PyObject *self, PyObject *args, PyObject *kwds)
{
    PyObject *v = Py_None;
    static char *kwlist[] = {(char *)"value", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:Box", kwlist, &v)) {
        return -1;
    }
    Py_XSETREF(((Box *)self)->value, Py_NewRef(v));
    return 0;
}
static PyObject *box_call(PyObject *self, PyObject *args, PyObject *kwargs)
{
    return PyObject_Call(((Box *)self)->value, args, kwargs);
}
static void box_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    Py_CLEAR(((Box *)self)->value);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyType_Slot box_slots[] = {
    {Py_am_await, SLOT_FUNC(box_await)},
    {Py_am_send, SLOT_FUNC(box_send)},
    {Py_tp_descr_get, SLOT_FUNC(box_descr_get)},
    {Py_tp_init, SLOT_FUNC(box_init)},
    {Py_tp_call, SLOT_FUNC(box_call)},
    {Py_tp_new, SLOT_FUNC(PyType_GenericNew)},
    {Py_tp_dealloc, SLOT_FUNC(box_dealloc)},
    {0, NULL}
};

static PyType_Spec box_spec = {
    "single.Box", sizeof(Box), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, box_slots
};

/* ---- struct sequence with a static type ---- */

static PyStructSequence_Field point_fields[] = {
    {"x", NULL}, {"y", NULL}, {NULL, NULL}, {NULL, NULL}
};
static PyStructSequence_Desc point_desc = {"single.Point", NULL, point_fields, 2};
static PyTypeObject PointType;

/* ---- functions ---- */

static PyObject *
f_numbers(PyObject *self, PyObject *args)
{
    PyObject *a, *b, *sum, *prod, *res;
    long long ll;
    unsigned long long ull;
    double d;
    Py_complex c;
    int overflow;

    if (!PyArg_ParseTuple(args, "OO", &a, &b)) {
        return NULL;
    }
    sum = PyNumber_Add(a, b);
    prod = sum ? PyNumber_Multiply(sum, b) : NULL;
    if (prod == NULL) {
        Py_XDECREF(sum);
        return NULL;
    }
    ll = PyLong_AsLongLongAndOverflow(prod, &overflow);
    ull = PyLong_Check(prod) ? PyLong_AsUnsignedLongLongMask(prod) : 0;
    d = PyFloat_AsDouble(sum);
    c.real = d;
    c.imag = (double)ll;
    if (PyLong_CheckExact(prod) && Py_SIZE(prod) == 1) {
        /* peek at the digit representation, as some fast paths do */
        digit low = ((PyLongObject *)prod)->ob_digit[0] & PyLong_MASK;
        (void)low;
    }
    res = Py_BuildValue("(NNLKdDi)", sum, prod, ll, ull, d, &c, overflow);
    return res;
}

static PyObject *
f_containers(PyObject *self, PyObject *arg)
{
    PyObject *set = PySet_New(NULL), *fs, *d, *list, *it, *item, *tuple;
    if (set == NULL) {
        return NULL;
    }
    it = PyObject_GetIter(arg);
    if (it == NULL) {
        Py_DECREF(set);
        return NULL;
    }
    while ((item = PyIter_Next(it)) != NULL) {
        if (PySet_Add(set, item) < 0) {
            Py_DECREF(item);
            Py_DECREF(it);
            Py_DECREF(set);
            return NULL;
        }
        Py_DECREF(item);
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) {
        Py_DECREF(set);
        return NULL;
    }
    fs = PyFrozenSet_New(set);
    d = PyDict_New();
    list = PySequence_List(set);
    if (fs == NULL || d == NULL || list == NULL || PyList_Sort(list) < 0 ||
        PyDict_SetItemString(d, "frozen", fs) < 0 ||
        PyDict_SetItem(d, Py_None, list) < 0) {
        Py_DECREF(set);
        Py_XDECREF(fs);
        Py_XDECREF(d);
        Py_XDECREF(list);
        return NULL;
    }
    tuple = PyList_AsTuple(list);
    Py_DECREF(set);
    Py_DECREF(fs);
    Py_DECREF(list);
    if (tuple == NULL) {
        Py_DECREF(d);
        return NULL;
    }
    return Py_BuildValue("(NN)", d, tuple);
}

static PyObject *
f_strings(PyObject *self, PyObject *args)
{
    const char *utf8;
    Py_ssize_t len;
    PyObject *u, *enc, *dec, *joined, *parts;
    Py_UCS4 wide[3] = {0x41, 0x3b1, 0x1F600};
    char buf[64];
    char *repr;

    if (!PyArg_ParseTuple(args, "s#", &utf8, &len)) {
        return NULL;
    }
    u = PyUnicode_DecodeUTF8(utf8, len, "strict");
    if (u == NULL) {
        return NULL;
    }
    enc = PyUnicode_AsEncodedString(u, "utf-16", "surrogatepass");
    dec = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, wide, 3);
    parts = PyTuple_Pack(2, u, dec ? dec : Py_None);
    joined = parts ? PyUnicode_Join(Py_None, parts) : NULL;
    PyOS_snprintf(buf, sizeof(buf), "%d-%s", 42, "x");
    repr = PyOS_double_to_string(PyOS_string_to_double("2.5", NULL, NULL),
                                 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
    if (repr) {
        PyMem_Free(repr);
    }
    Py_XDECREF(parts);
    Py_XDECREF(dec);
    Py_DECREF(u);
    if (enc == NULL || joined == NULL) {
        Py_XDECREF(enc);
        Py_XDECREF(joined);
        return NULL;
    }
    utf8 = PyUnicode_AsUTF8AndSize(joined, &len);
    if (utf8 == NULL || Py_UNICODE_ISSPACE(0x20) == 0 || !Py_ISDIGIT('7') ||
        Py_TOLOWER('A') != 'a') {
        Py_DECREF(enc);
        Py_DECREF(joined);
        return NULL;
    }
    return Py_BuildValue("(NNs)", enc, joined, buf);
}

static PyObject *
f_runtime(PyObject *self, PyObject *Py_UNUSED(args))
{
    PyObject *builtins = PyEval_GetBuiltins();
    PyObject *globals, *result, *sys_path, *mod, *attr;
    PyCompilerFlags flags = {0, PY_MINOR_VERSION};

    globals = PyDict_New();
    if (globals == NULL) {
        return NULL;
    }
    if (PyDict_SetItemString(globals, "__builtins__", builtins) < 0) {
        Py_DECREF(globals);
        return NULL;
    }
    result = PyRun_StringFlags("1 + 2", Py_eval_input, globals, globals, &flags);
    Py_DECREF(globals);
    if (result == NULL) {
        return NULL;
    }
    sys_path = PySys_GetObject("path");            /* borrowed */
    mod = PyImport_ImportModule("math");
    attr = mod ? PyObject_GetAttrString(mod, "pi") : NULL;
    Py_XDECREF(mod);
    if (attr == NULL) {
        Py_DECREF(result);
        return NULL;
    }
    if (Py_EnterRecursiveCall(" in f_runtime")) {
        Py_DECREF(result);
        Py_DECREF(attr);
        return NULL;
    }
    Py_LeaveRecursiveCall();
    return Py_BuildValue("(NNO)", result, attr, sys_path ? sys_path : Py_None);
}

static PyObject *
f_memory(PyObject *self, PyObject *arg)
{
    Py_ssize_t n = PyLong_AsSsize_t(arg), i;
    double *p;
    char *raw;
    PyObject *view;

    if (n == -1 && PyErr_Occurred()) {
        return NULL;
    }
    p = PyMem_New(double, n);
    if (p == NULL) {
        return PyErr_NoMemory();
    }
    for (i = 0; i < n; i++) {
        p[i] = (double)i;
    }
    PyMem_Resize(p, double, n + 1);
    if (p == NULL) {
        return PyErr_NoMemory();
    }
    PyMem_Free(p);
    raw = (char *)PyObject_Malloc(16);
    if (raw == NULL) {
        return PyErr_NoMemory();
    }
    memset(raw, 'a', 16);
    view = PyMemoryView_FromMemory(raw, 16, PyBUF_READ);
    if (view != NULL) {
        Py_buffer *b = PyMemoryView_GET_BUFFER(view);
        PyObject *copy = PyBytes_FromStringAndSize((const char *)b->buf, b->len);
        Py_DECREF(view);
        view = copy;
    }
    PyObject_Free(raw);
    return view;
}

static PyObject *
f_threads(PyObject *self, PyObject *Py_UNUSED(args))
{
    int got;
    if (!PyThread_tss_is_created(&tss_key) && PyThread_tss_create(&tss_key) != 0) {
        return PyErr_NoMemory();
    }
    if (PyThread_tss_set(&tss_key, (void *)&tss_key) != 0) {
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    got = PyThread_acquire_lock(module_lock, WAIT_LOCK);
    if (got) {
        PyThread_release_lock(module_lock);
    }
    Py_END_ALLOW_THREADS
    if (PyThread_acquire_lock_timed(module_lock, 1000, 0) == PY_LOCK_ACQUIRED) {
        PyThread_release_lock(module_lock);
    }
    return Py_BuildValue("(ik)", got, PyThread_get_thread_ident());
}

static PyObject *
f_traceback(PyObject *self, PyObject *Py_UNUSED(args))
{
    /* the Cython way of adding a C frame to a traceback */
    PyCodeObject *code = PyCode_NewEmpty("single.c", "f_traceback", 123);
    PyFrameObject *frame;
    if (code == NULL) {
        return NULL;
    }
    frame = PyFrame_New(PyThreadState_Get(), code, PyEval_GetGlobals(), NULL);
    Py_DECREF(code);
    if (frame == NULL) {
        return NULL;
    }
    PyErr_SetString(ModError, "with a C traceback entry");
    PyTraceBack_Here(frame);
    Py_DECREF(frame);
    return NULL;
}

static PyObject *
f_marshal(PyObject *self, PyObject *arg)
{
    PyObject *data = PyMarshal_WriteObjectToString(arg, Py_MARSHAL_VERSION);
    PyObject *back;
    if (data == NULL) {
        return NULL;
    }
    back = PyMarshal_ReadObjectFromString(PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data));
    Py_DECREF(data);
    return back;
}

static PyObject *
f_point(PyObject *self, PyObject *args)
{
    double x, y;
    PyObject *p;
    if (!PyArg_ParseTuple(args, "dd", &x, &y)) {
        return NULL;
    }
    p = PyStructSequence_New(&PointType);
    if (p == NULL) {
        return NULL;
    }
    PyStructSequence_SET_ITEM(p, 0, PyFloat_FromDouble(x));
    PyStructSequence_SET_ITEM(p, 1, PyFloat_FromDouble(y));
    PyStructSequence_SET_ITEM(p, 2, PyFloat_FromDouble(x * y));
    return p;
}

static PyObject *
f_weak(PyObject *self, PyObject *arg)
{
    PyObject *ref = PyWeakref_NewRef(arg, NULL);
    PyObject *obj;
    if (ref == NULL) {
        return NULL;
    }
    obj = PyWeakref_GET_OBJECT(ref);
    obj = Py_NewRef(obj == Py_None ? PyWeakref_GetObject(ref) : obj);
    Py_DECREF(ref);
    return obj;
}

static PyObject *
f_context(PyObject *self, PyObject *arg)
{
    static PyObject *var = NULL;
    PyObject *token, *value = NULL;
    if (var == NULL) {
        var = PyContextVar_New("single.var", NULL);
        if (var == NULL) {
            return NULL;
        }
    }
    token = PyContextVar_Set(var, arg);
    if (token == NULL) {
        return NULL;
    }
    if (PyContextVar_Get(var, NULL, &value) < 0) {
        Py_DECREF(token);
        return NULL;
    }
    if (PyContextVar_Reset(var, token) < 0) {
        Py_DECREF(token);
        Py_XDECREF(value);
        return NULL;
    }
    Py_DECREF(token);
    return value ? value : Py_NewRef(Py_None);
}

static PyMethodDef single_methods[] = {
    {"numbers", f_numbers, METH_VARARGS, NULL},
    {"containers", f_containers, METH_O, NULL},
    {"strings", f_strings, METH_VARARGS, NULL},
    {"runtime", f_runtime, METH_NOARGS, NULL},
    {"memory", f_memory, METH_O, NULL},
    {"threads", f_threads, METH_NOARGS, NULL},
    {"traceback", f_traceback, METH_NOARGS, NULL},
    {"marshal", f_marshal, METH_O, NULL},
    {"point", f_point, METH_VARARGS, NULL},
    {"weak", f_weak, METH_O, NULL},
    {"context", f_context, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef single_module = {
    PyModuleDef_HEAD_INIT,
    "single",
    NULL,
    -1,
    single_methods,
    NULL, NULL, NULL, NULL
};

static void
at_exit(void)
{
    if (module_lock != NULL) {
        PyThread_free_lock(module_lock);
        module_lock = NULL;
    }
}

PyMODINIT_FUNC
PyInit_single(void)
{
    PyObject *m, *box_type;

    if (PyType_Ready(&RangeIter_Type) < 0) {
        return NULL;
    }
    point_fields[2].name = PyStructSequence_UnnamedField;
    if (PointType.tp_name == NULL &&
        PyStructSequence_InitType2(&PointType, &point_desc) < 0) {
        return NULL;
    }
    m = PyModule_Create(&single_module);
    if (m == NULL) {
        return NULL;
    }
    ModError = PyErr_NewException("single.error", NULL, NULL);
    Py_XINCREF(ModError);
    if (PyModule_AddObject(m, "error", ModError) < 0) {
        Py_XDECREF(ModError);
        Py_CLEAR(ModError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&RangeIter_Type);
    if (PyModule_AddObject(m, "RangeIter", (PyObject *)&RangeIter_Type) < 0) {
        Py_DECREF(&RangeIter_Type);
        Py_DECREF(m);
        return NULL;
    }
    box_type = PyType_FromSpec(&box_spec);
    if (box_type == NULL || PyModule_AddObject(m, "Box", box_type) < 0) {
        Py_XDECREF(box_type);
        Py_DECREF(m);
        return NULL;
    }
    module_lock = PyThread_allocate_lock();
    if (module_lock == NULL || Py_AtExit(at_exit) < 0) {
        Py_DECREF(m);
        return PyErr_NoMemory();
    }
    if (PyModule_AddIntMacro(m, Py_TPFLAGS_HEAPTYPE) < 0 ||
        PyModule_AddIntConstant(m, "HEX", PY_VERSION_HEX) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
