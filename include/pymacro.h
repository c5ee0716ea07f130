/* pymacro.h -- small general-purpose macros used across the API. */
#ifndef Py_PYMACRO_H
#define Py_PYMACRO_H

/* Minimum, maximum and absolute value (arguments may be evaluated twice). */
#define Py_MIN(x, y) (((x) > (y)) ? (y) : (x))
#define Py_MAX(x, y) (((x) > (y)) ? (x) : (y))
#define Py_ABS(x)    ((x) < 0 ? -(x) : (x))

/* Turn a macro argument into a string literal, expanding it first. */
#define _Py_XSTRINGIFY(x) #x
#define Py_STRINGIFY(x)   _Py_XSTRINGIFY(x)

/* Size of a struct member, without an instance. */
#define Py_MEMBER_SIZE(type, member) sizeof(((type *)0)->member)

/* Compile-time assertion usable as an expression (value 0). */
#define Py_BUILD_ASSERT_EXPR(cond) \
    (sizeof(char[1 - 2 * !(cond)]) - 1)
/* Compile-time assertion usable as a statement. */
#if defined(__cplusplus) && __cplusplus >= 201103L
#  define Py_BUILD_ASSERT(cond) static_assert((cond), #cond)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#  define Py_BUILD_ASSERT(cond) _Static_assert((cond), #cond)
#else
#  define Py_BUILD_ASSERT(cond) do { (void)Py_BUILD_ASSERT_EXPR(cond); } while (0)
#endif

/* Number of elements of a true array (rejects pointers under gcc). */
#if defined(__GNUC__) && !defined(__cplusplus)
#  define Py_ARRAY_LENGTH(array) \
    (sizeof(array) / sizeof((array)[0]) \
     + Py_BUILD_ASSERT_EXPR(!__builtin_types_compatible_p(__typeof__(array), \
                                                          __typeof__(&(array)[0]))))
#else
#  define Py_ARRAY_LENGTH(array) (sizeof(array) / sizeof((array)[0]))
#endif

/* A char turned into an unsigned small int (safe as an array index). */
#define Py_CHARMASK(c) ((unsigned char)((c) & 0xff))

/* Rounding and alignment helpers for sizes and pointers. */
#define _Py_SIZE_ROUND_DOWN(n, a) ((size_t)(n) & ~(size_t)((a) - 1))
#define _Py_SIZE_ROUND_UP(n, a) \
    (((size_t)(n) + (size_t)((a) - 1)) & ~(size_t)((a) - 1))
#define _Py_ALIGN_DOWN(p, a) ((void *)((uintptr_t)(p) & ~(uintptr_t)((a) - 1)))
#define _Py_ALIGN_UP(p, a) \
    ((void *)(((uintptr_t)(p) + (uintptr_t)((a) - 1)) & ~(uintptr_t)((a) - 1)))
#define _Py_IS_ALIGNED(p, a) (!((uintptr_t)(p) & (uintptr_t)((a) - 1)))

/* Mark a parameter as intentionally unused:
 *     static PyObject *f(PyObject *Py_UNUSED(self), PyObject *args)   */
#if defined(__GNUC__) || defined(__clang__)
#  define Py_UNUSED(name) _unused_ ## name __attribute__((unused))
#else
#  define Py_UNUSED(name) _unused_ ## name
#endif

/* Code that can never be reached. */
#define Py_UNREACHABLE() __builtin_unreachable()

/* Docstrings: PyDoc_STRVAR(name, "text") declares `static const char name[]`. */
#define PyDoc_VAR(name) static const char name[]
#define PyDoc_STRVAR(name, str) PyDoc_VAR(name) = PyDoc_STR(str)
#ifdef WITH_DOC_STRINGS
#  define PyDoc_STR(str) str
#else
#  define PyDoc_STR(str) ""
#endif

/* Cast helpers used by the headers (plain C casts, valid in C++ too). */
#define _Py_STATIC_CAST(type, expr) ((type)(expr))
#define _Py_RVALUE(expr) ((void)0, (expr))
#if defined(__cplusplus) && __cplusplus >= 201103L
#  define _Py_NULL nullptr
#else
#  define _Py_NULL NULL
#endif

/* Pyrite marker for attributes on static helper data in headers. */
#define _Py_HEADER_UNUSED __attribute__((unused))

#endif /* Py_PYMACRO_H */
