/* unicodeobject.h -- the str type (PEP 393 "flexible" representation).
 *
 * A str stores its characters in the narrowest of three widths (1, 2 or
 * 4 bytes per code point, the "kind").  The common case is "compact":
 * the character data follows the object header in the same allocation.
 *   - compact ASCII:   PyASCIIObject, data at (PyASCIIObject *)op + 1
 *   - compact other:   PyCompactUnicodeObject, data at (...*)op + 1
 *   - legacy/non-compact: PyUnicodeObject, data at ->data.any
 * The accessor macros below read these layouts inline, exactly as the
 * 3.11 macros do.
 */
#ifndef Py_UNICODEOBJECT_H
#define Py_UNICODEOBJECT_H

#include "pyconfig.h"         /* feature macros before any system header */
#include <stdarg.h>
#include <wchar.h>
#include "object.h"

PYRITE_BEGIN_DECLS

/* ======================================================================
 * Character types
 * ==================================================================== */

typedef uint32_t Py_UCS4;
typedef uint16_t Py_UCS2;
typedef uint8_t Py_UCS1;

/* The old code unit type (wchar_t, 4 bytes here). */
#define PY_UNICODE_TYPE wchar_t
typedef wchar_t Py_UNICODE;

/* U+FFFD, used to replace undecodable input. */
#define Py_UNICODE_REPLACEMENT_CHARACTER ((Py_UCS4)0xFFFD)

/* Historical markers: str exists, and Py_UNICODE is 4 bytes wide. */
#define Py_USING_UNICODE
#define Py_UNICODE_WIDE

PyAPI_DATA(PyTypeObject) PyUnicode_Type;
PyAPI_DATA(PyTypeObject) PyUnicodeIter_Type;

#define PyUnicode_Check(op) \
    PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_UNICODE_SUBCLASS)
#define PyUnicode_CheckExact(op) Py_IS_TYPE((op), &PyUnicode_Type)

/* ======================================================================
 * Object layout and inline accessors (not in the limited API)
 * ==================================================================== */

#ifndef Py_LIMITED_API

/* Header shared by all str objects; the whole object when the string is
 * compact and pure ASCII.  x86_64 size: 48 bytes. */
typedef struct {
    PyObject_HEAD
    Py_ssize_t length;          /* number of code points */
    Py_hash_t hash;             /* -1 until computed */
    struct {
        unsigned int interned:2;    /* SSTATE_* */
        unsigned int kind:3;        /* PyUnicode_*_KIND */
        unsigned int compact:1;     /* data follows the header */
        unsigned int ascii:1;       /* all code points < 128 (implies compact data at +1) */
        unsigned int ready:1;       /* canonical representation is present */
        unsigned int :24;
    } state;
    wchar_t *wstr;              /* cached wchar_t copy or NULL (deprecated) */
} PyASCIIObject;

/* Compact but non-ASCII strings.  x86_64 size: 72 bytes. */
typedef struct {
    PyASCIIObject _base;
    Py_ssize_t utf8_length;     /* bytes in utf8, excluding the NUL */
    char *utf8;                 /* cached UTF-8 form or NULL */
    Py_ssize_t wstr_length;     /* code units in wstr */
} PyCompactUnicodeObject;

/* Non-compact strings keep their characters in a separate block.
 * x86_64 size: 80 bytes. */
typedef struct {
    PyCompactUnicodeObject _base;
    union {
        void *any;
        Py_UCS1 *latin1;
        Py_UCS2 *ucs2;
        Py_UCS4 *ucs4;
    } data;
} PyUnicodeObject;

#define _PyASCIIObject_CAST(op)          ((PyASCIIObject *)(op))
#define _PyCompactUnicodeObject_CAST(op) ((PyCompactUnicodeObject *)(op))
#define _PyUnicodeObject_CAST(op)        ((PyUnicodeObject *)(op))

/* Values of state.interned. */
#define SSTATE_NOT_INTERNED      0
#define SSTATE_INTERNED_MORTAL   1
#define SSTATE_INTERNED_IMMORTAL 2

