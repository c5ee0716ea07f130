/* _ndarray.c -- a small numpy-like extension: an N-dimensional strided
 * float64 array kept in native memory.  Driven by py/test_ndarray.py
 * (together with _ndarray_user.c, which uses the C API exported below).
 *
 * What it exercises: a GC type with members and getsets, the buffer
 * protocol (PyBUF_* flags, export counting), number slots with reflected
 * operands and NotImplemented, the mapping protocol with ints/slices/tuples,
 * a separate iterator type, tp_richcompare, tp_repr, a classmethod,
 * Python subclasses, releasing the GIL around loops over raw memory, and a
 * capsule carrying a table of C functions.
 *
 * Memory model: an array either owns its data (base == NULL, `block` is a
 * malloc'ed block) or is a view (base is the owning array, `block` NULL).
 * Views of views point at the owner directly, so `base` is always an array
 * that owns memory.  shape/strides/data never change after creation.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdlib.h>
#include <string.h>

#define ND_MAXDIM 8

/* ===================================================================
 * The C API of _ndarray, published as the capsule _ndarray._C_API
 * (module attribute `_C_API`).  Consumers copy this block verbatim:
 *
 *   #define NDARRAY_CAPI_NAME "_ndarray._C_API"
 *   #define NDARRAY_CAPI_VERSION 1
 *   typedef struct {
 *       int version;                  NDARRAY_CAPI_VERSION
 *       PyTypeObject *array_type;     _ndarray.Array
 *       PyObject *(*new_filled)(Py_ssize_t n, double v);
 *                                     new 1-D array of n copies of v;
 *                                     NULL with an exception on error
 *                                     (ValueError for n < 0)
 *       double (*sum)(PyObject *a);   sum of all elements; on error
 *                                     (a not an Array) -1.0 with an
 *                                     exception set: check PyErr_Occurred
 *       int (*check)(PyObject *o);    1 if o is an Array or an instance
 *                                     of a subclass, else 0; never fails
 *       Py_ssize_t (*size)(PyObject *a);
 *                                     number of elements; -1 with an
 *                                     exception set on error
 *   } NDArray_CAPI;
 *
 * All functions need the GIL.
 * =================================================================== */
#define NDARRAY_CAPI_NAME "_ndarray._C_API"
#define NDARRAY_CAPI_VERSION 1
typedef struct {
    int version;
    PyTypeObject *array_type;
    PyObject *(*new_filled)(Py_ssize_t n, double v);
    double (*sum)(PyObject *a);
    int (*check)(PyObject *o);
    Py_ssize_t (*size)(PyObject *a);
} NDArray_CAPI;

typedef struct {
    PyObject_HEAD
    char *data;                       /* first element */
    char *block;                      /* malloc'ed block, owners only */
    int ndim;
    int readonly;
    Py_ssize_t shape[ND_MAXDIM];
    Py_ssize_t strides[ND_MAXDIM];    /* in bytes, may be negative */
    Py_ssize_t size;                  /* product of shape */
    Py_ssize_t exports;               /* active Py_buffer exports */
    PyObject *base;                   /* owning array of a view, or NULL */
    PyObject *owner;                  /* free attribute for users */
} NDArray;

/* A description of a region of an array, before it becomes an object. */
typedef struct {
    char *data;
    int ndim;
    Py_ssize_t shape[ND_MAXDIM];
    Py_ssize_t strides[ND_MAXDIM];
} NDView;

static PyTypeObject NDArray_Type;
static PyTypeObject NDIter_Type;
static Py_ssize_t live_count = 0;     /* Array objects in existence */

#define NDArray_Check(op) PyObject_TypeCheck((op), &NDArray_Type)

/* ---------------- strided loops over raw memory ----------------
 * NDIter walks up to three operands with the same shape in C order.  The
 * callers loop over the last axis themselves and call it_next_outer to
 * step the other axes.  Nothing here touches Python objects, so the loops
 * can run without the GIL. */
#define ND_MAXOPS 3
typedef struct {
    int ndim, nops;
    Py_ssize_t shape[ND_MAXDIM];
    Py_ssize_t idx[ND_MAXDIM];
    char *ptr[ND_MAXOPS];
    Py_ssize_t strides[ND_MAXOPS][ND_MAXDIM];
} NDIter;

/* Returns 0 when the shape holds no element (nothing to loop over). */
static int it_init(NDIter *it, int ndim, const Py_ssize_t *shape)
{
    int d, nonempty = 1;
    it->ndim = ndim;
    it->nops = 0;
    for (d = 0; d < ndim; d++) {
        it->shape[d] = shape[d];
        it->idx[d] = 0;
        if (shape[d] == 0)
            nonempty = 0;
    }
    return nonempty;
}

/* strides == NULL: a scalar broadcast to every position. */
static void it_add(NDIter *it, char *ptr, const Py_ssize_t *strides)
{
    int d, k = it->nops++;
    it->ptr[k] = ptr;
    for (d = 0; d < it->ndim; d++)
        it->strides[k][d] = strides ? strides[d] : 0;
}

static int it_next_outer(NDIter *it)
{
    int d, k;
    for (d = it->ndim - 2; d >= 0; d--) {
        it->idx[d]++;
        for (k = 0; k < it->nops; k++)
            it->ptr[k] += it->strides[k][d];
        if (it->idx[d] < it->shape[d])
            return 1;
        for (k = 0; k < it->nops; k++)
            it->ptr[k] -= it->strides[k][d] * it->shape[d];
        it->idx[d] = 0;
    }
    return 0;
}

