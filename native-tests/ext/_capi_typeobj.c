/* _capi_typeobj -- C-defined types: a heap type from PyType_FromModuleAndSpec with
 * module state, METH_METHOD, PyType_GetSlot/GetModule(State); a spec type deriving
 * from it (PyType_FromSpecWithBases); a static sequence type with an iterator; a
 * type with tp_call, tp_getattro/tp_setattro overrides and a __dict__; every T_*
 * member kind; rich comparison and hashing slots. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

typedef struct { int live; } modstate;

/* ---- Counter: a heap type made from a spec, counting live instances in module state */

typedef struct {
    PyObject_HEAD
    long value;
    short s; int i; long l; float f; double d; char c; signed char b; unsigned char ub;
    unsigned short us; unsigned int ui; unsigned long ul; char flag; long long ll;
    unsigned long long ull; Py_ssize_t n; PyObject *obj; PyObject *objex; const char *str;
    char inplace[8];
} CounterObject;

static PyObject *Counter_new(PyTypeObject *t, PyObject *args, PyObject *kw)
{
    CounterObject *self = (CounterObject *)t->tp_alloc(t, 0);
    if (!self)
        return NULL;
    PyObject *m = PyType_GetModule(t);
    if (m) {
        ((modstate *)PyModule_GetState(m))->live++;
    }
    else {
        /* a Python subclass: the module of the defining class */
        PyErr_Clear();
    }
    self->str = "const";
    memcpy(self->inplace, "inplace", 8);
    return (PyObject *)self;
}

static int Counter_init(CounterObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"value", NULL};
    long v = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|l", kwlist, &v))
        return -1;
    self->value = v;
    return 0;
}

static void Counter_dealloc(CounterObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject *m = PyType_GetModule(tp);
    if (m)
        ((modstate *)PyModule_GetState(m))->live--;
    else
        PyErr_Clear();
    Py_XDECREF(self->obj);
    Py_XDECREF(self->objex);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *Counter_repr(CounterObject *self)
{
    return PyUnicode_FromFormat("%s(%ld)", _PyType_Name(Py_TYPE(self)), self->value);
}

static PyObject *Counter_add(PyObject *self, PyObject *const *args, Py_ssize_t n)
{
    if (n != 1) {
        PyErr_SetString(PyExc_TypeError, "add() takes one argument");
        return NULL;
    }
    long d = PyLong_AsLong(args[0]);
    if (d == -1 && PyErr_Occurred())
        return NULL;
    ((CounterObject *)self)->value += d;
    return PyLong_FromLong(((CounterObject *)self)->value);
}

/* METH_METHOD: the defining class gives the module state */
static PyObject *Counter_live(PyObject *self, PyTypeObject *defining, PyObject *const *args, Py_ssize_t n, PyObject *kw)
{
    modstate *st = PyType_GetModuleState(defining);
    if (!st)
        return NULL;
    return PyLong_FromLong(st->live);
}

static PyObject *Counter_richcompare(PyObject *a, PyObject *b, int op)
{
    if (!PyObject_TypeCheck(b, Py_TYPE(a)) && !PyObject_TypeCheck(a, Py_TYPE(b)))
        Py_RETURN_NOTIMPLEMENTED;
    long x = ((CounterObject *)a)->value, y = ((CounterObject *)b)->value;
    Py_RETURN_RICHCOMPARE(x, y, op);
}

static Py_hash_t Counter_hash(CounterObject *self)
{
    return self->value == -1 ? -2 : self->value;
}

static PyMethodDef Counter_methods[] = {
    {"add", (PyCFunction)(void (*)(void))Counter_add, METH_FASTCALL, "add(n) -> new value"},
    {"live", (PyCFunction)(void (*)(void))Counter_live, METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL},
    {NULL},
};

#define OFF(f) offsetof(CounterObject, f)
static PyMemberDef Counter_members[] = {
    {"value", T_LONG, OFF(value), 0, "the count"},
    {"s", T_SHORT, OFF(s), 0, NULL}, {"i", T_INT, OFF(i), 0, NULL}, {"l", T_LONG, OFF(l), 0, NULL},
    {"f", T_FLOAT, OFF(f), 0, NULL}, {"d", T_DOUBLE, OFF(d), 0, NULL}, {"c", T_CHAR, OFF(c), 0, NULL},
    {"b", T_BYTE, OFF(b), 0, NULL}, {"ub", T_UBYTE, OFF(ub), 0, NULL}, {"us", T_USHORT, OFF(us), 0, NULL},
    {"ui", T_UINT, OFF(ui), 0, NULL}, {"ul", T_ULONG, OFF(ul), 0, NULL}, {"flag", T_BOOL, OFF(flag), 0, NULL},
    {"ll", T_LONGLONG, OFF(ll), 0, NULL}, {"ull", T_ULONGLONG, OFF(ull), 0, NULL},
    {"n", T_PYSSIZET, OFF(n), 0, NULL}, {"obj", T_OBJECT, OFF(obj), 0, NULL},
    {"objex", T_OBJECT_EX, OFF(objex), 0, NULL}, {"str", T_STRING, OFF(str), 0, NULL},
    {"inplace", T_STRING_INPLACE, OFF(inplace), 0, NULL}, {"ro", T_INT, OFF(i), READONLY, NULL},
    {NULL},
};

static PyType_Slot Counter_slots[] = {
    {Py_tp_new, Counter_new},
    {Py_tp_init, Counter_init},
    {Py_tp_dealloc, Counter_dealloc},
    {Py_tp_repr, Counter_repr},
    {Py_tp_methods, Counter_methods},
    {Py_tp_members, Counter_members},
    {Py_tp_richcompare, Counter_richcompare},
    {Py_tp_hash, Counter_hash},
    {Py_tp_doc, "Counter(value=0)\n--\n\nA counter made from a spec."},
    {0, NULL},
};

static PyType_Spec Counter_spec = {"_capi_typeobj.Counter", sizeof(CounterObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, Counter_slots};

/* ---- Doubler: derives from Counter through PyType_FromSpecWithBases */

static PyObject *Doubler_add(PyObject *self, PyObject *const *args, Py_ssize_t n)
{
    PyObject *r = Counter_add(self, args, n);
    if (!r)
        return NULL;
    Py_DECREF(r);
    return Counter_add(self, args, n);
}

static PyMethodDef Doubler_methods[] = {
    {"add", (PyCFunction)(void (*)(void))Doubler_add, METH_FASTCALL, NULL},
    {NULL},
};

static PyType_Slot Doubler_slots[] = {{Py_tp_methods, Doubler_methods}, {0, NULL}};
static PyType_Spec Doubler_spec = {"_capi_typeobj.Doubler", 0, 0, Py_TPFLAGS_DEFAULT, Doubler_slots};

/* ---- Seq: a static sequence type with a separate iterator type */

typedef struct { PyObject_HEAD Py_ssize_t n; long *items; } SeqObject;
typedef struct { PyObject_HEAD SeqObject *seq; Py_ssize_t pos; } SeqIterObject;
static PyTypeObject SeqType, SeqIterType;

static PyObject *Seq_new(PyTypeObject *t, PyObject *args, PyObject *kw)
{
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "n", &n))
        return NULL;
    if (n < 0 || n > 1000000) {
        PyErr_SetString(PyExc_ValueError, "bad size");
        return NULL;
    }
    SeqObject *self = (SeqObject *)t->tp_alloc(t, 0);
    if (!self)
        return NULL;
    self->items = PyMem_Calloc(n ? n : 1, sizeof(long));
    self->n = n;
    for (Py_ssize_t i = 0; i < n; i++)
        self->items[i] = i * 10;
    return (PyObject *)self;
}