/* Values of state.kind: the width in bytes of one code point
 * (0 only for not-yet-ready legacy strings). */
enum PyUnicode_Kind {
    PyUnicode_WCHAR_KIND = 0,
    PyUnicode_1BYTE_KIND = 1,
    PyUnicode_2BYTE_KIND = 2,
    PyUnicode_4BYTE_KIND = 4
};

static inline unsigned int _PyUnicode_CHECK_INTERNED(PyObject *op) {
    return _PyASCIIObject_CAST(op)->state.interned;
}
static inline unsigned int _PyUnicode_IS_READY(PyObject *op) {
    return _PyASCIIObject_CAST(op)->state.ready;
}
static inline unsigned int _PyUnicode_IS_ASCII(PyObject *op) {
    return _PyASCIIObject_CAST(op)->state.ascii;
}
static inline unsigned int _PyUnicode_IS_COMPACT(PyObject *op) {
    return _PyASCIIObject_CAST(op)->state.compact;
}
static inline int _PyUnicode_IS_COMPACT_ASCII(PyObject *op) {
    return _PyASCIIObject_CAST(op)->state.ascii &&
           _PyASCIIObject_CAST(op)->state.compact;
}
#define PyUnicode_CHECK_INTERNED(op)  _PyUnicode_CHECK_INTERNED(_PyObject_CAST(op))
#define PyUnicode_IS_READY(op)        _PyUnicode_IS_READY(_PyObject_CAST(op))
#define PyUnicode_IS_ASCII(op)        _PyUnicode_IS_ASCII(_PyObject_CAST(op))
#define PyUnicode_IS_COMPACT(op)      _PyUnicode_IS_COMPACT(_PyObject_CAST(op))
#define PyUnicode_IS_COMPACT_ASCII(op) _PyUnicode_IS_COMPACT_ASCII(_PyObject_CAST(op))

/* Kind of a ready string (an unsigned int holding a PyUnicode_Kind). */
#define PyUnicode_KIND(op) (_PyASCIIObject_CAST(op)->state.kind)

/* Start of the character data. */
static inline void *_PyUnicode_COMPACT_DATA(PyObject *op) {
    if (_PyASCIIObject_CAST(op)->state.ascii) {
        return (void *)(_PyASCIIObject_CAST(op) + 1);
    }
    return (void *)(_PyCompactUnicodeObject_CAST(op) + 1);
}
static inline void *_PyUnicode_NONCOMPACT_DATA(PyObject *op) {
    return _PyUnicodeObject_CAST(op)->data.any;
}
static inline void *_PyUnicode_DATA(PyObject *op) {
    if (_PyASCIIObject_CAST(op)->state.compact) {
        return _PyUnicode_COMPACT_DATA(op);
    }
    return _PyUnicode_NONCOMPACT_DATA(op);
}
#define _PyUnicode_COMPACT_DATA(op)    _PyUnicode_COMPACT_DATA(_PyObject_CAST(op))
#define _PyUnicode_NONCOMPACT_DATA(op) _PyUnicode_NONCOMPACT_DATA(_PyObject_CAST(op))
#define PyUnicode_DATA(op)             _PyUnicode_DATA(_PyObject_CAST(op))

#define PyUnicode_1BYTE_DATA(op) ((Py_UCS1 *)PyUnicode_DATA(op))
#define PyUnicode_2BYTE_DATA(op) ((Py_UCS2 *)PyUnicode_DATA(op))
#define PyUnicode_4BYTE_DATA(op) ((Py_UCS4 *)PyUnicode_DATA(op))

/* Length in code points of a ready string. */
static inline Py_ssize_t _PyUnicode_GET_LENGTH(PyObject *op) {
    return _PyASCIIObject_CAST(op)->length;
}
#define PyUnicode_GET_LENGTH(op) _PyUnicode_GET_LENGTH(_PyObject_CAST(op))

