/* _capi_types.c -- C-defined types written against the CPython 3.11 C API.
 * Driven by py/test_types.py.
 *
 *   Vec      static type: tp_new/tp_init/tp_dealloc, tp_members of many T_* kinds,
 *            tp_getset, every method calling convention, repr/str, rich compare,
 *            hash, number slots (incl. reflected operands and in-place add),
 *            subclassable from Python; alive() counts live instances.
 *   Seq      static sequence/mapping type over a C array, with SeqIter.
 *   Callable tp_call.
 *   Proxy    tp_getattro/tp_setattro overrides on top of a __dict__ (tp_dictoffset).
 *   Counter  heap type from PyType_FromModuleAndSpec with module state and a
 *            METH_METHOD method.
 *   Point3   heap type from PyType_FromSpecWithBases deriving from the static Vec.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

/* Module state (m_size): live Counter instances. */
typedef struct {
    Py_ssize_t live_counters;
} ModState;

/* ======================================================================
 * Vec
 * ====================================================================== */

typedef struct {
    PyObject_HEAD
    double x, y;
    PyObject *tag;          /* T_OBJECT_EX: NULL until tp_init (reads raise) */
    int count;              /* T_INT */
    char flag;              /* T_BYTE */
    long long big;          /* T_LONGLONG */
    unsigned char ub;       /* T_UBYTE */
    char on;                /* T_BOOL */
    Py_ssize_t n;           /* T_PYSSIZET */
    int serial;             /* T_INT, READONLY: creation number */
} VecObject;

static PyTypeObject VecType;        /* defined below */

static Py_ssize_t vec_alive;        /* live Vec instances (subclasses included) */
static int vec_next_serial;

#define Vec_Check(o) PyObject_TypeCheck((o), &VecType)

static PyObject *Vec_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    /* args are ignored here; tp_init parses them */
    VecObject *self = (VecObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->x = self->y = 0.0;
    self->tag = NULL;
    self->serial = ++vec_next_serial;
    vec_alive++;
    return (PyObject *)self;
}

static int Vec_init(VecObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"x", "y", "tag", NULL};
    double x, y;
    PyObject *tag = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "dd|O:Vec", kwlist, &x, &y, &tag))
        return -1;
    self->x = x;
    self->y = y;
    Py_XSETREF(self->tag, Py_NewRef(tag));
    return 0;
}

static void Vec_dealloc(VecObject *self)
{
    vec_alive--;
    Py_XDECREF(self->tag);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* A new exact Vec (results of arithmetic are always plain Vecs). */
static PyObject *vec_make(double x, double y)
{
    VecObject *v = (VecObject *)Vec_new(&VecType, NULL, NULL);
    if (v == NULL)
        return NULL;
    v->x = x;
    v->y = y;
    v->tag = Py_NewRef(Py_None);
    return (PyObject *)v;
}

/* 1 and *out set if o is an int or float, 0 if not a scalar, -1 on error. */
static int as_scalar(PyObject *o, double *out)
{
    if (!PyFloat_Check(o) && !PyLong_Check(o))
        return 0;
    *out = PyFloat_AsDouble(o);
    if (*out == -1.0 && PyErr_Occurred())
        return -1;
    return 1;
}

/* Turn an operand into (x, y): a Vec gives its components, a scalar is
 * broadcast to both.  Returns 1, 0 (unsupported operand) or -1 (error). */
static int as_pair(PyObject *o, double *x, double *y)
{
    if (Vec_Check(o)) {
        *x = ((VecObject *)o)->x;
        *y = ((VecObject *)o)->y;
        return 1;
    }
    int r = as_scalar(o, x);
    if (r == 1)
        *y = *x;
    return r;
}

/* -- members ----------------------------------------------------------- */

static PyMemberDef Vec_members[] = {
    {"x", T_DOUBLE, offsetof(VecObject, x), 0, PyDoc_STR("x component")},
    {"y", T_DOUBLE, offsetof(VecObject, y), 0, PyDoc_STR("y component")},
    {"tag", T_OBJECT_EX, offsetof(VecObject, tag), 0, PyDoc_STR("any object")},
    {"count", T_INT, offsetof(VecObject, count), 0, NULL},
    {"flag", T_BYTE, offsetof(VecObject, flag), 0, NULL},
    {"big", T_LONGLONG, offsetof(VecObject, big), 0, NULL},
    {"ub", T_UBYTE, offsetof(VecObject, ub), 0, NULL},
    {"on", T_BOOL, offsetof(VecObject, on), 0, NULL},
    {"n", T_PYSSIZET, offsetof(VecObject, n), 0, NULL},
    {"serial", T_INT, offsetof(VecObject, serial), READONLY, PyDoc_STR("creation number")},
    {NULL}
};

/* -- getset -------------------------------------------------------------- */

static PyObject *Vec_get_norm2(VecObject *self, void *closure)
{
    return PyFloat_FromDouble(self->x * self->x + self->y * self->y);
}

static PyObject *Vec_get_pair(VecObject *self, void *closure)
{
    return Py_BuildValue("(dd)", self->x, self->y);
}

static int Vec_set_pair(VecObject *self, PyObject *value, void *closure)
{
    double x, y;
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "cannot delete pair");
        return -1;
    }
    if (!PyTuple_Check(value) || PyTuple_GET_SIZE(value) != 2) {
        PyErr_SetString(PyExc_TypeError, "pair must be a 2-tuple of numbers");
        return -1;
    }
    int rx = as_scalar(PyTuple_GET_ITEM(value, 0), &x);
    if (rx < 0)
        return -1;
    int ry = as_scalar(PyTuple_GET_ITEM(value, 1), &y);
    if (ry < 0)
        return -1;
    if (!rx || !ry) {
        PyErr_SetString(PyExc_TypeError, "pair must be a 2-tuple of numbers");
        return -1;
    }
    self->x = x;
    self->y = y;
    return 0;
}

