/* _capi_subtype -- C types deriving from builtins: a list with extra C fields (GC
 * through its fields, base tp_init/tp_traverse/tp_clear/tp_dealloc called from C),
 * a dict counting its C-level lookups, an exception class with a C field. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
typedef struct { PyListObject list; int state; PyObject *tag; } TListObject;
static int freed = 0;
static int TList_init(TListObject *self, PyObject *args, PyObject *kwds) {
    if (PyList_Type.tp_init((PyObject *)self, args, kwds) < 0) return -1;
    self->state = 7;
    return 0;
}
static PyObject *TList_increment(TListObject *self, PyObject *unused) { self->state++; return PyLong_FromLong(self->state); }
static PyObject *TList_total(TListObject *self, PyObject *unused) {
    long t = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(self); i++) t += PyLong_AsLong(PyList_GET_ITEM(self, i));
    return PyLong_FromLong(t);
}
static int TList_traverse(TListObject *self, visitproc visit, void *arg) { Py_VISIT(self->tag); return PyList_Type.tp_traverse((PyObject *)self, visit, arg); }
static int TList_clear(TListObject *self) { Py_CLEAR(self->tag); return PyList_Type.tp_clear((PyObject *)self); }
static void TList_dealloc(TListObject *self) { PyObject_GC_UnTrack(self); Py_CLEAR(self->tag); freed++; PyList_Type.tp_dealloc((PyObject *)self); }
static PyMethodDef TList_methods[] = {{"increment", (PyCFunction)TList_increment, METH_NOARGS, NULL}, {"total", (PyCFunction)TList_total, METH_NOARGS, NULL}, {NULL}};
static PyMemberDef TList_members[] = {{"state", T_INT, offsetof(TListObject, state), 0, NULL}, {"tag", T_OBJECT, offsetof(TListObject, tag), 0, NULL}, {NULL}};
static PyTypeObject TListType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_capi_subtype.TList", .tp_basicsize = sizeof(TListObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_init = (initproc)TList_init, .tp_methods = TList_methods, .tp_members = TList_members,
    .tp_traverse = (traverseproc)TList_traverse, .tp_clear = (inquiry)TList_clear, .tp_dealloc = (destructor)TList_dealloc,
};
typedef struct { PyBaseExceptionObject base; int code; } MyErrObject;
static PyMemberDef MyErr_members[] = {{"code", T_INT, offsetof(MyErrObject, code), 0, NULL}, {NULL}};
static int MyErr_init(MyErrObject *self, PyObject *args, PyObject *kw) {
    if (((PyTypeObject *)PyExc_Exception)->tp_init((PyObject *)self, args, kw) < 0) return -1;
    self->code = 42; return 0;
}
static PyTypeObject MyErrType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_capi_subtype.MyError", .tp_basicsize = sizeof(MyErrObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, .tp_init = (initproc)MyErr_init, .tp_members = MyErr_members,
};
typedef struct { PyDictObject dict; long lookups; } CDictObject;
static PyObject *CDict_lookup(CDictObject *self, PyObject *key) {
    self->lookups++;
    PyObject *v = PyDict_GetItemWithError((PyObject *)self, key);
    if (!v) {
        if (!PyErr_Occurred())
            PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    return Py_NewRef(v);
}
static PyMethodDef CDict_methods[] = {{"lookup", (PyCFunction)CDict_lookup, METH_O, NULL}, {NULL}};
static PyMemberDef CDict_members[] = {{"lookups", T_LONG, offsetof(CDictObject, lookups), READONLY, NULL}, {NULL}};
static PyTypeObject CDictType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "_capi_subtype.CDict", .tp_basicsize = sizeof(CDictObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_methods = CDict_methods, .tp_members = CDict_members,
};
static PyObject *get_freed(PyObject *m, PyObject *u) { return PyLong_FromLong(freed); }
static PyObject *raise_it(PyObject *m, PyObject *u) {
    PyObject *e = PyObject_CallFunction((PyObject *)&MyErrType, "s", "boom");
    if (!e) return NULL;
    ((MyErrObject *)e)->code = 99;
    PyErr_SetObject((PyObject *)&MyErrType, e); Py_DECREF(e); return NULL;
}
static PyMethodDef mod_methods[] = {{"freed", get_freed, METH_NOARGS, NULL}, {"raise_it", raise_it, METH_NOARGS, NULL}, {NULL}};
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "_capi_subtype", NULL, -1, mod_methods};
PyMODINIT_FUNC PyInit__capi_subtype(void) {
    TListType.tp_base = &PyList_Type;
    CDictType.tp_base = &PyDict_Type;
    if (PyType_Ready(&CDictType) < 0) return NULL;
    MyErrType.tp_base = (PyTypeObject *)PyExc_Exception;
    if (PyType_Ready(&TListType) < 0 || PyType_Ready(&MyErrType) < 0) return NULL;
    PyObject *m = PyModule_Create(&mod);
    Py_INCREF(&TListType); PyModule_AddObject(m, "TList", (PyObject *)&TListType);
    Py_INCREF(&MyErrType); PyModule_AddObject(m, "MyError", (PyObject *)&MyErrType);
    Py_INCREF(&CDictType); PyModule_AddObject(m, "CDict", (PyObject *)&CDictType);
    return m;
}
