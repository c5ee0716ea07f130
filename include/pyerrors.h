/* pyerrors.h -- exceptions: the per-thread error indicator, the builtin
 * exception classes and helpers for raising them. */
#ifndef Py_ERRORS_H
#define Py_ERRORS_H

#include "pyconfig.h"         /* feature macros before any system header */
#include <stdarg.h>
#include "object.h"

PYRITE_BEGIN_DECLS

/* ======================================================================
 * The error indicator
 * ==================================================================== */

PyAPI_FUNC(void) PyErr_SetNone(PyObject *type);
PyAPI_FUNC(void) PyErr_SetObject(PyObject *type, PyObject *value);
PyAPI_FUNC(void) PyErr_SetString(PyObject *type, const char *message);
/* Borrowed reference to the pending exception type, or NULL. */
PyAPI_FUNC(PyObject *) PyErr_Occurred(void);
PyAPI_FUNC(void) PyErr_Clear(void);
PyAPI_FUNC(void) PyErr_Fetch(PyObject **ptype, PyObject **pvalue, PyObject **ptraceback);
PyAPI_FUNC(void) PyErr_Restore(PyObject *type, PyObject *value, PyObject *traceback);
PyAPI_FUNC(PyObject *) PyErr_GetHandledException(void);
PyAPI_FUNC(void) PyErr_SetHandledException(PyObject *exc);
PyAPI_FUNC(void) PyErr_GetExcInfo(PyObject **ptype, PyObject **pvalue,
                                  PyObject **ptraceback);
PyAPI_FUNC(void) PyErr_SetExcInfo(PyObject *type, PyObject *value, PyObject *traceback);

/* Abort the process with a message. */
PyAPI_FUNC(void) _Py_NO_RETURN Py_FatalError(const char *message);
PyAPI_FUNC(void) _Py_NO_RETURN _Py_FatalErrorFunc(const char *func, const char *message);
PyAPI_FUNC(void) _Py_NO_RETURN _Py_FatalErrorFormat(const char *func,
                                                    const char *format, ...);
/* Like CPython, report the calling function's name too. */
#define Py_FatalError(message) _Py_FatalErrorFunc(__func__, (message))

/* Matching exceptions against classes (or tuples of classes). */
PyAPI_FUNC(int) PyErr_GivenExceptionMatches(PyObject *given, PyObject *exc);
PyAPI_FUNC(int) PyErr_ExceptionMatches(PyObject *exc);
PyAPI_FUNC(void) PyErr_NormalizeException(PyObject **exc, PyObject **val, PyObject **tb);

/* Attributes of exception instances. */
PyAPI_FUNC(int) PyException_SetTraceback(PyObject *ex, PyObject *tb);
PyAPI_FUNC(PyObject *) PyException_GetTraceback(PyObject *ex);
PyAPI_FUNC(PyObject *) PyException_GetCause(PyObject *ex);
PyAPI_FUNC(void) PyException_SetCause(PyObject *ex, PyObject *cause);
PyAPI_FUNC(PyObject *) PyException_GetContext(PyObject *ex);
PyAPI_FUNC(void) PyException_SetContext(PyObject *ex, PyObject *context);

#define PyExceptionClass_Check(x) \
    (PyType_Check((x)) && \
     PyType_FastSubclass((PyTypeObject *)(x), Py_TPFLAGS_BASE_EXC_SUBCLASS))
#define PyExceptionInstance_Check(x) \
    PyType_FastSubclass(Py_TYPE(x), Py_TPFLAGS_BASE_EXC_SUBCLASS)
#define PyExceptionInstance_Class(x) _PyObject_CAST(Py_TYPE(x))
#define _PyBaseExceptionGroup_Check(x) \
    PyObject_TypeCheck((x), (PyTypeObject *)PyExc_BaseExceptionGroup)

PyAPI_FUNC(const char *) PyExceptionClass_Name(PyObject *exc);

/* ======================================================================
 * The builtin exception classes
 * ==================================================================== */