#define IT_INNER(it) ((it)->shape[(it)->ndim - 1])
#define IT_STRIDE(it, k) ((it)->strides[k][(it)->ndim - 1])
#define AT(p, i, s) (*(double *)((p) + (i) * (s)))

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_NEG, OP_COPY };

/* operand 0 = out, 1 = left, 2 = right (absent for OP_NEG / OP_COPY) */
static void loop_arith(NDIter *it, int op)
{
    Py_ssize_t i, n = IT_INNER(it);
    Py_ssize_t so = IT_STRIDE(it, 0), sa = IT_STRIDE(it, 1);
    Py_ssize_t sb = it->nops > 2 ? IT_STRIDE(it, 2) : 0;
    do {
        char *o = it->ptr[0], *a = it->ptr[1];
        char *b = it->nops > 2 ? it->ptr[2] : NULL;
        switch (op) {
        case OP_ADD:
            for (i = 0; i < n; i++) AT(o, i, so) = AT(a, i, sa) + AT(b, i, sb);
            break;
        case OP_SUB:
            for (i = 0; i < n; i++) AT(o, i, so) = AT(a, i, sa) - AT(b, i, sb);
            break;
        case OP_MUL:
            for (i = 0; i < n; i++) AT(o, i, so) = AT(a, i, sa) * AT(b, i, sb);
            break;
        case OP_DIV:
            for (i = 0; i < n; i++) AT(o, i, so) = AT(a, i, sa) / AT(b, i, sb);
            break;
        case OP_NEG:
            for (i = 0; i < n; i++) AT(o, i, so) = -AT(a, i, sa);
            break;
        case OP_COPY:
            for (i = 0; i < n; i++) AT(o, i, so) = AT(a, i, sa);
            break;
        }
    } while (it_next_outer(it));
}

static double loop_sum(NDIter *it)
{
    double total = 0.0;
    Py_ssize_t i, n = IT_INNER(it), s = IT_STRIDE(it, 0);
    do {
        char *p = it->ptr[0];
        for (i = 0; i < n; i++)
            total += AT(p, i, s);
    } while (it_next_outer(it));
    return total;
}

static double loop_dot(NDIter *it)
{
    double total = 0.0;
    Py_ssize_t i, n = IT_INNER(it), sa = IT_STRIDE(it, 0), sb = IT_STRIDE(it, 1);
    do {
        char *a = it->ptr[0], *b = it->ptr[1];
        for (i = 0; i < n; i++)
            total += AT(a, i, sa) * AT(b, i, sb);
    } while (it_next_outer(it));
    return total;
}

static int loop_equal(NDIter *it)
{
    Py_ssize_t i, n = IT_INNER(it), sa = IT_STRIDE(it, 0), sb = IT_STRIDE(it, 1);
    do {
        char *a = it->ptr[0], *b = it->ptr[1];
        for (i = 0; i < n; i++)
            if (!(AT(a, i, sa) == AT(b, i, sb)))
                return 0;
    } while (it_next_outer(it));
    return 1;
}

static void loop_fill(NDIter *it, double v)
{
    Py_ssize_t i, n = IT_INNER(it), s = IT_STRIDE(it, 0);
    do {
        char *p = it->ptr[0];
        for (i = 0; i < n; i++)
            AT(p, i, s) = v;
    } while (it_next_outer(it));
}

/* ---------------- construction ---------------- */

static int is_c_contiguous(int ndim, const Py_ssize_t *shape, const Py_ssize_t *strides)
{
    Py_ssize_t expect = sizeof(double);
    int d;
    for (d = 0; d < ndim; d++)
        if (shape[d] == 0)
            return 1;
    for (d = ndim - 1; d >= 0; d--) {
        if (shape[d] != 1 && strides[d] != expect)
            return 0;
        expect *= shape[d];
    }
    return 1;
}

static int is_f_contiguous(int ndim, const Py_ssize_t *shape, const Py_ssize_t *strides)
{
    Py_ssize_t expect = sizeof(double);
    int d;
    for (d = 0; d < ndim; d++)
        if (shape[d] == 0)
            return 1;
    for (d = 0; d < ndim; d++) {
        if (shape[d] != 1 && strides[d] != expect)
            return 0;
        expect *= shape[d];
    }
    return 1;
}

/* Common allocation: every Array object goes through here (and through
 * nd_dealloc), which keeps live_count right. */
