/* inline_check.c -- run the header-inline parts of the API (reference
 * counting, type checks, object accessors, PEP 393 string macros, ...)
 * against hand-built objects.  Needs no libpyrite: the few runtime symbols
 * the inline code refers to are defined below as stubs.
 * Built and run as C99 and as C++17. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
static int checks = 0;

#define CHECK(cond) \
    do { \
        checks++; \
        if (!(cond)) { \
            failures++; \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        } \
    } while (0)

/* ---- stubs for the runtime symbols used by the inline code ---- */

static PyObject *last_dealloc = NULL;
static int dealloc_count = 0;
static PyObject **watched_var = NULL;   /* variable that must already be updated */
static PyObject *watched_expect = NULL;
static int watched_ok = 0;

#ifdef __cplusplus
extern "C" {
#endif
void _Py_Dealloc(PyObject *op)
{
    last_dealloc = op;
    dealloc_count++;
    if (watched_var != NULL) {
        watched_ok = (*watched_var == watched_expect);
    }
}

int PyType_IsSubtype(PyTypeObject *a, PyTypeObject *b)
{
    for (; a != NULL; a = a->tp_base) {
        if (a == b) {
            return 1;
        }
    }
    return 0;
}

int _PyUnicode_Ready(PyObject *op)
{
    (void)op;
    return -1;                  /* only reached for strings that are not ready */
}

PyObject _Py_NoneStruct;
PyLongObject _Py_TrueStruct;
PyLongObject _Py_FalseStruct;
PyTypeObject PyType_Type;
PyTypeObject PyBaseObject_Type;
PyTypeObject PyLong_Type;
PyTypeObject PyFloat_Type;
PyTypeObject PyTuple_Type;
PyTypeObject PyList_Type;
PyTypeObject PyUnicode_Type;
PyTypeObject PyBytes_Type;
PyTypeObject PyDict_Type;
PyTypeObject PyBool_Type;
char _PyByteArray_empty_string[] = "";
#ifdef __cplusplus
}
#endif

static PyTypeObject *make_type(PyTypeObject *t, const char *name, unsigned long flags,
                               PyTypeObject *base)
{
    memset(t, 0, sizeof(*t));
    Py_SET_REFCNT(t, 1);
    Py_SET_TYPE(t, &PyType_Type);
    t->tp_name = name;
    t->tp_flags = flags | Py_TPFLAGS_READY;
    t->tp_base = base;
    return t;
}

/* ---- reference counting ---- */

static void test_refcount(void)
{
    PyTypeObject T;
    PyObject o, *p, *q;

    make_type(&T, "T", Py_TPFLAGS_DEFAULT, &PyBaseObject_Type);
    o.ob_refcnt = 1;
    o.ob_type = &T;

    Py_INCREF(&o);
    CHECK(Py_REFCNT(&o) == 2);
    Py_XINCREF(&o);
    CHECK(o.ob_refcnt == 3);
    Py_XINCREF((PyObject *)NULL);
    Py_XDECREF((PyObject *)NULL);
    Py_DECREF(&o);
    Py_XDECREF(&o);
    CHECK(o.ob_refcnt == 1 && dealloc_count == 0);
    p = Py_NewRef(&o);
    CHECK(p == &o && o.ob_refcnt == 2);
    CHECK(Py_XNewRef((PyObject *)NULL) == NULL);
    Py_DECREF(p);
    Py_DECREF(&o);
    CHECK(o.ob_refcnt == 0 && dealloc_count == 1 && last_dealloc == &o);

    /* Py_CLEAR sets the variable to NULL before the object dies */
    o.ob_refcnt = 1;
    p = &o;
    watched_var = &p;
    watched_expect = NULL;
    Py_CLEAR(p);
    CHECK(p == NULL && dealloc_count == 2 && watched_ok);
    Py_CLEAR(p);                        /* NULL: no effect */
    CHECK(dealloc_count == 2);

    /* Py_SETREF / Py_XSETREF assign before releasing the old value */
    {
        PyObject other;
        other.ob_refcnt = 1;
        other.ob_type = &T;
        o.ob_refcnt = 1;
        p = &o;
        watched_var = &p;
        watched_expect = &other;
        Py_SETREF(p, &other);
        CHECK(p == &other && watched_ok && last_dealloc == &o);
        q = NULL;
        Py_XSETREF(q, Py_NewRef(&other));
        CHECK(q == &other && other.ob_refcnt == 2);
    }
    watched_var = NULL;

    Py_SET_REFCNT(&o, 7);
    CHECK(Py_REFCNT(&o) == 7);
}

