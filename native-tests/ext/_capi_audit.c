/* _capi_audit.c -- audit hooks from C (PySys_AddAuditHook, PySys_Audit).
   Driven by py/test_audit.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static PyObject *seen;          /* list of (event, args) the C hook recorded */
static int veto_event_armed;

static int c_hook(const char *event, PyObject *args, void *data)
{
    if (strncmp(event, "capi.", 5) != 0 && strcmp(event, "compile") != 0)
        return 0;
    if (data != (void *)&seen) {
        PyErr_SetString(PyExc_SystemError, "userData was not passed through");
        return -1;
    }
    if (veto_event_armed && strcmp(event, "capi.veto") == 0) {
        PyErr_SetString(PyExc_PermissionError, "vetoed by the C hook");
        return -1;
    }
    if (!PyTuple_Check(args)) {
        PyErr_SetString(PyExc_TypeError, "audit args is not a tuple");
        return -1;
    }
    PyObject *item = Py_BuildValue("(sO)", event, args);
    if (item == NULL)
        return -1;
    int r = PyList_Append(seen, item);
    Py_DECREF(item);
    return r;
}

static PyObject *install(PyObject *self, PyObject *unused)
{
    if (PySys_AddAuditHook(c_hook, &seen) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *get_seen(PyObject *self, PyObject *unused)
{
    return Py_NewRef(seen);
}

static PyObject *arm_veto(PyObject *self, PyObject *unused)
{
    veto_event_armed = 1;
    Py_RETURN_NONE;
}

/* raise events from C with PySys_Audit's format */
static PyObject *audit_from_c(PyObject *self, PyObject *args)
{
    const char *name;
    int n;
    if (!PyArg_ParseTuple(args, "si", &name, &n))
        return NULL;
    if (PySys_Audit(name, "isO", n, "text", Py_None) < 0)
        return NULL;
    if (PySys_Audit("capi.noargs", NULL) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"install", install, METH_NOARGS, NULL},
    {"seen", get_seen, METH_NOARGS, NULL},
    {"arm_veto", arm_veto, METH_NOARGS, NULL},
    {"audit_from_c", audit_from_c, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "_capi_audit", NULL, -1, methods};

PyMODINIT_FUNC PyInit__capi_audit(void)
{
    seen = PyList_New(0);
    if (seen == NULL)
        return NULL;
    return PyModule_Create(&def);
}
