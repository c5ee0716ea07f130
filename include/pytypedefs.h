/* pytypedefs.h -- forward declarations of the API's central types.
 *
 * The structure tags are the ones extensions may forward-declare
 * themselves (e.g. `struct _object;`), so they keep CPython's spelling.
 */
#ifndef Py_PYTYPEDEFS_H
#define Py_PYTYPEDEFS_H

typedef struct _object PyObject;
typedef struct _typeobject PyTypeObject;
typedef struct _longobject PyLongObject;
typedef struct PyModuleDef PyModuleDef;
typedef struct PyModuleDef_Slot PyModuleDef_Slot;
typedef struct PyMethodDef PyMethodDef;
typedef struct PyGetSetDef PyGetSetDef;
typedef struct PyMemberDef PyMemberDef;
typedef struct bufferinfo Py_buffer;
typedef struct PyCodeObject PyCodeObject;
typedef struct _frame PyFrameObject;
typedef struct _ts PyThreadState;
typedef struct _is PyInterpreterState;

#endif /* Py_PYTYPEDEFS_H */
