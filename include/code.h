/* code.h -- code objects.  Their layout is private to the runtime; code
 * objects are built and inspected through the functions below. */
#ifndef Py_CODE_H
#define Py_CODE_H

#include "object.h"

PYRITE_BEGIN_DECLS

#ifndef Py_LIMITED_API
PyAPI_DATA(PyTypeObject) PyCode_Type;

#define PyCode_Check(op) Py_IS_TYPE((op), &PyCode_Type)

/* co_flags bits. */
#define CO_OPTIMIZED            0x0001
#define CO_NEWLOCALS            0x0002
#define CO_VARARGS              0x0004
#define CO_VARKEYWORDS          0x0008
#define CO_NESTED               0x0010
#define CO_GENERATOR            0x0020
#define CO_COROUTINE            0x0080
#define CO_ITERABLE_COROUTINE   0x0100
#define CO_ASYNC_GENERATOR      0x0200

/* __future__ feature bits (also accepted in PyCompilerFlags.cf_flags). */
#define CO_FUTURE_DIVISION          0x20000
#define CO_FUTURE_ABSOLUTE_IMPORT   0x40000
#define CO_FUTURE_WITH_STATEMENT    0x80000
#define CO_FUTURE_PRINT_FUNCTION    0x100000
#define CO_FUTURE_UNICODE_LITERALS  0x200000
#define CO_FUTURE_BARRY_AS_BDFL     0x400000
#define CO_FUTURE_GENERATOR_STOP    0x800000
#define CO_FUTURE_ANNOTATIONS       0x1000000

/* Maximum nesting of static blocks in a function. */
#define CO_MAXBLOCKS 20

/* Build a code object (the 3.11 argument lists). */
PyAPI_FUNC(PyCodeObject *) PyCode_New(
    int argcount, int kwonlyargcount, int nlocals, int stacksize, int flags,
    PyObject *code, PyObject *consts, PyObject *names, PyObject *varnames,
    PyObject *freevars, PyObject *cellvars, PyObject *filename, PyObject *name,
    PyObject *qualname, int firstlineno, PyObject *linetable,
    PyObject *exceptiontable);
PyAPI_FUNC(PyCodeObject *) PyCode_NewWithPosOnlyArgs(
    int argcount, int posonlyargcount, int kwonlyargcount, int nlocals,
    int stacksize, int flags, PyObject *code, PyObject *consts, PyObject *names,
    PyObject *varnames, PyObject *freevars, PyObject *cellvars,
    PyObject *filename, PyObject *name, PyObject *qualname, int firstlineno,
    PyObject *linetable, PyObject *exceptiontable);
/* An empty code object, e.g. for synthetic traceback entries. */
PyAPI_FUNC(PyCodeObject *) PyCode_NewEmpty(const char *filename, const char *funcname,
                                           int firstlineno);

PyAPI_FUNC(int) PyCode_Addr2Line(PyCodeObject *co, int addr);
PyAPI_FUNC(int) PyCode_Addr2Location(PyCodeObject *co, int addr, int *start_line,
                                     int *start_column, int *end_line,
                                     int *end_column);

/* New references to co_code, co_varnames, co_cellvars, co_freevars. */
PyAPI_FUNC(PyObject *) PyCode_GetCode(PyCodeObject *co);
PyAPI_FUNC(PyObject *) PyCode_GetVarnames(PyCodeObject *co);
PyAPI_FUNC(PyObject *) PyCode_GetCellvars(PyCodeObject *co);
PyAPI_FUNC(PyObject *) PyCode_GetFreevars(PyCodeObject *co);

PyAPI_FUNC(PyObject *) PyCode_Optimize(PyObject *code, PyObject *consts,
                                       PyObject *names, PyObject *lnotab);

/* Key identifying a constant for de-duplication in co_consts. */
PyAPI_FUNC(PyObject *) _PyCode_ConstantKey(PyObject *obj);

/* Per-code-object extra data slots (PEP 523). */
PyAPI_FUNC(int) _PyCode_GetExtra(PyObject *code, Py_ssize_t index, void **extra);
PyAPI_FUNC(int) _PyCode_SetExtra(PyObject *code, Py_ssize_t index, void *extra);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_CODE_H */
