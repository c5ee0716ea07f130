/* structseq.h -- struct sequences: named-tuple-like types defined from C
 * (like os.stat_result). */
#ifndef Py_STRUCTSEQ_H
#define Py_STRUCTSEQ_H

#include "object.h"
#include "tupleobject.h"

PYRITE_BEGIN_DECLS

/* One field: name and docstring.  Size 16 on x86_64. */
typedef struct PyStructSequence_Field {
    const char *name;
    const char *doc;
} PyStructSequence_Field;

/* A whole type: fields end with {NULL, NULL}; the first n_in_sequence are
 * visible to tuple operations.  Layout (x86_64): name 0, doc 8,
 * fields 16, n_in_sequence 24; size 32. */
typedef struct PyStructSequence_Desc {
    const char *name;
    const char *doc;
    PyStructSequence_Field *fields;
    int n_in_sequence;
} PyStructSequence_Desc;

/* Use as a field name to leave the field unnamed. */
PyAPI_DATA(const char * const) PyStructSequence_UnnamedField;

#ifndef Py_LIMITED_API
PyAPI_FUNC(void) PyStructSequence_InitType(PyTypeObject *type, PyStructSequence_Desc *desc);
PyAPI_FUNC(int) PyStructSequence_InitType2(PyTypeObject *type, PyStructSequence_Desc *desc);
#endif
PyAPI_FUNC(PyTypeObject *) PyStructSequence_NewType(PyStructSequence_Desc *desc);
PyAPI_FUNC(PyObject *) PyStructSequence_New(PyTypeObject *type);
PyAPI_FUNC(void) PyStructSequence_SetItem(PyObject *p, Py_ssize_t pos, PyObject *o);
PyAPI_FUNC(PyObject *) PyStructSequence_GetItem(PyObject *p, Py_ssize_t pos);

#ifndef Py_LIMITED_API
/* Struct sequences are laid out like tuples. */
typedef PyTupleObject PyStructSequence;
#define PyStructSequence_SET_ITEM(op, i, v) PyTuple_SET_ITEM((op), (i), (v))
#define PyStructSequence_GET_ITEM(op, i) PyTuple_GET_ITEM((op), (i))
#endif

PYRITE_END_DECLS

#endif /* Py_STRUCTSEQ_H */