PyAPI_DATA(PyObject *) PyExc_BaseException;
PyAPI_DATA(PyObject *) PyExc_Exception;
PyAPI_DATA(PyObject *) PyExc_BaseExceptionGroup;
PyAPI_DATA(PyObject *) PyExc_StopAsyncIteration;
PyAPI_DATA(PyObject *) PyExc_StopIteration;
PyAPI_DATA(PyObject *) PyExc_GeneratorExit;
PyAPI_DATA(PyObject *) PyExc_ArithmeticError;
PyAPI_DATA(PyObject *) PyExc_LookupError;

PyAPI_DATA(PyObject *) PyExc_AssertionError;
PyAPI_DATA(PyObject *) PyExc_AttributeError;
PyAPI_DATA(PyObject *) PyExc_BufferError;
PyAPI_DATA(PyObject *) PyExc_EOFError;
PyAPI_DATA(PyObject *) PyExc_FloatingPointError;
PyAPI_DATA(PyObject *) PyExc_OSError;
PyAPI_DATA(PyObject *) PyExc_ImportError;
PyAPI_DATA(PyObject *) PyExc_ModuleNotFoundError;
PyAPI_DATA(PyObject *) PyExc_IndexError;
PyAPI_DATA(PyObject *) PyExc_KeyError;
PyAPI_DATA(PyObject *) PyExc_KeyboardInterrupt;
PyAPI_DATA(PyObject *) PyExc_MemoryError;
PyAPI_DATA(PyObject *) PyExc_NameError;
PyAPI_DATA(PyObject *) PyExc_OverflowError;
PyAPI_DATA(PyObject *) PyExc_RuntimeError;
PyAPI_DATA(PyObject *) PyExc_RecursionError;
PyAPI_DATA(PyObject *) PyExc_NotImplementedError;
PyAPI_DATA(PyObject *) PyExc_SyntaxError;
PyAPI_DATA(PyObject *) PyExc_IndentationError;
PyAPI_DATA(PyObject *) PyExc_TabError;
PyAPI_DATA(PyObject *) PyExc_ReferenceError;
PyAPI_DATA(PyObject *) PyExc_SystemError;
PyAPI_DATA(PyObject *) PyExc_SystemExit;
PyAPI_DATA(PyObject *) PyExc_TypeError;
PyAPI_DATA(PyObject *) PyExc_UnboundLocalError;
PyAPI_DATA(PyObject *) PyExc_UnicodeError;
PyAPI_DATA(PyObject *) PyExc_UnicodeEncodeError;
PyAPI_DATA(PyObject *) PyExc_UnicodeDecodeError;
PyAPI_DATA(PyObject *) PyExc_UnicodeTranslateError;
PyAPI_DATA(PyObject *) PyExc_ValueError;
PyAPI_DATA(PyObject *) PyExc_ZeroDivisionError;

/* OSError subclasses (PEP 3151). */
PyAPI_DATA(PyObject *) PyExc_BlockingIOError;
PyAPI_DATA(PyObject *) PyExc_BrokenPipeError;
PyAPI_DATA(PyObject *) PyExc_ChildProcessError;
PyAPI_DATA(PyObject *) PyExc_ConnectionError;
PyAPI_DATA(PyObject *) PyExc_ConnectionAbortedError;
PyAPI_DATA(PyObject *) PyExc_ConnectionRefusedError;
PyAPI_DATA(PyObject *) PyExc_ConnectionResetError;
PyAPI_DATA(PyObject *) PyExc_FileExistsError;
PyAPI_DATA(PyObject *) PyExc_FileNotFoundError;
PyAPI_DATA(PyObject *) PyExc_InterruptedError;
PyAPI_DATA(PyObject *) PyExc_IsADirectoryError;
PyAPI_DATA(PyObject *) PyExc_NotADirectoryError;
PyAPI_DATA(PyObject *) PyExc_PermissionError;
PyAPI_DATA(PyObject *) PyExc_ProcessLookupError;
PyAPI_DATA(PyObject *) PyExc_TimeoutError;

