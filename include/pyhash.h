/* pyhash.h -- hashing helpers and the numeric hash parameters. */
#ifndef Py_HASH_H
#define Py_HASH_H

#include "pyport.h"
#include "pytypedefs.h"

PYRITE_BEGIN_DECLS

#ifndef Py_LIMITED_API
/* Hash helpers with the same results as the builtin hash(). */
PyAPI_FUNC(Py_hash_t) _Py_HashDouble(PyObject *inst, double v);
PyAPI_FUNC(Py_hash_t) _Py_HashPointer(const void *p);
PyAPI_FUNC(Py_hash_t) _Py_HashPointerRaw(const void *p);
PyAPI_FUNC(Py_hash_t) _Py_HashBytes(const void *src, Py_ssize_t len);

/* Numeric hashing: hash(x) is x reduced modulo a Mersenne prime. */
#define _PyHASH_MULTIPLIER 1000003UL
#define _PyHASH_BITS 61
#define _PyHASH_MODULUS (((size_t)1 << _PyHASH_BITS) - 1)
#define _PyHASH_INF 314159
#define _PyHASH_IMAG _PyHASH_MULTIPLIER

/* Randomised hash keys, set at start-up. */
typedef union {
    unsigned char uc[24];
    struct {
        Py_hash_t prefix;
        Py_hash_t suffix;
    } fnv;
    struct {
        uint64_t k0;
        uint64_t k1;
    } siphash;
    struct {
        unsigned char padding[16];
        Py_hash_t suffix;
    } djbx33a;
    struct {
        unsigned char padding[16];
        Py_hash_t hashsalt;
    } expat;
} _Py_HashSecret_t;
PyAPI_DATA(_Py_HashSecret_t) _Py_HashSecret;
#endif /* !Py_LIMITED_API */

/* Description of the string hash algorithm in use. */
typedef struct {
    Py_hash_t (*const hash)(const void *data, Py_ssize_t len);
    const char *name;
    const int hash_bits;
    const int seed_bits;
} PyHash_FuncDef;

PyAPI_FUNC(PyHash_FuncDef *) PyHash_GetFuncDef(void);

/* Strings shorter than this use a simple inline hash (0: disabled). */
#ifndef Py_HASH_CUTOFF
#  define Py_HASH_CUTOFF 0
#endif

/* Algorithm selectors. */
#define Py_HASH_EXTERNAL  0
#define Py_HASH_SIPHASH24 1
#define Py_HASH_FNV       2
#define Py_HASH_SIPHASH13 3
#ifndef Py_HASH_ALGORITHM
#  define Py_HASH_ALGORITHM Py_HASH_SIPHASH13
#endif

PYRITE_END_DECLS

#endif /* Py_HASH_H */
