# Optional Cython smoke test (check.sh runs it when a `cython` command exists):
# the generated C must compile against include/ in limited-API mode.
# cython: language_level=3
cdef class Point:
    cdef public double x, y
    def __init__(self, x=0.0, y=0.0):
        self.x = x; self.y = y
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
    def __repr__(self):
        return f"Point({self.x}, {self.y})"

def total(list items, str sep=","):
    cdef Py_ssize_t i
    cdef long s = 0
    for i in range(len(items)):
        s += items[i]
    d = {"n": len(items), "s": s}
    return sep.join([str(k) for k in d]), d, tuple(items), {1, 2}

def gen(n):
    for i in range(n):
        yield i * 2

async def co(x):
    return x

def fail():
    raise ValueError("boom")
