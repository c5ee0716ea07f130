/* modsupport.h -- argument parsing, value building and module setup.
 *
 * PY_SSIZE_T_CLEAN: when an extension defines it before including
 * Python.h, the `#` format units (s#, y#, ...) use Py_ssize_t lengths.
 * As in CPython, the parsing and building entry points are then routed
 * to their `_SizeT` twins, which libpyrite.so exports alongside the plain
 * names.  (Python 3.11 rejects `#` units at run time without it.)
 */
#ifndef Py_MODSUPPORT_H
#define Py_MODSUPPORT_H

#include "pyconfig.h"         /* feature macros before any system header */
#include <stdarg.h>
#include "object.h"
#include "moduleobject.h"

PYRITE_BEGIN_DECLS

/* ---- parsing arguments ---- */
PyAPI_FUNC(int) PyArg_Parse(PyObject *args, const char *format, ...);
PyAPI_FUNC(int) PyArg_ParseTuple(PyObject *args, const char *format, ...);
PyAPI_FUNC(int) PyArg_ParseTupleAndKeywords(PyObject *args, PyObject *kw,
                                            const char *format, char **kwlist, ...);
PyAPI_FUNC(int) PyArg_VaParse(PyObject *args, const char *format, va_list vargs);
PyAPI_FUNC(int) PyArg_VaParseTupleAndKeywords(PyObject *args, PyObject *kw,
                                              const char *format, char **kwlist,
                                              va_list vargs);
PyAPI_FUNC(int) PyArg_ValidateKeywordArguments(PyObject *kw);
PyAPI_FUNC(int) PyArg_UnpackTuple(PyObject *args, const char *name, Py_ssize_t min,
                                  Py_ssize_t max, ...);

PyAPI_FUNC(int) _PyArg_Parse_SizeT(PyObject *args, const char *format, ...);
PyAPI_FUNC(int) _PyArg_ParseTuple_SizeT(PyObject *args, const char *format, ...);
PyAPI_FUNC(int) _PyArg_ParseTupleAndKeywords_SizeT(PyObject *args, PyObject *kw,
                                                   const char *format, char **kwlist,
                                                   ...);
PyAPI_FUNC(int) _PyArg_VaParse_SizeT(PyObject *args, const char *format, va_list vargs);
PyAPI_FUNC(int) _PyArg_VaParseTupleAndKeywords_SizeT(PyObject *args, PyObject *kw,
                                                     const char *format,
                                                     char **kwlist, va_list vargs);

/* Returned by an "O&" converter to request a second call for cleanup. */
#define Py_CLEANUP_SUPPORTED 0x20000

/* ---- building values ---- */
PyAPI_FUNC(PyObject *) Py_BuildValue(const char *format, ...);
PyAPI_FUNC(PyObject *) Py_VaBuildValue(const char *format, va_list vargs);
PyAPI_FUNC(PyObject *) _Py_BuildValue_SizeT(const char *format, ...);
PyAPI_FUNC(PyObject *) _Py_VaBuildValue_SizeT(const char *format, va_list vargs);

/* ---- filling modules ---- */
PyAPI_FUNC(int) PyModule_AddObjectRef(PyObject *mod, const char *name, PyObject *value);
/* Steals a reference to value on success only. */
PyAPI_FUNC(int) PyModule_AddObject(PyObject *mod, const char *name, PyObject *value);
PyAPI_FUNC(int) PyModule_AddIntConstant(PyObject *mod, const char *name, long value);
PyAPI_FUNC(int) PyModule_AddStringConstant(PyObject *mod, const char *name,
                                           const char *value);
PyAPI_FUNC(int) PyModule_AddType(PyObject *module, PyTypeObject *type);

#define PyModule_AddIntMacro(m, c) PyModule_AddIntConstant((m), #c, (c))
#define PyModule_AddStringMacro(m, c) PyModule_AddStringConstant((m), #c, (c))

