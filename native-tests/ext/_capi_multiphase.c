/* _capi_multiphase.c -- multi-phase initialization (PEP 489): Py_mod_exec slots,
 * module state (m_size / PyModule_GetState), METH_METHOD | METH_FASTCALL |
 * METH_KEYWORDS, PyModule_AddFunctions / AddObjectRef / AddStringConstant.
 * Driven by py/test_module.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    long counter;
    PyObject *registry;
} modstate;

static PyObject *bump(PyObject *module, PyObject *noargs)
{
    modstate *st = (modstate *)PyModule_GetState(module);
    if (st == NULL)
        return NULL;
    st->counter++;
    return PyLong_FromLong(st->counter);
}

static PyObject *remember(PyObject *module, PyObject *o)
{
    modstate *st = (modstate *)PyModule_GetState(module);
    if (PyList_Append(st->registry, o) < 0)
        return NULL;
    return Py_NewRef(st->registry);
}

static PyObject *kwfast(PyObject *module, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *pos = PyTuple_New(nargs), *kw = PyDict_New();
    Py_ssize_t i, nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (i = 0; i < nargs; i++)
        PyTuple_SET_ITEM(pos, i, Py_NewRef(args[i]));
    for (i = 0; i < nkw; i++)
        PyDict_SetItem(kw, PyTuple_GET_ITEM(kwnames, i), args[nargs + i]);
    return Py_BuildValue("(NN)", pos, kw);
}

static PyObject *with_class(PyObject *module, PyTypeObject *cls, PyObject *const *args, Py_ssize_t nargs,
                            PyObject *kwnames)
{
    return Py_BuildValue("(nO)", nargs, cls ? (PyObject *)cls : Py_None);
}

static PyObject *module_info(PyObject *module, PyObject *noargs)
{
    PyModuleDef *def = PyModule_GetDef(module);
    return Py_BuildValue("(sOsi)", PyModule_GetName(module), PyModule_GetDict(module) == PyModule_GetDict(module) ? Py_True : Py_False,
                         def ? def->m_name : "?", def ? (int)def->m_size : -1);
}

static PyMethodDef extra_methods[] = {
    {"added_later", (PyCFunction)bump, METH_NOARGS, "added by PyModule_AddFunctions"},
    {NULL, NULL, 0, NULL}
};

static int exec_first(PyObject *m)
{
    modstate *st = (modstate *)PyModule_GetState(m);
    st->counter = 100;
    st->registry = PyList_New(0);
    if (st->registry == NULL)
        return -1;
    if (PyModule_AddStringConstant(m, "GREETING", "multi-phase") < 0)
        return -1;
    if (PyModule_AddObjectRef(m, "registry", st->registry) < 0)
        return -1;
    return 0;
}

static PyMethodDef method_def;

static int exec_second(PyObject *m)
{
    PyObject *f;
    if (PyModule_AddFunctions(m, extra_methods) < 0)
        return -1;
    /* a METH_METHOD function whose defining class is `type` */
    f = PyCMethod_New(&method_def, m, NULL, &PyType_Type);
    if (f == NULL || PyModule_AddObject(m, "with_class", f) < 0)
        return -1;
    return PyModule_AddIntConstant(m, "EXEC_COUNT", 2);
}

static PyMethodDef methods[] = {
    {"bump", bump, METH_NOARGS, "increment the module counter"},
    {"remember", remember, METH_O, NULL},
    {"kwfast", (PyCFunction)(void (*)(void))kwfast, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"module_info", module_info, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, (void *)exec_first},
    {Py_mod_exec, (void *)exec_second},
    {0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_multiphase", "a multi-phase module", sizeof(modstate), methods, slots,
    NULL, NULL, NULL
};

static PyMethodDef method_def = {
    "with_class", (PyCFunction)(void (*)(void))with_class, METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL
};

PyMODINIT_FUNC PyInit__capi_multiphase(void)
{
    return PyModuleDef_Init(&moddef);
}
