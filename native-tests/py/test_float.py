# Float and complex objects, the number protocol, float formatting (_capi_float).
import _capi_float as m

from _check import raises

assert m.as_double(1.5) == 1.5
assert m.as_double(7) == 7.0
class F:
    def __float__(self):
        return 2.25
assert m.as_double(F()) == 2.25
raises(TypeError, m.as_double, "x", msg="must be real number, not str")
assert m.macro_value(1.0) == 1.5
assert m.macro_value(-3.25) == -2.75
class MyFloat(float):
    pass
assert m.macro_value(MyFloat(2.0)) == 2.5
mx, mn, inf = m.info()
assert mx > 1e308 and 0 < mn < 1e-307 and inf.max == mx
assert m.from_string("2.5") == 2.5
raises(ValueError, m.from_string, "abc")
print("floats ok")

for size in (2, 4, 8):
    back, raw = m.pack_roundtrip(1.5, size, 1)
    assert back == 1.5 and len(raw) == size
assert m.pack_roundtrip(1.0, 8, 0)[1] == b"\x3f\xf0\x00\x00\x00\x00\x00\x00"
assert m.pack_roundtrip(-2.0, 2, 1)[1] == b"\x00\xc0"
print("pack ok")

assert m.complex_parts(3 + 4j) == (3.0, 4.0, 3.0, 6 + 8j)
assert m.complex_parts(2.5) == (2.5, 0.0, 2.5, 5 + 0j)
assert m.complex_math(1 + 2j, 3 - 1j) == (4 + 1j, 5 + 5j, -2 + 3j)
print("complex ok")

assert m.ops(7, 2) == (9, 5, 14, 3.5, 3, 1, 49, (3, 1))
assert m.ops(7.5, 2) == (9.5, 5.5, 15.0, 3.75, 3.0, 1.5, 56.25, (3.0, 1.5))
raises(ZeroDivisionError, m.ops, 1, 0)
raises(TypeError, m.ops, 1, "a")
assert m.unary(-3) == (3, -3, 3, -3.0)
assert m.int_ops(12, 2) == (0, 14, 14, 48, 3, -13, 12, 12)
big = 2**100
assert m.int_ops(big, 1)[3] == 2**101
assert m.inplace([1], [2]) == [1, 2]
assert m.inplace(1, 2) == 3
class V:
    def __init__(self, x):
        self.x = x
    def __add__(self, o):
        return V(self.x + o.x)
    def __radd__(self, o):
        return V(self.x + o)
assert m.inplace(V(1), V(2)).x == 3
raises(TypeError, m.ops, V(1), V(5))
print("number protocol ok")

assert m.as_ssize(5, OverflowError) == 5
assert m.as_ssize(2**80, None) == 2**63 - 1
assert m.as_ssize(-2**80, None) == -2**63
raises(OverflowError, m.as_ssize, 2**80, OverflowError)
raises(IndexError, m.as_ssize, 2**80, IndexError)
assert m.checks(1) == (1, 1)
assert m.checks(1.5) == (1, 0)
assert m.checks("x") == (0, 0)
print("index ok")

assert m.to_string(1.5, b"r", 0, 0) == ("1.5", 0)
assert m.to_string(3.0, b"r", 0, 2) == ("3.0", 0)
assert m.to_string(3.0, b"r", 0, 0) == ("3", 0)
assert m.to_string(3.14159, b"f", 2, 0) == ("3.14", 0)
assert m.to_string(2.5, b"e", 3, 1) == ("+2.500e+00", 0)
assert m.to_string(float("inf"), b"g", 6, 0) == ("inf", 1)
assert m.to_string(float("nan"), b"r", 0, 0) == ("nan", 2)
assert m.from_cstring("1.25xyz") == (1.25, 4)
assert m.from_cstring("-inf") == (float("-inf"), 4)
raises(ValueError, m.from_cstring, "abc")
print("ALL OK")