/* Old names of OSError. */
PyAPI_DATA(PyObject *) PyExc_EnvironmentError;
PyAPI_DATA(PyObject *) PyExc_IOError;

/* Warning categories. */
PyAPI_DATA(PyObject *) PyExc_Warning;
PyAPI_DATA(PyObject *) PyExc_UserWarning;
PyAPI_DATA(PyObject *) PyExc_EncodingWarning;
PyAPI_DATA(PyObject *) PyExc_DeprecationWarning;
PyAPI_DATA(PyObject *) PyExc_PendingDeprecationWarning;
PyAPI_DATA(PyObject *) PyExc_SyntaxWarning;
PyAPI_DATA(PyObject *) PyExc_RuntimeWarning;
PyAPI_DATA(PyObject *) PyExc_FutureWarning;
PyAPI_DATA(PyObject *) PyExc_ImportWarning;
PyAPI_DATA(PyObject *) PyExc_UnicodeWarning;
PyAPI_DATA(PyObject *) PyExc_BytesWarning;
PyAPI_DATA(PyObject *) PyExc_ResourceWarning;

/* ======================================================================
 * Raising
 * ==================================================================== */

PyAPI_FUNC(int) PyErr_BadArgument(void);
PyAPI_FUNC(PyObject *) PyErr_NoMemory(void);
PyAPI_FUNC(PyObject *) PyErr_SetFromErrno(PyObject *type);
PyAPI_FUNC(PyObject *) PyErr_SetFromErrnoWithFilenameObject(PyObject *type,
                                                            PyObject *filenameObject);
PyAPI_FUNC(PyObject *) PyErr_SetFromErrnoWithFilenameObjects(PyObject *type,
                                                             PyObject *filenameObject,
                                                             PyObject *filenameObject2);
PyAPI_FUNC(PyObject *) PyErr_SetFromErrnoWithFilename(PyObject *type,
                                                      const char *filename);
/* printf-like; the format understands the PyUnicode_FromFormat codes. */
PyAPI_FUNC(PyObject *) PyErr_Format(PyObject *exception, const char *format, ...);
PyAPI_FUNC(PyObject *) PyErr_FormatV(PyObject *exception, const char *format,
                                     va_list vargs);
PyAPI_FUNC(PyObject *) PyErr_SetImportErrorSubclass(PyObject *exception, PyObject *msg,
                                                    PyObject *name, PyObject *path);
PyAPI_FUNC(PyObject *) PyErr_SetImportError(PyObject *msg, PyObject *name,
                                            PyObject *path);

/* SystemError for a bad call of an API function. */
PyAPI_FUNC(void) PyErr_BadInternalCall(void);
PyAPI_FUNC(void) _PyErr_BadInternalCall(const char *filename, int lineno);
#define PyErr_BadInternalCall() _PyErr_BadInternalCall(__FILE__, __LINE__)

/* Create a new exception class "module.Name". */
PyAPI_FUNC(PyObject *) PyErr_NewException(const char *name, PyObject *base,
                                          PyObject *dict);
PyAPI_FUNC(PyObject *) PyErr_NewExceptionWithDoc(const char *name, const char *doc,
                                                 PyObject *base, PyObject *dict);

/* Report an exception that cannot be raised (e.g. in a destructor). */
PyAPI_FUNC(void) PyErr_WriteUnraisable(PyObject *obj);

/* Signals: run pending Python handlers / simulate SIGINT. */
PyAPI_FUNC(int) PyErr_CheckSignals(void);
PyAPI_FUNC(void) PyErr_SetInterrupt(void);
PyAPI_FUNC(int) PyErr_SetInterruptEx(int signum);

/* Attach location information to a pending SyntaxError. */
PyAPI_FUNC(void) PyErr_SyntaxLocation(const char *filename, int lineno);
PyAPI_FUNC(void) PyErr_SyntaxLocationEx(const char *filename, int lineno, int col_offset);
PyAPI_FUNC(PyObject *) PyErr_ProgramText(const char *filename, int lineno);

