# Recursion that runs no Python frames still ends in RecursionError: a class whose
# __call__ is an instance of itself, __repr__ = __str__; huge struct repeat counts
# give struct.error, not a crash.
import struct, sys

class A:
    pass
A.__call__ = A()
try:
    A()()
except RecursionError as e:
    print("RecursionError:", e)

class Foo:
    pass
Foo.__repr__ = Foo.__str__
for f in (str, repr):
    try:
        f(Foo())
    except RecursionError as e:
        print("RecursionError:", e)

for fmt in ["{}b".format(sys.maxsize + 1), "{}b{}H".format(sys.maxsize // 2, sys.maxsize // 2)]:
    try:
        struct.calcsize(fmt)
    except struct.error as e:
        print("struct.error:", e)

def f(x):
    return lambda: x + 1
try:
    eval(f(3).__code__)
except TypeError as e:
    print("TypeError:", e)
try:
    exec(f(3).__code__, {})
except TypeError as e:
    print("TypeError:", e)
print("still running")
