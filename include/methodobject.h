/* methodobject.h -- C functions exposed to Python (builtin functions and
 * methods) and the PyMethodDef tables that describe them. */
#ifndef Py_METHODOBJECT_H
#define Py_METHODOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyCFunction_Type;

#define PyCFunction_CheckExact(op) Py_IS_TYPE((op), &PyCFunction_Type)
#define PyCFunction_Check(op) PyObject_TypeCheck((op), &PyCFunction_Type)

/* Signatures of the C functions, selected by the METH_* flags. */
typedef PyObject *(*PyCFunction)(PyObject *self, PyObject *args);
typedef PyObject *(*_PyCFunctionFast)(PyObject *self, PyObject *const *args,
                                      Py_ssize_t nargs);
typedef PyObject *(*PyCFunctionWithKeywords)(PyObject *self, PyObject *args,
                                             PyObject *kwargs);
typedef PyObject *(*_PyCFunctionFastWithKeywords)(PyObject *self,
                                                  PyObject *const *args,
                                                  Py_ssize_t nargs,
                                                  PyObject *kwnames);
typedef PyObject *(*PyCMethod)(PyObject *self, PyTypeObject *defining_class,
                               PyObject *const *args, size_t nargsf,
                               PyObject *kwnames);

/* Cast any of the signatures above to PyCFunction for ml_meth, without
 * function-cast warnings. */
#define _PyCFunction_CAST(func) ((PyCFunction)(void (*)(void))(func))

PyAPI_FUNC(PyCFunction) PyCFunction_GetFunction(PyObject *op);
PyAPI_FUNC(PyObject *) PyCFunction_GetSelf(PyObject *op);
PyAPI_FUNC(int) PyCFunction_GetFlags(PyObject *op);
Py_DEPRECATED(3.9) PyAPI_FUNC(PyObject *) PyCFunction_Call(PyObject *callable,
                                                           PyObject *args,
                                                           PyObject *kwargs);

/* One entry of a method table; tables end with an all-NULL entry.
 * Layout (x86_64): ml_name 0, ml_meth 8, ml_flags 16, ml_doc 24; size 32. */
struct PyMethodDef {
    const char *ml_name;
    PyCFunction ml_meth;        /* cast to PyCFunction whatever the real type */
    int ml_flags;               /* METH_* */
    const char *ml_doc;
};

PyAPI_FUNC(PyObject *) PyCFunction_New(PyMethodDef *ml, PyObject *self);
PyAPI_FUNC(PyObject *) PyCFunction_NewEx(PyMethodDef *ml, PyObject *self,
                                         PyObject *module);
PyAPI_FUNC(PyObject *) PyCMethod_New(PyMethodDef *ml, PyObject *self, PyObject *module,
                                     PyTypeObject *cls);
#define PyCFunction_New(ML, SELF) PyCFunction_NewEx((ML), (SELF), NULL)
#define PyCFunction_NewEx(ML, SELF, MOD) PyCMethod_New((ML), (SELF), (MOD), NULL)

/* Calling conventions (ml_flags); exactly one of the first group. */
#define METH_VARARGS  0x0001    /* f(self, args_tuple) */
#define METH_KEYWORDS 0x0002    /* with VARARGS: f(self, args, kwargs) */
#define METH_NOARGS   0x0004    /* f(self, NULL) */
#define METH_O        0x0008    /* f(self, arg) */
/* Binding flags for methods of types. */
#define METH_CLASS    0x0010
#define METH_STATIC   0x0020
/* Replace an existing slot wrapper of the same name. */
#define METH_COEXIST  0x0040
/* f(self, args_array, nargs[, kwnames]) */
#define METH_FASTCALL 0x0080
#define METH_STACKLESS 0x0000
/* With FASTCALL|KEYWORDS: receive the defining class (PyCMethod). */
#define METH_METHOD   0x0200

#ifndef Py_LIMITED_API
/* Builtin function objects.  Layout (x86_64): m_ml 16, m_self 24,
 * m_module 32, m_weakreflist 40, vectorcall 48; size 56. */
typedef struct {
    PyObject_HEAD
    PyMethodDef *m_ml;
    PyObject *m_self;           /* bound object, or the module */
    PyObject *m_module;         /* __module__ */
    PyObject *m_weakreflist;
    vectorcallfunc vectorcall;
} PyCFunctionObject;

/* Builtin methods that know their defining class (METH_METHOD). */
typedef struct {
    PyCFunctionObject func;
    PyTypeObject *mm_class;
} PyCMethodObject;

PyAPI_DATA(PyTypeObject) PyCMethod_Type;

#define PyCMethod_CheckExact(op) Py_IS_TYPE((op), &PyCMethod_Type)
#define PyCMethod_Check(op) PyObject_TypeCheck((op), &PyCMethod_Type)

#define _PyCFunctionObject_CAST(func) ((PyCFunctionObject *)(func))
#define _PyCMethodObject_CAST(func) ((PyCMethodObject *)(func))

static inline PyCFunction _PyCFunction_GET_FUNCTION(PyObject *func) {
    return _PyCFunctionObject_CAST(func)->m_ml->ml_meth;
}
static inline PyObject *_PyCFunction_GET_SELF(PyObject *func) {
    if (_PyCFunctionObject_CAST(func)->m_ml->ml_flags & METH_STATIC) {
        return NULL;
    }
    return _PyCFunctionObject_CAST(func)->m_self;
}
static inline int _PyCFunction_GET_FLAGS(PyObject *func) {
    return _PyCFunctionObject_CAST(func)->m_ml->ml_flags;
}
static inline PyTypeObject *_PyCFunction_GET_CLASS(PyObject *func) {
    if (_PyCFunctionObject_CAST(func)->m_ml->ml_flags & METH_METHOD) {
        return _PyCMethodObject_CAST(func)->mm_class;
    }
    return NULL;
}
#define PyCFunction_GET_FUNCTION(func) _PyCFunction_GET_FUNCTION(_PyObject_CAST(func))
#define PyCFunction_GET_SELF(func)     _PyCFunction_GET_SELF(_PyObject_CAST(func))
#define PyCFunction_GET_FLAGS(func)    _PyCFunction_GET_FLAGS(_PyObject_CAST(func))
#define PyCFunction_GET_CLASS(func)    _PyCFunction_GET_CLASS(_PyObject_CAST(func))
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_METHODOBJECT_H */
