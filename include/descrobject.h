/* descrobject.h -- descriptors: attribute tables of types (PyGetSetDef,
 * PyMemberDef) and the descriptor objects made from them. */
#ifndef Py_DESCROBJECT_H
#define Py_DESCROBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

/* ---- computed attributes ---- */
typedef PyObject *(*getter)(PyObject *self, void *closure);
typedef int (*setter)(PyObject *self, PyObject *value, void *closure);

/* One entry of tp_getset; the table ends with {NULL}.
 * Layout (x86_64): name 0, get 8, set 16, doc 24, closure 32; size 40. */
struct PyGetSetDef {
    const char *name;
    getter get;
    setter set;                 /* NULL: read-only */
    const char *doc;
    void *closure;              /* passed to get/set */
};

/* ---- attributes stored at a fixed offset in the instance ---- */

/* One entry of tp_members; the table ends with {NULL}.
 * Layout (x86_64): name 0, type 8, offset 16, flags 24, doc 32; size 40. */
struct PyMemberDef {
    const char *name;
    int type;                   /* Py_T_* (or T_* from structmember.h) */
    Py_ssize_t offset;          /* byte offset of the field in the instance */
    int flags;                  /* Py_READONLY, ... */
    const char *doc;
};

/* Member types (same values as the T_* names of structmember.h). */
#define Py_T_SHORT      0
#define Py_T_INT        1
#define Py_T_LONG       2
#define Py_T_FLOAT      3
#define Py_T_DOUBLE     4
#define Py_T_STRING     5       /* const char *, read-only */
#define _Py_T_OBJECT    6       /* PyObject *, NULL reads as None (deprecated) */
#define Py_T_CHAR       7
#define Py_T_BYTE       8
#define Py_T_UBYTE      9
#define Py_T_USHORT     10
#define Py_T_UINT       11
#define Py_T_ULONG      12
#define Py_T_STRING_INPLACE 13  /* char array inside the object, read-only */
#define Py_T_BOOL       14      /* char, 0 or 1 */
#define Py_T_OBJECT_EX  16      /* PyObject *, NULL raises AttributeError */
#define Py_T_LONGLONG   17
#define Py_T_ULONGLONG  18
#define Py_T_PYSSIZET   19
#define _Py_T_NONE      20      /* always None, read-only (deprecated) */

/* Member flags. */
#define Py_READONLY         1
#define Py_AUDIT_READ       2   /* reading raises an audit event */
#define _Py_WRITE_RESTRICTED 4

/* Read / write a member of the object starting at obj_addr. */
PyAPI_FUNC(PyObject *) PyMember_GetOne(const char *obj_addr, PyMemberDef *m);
PyAPI_FUNC(int) PyMember_SetOne(char *obj_addr, PyMemberDef *m, PyObject *o);

/* ---- descriptor types and constructors ---- */
PyAPI_DATA(PyTypeObject) PyClassMethodDescr_Type;
PyAPI_DATA(PyTypeObject) PyGetSetDescr_Type;
PyAPI_DATA(PyTypeObject) PyMemberDescr_Type;
PyAPI_DATA(PyTypeObject) PyMethodDescr_Type;
PyAPI_DATA(PyTypeObject) PyWrapperDescr_Type;
PyAPI_DATA(PyTypeObject) PyDictProxy_Type;
PyAPI_DATA(PyTypeObject) PyProperty_Type;

PyAPI_FUNC(PyObject *) PyDescr_NewMethod(PyTypeObject *type, PyMethodDef *meth);
PyAPI_FUNC(PyObject *) PyDescr_NewClassMethod(PyTypeObject *type, PyMethodDef *method);
PyAPI_FUNC(PyObject *) PyDescr_NewMember(PyTypeObject *type, PyMemberDef *meth);
PyAPI_FUNC(PyObject *) PyDescr_NewGetSet(PyTypeObject *type, PyGetSetDef *getset);

/* A read-only proxy of a mapping (types.MappingProxyType). */
PyAPI_FUNC(PyObject *) PyDictProxy_New(PyObject *mapping);
PyAPI_FUNC(PyObject *) PyWrapper_New(PyObject *d, PyObject *self);

#ifndef Py_LIMITED_API
PyAPI_DATA(PyTypeObject) _PyMethodWrapper_Type;

/* Slot wrappers (the C side of __add__, __len__, ...). */
typedef PyObject *(*wrapperfunc)(PyObject *self, PyObject *args, void *wrapped);
typedef PyObject *(*wrapperfunc_kwds)(PyObject *self, PyObject *args,
                                      void *wrapped, PyObject *kwds);

struct wrapperbase {
    const char *name;
    int offset;
    void *function;
    wrapperfunc wrapper;
    const char *doc;
    int flags;
    PyObject *name_strobj;
};

#define PyWrapperFlag_KEYWORDS 1

/* Descriptor objects.  Layout (x86_64): d_type 16, d_name 24,
 * d_qualname 32, then the kind-specific field(s) from 40. */
#define PyDescr_COMMON PyDescrObject d_common

typedef struct {
    PyObject_HEAD
    PyTypeObject *d_type;
    PyObject *d_name;
    PyObject *d_qualname;
} PyDescrObject;

#define PyDescr_TYPE(x) (((PyDescrObject *)(x))->d_type)
#define PyDescr_NAME(x) (((PyDescrObject *)(x))->d_name)

typedef struct {
    PyDescr_COMMON;
    PyMethodDef *d_method;
    vectorcallfunc vectorcall;
} PyMethodDescrObject;

typedef struct {
    PyDescr_COMMON;
    PyMemberDef *d_member;
} PyMemberDescrObject;

typedef struct {
    PyDescr_COMMON;
    PyGetSetDef *d_getset;
} PyGetSetDescrObject;

typedef struct {
    PyDescr_COMMON;
    struct wrapperbase *d_base;
    void *d_wrapped;
} PyWrapperDescrObject;

PyAPI_FUNC(PyObject *) PyDescr_NewWrapper(PyTypeObject *type, struct wrapperbase *base,
                                          void *wrapped);
/* Does the descriptor define __set__ (a data descriptor)? */
PyAPI_FUNC(int) PyDescr_IsData(PyObject *descr);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_DESCROBJECT_H */
