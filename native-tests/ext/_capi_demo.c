/* _capi_demo.c -- the extension module of the project demo (demo/run.sh):
 * numeric kernels written in C against Pyrite's headers, called from Python. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>

/* primes(n): all primes below n (sieve of Eratosthenes), as a list */
static PyObject *primes(PyObject *self, PyObject *args)
{
    Py_ssize_t n, i, j, count = 0;
    unsigned char *composite;
    PyObject *result;
    if (!PyArg_ParseTuple(args, "n:primes", &n))
        return NULL;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "n must be non-negative");
        return NULL;
    }
    composite = calloc((size_t)n + 1, 1);
    if (composite == NULL)
        return PyErr_NoMemory();
    for (i = 2; i * i < n; i++)
        if (!composite[i])
            for (j = i * i; j < n; j += i)
                composite[j] = 1;
    for (i = 2; i < n; i++)
        count += !composite[i];
    result = PyList_New(count);
    if (result != NULL) {
        for (i = 2, j = 0; i < n; i++)
            if (!composite[i])
                PyList_SET_ITEM(result, j++, PyLong_FromSsize_t(i));
    }
    free(composite);
    return result;
}

/* mandelbrot(width, height, max_iter): rows of characters */
static PyObject *mandelbrot(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"width", "height", "max_iter", NULL};
    static const char shades[] = " .:-=+*#%@";
    int width, height, max_iter = 60, x, y, it;
    PyObject *rows;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "ii|i:mandelbrot", kwlist, &width, &height, &max_iter))
        return NULL;
    rows = PyList_New(0);
    for (y = 0; y < height; y++) {
        char *line = PyMem_Malloc((size_t)width + 1);
        PyObject *s;
        for (x = 0; x < width; x++) {
            double cr = -2.2 + 3.0 * x / width, ci = -1.2 + 2.4 * y / height, zr = 0, zi = 0;
            for (it = 0; it < max_iter && zr * zr + zi * zi < 4.0; it++) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
            }
            line[x] = it == max_iter ? '@' : shades[(int)(9.0 * sqrt((double)it / max_iter))];
        }
        line[width] = '\0';
        s = PyUnicode_FromString(line);
        PyMem_Free(line);
        if (s == NULL || PyList_Append(rows, s) < 0) {
            Py_XDECREF(s);
            Py_DECREF(rows);
            return NULL;
        }
        Py_DECREF(s);
    }
    return rows;
}

/* stats(iterable of numbers): (count, mean, stdev) */
static PyObject *stats(PyObject *self, PyObject *data)
{
    PyObject *seq = PySequence_Fast(data, "stats() expects an iterable of numbers");
    Py_ssize_t n, i;
    double sum = 0, sq = 0, mean;
    if (seq == NULL)
        return NULL;
    n = PySequence_Fast_GET_SIZE(seq);
    for (i = 0; i < n; i++) {
        double v = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seq, i));
        if (v == -1.0 && PyErr_Occurred()) {
            Py_DECREF(seq);
            return NULL;
        }
        sum += v;
        sq += v * v;
    }
    Py_DECREF(seq);
    if (n == 0) {
        PyErr_SetString(PyExc_ValueError, "stats() of an empty sequence");
        return NULL;
    }
    mean = sum / (double)n;
    return Py_BuildValue("(ndd)", n, mean, sqrt(sq / (double)n - mean * mean));
}

/* apply(f, values): [f(v) for v in values], calling back into Python */
static PyObject *apply(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *it, *item, *out;
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "apply() takes 2 arguments (%zd given)", nargs);
        return NULL;
    }
    it = PyObject_GetIter(args[1]);
    if (it == NULL)
        return NULL;
    out = PyList_New(0);
    while ((item = PyIter_Next(it)) != NULL) {
        PyObject *r = PyObject_CallOneArg(args[0], item);
        Py_DECREF(item);
        if (r == NULL || PyList_Append(out, r) < 0) {
            Py_XDECREF(r);
            Py_DECREF(out);
            Py_DECREF(it);
            return NULL;
        }
        Py_DECREF(r);
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

static PyMethodDef methods[] = {
    {"primes", primes, METH_VARARGS, "primes(n) -> list of the primes below n"},
    {"mandelbrot", (PyCFunction)(void (*)(void))mandelbrot, METH_VARARGS | METH_KEYWORDS,
     "mandelbrot(width, height, max_iter=60) -> list of text rows"},
    {"stats", stats, METH_O, "stats(numbers) -> (count, mean, stdev)"},
    {"apply", (PyCFunction)(void (*)(void))apply, METH_FASTCALL, "apply(f, values) -> [f(v) for v in values]"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "_capi_demo", "Numeric kernels in C for the Pyrite demo.", -1, methods,
    NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit__capi_demo(void)
{
    PyObject *m = PyModule_Create(&moddef);
    if (m != NULL && PyModule_AddStringConstant(m, "COMPILED_WITH", "Pyrite's include/ headers") < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
