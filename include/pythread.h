/* pythread.h -- the portable thread layer: threads, locks and
 * thread-specific storage. */
#ifndef Py_PYTHREAD_H
#define Py_PYTHREAD_H

#include "pyconfig.h"         /* feature macros before any system header */
#include <pthread.h>
#include "object.h"

PYRITE_BEGIN_DECLS

/* An opaque lock handle. */
typedef void *PyThread_type_lock;

/* Results of PyThread_acquire_lock_timed. */
typedef enum PyLockStatus {
    PY_LOCK_FAILURE = 0,
    PY_LOCK_ACQUIRED = 1,
    PY_LOCK_INTR
} PyLockStatus;

#define PYTHREAD_INVALID_THREAD_ID ((unsigned long)-1)

PyAPI_FUNC(void) PyThread_init_thread(void);
PyAPI_FUNC(unsigned long) PyThread_start_new_thread(void (*func)(void *), void *arg);
PyAPI_FUNC(void) _Py_NO_RETURN PyThread_exit_thread(void);
PyAPI_FUNC(unsigned long) PyThread_get_thread_ident(void);
PyAPI_FUNC(unsigned long) PyThread_get_thread_native_id(void);

PyAPI_FUNC(PyThread_type_lock) PyThread_allocate_lock(void);
PyAPI_FUNC(void) PyThread_free_lock(PyThread_type_lock lock);
/* waitflag: WAIT_LOCK blocks, NOWAIT_LOCK tries once; returns 1 if taken. */
PyAPI_FUNC(int) PyThread_acquire_lock(PyThread_type_lock lock, int waitflag);
#define WAIT_LOCK   1
#define NOWAIT_LOCK 0

/* Timeouts are in microseconds; negative means wait forever. */
#define PY_TIMEOUT_T long long
#define PY_TIMEOUT_MAX (LLONG_MAX / 1000)

PyAPI_FUNC(PyLockStatus) PyThread_acquire_lock_timed(PyThread_type_lock lock,
                                                     PY_TIMEOUT_T microseconds,
                                                     int intr_flag);
PyAPI_FUNC(void) PyThread_release_lock(PyThread_type_lock lock);

PyAPI_FUNC(size_t) PyThread_get_stacksize(void);
PyAPI_FUNC(int) PyThread_set_stacksize(size_t size);

/* sys.thread_info */
PyAPI_FUNC(PyObject *) PyThread_GetInfo(void);

/* Old thread-local storage API (int keys). */
Py_DEPRECATED(3.7) PyAPI_FUNC(int) PyThread_create_key(void);
Py_DEPRECATED(3.7) PyAPI_FUNC(void) PyThread_delete_key(int key);
Py_DEPRECATED(3.7) PyAPI_FUNC(int) PyThread_set_key_value(int key, void *value);
Py_DEPRECATED(3.7) PyAPI_FUNC(void *) PyThread_get_key_value(int key);
Py_DEPRECATED(3.7) PyAPI_FUNC(void) PyThread_delete_key_value(int key);
Py_DEPRECATED(3.7) PyAPI_FUNC(void) PyThread_ReInitTLS(void);

/* Thread Specific Storage (PEP 539). */
typedef struct _Py_tss_t Py_tss_t;

#ifndef Py_LIMITED_API
/* Layout (x86_64): _is_initialized 0, _key 4; size 8. */
struct _Py_tss_t {
    int _is_initialized;
    pthread_key_t _key;
};

/* Static initializer of a Py_tss_t: `static Py_tss_t key = Py_tss_NEEDS_INIT;` */
#define Py_tss_NEEDS_INIT {0}

PyAPI_FUNC(int) _PyThread_at_fork_reinit(PyThread_type_lock *lock);
#endif

PyAPI_FUNC(Py_tss_t *) PyThread_tss_alloc(void);
PyAPI_FUNC(void) PyThread_tss_free(Py_tss_t *key);
PyAPI_FUNC(int) PyThread_tss_is_created(Py_tss_t *key);
PyAPI_FUNC(int) PyThread_tss_create(Py_tss_t *key);
PyAPI_FUNC(void) PyThread_tss_delete(Py_tss_t *key);
PyAPI_FUNC(int) PyThread_tss_set(Py_tss_t *key, void *value);
PyAPI_FUNC(void *) PyThread_tss_get(Py_tss_t *key);

PYRITE_END_DECLS

#endif /* Py_PYTHREAD_H */
