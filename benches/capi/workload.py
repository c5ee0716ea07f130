"""Timed loops over the C boundary; prints `name ns_per_op` lines."""
import sys, time
import _bench_capi as B
import _ndarray as N

def timeit(name, fn, n):
    fn(max(1, n // 10))                      # warm-up
    t0 = time.perf_counter()
    fn(n)
    dt = time.perf_counter() - t0
    print(f"{name} {dt / n * 1e9:.1f}", flush=True)

def noargs(n):
    f = B.noargs
    for _ in range(n):
        f()

def meth_o(n):
    f = B.one
    for i in range(n):
        f(i)

def fastcall(n):
    f = B.add2
    for i in range(n):
        f(i, 7)

def tuple_build(n):
    f = B.make_tuple
    for i in range(n):
        f(i)

LIST = list(range(1000))
def list_read(n):
    f = B.sum_list
    for _ in range(n):
        f(LIST)

def dict_fill(n):
    f = B.fill_dict
    for _ in range(n):
        f(100)

def alloc(n):
    C = B.Counter
    for _ in range(n):
        C()

def method(n):
    c = B.Counter()
    for _ in range(n):
        c.bump()

A1 = N.Array(1000, 1.5)
A2 = N.Array(1000, 2.5)
def array_add(n):
    a, b = A1, A2
    for _ in range(n):
        a + b

def mview(n):
    a = A1
    for _ in range(n):
        memoryview(a).release()

scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
for name, fn, n in [
    ("METH_NOARGS call", noargs, 2_000_000),
    ("METH_O call", meth_o, 2_000_000),
    ("METH_FASTCALL add2(i, 7)", fastcall, 2_000_000),
    ("build and return a tuple", tuple_build, 1_000_000),
    ("read a 1000-item list in C (per item)", list_read, 2_000),
    ("fill a 100-item dict in C (per item)", dict_fill, 2_000),
    ("allocate+free a C-type instance", alloc, 1_000_000),
    ("call a C type's method", method, 2_000_000),
    ("array + array (1000 float64, nb_add)", array_add, 20_000),
    ("memoryview(array) + release", mview, 500_000),
]:
    n = max(1, int(n * scale))
    if "per item" in name:
        t0 = time.perf_counter()
        fn(n)
        dt = time.perf_counter() - t0
        per = 1000 if "list" in name else 100
        print(f"{name} {dt / (n * per) * 1e9:.1f}", flush=True)
    else:
        timeit(name, fn, n)
