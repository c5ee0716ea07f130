/* ext_module.c -- a realistic extension module written against the
 * CPython 3.11 C API, used to check that Pyrite's headers accept it.
 * Valid C99/C11 and C++17.  Compile only (no libpyrite needed).
 *
 * Covers: multi-phase init (PyModuleDef_Init + Py_mod_exec), a static
 * PyTypeObject filled positionally (checks field order/types), number /
 * sequence / mapping / buffer slot tables, tp_members / tp_getset /
 * tp_methods, GC support, a PyType_Spec heap type with module state,
 * argument parsing and value building, unicode / tuple / list / dict /
 * bytes macros, exceptions, capsules, struct sequences, vectorcall,
 * threads and the GIL, datetime. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "structmember.h"
#include "datetime.h"

/* Type slots and module slots store functions in `void *` fields, which
 * ISO C only allows as an extension; mark those casts so that
 * -pedantic-errors accepts them (as extensions built that way must). */
#define SLOT_FUNC(f) (__extension__ (void *)(f))

#if PY_VERSION_HEX < 0x030B0000 || PY_MAJOR_VERSION != 3 || PY_MINOR_VERSION != 11
#error "expected Python 3.11 headers"
#endif
#ifndef PYRITE_VERSION
#error "PYRITE_VERSION should be defined"
#endif

/* ------------------------------------------------------------------ */
/* A vector-like object with the classic static type                  */
/* ------------------------------------------------------------------ */

typedef struct {
    PyObject_VAR_HEAD
    PyObject *label;            /* T_OBJECT_EX member */
    PyObject *weakreflist;
    PyObject *dict;
    double scale;               /* T_DOUBLE member */
    int flags;                  /* T_INT read-only member */
    Py_ssize_t exports;
    double data[1];
} VecObject;

/* C uses a tentative definition for the forward declaration; C++ has
 * none, so there the type object has external linkage. */
#ifdef __cplusplus
#  define TYPE_STORAGE
extern PyTypeObject Vec_Type;
#else
#  define TYPE_STORAGE static
static PyTypeObject Vec_Type;
#endif

#define Vec_Check(op) PyObject_TypeCheck((op), &Vec_Type)

static PyObject *
vec_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static const char *kwlist[] = {"size", "label", NULL};
    Py_ssize_t size = 0, i;
    PyObject *label = NULL;
    VecObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "n|U:Vec", (char **)kwlist,
                                     &size, &label)) {
        return NULL;
    }
    if (size < 0) {
        PyErr_SetString(PyExc_ValueError, "negative size");
        return NULL;
    }
    self = (VecObject *)type->tp_alloc(type, size);
    if (self == NULL) {
        return NULL;
    }
    for (i = 0; i < size; i++) {
        self->data[i] = 0.0;
    }
    self->label = label ? Py_NewRef(label) : PyUnicode_FromString("vec");
    self->scale = 1.0;
    self->flags = 0;
    return (PyObject *)self;
}

static int
vec_traverse(VecObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->label);
    Py_VISIT(self->dict);
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static int
vec_clear(VecObject *self)
{
    Py_CLEAR(self->label);
    Py_CLEAR(self->dict);
    return 0;
}

static void
vec_dealloc(VecObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_TRASHCAN_BEGIN(self, vec_dealloc)
    if (self->weakreflist != NULL) {
        PyObject_ClearWeakRefs((PyObject *)self);
    }
    (void)vec_clear(self);
    tp->tp_free((PyObject *)self);
    Py_TRASHCAN_END
}

static PyObject *
vec_repr(VecObject *self)
{
    return PyUnicode_FromFormat("<%U of %zd items at %p>", self->label,
                                Py_SIZE(self), (void *)self);
}

static Py_hash_t
vec_hash(PyObject *self)
{
    return PyObject_HashNotImplemented(self);
}

static Py_ssize_t
vec_length(VecObject *self)
{
    return Py_SIZE(self);
}

static PyObject *
vec_item(VecObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= Py_SIZE(self)) {
        PyErr_SetString(PyExc_IndexError, "index out of range");
        return NULL;
    }
    return PyFloat_FromDouble(self->data[i] * self->scale);
}

static int
vec_ass_item(VecObject *self, Py_ssize_t i, PyObject *v)
{
    double d;
    if (v == NULL) {
        PyErr_SetString(PyExc_TypeError, "cannot delete items");
        return -1;
    }
    d = PyFloat_AsDouble(v);
    if (d == -1.0 && PyErr_Occurred()) {
        return -1;
    }
    self->data[i] = d;
    return 0;
}