PyAPI_FUNC(int) PyModule_SetDocString(PyObject *mod, const char *doc);
PyAPI_FUNC(int) PyModule_AddFunctions(PyObject *mod, PyMethodDef *functions);
PyAPI_FUNC(int) PyModule_ExecDef(PyObject *module, PyModuleDef *def);

/* ---- creating modules ---- */

/* Version numbers passed by extensions when creating modules. */
#define PYTHON_API_VERSION 1013
#define PYTHON_API_STRING "1013"
#define PYTHON_ABI_VERSION 3
#define PYTHON_ABI_STRING "3"

PyAPI_FUNC(PyObject *) PyModule_Create2(PyModuleDef *def, int apiver);
PyAPI_FUNC(PyObject *) PyModule_FromDefAndSpec2(PyModuleDef *def, PyObject *spec,
                                                int module_api_version);

#ifdef Py_LIMITED_API
#  define PyModule_Create(module) PyModule_Create2((module), PYTHON_ABI_VERSION)
#  define PyModule_FromDefAndSpec(module, spec) \
    PyModule_FromDefAndSpec2((module), (spec), PYTHON_ABI_VERSION)
#else
#  define PyModule_Create(module) PyModule_Create2((module), PYTHON_API_VERSION)
#  define PyModule_FromDefAndSpec(module, spec) \
    PyModule_FromDefAndSpec2((module), (spec), PYTHON_API_VERSION)
#endif

#ifndef Py_LIMITED_API
PyAPI_FUNC(PyObject *) _PyModule_CreateInitialized(PyModuleDef *def, int apiver);

/* Full name of the single-phase module being initialised (packages). */
PyAPI_DATA(const char *) _Py_PackageContext;

/* Helpers used by generated argument-parsing code. */
PyAPI_FUNC(int) _PyArg_UnpackStack(PyObject *const *args, Py_ssize_t nargs,
                                   const char *name, Py_ssize_t min, Py_ssize_t max,
                                   ...);
PyAPI_FUNC(int) _PyArg_NoKeywords(const char *funcname, PyObject *kwargs);
PyAPI_FUNC(int) _PyArg_NoKwnames(const char *funcname, PyObject *kwnames);
PyAPI_FUNC(int) _PyArg_NoPositional(const char *funcname, PyObject *args);
PyAPI_FUNC(void) _PyArg_BadArgument(const char *fname, const char *displayname,
                                    const char *expected, PyObject *arg);
PyAPI_FUNC(int) _PyArg_CheckPositional(const char *name, Py_ssize_t nargs,
                                       Py_ssize_t min, Py_ssize_t max);

/* Cached keyword-argument parser descriptions (argument clinic). */
typedef struct _PyArg_Parser {
    const char *format;
    const char * const *keywords;
    const char *fname;
    const char *custom_msg;
    int pos;                    /* number of positional-only arguments */
    int min;                    /* minimal number of arguments */
    int max;                    /* maximal number of positional arguments */
    PyObject *kwtuple;          /* keyword names as a tuple */
    struct _PyArg_Parser *next;
} _PyArg_Parser;

PyAPI_FUNC(int) _PyArg_ParseTupleAndKeywordsFast(PyObject *args, PyObject *kwargs,
                                                 struct _PyArg_Parser *parser, ...);
PyAPI_FUNC(int) _PyArg_ParseStack(PyObject *const *args, Py_ssize_t nargs,
                                  const char *format, ...);
PyAPI_FUNC(int) _PyArg_ParseStackAndKeywords(PyObject *const *args, Py_ssize_t nargs,
                                             PyObject *kwnames,
                                             struct _PyArg_Parser *parser, ...);
PyAPI_FUNC(int) _PyArg_ParseTupleAndKeywordsFast_SizeT(PyObject *args,
                                                       PyObject *kwargs,
                                                       struct _PyArg_Parser *parser,
                                                       ...);