static PyGetSetDef Vec_getset[] = {
    {"norm2", (getter)Vec_get_norm2, NULL, PyDoc_STR("x*x + y*y (read-only)"), NULL},
    {"pair", (getter)Vec_get_pair, (setter)Vec_set_pair, PyDoc_STR("(x, y) as a tuple"), NULL},
    {NULL}
};

/* -- methods: one per calling convention --------------------------------- */

/* METH_NOARGS */
static PyObject *Vec_to_tuple(VecObject *self, PyObject *unused)
{
    return Py_BuildValue("(dd)", self->x, self->y);
}

/* METH_NOARGS, raising from C */
static PyObject *Vec_normalized(VecObject *self, PyObject *unused)
{
    double len = sqrt(self->x * self->x + self->y * self->y);
    if (len == 0.0) {
        PyErr_SetString(PyExc_ValueError, "cannot normalize a zero vector");
        return NULL;
    }
    return vec_make(self->x / len, self->y / len);
}

/* METH_O */
static PyObject *Vec_dot(VecObject *self, PyObject *other)
{
    if (!Vec_Check(other)) {
        PyErr_Format(PyExc_TypeError, "dot() argument must be a Vec, not %s",
                     Py_TYPE(other)->tp_name);
        return NULL;
    }
    VecObject *o = (VecObject *)other;
    return PyFloat_FromDouble(self->x * o->x + self->y * o->y);
}

/* METH_VARARGS | METH_KEYWORDS: moved(dx, dy=0.0, *, times=1) */
static PyObject *Vec_moved(VecObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"dx", "dy", "times", NULL};
    double dx, dy = 0.0;
    int times = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "d|d$i:moved", kwlist, &dx, &dy, &times))
        return NULL;
    return vec_make(self->x + dx * times, self->y + dy * times);
}

/* METH_FASTCALL: total(*numbers) -> x + y + sum(numbers) */
static PyObject *Vec_total(VecObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    double sum = self->x + self->y;
    for (Py_ssize_t i = 0; i < nargs; i++) {
        double d;
        int r = as_scalar(args[i], &d);
        if (r < 0)
            return NULL;
        if (r == 0) {
            PyErr_Format(PyExc_TypeError, "total() argument %zd must be a number, not %s",
                         i + 1, Py_TYPE(args[i])->tp_name);
            return NULL;
        }
        sum += d;
    }
    return PyFloat_FromDouble(sum);
}

/* METH_CLASS: origin() -> cls(0.0, 0.0), so subclasses get their own type */
static PyObject *Vec_origin(PyTypeObject *cls, PyObject *unused)
{
    return PyObject_CallFunction((PyObject *)cls, "dd", 0.0, 0.0);
}

/* METH_STATIC | METH_O: from_pair((x, y)) -> Vec */
static PyObject *Vec_from_pair(PyObject *null_self, PyObject *pair)
{
    double x, y;
    if (!PyArg_ParseTuple(pair, "dd:from_pair", &x, &y))
        return NULL;
    return vec_make(x, y);
}