static int
vec_contains(VecObject *self, PyObject *v)
{
    Py_ssize_t i;
    double d = PyFloat_Check(v) ? PyFloat_AS_DOUBLE(v) : PyFloat_AsDouble(v);
    if (d == -1.0 && PyErr_Occurred()) {
        return -1;
    }
    for (i = 0; i < Py_SIZE(self); i++) {
        if (self->data[i] == d) {
            return 1;
        }
    }
    return 0;
}

static PyObject *
vec_subscript(VecObject *self, PyObject *key)
{
    if (PyIndex_Check(key)) {
        Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred()) {
            return NULL;
        }
        if (i < 0) {
            i += Py_SIZE(self);
        }
        return vec_item(self, i);
    }
    if (PySlice_Check(key)) {
        Py_ssize_t start, stop, step, len, i, j;
        PyObject *list;
        if (PySlice_Unpack(key, &start, &stop, &step) < 0) {
            return NULL;
        }
        len = PySlice_AdjustIndices(Py_SIZE(self), &start, &stop, step);
        list = PyList_New(len);
        if (list == NULL) {
            return NULL;
        }
        for (i = start, j = 0; j < len; i += step, j++) {
            PyObject *f = PyFloat_FromDouble(self->data[i]);
            if (f == NULL) {
                Py_DECREF(list);
                return NULL;
            }
            PyList_SET_ITEM(list, j, f);
        }
        return list;
    }
    PyErr_Format(PyExc_TypeError, "indices must be integers or slices, not %.200s",
                 Py_TYPE(key)->tp_name);
    return NULL;
}

