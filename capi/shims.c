/* shims.c -- the variadic entry points of Pyrite's C API.
 *
 * Rust (stable) cannot define C-variadic functions, so each `...` / `va_list`
 * function of the API is written here in C.  They are compiled with hidden
 * visibility under the name pyrite_c_<Name>; capi/va.rs exports <Name> as a
 * naked Rust function that jumps here (so rustc's export list carries the symbol).
 *
 * A shim wraps its va_list in a pyrite_va and hands it to Rust (arg.rs,
 * unicode.rs, ...), which pulls each argument through the pyrite_va_* accessors
 * below.  Shims whose work is plain API calls (PyObject_CallFunction,
 * PyErr_Format, PyTuple_Pack, ...) are written directly with the public API.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "Python.h"

#define HIDDEN __attribute__((visibility("hidden")))

typedef struct { va_list ap; } pyrite_va;

HIDDEN int pyrite_va_int(pyrite_va *v) { return va_arg(v->ap, int); }
HIDDEN unsigned int pyrite_va_uint(pyrite_va *v) { return va_arg(v->ap, unsigned int); }
HIDDEN long pyrite_va_long(pyrite_va *v) { return va_arg(v->ap, long); }
HIDDEN unsigned long pyrite_va_ulong(pyrite_va *v) { return va_arg(v->ap, unsigned long); }
HIDDEN long long pyrite_va_longlong(pyrite_va *v) { return va_arg(v->ap, long long); }
HIDDEN unsigned long long pyrite_va_ulonglong(pyrite_va *v) { return va_arg(v->ap, unsigned long long); }
HIDDEN Py_ssize_t pyrite_va_ssize(pyrite_va *v) { return va_arg(v->ap, Py_ssize_t); }
HIDDEN size_t pyrite_va_size(pyrite_va *v) { return va_arg(v->ap, size_t); }
HIDDEN double pyrite_va_double(pyrite_va *v) { return va_arg(v->ap, double); }
HIDDEN void *pyrite_va_ptr(pyrite_va *v) { return va_arg(v->ap, void *); }

/* Rust side (capi/arg.rs, capi/unicode.rs, capi/bytes.rs, capi/sys.rs) */
int pyrite_getargs(PyObject *args, PyObject *kw, const char *format, char **kwlist,
                   pyrite_va *va, int flags, int mode);
PyObject *pyrite_buildvalue(const char *format, pyrite_va *va, int flags);
PyObject *pyrite_unicode_fromformat(const char *format, pyrite_va *va);
PyObject *pyrite_bytes_fromformat(const char *format, pyrite_va *va);
int pyrite_unpack_tuple(PyObject *args, const char *name, Py_ssize_t min, Py_ssize_t max,
                        PyObject ***outs);
void pyrite_sys_write(int which, const char *text, Py_ssize_t len);
void pyrite_sys_write_obj(int which, PyObject *text);
void pyrite_fatal(const char *func, const char *msg);

#define SIZE_T_FLAG 1
#define MODE_TUPLE 0
#define MODE_SINGLE 1
#define MODE_KEYWORDS 2

/* ---- argument parsing ---- */

#define PARSE_SHIM(name, mode, flags)                                        \
    HIDDEN int pyrite_c_##name(PyObject *args, const char *format, ...)       \
    {                                                                         \
        pyrite_va v;                                                          \
        int r;                                                                \
        va_start(v.ap, format);                                               \
        r = pyrite_getargs(args, NULL, format, NULL, &v, flags, mode);        \
        va_end(v.ap);                                                         \
        return r;                                                             \
    }
PARSE_SHIM(PyArg_ParseTuple, MODE_TUPLE, 0)
PARSE_SHIM(_PyArg_ParseTuple_SizeT, MODE_TUPLE, SIZE_T_FLAG)
PARSE_SHIM(PyArg_Parse, MODE_SINGLE, 0)
PARSE_SHIM(_PyArg_Parse_SizeT, MODE_SINGLE, SIZE_T_FLAG)

#define VAPARSE_SHIM(name, flags)                                             \
    HIDDEN int pyrite_c_##name(PyObject *args, const char *format, va_list va) \
    {                                                                         \
        pyrite_va v;                                                          \
        int r;                                                                \
        va_copy(v.ap, va);                                                    \
        r = pyrite_getargs(args, NULL, format, NULL, &v, flags, MODE_TUPLE);  \
        va_end(v.ap);                                                         \
        return r;                                                             \
    }
VAPARSE_SHIM(PyArg_VaParse, 0)
VAPARSE_SHIM(_PyArg_VaParse_SizeT, SIZE_T_FLAG)