static PyMethodDef Vec_methods[] = {
    {"to_tuple", (PyCFunction)Vec_to_tuple, METH_NOARGS, PyDoc_STR("Return (x, y).")},
    {"normalized", (PyCFunction)Vec_normalized, METH_NOARGS,
     PyDoc_STR("Unit vector; ValueError for the zero vector.")},
    {"dot", (PyCFunction)Vec_dot, METH_O, PyDoc_STR("Dot product with another Vec.")},
    {"moved", (PyCFunction)(void (*)(void))Vec_moved, METH_VARARGS | METH_KEYWORDS,
     PyDoc_STR("moved(dx, dy=0.0, *, times=1) -> new Vec")},
    {"total", (PyCFunction)(void (*)(void))Vec_total, METH_FASTCALL,
     PyDoc_STR("x + y + sum of the arguments")},
    {"origin", (PyCFunction)Vec_origin, METH_NOARGS | METH_CLASS,
     PyDoc_STR("cls(0.0, 0.0)")},
    {"from_pair", (PyCFunction)Vec_from_pair, METH_O | METH_STATIC,
     PyDoc_STR("Vec from an (x, y) tuple")},
    {NULL}
};

/* -- repr / str ------------------------------------------------------- */

/* "Name(x, y)" where Name is the type's __name__, so plain subclasses show
 * their own name. */
static PyObject *Vec_repr(VecObject *self)
{
    PyObject *name = PyObject_GetAttrString((PyObject *)Py_TYPE(self), "__name__");
    PyObject *x = PyFloat_FromDouble(self->x);
    PyObject *y = PyFloat_FromDouble(self->y);
    PyObject *res = NULL;
    if (name && x && y)
        res = PyUnicode_FromFormat("%U(%R, %R)", name, x, y);
    Py_XDECREF(name);
    Py_XDECREF(x);
    Py_XDECREF(y);
    return res;
}

static PyObject *Vec_str(VecObject *self)
{
    PyObject *x = PyFloat_FromDouble(self->x);
    PyObject *y = PyFloat_FromDouble(self->y);
    PyObject *res = NULL;
    if (x && y)
        res = PyUnicode_FromFormat("<%S, %S>", x, y);
    Py_XDECREF(x);
    Py_XDECREF(y);
    return res;
}

/* -- comparison and hash --------------------------------------------- */

/* == / != compare components; ordering compares norm2. */
static PyObject *Vec_richcompare(PyObject *a, PyObject *b, int op)
{
    if (!Vec_Check(a) || !Vec_Check(b))
        Py_RETURN_NOTIMPLEMENTED;
    VecObject *va = (VecObject *)a, *vb = (VecObject *)b;
    int eq = va->x == vb->x && va->y == vb->y;
    double na = va->x * va->x + va->y * va->y;
    double nb = vb->x * vb->x + vb->y * vb->y;
    switch (op) {
    case Py_EQ: return PyBool_FromLong(eq);
    case Py_NE: return PyBool_FromLong(!eq);
    case Py_LT: return PyBool_FromLong(na < nb);
    case Py_LE: return PyBool_FromLong(na <= nb);
    case Py_GT: return PyBool_FromLong(na > nb);
    case Py_GE: return PyBool_FromLong(na >= nb);
    }
    Py_RETURN_NOTIMPLEMENTED;
}

/* hash(Vec(x, y)) == hash((x, y)) */
static Py_hash_t Vec_hash(VecObject *self)
{
    PyObject *t = Py_BuildValue("(dd)", self->x, self->y);
    if (t == NULL)
        return -1;
    Py_hash_t h = PyObject_Hash(t);
    Py_DECREF(t);
    return h;
}

/* -- number slots ----------------------------------------------------
 * Binary slots receive the operands in expression order: for `2 + v` the
 * slot is called as (2, v), so either side may be the non-Vec. */

static PyObject *Vec_add(PyObject *a, PyObject *b)
{
    double ax, ay, bx, by;
    int ra = as_pair(a, &ax, &ay);
    if (ra < 0)
        return NULL;
    int rb = as_pair(b, &bx, &by);
    if (rb < 0)
        return NULL;
    if (!ra || !rb)
        Py_RETURN_NOTIMPLEMENTED;
    return vec_make(ax + bx, ay + by);
}

static PyObject *Vec_subtract(PyObject *a, PyObject *b)
{
    double ax, ay, bx, by;
    int ra = as_pair(a, &ax, &ay);
    if (ra < 0)
        return NULL;
    int rb = as_pair(b, &bx, &by);
    if (rb < 0)
        return NULL;
    if (!ra || !rb)
        Py_RETURN_NOTIMPLEMENTED;
    return vec_make(ax - bx, ay - by);
}