/* Store / load one code point in a data block of the given kind. */
static inline void _PyUnicode_WRITE(int kind, void *data, Py_ssize_t index,
                                    Py_UCS4 value) {
    if (kind == PyUnicode_1BYTE_KIND) {
        ((Py_UCS1 *)data)[index] = (Py_UCS1)value;
    }
    else if (kind == PyUnicode_2BYTE_KIND) {
        ((Py_UCS2 *)data)[index] = (Py_UCS2)value;
    }
    else {
        ((Py_UCS4 *)data)[index] = value;
    }
}
static inline Py_UCS4 _PyUnicode_READ(int kind, const void *data, Py_ssize_t index) {
    if (kind == PyUnicode_1BYTE_KIND) {
        return ((const Py_UCS1 *)data)[index];
    }
    if (kind == PyUnicode_2BYTE_KIND) {
        return ((const Py_UCS2 *)data)[index];
    }
    return ((const Py_UCS4 *)data)[index];
}
#define PyUnicode_WRITE(kind, data, index, value) \
    _PyUnicode_WRITE((int)(kind), (void *)(data), (index), (Py_UCS4)(value))
#define PyUnicode_READ(kind, data, index) \
    _PyUnicode_READ((int)(kind), (const void *)(data), (index))

/* Code point at `index` of a ready string (slower than READ in loops). */
static inline Py_UCS4 _PyUnicode_READ_CHAR(PyObject *unicode, Py_ssize_t index) {
    unsigned int kind = PyUnicode_KIND(unicode);
    if (kind == PyUnicode_1BYTE_KIND) {
        return PyUnicode_1BYTE_DATA(unicode)[index];
    }
    if (kind == PyUnicode_2BYTE_KIND) {
        return PyUnicode_2BYTE_DATA(unicode)[index];
    }
    return PyUnicode_4BYTE_DATA(unicode)[index];
}
#define PyUnicode_READ_CHAR(unicode, index) \
    _PyUnicode_READ_CHAR(_PyObject_CAST(unicode), (index))

/* Upper bound of the code points the string can hold given its kind. */
static inline Py_UCS4 _PyUnicode_MAX_CHAR_VALUE(PyObject *op) {
    unsigned int kind;
    if (PyUnicode_IS_ASCII(op)) {
        return 0x7fU;
    }
    kind = PyUnicode_KIND(op);
    if (kind == PyUnicode_1BYTE_KIND) {
        return 0xffU;
    }
    if (kind == PyUnicode_2BYTE_KIND) {
        return 0xffffU;
    }
    return 0x10ffffU;
}
#define PyUnicode_MAX_CHAR_VALUE(op) _PyUnicode_MAX_CHAR_VALUE(_PyObject_CAST(op))

/* Make a legacy string ready (no-op for strings created by new APIs). */
PyAPI_FUNC(int) _PyUnicode_Ready(PyObject *unicode);

static inline int _PyUnicode_READY(PyObject *op) {
    if (PyUnicode_IS_READY(op)) {
        return 0;
    }
    return _PyUnicode_Ready(op);
}
#define PyUnicode_READY(op) _PyUnicode_READY(_PyObject_CAST(op))

/* ---- creating and filling strings of a known kind ---- */
PyAPI_FUNC(PyObject *) PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar);
PyAPI_FUNC(PyObject *) PyUnicode_FromKindAndData(int kind, const void *buffer,
                                                 Py_ssize_t size);
PyAPI_FUNC(Py_ssize_t) PyUnicode_CopyCharacters(PyObject *to, Py_ssize_t to_start,
                                                PyObject *from, Py_ssize_t from_start,
                                                Py_ssize_t how_many);
PyAPI_FUNC(void) _PyUnicode_FastCopyCharacters(PyObject *to, Py_ssize_t to_start,
                                               PyObject *from, Py_ssize_t from_start,
                                               Py_ssize_t how_many);
PyAPI_FUNC(Py_ssize_t) PyUnicode_Fill(PyObject *unicode, Py_ssize_t start,
                                      Py_ssize_t length, Py_UCS4 fill_char);
PyAPI_FUNC(void) _PyUnicode_FastFill(PyObject *unicode, Py_ssize_t start,
                                     Py_ssize_t length, Py_UCS4 fill_char);