#define KWPARSE_SHIM(name, flags)                                             \
    HIDDEN int pyrite_c_##name(PyObject *args, PyObject *kw, const char *format, \
                               char **kwlist, ...)                            \
    {                                                                         \
        pyrite_va v;                                                          \
        int r;                                                                \
        va_start(v.ap, kwlist);                                               \
        r = pyrite_getargs(args, kw, format, kwlist, &v, flags, MODE_KEYWORDS); \
        va_end(v.ap);                                                         \
        return r;                                                             \
    }
KWPARSE_SHIM(PyArg_ParseTupleAndKeywords, 0)
KWPARSE_SHIM(_PyArg_ParseTupleAndKeywords_SizeT, SIZE_T_FLAG)

#define VAKWPARSE_SHIM(name, flags)                                           \
    HIDDEN int pyrite_c_##name(PyObject *args, PyObject *kw, const char *format, \
                               char **kwlist, va_list va)                     \
    {                                                                         \
        pyrite_va v;                                                          \
        int r;                                                                \
        va_copy(v.ap, va);                                                    \
        r = pyrite_getargs(args, kw, format, kwlist, &v, flags, MODE_KEYWORDS); \
        va_end(v.ap);                                                         \
        return r;                                                             \
    }
VAKWPARSE_SHIM(PyArg_VaParseTupleAndKeywords, 0)
VAKWPARSE_SHIM(_PyArg_VaParseTupleAndKeywords_SizeT, SIZE_T_FLAG)

HIDDEN int pyrite_c_PyArg_UnpackTuple(PyObject *args, const char *name, Py_ssize_t min,
                                      Py_ssize_t max, ...)
{
    PyObject **outs[64];
    Py_ssize_t i, n = max < 64 ? max : 64;
    va_list va;
    va_start(va, max);
    for (i = 0; i < n; i++)
        outs[i] = va_arg(va, PyObject **);
    va_end(va);
    return pyrite_unpack_tuple(args, name, min, n, outs);
}

/* ---- building values ---- */

HIDDEN PyObject *pyrite_c_Py_BuildValue(const char *format, ...)
{
    pyrite_va v;
    PyObject *r;
    va_start(v.ap, format);
    r = pyrite_buildvalue(format, &v, 0);
    va_end(v.ap);
    return r;
}

HIDDEN PyObject *pyrite_c__Py_BuildValue_SizeT(const char *format, ...)
{
    pyrite_va v;
    PyObject *r;
    va_start(v.ap, format);
    r = pyrite_buildvalue(format, &v, SIZE_T_FLAG);
    va_end(v.ap);
    return r;
}

HIDDEN PyObject *pyrite_c_Py_VaBuildValue(const char *format, va_list va)
{
    pyrite_va v;
    PyObject *r;
    va_copy(v.ap, va);
    r = pyrite_buildvalue(format, &v, 0);
    va_end(v.ap);
    return r;
}

HIDDEN PyObject *pyrite_c__Py_VaBuildValue_SizeT(const char *format, va_list va)
{
    pyrite_va v;
    PyObject *r;
    va_copy(v.ap, va);
    r = pyrite_buildvalue(format, &v, SIZE_T_FLAG);
    va_end(v.ap);
    return r;
}

HIDDEN PyObject *pyrite_c_PyTuple_Pack(Py_ssize_t n, ...)
{
    PyObject *t;
    Py_ssize_t i;
    va_list va;
    t = PyTuple_New(n);
    if (t == NULL)
        return NULL;
    va_start(va, n);
    for (i = 0; i < n; i++) {
        PyObject *o = va_arg(va, PyObject *);
        Py_INCREF(o);
        PyTuple_SET_ITEM(t, i, o);
    }
    va_end(va);
    return t;
}

/* ---- formatting ---- */

HIDDEN PyObject *pyrite_c_PyUnicode_FromFormatV(const char *format, va_list va)
{
    pyrite_va v;
    PyObject *r;
    va_copy(v.ap, va);
    r = pyrite_unicode_fromformat(format, &v);
    va_end(v.ap);
    return r;
}

HIDDEN PyObject *pyrite_c_PyUnicode_FromFormat(const char *format, ...)
{
    pyrite_va v;
    PyObject *r;
    va_start(v.ap, format);
    r = pyrite_unicode_fromformat(format, &v);
    va_end(v.ap);
    return r;
}

HIDDEN PyObject *pyrite_c_PyBytes_FromFormatV(const char *format, va_list va)
{
    pyrite_va v;
    PyObject *r;
    va_copy(v.ap, va);
    r = pyrite_bytes_fromformat(format, &v);
    va_end(v.ap);
    return r;
}