static PyObject *
vec_add(PyObject *a, PyObject *b)
{
    VecObject *va, *vb, *res;
    Py_ssize_t i;
    if (!Vec_Check(a) || !Vec_Check(b)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    va = (VecObject *)a;
    vb = (VecObject *)b;
    if (Py_SIZE(va) != Py_SIZE(vb)) {
        PyErr_SetString(PyExc_ValueError, "size mismatch");
        return NULL;
    }
    res = PyObject_GC_NewVar(VecObject, &Vec_Type, Py_SIZE(va));
    if (res == NULL) {
        return NULL;
    }
    for (i = 0; i < Py_SIZE(va); i++) {
        res->data[i] = va->data[i] + vb->data[i];
    }
    res->label = Py_NewRef(va->label);
    res->weakreflist = NULL;
    res->dict = NULL;
    res->scale = 1.0;
    res->flags = 0;
    res->exports = 0;
    PyObject_GC_Track(res);
    return (PyObject *)res;
}

static int
vec_bool(VecObject *self)
{
    return Py_SIZE(self) != 0;
}

static PyObject *
vec_richcompare(PyObject *a, PyObject *b, int op)
{
    Py_ssize_t la, lb;
    if (!Vec_Check(a) || !Vec_Check(b)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    la = Py_SIZE(a);
    lb = Py_SIZE(b);
    Py_RETURN_RICHCOMPARE(la, lb, op);
}

static int
vec_getbuffer(VecObject *self, Py_buffer *view, int flags)
{
    int rc = PyBuffer_FillInfo(view, (PyObject *)self, self->data,
                               Py_SIZE(self) * (Py_ssize_t)sizeof(double), 0, flags);
    if (rc == 0) {
        view->itemsize = sizeof(double);
        view->format = (flags & PyBUF_FORMAT) ? (char *)"d" : NULL;
        self->exports++;
    }
    return rc;
}

static void
vec_releasebuffer(VecObject *self, Py_buffer *view)
{
    (void)view;
    self->exports--;
}

static PyObject *
vec_get_norm(VecObject *self, void *closure)
{
    double s = 0.0;
    Py_ssize_t i;
    (void)closure;
    for (i = 0; i < Py_SIZE(self); i++) {
        s += self->data[i] * self->data[i];
    }
    return PyFloat_FromDouble(sqrt(s));
}

static int
vec_set_scale(VecObject *self, PyObject *value, void *closure)
{
    double d;
    (void)closure;
    if (value == NULL) {
        PyErr_SetString(PyExc_AttributeError, "cannot delete scale");
        return -1;
    }
    d = PyFloat_AsDouble(value);
    if (d == -1.0 && PyErr_Occurred()) {
        return -1;
    }
    self->scale = d;
    return 0;
}

static PyObject *
vec_get_scale(VecObject *self, void *closure)
{
    (void)closure;
    return PyFloat_FromDouble(self->scale);
}

static PyObject *
vec_tolist(VecObject *self, PyObject *Py_UNUSED(ignored))
{
    Py_ssize_t i, n = Py_SIZE(self);
    PyObject *list = PyList_New(n);
    if (list == NULL) {
        return NULL;
    }
    for (i = 0; i < n; i++) {
        PyObject *f = PyFloat_FromDouble(self->data[i]);
        if (f == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, f);
    }
    return list;
}

static PyObject *
vec_fill(VecObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    double d;
    Py_ssize_t i;
    if (nargs != 1) {
        PyErr_Format(PyExc_TypeError, "fill() takes 1 argument (%zd given)", nargs);
        return NULL;
    }
    d = PyFloat_AsDouble(args[0]);
    if (d == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    for (i = 0; i < Py_SIZE(self); i++) {
        self->data[i] = d;
    }
    Py_RETURN_NONE;
}

static PyObject *
vec_zeros(PyTypeObject *cls, PyObject *arg)
{
    PyObject *args = PyTuple_Pack(1, arg);
    PyObject *res;
    if (args == NULL) {
        return NULL;
    }
    res = PyObject_Call((PyObject *)cls, args, NULL);
    Py_DECREF(args);
    return res;
}

static PyMethodDef vec_methods[] = {
    {"tolist", (PyCFunction)vec_tolist, METH_NOARGS, PyDoc_STR("Return a list.")},
    {"fill", _PyCFunction_CAST(vec_fill), METH_FASTCALL, "Fill with a value."},
    {"zeros", (PyCFunction)vec_zeros, METH_O | METH_CLASS, "Vector of zeros."},
    {NULL, NULL, 0, NULL}
};

static PyMemberDef vec_members[] = {
    {"label", T_OBJECT_EX, offsetof(VecObject, label), 0, "the label"},
    {"flags", T_INT, offsetof(VecObject, flags), READONLY, "flag bits"},
    {"raw_scale", Py_T_DOUBLE, offsetof(VecObject, scale), Py_READONLY, NULL},
    {"__weaklistoffset__", T_PYSSIZET, offsetof(VecObject, weakreflist), READONLY, NULL},
    {NULL, 0, 0, 0, NULL}
};

static PyGetSetDef vec_getset[] = {
    {"norm", (getter)vec_get_norm, NULL, "Euclidean norm", NULL},
    {"scale", (getter)vec_get_scale, (setter)vec_set_scale, "scale factor", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

static PyNumberMethods vec_as_number = {
    vec_add,                    /* nb_add */
    0, 0, 0, 0, 0, 0, 0, 0,     /* nb_subtract .. nb_absolute */
    (inquiry)vec_bool,          /* nb_bool */
};

static PySequenceMethods vec_as_sequence = {
    (lenfunc)vec_length,        /* sq_length */
    0,                          /* sq_concat */
    0,                          /* sq_repeat */
    (ssizeargfunc)vec_item,     /* sq_item */
    0,                          /* was_sq_slice */
    (ssizeobjargproc)vec_ass_item, /* sq_ass_item */
    0,                          /* was_sq_ass_slice */
    (objobjproc)vec_contains,   /* sq_contains */
    0, 0
};

static PyMappingMethods vec_as_mapping = {
    (lenfunc)vec_length,
    (binaryfunc)vec_subscript,
    0
};

static PyBufferProcs vec_as_buffer = {
    (getbufferproc)vec_getbuffer,
    (releasebufferproc)vec_releasebuffer
};

PyDoc_STRVAR(vec_doc, "Vec(size, label=None)\n--\n\nA fixed-size vector of doubles.");

/* Positional initialisation: every field in CPython 3.11's order. */
TYPE_STORAGE PyTypeObject Vec_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "headertest.Vec",                           /* tp_name */
    offsetof(VecObject, data),                  /* tp_basicsize */
    sizeof(double),                             /* tp_itemsize */
    (destructor)vec_dealloc,                    /* tp_dealloc */
    0,                                          /* tp_vectorcall_offset */
    0,                                          /* tp_getattr */
    0,                                          /* tp_setattr */
    0,                                          /* tp_as_async */
    (reprfunc)vec_repr,                         /* tp_repr */
    &vec_as_number,                             /* tp_as_number */
    &vec_as_sequence,                           /* tp_as_sequence */
    &vec_as_mapping,                            /* tp_as_mapping */
    vec_hash,                                   /* tp_hash */
    0,                                          /* tp_call */
    0,                                          /* tp_str */
    PyObject_GenericGetAttr,                    /* tp_getattro */
    PyObject_GenericSetAttr,                    /* tp_setattro */
    &vec_as_buffer,                             /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
        Py_TPFLAGS_SEQUENCE,                    /* tp_flags */
    vec_doc,                                    /* tp_doc */
    (traverseproc)vec_traverse,                 /* tp_traverse */
    (inquiry)vec_clear,                         /* tp_clear */
    vec_richcompare,                            /* tp_richcompare */
    offsetof(VecObject, weakreflist),           /* tp_weaklistoffset */
    PyObject_SelfIter,                          /* tp_iter */
    0,                                          /* tp_iternext */
    vec_methods,                                /* tp_methods */
    vec_members,                                /* tp_members */
    vec_getset,                                 /* tp_getset */
    0,                                          /* tp_base */
    0,                                          /* tp_dict */
    0,                                          /* tp_descr_get */
    0,                                          /* tp_descr_set */
    offsetof(VecObject, dict),                  /* tp_dictoffset */
    0,                                          /* tp_init */
    PyType_GenericAlloc,                        /* tp_alloc */
    vec_new,                                    /* tp_new */
    PyObject_GC_Del,                            /* tp_free */
    0,                                          /* tp_is_gc */
    0,                                          /* tp_bases */
    0,                                          /* tp_mro */
    0,                                          /* tp_cache */
    0,                                          /* tp_subclasses */
    0,                                          /* tp_weaklist */
    0,                                          /* tp_del */
    0,                                          /* tp_version_tag */
    0,                                          /* tp_finalize */
    0,                                          /* tp_vectorcall */
};

/* ------------------------------------------------------------------ */
/* A heap type created from a spec, with per-module state             */
/* ------------------------------------------------------------------ */

typedef struct {
    PyObject *CounterType;
    PyObject *Error;
    PyTypeObject *StatType;
} module_state;

typedef struct {
    PyObject_HEAD
    long long count;
    vectorcallfunc vectorcall;
} CounterObject;

static PyObject *
counter_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf,
                   PyObject *kwnames)
{
    CounterObject *self = (CounterObject *)callable;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (kwnames != NULL && PyTuple_GET_SIZE(kwnames) != 0) {
        PyErr_SetString(PyExc_TypeError, "no keyword arguments");
        return NULL;
    }
    (void)args;
    self->count += nargs;
    return PyLong_FromLongLong(self->count);
}

static PyObject *
counter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    CounterObject *self;
    if (!_PyArg_NoKeywords("Counter", kwds)) {
        return NULL;
    }
    if (!PyArg_UnpackTuple(args, "Counter", 0, 0)) {
        return NULL;
    }
    self = (CounterObject *)type->tp_alloc(type, 0);
    if (self != NULL) {
        self->count = 0;
        self->vectorcall = counter_vectorcall;
    }
    return (PyObject *)self;
}

static void
counter_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    freefunc tp_free = __extension__ (freefunc)PyType_GetSlot(tp, Py_tp_free);
    tp_free(self);
    Py_DECREF(tp);
}

static PyObject *
counter_reset(PyObject *self, PyTypeObject *defining_class, PyObject *const *args,
              size_t nargsf, PyObject *kwnames)
{
    module_state *st = (module_state *)PyType_GetModuleState(defining_class);
    if (PyVectorcall_NARGS(nargsf) != 0 || kwnames != NULL) {
        PyErr_SetString(st->Error, "reset() takes no arguments");
        return NULL;
    }
    (void)args;
    ((CounterObject *)self)->count = 0;
    Py_RETURN_NONE;
}

static PyMethodDef counter_methods[] = {
    {"reset", _PyCFunction_CAST(counter_reset),
     METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyMemberDef counter_members[] = {
    {"count", Py_T_LONGLONG, offsetof(CounterObject, count), Py_READONLY, NULL},
    {"__vectorcalloffset__", Py_T_PYSSIZET, offsetof(CounterObject, vectorcall),
     Py_READONLY, NULL},
    {NULL, 0, 0, 0, NULL}
};

static PyType_Slot counter_slots[] = {
    {Py_tp_new, SLOT_FUNC(counter_new)},
    {Py_tp_dealloc, SLOT_FUNC(counter_dealloc)},
    {Py_tp_call, SLOT_FUNC(PyVectorcall_Call)},
    {Py_tp_methods, counter_methods},
    {Py_tp_members, counter_members},
    {Py_tp_doc, (void *)"A call counter."},
    {0, NULL}
};

static PyType_Spec counter_spec = {
    "headertest.Counter",
    sizeof(CounterObject),
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_IMMUTABLETYPE,
    counter_slots
};

/* ------------------------------------------------------------------ */
/* Struct sequence                                                     */
/* ------------------------------------------------------------------ */

static PyStructSequence_Field stat_fields[] = {
    {"count", "number of items"},
    {"total", "sum of items"},
    {"mean", NULL},
    {NULL, NULL}
};

static PyStructSequence_Desc stat_desc = {
    "headertest.stat_result",
    "Statistics of a sequence.",
    stat_fields,
    2
};

/* ------------------------------------------------------------------ */
/* Module-level functions                                              */
/* ------------------------------------------------------------------ */

static module_state *
get_state(PyObject *module)
{
    return (module_state *)PyModule_GetState(module);
}

/* Sum the numbers of any sequence (PySequence_Fast). */
static PyObject *
mod_stats(PyObject *module, PyObject *arg)
{
    PyObject *seq, *res, *item;
    Py_ssize_t i, n;
    double total = 0.0;

    seq = PySequence_Fast(arg, "expected a sequence");
    if (seq == NULL) {
        return NULL;
    }
    n = PySequence_Fast_GET_SIZE(seq);
    for (i = 0; i < n; i++) {
        item = PySequence_Fast_GET_ITEM(seq, i);
        total += PyFloat_AsDouble(item);
        if (PyErr_Occurred()) {
            Py_DECREF(seq);
            return NULL;
        }
    }
    Py_DECREF(seq);
    res = PyStructSequence_New(get_state(module)->StatType);
    if (res == NULL) {
        return NULL;
    }
    PyStructSequence_SET_ITEM(res, 0, PyLong_FromSsize_t(n));
    PyStructSequence_SET_ITEM(res, 1, PyFloat_FromDouble(total));
    PyStructSequence_SetItem(res, 2, PyFloat_FromDouble(n ? total / (double)n : 0.0));
    return res;
}

/* Count code points above a bound, reading the PEP 393 data inline. */
static PyObject *
mod_count_above(PyObject *module, PyObject *args)
{
    PyObject *s;
    unsigned int bound = 127;
    Py_ssize_t i, n, count = 0;
    int kind;
    const void *data;

    if (!PyArg_ParseTuple(args, "U|I:count_above", &s, &bound)) {
        return NULL;
    }
    if (PyUnicode_READY(s) < 0) {
        return NULL;
    }
    n = PyUnicode_GET_LENGTH(s);
    if (PyUnicode_IS_COMPACT_ASCII(s) && bound >= 127) {
        return PyLong_FromLong(0);
    }
    kind = PyUnicode_KIND(s);
    data = PyUnicode_DATA(s);
    for (i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch > bound) {
            count++;
        }
    }
    switch (kind) {
    case PyUnicode_1BYTE_KIND:
        (void)PyUnicode_1BYTE_DATA(s);
        break;
    case PyUnicode_2BYTE_KIND:
        (void)PyUnicode_2BYTE_DATA(s);
        break;
    case PyUnicode_4BYTE_KIND:
        (void)PyUnicode_4BYTE_DATA(s);
        break;
    default:
        break;
    }
    if (n > 0 && PyUnicode_READ_CHAR(s, 0) > PyUnicode_MAX_CHAR_VALUE(s)) {
        PyErr_SetString(PyExc_SystemError, "impossible");
        return NULL;
    }
    return PyLong_FromSsize_t(count);
}

/* Build a new str of the given length and maximum character. */
static PyObject *
mod_make_str(PyObject *module, PyObject *const *args, Py_ssize_t nargs,
             PyObject *kwnames)
{
    static const char *const kwlist[] = {"n", "ch", NULL};
    static _PyArg_Parser parser = {"n|I:make_str", kwlist, NULL, NULL, 0, 0, 0, NULL, NULL};
    Py_ssize_t n = 0, i;
    unsigned int ch = 'x';
    PyObject *res;
    int kind;
    void *data;

    if (!_PyArg_ParseStackAndKeywords(args, nargs, kwnames, &parser, &n, &ch)) {
        return NULL;
    }
    res = PyUnicode_New(n, ch);
    if (res == NULL) {
        return NULL;
    }
    kind = PyUnicode_KIND(res);
    data = PyUnicode_DATA(res);
    for (i = 0; i < n; i++) {
        PyUnicode_WRITE(kind, data, i, ch);
    }
    return res;
}

static PyObject *
mod_join_bytes(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {(char *)"parts", (char *)"sep", NULL};
    PyObject *parts;
    const char *sep = "";
    Py_ssize_t seplen = 0, total = 0, i, n;
    PyObject *out;
    char *p;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!|y#:join_bytes", kwlist,
                                     &PyList_Type, &parts, &sep, &seplen)) {
        return NULL;
    }
    n = PyList_GET_SIZE(parts);
    for (i = 0; i < n; i++) {
        PyObject *b = PyList_GET_ITEM(parts, i);
        if (!PyBytes_Check(b)) {
            PyErr_SetString(PyExc_TypeError, "bytes expected");
            return NULL;
        }
        total += PyBytes_GET_SIZE(b) + (i ? seplen : 0);
    }
    out = PyBytes_FromStringAndSize(NULL, total);
    if (out == NULL) {
        return NULL;
    }
    p = PyBytes_AS_STRING(out);
    for (i = 0; i < n; i++) {
        PyObject *b = PyList_GET_ITEM(parts, i);
        if (i) {
            memcpy(p, sep, (size_t)seplen);
            p += seplen;
        }
        memcpy(p, PyBytes_AS_STRING(b), (size_t)PyBytes_GET_SIZE(b));
        p += PyBytes_GET_SIZE(b);
    }
    return out;
}

