/* longintrepr.h -- kept so that `#include "longintrepr.h"` keeps working.
 * The digit representation of ints is declared in longobject.h. */
#ifndef Py_LONGINTREPR_H
#define Py_LONGINTREPR_H
#include "Python.h"
#endif /* Py_LONGINTREPR_H */