/* ---- header fields and type checks ---- */

static void test_types(void)
{
    PyTypeObject Sub, Other;
    PyObject o;
    PyVarObject v;

    make_type(&PyType_Type, "type", Py_TPFLAGS_TYPE_SUBCLASS, &PyBaseObject_Type);
    make_type(&PyBaseObject_Type, "object", Py_TPFLAGS_BASETYPE, NULL);
    make_type(&PyLong_Type, "int", Py_TPFLAGS_LONG_SUBCLASS, &PyBaseObject_Type);
    make_type(&PyBool_Type, "bool", Py_TPFLAGS_LONG_SUBCLASS, &PyLong_Type);
    make_type(&PyFloat_Type, "float", 0, &PyBaseObject_Type);
    make_type(&PyTuple_Type, "tuple", Py_TPFLAGS_TUPLE_SUBCLASS, &PyBaseObject_Type);
    make_type(&PyList_Type, "list", Py_TPFLAGS_LIST_SUBCLASS, &PyBaseObject_Type);
    make_type(&PyUnicode_Type, "str", Py_TPFLAGS_UNICODE_SUBCLASS, &PyBaseObject_Type);
    make_type(&PyBytes_Type, "bytes", Py_TPFLAGS_BYTES_SUBCLASS, &PyBaseObject_Type);
    make_type(&PyDict_Type, "dict", Py_TPFLAGS_DICT_SUBCLASS, &PyBaseObject_Type);
    make_type(&Sub, "MyInt", Py_TPFLAGS_LONG_SUBCLASS | Py_TPFLAGS_HEAPTYPE, &PyLong_Type);
    make_type(&Other, "MyFloat", 0, &PyFloat_Type);

    o.ob_refcnt = 1;
    o.ob_type = &Sub;
    CHECK(Py_TYPE(&o) == &Sub);
    CHECK(Py_IS_TYPE(&o, &Sub));
    CHECK(PyLong_Check(&o));
    CHECK(!PyLong_CheckExact(&o));
    CHECK(!PyFloat_Check(&o));
    CHECK(!PyTuple_Check(&o) && !PyList_Check(&o) && !PyUnicode_Check(&o));
    CHECK(!PyBytes_Check(&o) && !PyDict_Check(&o));
    CHECK(PyType_HasFeature(&Sub, Py_TPFLAGS_HEAPTYPE));
    CHECK(PyType_Check(&Sub) && PyType_CheckExact(&Sub));
    CHECK(!PyType_Check(&o));
    CHECK(PyObject_TypeCheck(&o, &PyLong_Type));
    CHECK(!PyObject_TypeCheck(&o, &PyFloat_Type));
    Py_SET_TYPE(&o, &Other);
    CHECK(PyFloat_Check(&o) && !PyFloat_CheckExact(&o) && !PyLong_Check(&o));
    Py_SET_TYPE(&o, &PyBool_Type);
    CHECK(PyBool_Check(&o) && PyLong_Check(&o));

    v.ob_base.ob_refcnt = 1;
    v.ob_base.ob_type = &PyTuple_Type;
    v.ob_size = 3;
    CHECK(Py_SIZE(&v) == 3);
    Py_SET_SIZE(&v, 5);
    CHECK(v.ob_size == 5 && Py_SIZE(&v) == 5);
    CHECK(PyTuple_CheckExact(&v));

    CHECK(Py_Is(&o, &o) && !Py_Is(&o, Py_None));
    CHECK(Py_IsNone(Py_None) && !Py_IsNone(&o));
    CHECK(Py_IsTrue(Py_True) && Py_IsFalse(Py_False));
    CHECK(Py_None == &_Py_NoneStruct);
    CHECK(Py_True == (PyObject *)&_Py_TrueStruct);
}