HIDDEN PyObject *pyrite_c_PyBytes_FromFormat(const char *format, ...)
{
    pyrite_va v;
    PyObject *r;
    va_start(v.ap, format);
    r = pyrite_bytes_fromformat(format, &v);
    va_end(v.ap);
    return r;
}

HIDDEN PyObject *pyrite_c_PyErr_FormatV(PyObject *exception, const char *format, va_list va)
{
    pyrite_va v;
    PyObject *msg;
    va_copy(v.ap, va);
    msg = pyrite_unicode_fromformat(format, &v);
    va_end(v.ap);
    if (msg != NULL) {
        PyErr_SetObject(exception, msg);
        Py_DECREF(msg);
    }
    return NULL;
}

HIDDEN PyObject *pyrite_c_PyErr_Format(PyObject *exception, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    pyrite_c_PyErr_FormatV(exception, format, va);
    va_end(va);
    return NULL;
}

HIDDEN PyObject *pyrite_c__PyErr_FormatFromCause(PyObject *exception, const char *format, ...)
{
    PyObject *exc, *val, *tb, *val2, *tb2;
    va_list va;
    PyErr_Fetch(&exc, &val, &tb);
    PyErr_NormalizeException(&exc, &val, &tb);
    va_start(va, format);
    pyrite_c_PyErr_FormatV(exception, format, va);
    va_end(va);
    {
        PyObject *e2, *v2;
        PyErr_Fetch(&e2, &v2, &tb2);
        PyErr_NormalizeException(&e2, &v2, &tb2);
        if (val != NULL) {
            Py_INCREF(val);
            PyException_SetCause(v2, val);
            Py_INCREF(val);
            PyException_SetContext(v2, val);
        }
        val2 = v2;
        PyErr_Restore(e2, val2, tb2);
    }
    Py_XDECREF(exc);
    Py_XDECREF(val);
    Py_XDECREF(tb);
    return NULL;
}

HIDDEN int pyrite_c_PyOS_vsnprintf(char *str, size_t size, const char *format, va_list va)
{
    int r;
    if (size == 0 || size > INT_MAX)
        return -666;
    r = vsnprintf(str, size, format, va);
    str[size - 1] = '\0';
    return r;
}

HIDDEN int pyrite_c_PyOS_snprintf(char *str, size_t size, const char *format, ...)
{
    int r;
    va_list va;
    va_start(va, format);
    r = pyrite_c_PyOS_vsnprintf(str, size, format, va);
    va_end(va);
    return r;
}

static void sys_write_v(int which, const char *format, va_list va)
{
    char buf[1001];
    int n = vsnprintf(buf, sizeof buf, format, va);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof buf) {
        n = (int)sizeof buf - 1;
        buf[n] = '\0';
        pyrite_sys_write(which, buf, n);
        pyrite_sys_write(which, "... truncated", 13);
        return;
    }
    pyrite_sys_write(which, buf, n);
}

HIDDEN void pyrite_c_PySys_WriteStdout(const char *format, ...)
{
    va_list va;
    va_start(va, format);
    sys_write_v(1, format, va);
    va_end(va);
}

HIDDEN void pyrite_c_PySys_WriteStderr(const char *format, ...)
{
    va_list va;
    va_start(va, format);
    sys_write_v(2, format, va);
    va_end(va);
}

static void sys_format_v(int which, const char *format, va_list va)
{
    pyrite_va v;
    PyObject *s, *et, *ev, *etb;
    PyErr_Fetch(&et, &ev, &etb);
    va_copy(v.ap, va);
    s = pyrite_unicode_fromformat(format, &v);
    va_end(v.ap);
    if (s != NULL) {
        pyrite_sys_write_obj(which, s);
        Py_DECREF(s);
    }
    PyErr_Restore(et, ev, etb);
}

HIDDEN void pyrite_c_PySys_FormatStdout(const char *format, ...)
{
    va_list va;
    va_start(va, format);
    sys_format_v(1, format, va);
    va_end(va);
}

HIDDEN void pyrite_c_PySys_FormatStderr(const char *format, ...)
{
    va_list va;
    va_start(va, format);
    sys_format_v(2, format, va);
    va_end(va);
}

int pyrite_sys_audit_tuple(const char *event, PyObject *args);