static void Seq_dealloc(SeqObject *self)
{
    PyMem_Free(self->items);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static Py_ssize_t Seq_len(SeqObject *self) { return self->n; }

static PyObject *Seq_item(SeqObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= self->n) {
        PyErr_SetString(PyExc_IndexError, "Seq index out of range");
        return NULL;
    }
    return PyLong_FromLong(self->items[i]);
}

static int Seq_ass_item(SeqObject *self, Py_ssize_t i, PyObject *v)
{
    if (i < 0 || i >= self->n) {
        PyErr_SetString(PyExc_IndexError, "Seq assignment index out of range");
        return -1;
    }
    if (v == NULL) {
        PyErr_SetString(PyExc_TypeError, "Seq items cannot be deleted");
        return -1;
    }
    long x = PyLong_AsLong(v);
    if (x == -1 && PyErr_Occurred())
        return -1;
    self->items[i] = x;
    return 0;
}

static int Seq_contains(SeqObject *self, PyObject *v)
{
    long x = PyLong_AsLong(v);
    if (x == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    for (Py_ssize_t i = 0; i < self->n; i++)
        if (self->items[i] == x)
            return 1;
    return 0;
}

static PyObject *Seq_iter(SeqObject *self)
{
    SeqIterObject *it = PyObject_New(SeqIterObject, &SeqIterType);
    if (!it)
        return NULL;
    Py_INCREF(self);
    it->seq = self;
    it->pos = 0;
    return (PyObject *)it;
}

static PyObject *SeqIter_next(SeqIterObject *it)
{
    if (it->pos >= it->seq->n)
        return NULL;
    return PyLong_FromLong(it->seq->items[it->pos++]);
}

static void SeqIter_dealloc(SeqIterObject *it)
{
    Py_DECREF(it->seq);
    PyObject_Free(it);
}

static PySequenceMethods Seq_as_sequence = {
    .sq_length = (lenfunc)Seq_len, .sq_item = (ssizeargfunc)Seq_item,
    .sq_ass_item = (ssizeobjargproc)Seq_ass_item, .sq_contains = (objobjproc)Seq_contains,
};

static PyTypeObject SeqType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_capi_typeobj.Seq", .tp_basicsize = sizeof(SeqObject), .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Seq_new, .tp_dealloc = (destructor)Seq_dealloc, .tp_as_sequence = &Seq_as_sequence,
    .tp_iter = (getiterfunc)Seq_iter,
};