/* ---- containers ---- */

static void test_containers(void)
{
    PyObject a, b, c;
    PyTupleObject *t;
    PyListObject *lp;
    PyObject *items[3];
    PyBytesObject *bytes;
    PyByteArrayObject ba;
    PyFloatObject f;
    PyDictObject d;

    a.ob_refcnt = b.ob_refcnt = c.ob_refcnt = 1;
    a.ob_type = b.ob_type = c.ob_type = &PyBaseObject_Type;

    t = (PyTupleObject *)calloc(1, sizeof(PyTupleObject) + 2 * sizeof(PyObject *));
    t->ob_base.ob_base.ob_refcnt = 1;
    t->ob_base.ob_base.ob_type = &PyTuple_Type;
    Py_SET_SIZE(t, 3);
    PyTuple_SET_ITEM(t, 0, &a);
    PyTuple_SET_ITEM(t, 1, &b);
    PyTuple_SET_ITEM(t, 2, &c);
    CHECK(PyTuple_GET_SIZE(t) == 3);
    CHECK(PyTuple_GET_ITEM(t, 2) == &c);
    CHECK((char *)&t->ob_item[0] - (char *)t == 24);
    CHECK(PySequence_Fast_GET_SIZE((PyObject *)t) == 3);
    CHECK(PySequence_Fast_GET_ITEM((PyObject *)t, 1) == &b);
    CHECK(PySequence_Fast_ITEMS((PyObject *)t)[0] == &a);

    items[0] = &c;
    items[1] = &b;
    items[2] = &a;
    lp = (PyListObject *)calloc(1, sizeof(PyListObject));
    lp->ob_base.ob_base.ob_refcnt = 1;
    lp->ob_base.ob_base.ob_type = &PyList_Type;
    lp->ob_base.ob_size = 2;
    lp->ob_item = items;
    lp->allocated = 3;
    CHECK(PyList_GET_SIZE(lp) == 2);
    CHECK(PyList_GET_ITEM(lp, 0) == &c);
    PyList_SET_ITEM(lp, 1, &a);
    CHECK(items[1] == &a);
    CHECK(PySequence_Fast_GET_ITEM((PyObject *)lp, 1) == &a);
    CHECK(PySequence_Fast_ITEMS((PyObject *)lp) == items);
    CHECK((char *)&lp->ob_item - (char *)lp == 24);
    free(lp);
    free(t);

    bytes = (PyBytesObject *)calloc(1, sizeof(PyBytesObject) + 8);
    bytes->ob_base.ob_base.ob_refcnt = 1;
    bytes->ob_base.ob_base.ob_type = &PyBytes_Type;
    Py_SET_SIZE(bytes, 5);
    memcpy(bytes->ob_sval, "hello", 6);
    CHECK(PyBytes_AS_STRING(bytes) == (char *)bytes + 32);
    CHECK(strcmp(PyBytes_AS_STRING(bytes), "hello") == 0);
    CHECK(PyBytes_GET_SIZE(bytes) == 5);
    free(bytes);

    memset(&ba, 0, sizeof(ba));
    CHECK(PyByteArray_AS_STRING(&ba) == _PyByteArray_empty_string);
    ba.ob_bytes = (char *)"xyz";
    ba.ob_start = ba.ob_bytes + 1;
    Py_SET_SIZE(&ba, 2);
    CHECK(PyByteArray_AS_STRING(&ba)[0] == 'y' && PyByteArray_GET_SIZE(&ba) == 2);

    f.ob_base.ob_refcnt = 1;
    f.ob_base.ob_type = &PyFloat_Type;
    f.ob_fval = 2.5;
    CHECK(PyFloat_AS_DOUBLE(&f) == 2.5);

    memset(&d, 0, sizeof(d));
    d.ma_used = 4;
    CHECK(PyDict_GET_SIZE(&d) == 4);
}

/* ---- PEP 393 strings ---- */