static PyObject *
mod_describe(PyObject *module, PyObject *args)
{
    PyObject *obj, *key, *value, *result;
    Py_ssize_t pos = 0;
    long total = 0;

    if (!PyArg_ParseTuple(args, "O:describe", &obj)) {
        return NULL;
    }
    if (PyDict_Check(obj)) {
        while (PyDict_Next(obj, &pos, &key, &value)) {
            if (PyLong_CheckExact(value)) {
                int overflow = 0;
                total += PyLong_AsLongAndOverflow(value, &overflow);
            }
        }
        return Py_BuildValue("{s:n,s:l}", "size", PyDict_GET_SIZE(obj), "total", total);
    }
    if (PyTuple_Check(obj)) {
        return Py_BuildValue("(sn)", "tuple", PyTuple_GET_SIZE(obj));
    }
    if (PyByteArray_Check(obj)) {
        return Py_BuildValue("y#", PyByteArray_AS_STRING(obj),
                             PyByteArray_GET_SIZE(obj));
    }
    if (PyAnySet_Check(obj)) {
        return PyLong_FromSsize_t(PySet_GET_SIZE(obj));
    }
    if (PyObject_CheckBuffer(obj)) {
        Py_buffer view;
        if (PyObject_GetBuffer(obj, &view, PyBUF_RECORDS_RO) < 0) {
            return NULL;
        }
        result = Py_BuildValue("(nns)", view.len, view.itemsize,
                               view.format ? view.format : "B");
        PyBuffer_Release(&view);
        return result;
    }
    if (PyCallable_Check(obj)) {
        PyObject *argv[2] = {NULL, Py_None};
        return PyObject_Vectorcall(obj, argv + 1, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET,
                                   NULL);
    }
    return PyObject_Repr(obj);
}