static NDArray *nd_alloc(PyTypeObject *type)
{
    NDArray *self = (NDArray *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    /* tp_alloc zeroes the object: data/block/base/owner are NULL */
    live_count++;
    return self;
}

/* A new C-contiguous array owning fresh (uninitialised) memory. */
static NDArray *nd_new_owner(PyTypeObject *type, int ndim, const Py_ssize_t *shape)
{
    NDArray *self;
    Py_ssize_t size = 1, stride;
    int d;

    if (ndim < 1 || ndim > ND_MAXDIM) {
        PyErr_Format(PyExc_ValueError, "arrays need 1 to %d dimensions, not %d",
                     ND_MAXDIM, ndim);
        return NULL;
    }
    for (d = 0; d < ndim; d++) {
        if (shape[d] < 0) {
            PyErr_SetString(PyExc_ValueError, "negative dimensions are not allowed");
            return NULL;
        }
    }
    for (d = 0; d < ndim; d++)
        if (shape[d] == 0)
            size = 0;
    for (d = 0; size != 0 && d < ndim; d++) {
        if (size > PY_SSIZE_T_MAX / (Py_ssize_t)sizeof(double) / shape[d]) {
            PyErr_SetString(PyExc_ValueError, "array is too big");
            return NULL;
        }
        size *= shape[d];
    }
    self = nd_alloc(type);
    if (self == NULL)
        return NULL;
    self->block = malloc(size > 0 ? (size_t)size * sizeof(double) : 1);
    if (self->block == NULL) {
        Py_DECREF(self);
        PyErr_NoMemory();
        return NULL;
    }
    self->data = self->block;
    self->ndim = ndim;
    self->size = size;
    stride = sizeof(double);
    for (d = ndim - 1; d >= 0; d--) {
        self->shape[d] = shape[d];
        self->strides[d] = stride;
        stride *= shape[d] ? shape[d] : 1;
    }
    return self;
}

/* A view of `src` memory described by v (v->ndim >= 1). */
static PyObject *nd_view(NDArray *src, const NDView *v)
{
    NDArray *self = nd_alloc(&NDArray_Type);
    PyObject *owner = src->base ? src->base : (PyObject *)src;
    int d;
    if (self == NULL)
        return NULL;
    self->data = v->data;
    self->ndim = v->ndim;
    self->size = 1;
    for (d = 0; d < v->ndim; d++) {
        self->shape[d] = v->shape[d];
        self->strides[d] = v->strides[d];
        self->size *= v->shape[d];
    }
    self->readonly = src->readonly;
    self->base = Py_NewRef(owner);
    return (PyObject *)self;
}

static PyObject *shape_tuple(int ndim, const Py_ssize_t *values)
{
    PyObject *t = PyTuple_New(ndim);
    int d;
    if (t == NULL)
        return NULL;
    for (d = 0; d < ndim; d++) {
        PyObject *n = PyLong_FromSsize_t(values[d]);
        if (n == NULL) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, d, n);
    }
    return t;
}

/* Array(shape, fill=0.0) */
static PyObject *nd_tp_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"shape", "fill", NULL};
    PyObject *shape_obj;
    double fill = 0.0;
    Py_ssize_t shape[ND_MAXDIM];
    int ndim, d;
    NDArray *self;
    NDIter it;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|d:Array", kwlist, &shape_obj, &fill))
        return NULL;
    if (PyTuple_Check(shape_obj)) {
        Py_ssize_t n = PyTuple_GET_SIZE(shape_obj);
        if (n < 1 || n > ND_MAXDIM) {
            PyErr_Format(PyExc_ValueError, "arrays need 1 to %d dimensions, not %zd",
                         ND_MAXDIM, n);
            return NULL;
        }
        ndim = (int)n;
        for (d = 0; d < ndim; d++) {
            PyObject *item = PyTuple_GET_ITEM(shape_obj, d);
            if (!PyIndex_Check(item)) {
                PyErr_Format(PyExc_TypeError, "shape must hold ints, not %.100s",
                             Py_TYPE(item)->tp_name);
                return NULL;
            }
            shape[d] = PyNumber_AsSsize_t(item, PyExc_ValueError);
            if (shape[d] == -1 && PyErr_Occurred())
                return NULL;
        }
    }
    else if (PyIndex_Check(shape_obj)) {
        ndim = 1;
        shape[0] = PyNumber_AsSsize_t(shape_obj, PyExc_ValueError);
        if (shape[0] == -1 && PyErr_Occurred())
            return NULL;
    }
    else {
        PyErr_Format(PyExc_TypeError, "shape must be an int or a tuple of ints, not %.100s",
                     Py_TYPE(shape_obj)->tp_name);
        return NULL;
    }
    self = nd_new_owner(type, ndim, shape);
    if (self == NULL)
        return NULL;
    if (it_init(&it, self->ndim, self->shape)) {
        it_add(&it, self->data, self->strides);
        loop_fill(&it, fill);
    }
    return (PyObject *)self;
}

/* ---- from_list ---- */

static int fl_fill(PyObject *obj, int depth, int ndim, const Py_ssize_t *shape, double **out)
{
    Py_ssize_t i;
    if (depth == ndim) {
        double v;
        if (PyList_Check(obj) || PyTuple_Check(obj)) {
            PyErr_SetString(PyExc_ValueError, "from_list(): nested lists are ragged");
            return -1;
        }
        v = PyFloat_AsDouble(obj);
        if (v == -1.0 && PyErr_Occurred())
            return -1;
        *(*out)++ = v;
        return 0;
    }
    if (!(PyList_Check(obj) || PyTuple_Check(obj)) || PySequence_Fast_GET_SIZE(obj) != shape[depth]) {
        PyErr_SetString(PyExc_ValueError, "from_list(): nested lists are ragged");
        return -1;
    }
    for (i = 0; i < shape[depth]; i++) {
        PyObject *item;
        int r;
        /* __float__ of an element may change the list: re-check, hold a
         * reference while converting */
        if (i >= PySequence_Fast_GET_SIZE(obj)) {
            PyErr_SetString(PyExc_ValueError, "from_list(): list changed size");
            return -1;
        }
        item = Py_NewRef(PySequence_Fast_GET_ITEM(obj, i));
        r = fl_fill(item, depth + 1, ndim, shape, out);
        Py_DECREF(item);
        if (r < 0)
            return -1;
    }
    return 0;
}

