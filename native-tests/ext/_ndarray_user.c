/* _ndarray_user.c -- a second extension that uses _ndarray only through
 * the C API table published in the capsule "_ndarray._C_API", the way
 * extensions use numpy or datetime.  PyCapsule_Import runs at import
 * time (it imports _ndarray itself when needed).  Driven by
 * py/test_ndarray.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* ---- copied verbatim from the C API block of _ndarray.c ---- */
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
/* ---- end of the copy ---- */

static NDArray_CAPI *nd_api = NULL;

/* make(n, v): a 1-D array of n copies of v, made by _ndarray */
static PyObject *make(PyObject *self, PyObject *args)
{
    Py_ssize_t n;
    double v;
    if (!PyArg_ParseTuple(args, "nd:make", &n, &v))
        return NULL;
    return nd_api->new_filled(n, v);
}

/* total(a): the sum computed by _ndarray */
static PyObject *total(PyObject *self, PyObject *a)
{
    double s = nd_api->sum(a);
    if (s == -1.0 && PyErr_Occurred())
        return NULL;
    return PyFloat_FromDouble(s);
}

static PyObject *is_array(PyObject *self, PyObject *o)
{
    return PyBool_FromLong(nd_api->check(o));
}

static PyObject *size(PyObject *self, PyObject *a)
{
    Py_ssize_t n = nd_api->size(a);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromSsize_t(n);
}

static PyObject *array_type(PyObject *self, PyObject *unused)
{
    return Py_NewRef((PyObject *)nd_api->array_type);
}

static PyObject *api_version(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(nd_api->version);
}

/* import_capsule(name): PyCapsule_Import(name, 0); True when it found a
 * pointer, else the exception it raised */
static PyObject *import_capsule(PyObject *self, PyObject *args)
{
    const char *name;
    void *p;
    if (!PyArg_ParseTuple(args, "s:import_capsule", &name))
        return NULL;
    p = PyCapsule_Import(name, 0);
    if (p == NULL)
        return NULL;
    return PyBool_FromLong(p == (void *)nd_api);
}

static PyMethodDef methods[] = {
    {"make", make, METH_VARARGS, "make(n, v): new 1-D Array through the C API"},
    {"total", total, METH_O, "total(a): a.sum() through the C API"},
    {"is_array", is_array, METH_O, "is_array(o): the C API type check"},
    {"size", size, METH_O, "size(a): number of elements through the C API"},
    {"array_type", array_type, METH_NOARGS, "the type object in the C API table"},
    {"api_version", api_version, METH_NOARGS, "version field of the C API table"},
    {"import_capsule", import_capsule, METH_VARARGS,
     "import_capsule(name): PyCapsule_Import; True if it is the table in use"},
    {NULL}
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_ndarray_user", "uses _ndarray through its capsule C API",
    -1, methods,
};

PyMODINIT_FUNC PyInit__ndarray_user(void)
{
    NDArray_CAPI *api = (NDArray_CAPI *)PyCapsule_Import(NDARRAY_CAPI_NAME, 0);
    if (api == NULL)
        return NULL;
    if (api->version != NDARRAY_CAPI_VERSION) {
        PyErr_Format(PyExc_ImportError, "_ndarray C API version %d, expected %d",
                     api->version, NDARRAY_CAPI_VERSION);
        return NULL;
    }
    nd_api = api;
    return PyModule_Create(&module);
}