PyAPI_FUNC(int) _PyArg_ParseStack_SizeT(PyObject *const *args, Py_ssize_t nargs,
                                        const char *format, ...);
PyAPI_FUNC(int) _PyArg_ParseStackAndKeywords_SizeT(PyObject *const *args,
                                                   Py_ssize_t nargs,
                                                   PyObject *kwnames,
                                                   struct _PyArg_Parser *parser, ...);
PyAPI_FUNC(int) _PyArg_VaParseTupleAndKeywordsFast(PyObject *args, PyObject *kwargs,
                                                   struct _PyArg_Parser *parser,
                                                   va_list va);
PyAPI_FUNC(int) _PyArg_VaParseTupleAndKeywordsFast_SizeT(PyObject *args,
                                                         PyObject *kwargs,
                                                         struct _PyArg_Parser *parser,
                                                         va_list va);
/* Build an array of n values from a format (into small_stack if it fits). */
PyAPI_FUNC(PyObject **) _Py_VaBuildStack(PyObject **small_stack,
                                         Py_ssize_t small_stack_len,
                                         const char *format, va_list va,
                                         Py_ssize_t *p_nargs);
PyAPI_FUNC(PyObject **) _Py_VaBuildStack_SizeT(PyObject **small_stack,
                                               Py_ssize_t small_stack_len,
                                               const char *format, va_list va,
                                               Py_ssize_t *p_nargs);
PyAPI_FUNC(PyObject *const *) _PyArg_UnpackKeywords(
    PyObject *const *args, Py_ssize_t nargs, PyObject *kwargs, PyObject *kwnames,
    struct _PyArg_Parser *parser, int minpos, int maxpos, int minkw,
    PyObject **buf);

#define _PyArg_NoKeywords(funcname, kwargs) \
    ((kwargs) == NULL || _PyArg_NoKeywords((funcname), (kwargs)))
#define _PyArg_NoKwnames(funcname, kwnames) \
    ((kwnames) == NULL || _PyArg_NoKwnames((funcname), (kwnames)))
#define _PyArg_NoPositional(funcname, args) \
    ((args) == NULL || _PyArg_NoPositional((funcname), (args)))
#define _PyArg_CheckPositional(funcname, nargs, min, max) \
    ((!((nargs) < (min) || (max) < (nargs))) || \
     _PyArg_CheckPositional((funcname), (nargs), (min), (max)))
#endif /* !Py_LIMITED_API */

/* ---- PY_SSIZE_T_CLEAN routing (see top of file) ---- */
#ifdef PY_SSIZE_T_CLEAN
#  define PyArg_Parse                   _PyArg_Parse_SizeT
#  define PyArg_ParseTuple              _PyArg_ParseTuple_SizeT
#  define PyArg_ParseTupleAndKeywords   _PyArg_ParseTupleAndKeywords_SizeT
#  define PyArg_VaParse                 _PyArg_VaParse_SizeT
#  define PyArg_VaParseTupleAndKeywords _PyArg_VaParseTupleAndKeywords_SizeT
#  define Py_BuildValue                 _Py_BuildValue_SizeT
#  define Py_VaBuildValue               _Py_VaBuildValue_SizeT
#  ifndef Py_LIMITED_API
#    define _PyArg_ParseTupleAndKeywordsFast _PyArg_ParseTupleAndKeywordsFast_SizeT
#    define _PyArg_ParseStack              _PyArg_ParseStack_SizeT
#    define _PyArg_ParseStackAndKeywords   _PyArg_ParseStackAndKeywords_SizeT
#    define _PyArg_VaParseTupleAndKeywordsFast _PyArg_VaParseTupleAndKeywordsFast_SizeT
#    define _Py_VaBuildStack               _Py_VaBuildStack_SizeT
#  endif
#endif

PYRITE_END_DECLS

#endif /* Py_MODSUPPORT_H */