static void test_unicode(void)
{
    PyASCIIObject *ascii;
    PyCompactUnicodeObject *ucs2;
    PyUnicodeObject legacy;
    Py_UCS4 buf4[3] = {0x41, 0x1F600, 0x10FFFF};
    Py_ssize_t i;

    /* generous allocation: gcc -O2 -Warray-bounds looks at both branches of
     * the accessors, including the non-ASCII layout */
    ascii = (PyASCIIObject *)calloc(1, sizeof(PyUnicodeObject) + 8);
    ascii->ob_base.ob_refcnt = 1;
    ascii->ob_base.ob_type = &PyUnicode_Type;
    ascii->length = 5;
    ascii->hash = -1;
    ascii->state.kind = PyUnicode_1BYTE_KIND;
    ascii->state.compact = 1;
    ascii->state.ascii = 1;
    ascii->state.ready = 1;
    memcpy(ascii + 1, "hello", 6);
    CHECK(PyUnicode_IS_READY(ascii) && PyUnicode_IS_ASCII(ascii));
    CHECK(PyUnicode_IS_COMPACT(ascii) && PyUnicode_IS_COMPACT_ASCII(ascii));
    CHECK(PyUnicode_KIND(ascii) == PyUnicode_1BYTE_KIND);
    CHECK(PyUnicode_GET_LENGTH(ascii) == 5);
    CHECK((char *)PyUnicode_DATA(ascii) == (char *)ascii + 48);
    CHECK(PyUnicode_1BYTE_DATA(ascii)[1] == 'e');
    CHECK(PyUnicode_READ_CHAR(ascii, 4) == 'o');
    CHECK(PyUnicode_MAX_CHAR_VALUE(ascii) == 0x7f);
    CHECK(PyUnicode_READY(ascii) == 0);
    CHECK(PyUnicode_CHECK_INTERNED(ascii) == SSTATE_NOT_INTERNED);
    CHECK(PyUnicode_WSTR_LENGTH(ascii) == 5);
    free(ascii);

    ucs2 = (PyCompactUnicodeObject *)calloc(1, sizeof(PyCompactUnicodeObject) + 8);
    ucs2->_base.ob_base.ob_refcnt = 1;
    ucs2->_base.ob_base.ob_type = &PyUnicode_Type;
    ucs2->_base.length = 3;
    ucs2->_base.state.kind = PyUnicode_2BYTE_KIND;
    ucs2->_base.state.compact = 1;
    ucs2->_base.state.ready = 1;
    ucs2->_base.state.interned = SSTATE_INTERNED_MORTAL;
    for (i = 0; i < 3; i++) {
        PyUnicode_WRITE(PyUnicode_KIND(ucs2), PyUnicode_DATA(ucs2), i, 0x3b1 + i);
    }
    CHECK((char *)PyUnicode_DATA(ucs2) == (char *)ucs2 + 72);
    CHECK(PyUnicode_2BYTE_DATA(ucs2)[2] == 0x3b3);
    CHECK(PyUnicode_READ(PyUnicode_2BYTE_KIND, PyUnicode_DATA(ucs2), 1) == 0x3b2);
    CHECK(PyUnicode_READ_CHAR(ucs2, 0) == 0x3b1);
    CHECK(PyUnicode_MAX_CHAR_VALUE(ucs2) == 0xffff);
    CHECK(!PyUnicode_IS_COMPACT_ASCII(ucs2) && !PyUnicode_IS_ASCII(ucs2));
    CHECK(PyUnicode_CHECK_INTERNED(ucs2) == SSTATE_INTERNED_MORTAL);
    free(ucs2);

    memset(&legacy, 0, sizeof(legacy));
    legacy._base._base.ob_base.ob_refcnt = 1;
    legacy._base._base.ob_base.ob_type = &PyUnicode_Type;
    legacy._base._base.length = 3;
    legacy._base._base.state.kind = PyUnicode_4BYTE_KIND;
    legacy._base._base.state.ready = 1;
    legacy.data.ucs4 = buf4;
    CHECK(!PyUnicode_IS_COMPACT(&legacy));
    CHECK(PyUnicode_DATA(&legacy) == (void *)buf4);
    CHECK(PyUnicode_4BYTE_DATA(&legacy)[1] == 0x1F600);
    CHECK(PyUnicode_READ_CHAR(&legacy, 2) == 0x10FFFF);
    CHECK(PyUnicode_MAX_CHAR_VALUE(&legacy) == 0x10ffff);

    CHECK(Py_UNICODE_IS_SURROGATE(0xD800) && !Py_UNICODE_IS_SURROGATE(0xE000));
    CHECK(Py_UNICODE_JOIN_SURROGATES(0xD83D, 0xDE00) == 0x1F600);
    CHECK(Py_UNICODE_HIGH_SURROGATE(0x1F600) == 0xD83D);
    CHECK(Py_UNICODE_LOW_SURROGATE(0x1F600) == 0xDE00);
}

