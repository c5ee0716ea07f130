/* traceback.h -- traceback objects. */
#ifndef Py_TRACEBACK_H
#define Py_TRACEBACK_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyTraceBack_Type;

#define PyTraceBack_Check(v) Py_IS_TYPE((v), &PyTraceBack_Type)

/* Add an entry for `frame` to the traceback of the current exception. */
PyAPI_FUNC(int) PyTraceBack_Here(PyFrameObject *frame);
PyAPI_FUNC(int) PyTraceBack_Print(PyObject *tb, PyObject *file);

#ifndef Py_LIMITED_API
/* Layout (x86_64): tb_next 16, tb_frame 24, tb_lasti 32, tb_lineno 36;
 * size 40. */
typedef struct _traceback PyTracebackObject;
struct _traceback {
    PyObject_HEAD
    PyTracebackObject *tb_next;
    PyFrameObject *tb_frame;
    int tb_lasti;
    int tb_lineno;
};

/* Add a synthetic entry (file, function, line) to the current traceback. */
PyAPI_FUNC(void) _PyTraceback_Add(const char *funcname, const char *filename, int lineno);
PyAPI_FUNC(int) _Py_DisplaySourceLine(PyObject *f, PyObject *filename, int lineno,
                                      int indent, int *truncation, PyObject **line);
#endif

PYRITE_END_DECLS

#endif /* Py_TRACEBACK_H */
