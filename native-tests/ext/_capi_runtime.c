/* _capi_runtime.c -- importing, running code, sys, memory, OS helpers and the GIL
 * API. Driven by py/test_runtime.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static PyObject *import_(PyObject *self, PyObject *args)
{
    const char *name;
    if (!PyArg_ParseTuple(args, "s", &name))
        return NULL;
    return PyImport_ImportModule(name);
}

static PyObject *import_obj(PyObject *self, PyObject *name)
{
    return PyImport_Import(name);
}

static PyObject *modules(PyObject *self, PyObject *noargs)
{
    PyObject *d = PyImport_GetModuleDict();
    PyObject *sysmod = PyDict_GetItemString(d, "sys");
    PyObject *added = PyImport_AddModule("_capi_added_module");
    PyObject *again = PyImport_AddModule("_capi_added_module");
    return Py_BuildValue("(iii)", PyDict_Check(d), sysmod != NULL && PyModule_Check(sysmod), added == again);
}

static PyObject *run(PyObject *self, PyObject *args)
{
    const char *src;
    int start;
    PyObject *globals, *locals = NULL;
    if (!PyArg_ParseTuple(args, "siO|O", &src, &start, &globals, &locals))
        return NULL;
    return PyRun_String(src, start, globals, locals ? locals : globals);
}

static PyObject *compile_eval(PyObject *self, PyObject *args)
{
    const char *src;
    PyObject *globals, *code, *r;
    if (!PyArg_ParseTuple(args, "sO", &src, &globals))
        return NULL;
    code = Py_CompileString(src, "<capi>", Py_eval_input);
    if (code == NULL)
        return NULL;
    r = PyEval_EvalCode(code, globals, globals);
    Py_DECREF(code);
    return r;
}

static PyObject *context(PyObject *self, PyObject *noargs)
{
    PyObject *b = PyEval_GetBuiltins(), *g = PyEval_GetGlobals();
    PyObject *len = PyDict_GetItemString(b, "len");
    return Py_BuildValue("(OO)", len ? len : Py_None, g ? PyDict_GetItemString(g, "__name__") : Py_None);
}

static PyObject *sys_(PyObject *self, PyObject *noargs)
{
    PyObject *path = PySys_GetObject("path"), *maxsize = PySys_GetObject("maxsize");
    PyObject *missing = PySys_GetObject("no_such_attribute_xyz");
    PyObject *v = PyUnicode_FromString("set from C");
    if (PySys_SetObject("capi_attr", v) < 0)
        return NULL;
    Py_DECREF(v);
    return Py_BuildValue("(iOi)", path != NULL && PyList_Check(path), maxsize, missing == NULL && !PyErr_Occurred());
}

static PyObject *write_(PyObject *self, PyObject *noargs)
{
    PySys_WriteStdout("stdout from C: %d %s\n", 42, "text");
    PySys_FormatStdout("formatted from C: %R\n", Py_None);
    PySys_WriteStderr("stderr from C\n");
    Py_RETURN_NONE;
}

static PyObject *memory(PyObject *self, PyObject *noargs)
{
    char *a = PyMem_Malloc(16), *b = PyMem_Calloc(4, 4), *c = PyObject_Malloc(0), *d = PyMem_RawMalloc(8);
    int ok = a && b && c && d && b[15] == 0;
    a = PyMem_Realloc(a, 1000);
    ok = ok && a != NULL;
    memset(a, 1, 1000);
    PyMem_Free(a);
    PyMem_Free(b);
    PyObject_Free(c);
    PyMem_RawFree(d);
    return PyBool_FromLong(ok);
}

static PyObject *os_helpers(PyObject *self, PyObject *noargs)
{
    char buf[32];
    int n = PyOS_snprintf(buf, sizeof buf, "%d-%s-%.2f", 7, "x", 1.5);
    return Py_BuildValue("(si)", buf, n);
}

static PyObject *gil(PyObject *self, PyObject *f)
{
    PyThreadState *ts;
    PyGILState_STATE st;
    PyObject *r;
    Py_BEGIN_ALLOW_THREADS
    /* plain C work without the GIL */
    Py_END_ALLOW_THREADS
    ts = PyEval_SaveThread();
    st = PyGILState_Ensure();
    r = PyObject_CallNoArgs(f);
    PyGILState_Release(st);
    PyEval_RestoreThread(ts);
    return Py_BuildValue("(Ni)", r, PyGILState_Check());
}

