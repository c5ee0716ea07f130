/* _capi_buffer -- buffer helpers (pybuffer.h), memoryviews over C memory, the old
 * buffer API, struct sequences defined from C, descriptor objects and raw member
 * access.  Every function here is called by native-tests/py/test_buffer.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
/* the old buffer API is deprecated but still part of the ABI: test it anyway */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <structmember.h>
#include <string.h>

/* ---- a 3x4 grid of doubles, viewed through hand-made Py_buffer structs ---- */

static double grid[3][4];
static Py_ssize_t g_shape[2] = {3, 4};
static Py_ssize_t g_strides[2] = {4 * sizeof(double), sizeof(double)};
static Py_ssize_t t_shape[2] = {4, 3};          /* transposed: Fortran order */
static Py_ssize_t t_strides[2] = {sizeof(double), 4 * sizeof(double)};
static Py_ssize_t s_shape[2] = {3, 2};          /* every other column */
static Py_ssize_t s_strides[2] = {4 * sizeof(double), 2 * sizeof(double)};

static void fill_grid(void)
{
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++)
            grid[i][j] = i * 10 + j;
}

static void make_view(Py_buffer *v, Py_ssize_t *shape, Py_ssize_t *strides)
{
    memset(v, 0, sizeof(*v));
    v->buf = grid;
    v->len = shape[0] * shape[1] * (Py_ssize_t)sizeof(double);
    v->itemsize = sizeof(double);
    v->format = "d";
    v->ndim = 2;
    v->shape = shape;
    v->strides = strides;
    v->readonly = 0;
}

static PyObject *doubles_list(const double *d, Py_ssize_t n)
{
    PyObject *l = PyList_New(n);
    if (!l)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++)
        PyList_SET_ITEM(l, i, PyFloat_FromDouble(d[i]));
    return l;
}

/* which: 0 grid, 1 transposed, 2 strided; returns (C?, F?, A?) */
static PyObject *is_contiguous(PyObject *self, PyObject *arg)
{
    Py_buffer v;
    long which = PyLong_AsLong(arg);
    if (which == -1 && PyErr_Occurred())
        return NULL;
    make_view(&v, which == 0 ? g_shape : which == 1 ? t_shape : s_shape,
              which == 0 ? g_strides : which == 1 ? t_strides : s_strides);
    return Py_BuildValue("(iii)", PyBuffer_IsContiguous(&v, 'C'),
                         PyBuffer_IsContiguous(&v, 'F'), PyBuffer_IsContiguous(&v, 'A'));
}

/* the items of a view copied out in `order` */
static PyObject *to_contiguous(PyObject *self, PyObject *args)
{
    long which;
    const char *order;
    Py_buffer v;
    double out[12];
    if (!PyArg_ParseTuple(args, "ls", &which, &order))
        return NULL;
    fill_grid();
    make_view(&v, which == 0 ? g_shape : which == 1 ? t_shape : s_shape,
              which == 0 ? g_strides : which == 1 ? t_strides : s_strides);
    if (PyBuffer_ToContiguous(out, &v, v.len, order[0]) < 0)
        return NULL;
    return doubles_list(out, v.len / (Py_ssize_t)sizeof(double));
}

/* write 100, 101, ... through the strided view, return the whole grid */
static PyObject *from_contiguous(PyObject *self, PyObject *unused)
{
    Py_buffer v;
    double src[6] = {100, 101, 102, 103, 104, 105};
    fill_grid();
    make_view(&v, s_shape, s_strides);
    if (PyBuffer_FromContiguous(&v, src, sizeof(src), 'C') < 0)
        return NULL;
    return doubles_list(&grid[0][0], 12);
}

static PyObject *get_pointer(PyObject *self, PyObject *args)
{
    Py_ssize_t idx[2];
    Py_buffer v;
    if (!PyArg_ParseTuple(args, "nn", &idx[0], &idx[1]))
        return NULL;
    fill_grid();
    make_view(&v, s_shape, s_strides);
    return PyFloat_FromDouble(*(double *)PyBuffer_GetPointer(&v, idx));
}

static PyObject *fill_strides(PyObject *self, PyObject *arg)
{
    Py_ssize_t shape[3] = {2, 3, 4}, strides[3];
    const char *order = PyUnicode_AsUTF8(arg);
    if (!order)
        return NULL;
    PyBuffer_FillContiguousStrides(3, shape, strides, 8, order[0]);
    return Py_BuildValue("(nnn)", strides[0], strides[1], strides[2]);
}