static PyObject *
mod_compare(PyObject *module, PyObject *args)
{
    PyObject *a, *b;
    int r;
    if (!PyArg_ParseTuple(args, "OO", &a, &b)) {
        return NULL;
    }
    r = PyObject_RichCompareBool(a, b, Py_LE);
    if (r < 0) {
        return NULL;
    }
    return PyBool_FromLong(r);
}

static PyObject *
mod_slow_sum(PyObject *module, PyObject *arg)
{
    Py_buffer view;
    double s = 0.0;
    Py_ssize_t i, n;
    const double *d;

    if (PyObject_GetBuffer(arg, &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        return NULL;
    }
    n = view.len / (Py_ssize_t)sizeof(double);
    d = (const double *)view.buf;
    Py_BEGIN_ALLOW_THREADS
    for (i = 0; i < n; i++) {
        s += d[i];
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    return PyFloat_FromDouble(s);
}

static void
worker(void *arg)
{
    PyGILState_STATE st = PyGILState_Ensure();
    PyObject *cb = (PyObject *)arg;
    PyObject *r = PyObject_CallNoArgs(cb);
    if (r == NULL) {
        PyErr_WriteUnraisable(cb);
    }
    Py_XDECREF(r);
    Py_DECREF(cb);
    PyGILState_Release(st);
}

static PyObject *
mod_spawn(PyObject *module, PyObject *cb)
{
    unsigned long ident;
    if (!PyCallable_Check(cb)) {
        PyErr_SetString(PyExc_TypeError, "callable expected");
        return NULL;
    }
    Py_INCREF(cb);
    ident = PyThread_start_new_thread(worker, cb);
    if (ident == PYTHREAD_INVALID_THREAD_ID) {
        Py_DECREF(cb);
        PyErr_SetString(PyExc_RuntimeError, "cannot start thread");
        return NULL;
    }
    return PyLong_FromUnsignedLong(ident);
}

static PyObject *
mod_dates(PyObject *module, PyObject *Py_UNUSED(args))
{
    PyObject *d, *dt, *delta, *res;
    if (PyDateTimeAPI == NULL) {
        PyDateTime_IMPORT;
        if (PyDateTimeAPI == NULL) {
            return NULL;
        }
    }
    d = PyDate_FromDate(2024, 2, 29);
    dt = PyDateTime_FromDateAndTime(2024, 2, 29, 13, 45, 59, 123456);
    delta = PyDelta_FromDSU(1, 2, 3);
    if (d == NULL || dt == NULL || delta == NULL) {
        Py_XDECREF(d);
        Py_XDECREF(dt);
        Py_XDECREF(delta);
        return NULL;
    }
    if (!PyDate_Check(d) || !PyDateTime_Check(dt) || !PyDelta_Check(delta)) {
        PyErr_SetString(PyExc_AssertionError, "datetime checks");
        res = NULL;
    }
    else {
        res = Py_BuildValue("(iii)(iiiii)(iii)",
                            PyDateTime_GET_YEAR(d), PyDateTime_GET_MONTH(d),
                            PyDateTime_GET_DAY(d),
                            PyDateTime_DATE_GET_HOUR(dt), PyDateTime_DATE_GET_MINUTE(dt),
                            PyDateTime_DATE_GET_SECOND(dt),
                            PyDateTime_DATE_GET_MICROSECOND(dt),
                            PyDateTime_DATE_GET_FOLD(dt),
                            PyDateTime_DELTA_GET_DAYS(delta),
                            PyDateTime_DELTA_GET_SECONDS(delta),
                            PyDateTime_DELTA_GET_MICROSECONDS(delta));
    }
    Py_DECREF(d);
    Py_DECREF(dt);
    Py_DECREF(delta);
    return res;
}

static PyObject *
mod_methods_demo(PyObject *module, PyObject *obj)
{
    _Py_IDENTIFIER(keys);
    PyObject *name = PyUnicode_InternFromString("items");
    PyObject *items, *keys, *res;
    int has = 0;

    if (name == NULL) {
        return NULL;
    }
    if (_PyObject_LookupAttr(obj, name, &items) < 0) {
        Py_DECREF(name);
        return NULL;
    }
    has = items != NULL;
    Py_XDECREF(items);
    items = has ? PyObject_CallMethodNoArgs(obj, name) : Py_NewRef(Py_None);
    Py_DECREF(name);
    if (items == NULL) {
        return NULL;
    }
    keys = _PyObject_CallMethodIdNoArgs(obj, &PyId_keys);
    if (keys == NULL) {
        PyErr_Clear();
        keys = PyObject_CallMethod(obj, "__repr__", NULL);
    }
    res = PyTuple_New(2);
    if (res == NULL) {
        Py_DECREF(items);
        Py_XDECREF(keys);
        return NULL;
    }
    PyTuple_SET_ITEM(res, 0, items);
    PyTuple_SET_ITEM(res, 1, keys ? keys : Py_NewRef(Py_None));
    return res;
}

static PyObject *
mod_errors(PyObject *module, PyObject *arg)
{
    PyObject *type, *value, *tb;
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred()) {
        if (PyErr_ExceptionMatches(PyExc_OverflowError)) {
            PyErr_Fetch(&type, &value, &tb);
            PyErr_NormalizeException(&type, &value, &tb);
            if (tb != NULL) {
                PyException_SetTraceback(value, tb);
            }
            Py_XDECREF(type);
            Py_XDECREF(tb);
            return value;
        }
        return NULL;
    }
    if (n == 1) {
        return PyErr_Format(get_state(module)->Error, "error %ld", n);
    }
    if (n == 2) {
        errno = ENOENT;
        return PyErr_SetFromErrnoWithFilename(PyExc_OSError, "missing.txt");
    }
    if (n == 3) {
        if (PyErr_WarnEx(PyExc_DeprecationWarning, "deprecated", 1) < 0) {
            return NULL;
        }
        Py_RETURN_FALSE;
    }
    Py_RETURN_TRUE;
}

static PyObject *
mod_capsule(PyObject *module, PyObject *Py_UNUSED(args))
{
    static double payload = 42.0;
    PyObject *cap = PyCapsule_New(&payload, "headertest._C_API", NULL);
    if (cap != NULL && PyCapsule_GetPointer(cap, "headertest._C_API") != &payload) {
        Py_CLEAR(cap);
    }
    return cap;
}

static PyMethodDef module_methods[] = {
    {"stats", mod_stats, METH_O, "Statistics of a sequence."},
    {"count_above", mod_count_above, METH_VARARGS, NULL},
    {"make_str", _PyCFunction_CAST(mod_make_str), METH_FASTCALL | METH_KEYWORDS, NULL},
    {"join_bytes", (PyCFunction)(void (*)(void))mod_join_bytes,
     METH_VARARGS | METH_KEYWORDS, NULL},
    {"describe", mod_describe, METH_VARARGS, NULL},
    {"compare", mod_compare, METH_VARARGS, NULL},
    {"slow_sum", mod_slow_sum, METH_O, NULL},
    {"spawn", mod_spawn, METH_O, NULL},
    {"dates", mod_dates, METH_NOARGS, NULL},
    {"methods_demo", mod_methods_demo, METH_O, NULL},
    {"errors", mod_errors, METH_O, NULL},
    {"capsule", mod_capsule, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

/* ------------------------------------------------------------------ */
/* Multi-phase initialisation                                          */
/* ------------------------------------------------------------------ */

static int
module_exec(PyObject *module)
{
    module_state *st = get_state(module);

    if (PyType_Ready(&Vec_Type) < 0) {
        return -1;
    }
    if (PyModule_AddType(module, &Vec_Type) < 0) {
        return -1;
    }
    st->CounterType = PyType_FromModuleAndSpec(module, &counter_spec, NULL);
    if (st->CounterType == NULL) {
        return -1;
    }
    if (PyModule_AddObjectRef(module, "Counter", st->CounterType) < 0) {
        return -1;
    }
    st->Error = PyErr_NewExceptionWithDoc("headertest.Error", "Test error.",
                                          PyExc_RuntimeError, NULL);
    if (PyModule_AddObjectRef(module, "Error", st->Error) < 0) {
        return -1;
    }
    st->StatType = PyStructSequence_NewType(&stat_desc);
    if (st->StatType == NULL) {
        return -1;
    }
    if (PyModule_AddIntConstant(module, "MAXSIZE", (long)Py_MIN(PY_SSIZE_T_MAX, LONG_MAX)) < 0 ||
        PyModule_AddIntMacro(module, METH_VARARGS) < 0 ||
        PyModule_AddStringConstant(module, "version", PY_VERSION) < 0 ||
        PyModule_AddStringMacro(module, PYRITE_VERSION) < 0) {
        return -1;
    }
    return 0;
}

static int
module_traverse(PyObject *module, visitproc visit, void *arg)
{
    module_state *st = get_state(module);
    Py_VISIT(st->CounterType);
    Py_VISIT(st->Error);
    Py_VISIT(st->StatType);
    return 0;
}

static int
module_clear(PyObject *module)
{
    module_state *st = get_state(module);
    Py_CLEAR(st->CounterType);
    Py_CLEAR(st->Error);
    Py_CLEAR(st->StatType);
    return 0;
}

static void
module_free(void *module)
{
    (void)module_clear((PyObject *)module);
}

static PyModuleDef_Slot module_slots[] = {
    {Py_mod_exec, SLOT_FUNC(module_exec)},
    {0, NULL}
};

static struct PyModuleDef headertest_module = {
    PyModuleDef_HEAD_INIT,
    "headertest",
    "Exercise the C API headers.",
    sizeof(module_state),
    module_methods,
    module_slots,
    module_traverse,
    module_clear,
    module_free
};

PyMODINIT_FUNC
PyInit_headertest(void)
{
    return PyModuleDef_Init(&headertest_module);
}