static PyObject *version(PyObject *self, PyObject *noargs)
{
    return Py_BuildValue("(sii)", Py_GetVersion(), Py_IsInitialized(), PY_VERSION_HEX >= 0x030B0000);
}

/* ---- capsules ---- */

typedef struct {
    int magic;
    int (*twice)(int);
} capi_table;

static int twice(int x)
{
    return 2 * x;
}

static capi_table table = {1234, twice};
static int destructor_calls;

static void capsule_destructor(PyObject *cap)
{
    capi_table *t = PyCapsule_GetPointer(cap, "_capi_runtime.table");
    if (t == &table)
        destructor_calls++;
}

static PyObject *make_capsule(PyObject *self, PyObject *noargs)
{
    return PyCapsule_New(&table, "_capi_runtime.table", capsule_destructor);
}

static PyObject *use_capsule(PyObject *self, PyObject *cap)
{
    capi_table *t = PyCapsule_GetPointer(cap, "_capi_runtime.table");
    if (t == NULL)
        return NULL;
    return Py_BuildValue("(iisi)", t->magic, t->twice(21), PyCapsule_GetName(cap),
                         PyCapsule_IsValid(cap, "wrong.name"));
}

static PyObject *import_capsule(PyObject *self, PyObject *noargs)
{
    capi_table *t = PyCapsule_Import("_capi_runtime.TABLE", 0);
    if (t == NULL)
        return NULL;
    return PyLong_FromLong(t->twice(50));
}

static PyObject *destructors(PyObject *self, PyObject *noargs)
{
    return PyLong_FromLong(destructor_calls);
}

/* ---- thread primitives ---- */

static PyObject *thread_prims(PyObject *self, PyObject *noargs)
{
    PyThread_type_lock lock = PyThread_allocate_lock();
    Py_tss_t *key = PyThread_tss_alloc();
    static int value;
    int a, b, c;
    a = PyThread_acquire_lock(lock, 1);
    b = PyThread_acquire_lock(lock, 0);                 /* already held: fails */
    c = PyThread_acquire_lock_timed(lock, 1000, 0);      /* times out */
    PyThread_release_lock(lock);
    PyThread_free_lock(lock);
    PyThread_tss_create(key);
    PyThread_tss_set(key, &value);
    return Py_BuildValue("(iiiii)", a, b, c, PyThread_tss_get(key) == &value, PyThread_get_thread_ident() != 0);
}

static PyMethodDef methods[] = {
    {"make_capsule", make_capsule, METH_NOARGS, NULL},
    {"use_capsule", use_capsule, METH_O, NULL},
    {"import_capsule", import_capsule, METH_NOARGS, NULL},
    {"destructors", destructors, METH_NOARGS, NULL},
    {"thread_prims", thread_prims, METH_NOARGS, NULL},
    {"import_", import_, METH_VARARGS, NULL},
    {"import_obj", import_obj, METH_O, NULL},
    {"modules", modules, METH_NOARGS, NULL},
    {"run", run, METH_VARARGS, NULL},
    {"compile_eval", compile_eval, METH_VARARGS, NULL},
    {"context", context, METH_NOARGS, NULL},
    {"sys", sys_, METH_NOARGS, NULL},
    {"write", write_, METH_NOARGS, NULL},
    {"memory", memory, METH_NOARGS, NULL},
    {"os_helpers", os_helpers, METH_NOARGS, NULL},
    {"gil", gil, METH_O, NULL},
    {"version", version, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_runtime", NULL, -1, methods, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__capi_runtime(void)
{
    PyObject *m = PyModule_Create(&moddef);
    if (m == NULL)
        return NULL;
    if (PyModule_AddObject(m, "TABLE", PyCapsule_New(&table, "_capi_runtime.TABLE", NULL)) < 0)
        return NULL;
    return m;
}