static PyObject *nd_from_list(PyObject *cls, PyObject *obj)
{
    Py_ssize_t shape[ND_MAXDIM];
    int ndim = 0;
    PyObject *cur = obj;
    NDArray *self;
    double *out;

    if (!(PyList_Check(obj) || PyTuple_Check(obj))) {
        PyErr_Format(PyExc_TypeError, "from_list() argument must be a list, not %.100s",
                     Py_TYPE(obj)->tp_name);
        return NULL;
    }
    while (PyList_Check(cur) || PyTuple_Check(cur)) {
        if (ndim == ND_MAXDIM) {
            PyErr_Format(PyExc_ValueError, "from_list(): more than %d dimensions", ND_MAXDIM);
            return NULL;
        }
        shape[ndim++] = PySequence_Fast_GET_SIZE(cur);
        if (PySequence_Fast_GET_SIZE(cur) == 0)
            break;
        cur = PySequence_Fast_GET_ITEM(cur, 0);
    }
    self = nd_new_owner((PyTypeObject *)cls, ndim, shape);
    if (self == NULL)
        return NULL;
    out = (double *)self->data;
    /* with no element nothing is written, but [[], [1]] is still refused */
    if (fl_fill(obj, 0, ndim, shape, &out) < 0) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

/* ---------------- GC and lifetime ---------------- */

static int nd_traverse(NDArray *self, visitproc visit, void *arg)
{
    Py_VISIT(self->base);
    Py_VISIT(self->owner);
    return 0;
}

/* Only `owner` is cleared: `base` keeps the memory that `data` points into
 * alive, and every cycle through arrays passes through some owner field
 * (an array's only references are base and owner, and a base has no base),
 * so clearing owner is enough to break it. */
static int nd_clear(NDArray *self)
{
    Py_CLEAR(self->owner);
    return 0;
}

static void nd_dealloc(NDArray *self)
{
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->owner);
    Py_CLEAR(self->base);
    free(self->block);
    self->block = NULL;
    self->data = NULL;
    live_count--;
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* ---------------- the buffer protocol ---------------- */

static int nd_getbuffer(PyObject *obj, Py_buffer *view, int flags)
{
    NDArray *self = (NDArray *)obj;
    int c = is_c_contiguous(self->ndim, self->shape, self->strides);
    int f = is_f_contiguous(self->ndim, self->shape, self->strides);

    if (view == NULL) {
        PyErr_SetString(PyExc_BufferError, "NULL view in getbuffer");
        return -1;
    }
    if ((flags & PyBUF_WRITABLE) && self->readonly) {
        PyErr_SetString(PyExc_BufferError, "array is read-only");
        return -1;
    }
    if ((flags & PyBUF_C_CONTIGUOUS) == PyBUF_C_CONTIGUOUS && !c) {
        PyErr_SetString(PyExc_BufferError, "array is not C-contiguous");
        return -1;
    }
    if ((flags & PyBUF_F_CONTIGUOUS) == PyBUF_F_CONTIGUOUS && !f) {
        PyErr_SetString(PyExc_BufferError, "array is not Fortran-contiguous");
        return -1;
    }
    if ((flags & PyBUF_ANY_CONTIGUOUS) == PyBUF_ANY_CONTIGUOUS && !c && !f) {
        PyErr_SetString(PyExc_BufferError, "array is not contiguous");
        return -1;
    }
    /* without strides the consumer assumes C order */
    if ((flags & PyBUF_STRIDES) != PyBUF_STRIDES && !c) {
        PyErr_SetString(PyExc_BufferError,
                        "array is not C-contiguous: the request must accept strides");
        return -1;
    }
    view->obj = Py_NewRef(obj);
    view->buf = self->data;
    view->len = self->size * (Py_ssize_t)sizeof(double);
    view->itemsize = sizeof(double);
    view->readonly = self->readonly;
    view->format = (flags & PyBUF_FORMAT) ? (char *)"d" : NULL;
    if ((flags & PyBUF_ND) == PyBUF_ND) {
        view->ndim = self->ndim;
        view->shape = self->shape;
    }
    else {
        view->ndim = 1;
        view->shape = NULL;
    }
    view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES ? self->strides : NULL;
    view->suboffsets = NULL;
    view->internal = NULL;
    self->exports++;
    return 0;
}

static void nd_releasebuffer(PyObject *obj, Py_buffer *view)
{
    ((NDArray *)obj)->exports--;
}

static PyBufferProcs nd_as_buffer = {
    .bf_getbuffer = nd_getbuffer,
    .bf_releasebuffer = nd_releasebuffer,
};

/* ---------------- numbers ---------------- */

static NDArray *nd_new_like(int ndim, const Py_ssize_t *shape)
{
    return nd_new_owner(&NDArray_Type, ndim, shape);
}

static int is_scalar(PyObject *o)
{
    return PyFloat_Check(o) || PyLong_Check(o);
}

static PyObject *nd_binary(PyObject *x, PyObject *y, int op)
{
    int xa = NDArray_Check(x), ya = NDArray_Check(y);
    double sx = 0.0, sy = 0.0;
    NDArray *arr, *out;
    NDIter it;
    int d;

    if (xa && ya) {
        NDArray *a = (NDArray *)x, *b = (NDArray *)y;
        int same = a->ndim == b->ndim;
        for (d = 0; same && d < a->ndim; d++)
            same = a->shape[d] == b->shape[d];
        if (!same) {
            PyObject *sa = shape_tuple(a->ndim, a->shape);
            PyObject *sb = sa ? shape_tuple(b->ndim, b->shape) : NULL;
            if (sb)
                PyErr_Format(PyExc_ValueError,
                             "operands could not be broadcast together with shapes %R %R",
                             sa, sb);
            Py_XDECREF(sa);
            Py_XDECREF(sb);
            return NULL;
        }
        arr = a;
    }
    else if (xa && is_scalar(y)) {
        sy = PyFloat_AsDouble(y);
        if (sy == -1.0 && PyErr_Occurred())
            return NULL;
        arr = (NDArray *)x;
    }
    else if (ya && is_scalar(x)) {
        sx = PyFloat_AsDouble(x);
        if (sx == -1.0 && PyErr_Occurred())
            return NULL;
        arr = (NDArray *)y;
    }
    else
        Py_RETURN_NOTIMPLEMENTED;

    out = nd_new_like(arr->ndim, arr->shape);
    if (out == NULL)
        return NULL;
    if (it_init(&it, arr->ndim, arr->shape)) {
        it_add(&it, out->data, out->strides);
        if (xa)
            it_add(&it, ((NDArray *)x)->data, ((NDArray *)x)->strides);
        else
            it_add(&it, (char *)&sx, NULL);
        if (ya)
            it_add(&it, ((NDArray *)y)->data, ((NDArray *)y)->strides);
        else
            it_add(&it, (char *)&sy, NULL);
        loop_arith(&it, op);
    }
    return (PyObject *)out;
}

static PyObject *nd_add(PyObject *x, PyObject *y) { return nd_binary(x, y, OP_ADD); }
static PyObject *nd_sub(PyObject *x, PyObject *y) { return nd_binary(x, y, OP_SUB); }
static PyObject *nd_mul(PyObject *x, PyObject *y) { return nd_binary(x, y, OP_MUL); }
static PyObject *nd_div(PyObject *x, PyObject *y) { return nd_binary(x, y, OP_DIV); }

static PyObject *nd_unary(NDArray *a, int op)
{
    NDArray *out = nd_new_like(a->ndim, a->shape);
    NDIter it;
    if (out == NULL)
        return NULL;
    if (it_init(&it, a->ndim, a->shape)) {
        it_add(&it, out->data, out->strides);
        it_add(&it, a->data, a->strides);
        loop_arith(&it, op);
    }
    return (PyObject *)out;
}

static PyObject *nd_neg(PyObject *a) { return nd_unary((NDArray *)a, OP_NEG); }

static PyNumberMethods nd_as_number = {
    .nb_add = nd_add,
    .nb_subtract = nd_sub,
    .nb_multiply = nd_mul,
    .nb_true_divide = nd_div,
    .nb_negative = nd_neg,
};

/* ---------------- indexing ---------------- */

static int nd_resolve(NDArray *self, PyObject *key, NDView *out)
{
    PyObject **items;
    Py_ssize_t nitems;
    int src;

    if (PyTuple_Check(key)) {
        nitems = PyTuple_GET_SIZE(key);
        items = &PyTuple_GET_ITEM(key, 0);
    }
    else {
        nitems = 1;
        items = &key;
    }
    if (nitems > self->ndim) {
        PyErr_Format(PyExc_IndexError,
                     "too many indices for array: array is %d-dimensional, but %zd were indexed",
                     self->ndim, nitems);
        return -1;
    }
    out->data = self->data;
    out->ndim = 0;
    for (src = 0; src < self->ndim; src++) {
        PyObject *k = src < nitems ? items[src] : NULL;
        if (k == NULL) {                          /* remaining axes: whole */
            out->shape[out->ndim] = self->shape[src];
            out->strides[out->ndim] = self->strides[src];
            out->ndim++;
        }
        else if (PySlice_Check(k)) {
            Py_ssize_t start, stop, step, len;
            if (PySlice_Unpack(k, &start, &stop, &step) < 0)
                return -1;
            len = PySlice_AdjustIndices(self->shape[src], &start, &stop, step);
            if (len > 0)
                out->data += start * self->strides[src];
            out->shape[out->ndim] = len;
            /* with at most one element the step is irrelevant (and a huge
             * step would overflow the product) */
            out->strides[out->ndim] = len > 1 ? self->strides[src] * step : self->strides[src];
            out->ndim++;
        }
        else if (PyIndex_Check(k)) {
            Py_ssize_t i = PyNumber_AsSsize_t(k, PyExc_IndexError), j;
            if (i == -1 && PyErr_Occurred())
                return -1;
            j = i < 0 ? i + self->shape[src] : i;
            if (j < 0 || j >= self->shape[src]) {
                PyErr_Format(PyExc_IndexError,
                             "index %zd is out of bounds for axis %d with size %zd",
                             i, src, self->shape[src]);
                return -1;
            }
            out->data += j * self->strides[src];
        }
        else {
            PyErr_Format(PyExc_TypeError,
                         "array indices must be integers or slices, not %.100s",
                         Py_TYPE(k)->tp_name);
            return -1;
        }
    }
    return 0;
}

static PyObject *nd_from_view(NDArray *self, const NDView *v)
{
    if (v->ndim == 0)
        return PyFloat_FromDouble(*(double *)v->data);
    return nd_view(self, v);
}

static PyObject *nd_subscript(PyObject *self, PyObject *key)
{
    NDView v;
    if (nd_resolve((NDArray *)self, key, &v) < 0)
        return NULL;
    return nd_from_view((NDArray *)self, &v);
}

static int nd_ass_subscript(PyObject *obj, PyObject *key, PyObject *value)
{
    NDArray *self = (NDArray *)obj;
    NDView v;
    NDIter it;
    double x;

    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "cannot delete array elements");
        return -1;
    }
    if (self->readonly) {
        PyErr_SetString(PyExc_ValueError, "assignment destination is read-only");
        return -1;
    }
    if (nd_resolve(self, key, &v) < 0)
        return -1;
    if (!is_scalar(value)) {
        PyErr_Format(PyExc_TypeError, "can only assign a real number, not %.100s",
                     Py_TYPE(value)->tp_name);
        return -1;
    }
    x = PyFloat_AsDouble(value);
    if (x == -1.0 && PyErr_Occurred())
        return -1;
    if (v.ndim == 0) {
        *(double *)v.data = x;
        return 0;
    }
    if (it_init(&it, v.ndim, v.shape)) {
        it_add(&it, v.data, v.strides);
        loop_fill(&it, x);
    }
    return 0;
}