/* ---- functions, methods, descriptors, cells ---- */

static PyObject *dummy_meth(PyObject *self, PyObject *args)
{
    (void)args;
    return self;
}

static void test_functions(void)
{
    PyMethodDef def = {"f", dummy_meth, METH_VARARGS, NULL};
    PyMethodDef sdef = {"g", dummy_meth, METH_VARARGS | METH_STATIC, NULL};
    PyCMethodObject cm;
    PyMethodObject m;
    PyCellObject cell;
    PyObject a;

    a.ob_refcnt = 1;
    a.ob_type = &PyBaseObject_Type;
    memset(&cm, 0, sizeof(cm));
    cm.func.m_ml = &def;
    cm.func.m_self = &a;
    cm.mm_class = &PyLong_Type;
    CHECK(PyCFunction_GET_FUNCTION(&cm) == dummy_meth);
    CHECK(PyCFunction_GET_SELF(&cm) == &a);
    CHECK(PyCFunction_GET_FLAGS(&cm) == METH_VARARGS);
    CHECK(PyCFunction_GET_CLASS(&cm) == NULL);
    def.ml_flags |= METH_METHOD;
    CHECK(PyCFunction_GET_CLASS(&cm) == &PyLong_Type);
    cm.func.m_ml = &sdef;
    CHECK(PyCFunction_GET_SELF(&cm) == NULL);

    memset(&m, 0, sizeof(m));
    m.im_func = &a;
    m.im_self = Py_None;
    CHECK(PyMethod_GET_FUNCTION(&m) == &a && PyMethod_GET_SELF(&m) == Py_None);

    cell.ob_ref = NULL;
    PyCell_SET(&cell, &a);
    CHECK(PyCell_GET(&cell) == &a);
}

/* ---- calling convention helpers ---- */

static int visited = 0;
static int count_visit(PyObject *o, void *arg)
{
    (void)o;
    visited += *(int *)arg;
    return 0;
}

static int traverse_two(PyObject *x, PyObject *y, visitproc visit, void *arg)
{
    Py_VISIT(x);
    Py_VISIT(y);
    Py_VISIT((PyObject *)NULL);
    return 0;
}

static PyObject *richcmp(long a, long b, int op)
{
    Py_RETURN_RICHCOMPARE(a, b, op);
}

