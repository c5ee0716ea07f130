/* context.h -- contextvars: context objects, variables and tokens. */
#ifndef Py_CONTEXT_H
#define Py_CONTEXT_H

#include "object.h"

PYRITE_BEGIN_DECLS

#ifndef Py_LIMITED_API
PyAPI_DATA(PyTypeObject) PyContext_Type;
PyAPI_DATA(PyTypeObject) PyContextVar_Type;
PyAPI_DATA(PyTypeObject) PyContextToken_Type;

typedef struct _pycontextobject PyContext;
typedef struct _pycontextvarobject PyContextVar;
typedef struct _pycontexttokenobject PyContextToken;

#define PyContext_CheckExact(o) Py_IS_TYPE((o), &PyContext_Type)
#define PyContextVar_CheckExact(o) Py_IS_TYPE((o), &PyContextVar_Type)
#define PyContextToken_CheckExact(o) Py_IS_TYPE((o), &PyContextToken_Type)

PyAPI_FUNC(PyObject *) PyContext_New(void);
PyAPI_FUNC(PyObject *) PyContext_Copy(PyObject *ctx);
PyAPI_FUNC(PyObject *) PyContext_CopyCurrent(void);
PyAPI_FUNC(int) PyContext_Enter(PyObject *ctx);
PyAPI_FUNC(int) PyContext_Exit(PyObject *ctx);

/* Create a variable; def_value may be NULL (no default). */
PyAPI_FUNC(PyObject *) PyContextVar_New(const char *name, PyObject *def_value);
/* Store a new reference in *value (or NULL if unset without default);
 * returns -1 on error. */
PyAPI_FUNC(int) PyContextVar_Get(PyObject *var, PyObject *default_value,
                                 PyObject **value);
/* Returns a token for PyContextVar_Reset. */
PyAPI_FUNC(PyObject *) PyContextVar_Set(PyObject *var, PyObject *value);
PyAPI_FUNC(int) PyContextVar_Reset(PyObject *var, PyObject *token);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_CONTEXT_H */