static Py_ssize_t nd_length(PyObject *self)
{
    return ((NDArray *)self)->shape[0];
}

static PyMappingMethods nd_as_mapping = {
    .mp_length = nd_length,
    .mp_subscript = nd_subscript,
    .mp_ass_subscript = nd_ass_subscript,
};

/* self[i] along the first axis, i already in range */
static PyObject *nd_item(NDArray *self, Py_ssize_t i)
{
    NDView v;
    int d;
    v.data = self->data + i * self->strides[0];
    v.ndim = self->ndim - 1;
    for (d = 1; d < self->ndim; d++) {
        v.shape[d - 1] = self->shape[d];
        v.strides[d - 1] = self->strides[d];
    }
    return nd_from_view(self, &v);
}

/* ---------------- iteration ---------------- */

typedef struct {
    PyObject_HEAD
    NDArray *arr;                /* NULL once exhausted */
    Py_ssize_t index;
} NDIterObject;

static PyObject *nd_iter(PyObject *self)
{
    NDIterObject *it = PyObject_GC_New(NDIterObject, &NDIter_Type);
    if (it == NULL)
        return NULL;
    it->arr = (NDArray *)Py_NewRef(self);
    it->index = 0;
    PyObject_GC_Track(it);
    return (PyObject *)it;
}