static PyObject *size_from_format(PyObject *self, PyObject *arg)
{
    const char *f = PyUnicode_AsUTF8(arg);
    if (!f)
        return NULL;
    Py_ssize_t n = PyBuffer_SizeFromFormat(f);
    if (n < 0)
        return NULL;
    return PyLong_FromSsize_t(n);
}

/* a memoryview of a Py_buffer describing the grid (strided or not) */
static PyObject *view_from_buffer(PyObject *self, PyObject *arg)
{
    Py_buffer v;
    long which = PyLong_AsLong(arg);
    if (which == -1 && PyErr_Occurred())
        return NULL;
    fill_grid();
    make_view(&v, which == 0 ? g_shape : which == 1 ? t_shape : s_shape,
              which == 0 ? g_strides : which == 1 ? t_strides : s_strides);
    return PyMemoryView_FromBuffer(&v);
}

static char scratch[8] = "abcdefg";

/* a memoryview over a static C array, writable or not */
static PyObject *view_from_memory(PyObject *self, PyObject *arg)
{
    int writable = PyObject_IsTrue(arg);
    if (writable < 0)
        return NULL;
    memcpy(scratch, "abcdefg", 8);
    return PyMemoryView_FromMemory(scratch, 7, writable ? PyBUF_WRITE : PyBUF_READ);
}

static PyObject *scratch_bytes(PyObject *self, PyObject *unused)
{
    return PyBytes_FromStringAndSize(scratch, 7);
}

static PyObject *copy_data(PyObject *self, PyObject *args)
{
    PyObject *dst, *src;
    if (!PyArg_ParseTuple(args, "OO", &dst, &src))
        return NULL;
    if (PyObject_CopyData(dst, src) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* the old buffer API: (length, first byte) */
static PyObject *old_buffer(PyObject *self, PyObject *args)
{
    PyObject *o;
    int write;
    const void *p;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "Op", &o, &write))
        return NULL;
    if (write) {
        void *w;
        if (PyObject_AsWriteBuffer(o, &w, &n) < 0)
            return NULL;
        if (n > 0)
            ((char *)w)[0] = 'Z';
        p = w;
    }
    else if (PyObject_AsReadBuffer(o, &p, &n) < 0)
        return NULL;
    return Py_BuildValue("(ni)", n, n > 0 ? ((const unsigned char *)p)[0] : -1);
}

static PyObject *get_contiguous(PyObject *self, PyObject *args)
{
    PyObject *o;
    int write;
    if (!PyArg_ParseTuple(args, "Op", &o, &write))
        return NULL;
    return PyMemoryView_GetContiguous(o, write ? PyBUF_WRITE : PyBUF_READ, 'C');
}

/* PyObject_GetBuffer(PyBUF_FULL) on an array('d'): write item 0 in place */
static PyObject *poke_double(PyObject *self, PyObject *args)
{
    PyObject *o;
    double v;
    Py_buffer view;
    if (!PyArg_ParseTuple(args, "Od", &o, &v))
        return NULL;
    if (PyObject_GetBuffer(o, &view, PyBUF_FULL) < 0)
        return NULL;
    if (strcmp(view.format, "d") != 0 || view.itemsize != 8 || view.ndim != 1) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_TypeError, "not a buffer of doubles");
        return NULL;
    }
    ((double *)view.buf)[0] = v;
    PyObject *r = Py_BuildValue("(nnn)", view.len, view.shape[0], view.strides[0]);
    PyBuffer_Release(&view);
    return r;
}

/* ---- struct sequences ---- */

static PyStructSequence_Field point_fields[] = {
    {"x", "the x coordinate"},
    {"y", "the y coordinate"},
    {"label", "a hidden field"},
    {NULL, NULL},
};
static PyStructSequence_Desc point_desc = {"_capi_buffer.Point", "A point from C.", point_fields, 2};

static PyStructSequence_Field pair_fields[] = {
    {"first", NULL},
    {NULL, NULL},                       /* replaced by PyStructSequence_UnnamedField */
    {NULL, NULL},
};
static PyStructSequence_Desc pair_desc = {"_capi_buffer.Pair", NULL, pair_fields, 2};
static PyTypeObject PairType;           /* initialized in place by InitType2 */
static PyTypeObject *PointType;

