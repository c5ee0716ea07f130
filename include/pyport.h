/* pyport.h -- portable basic types, limits and declaration helpers.
 *
 * Everything else in Pyrite's headers is written in terms of these:
 * Py_ssize_t for sizes and indices, Py_hash_t for hash values, and the
 * PyAPI_FUNC / PyAPI_DATA markers on every symbol that libpyrite.so
 * exports.
 */
#ifndef Py_PYPORT_H
#define Py_PYPORT_H

#include "pyconfig.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <sys/types.h>

/* ---- C++ linkage ------------------------------------------------------ */

/* Every Pyrite header wraps its declarations in these so that C++
 * translation units see C linkage. */
#ifdef __cplusplus
#  define PYRITE_BEGIN_DECLS extern "C" {
#  define PYRITE_END_DECLS   }
#else
#  define PYRITE_BEGIN_DECLS
#  define PYRITE_END_DECLS
#endif

/* ---- integer types ---------------------------------------------------- */

/* Signed size type: what sizes, lengths and indices use throughout the API. */
typedef ssize_t Py_ssize_t;
/* Signed and unsigned hash values (same width as a pointer). */
typedef Py_ssize_t Py_hash_t;
typedef size_t Py_uhash_t;
/* Integers wide enough to hold a pointer. */
typedef intptr_t Py_intptr_t;
typedef uintptr_t Py_uintptr_t;
/* Length type of `#` formats in the PyArg_Parse family: Py_ssize_t when
 * PY_SSIZE_T_CLEAN is defined (the only mode 3.11 accepts at run time). */
#ifdef PY_SSIZE_T_CLEAN
typedef Py_ssize_t Py_ssize_clean_t;
#else
typedef int Py_ssize_clean_t;
#endif

#define PY_SIZE_MAX     SIZE_MAX
#define PY_SSIZE_T_MAX  ((Py_ssize_t)(((size_t)-1) >> 1))
#define PY_SSIZE_T_MIN  (-PY_SSIZE_T_MAX - 1)
#define SIZEOF_PY_HASH_T  SIZEOF_SIZE_T
#define SIZEOF_PY_UHASH_T SIZEOF_SIZE_T

/* printf length modifier for Py_ssize_t (kept for old code). */
#define PY_FORMAT_SIZE_T "z"

/* Historical spellings of fixed-width and long long types. */
#define HAVE_LONG_LONG  1
#define PY_LONG_LONG    long long
#define PY_LLONG_MIN    LLONG_MIN
#define PY_LLONG_MAX    LLONG_MAX
#define PY_ULLONG_MAX   ULLONG_MAX
#define PY_UINT32_T     uint32_t
#define PY_UINT64_T     uint64_t
#define PY_INT32_T      int32_t
#define PY_INT64_T      int64_t
#define Py_LL(x)        x##LL
#define Py_ULL(x)       Py_LL(x##U)

#define PY_LITTLE_ENDIAN 1
#define PY_BIG_ENDIAN    0

/* Old alias of memcpy. */
#define Py_MEMCPY memcpy

/* Marker for "no size" in a few APIs. */
#define Py_INVALID_SIZE ((Py_ssize_t)-1)

/* Floating point exception protection (obsolete, no-ops). */
#define PyFPE_START_PROTECT(err_string, leave_stmt)
#define PyFPE_END_PROTECT(v)

/* Convert between two integer types when the value is known to fit. */
#define Py_SAFE_DOWNCAST(VALUE, WIDE, NARROW) ((NARROW)(VALUE))

/* Right shift that sign-extends (gcc does this for signed types). */
#define Py_ARITHMETIC_RIGHT_SHIFT(TYPE, I, J) ((I) >> (J))

/* Force an expansion of X before it is used as a macro argument. */
#define Py_FORCE_EXPANSION(X) X

/* ---- storage classes and inlining -------------------------------------- */

#define Py_LOCAL(type)         static type
#define Py_LOCAL_INLINE(type)  static inline type
#define Py_LOCAL_SYMBOL        __attribute__((visibility("hidden")))
#define Py_EXPORTED_SYMBOL     __attribute__((visibility("default")))
#define Py_IMPORTED_SYMBOL     __attribute__((visibility("default")))

#define Py_ALWAYS_INLINE       __attribute__((always_inline))
#define Py_NO_INLINE           __attribute__((noinline))
#define _Py_HOT_FUNCTION       __attribute__((hot))
#define _Py_NO_RETURN          __attribute__((__noreturn__))
#define Py_GCC_ATTRIBUTE(x)    __attribute__(x)
#define Py_ALIGNED(x)          __attribute__((aligned(x)))

/* Mark an API element as deprecated since Python VERSION_UNUSED. */
#define Py_DEPRECATED(VERSION_UNUSED) __attribute__((__deprecated__))

/* Suppress deprecation warnings in a region. */
#define _Py_COMP_DIAG_PUSH   _Pragma("GCC diagnostic push")
#define _Py_COMP_DIAG_IGNORE_DEPR_DECLS \
    _Pragma("GCC diagnostic ignored \"-Wdeprecated-declarations\"")
#define _Py_COMP_DIAG_POP    _Pragma("GCC diagnostic pop")

/* Symbols exported by libpyrite.so (functions and data). */
#define PyAPI_FUNC(RTYPE)  extern Py_IMPORTED_SYMBOL RTYPE
#define PyAPI_DATA(RTYPE)  extern Py_IMPORTED_SYMBOL RTYPE

/* The return type of an extension module's PyInit_<name> function. */
#ifdef __cplusplus
#  define PyMODINIT_FUNC extern "C" Py_EXPORTED_SYMBOL PyObject *
#else
#  define PyMODINIT_FUNC Py_EXPORTED_SYMBOL PyObject *
#endif

/* ---- misc portability ---------------------------------------------------- */

/* Deprecated spelling of va_copy. */
#define Py_VA_COPY va_copy

/* Whether the compiler's `char` is unsigned (gcc on x86_64: signed). */
#ifdef __CHAR_UNSIGNED__
#  define Py_CHAR_UNSIGNED 1
#endif

/* Py_DEBUG builds are not provided by Pyrite; Py_REF_DEBUG and
 * Py_TRACE_REFS are therefore never defined by these headers. */

/* Width of the `wchar_t` type in bytes (Py_UNICODE is wchar_t). */
#define Py_UNICODE_SIZE SIZEOF_WCHAR_T

#endif /* Py_PYPORT_H */