HIDDEN int pyrite_c_PySys_Audit(const char *event, const char *format, ...)
{
    PyObject *args = NULL;
    if (format != NULL && *format != '\0') {
        va_list va;
        va_start(va, format);
        args = Py_VaBuildValue(format, va);
        va_end(va);
        if (args == NULL)
            return -1;
        if (!PyTuple_Check(args)) {
            PyObject *t = PyTuple_Pack(1, args);
            Py_DECREF(args);
            if (t == NULL)
                return -1;
            args = t;
        }
    }
    return pyrite_sys_audit_tuple(event, args);
}

/* ---- warnings ---- */

HIDDEN int pyrite_c_PyErr_WarnFormat(PyObject *category, Py_ssize_t stack_level,
                                     const char *format, ...)
{
    pyrite_va v;
    PyObject *msg;
    int r;
    va_start(v.ap, format);
    msg = pyrite_unicode_fromformat(format, &v);
    va_end(v.ap);
    if (msg == NULL)
        return -1;
    r = PyErr_WarnEx(category, PyUnicode_AsUTF8(msg), stack_level);
    Py_DECREF(msg);
    return r;
}

HIDDEN int pyrite_c_PyErr_ResourceWarning(PyObject *source, Py_ssize_t stack_level,
                                          const char *format, ...)
{
    pyrite_va v;
    PyObject *msg;
    int r;
    (void)source;
    va_start(v.ap, format);
    msg = pyrite_unicode_fromformat(format, &v);
    va_end(v.ap);
    if (msg == NULL)
        return -1;
    r = PyErr_WarnEx(PyExc_ResourceWarning, PyUnicode_AsUTF8(msg), stack_level);
    Py_DECREF(msg);
    return r;
}

HIDDEN int pyrite_c_PyErr_WarnExplicitFormat(PyObject *category, const char *filename,
                                             int lineno, const char *module,
                                             PyObject *registry, const char *format, ...)
{
    pyrite_va v;
    PyObject *msg;
    int r;
    va_start(v.ap, format);
    msg = pyrite_unicode_fromformat(format, &v);
    va_end(v.ap);
    if (msg == NULL)
        return -1;
    r = PyErr_WarnExplicit(category, PyUnicode_AsUTF8(msg), filename, lineno, module, registry);
    Py_DECREF(msg);
    return r;
}

/* ---- calling ---- */

static PyObject *call_built(PyObject *callable, PyObject *args)
{
    PyObject *r;
    if (args == NULL)
        return NULL;
    if (!PyTuple_Check(args)) {
        PyObject *t = PyTuple_New(1);
        if (t == NULL) {
            Py_DECREF(args);
            return NULL;
        }
        PyTuple_SET_ITEM(t, 0, args);
        args = t;
    }
    r = PyObject_Call(callable, args, NULL);
    Py_DECREF(args);
    return r;
}

static PyObject *vcall_function(PyObject *callable, const char *format, va_list va, int flags)
{
    pyrite_va v;
    PyObject *args;
    if (callable == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_SystemError, "null argument to internal routine");
        return NULL;
    }
    if (format == NULL || *format == '\0')
        return PyObject_CallNoArgs(callable);
    va_copy(v.ap, va);
    args = pyrite_buildvalue(format, &v, flags);
    va_end(v.ap);
    return call_built(callable, args);
}

#define CALLFUNC_SHIM(name, flags)                                            \
    HIDDEN PyObject *pyrite_c_##name(PyObject *callable, const char *format, ...) \
    {                                                                         \
        PyObject *r;                                                          \
        va_list va;                                                           \
        va_start(va, format);                                                 \
        r = vcall_function(callable, format, va, flags);                      \
        va_end(va);                                                           \
        return r;                                                             \
    }
CALLFUNC_SHIM(PyObject_CallFunction, 0)
CALLFUNC_SHIM(_PyObject_CallFunction_SizeT, SIZE_T_FLAG)
CALLFUNC_SHIM(PyEval_CallFunction, 0)

static PyObject *vcall_method(PyObject *obj, PyObject *meth, const char *format, va_list va,
                              int flags)
{
    PyObject *r;
    if (meth == NULL)
        return NULL;
    if (!PyCallable_Check(meth)) {
        PyErr_Format(PyExc_TypeError, "attribute of type '%.200s' is not callable",
                     Py_TYPE(meth)->tp_name);
        Py_DECREF(meth);
        return NULL;
    }
    (void)obj;
    r = vcall_function(meth, format, va, flags);
    Py_DECREF(meth);
    return r;
}

