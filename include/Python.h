/* Python.h -- entry point of Pyrite's C API headers.
 *
 * Pyrite is a Python 3.11 runtime; libpyrite.so exports the CPython 3.11
 * C API so that extension modules written for CPython build unchanged
 * against these headers.  Include this file first, before any system
 * header (it selects the libc feature macros, see pyconfig.h).
 *
 * Optional extra headers (as with CPython): structmember.h (T_* member
 * type names), datetime.h (the datetime C API), frameobject.h and
 * marshal.h (already included here), longintrepr.h (empty).
 */
#ifndef Py_PYTHON_H
#define Py_PYTHON_H

#include "patchlevel.h"
#include "pyconfig.h"

/* C library headers that extensions traditionally get through Python.h. */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>

/* Foundations. */
#include "pyport.h"
#include "pymacro.h"
#include "pymath.h"
#include "pymem.h"
#include "pytypedefs.h"
#include "pybuffer.h"
#include "object.h"             /* also refcount.h */
#include "objimpl.h"
#include "typeslots.h"
#include "pyhash.h"
#include "pydebug.h"
#include "pyctype.h"

/* Concrete object types. */
#include "bytearrayobject.h"
#include "bytesobject.h"
#include "unicodeobject.h"
#include "longobject.h"
#include "boolobject.h"
#include "floatobject.h"
#include "complexobject.h"
#include "rangeobject.h"
#include "memoryobject.h"
#include "tupleobject.h"
#include "listobject.h"
#include "dictobject.h"
#include "odictobject.h"
#include "enumobject.h"
#include "setobject.h"
#include "methodobject.h"
#include "moduleobject.h"
#include "funcobject.h"
#include "classobject.h"
#include "fileobject.h"
#include "pycapsule.h"
#include "code.h"
#include "traceback.h"
#include "sliceobject.h"
#include "cellobject.h"
#include "iterobject.h"
#include "genobject.h"
#include "descrobject.h"
#include "genericaliasobject.h"
#include "warnings.h"
#include "weakrefobject.h"
#include "structseq.h"
#include "picklebufobject.h"
#include "context.h"
#include "bltinmodule.h"

/* Runtime services. */
#include "codecs.h"
#include "pyerrors.h"
#include "pythread.h"
#include "pystate.h"
#include "initconfig.h"
#include "pylifecycle.h"
#include "modsupport.h"
#include "compile.h"
#include "pythonrun.h"
#include "ceval.h"
#include "sysmodule.h"
#include "osmodule.h"
#include "intrcheck.h"
#include "import.h"
#include "abstract.h"
#include "pystrtod.h"
#include "pystrcmp.h"
#include "fileutils.h"
#include "tracemalloc.h"
#include "marshal.h"
#include "frameobject.h"

#endif /* Py_PYTHON_H */
