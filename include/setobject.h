/* setobject.h -- the set and frozenset types.
 *
 * The set object's internals are private to the runtime; PySet_GET_SIZE
 * is therefore a call to PySet_Size here. */
#ifndef Py_SETOBJECT_H
#define Py_SETOBJECT_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PySet_Type;
PyAPI_DATA(PyTypeObject) PyFrozenSet_Type;
PyAPI_DATA(PyTypeObject) PySetIter_Type;

PyAPI_FUNC(PyObject *) PySet_New(PyObject *iterable);
PyAPI_FUNC(PyObject *) PyFrozenSet_New(PyObject *iterable);
PyAPI_FUNC(int) PySet_Add(PyObject *set, PyObject *key);
PyAPI_FUNC(int) PySet_Clear(PyObject *set);
PyAPI_FUNC(int) PySet_Contains(PyObject *anyset, PyObject *key);
PyAPI_FUNC(int) PySet_Discard(PyObject *set, PyObject *key);
PyAPI_FUNC(PyObject *) PySet_Pop(PyObject *set);
PyAPI_FUNC(Py_ssize_t) PySet_Size(PyObject *anyset);

#define PyFrozenSet_CheckExact(ob) Py_IS_TYPE((ob), &PyFrozenSet_Type)
#define PyFrozenSet_Check(ob) \
    (Py_IS_TYPE((ob), &PyFrozenSet_Type) || \
     PyType_IsSubtype(Py_TYPE(ob), &PyFrozenSet_Type))

#define PyAnySet_CheckExact(ob) \
    (Py_IS_TYPE((ob), &PySet_Type) || Py_IS_TYPE((ob), &PyFrozenSet_Type))
#define PyAnySet_Check(ob) \
    (Py_IS_TYPE((ob), &PySet_Type) || Py_IS_TYPE((ob), &PyFrozenSet_Type) || \
     PyType_IsSubtype(Py_TYPE(ob), &PySet_Type) || \
     PyType_IsSubtype(Py_TYPE(ob), &PyFrozenSet_Type))

#define PySet_CheckExact(op) Py_IS_TYPE((op), &PySet_Type)
#define PySet_Check(ob) \
    (Py_IS_TYPE((ob), &PySet_Type) || PyType_IsSubtype(Py_TYPE(ob), &PySet_Type))

#ifndef Py_LIMITED_API
/* Size of the inline table of a fresh set (informational). */
#define PySet_MINSIZE 8

#define PySet_GET_SIZE(so) PySet_Size(_PyObject_CAST(so))

/* Iterate over a set: returns 1 and a borrowed key while items remain. */
PyAPI_FUNC(int) _PySet_NextEntry(PyObject *set, Py_ssize_t *pos, PyObject **key,
                                 Py_hash_t *hash);
PyAPI_FUNC(int) _PySet_Update(PyObject *set, PyObject *iterable);
#endif

PYRITE_END_DECLS

#endif /* Py_SETOBJECT_H */