/* Vec * scalar and scalar * Vec; Vec * Vec is unsupported. */
static PyObject *Vec_multiply(PyObject *a, PyObject *b)
{
    PyObject *vec = Vec_Check(a) ? a : b;
    PyObject *other = vec == a ? b : a;
    double k;
    int r = as_scalar(other, &k);
    if (r < 0)
        return NULL;
    if (r == 0)
        Py_RETURN_NOTIMPLEMENTED;
    VecObject *v = (VecObject *)vec;
    return vec_make(v->x * k, v->y * k);
}

static PyObject *Vec_negative(VecObject *self)
{
    return vec_make(-self->x, -self->y);
}

static PyObject *Vec_absolute(VecObject *self)
{
    return PyFloat_FromDouble(sqrt(self->x * self->x + self->y * self->y));
}

static int Vec_bool(VecObject *self)
{
    return self->x != 0.0 || self->y != 0.0;
}

/* v += w mutates v and returns it */
static PyObject *Vec_inplace_add(PyObject *self, PyObject *other)
{
    double ox, oy;
    int r = as_pair(other, &ox, &oy);
    if (r < 0)
        return NULL;
    if (r == 0)
        Py_RETURN_NOTIMPLEMENTED;
    ((VecObject *)self)->x += ox;
    ((VecObject *)self)->y += oy;
    return Py_NewRef(self);
}

static PyNumberMethods Vec_as_number = {
    .nb_add = Vec_add,
    .nb_subtract = Vec_subtract,
    .nb_multiply = Vec_multiply,
    .nb_negative = (unaryfunc)Vec_negative,
    .nb_absolute = (unaryfunc)Vec_absolute,
    .nb_bool = (inquiry)Vec_bool,
    .nb_inplace_add = Vec_inplace_add,
};

static PyTypeObject VecType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_capi_types.Vec",
    .tp_basicsize = sizeof(VecObject),
    .tp_itemsize = 0,
    .tp_dealloc = (destructor)Vec_dealloc,
    .tp_repr = (reprfunc)Vec_repr,
    .tp_as_number = &Vec_as_number,
    .tp_hash = (hashfunc)Vec_hash,
    .tp_str = (reprfunc)Vec_str,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = PyDoc_STR("Vec(x, y, tag=None)\n--\n\nA 2-D vector of doubles."),
    .tp_richcompare = Vec_richcompare,
    .tp_methods = Vec_methods,
    .tp_members = Vec_members,
    .tp_getset = Vec_getset,
    .tp_init = (initproc)Vec_init,
    .tp_new = Vec_new,
};

/* ======================================================================
 * Seq and SeqIter
 * ====================================================================== */

typedef struct {
    PyObject_HEAD
    Py_ssize_t n;
    Py_ssize_t *data;       /* PyMem_Malloc'ed, n values: 0, 10, 20, ... */
} SeqObject;

typedef struct {
    PyObject_HEAD
    SeqObject *seq;         /* strong reference */
    Py_ssize_t pos;
} SeqIterObject;

static PyTypeObject SeqType;
static PyTypeObject SeqIterType;

static PyObject *Seq_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"n", NULL};
    Py_ssize_t n;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "n:Seq", kwlist, &n))
        return NULL;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "Seq size must be >= 0");
        return NULL;
    }
    SeqObject *self = (SeqObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->data = PyMem_Malloc((n ? n : 1) * sizeof(Py_ssize_t));
    if (self->data == NULL) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    self->n = n;
    for (Py_ssize_t i = 0; i < n; i++)
        self->data[i] = i * 10;
    return (PyObject *)self;
}

static void Seq_dealloc(SeqObject *self)
{
    PyMem_Free(self->data);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static Py_ssize_t Seq_length(SeqObject *self)
{
    return self->n;
}

/* sq_item: the index is already adjusted for negatives by the caller */
static PyObject *Seq_item(SeqObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= self->n) {
        PyErr_SetString(PyExc_IndexError, "Seq index out of range");
        return NULL;
    }
    return PyLong_FromSsize_t(self->data[i]);
}

