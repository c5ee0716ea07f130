"""Pyrite demo: Python code running on Pyrite, calling a C extension module
(native-tests/ext/_capi_demo.c) compiled against Pyrite's own headers."""
import sys
import time
import _capi_demo as c

print(f"Python {sys.version.split()[0]} on {sys.implementation.name}; "
      f"C extension built with {c.COMPILED_WITH}")
print()

# 1. the same computation in Python and in C
def py_primes(n):
    sieve = [True] * n
    out = []
    for i in range(2, n):
        if sieve[i]:
            out.append(i)
            for j in range(i * i, n, i):
                sieve[j] = False
    return out

N = 200_000
t0 = time.perf_counter()
p_py = py_primes(N)
t1 = time.perf_counter()
p_c = c.primes(N)
t2 = time.perf_counter()
assert p_py == p_c
print(f"primes below {N}: {len(p_c)} (last {p_c[-1]}); "
      f"Python {t1 - t0:.3f}s, C {t2 - t1:.3f}s, results identical")

# 2. C reading Python data, Python reading C results
data = [x * 0.5 for x in range(1, 1001)]
n, mean, stdev = c.stats(data)
py_mean = sum(data) / len(data)
print(f"stats of {n} numbers: mean {mean:.3f} (Python says {py_mean:.3f}), stdev {stdev:.3f}")

# 3. C calling back into Python, errors crossing both ways
squares = c.apply(lambda v: v * v, range(8))
print("C applied a Python lambda:", squares)
try:
    c.apply(lambda v: 1 / v, [2, 1, 0])
except ZeroDivisionError as e:
    print("a Python exception raised inside C's callback came back:", type(e).__name__, e)
try:
    c.stats([1, "two"])
except TypeError as e:
    print("C rejected bad input:", e)

# 4. a picture computed in C
print()
for row in c.mandelbrot(72, 22, max_iter=80):
    print(row)
