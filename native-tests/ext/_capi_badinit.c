/* _capi_badinit.c -- extension modules whose initialization goes wrong, built under
 * several names by the test harness (-DVARIANT=...):
 *   1: PyInit returns NULL without an exception
 *   2: PyInit raises
 *   3: an exec slot fails
 *   4: no PyInit_<name> at all
 *   5: an undefined symbol (dlopen fails) */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifndef VARIANT
#define VARIANT 1
#endif

#if VARIANT == 1
PyMODINIT_FUNC PyInit__capi_bad_null(void)
{
    return NULL;
}
#elif VARIANT == 2
PyMODINIT_FUNC PyInit__capi_bad_raise(void)
{
    PyErr_SetString(PyExc_RuntimeError, "init refused");
    return NULL;
}
#elif VARIANT == 3
static int failing_exec(PyObject *m)
{
    PyErr_SetString(PyExc_ValueError, "exec slot failed");
    return -1;
}
static PyModuleDef_Slot slots[] = {{Py_mod_exec, (void *)failing_exec}, {0, NULL}};
static struct PyModuleDef moddef = {PyModuleDef_HEAD_INIT, "_capi_bad_exec", NULL, 0, NULL, slots, NULL, NULL, NULL};
PyMODINIT_FUNC PyInit__capi_bad_exec(void)
{
    return PyModuleDef_Init(&moddef);
}
#elif VARIANT == 4
int pyrite_not_an_init_function(void)
{
    return 0;
}
#elif VARIANT == 5
extern int Pyrite_NoSuchSymbol_ForTesting(void);
PyMODINIT_FUNC PyInit__capi_bad_symbol(void)
{
    Pyrite_NoSuchSymbol_ForTesting();
    return NULL;
}
#endif
