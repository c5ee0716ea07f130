/* pydebug.h -- legacy global configuration variables.
 *
 * Deprecated since 3.12 in favour of PyConfig, but in 3.11 still read by
 * extensions (e.g. Py_OptimizeFlag to decide whether asserts are live).
 */
#ifndef Py_PYDEBUG_H
#define Py_PYDEBUG_H

#include "pyport.h"

PYRITE_BEGIN_DECLS

#ifndef Py_LIMITED_API
PyAPI_DATA(int) Py_DebugFlag;
PyAPI_DATA(int) Py_VerboseFlag;
PyAPI_DATA(int) Py_QuietFlag;
PyAPI_DATA(int) Py_InteractiveFlag;
PyAPI_DATA(int) Py_InspectFlag;
PyAPI_DATA(int) Py_OptimizeFlag;
PyAPI_DATA(int) Py_NoSiteFlag;
PyAPI_DATA(int) Py_BytesWarningFlag;
PyAPI_DATA(int) Py_FrozenFlag;
PyAPI_DATA(int) Py_IgnoreEnvironmentFlag;
PyAPI_DATA(int) Py_DontWriteBytecodeFlag;
PyAPI_DATA(int) Py_NoUserSiteDirectory;
PyAPI_DATA(int) Py_UnbufferedStdioFlag;
PyAPI_DATA(int) Py_HashRandomizationFlag;
PyAPI_DATA(int) Py_IsolatedFlag;

/* getenv() unless -E was given. */
#define Py_GETENV(s) (Py_IgnoreEnvironmentFlag ? NULL : getenv(s))
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_PYDEBUG_H */
