/* _capi_threads -- threads and the GIL from C: threads created in C calling into
 * Python with PyGILState_Ensure, C work with the GIL released while Python threads
 * run, PyThread locks and thread-specific storage. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <unistd.h>

/* ---- C threads calling a Python callable ---- */

typedef struct {
    PyObject *callback;
    int index;
    int calls;
    int ok;
    PyThread_type_lock *lock;
    int *shared;
} worker_arg;

static void *worker(void *p)
{
    worker_arg *a = p;
    for (int i = 0; i < a->calls; i++) {
        PyGILState_STATE st = PyGILState_Ensure();
        PyObject *r = PyObject_CallFunction(a->callback, "ii", a->index, i);
        if (r == NULL) {
            PyErr_Print();
            a->ok = 0;
        }
        Py_XDECREF(r);
        PyGILState_Release(st);
        /* a PyThread lock protecting a C counter, taken without the GIL */
        PyThread_acquire_lock(*a->lock, WAIT_LOCK);
        (*a->shared)++;
        PyThread_release_lock(*a->lock);
    }
    return NULL;
}

/* run_workers(callback, nthreads, calls) -> C counter total */
static PyObject *run_workers(PyObject *self, PyObject *args)
{
    PyObject *cb;
    int n, calls;
    if (!PyArg_ParseTuple(args, "Oii", &cb, &n, &calls))
        return NULL;
    if (n < 1 || n > 16) {
        PyErr_SetString(PyExc_ValueError, "1..16 threads");
        return NULL;
    }
    pthread_t th[16];
    worker_arg wa[16];
    int shared = 0, ok = 1;
    PyThread_type_lock lock = PyThread_allocate_lock();
    if (!lock)
        return PyErr_NoMemory();
    for (int i = 0; i < n; i++) {
        wa[i] = (worker_arg){cb, i, calls, 1, &lock, &shared};
    }
    Py_BEGIN_ALLOW_THREADS
    for (int i = 0; i < n; i++)
        pthread_create(&th[i], NULL, worker, &wa[i]);
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    Py_END_ALLOW_THREADS
    PyThread_free_lock(lock);
    for (int i = 0; i < n; i++)
        ok &= wa[i].ok;
    if (!ok) {
        PyErr_SetString(PyExc_RuntimeError, "a callback failed");
        return NULL;
    }
    return PyLong_FromLong(shared);
}

/* how many threads were inside sleep_nogil at once (now and at most) */
static int inside = 0, most_inside = 0;
static pthread_mutex_t inside_mu = PTHREAD_MUTEX_INITIALIZER;

/* sleep_nogil(ms): C work without the GIL */
static PyObject *sleep_nogil(PyObject *self, PyObject *arg)
{
    long ms = PyLong_AsLong(arg);
    if (ms == -1 && PyErr_Occurred())
        return NULL;
    Py_BEGIN_ALLOW_THREADS
    pthread_mutex_lock(&inside_mu);
    if (++inside > most_inside)
        most_inside = inside;
    pthread_mutex_unlock(&inside_mu);
    usleep((useconds_t)ms * 1000);
    pthread_mutex_lock(&inside_mu);
    inside--;
    pthread_mutex_unlock(&inside_mu);
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

static PyObject *most_concurrent(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(most_inside);
}

/* ---- thread-specific storage ---- */

static Py_tss_t key = Py_tss_NEEDS_INIT;

static void *tss_worker(void *p)
{
    PyThread_tss_set(&key, p);
    usleep(1000);
    return PyThread_tss_get(&key);
}

/* tss() -> (main value, value seen by another thread, main value again) */
static PyObject *tss(PyObject *self, PyObject *unused)
{
    static int main_v = 1, other_v = 2;
    if (!PyThread_tss_is_created(&key) && PyThread_tss_create(&key) != 0)
        return PyErr_NoMemory();
    PyThread_tss_set(&key, &main_v);
    pthread_t t;
    void *seen = NULL;
    Py_BEGIN_ALLOW_THREADS
    pthread_create(&t, NULL, tss_worker, &other_v);
    pthread_join(t, &seen);
    Py_END_ALLOW_THREADS
    int *mine = PyThread_tss_get(&key);
    Py_tss_t *dyn = PyThread_tss_alloc();
    int dyn_created = dyn && PyThread_tss_create(dyn) == 0 && PyThread_tss_get(dyn) == NULL;
    if (dyn) {
        PyThread_tss_delete(dyn);
        PyThread_tss_free(dyn);
    }
    return Py_BuildValue("(iiii)", main_v, seen ? *(int *)seen : -1, mine ? *mine : -1, dyn_created);
}

/* lock() -> (acquired, try again while held, acquired after release) */
static PyObject *lock(PyObject *self, PyObject *unused)
{
    PyThread_type_lock l = PyThread_allocate_lock();
    if (!l)
        return PyErr_NoMemory();
    int a = PyThread_acquire_lock(l, WAIT_LOCK);
    int b = PyThread_acquire_lock(l, NOWAIT_LOCK);
    PyThread_release_lock(l);
    int c = PyThread_acquire_lock(l, NOWAIT_LOCK);
    PyThread_release_lock(l);
    PyThread_free_lock(l);
    return Py_BuildValue("(iii)", a, b, c);
}

static PyObject *ident(PyObject *self, PyObject *unused)
{
    return PyLong_FromUnsignedLong(PyThread_get_thread_ident());
}

static PyMethodDef methods[] = {
    {"run_workers", run_workers, METH_VARARGS, NULL},
    {"sleep_nogil", sleep_nogil, METH_O, NULL},
    {"most_concurrent", most_concurrent, METH_NOARGS, NULL},
    {"tss", tss, METH_NOARGS, NULL},
    {"lock", lock, METH_NOARGS, NULL},
    {"ident", ident, METH_NOARGS, NULL},
    {NULL},
};

static struct PyModuleDef moddef = {PyModuleDef_HEAD_INIT, "_capi_threads", NULL, -1, methods};

PyMODINIT_FUNC PyInit__capi_threads(void)
{
    return PyModule_Create(&moddef);
}