static int Seq_ass_item(SeqObject *self, Py_ssize_t i, PyObject *value)
{
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "Seq items cannot be deleted");
        return -1;
    }
    if (i < 0 || i >= self->n) {
        PyErr_SetString(PyExc_IndexError, "Seq assignment index out of range");
        return -1;
    }
    Py_ssize_t v = PyLong_AsSsize_t(value);
    if (v == -1 && PyErr_Occurred())
        return -1;
    self->data[i] = v;
    return 0;
}

static int Seq_contains(SeqObject *self, PyObject *value)
{
    if (!PyLong_Check(value))
        return 0;
    Py_ssize_t v = PyLong_AsSsize_t(value);
    if (v == -1 && PyErr_Occurred()) {
        if (!PyErr_ExceptionMatches(PyExc_OverflowError))
            return -1;
        PyErr_Clear();          /* too big to be stored: not contained */
        return 0;
    }
    for (Py_ssize_t i = 0; i < self->n; i++)
        if (self->data[i] == v)
            return 1;
    return 0;
}

/* mp_subscript: s[int] or s[slice] (a slice gives a list) */
static PyObject *Seq_subscript(SeqObject *self, PyObject *key)
{
    if (PyIndex_Check(key)) {
        Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred())
            return NULL;
        if (i < 0)
            i += self->n;
        return Seq_item(self, i);
    }
    if (PySlice_Check(key)) {
        Py_ssize_t start, stop, step;
        if (PySlice_Unpack(key, &start, &stop, &step) < 0)
            return NULL;
        Py_ssize_t len = PySlice_AdjustIndices(self->n, &start, &stop, step);
        PyObject *list = PyList_New(len);
        if (list == NULL)
            return NULL;
        for (Py_ssize_t k = 0, i = start; k < len; k++, i += step) {
            PyObject *item = PyLong_FromSsize_t(self->data[i]);
            if (item == NULL) {
                Py_DECREF(list);
                return NULL;
            }
            PyList_SET_ITEM(list, k, item);
        }
        return list;
    }
    PyErr_Format(PyExc_TypeError, "Seq indices must be integers or slices, not %s",
                 Py_TYPE(key)->tp_name);
    return NULL;
}

static PyObject *Seq_iter(SeqObject *self)
{
    SeqIterObject *it = PyObject_New(SeqIterObject, &SeqIterType);
    if (it == NULL)
        return NULL;
    it->seq = (SeqObject *)Py_NewRef(self);
    it->pos = 0;
    return (PyObject *)it;
}

static PySequenceMethods Seq_as_sequence = {
    .sq_length = (lenfunc)Seq_length,
    .sq_item = (ssizeargfunc)Seq_item,
    .sq_ass_item = (ssizeobjargproc)Seq_ass_item,
    .sq_contains = (objobjproc)Seq_contains,
};

static PyMappingMethods Seq_as_mapping = {
    .mp_length = (lenfunc)Seq_length,
    .mp_subscript = (binaryfunc)Seq_subscript,
};

static PyTypeObject SeqType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_capi_types.Seq",
    .tp_basicsize = sizeof(SeqObject),
    .tp_dealloc = (destructor)Seq_dealloc,
    .tp_as_sequence = &Seq_as_sequence,
    .tp_as_mapping = &Seq_as_mapping,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = PyDoc_STR("Seq(n): n integers 0, 10, 20, ... in a C array."),
    .tp_iter = (getiterfunc)Seq_iter,
    .tp_new = Seq_new,
};

static void SeqIter_dealloc(SeqIterObject *self)
{
    Py_DECREF(self->seq);
    PyObject_Free(self);
}

/* NULL without an exception set means "exhausted" (StopIteration) */
static PyObject *SeqIter_next(SeqIterObject *self)
{
    if (self->pos >= self->seq->n)
        return NULL;
    return PyLong_FromSsize_t(self->seq->data[self->pos++]);
}

static PyTypeObject SeqIterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_capi_types.SeqIter",
    .tp_basicsize = sizeof(SeqIterObject),
    .tp_dealloc = (destructor)SeqIter_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)SeqIter_next,
};

/* ======================================================================
 * Callable: tp_call returns (args, kwargs)
 * ====================================================================== */

static PyObject *Callable_call(PyObject *self, PyObject *args, PyObject *kwargs)
{
    if (kwargs == NULL)
        return Py_BuildValue("(O{})", args);
    return Py_BuildValue("(OO)", args, kwargs);
}

static PyTypeObject CallableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_capi_types.Callable",
    .tp_basicsize = sizeof(PyObject),
    .tp_call = Callable_call,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = PyDoc_STR("Calling an instance returns (args, kwargs)."),
    .tp_new = PyType_GenericNew,
};