static PyObject *nditer_next(NDIterObject *it)
{
    NDArray *arr = it->arr;
    if (arr == NULL)
        return NULL;
    if (it->index < arr->shape[0])
        return nd_item(arr, it->index++);
    it->arr = NULL;
    Py_DECREF(arr);
    return NULL;
}

static int nditer_traverse(NDIterObject *it, visitproc visit, void *arg)
{
    Py_VISIT(it->arr);
    return 0;
}

static int nditer_clear(NDIterObject *it)
{
    Py_CLEAR(it->arr);
    return 0;
}

static void nditer_dealloc(NDIterObject *it)
{
    PyObject_GC_UnTrack(it);
    Py_CLEAR(it->arr);
    PyObject_GC_Del(it);
}

static PyTypeObject NDIter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_ndarray.ArrayIterator",
    .tp_basicsize = sizeof(NDIterObject),
    .tp_dealloc = (destructor)nditer_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = (traverseproc)nditer_traverse,
    .tp_clear = (inquiry)nditer_clear,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)nditer_next,
};

/* ---------------- repr, comparison ---------------- */

static PyObject *tolist_rec(char *data, int ndim, const Py_ssize_t *shape,
                            const Py_ssize_t *strides)
{
    PyObject *list;
    Py_ssize_t i;
    if (ndim == 0)
        return PyFloat_FromDouble(*(double *)data);
    list = PyList_New(shape[0]);
    if (list == NULL)
        return NULL;
    for (i = 0; i < shape[0]; i++) {
        PyObject *item = tolist_rec(data + i * strides[0], ndim - 1, shape + 1, strides + 1);
        if (item == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, item);
    }
    return list;
}

static PyObject *nd_tolist(NDArray *self, PyObject *unused)
{
    return tolist_rec(self->data, self->ndim, self->shape, self->strides);
}

static PyObject *nd_repr(PyObject *self)
{
    const char *name = Py_TYPE(self)->tp_name, *dot = strrchr(name, '.');
    PyObject *list = nd_tolist((NDArray *)self, NULL), *r;
    if (list == NULL)
        return NULL;
    r = PyUnicode_FromFormat("%s(%R)", dot ? dot + 1 : name, list);
    Py_DECREF(list);
    return r;
}

static int same_shape(NDArray *a, NDArray *b)
{
    int d;
    if (a->ndim != b->ndim)
        return 0;
    for (d = 0; d < a->ndim; d++)
        if (a->shape[d] != b->shape[d])
            return 0;
    return 1;
}

static PyObject *nd_richcompare(PyObject *x, PyObject *y, int op)
{
    NDArray *a = (NDArray *)x, *b = (NDArray *)y;
    NDIter it;
    int eq;
    if ((op != Py_EQ && op != Py_NE) || !NDArray_Check(x) || !NDArray_Check(y))
        Py_RETURN_NOTIMPLEMENTED;
    eq = same_shape(a, b);
    if (eq && it_init(&it, a->ndim, a->shape)) {
        it_add(&it, a->data, a->strides);
        it_add(&it, b->data, b->strides);
        eq = loop_equal(&it);
    }
    return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}

/* ---------------- methods ---------------- */

/* Runs without the GIL: only the caller's reference keeps the memory. */
static double sum_nogil(NDArray *self)
{
    NDIter it;
    double total = 0.0;
    if (!it_init(&it, self->ndim, self->shape))
        return 0.0;
    it_add(&it, self->data, self->strides);
    Py_BEGIN_ALLOW_THREADS
    total = loop_sum(&it);
    Py_END_ALLOW_THREADS
    return total;
}

static PyObject *nd_sum(NDArray *self, PyObject *unused)
{
    return PyFloat_FromDouble(sum_nogil(self));
}