static PyTypeObject SeqIterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_capi_typeobj.SeqIter", .tp_basicsize = sizeof(SeqIterObject), .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_dealloc = (destructor)SeqIter_dealloc, .tp_iter = PyObject_SelfIter, .tp_iternext = (iternextfunc)SeqIter_next,
};

/* ---- Proxy: tp_call, tp_getattro/tp_setattro overrides, a __dict__ */

typedef struct { PyObject_HEAD PyObject *dict; } ProxyObject;

static PyObject *Proxy_call(PyObject *self, PyObject *args, PyObject *kw)
{
    return Py_BuildValue("(OO)", args, kw ? kw : Py_None);
}

static PyObject *Proxy_getattro(PyObject *self, PyObject *name)
{
    const char *s = PyUnicode_AsUTF8(name);
    if (!s)
        return NULL;
    if (strncmp(s, "v_", 2) == 0)
        return PyUnicode_FromFormat("virtual:%s", s + 2);
    return PyObject_GenericGetAttr(self, name);
}

static int Proxy_setattro(PyObject *self, PyObject *name, PyObject *v)
{
    const char *s = PyUnicode_AsUTF8(name);
    if (!s)
        return -1;
    if (strncmp(s, "ro_", 3) == 0) {
        PyErr_Format(PyExc_AttributeError, "'%s' is read-only", s);
        return -1;
    }
    return PyObject_GenericSetAttr(self, name, v);
}

static void Proxy_dealloc(ProxyObject *self)
{
    Py_XDECREF(self->dict);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject ProxyType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_capi_typeobj.Proxy", .tp_basicsize = sizeof(ProxyObject), .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew, .tp_dealloc = (destructor)Proxy_dealloc, .tp_call = Proxy_call,
    .tp_getattro = Proxy_getattro, .tp_setattro = Proxy_setattro, .tp_dictoffset = offsetof(ProxyObject, dict),
};

/* ---- module ---- */

static PyObject *live(PyObject *m, PyObject *unused)
{
    return PyLong_FromLong(((modstate *)PyModule_GetState(m))->live);
}

/* call a type's tp_repr found with PyType_GetSlot */
static PyObject *slot_repr(PyObject *m, PyObject *o)
{
    reprfunc f = (reprfunc)PyType_GetSlot(Py_TYPE(o), Py_tp_repr);
    if (!f) {
        PyErr_SetString(PyExc_TypeError, "no tp_repr");
        return NULL;
    }
    return f(o);
}

static PyObject *module_of(PyObject *m, PyObject *t)
{
    if (!PyType_Check(t)) {
        PyErr_SetString(PyExc_TypeError, "a type is required");
        return NULL;
    }
    PyObject *r = PyType_GetModule((PyTypeObject *)t);
    return Py_XNewRef(r);
}

static PyMethodDef mod_methods[] = {
    {"live", live, METH_NOARGS, NULL},
    {"slot_repr", slot_repr, METH_O, NULL},
    {"module_of", module_of, METH_O, NULL},
    {NULL},
};

static int exec_module(PyObject *m)
{
    PyObject *counter = PyType_FromModuleAndSpec(m, &Counter_spec, NULL);
    if (!counter)
        return -1;
    PyObject *bases = PyTuple_Pack(1, counter);
    PyObject *doubler = bases ? PyType_FromModuleAndSpec(m, &Doubler_spec, bases) : NULL;
    Py_XDECREF(bases);
    if (!doubler || PyModule_AddObject(m, "Counter", counter) < 0 || PyModule_AddObject(m, "Doubler", doubler) < 0)
        return -1;
    if (PyType_Ready(&SeqType) < 0 || PyType_Ready(&SeqIterType) < 0 || PyType_Ready(&ProxyType) < 0)
        return -1;
    Py_INCREF(&SeqType);
    Py_INCREF(&ProxyType);
    if (PyModule_AddObject(m, "Seq", (PyObject *)&SeqType) < 0 || PyModule_AddObject(m, "Proxy", (PyObject *)&ProxyType) < 0)
        return -1;
    return 0;
}

static PyModuleDef_Slot mod_slots[] = {{Py_mod_exec, exec_module}, {0, NULL}};
static struct PyModuleDef moddef = {PyModuleDef_HEAD_INIT, "_capi_typeobj", NULL, sizeof(modstate), mod_methods, mod_slots};

PyMODINIT_FUNC PyInit__capi_typeobj(void)
{
    return PyModuleDef_Init(&moddef);
}