/* ======================================================================
 * Unicode error objects
 * ==================================================================== */

PyAPI_FUNC(PyObject *) PyUnicodeDecodeError_Create(const char *encoding,
                                                   const char *object,
                                                   Py_ssize_t length,
                                                   Py_ssize_t start,
                                                   Py_ssize_t end,
                                                   const char *reason);

PyAPI_FUNC(PyObject *) PyUnicodeEncodeError_GetEncoding(PyObject *exc);
PyAPI_FUNC(PyObject *) PyUnicodeDecodeError_GetEncoding(PyObject *exc);

PyAPI_FUNC(PyObject *) PyUnicodeEncodeError_GetObject(PyObject *exc);
PyAPI_FUNC(PyObject *) PyUnicodeDecodeError_GetObject(PyObject *exc);
PyAPI_FUNC(PyObject *) PyUnicodeTranslateError_GetObject(PyObject *exc);

PyAPI_FUNC(int) PyUnicodeEncodeError_GetStart(PyObject *exc, Py_ssize_t *start);
PyAPI_FUNC(int) PyUnicodeDecodeError_GetStart(PyObject *exc, Py_ssize_t *start);
PyAPI_FUNC(int) PyUnicodeTranslateError_GetStart(PyObject *exc, Py_ssize_t *start);

PyAPI_FUNC(int) PyUnicodeEncodeError_SetStart(PyObject *exc, Py_ssize_t start);
PyAPI_FUNC(int) PyUnicodeDecodeError_SetStart(PyObject *exc, Py_ssize_t start);
PyAPI_FUNC(int) PyUnicodeTranslateError_SetStart(PyObject *exc, Py_ssize_t start);

PyAPI_FUNC(int) PyUnicodeEncodeError_GetEnd(PyObject *exc, Py_ssize_t *end);
PyAPI_FUNC(int) PyUnicodeDecodeError_GetEnd(PyObject *exc, Py_ssize_t *end);
PyAPI_FUNC(int) PyUnicodeTranslateError_GetEnd(PyObject *exc, Py_ssize_t *end);

PyAPI_FUNC(int) PyUnicodeEncodeError_SetEnd(PyObject *exc, Py_ssize_t end);
PyAPI_FUNC(int) PyUnicodeDecodeError_SetEnd(PyObject *exc, Py_ssize_t end);
PyAPI_FUNC(int) PyUnicodeTranslateError_SetEnd(PyObject *exc, Py_ssize_t end);

PyAPI_FUNC(PyObject *) PyUnicodeEncodeError_GetReason(PyObject *exc);
PyAPI_FUNC(PyObject *) PyUnicodeDecodeError_GetReason(PyObject *exc);
PyAPI_FUNC(PyObject *) PyUnicodeTranslateError_GetReason(PyObject *exc);

PyAPI_FUNC(int) PyUnicodeEncodeError_SetReason(PyObject *exc, const char *reason);
PyAPI_FUNC(int) PyUnicodeDecodeError_SetReason(PyObject *exc, const char *reason);
PyAPI_FUNC(int) PyUnicodeTranslateError_SetReason(PyObject *exc, const char *reason);

/* snprintf/vsnprintf that always NUL-terminate. */
PyAPI_FUNC(int) PyOS_snprintf(char *str, size_t size, const char *format, ...)
    Py_GCC_ATTRIBUTE((format(printf, 3, 4)));
PyAPI_FUNC(int) PyOS_vsnprintf(char *str, size_t size, const char *format, va_list va)
    Py_GCC_ATTRIBUTE((format(printf, 3, 0)));

/* ======================================================================
 * Exception object layouts and extra helpers (not in the limited API)
 * ==================================================================== */

#ifndef Py_LIMITED_API

/* Fields shared by all exception instances.  Layout (x86_64): dict 16,
 * args 24, notes 32, traceback 40, context 48, cause 56,
 * suppress_context 64; PyBaseExceptionObject size 72. */
