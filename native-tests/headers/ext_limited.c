/* ext_limited.c -- an abi3 (limited API) extension: only functions, heap
 * types from specs, and the inline Py_INCREF/Py_DECREF/Py_TYPE.
 * Compiled with -DPy_LIMITED_API=0x030B0000 (C99, C11, C++17). */
#ifndef Py_LIMITED_API
#  error "compile with -DPy_LIMITED_API=0x030B0000"
#endif
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define SLOT_FUNC(f) (__extension__ (void *)(f))

typedef struct {
    PyObject_HEAD
    PyObject *items;
} Bag;

static int
bag_init(PyObject *self, PyObject *args, PyObject *kwds)
{
    PyObject *items = NULL;
    (void)kwds;
    if (!PyArg_ParseTuple(args, "|O:Bag", &items)) {
        return -1;
    }
    PyObject *old = ((Bag *)self)->items;
    ((Bag *)self)->items = items ? PySequence_List(items) : PyList_New(0);
    Py_XDECREF(old);
    return ((Bag *)self)->items ? 0 : -1;
}

static void
bag_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    freefunc tp_free = __extension__ (freefunc)PyType_GetSlot(tp, Py_tp_free);
    PyObject_GC_UnTrack(self);
    Py_CLEAR(((Bag *)self)->items);
    tp_free(self);
    Py_DECREF(tp);
}

static int
bag_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(((Bag *)self)->items);
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static Py_ssize_t
bag_len(PyObject *self)
{
    return PyList_Size(((Bag *)self)->items);
}

static PyObject *
bag_add(PyObject *self, PyObject *item)
{
    if (PyList_Append(((Bag *)self)->items, item) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
bag_repr(PyObject *self)
{
    PyObject *name = PyType_GetQualName(Py_TYPE(self));
    PyObject *res;
    if (name == NULL) {
        return NULL;
    }
    res = PyUnicode_FromFormat("%U(%R)", name, ((Bag *)self)->items);
    Py_DECREF(name);
    return res;
}

static PyMethodDef bag_methods[] = {
    {"add", bag_add, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot bag_slots[] = {
    {Py_tp_init, SLOT_FUNC(bag_init)},
    {Py_tp_dealloc, SLOT_FUNC(bag_dealloc)},
    {Py_tp_traverse, SLOT_FUNC(bag_traverse)},
    {Py_tp_repr, SLOT_FUNC(bag_repr)},
    {Py_sq_length, SLOT_FUNC(bag_len)},
    {Py_tp_methods, bag_methods},
    {0, NULL}
};

static PyType_Spec bag_spec = {
    "limited.Bag", sizeof(Bag), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE, bag_slots
};

static PyObject *
lim_info(PyObject *module, PyObject *arg)
{
    unsigned long flags = PyType_GetFlags(Py_TYPE(arg));
    int is_long = PyLong_Check(arg);
    int is_str = PyUnicode_Check(arg);
    Py_ssize_t size = -1;
    const char *utf8 = NULL;
    if (is_str) {
        utf8 = PyUnicode_AsUTF8AndSize(arg, &size);
        if (utf8 == NULL) {
            return NULL;
        }
    }
    if (Py_IsNone(arg) || Py_Is(arg, Py_True)) {
        return Py_BuildValue("(kiin)", flags, is_long, is_str, size);
    }
    return Py_BuildValue("(kiins)", flags, is_long, is_str, size, utf8 ? utf8 : "");
}

static int
lim_exec(PyObject *module)
{
    PyObject *bag = PyType_FromModuleAndSpec(module, &bag_spec, NULL);
    if (bag == NULL) {
        return -1;
    }
    if (PyModule_AddObjectRef(module, "Bag", bag) < 0) {
        Py_DECREF(bag);
        return -1;
    }
    Py_DECREF(bag);
    return 0;
}

static PyMethodDef lim_methods[] = {
    {"info", lim_info, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot lim_slots[] = {
    {Py_mod_exec, SLOT_FUNC(lim_exec)},
    {0, NULL}
};

static struct PyModuleDef lim_def = {
    PyModuleDef_HEAD_INIT, "limited", NULL, 0, lim_methods, lim_slots,
    NULL, NULL, NULL
};

PyMODINIT_FUNC
PyInit_limited(void)
{
    return PyModuleDef_Init(&lim_def);
}