static PyObject *nd_dot(NDArray *self, PyObject *other)
{
    NDArray *b;
    NDIter it;
    double total = 0.0;
    if (!NDArray_Check(other)) {
        PyErr_Format(PyExc_TypeError, "dot() argument must be an Array, not %.100s",
                     Py_TYPE(other)->tp_name);
        return NULL;
    }
    b = (NDArray *)other;
    if (!same_shape(self, b)) {
        PyErr_SetString(PyExc_ValueError, "dot(): shapes differ");
        return NULL;
    }
    if (it_init(&it, self->ndim, self->shape)) {
        it_add(&it, self->data, self->strides);
        it_add(&it, b->data, b->strides);
        Py_BEGIN_ALLOW_THREADS
        total = loop_dot(&it);
        Py_END_ALLOW_THREADS
    }
    return PyFloat_FromDouble(total);
}

static PyObject *nd_exports(NDArray *self, PyObject *unused)
{
    return PyLong_FromSsize_t(self->exports);
}

static PyObject *nd_set_readonly(NDArray *self, PyObject *flag)
{
    int r = PyObject_IsTrue(flag);
    if (r < 0)
        return NULL;
    if (self->exports > 0) {
        PyErr_SetString(PyExc_BufferError,
                        "cannot change the read-only flag while buffers are exported");
        return NULL;
    }
    self->readonly = r;
    Py_RETURN_NONE;
}

static PyObject *nd_copy(NDArray *self, PyObject *unused)
{
    return nd_unary(self, OP_COPY);
}

static PyObject *nd_transpose(NDArray *self, PyObject *unused)
{
    NDView v;
    int d;
    v.data = self->data;
    v.ndim = self->ndim;
    for (d = 0; d < self->ndim; d++) {
        v.shape[d] = self->shape[self->ndim - 1 - d];
        v.strides[d] = self->strides[self->ndim - 1 - d];
    }
    return nd_view(self, &v);
}

static PyMethodDef nd_methods[] = {
    {"tolist", (PyCFunction)nd_tolist, METH_NOARGS, "the elements as nested lists of floats"},
    {"from_list", (PyCFunction)nd_from_list, METH_O | METH_CLASS,
     "a new array from a (nested) list of numbers"},
    {"sum", (PyCFunction)nd_sum, METH_NOARGS, "sum of all elements (releases the GIL)"},
    {"dot", (PyCFunction)nd_dot, METH_O,
     "sum of the element-wise products with an array of the same shape (releases the GIL)"},
    {"exports", (PyCFunction)nd_exports, METH_NOARGS, "number of active buffer exports"},
    {"set_readonly", (PyCFunction)nd_set_readonly, METH_O, "set the read-only flag"},
    {"copy", (PyCFunction)nd_copy, METH_NOARGS, "a C-contiguous copy"},
    {"transpose", (PyCFunction)nd_transpose, METH_NOARGS, "a view with the axes reversed"},
    {NULL}
};

static PyObject *nd_get_shape(NDArray *self, void *c) { return shape_tuple(self->ndim, self->shape); }
static PyObject *nd_get_strides(NDArray *self, void *c) { return shape_tuple(self->ndim, self->strides); }
static PyObject *nd_get_ndim(NDArray *self, void *c) { return PyLong_FromLong(self->ndim); }
static PyObject *nd_get_size(NDArray *self, void *c) { return PyLong_FromSsize_t(self->size); }
static PyObject *nd_get_readonly(NDArray *self, void *c) { return PyBool_FromLong(self->readonly); }
static PyObject *nd_get_c_contiguous(NDArray *self, void *c)
{
    return PyBool_FromLong(is_c_contiguous(self->ndim, self->shape, self->strides));
}

static PyGetSetDef nd_getset[] = {
    {"shape", (getter)nd_get_shape, NULL, "tuple of dimensions", NULL},
    {"strides", (getter)nd_get_strides, NULL, "tuple of byte steps per axis", NULL},
    {"ndim", (getter)nd_get_ndim, NULL, "number of dimensions", NULL},
    {"size", (getter)nd_get_size, NULL, "number of elements", NULL},
    {"readonly", (getter)nd_get_readonly, NULL, "read-only flag (see set_readonly)", NULL},
    {"c_contiguous", (getter)nd_get_c_contiguous, NULL, "elements adjacent in C order", NULL},
    {NULL}
};

static PyMemberDef nd_members[] = {
    {"base", T_OBJECT, offsetof(NDArray, base), READONLY,
     "the array owning the memory of a view, or None"},
    {"owner", T_OBJECT, offsetof(NDArray, owner), 0,
     "any object; kept alive by the array and visited by the GC"},
    {NULL}
};

static PyTypeObject NDArray_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_ndarray.Array",
    .tp_basicsize = sizeof(NDArray),
    .tp_dealloc = (destructor)nd_dealloc,
    .tp_repr = nd_repr,
    .tp_as_number = &nd_as_number,
    .tp_as_mapping = &nd_as_mapping,
    .tp_as_buffer = &nd_as_buffer,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Array(shape, fill=0.0): an N-dimensional strided float64 array",
    .tp_traverse = (traverseproc)nd_traverse,
    .tp_clear = (inquiry)nd_clear,
    .tp_richcompare = nd_richcompare,
    .tp_iter = nd_iter,
    .tp_methods = nd_methods,
    .tp_members = nd_members,
    .tp_getset = nd_getset,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = nd_tp_new,
    .tp_free = PyObject_GC_Del,
};

/* ---------------- the C API table ---------------- */