static void test_misc(void)
{
    PyObject a;
    int one = 1;
    int arr[7];
    PyObject *r;
    static PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL, NULL,
                              NULL, NULL, NULL};
    static PyTypeObject tt = {PyVarObject_HEAD_INIT(&PyType_Type, 0) "tt", 48, 0};

    CHECK(PY_VECTORCALL_ARGUMENTS_OFFSET == ((size_t)1 << 63));
    CHECK(PyVectorcall_NARGS(3 | PY_VECTORCALL_ARGUMENTS_OFFSET) == 3);

    a.ob_refcnt = 1;
    a.ob_type = &PyBaseObject_Type;
    CHECK(traverse_two(&a, &a, count_visit, &one) == 0 && visited == 2);

    _Py_TrueStruct.ob_base.ob_base.ob_refcnt = 100;
    _Py_FalseStruct.ob_base.ob_base.ob_refcnt = 100;
    r = richcmp(1, 2, Py_LT);
    CHECK(r == Py_True && Py_REFCNT(Py_True) == 101);
    r = richcmp(1, 2, Py_GE);
    CHECK(r == Py_False && Py_REFCNT(Py_False) == 101);
    CHECK(richcmp(3, 3, Py_EQ) == Py_True && richcmp(3, 3, Py_NE) == Py_False);

    CHECK(Py_ARRAY_LENGTH(arr) == 7);
    CHECK(Py_MIN(3, 4) == 3 && Py_MAX(3, 4) == 4 && Py_ABS(-5) == 5);
    CHECK(Py_CHARMASK(-1) == 255);
    CHECK(strcmp(Py_STRINGIFY(PY_MINOR_VERSION), "11") == 0);
    CHECK(Py_MEMBER_SIZE(PyObject, ob_type) == 8);
    CHECK(_Py_SIZE_ROUND_UP(13, 8) == 16);

    CHECK(def.m_base.ob_base.ob_refcnt == 1 && def.m_base.ob_base.ob_type == NULL);
    CHECK(def.m_base.m_init == NULL && def.m_base.m_index == 0 && def.m_size == -1);
    CHECK(tt.ob_base.ob_base.ob_refcnt == 1 && Py_TYPE(&tt) == &PyType_Type);
    CHECK(strcmp(tt.tp_name, "tt") == 0 && tt.tp_basicsize == 48);

    CHECK(PY_MAJOR_VERSION == 3 && PY_MINOR_VERSION == 11);
    CHECK((PY_VERSION_HEX >> 16) == 0x030B);
    CHECK(strncmp(PY_VERSION, "3.11.", 5) == 0);
    CHECK(PYRITE_VERSION_HEX > 0 && strlen(PYRITE_VERSION) > 0);
}

/* ---- datetime accessors ---- */

static void test_datetime(void)
{
    PyDateTime_DateTime dt;
    PyDateTime_Time t;
    PyDateTime_Delta delta;
    unsigned char dt_data[10] = {0x07, 0xE8, 2, 29, 13, 45, 59, 0x01, 0xE2, 0x40};

    memset(&dt, 0, sizeof(dt));
    memcpy(dt.data, dt_data, sizeof(dt_data));
    dt.fold = 1;
    CHECK(PyDateTime_GET_YEAR(&dt) == 2024);
    CHECK(PyDateTime_GET_MONTH(&dt) == 2 && PyDateTime_GET_DAY(&dt) == 29);
    CHECK(PyDateTime_DATE_GET_HOUR(&dt) == 13 && PyDateTime_DATE_GET_MINUTE(&dt) == 45);
    CHECK(PyDateTime_DATE_GET_SECOND(&dt) == 59);
    CHECK(PyDateTime_DATE_GET_MICROSECOND(&dt) == 123456);
    CHECK(PyDateTime_DATE_GET_FOLD(&dt) == 1);
    CHECK(PyDateTime_DATE_GET_TZINFO(&dt) == Py_None);
    dt.hastzinfo = 1;
    dt.tzinfo = Py_True;
    CHECK(PyDateTime_DATE_GET_TZINFO(&dt) == Py_True);

    memset(&t, 0, sizeof(t));
    t.data[0] = 23;
    t.data[1] = 59;
    t.data[2] = 58;
    t.data[3] = 0x0F;
    t.data[4] = 0x42;
    t.data[5] = 0x3F;
    CHECK(PyDateTime_TIME_GET_HOUR(&t) == 23 && PyDateTime_TIME_GET_MINUTE(&t) == 59);
    CHECK(PyDateTime_TIME_GET_SECOND(&t) == 58);
    CHECK(PyDateTime_TIME_GET_MICROSECOND(&t) == 999999);
    CHECK(PyDateTime_TIME_GET_TZINFO(&t) == Py_None);

    delta.days = -1;
    delta.seconds = 86399;
    delta.microseconds = 5;
    CHECK(PyDateTime_DELTA_GET_DAYS(&delta) == -1);
    CHECK(PyDateTime_DELTA_GET_SECONDS(&delta) == 86399);
    CHECK(PyDateTime_DELTA_GET_MICROSECONDS(&delta) == 5);
    CHECK(PyDateTimeAPI == NULL);
}

int main(void)
{
    test_refcount();
    test_types();
    test_containers();
    test_unicode();
    test_functions();
    test_misc();
    test_datetime();
    printf("inline_check: %d checks, %d failures\n", checks, failures);
    return failures != 0;
}
