/* bltinmodule.h -- types of the builtin iterators filter, map and zip. */
#ifndef Py_BLTINMODULE_H
#define Py_BLTINMODULE_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_DATA(PyTypeObject) PyFilter_Type;
PyAPI_DATA(PyTypeObject) PyMap_Type;
PyAPI_DATA(PyTypeObject) PyZip_Type;

PYRITE_END_DECLS

#endif /* Py_BLTINMODULE_H */