/* ======================================================================
 * Proxy: attribute hooks over an instance __dict__
 * ====================================================================== */

typedef struct {
    PyObject_HEAD
    PyObject *dict;         /* the instance __dict__, found via tp_dictoffset */
} ProxyObject;

static int has_prefix(PyObject *name, const char *prefix)
{
    if (!PyUnicode_Check(name))
        return 0;
    const char *s = PyUnicode_AsUTF8(name);
    if (s == NULL) {
        PyErr_Clear();
        return 0;
    }
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* names starting with "v_" are computed; everything else is generic */
static PyObject *Proxy_getattro(PyObject *self, PyObject *name)
{
    if (has_prefix(name, "v_"))
        return PyUnicode_FromFormat("virtual:%U", name);
    return PyObject_GenericGetAttr(self, name);
}

/* names starting with "ro_" can be neither set nor deleted */
static int Proxy_setattro(PyObject *self, PyObject *name, PyObject *value)
{
    if (has_prefix(name, "ro_")) {
        PyErr_Format(PyExc_AttributeError, "Proxy attribute '%U' is read-only", name);
        return -1;
    }
    return PyObject_GenericSetAttr(self, name, value);
}

/* The dict can hold references back to the proxy, so take part in GC. */
static int Proxy_traverse(ProxyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->dict);
    return 0;
}

static int Proxy_clear(ProxyObject *self)
{
    Py_CLEAR(self->dict);
    return 0;
}

static void Proxy_dealloc(ProxyObject *self)
{
    PyObject_GC_UnTrack(self);
    Proxy_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyGetSetDef Proxy_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL}
};

static PyTypeObject ProxyType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_capi_types.Proxy",
    .tp_basicsize = sizeof(ProxyObject),
    .tp_dealloc = (destructor)Proxy_dealloc,
    .tp_getattro = Proxy_getattro,
    .tp_setattro = Proxy_setattro,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = PyDoc_STR("v_* attributes are virtual, ro_* ones cannot be set."),
    .tp_traverse = (traverseproc)Proxy_traverse,
    .tp_clear = (inquiry)Proxy_clear,
    .tp_getset = Proxy_getset,
    .tp_dictoffset = offsetof(ProxyObject, dict),
    .tp_new = PyType_GenericNew,
    .tp_free = PyObject_GC_Del,
};

/* ======================================================================
 * Counter: a heap type from PyType_FromModuleAndSpec using module state
 * ====================================================================== */

typedef struct {
    PyObject_HEAD
    long long value;
    int step;
} CounterObject;

static PyObject *Counter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"start", "step", NULL};
    long long start = 0;
    int step = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|Li:Counter", kwlist, &start, &step))
        return NULL;
    ModState *st = PyType_GetModuleState(type);
    if (st == NULL)
        return NULL;
    CounterObject *self = (CounterObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->value = start;
    self->step = step;
    st->live_counters++;
    return (PyObject *)self;
}

static void Counter_dealloc(CounterObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    ModState *st = PyType_GetModuleState(tp);   /* Counter is final: tp is Counter */
    if (st != NULL)
        st->live_counters--;
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);                              /* instances of heap types own a type ref */
}

static PyObject *Counter_repr(CounterObject *self)
{
    return PyUnicode_FromFormat("Counter(%lld)", self->value);
}

/* incr(by=step) -> (new value, live Counters read from the module state of
 * the defining class) */
static PyObject *Counter_incr(CounterObject *self, PyTypeObject *defining_class,
                              PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *by = NULL;
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    if (nargs > 1) {
        PyErr_Format(PyExc_TypeError, "incr() takes at most 1 argument (%zd given)", nargs);
        return NULL;
    }
    if (nargs == 1)
        by = args[0];
    for (Py_ssize_t i = 0; i < nkw; i++) {
        PyObject *kw = PyTuple_GET_ITEM(kwnames, i);
        if (PyUnicode_CompareWithASCIIString(kw, "by") != 0) {
            PyErr_Format(PyExc_TypeError, "incr() got an unexpected keyword argument '%U'", kw);
            return NULL;
        }
        if (by != NULL) {
            PyErr_SetString(PyExc_TypeError, "incr() got multiple values for 'by'");
            return NULL;
        }
        by = args[nargs + i];           /* keyword values follow the positionals */
    }
    long long delta = self->step;
    if (by != NULL) {
        delta = PyLong_AsLongLong(by);
        if (delta == -1 && PyErr_Occurred())
            return NULL;
    }
    ModState *st = PyType_GetModuleState(defining_class);
    if (st == NULL)
        return NULL;
    self->value += delta;
    return Py_BuildValue("(Ln)", self->value, st->live_counters);
}

