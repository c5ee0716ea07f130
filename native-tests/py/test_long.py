# Integer objects through the C API (_capi_long).
import _capi_long as m

from _check import raises

for v in (0, 1, -1, 255, 256, 257, -5, -6, 2**31, -2**31, 2**62, -2**63, 2**63 - 1):
    assert m.as_long(v) == v, v
    assert m.as_longlong(v) == v
    assert m.as_ssize(v) == v
raises(OverflowError, m.as_long, 2**63, msg="Python int too large to convert to C long")
raises(OverflowError, m.as_long, -2**63 - 1)
raises(TypeError, m.as_long, "3", msg="'str' object cannot be interpreted as an integer")
raises(TypeError, m.as_long, 3.5, msg="'float' object cannot be interpreted as an integer")

class Idx:
    def __index__(self):
        return 77
assert m.as_long(Idx()) == 77
assert m.as_long(True) == 1

assert m.as_long_and_overflow(5) == (5, 0)
assert m.as_long_and_overflow(2**70) == (-1, 1)
assert m.as_long_and_overflow(-2**70) == (-1, -1)
raises(OverflowError, m.as_longlong, 2**64, msg="int too big to convert")

assert m.as_ulong(2**64 - 1) == 2**64 - 1
raises(OverflowError, m.as_ulong, -1, msg="can't convert negative value to unsigned int")
raises(OverflowError, m.as_ulong, 2**64)
raises(TypeError, m.as_ulong, Idx())
assert m.as_ulonglong(2**63) == 2**63
raises(OverflowError, m.as_ulonglong, -5, msg="can't convert negative int to unsigned")
assert m.as_mask(-1) == 2**64 - 1
assert m.as_mask(2**64 + 3) == 3
assert m.as_size(12) == 12
raises(OverflowError, m.as_size, -1, msg="can't convert negative value to size_t")
raises(OverflowError, m.as_ssize, 2**63, msg="Python int too large to convert to C ssize_t")
raises(TypeError, m.as_ssize, Idx())
assert m.as_double(2**53) == float(2**53)
raises(OverflowError, m.as_double, 10**400)
print("conversions ok")

assert m.limits() == (-2**63, 2**63 - 1, 2**64 - 1, -2**63, 2**64 - 1, 2**64 - 1)
assert m.from_double(1e20) == 10**20
assert m.from_double(-2.9) == -2
raises(OverflowError, m.from_double, float("inf"))
raises(ValueError, m.from_double, float("nan"))
assert m.from_string("0x1f", 0) == (31, 4)
assert m.from_string("-123", 10) == (-123, 4)
assert m.from_string("zz", 36) == (35 * 36 + 35, 2)
raises(ValueError, m.from_string, "12a", 10)
print("constructors ok")

assert m.to_bytes(1, 2, True, False) == b"\x01\x00"
assert m.to_bytes(-2, 2, False, True) == b"\xff\xfe"
assert m.to_bytes(0, 1, True, True) == b"\x00"
raises(OverflowError, m.to_bytes, 256, 1, True, False, msg="int too big to convert")
raises(OverflowError, m.to_bytes, -1, 4, True, False, msg="can't convert negative int to unsigned")
assert m.from_bytes(b"\xff\xff", True, True) == -1
assert m.from_bytes(b"\xff\xff", True, False) == 65535
assert m.from_bytes(b"\x01\x00\x00", False, False) == 65536
big = 2**200 + 12345
assert m.from_bytes(m.to_bytes(big, 32, True, True), True, True) == big
print("byte arrays ok")

assert m.digits(0) == (0, [])
assert m.digits(1) == (1, [1])
assert m.digits(-7) == (-1, [7])
assert m.digits(1000) == (1, [1000])
assert m.digits(2**30) == (2, [0, 1])
assert m.digits(-(2**60 + 5)) == (-3, [5, 0, 1])
d = m.digits(2**100 + 3)
assert d[0] == 4 and d[1][0] == 3 and sum(x << (30 * i) for i, x in enumerate(d[1])) == 2**100 + 3
print("digits ok")

t, f, ok = m.bools()
assert t is True and f is False and ok == 1
assert m.sign_bits(0) == (0, 0)
assert m.sign_bits(-8) == (-1, 4)
assert m.sign_bits(2**100) == (1, 101)
assert m.void_ptr() is True
print("ALL OK")