PyAPI_FUNC(PyObject *) _PyUnicode_Copy(PyObject *unicode);
PyAPI_FUNC(PyObject *) _PyUnicode_FromASCII(const char *buffer, Py_ssize_t size);
PyAPI_FUNC(Py_UCS4) _PyUnicode_FindMaxChar(PyObject *unicode, Py_ssize_t start,
                                           Py_ssize_t end);
PyAPI_FUNC(int) _PyUnicode_CheckConsistency(PyObject *op, int check_content);

/* ---- UTF-8 access ---- */
PyAPI_FUNC(const char *) PyUnicode_AsUTF8(PyObject *unicode);
#define _PyUnicode_AsString PyUnicode_AsUTF8
#define _PyUnicode_AsStringAndSize PyUnicode_AsUTF8AndSize
PyAPI_FUNC(PyObject *) _PyUnicode_AsUTF8String(PyObject *unicode, const char *errors);
PyAPI_FUNC(PyObject *) _PyUnicode_AsLatin1String(PyObject *unicode, const char *errors);
PyAPI_FUNC(PyObject *) _PyUnicode_AsASCIIString(PyObject *unicode, const char *errors);

/* ---- comparison and joining helpers ---- */
PyAPI_FUNC(int) _PyUnicode_EqualToASCIIString(PyObject *left, const char *right);
PyAPI_FUNC(int) _PyUnicode_EqualToASCIIId(PyObject *left, _Py_Identifier *right);
PyAPI_FUNC(int) _PyUnicode_EQ(PyObject *a, PyObject *b);
PyAPI_FUNC(int) _PyUnicode_Equal(PyObject *a, PyObject *b);
PyAPI_FUNC(PyObject *) _PyUnicode_JoinArray(PyObject *separator,
                                            PyObject *const *items,
                                            Py_ssize_t seqlen);
PyAPI_FUNC(PyObject *) _PyUnicode_FromId(_Py_Identifier *id);
PyAPI_FUNC(PyObject *) _PyUnicode_TransformDecimalAndSpaceToASCII(PyObject *unicode);
PyAPI_FUNC(PyObject *) _PyUnicode_XStrip(PyObject *self, int striptype, PyObject *sepobj);
PyAPI_FUNC(PyObject *) _PyUnicode_FormatLong(PyObject *val, int alt, int prec, int type);
PyAPI_FUNC(Py_ssize_t) _PyUnicode_ScanIdentifier(PyObject *unicode);
PyAPI_FUNC(int) _PyUnicode_WideCharString_Converter(PyObject *obj, void *ptr);
PyAPI_FUNC(int) _PyUnicode_WideCharString_Opt_Converter(PyObject *obj, void *ptr);

/* Encoders with explicit options. */
PyAPI_FUNC(PyObject *) _PyUnicode_EncodeUTF7(PyObject *unicode, int base64SetO,
                                             int base64WhiteSpace, const char *errors);
PyAPI_FUNC(PyObject *) _PyUnicode_EncodeUTF16(PyObject *unicode, const char *errors,
                                              int byteorder);
PyAPI_FUNC(PyObject *) _PyUnicode_EncodeUTF32(PyObject *unicode, const char *errors,
                                              int byteorder);
PyAPI_FUNC(PyObject *) _PyUnicode_EncodeCharmap(PyObject *unicode, PyObject *mapping,
                                                const char *errors);
PyAPI_FUNC(PyObject *) _PyUnicode_DecodeUnicodeEscapeStateful(const char *string,
                                                              Py_ssize_t length,
                                                              const char *errors,
                                                              Py_ssize_t *consumed);
PyAPI_FUNC(PyObject *) _PyUnicode_DecodeRawUnicodeEscapeStateful(const char *string,
                                                                 Py_ssize_t length,
                                                                 const char *errors,
                                                                 Py_ssize_t *consumed);

/* ---- the deprecated wchar_t (Py_UNICODE) interface ---- */
Py_DEPRECATED(3.3) PyAPI_FUNC(PyObject *) PyUnicode_FromUnicode(const Py_UNICODE *u,
                                                                Py_ssize_t size);