static PyMemberDef Counter_members[] = {
    {"value", T_LONGLONG, offsetof(CounterObject, value), 0, PyDoc_STR("current value")},
    {"step", T_INT, offsetof(CounterObject, step), READONLY, PyDoc_STR("default increment")},
    {NULL}
};

static PyMethodDef Counter_methods[] = {
    {"incr", (PyCFunction)(void (*)(void))Counter_incr,
     METH_METHOD | METH_FASTCALL | METH_KEYWORDS,
     PyDoc_STR("incr(by=step) -> (value, live counters)")},
    {NULL}
};

static PyType_Slot Counter_slots[] = {
    {Py_tp_new, Counter_new},
    {Py_tp_dealloc, Counter_dealloc},
    {Py_tp_repr, Counter_repr},
    {Py_tp_members, Counter_members},
    {Py_tp_methods, Counter_methods},
    {Py_tp_doc, (void *)PyDoc_STR("A counter made from a spec.")},
    {0, NULL}
};

static PyType_Spec Counter_spec = {
    .name = "_capi_types.Counter",
    .basicsize = sizeof(CounterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT,        /* no BASETYPE: cannot be subclassed */
    .slots = Counter_slots,
};

/* ======================================================================
 * Point3: a heap type deriving from the static Vec (FromSpecWithBases)
 * ====================================================================== */

typedef struct {
    VecObject vec;          /* the base's layout comes first */
    double z;
} Point3Object;

static int Point3_init(Point3Object *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"x", "y", "z", "tag", NULL};
    double x, y, z = 0.0;
    PyObject *tag = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "dd|dO:Point3", kwlist, &x, &y, &z, &tag))
        return -1;
    self->vec.x = x;
    self->vec.y = y;
    self->z = z;
    Py_XSETREF(self->vec.tag, Py_NewRef(tag));
    return 0;
}

static void Point3_dealloc(Point3Object *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    Vec_dealloc(&self->vec);    /* the base's dealloc frees the memory */
    Py_DECREF(tp);
}

static PyObject *Point3_repr(Point3Object *self)
{
    PyObject *t = Py_BuildValue("(ddd)", self->vec.x, self->vec.y, self->z);
    if (t == NULL)
        return NULL;
    PyObject *res = PyUnicode_FromFormat("Point3%R", t);
    Py_DECREF(t);
    return res;
}

/* overrides Vec.to_tuple */
static PyObject *Point3_to_tuple(Point3Object *self, PyObject *unused)
{
    return Py_BuildValue("(ddd)", self->vec.x, self->vec.y, self->z);
}

static PyMemberDef Point3_members[] = {
    {"z", T_DOUBLE, offsetof(Point3Object, z), 0, PyDoc_STR("z component")},
    {NULL}
};

static PyMethodDef Point3_methods[] = {
    {"to_tuple", (PyCFunction)Point3_to_tuple, METH_NOARGS, PyDoc_STR("Return (x, y, z).")},
    {NULL}
};

static PyType_Slot Point3_slots[] = {
    {Py_tp_init, Point3_init},
    {Py_tp_dealloc, Point3_dealloc},
    {Py_tp_repr, Point3_repr},
    {Py_tp_members, Point3_members},
    {Py_tp_methods, Point3_methods},
    {Py_tp_doc, (void *)PyDoc_STR("A Vec with a z component.")},
    {0, NULL}
};

static PyType_Spec Point3_spec = {
    .name = "_capi_types.Point3",
    .basicsize = sizeof(Point3Object),
    .flags = Py_TPFLAGS_DEFAULT,
    .slots = Point3_slots,
};

/* ======================================================================
 * Module functions
 * ====================================================================== */

static PyObject *mod_alive(PyObject *module, PyObject *unused)
{
    return PyLong_FromSsize_t(vec_alive);
}

static PyObject *mod_live_counters(PyObject *module, PyObject *unused)
{
    ModState *st = PyModule_GetState(module);
    return PyLong_FromSsize_t(st->live_counters);
}

static PyObject *mod_call_repr(PyObject *module, PyObject *o)
{
    return PyObject_Repr(o);
}

static PyObject *mod_call_add(PyObject *module, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO:call_add", &a, &b))
        return NULL;
    return PyNumber_Add(a, b);
}

