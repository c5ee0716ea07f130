# Argument parsing and value building (_capi_arg).
import _capi_arg as m

def raises(exc, f, *a, msg=None, **kw):
    try:
        f(*a, **kw)
    except exc as e:
        if msg is not None:
            assert str(e) == msg, (str(e), msg)
        return e
    raise AssertionError(f"{f.__name__}{a} did not raise {exc.__name__}")

vals = (255, 0x1FF, -32768, 0x1FFFF, -2**31, 2**32 + 5, -2**63, -1, 2**63 - 1, 2**64 - 1, 2**63 - 1)
assert m.ints(*vals) == (255, 0xFF, -32768, 0xFFFF, -2**31, 5, -2**63, 2**64 - 1, 2**63 - 1, 2**64 - 1, 2**63 - 1)
raises(OverflowError, m.one_int, 2**31, msg="signed integer is greater than maximum")
raises(OverflowError, m.one_int, -2**31 - 1, msg="signed integer is less than minimum")
raises(TypeError, m.one_int, "x", msg="'str' object cannot be interpreted as an integer")
raises(TypeError, m.one_int, 1.5, msg="'float' object cannot be interpreted as an integer")
raises(OverflowError, m.one_byte, -1, msg="unsigned byte integer is less than minimum")
raises(OverflowError, m.one_byte, 256, msg="unsigned byte integer is greater than maximum")
raises(TypeError, m.one_int, msg="one_int() takes exactly 1 argument (0 given)")
raises(TypeError, m.one_int, 1, 2, msg="one_int() takes exactly 1 argument (2 given)")
print("integers ok")

assert m.misc(b"x", "é", [], 1.5, 2.25, 3 + 4j) == (b"x", "é", 0, 1.5, 2.25, 3 + 4j)
assert m.misc(bytearray(b"y"), "z", "nonempty", 1, 2, 5)[0:3] == (b"y", "z", 1)
raises(TypeError, m.misc, b"xy", "a", 0, 1, 1, 1, msg="argument 1 must be a byte string of length 1, not bytes")
raises(TypeError, m.misc, b"x", "ab", 0, 1, 1, 1, msg="argument 2 must be a unicode character, not str")
raises(TypeError, m.misc, b"x", "a", 0, "f", 1, 1, msg="must be real number, not str")
print("misc units ok")

assert m.strings("héllo", None, b"by", "s#", b"z#", b"y\0#") == ("héllo", None, b"by", "s#", "z#", b"y\0#")
assert m.strings("a", "b", b"c", b"bytes-for-s#", None, b"ba")[3:] == ("bytes-for-s#", None, b"ba")
raises(TypeError, m.strings, "a", "b", b"c", "", None, bytearray(b"x"), msg="argument 6 must be read-only bytes-like object, not bytearray")
raises(TypeError, m.strings, 1, None, b"", "", None, b"", msg="argument 1 must be str, not int")
raises(ValueError, m.strings, "a\0b", None, b"", "", None, b"", msg="embedded null character")
raises(TypeError, m.strings, "a", None, "str", "", None, b"", msg="argument 3 must be bytes, not str")
raises(TypeError, m.strings, "a", 5, b"", "", None, b"", msg="argument 2 must be str or None, not int")
assert m.buffers("ü", None, bytearray(b"\x01\x02")) == ("ü".encode(), 0, b"\x01\x02")
assert m.buffers(b"raw", b"zz", b"")[0:2] == (b"raw", 2)
raises(TypeError, m.buffers, "a", None, "not bytes", msg="argument 3 must be bytes-like object, not str")
print("strings ok")

obj = object()
lst = [1]
r = m.objects(obj, lst, b"S", bytearray(b"Y"), "U")
assert r[0] is obj and r[1] is lst and r[2:] == (b"S", bytearray(b"Y"), "U")
raises(TypeError, m.objects, 1, (), b"", bytearray(), "", msg="argument 2 must be list, not tuple")
raises(TypeError, m.objects, 1, [], "s", bytearray(), "", msg="argument 3 must be bytes, not str")
raises(TypeError, m.objects, 1, [], b"", b"", "", msg="argument 4 must be bytearray, not bytes")
raises(TypeError, m.objects, 1, [], b"", bytearray(), 5, msg="argument 5 must be str, not int")
assert m.converter(5) == 2.5
raises(ValueError, m.converter, -1, msg="negative not allowed")
assert m.nested((1, 2), ["s", 0.5]) == (1, 2, "s", 0.5)
assert m.nested([3, 4], ("t", 2)) == (3, 4, "t", 2.0)
raises(TypeError, m.nested, (1,), ("s", 1), msg="argument 1 must be sequence of length 2, not 1")
raises(TypeError, m.nested, 5, ("s", 1), msg="argument 1 must be 2-item sequence, not int")
raises(TypeError, m.nested, (1, "x"), ("s", 1), msg="'str' object cannot be interpreted as an integer")
assert m.optional() == (-1, -2) and m.optional(5) == (5, -2)
raises(TypeError, m.optional, 1, 2, 3, msg="custom message for optional()")
print("objects ok")

assert m.keywords(1, 2) == (1, 2, 20, "c-default", None)
assert m.keywords(1, a=5, b=6, c="cc", d=[0]) == (1, 5, 6, "cc", [0])
assert m.keywords(1, 2, 3, d="D") == (1, 2, 3, "c-default", "D")
raises(TypeError, m.keywords, 1, 2, 3, 4, msg="keywords() takes at most 3 positional arguments (4 given)")
raises(TypeError, m.keywords, 1, 2, a=3, msg="argument for keywords() given by name ('a') and position (2)")
raises(TypeError, m.keywords, 1, msg="keywords() missing required argument 'a' (pos 2)")
raises(TypeError, m.keywords, 1, 2, e=5, msg="'e' is an invalid keyword argument for keywords()")
raises(TypeError, m.keywords, a=1, msg="keywords() takes at least 1 positional argument (0 given)")
print("keywords ok")

assert m.encoded("é", "é") == (b"\xc3\xa9", b"\xe9")
assert m.unpack(1) == (1, None, None)
assert m.unpack(1, 2, 3) == (1, 2, 3)
raises(TypeError, m.unpack, msg="unpack expected at least 1 argument, got 0")
raises(TypeError, m.unpack, 1, 2, 3, 4, msg="unpack expected at most 3 arguments, got 4")
assert m.parse_single(21) == 42
assert m.vaparse(3, 4) == (3, 4)
print("other parsers ok")

b = m.build()
assert b == {"int": 1, "tuple": (), "list": [], "N": "stolen", "O": None, "z": None, "s#": "abc",
             "y#": b"\0\1", "c": b"q", "C": "☺", "d": 0.25, "D": 1.5 - 2j, "K": 2**64 - 1, "k": 2**32,
             "n": -3, "nest": (1, [2, {"k": 3}])}, b
assert m.build_single() == (None, 5, (1, 2), (9,))
raises(ValueError, m.build_error)
assert m.vabuild() == [7, "seven"]
print("ALL OK")