Py_DEPRECATED(3.3) PyAPI_FUNC(Py_UNICODE *) PyUnicode_AsUnicode(PyObject *unicode);
Py_DEPRECATED(3.3) PyAPI_FUNC(Py_UNICODE *) PyUnicode_AsUnicodeAndSize(PyObject *unicode,
                                                                       Py_ssize_t *size);
PyAPI_FUNC(const Py_UNICODE *) _PyUnicode_AsUnicode(PyObject *unicode);

static inline Py_ssize_t _PyUnicode_WSTR_LENGTH(PyObject *op) {
    if (PyUnicode_IS_COMPACT_ASCII(op)) {
        return _PyASCIIObject_CAST(op)->length;
    }
    return _PyCompactUnicodeObject_CAST(op)->wstr_length;
}
#define PyUnicode_WSTR_LENGTH(op) _PyUnicode_WSTR_LENGTH(_PyObject_CAST(op))

_Py_COMP_DIAG_PUSH
_Py_COMP_DIAG_IGNORE_DEPR_DECLS
static inline Py_UNICODE *_PyUnicode_AS_UNICODE(PyObject *op) {
    wchar_t *wstr = _PyASCIIObject_CAST(op)->wstr;
    if (wstr != NULL) {
        return wstr;
    }
    return PyUnicode_AsUnicode(op);
}
static inline Py_ssize_t _PyUnicode_GET_SIZE(PyObject *op) {
    if (_PyASCIIObject_CAST(op)->wstr == NULL) {
        (void)PyUnicode_AsUnicode(op);
    }
    return _PyUnicode_WSTR_LENGTH(op);
}
_Py_COMP_DIAG_POP
static inline Py_ssize_t _PyUnicode_GET_DATA_SIZE(PyObject *op) {
    return _PyUnicode_GET_SIZE(op) * Py_UNICODE_SIZE;
}
static inline const char *_PyUnicode_AS_DATA(PyObject *op) {
    return (const char *)_PyUnicode_AS_UNICODE(op);
}
#define PyUnicode_AS_UNICODE(op)    _PyUnicode_AS_UNICODE(_PyObject_CAST(op))
#define PyUnicode_GET_SIZE(op)      _PyUnicode_GET_SIZE(_PyObject_CAST(op))
#define PyUnicode_GET_DATA_SIZE(op) _PyUnicode_GET_DATA_SIZE(_PyObject_CAST(op))
#define PyUnicode_AS_DATA(op)       _PyUnicode_AS_DATA(_PyObject_CAST(op))

#endif /* !Py_LIMITED_API */

/* ======================================================================
 * Creation and conversion
 * ==================================================================== */

PyAPI_FUNC(PyObject *) PyUnicode_FromStringAndSize(const char *u, Py_ssize_t size);
PyAPI_FUNC(PyObject *) PyUnicode_FromString(const char *u);
PyAPI_FUNC(PyObject *) PyUnicode_Substring(PyObject *str, Py_ssize_t start,
                                           Py_ssize_t end);
PyAPI_FUNC(Py_UCS4 *) PyUnicode_AsUCS4(PyObject *unicode, Py_UCS4 *buffer,
                                       Py_ssize_t buflen, int copy_null);
PyAPI_FUNC(Py_UCS4 *) PyUnicode_AsUCS4Copy(PyObject *unicode);
PyAPI_FUNC(Py_ssize_t) PyUnicode_GetLength(PyObject *unicode);
Py_DEPRECATED(3.3) PyAPI_FUNC(Py_ssize_t) PyUnicode_GetSize(PyObject *unicode);
PyAPI_FUNC(Py_UCS4) PyUnicode_ReadChar(PyObject *unicode, Py_ssize_t index);
PyAPI_FUNC(int) PyUnicode_WriteChar(PyObject *unicode, Py_ssize_t index,
                                    Py_UCS4 character);