static PyObject *make_point(PyObject *self, PyObject *args)
{
    double x, y;
    const char *label;
    if (!PyArg_ParseTuple(args, "dds", &x, &y, &label))
        return NULL;
    PyObject *p = PyStructSequence_New(PointType);
    if (!p)
        return NULL;
    PyStructSequence_SetItem(p, 0, PyFloat_FromDouble(x));
    PyStructSequence_SetItem(p, 1, PyFloat_FromDouble(y));
    PyStructSequence_SetItem(p, 2, PyUnicode_FromString(label));
    /* read back before Python sees it */
    if (PyFloat_AsDouble(PyStructSequence_GetItem(p, 1)) != y) {
        Py_DECREF(p);
        PyErr_SetString(PyExc_AssertionError, "GetItem on a fresh struct sequence");
        return NULL;
    }
    return p;
}

static PyObject *make_pair(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO", &a, &b))
        return NULL;
    PyObject *p = PyStructSequence_New(&PairType);
    if (!p)
        return NULL;
    Py_INCREF(a);
    Py_INCREF(b);
    PyStructSequence_SetItem(p, 0, a);
    PyStructSequence_SetItem(p, 1, b);
    return p;
}

/* item `i` of a struct sequence Python already has */
static PyObject *point_item(PyObject *self, PyObject *args)
{
    PyObject *p;
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "On", &p, &i))
        return NULL;
    PyObject *r = PyStructSequence_GetItem(p, i);
    Py_XINCREF(r);
    return r;
}

/* ---- descriptors and raw members ---- */

typedef struct {
    PyObject_HEAD
    int count;
    double ratio;
    PyObject *obj;
} HolderObject;

static PyMemberDef holder_count = {"count", T_INT, offsetof(HolderObject, count), 0, "a counter"};
static PyMemberDef holder_ratio = {"ratio", T_DOUBLE, offsetof(HolderObject, ratio), READONLY, NULL};
static PyMemberDef holder_obj = {"obj", T_OBJECT_EX, offsetof(HolderObject, obj), 0, NULL};

static PyObject *holder_twice(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(((HolderObject *)self)->count * 2);
}

static PyObject *holder_make(PyObject *cls, PyObject *arg)
{
    PyObject *o = PyObject_CallNoArgs(cls);
    if (!o)
        return NULL;
    ((HolderObject *)o)->count = (int)PyLong_AsLong(arg);
    return o;
}

static PyObject *holder_get_half(PyObject *self, void *closure)
{
    return PyFloat_FromDouble(((HolderObject *)self)->count / 2.0);
}

static int holder_set_half(PyObject *self, PyObject *v, void *closure)
{
    if (v == NULL) {
        PyErr_SetString(PyExc_TypeError, "cannot delete half");
        return -1;
    }
    double d = PyFloat_AsDouble(v);
    if (d == -1.0 && PyErr_Occurred())
        return -1;
    ((HolderObject *)self)->count = (int)(d * 2);
    return 0;
}

static PyMethodDef holder_twice_def = {"twice", holder_twice, METH_NOARGS, "count * 2"};
static PyMethodDef holder_make_def = {"make", holder_make, METH_O, "alternate constructor"};
static PyGetSetDef holder_half_def = {"half", holder_get_half, holder_set_half, "count / 2", NULL};

static void holder_dealloc(PyObject *self)
{
    Py_XDECREF(((HolderObject *)self)->obj);
    Py_TYPE(self)->tp_free(self);
}

static PyTypeObject HolderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_capi_buffer.Holder",
    .tp_basicsize = sizeof(HolderObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_dealloc = holder_dealloc,
};

/* put descriptors made with PyDescr_New* into Holder's dict (before first use) */
static int add_descriptors(void)
{
    PyObject *d = HolderType.tp_dict;
    struct { const char *name; PyObject *descr; } items[] = {
        {"count", PyDescr_NewMember(&HolderType, &holder_count)},
        {"ratio", PyDescr_NewMember(&HolderType, &holder_ratio)},
        {"obj", PyDescr_NewMember(&HolderType, &holder_obj)},
        {"twice", PyDescr_NewMethod(&HolderType, &holder_twice_def)},
        {"make", PyDescr_NewClassMethod(&HolderType, &holder_make_def)},
        {"half", PyDescr_NewGetSet(&HolderType, &holder_half_def)},
    };
    for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
        if (!items[i].descr)
            return -1;
        /* the type's dict may be a copy: set the attribute through the type */
        if (PyObject_SetAttrString((PyObject *)&HolderType, items[i].name, items[i].descr) < 0) {
            PyErr_Clear();
            if (PyDict_SetItemString(d, items[i].name, items[i].descr) < 0)
                return -1;
        }
        Py_DECREF(items[i].descr);
    }
    PyType_Modified(&HolderType);
    return 0;
}