#define CALLMETH_SHIM(name, flags)                                            \
    HIDDEN PyObject *pyrite_c_##name(PyObject *obj, const char *name_, const char *format, ...) \
    {                                                                         \
        PyObject *r;                                                          \
        va_list va;                                                           \
        if (obj == NULL || name_ == NULL) {                                   \
            if (!PyErr_Occurred())                                            \
                PyErr_SetString(PyExc_SystemError, "null argument to internal routine"); \
            return NULL;                                                      \
        }                                                                     \
        va_start(va, format);                                                 \
        r = vcall_method(obj, PyObject_GetAttrString(obj, name_), format, va, flags); \
        va_end(va);                                                           \
        return r;                                                             \
    }
CALLMETH_SHIM(PyObject_CallMethod, 0)
CALLMETH_SHIM(_PyObject_CallMethod_SizeT, SIZE_T_FLAG)
CALLMETH_SHIM(PyEval_CallMethod, 0)

HIDDEN PyObject *pyrite_c__PyObject_CallMethod(PyObject *obj, PyObject *name, const char *format, ...)
{
    PyObject *r;
    va_list va;
    va_start(va, format);
    r = vcall_method(obj, PyObject_GetAttr(obj, name), format, va, SIZE_T_FLAG);
    va_end(va);
    return r;
}

HIDDEN PyObject *pyrite_c__PyObject_CallMethodId(PyObject *obj, _Py_Identifier *name, const char *format, ...)
{
    PyObject *r;
    va_list va;
    va_start(va, format);
    r = vcall_method(obj, _PyObject_GetAttrId(obj, name), format, va, 0);
    va_end(va);
    return r;
}

HIDDEN PyObject *pyrite_c__PyObject_CallMethodId_SizeT(PyObject *obj, _Py_Identifier *name, const char *format, ...)
{
    PyObject *r;
    va_list va;
    va_start(va, format);
    r = vcall_method(obj, _PyObject_GetAttrId(obj, name), format, va, SIZE_T_FLAG);
    va_end(va);
    return r;
}

static Py_ssize_t count_objargs(va_list va)
{
    Py_ssize_t n = 0;
    va_list c;
    va_copy(c, va);
    while (va_arg(c, PyObject *) != NULL)
        n++;
    va_end(c);
    return n;
}

HIDDEN PyObject *pyrite_c_PyObject_CallFunctionObjArgs(PyObject *callable, ...)
{
    PyObject *small[8], **stack = small, *r;
    Py_ssize_t i, n;
    va_list va;
    va_start(va, callable);
    n = count_objargs(va);
    if (n > 8) {
        stack = (PyObject **)PyMem_Malloc((size_t)n * sizeof(PyObject *));
        if (stack == NULL) {
            va_end(va);
            return PyErr_NoMemory();
        }
    }
    for (i = 0; i < n; i++)
        stack[i] = va_arg(va, PyObject *);
    va_end(va);
    r = PyObject_Vectorcall(callable, stack, (size_t)n, NULL);
    if (stack != small)
        PyMem_Free(stack);
    return r;
}

static PyObject *call_method_objargs(PyObject *obj, PyObject *name, va_list va)
{
    PyObject *small[9], **stack = small, *r;
    Py_ssize_t i, n;
    n = count_objargs(va);
    if (n > 8) {
        stack = (PyObject **)PyMem_Malloc((size_t)(n + 1) * sizeof(PyObject *));
        if (stack == NULL)
            return PyErr_NoMemory();
    }
    stack[0] = obj;
    for (i = 0; i < n; i++)
        stack[i + 1] = va_arg(va, PyObject *);
    r = PyObject_VectorcallMethod(name, stack, (size_t)(n + 1), NULL);
    if (stack != small)
        PyMem_Free(stack);
    return r;
}

HIDDEN PyObject *pyrite_c_PyObject_CallMethodObjArgs(PyObject *obj, PyObject *name, ...)
{
    PyObject *r;
    va_list va;
    if (obj == NULL || name == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_SystemError, "null argument to internal routine");
        return NULL;
    }
    va_start(va, name);
    r = call_method_objargs(obj, name, va);
    va_end(va);
    return r;
}

HIDDEN PyObject *pyrite_c__PyObject_CallMethodIdObjArgs(PyObject *obj, _Py_Identifier *name, ...)
{
    PyObject *r, *n;
    va_list va;
    n = _PyUnicode_FromId(name);
    if (obj == NULL || n == NULL)
        return NULL;
    va_start(va, name);
    r = call_method_objargs(obj, n, va);
    va_end(va);
    return r;
}

/* ---- fatal errors ---- */

HIDDEN void pyrite_c__Py_FatalErrorFormat(const char *func, const char *format, ...)
{
    char buf[1024];
    va_list va;
    va_start(va, format);
    vsnprintf(buf, sizeof buf, format, va);
    va_end(va);
    pyrite_fatal(func, buf);
}