PyAPI_FUNC(int) PyUnicode_Resize(PyObject **unicode, Py_ssize_t length);
PyAPI_FUNC(PyObject *) PyUnicode_FromEncodedObject(PyObject *obj, const char *encoding,
                                                   const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_FromObject(PyObject *obj);
PyAPI_FUNC(PyObject *) PyUnicode_FromFormatV(const char *format, va_list vargs);
PyAPI_FUNC(PyObject *) PyUnicode_FromFormat(const char *format, ...);

PyAPI_FUNC(void) PyUnicode_InternInPlace(PyObject **p);
PyAPI_FUNC(PyObject *) PyUnicode_InternFromString(const char *u);
Py_DEPRECATED(3.10) PyAPI_FUNC(void) PyUnicode_InternImmortal(PyObject **p);

PyAPI_FUNC(PyObject *) PyUnicode_FromWideChar(const wchar_t *w, Py_ssize_t size);
PyAPI_FUNC(Py_ssize_t) PyUnicode_AsWideChar(PyObject *unicode, wchar_t *w,
                                            Py_ssize_t size);
PyAPI_FUNC(wchar_t *) PyUnicode_AsWideCharString(PyObject *unicode, Py_ssize_t *size);

PyAPI_FUNC(PyObject *) PyUnicode_FromOrdinal(int ordinal);
PyAPI_FUNC(const char *) PyUnicode_GetDefaultEncoding(void);

/* ======================================================================
 * Codecs
 * ==================================================================== */

PyAPI_FUNC(PyObject *) PyUnicode_Decode(const char *s, Py_ssize_t size,
                                        const char *encoding, const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsDecodedObject(PyObject *unicode, const char *encoding,
                                                 const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsDecodedUnicode(PyObject *unicode, const char *encoding,
                                                  const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsEncodedObject(PyObject *unicode, const char *encoding,
                                                 const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsEncodedString(PyObject *unicode, const char *encoding,
                                                 const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsEncodedUnicode(PyObject *unicode, const char *encoding,
                                                  const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_BuildEncodingMap(PyObject *string);

PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF7(const char *string, Py_ssize_t length,
                                            const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF7Stateful(const char *string, Py_ssize_t length,
                                                    const char *errors,
                                                    Py_ssize_t *consumed);

PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF8(const char *string, Py_ssize_t length,
                                            const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF8Stateful(const char *string, Py_ssize_t length,
                                                    const char *errors,
                                                    Py_ssize_t *consumed);
PyAPI_FUNC(PyObject *) PyUnicode_AsUTF8String(PyObject *unicode);
PyAPI_FUNC(const char *) PyUnicode_AsUTF8AndSize(PyObject *unicode, Py_ssize_t *size);

PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF32(const char *string, Py_ssize_t length,
                                             const char *errors, int *byteorder);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF32Stateful(const char *string, Py_ssize_t length,
                                                     const char *errors, int *byteorder,
                                                     Py_ssize_t *consumed);
PyAPI_FUNC(PyObject *) PyUnicode_AsUTF32String(PyObject *unicode);

PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF16(const char *string, Py_ssize_t length,
                                             const char *errors, int *byteorder);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF16Stateful(const char *string, Py_ssize_t length,
                                                     const char *errors, int *byteorder,
                                                     Py_ssize_t *consumed);
PyAPI_FUNC(PyObject *) PyUnicode_AsUTF16String(PyObject *unicode);

PyAPI_FUNC(PyObject *) PyUnicode_DecodeUnicodeEscape(const char *string, Py_ssize_t length,
                                                     const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsUnicodeEscapeString(PyObject *unicode);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeRawUnicodeEscape(const char *string,
                                                        Py_ssize_t length,
                                                        const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsRawUnicodeEscapeString(PyObject *unicode);

PyAPI_FUNC(PyObject *) PyUnicode_DecodeLatin1(const char *string, Py_ssize_t length,
                                              const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsLatin1String(PyObject *unicode);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeASCII(const char *string, Py_ssize_t length,
                                             const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsASCIIString(PyObject *unicode);

PyAPI_FUNC(PyObject *) PyUnicode_DecodeCharmap(const char *string, Py_ssize_t length,
                                               PyObject *mapping, const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsCharmapString(PyObject *unicode, PyObject *mapping);

PyAPI_FUNC(PyObject *) PyUnicode_DecodeLocaleAndSize(const char *str, Py_ssize_t len,
                                                     const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeLocale(const char *str, const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_EncodeLocale(PyObject *unicode, const char *errors);

/* "O&" converters to/from the file system encoding. */
PyAPI_FUNC(int) PyUnicode_FSConverter(PyObject *obj, void *result);
PyAPI_FUNC(int) PyUnicode_FSDecoder(PyObject *obj, void *result);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeFSDefault(const char *s);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeFSDefaultAndSize(const char *s, Py_ssize_t size);
PyAPI_FUNC(PyObject *) PyUnicode_EncodeFSDefault(PyObject *unicode);

/* ======================================================================
 * String methods
 * ==================================================================== */

PyAPI_FUNC(PyObject *) PyUnicode_Concat(PyObject *left, PyObject *right);
PyAPI_FUNC(void) PyUnicode_Append(PyObject **pleft, PyObject *right);
PyAPI_FUNC(void) PyUnicode_AppendAndDel(PyObject **pleft, PyObject *right);
PyAPI_FUNC(PyObject *) PyUnicode_Split(PyObject *s, PyObject *sep, Py_ssize_t maxsplit);
PyAPI_FUNC(PyObject *) PyUnicode_Splitlines(PyObject *s, int keepends);
PyAPI_FUNC(PyObject *) PyUnicode_Partition(PyObject *s, PyObject *sep);
PyAPI_FUNC(PyObject *) PyUnicode_RPartition(PyObject *s, PyObject *sep);
PyAPI_FUNC(PyObject *) PyUnicode_RSplit(PyObject *s, PyObject *sep, Py_ssize_t maxsplit);
PyAPI_FUNC(PyObject *) PyUnicode_Translate(PyObject *str, PyObject *table,
                                           const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_Join(PyObject *separator, PyObject *seq);
PyAPI_FUNC(Py_ssize_t) PyUnicode_Tailmatch(PyObject *str, PyObject *substr,
                                           Py_ssize_t start, Py_ssize_t end,
                                           int direction);
PyAPI_FUNC(Py_ssize_t) PyUnicode_Find(PyObject *str, PyObject *substr, Py_ssize_t start,
                                      Py_ssize_t end, int direction);
PyAPI_FUNC(Py_ssize_t) PyUnicode_FindChar(PyObject *str, Py_UCS4 ch, Py_ssize_t start,
                                          Py_ssize_t end, int direction);
PyAPI_FUNC(Py_ssize_t) PyUnicode_Count(PyObject *str, PyObject *substr,
                                       Py_ssize_t start, Py_ssize_t end);
PyAPI_FUNC(PyObject *) PyUnicode_Replace(PyObject *str, PyObject *substr,
                                         PyObject *replstr, Py_ssize_t maxcount);
PyAPI_FUNC(int) PyUnicode_Compare(PyObject *left, PyObject *right);
PyAPI_FUNC(int) PyUnicode_CompareWithASCIIString(PyObject *left, const char *right);
PyAPI_FUNC(PyObject *) PyUnicode_RichCompare(PyObject *left, PyObject *right, int op);
PyAPI_FUNC(PyObject *) PyUnicode_Format(PyObject *format, PyObject *args);
PyAPI_FUNC(int) PyUnicode_Contains(PyObject *container, PyObject *element);
PyAPI_FUNC(int) PyUnicode_IsIdentifier(PyObject *s);

/* ======================================================================
 * Character properties (Unicode database)
 * ==================================================================== */

#ifndef Py_LIMITED_API
PyAPI_FUNC(int) _PyUnicode_IsLowercase(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsUppercase(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsTitlecase(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsXidStart(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsXidContinue(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsWhitespace(const Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsLinebreak(const Py_UCS4 ch);
PyAPI_FUNC(Py_UCS4) _PyUnicode_ToLowercase(Py_UCS4 ch);
PyAPI_FUNC(Py_UCS4) _PyUnicode_ToUppercase(Py_UCS4 ch);
PyAPI_FUNC(Py_UCS4) _PyUnicode_ToTitlecase(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_ToLowerFull(Py_UCS4 ch, Py_UCS4 *res);
PyAPI_FUNC(int) _PyUnicode_ToTitleFull(Py_UCS4 ch, Py_UCS4 *res);
PyAPI_FUNC(int) _PyUnicode_ToUpperFull(Py_UCS4 ch, Py_UCS4 *res);
PyAPI_FUNC(int) _PyUnicode_ToFoldedFull(Py_UCS4 ch, Py_UCS4 *res);
PyAPI_FUNC(int) _PyUnicode_IsCaseIgnorable(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsCased(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_ToDecimalDigit(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_ToDigit(Py_UCS4 ch);
PyAPI_FUNC(double) _PyUnicode_ToNumeric(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsDecimalDigit(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsDigit(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsNumeric(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsPrintable(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsAlpha(Py_UCS4 ch);

/* 1 for the ASCII whitespace characters, 0 for the other 0..127. */
PyAPI_DATA(const unsigned char) _Py_ascii_whitespace[];

#define Py_UNICODE_ISSPACE(ch) \
    ((Py_UCS4)(ch) < 128U ? _Py_ascii_whitespace[(ch)] : _PyUnicode_IsWhitespace(ch))
#define Py_UNICODE_ISLOWER(ch)     _PyUnicode_IsLowercase(ch)
#define Py_UNICODE_ISUPPER(ch)     _PyUnicode_IsUppercase(ch)
#define Py_UNICODE_ISTITLE(ch)     _PyUnicode_IsTitlecase(ch)
#define Py_UNICODE_ISLINEBREAK(ch) _PyUnicode_IsLinebreak(ch)
#define Py_UNICODE_TOLOWER(ch)     _PyUnicode_ToLowercase(ch)
#define Py_UNICODE_TOUPPER(ch)     _PyUnicode_ToUppercase(ch)
#define Py_UNICODE_TOTITLE(ch)     _PyUnicode_ToTitlecase(ch)
#define Py_UNICODE_ISDECIMAL(ch)   _PyUnicode_IsDecimalDigit(ch)
#define Py_UNICODE_ISDIGIT(ch)     _PyUnicode_IsDigit(ch)
#define Py_UNICODE_ISNUMERIC(ch)   _PyUnicode_IsNumeric(ch)
#define Py_UNICODE_ISPRINTABLE(ch) _PyUnicode_IsPrintable(ch)
#define Py_UNICODE_TODECIMAL(ch)   _PyUnicode_ToDecimalDigit(ch)
#define Py_UNICODE_TODIGIT(ch)     _PyUnicode_ToDigit(ch)
#define Py_UNICODE_TONUMERIC(ch)   _PyUnicode_ToNumeric(ch)
#define Py_UNICODE_ISALPHA(ch)     _PyUnicode_IsAlpha(ch)
#define Py_UNICODE_ISALNUM(ch) \
    (Py_UNICODE_ISALPHA(ch) || Py_UNICODE_ISDECIMAL(ch) || \
     Py_UNICODE_ISDIGIT(ch) || Py_UNICODE_ISNUMERIC(ch))
#endif /* !Py_LIMITED_API */

/* UTF-16 surrogate helpers. */
#define Py_UNICODE_IS_SURROGATE(ch)      (0xD800 <= (ch) && (ch) <= 0xDFFF)
#define Py_UNICODE_IS_HIGH_SURROGATE(ch) (0xD800 <= (ch) && (ch) <= 0xDBFF)
#define Py_UNICODE_IS_LOW_SURROGATE(ch)  (0xDC00 <= (ch) && (ch) <= 0xDFFF)
#define Py_UNICODE_JOIN_SURROGATES(high, low) \
    (((((Py_UCS4)(high) & 0x03FF) << 10) | ((Py_UCS4)(low) & 0x03FF)) + 0x10000)
#define Py_UNICODE_HIGH_SURROGATE(ch) (0xD800 - (0x10000 >> 10) + ((ch) >> 10))
#define Py_UNICODE_LOW_SURROGATE(ch)  (0xDC00 + ((ch) & 0x3FF))

PYRITE_END_DECLS

#endif /* Py_UNICODEOBJECT_H */
