# bytes, bytearray and buffers through the C API (_capi_bytes).
import _capi_bytes as m

from _check import raises

assert m.make(5) == b"abcde"
assert m.make(0) == b""
assert m.make(30)[26:] == b"abcd"
assert m.inspect(b"hello") == (5, 5, 1, 1)
assert m.inspect(b"") == (0, 0, 1, 1)
assert m.no_nul(b"abc") == b"abc"
raises(ValueError, m.no_nul, b"a\0b", msg="embedded null byte")
raises(TypeError, m.no_nul, "str")
assert m.concat(b"ab", b"cd") == b"abcd"
assert m.concat(b"ab", bytearray(b"!")) == b"ab!"
assert m.resize(3) == b"hel"
assert m.resize(7)[:5] == b"hello" and len(m.resize(7)) == 7
assert m.fmt() == b"ab--5-Z-99%"
assert m.from_object([65, 66]) == b"AB"
assert m.from_object(bytearray(b"x")) == b"x"
raises(TypeError, m.from_object, 5)
print("bytes ok")

ba, n = m.ba_roundtrip(None)
assert ba == bytearray(b"xyz!?") and n == 5
b2 = bytearray(b"hello, world")
m.ba_upper(b2)
assert b2 == bytearray(b"HELLO, WORLD")
assert m.buffer_sum(b"\x01\x02\x03") == 6
assert m.buffer_sum(bytearray(b"\x05")) == 5
raises(TypeError, m.buffer_sum, "str")
raises(BufferError, m.readonly_write, b"abc")
print("ALL OK")