/* call the type's tp_repr slot found with PyType_GetSlot */
static PyObject *mod_slot_repr(PyObject *module, PyObject *o)
{
    reprfunc f = (reprfunc)PyType_GetSlot(Py_TYPE(o), Py_tp_repr);
    if (f == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "type has no tp_repr");
        return NULL;
    }
    return f(o);
}

/* call the first operand's nb_add slot directly (may give NotImplemented) */
static PyObject *mod_slot_add(PyObject *module, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO:slot_add", &a, &b))
        return NULL;
    binaryfunc f = (binaryfunc)PyType_GetSlot(Py_TYPE(a), Py_nb_add);
    if (f == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "type has no nb_add");
        return NULL;
    }
    return f(a, b);
}

/* PyType_GetModule(t): the module a spec type was created with */
static PyObject *mod_type_module(PyObject *module, PyObject *t)
{
    if (!PyType_Check(t)) {
        PyErr_SetString(PyExc_TypeError, "type_module() argument must be a type");
        return NULL;
    }
    PyObject *m = PyType_GetModule((PyTypeObject *)t);     /* borrowed */
    return Py_XNewRef(m);
}

/* PySequence_GetItem: negative indexes are adjusted before sq_item */
static PyObject *mod_seq_item(PyObject *module, PyObject *args)
{
    PyObject *o;
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "On:seq_item", &o, &i))
        return NULL;
    return PySequence_GetItem(o, i);
}

static PyMethodDef module_methods[] = {
    {"alive", mod_alive, METH_NOARGS, PyDoc_STR("Number of live Vec instances.")},
    {"live_counters", mod_live_counters, METH_NOARGS, PyDoc_STR("Live Counters (module state).")},
    {"call_repr", mod_call_repr, METH_O, PyDoc_STR("PyObject_Repr(o)")},
    {"call_add", mod_call_add, METH_VARARGS, PyDoc_STR("PyNumber_Add(a, b)")},
    {"slot_repr", mod_slot_repr, METH_O, PyDoc_STR("PyType_GetSlot(type(o), Py_tp_repr)(o)")},
    {"slot_add", mod_slot_add, METH_VARARGS, PyDoc_STR("PyType_GetSlot(type(a), Py_nb_add)(a, b)")},
    {"type_module", mod_type_module, METH_O, PyDoc_STR("PyType_GetModule(t)")},
    {"seq_item", mod_seq_item, METH_VARARGS, PyDoc_STR("PySequence_GetItem(o, i)")},
    {NULL}
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_capi_types",
    .m_doc = "C-defined types: static types, spec (heap) types, slots and protocols.",
    .m_size = sizeof(ModState),
    .m_methods = module_methods,
};

/* Add a heap type made by PyType_From*Spec* and drop our reference. */
static int add_heap_type(PyObject *m, PyObject *type)
{
    if (type == NULL)
        return -1;
    int r = PyModule_AddType(m, (PyTypeObject *)type);     /* does not steal */
    Py_DECREF(type);
    return r;
}

PyMODINIT_FUNC PyInit__capi_types(void)
{
    if (PyType_Ready(&VecType) < 0 || PyType_Ready(&SeqType) < 0 ||
        PyType_Ready(&SeqIterType) < 0 || PyType_Ready(&CallableType) < 0 ||
        PyType_Ready(&ProxyType) < 0)
        return NULL;

    PyObject *m = PyModule_Create(&moduledef);      /* state is zero-filled */
    if (m == NULL)
        return NULL;

    /* the classic way: PyModule_AddObject steals a reference on success */
    Py_INCREF(&VecType);
    if (PyModule_AddObject(m, "Vec", (PyObject *)&VecType) < 0) {
        Py_DECREF(&VecType);
        goto fail;
    }
    if (PyModule_AddType(m, &SeqType) < 0 || PyModule_AddType(m, &SeqIterType) < 0 ||
        PyModule_AddType(m, &CallableType) < 0 || PyModule_AddType(m, &ProxyType) < 0)
        goto fail;

    if (add_heap_type(m, PyType_FromModuleAndSpec(m, &Counter_spec, NULL)) < 0)
        goto fail;

    PyObject *bases = PyTuple_Pack(1, (PyObject *)&VecType);
    if (bases == NULL)
        goto fail;
    PyObject *point3 = PyType_FromSpecWithBases(&Point3_spec, bases);
    Py_DECREF(bases);
    if (add_heap_type(m, point3) < 0)
        goto fail;
    return m;

fail:
    Py_DECREF(m);
    return NULL;
}