static PyObject *capi_new_filled(Py_ssize_t n, double v)
{
    NDArray *a;
    NDIter it;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "negative dimensions are not allowed");
        return NULL;
    }
    a = nd_new_owner(&NDArray_Type, 1, &n);
    if (a == NULL)
        return NULL;
    if (it_init(&it, 1, a->shape)) {
        it_add(&it, a->data, a->strides);
        loop_fill(&it, v);
    }
    return (PyObject *)a;
}

static double capi_sum(PyObject *a)
{
    if (!NDArray_Check(a)) {
        PyErr_Format(PyExc_TypeError, "an Array is required, not %.100s", Py_TYPE(a)->tp_name);
        return -1.0;
    }
    return sum_nogil((NDArray *)a);
}

static int capi_check(PyObject *o)
{
    return NDArray_Check(o);
}

static Py_ssize_t capi_size(PyObject *a)
{
    if (!NDArray_Check(a)) {
        PyErr_Format(PyExc_TypeError, "an Array is required, not %.100s", Py_TYPE(a)->tp_name);
        return -1;
    }
    return ((NDArray *)a)->size;
}

static NDArray_CAPI nd_capi = {
    NDARRAY_CAPI_VERSION,
    &NDArray_Type,
    capi_new_filled,
    capi_sum,
    capi_check,
    capi_size,
};

/* ---------------- module ---------------- */

static PyObject *mod_live(PyObject *m, PyObject *unused)
{
    return PyLong_FromSsize_t(live_count);
}

/* getbuffer(obj, flags): PyObject_GetBuffer with exactly these flags; the
 * resulting Py_buffer as a dict, released before returning. */
static PyObject *mod_getbuffer(PyObject *m, PyObject *args)
{
    PyObject *obj, *d = NULL, *shape = NULL, *strides = NULL, *fmt = NULL;
    int flags;
    Py_buffer view;

    if (!PyArg_ParseTuple(args, "Oi:getbuffer", &obj, &flags))
        return NULL;
    if (PyObject_GetBuffer(obj, &view, flags) < 0)
        return NULL;
    if (view.shape)
        shape = shape_tuple(view.ndim, view.shape);
    else
        shape = Py_NewRef(Py_None);
    if (view.strides)
        strides = shape_tuple(view.ndim, view.strides);
    else
        strides = Py_NewRef(Py_None);
    if (view.format)
        fmt = PyUnicode_FromString(view.format);
    else
        fmt = Py_NewRef(Py_None);
    if (shape && strides && fmt)
        d = Py_BuildValue("{s:N,s:n,s:n,s:i,s:O,s:O,s:O,s:O,s:O,s:O}",
                          "buf", PyLong_FromVoidPtr(view.buf),
                          "len", view.len,
                          "itemsize", view.itemsize,
                          "ndim", view.ndim,
                          "readonly", view.readonly ? Py_True : Py_False,
                          "format", fmt,
                          "shape", shape,
                          "strides", strides,
                          "suboffsets", view.suboffsets ? Py_True : Py_None,
                          "same_obj", view.obj == obj ? Py_True : Py_False);
    Py_XDECREF(shape);
    Py_XDECREF(strides);
    Py_XDECREF(fmt);
    PyBuffer_Release(&view);
    return d;
}

static PyMethodDef module_methods[] = {
    {"live", mod_live, METH_NOARGS, "number of Array objects in existence"},
    {"getbuffer", mod_getbuffer, METH_VARARGS,
     "getbuffer(obj, flags) -> dict describing the Py_buffer obtained"},
    {NULL}
};

static struct PyModuleDef ndarray_module = {
    PyModuleDef_HEAD_INIT, "_ndarray", "N-dimensional float64 arrays (test extension)",
    -1, module_methods,
};

PyMODINIT_FUNC PyInit__ndarray(void)
{
    PyObject *m, *capsule;

    if (PyType_Ready(&NDArray_Type) < 0 || PyType_Ready(&NDIter_Type) < 0)
        return NULL;
    m = PyModule_Create(&ndarray_module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddType(m, &NDArray_Type) < 0)
        goto fail;
    if (PyModule_AddObjectRef(m, "ArrayIterator", (PyObject *)&NDIter_Type) < 0)
        goto fail;
    if (PyModule_AddIntConstant(m, "MAXDIM", ND_MAXDIM) < 0)
        goto fail;
#define ADD_FLAG(name) \
    if (PyModule_AddIntConstant(m, #name, name) < 0) goto fail;
    ADD_FLAG(PyBUF_SIMPLE)
    ADD_FLAG(PyBUF_WRITABLE)
    ADD_FLAG(PyBUF_FORMAT)
    ADD_FLAG(PyBUF_ND)
    ADD_FLAG(PyBUF_STRIDES)
    ADD_FLAG(PyBUF_C_CONTIGUOUS)
    ADD_FLAG(PyBUF_F_CONTIGUOUS)
    ADD_FLAG(PyBUF_ANY_CONTIGUOUS)
    ADD_FLAG(PyBUF_INDIRECT)
    ADD_FLAG(PyBUF_CONTIG)
    ADD_FLAG(PyBUF_CONTIG_RO)
    ADD_FLAG(PyBUF_STRIDED)
    ADD_FLAG(PyBUF_RECORDS_RO)
    ADD_FLAG(PyBUF_FULL)
    ADD_FLAG(PyBUF_FULL_RO)
#undef ADD_FLAG
    capsule = PyCapsule_New(&nd_capi, NDARRAY_CAPI_NAME, NULL);
    if (capsule == NULL)
        goto fail;
    if (PyModule_AddObjectRef(m, "_C_API", capsule) < 0) {
        Py_DECREF(capsule);
        goto fail;
    }
    Py_DECREF(capsule);
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
