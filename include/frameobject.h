/* frameobject.h -- frame objects.  The frame layout is private to the
 * runtime; frames are inspected through the accessor functions.
 * (Python.h already includes this file.) */
#ifndef Py_FRAMEOBJECT_H
#define Py_FRAMEOBJECT_H

#include "Python.h"

PYRITE_BEGIN_DECLS

/* Accessors available in the limited API. */
PyAPI_FUNC(int) PyFrame_GetLineNumber(PyFrameObject *frame);
PyAPI_FUNC(PyCodeObject *) PyFrame_GetCode(PyFrameObject *frame);

#ifndef Py_LIMITED_API
PyAPI_DATA(PyTypeObject) PyFrame_Type;

#define PyFrame_Check(op) Py_IS_TYPE((op), &PyFrame_Type)

/* New references (the back frame may be NULL). */
PyAPI_FUNC(PyFrameObject *) PyFrame_GetBack(PyFrameObject *frame);
PyAPI_FUNC(PyObject *) PyFrame_GetLocals(PyFrameObject *frame);
PyAPI_FUNC(PyObject *) PyFrame_GetGlobals(PyFrameObject *frame);
PyAPI_FUNC(PyObject *) PyFrame_GetBuiltins(PyFrameObject *frame);
PyAPI_FUNC(PyObject *) PyFrame_GetGenerator(PyFrameObject *frame);
PyAPI_FUNC(int) PyFrame_GetLasti(PyFrameObject *frame);

/* Create a frame (used e.g. to add synthetic traceback entries). */
PyAPI_FUNC(PyFrameObject *) PyFrame_New(PyThreadState *tstate, PyCodeObject *code,
                                        PyObject *globals, PyObject *locals);

/* Synchronise f_locals with the fast locals. */
PyAPI_FUNC(void) PyFrame_LocalsToFast(PyFrameObject *frame, int clear);
PyAPI_FUNC(int) PyFrame_FastToLocalsWithError(PyFrameObject *frame);
PyAPI_FUNC(void) PyFrame_FastToLocals(PyFrameObject *frame);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_FRAMEOBJECT_H */