#define PyException_HEAD \
    PyObject_HEAD \
    PyObject *dict; \
    PyObject *args; \
    PyObject *notes; \
    PyObject *traceback; \
    PyObject *context; \
    PyObject *cause; \
    char suppress_context;

typedef struct {
    PyException_HEAD
} PyBaseExceptionObject;

typedef struct {
    PyException_HEAD
    PyObject *msg;
    PyObject *excs;
} PyBaseExceptionGroupObject;

typedef struct {
    PyException_HEAD
    PyObject *msg;
    PyObject *filename;
    PyObject *lineno;
    PyObject *offset;
    PyObject *end_lineno;
    PyObject *end_offset;
    PyObject *text;
    PyObject *print_file_and_line;
} PySyntaxErrorObject;

typedef struct {
    PyException_HEAD
    PyObject *msg;
    PyObject *name;
    PyObject *path;
} PyImportErrorObject;

typedef struct {
    PyException_HEAD
    PyObject *encoding;
    PyObject *object;
    Py_ssize_t start;
    Py_ssize_t end;
    PyObject *reason;
} PyUnicodeErrorObject;

typedef struct {
    PyException_HEAD
    PyObject *code;
} PySystemExitObject;

typedef struct {
    PyException_HEAD
    PyObject *myerrno;
    PyObject *strerror;
    PyObject *filename;
    PyObject *filename2;
    Py_ssize_t written;         /* BlockingIOError only, -1 otherwise */
} PyOSErrorObject;

typedef struct {
    PyException_HEAD
    PyObject *value;            /* the generator's return value */
} PyStopIterationObject;

typedef struct {
    PyException_HEAD
    PyObject *name;
} PyNameErrorObject;

typedef struct {
    PyException_HEAD
    PyObject *obj;
    PyObject *name;
} PyAttributeErrorObject;

typedef PyOSErrorObject PyEnvironmentErrorObject;

PyAPI_FUNC(void) _PyErr_SetKeyError(PyObject *key);
PyAPI_FUNC(PyObject *) _PyErr_GetHandledException(PyThreadState *tstate);
PyAPI_FUNC(void) _PyErr_SetHandledException(PyThreadState *tstate, PyObject *exc);
PyAPI_FUNC(void) _PyErr_GetExcInfo(PyThreadState *tstate, PyObject **ptype,
                                   PyObject **pvalue, PyObject **ptraceback);
/* Make (exc, val, tb) the __context__ of the currently raised exception. */
PyAPI_FUNC(void) _PyErr_ChainExceptions(PyObject *exc, PyObject *val, PyObject *tb);
PyAPI_FUNC(PyObject *) _PyErr_FormatFromCause(PyObject *exception, const char *format,
                                              ...);
PyAPI_FUNC(PyObject *) _PyErr_TrySetFromCause(const char *prefix_format, ...);
PyAPI_FUNC(int) PySignal_SetWakeupFd(int fd);
PyAPI_FUNC(int) _PyErr_CheckSignals(void);
PyAPI_FUNC(void) PyErr_SyntaxLocationObject(PyObject *filename, int lineno,
                                            int col_offset);
PyAPI_FUNC(void) PyErr_RangedSyntaxLocationObject(PyObject *filename, int lineno,
                                                  int col_offset, int end_lineno,
                                                  int end_col_offset);
PyAPI_FUNC(PyObject *) PyErr_ProgramTextObject(PyObject *filename, int lineno);
PyAPI_FUNC(PyObject *) _PyErr_ProgramDecodedTextObject(PyObject *filename, int lineno,
                                                       const char *encoding);
PyAPI_FUNC(PyObject *) _PyUnicodeTranslateError_Create(PyObject *object,
                                                       Py_ssize_t start,
                                                       Py_ssize_t end,
                                                       const char *reason);
PyAPI_FUNC(void) _PyErr_WriteUnraisableMsg(const char *err_msg, PyObject *obj);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_ERRORS_H */