/* PyMember_GetOne / SetOne on a Holder: (count before, count after setting v) */
static PyObject *member_roundtrip(PyObject *self, PyObject *args)
{
    PyObject *h, *v;
    if (!PyArg_ParseTuple(args, "O!O", &HolderType, &h, &v))
        return NULL;
    PyObject *before = PyMember_GetOne((const char *)h, &holder_count);
    if (!before)
        return NULL;
    if (PyMember_SetOne((char *)h, &holder_count, v) < 0) {
        Py_DECREF(before);
        return NULL;
    }
    PyObject *after = PyMember_GetOne((const char *)h, &holder_count);
    if (!after) {
        Py_DECREF(before);
        return NULL;
    }
    return Py_BuildValue("(NN)", before, after);
}

static PyObject *member_delete_obj(PyObject *self, PyObject *h)
{
    if (PyMember_SetOne((char *)h, &holder_obj, NULL) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *is_data(PyObject *self, PyObject *d)
{
    return PyBool_FromLong(PyDescr_IsData(d));
}

static PyObject *wrapper_new(PyObject *self, PyObject *args)
{
    PyObject *d, *o;
    if (!PyArg_ParseTuple(args, "OO", &d, &o))
        return NULL;
    return PyWrapper_New(d, o);
}

static PyMethodDef methods[] = {
    {"is_contiguous", is_contiguous, METH_O, NULL},
    {"to_contiguous", to_contiguous, METH_VARARGS, NULL},
    {"from_contiguous", from_contiguous, METH_NOARGS, NULL},
    {"get_pointer", get_pointer, METH_VARARGS, NULL},
    {"fill_strides", fill_strides, METH_O, NULL},
    {"size_from_format", size_from_format, METH_O, NULL},
    {"view_from_buffer", view_from_buffer, METH_O, NULL},
    {"view_from_memory", view_from_memory, METH_O, NULL},
    {"scratch_bytes", scratch_bytes, METH_NOARGS, NULL},
    {"copy_data", copy_data, METH_VARARGS, NULL},
    {"old_buffer", old_buffer, METH_VARARGS, NULL},
    {"get_contiguous", get_contiguous, METH_VARARGS, NULL},
    {"poke_double", poke_double, METH_VARARGS, NULL},
    {"make_point", make_point, METH_VARARGS, NULL},
    {"make_pair", make_pair, METH_VARARGS, NULL},
    {"point_item", point_item, METH_VARARGS, NULL},
    {"member_roundtrip", member_roundtrip, METH_VARARGS, NULL},
    {"member_delete_obj", member_delete_obj, METH_O, NULL},
    {"is_data", is_data, METH_O, NULL},
    {"wrapper_new", wrapper_new, METH_VARARGS, NULL},
    {NULL},
};

static struct PyModuleDef moddef = {PyModuleDef_HEAD_INIT, "_capi_buffer", NULL, -1, methods};

PyMODINIT_FUNC PyInit__capi_buffer(void)
{
    pair_fields[1].name = PyStructSequence_UnnamedField;
    if (PyType_Ready(&HolderType) < 0 || add_descriptors() < 0)
        return NULL;
    PointType = PyStructSequence_NewType(&point_desc);
    if (!PointType)
        return NULL;
    if (PyStructSequence_InitType2(&PairType, &pair_desc) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&moddef);
    if (!m)
        return NULL;
    if (PyModule_AddObject(m, "Point", (PyObject *)PointType) < 0)
        return NULL;
    Py_INCREF(&PairType);
    if (PyModule_AddObject(m, "Pair", (PyObject *)&PairType) < 0)
        return NULL;
    Py_INCREF(&HolderType);
    if (PyModule_AddObject(m, "Holder", (PyObject *)&HolderType) < 0)
        return NULL;
    return m;
}
