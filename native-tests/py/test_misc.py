"""The rest of the stable ABI (_capi_misc.c)."""
import io, sys, types
from _check import raises
import _capi_misc as M

PYRITE = sys.implementation.name == "pyrite"

# codecs
assert M.utf16_stateful("ab".encode("utf-16") + b"c") == ("ab", 6, -1)     # BOM read, odd byte left
# DecodeUTF16/32: a BOM sets the order when none was given; a given order is kept
assert M.utf_decode_order(b"\xfe\xff\x00a", 2, 0) == ("a", 1)
assert M.utf_decode_order(b"\xff\xfea\x00", 2, 0) == ("a", -1)
assert M.utf_decode_order(b"a\x00", 2, 0) == ("a", 0)
assert M.utf_decode_order(b"\x00a", 2, 1) == ("a", 1)
assert M.utf_decode_order(b"\x00\x00\xfe\xff\x00\x00\x00a", 4, 0) == ("a", 1)
assert M.utf_decode_order(b"a\x00\x00\x00", 4, -1) == ("a", -1)
assert M.utf32_stateful("xy".encode("utf-32-le")) == ("xy", 8)
assert M.utf7_stateful(b"a+AGE") == ("a", 1)                                # unfinished shift left over
assert M.utf7_stateful(b"a+AGE-") == ("aa", 6)
raises(UnicodeDecodeError, M.utf16_stateful, b"\x00\xd8\x00\x00")
assert M.charmap(b"\x00\x01", "XY", "YX", {ord("X"): 0, ord("Y"): 1}) == ("XY", b"\x01\x00")
assert M.charmap(b"\xe9", None, "a", {97: 98}) == ("\xe9", b"b")      # NULL decoding map: latin-1
raises(UnicodeEncodeError, M.charmap, b"", None, "\u20ac", {97: 98})
raises(TypeError, M.charmap, b"", None, "a", None)                    # NULL encoding map
assert M.decoded("uryyb", "rot13", False) == "hello"
assert M.decoded("uryyb", "rot13", True) == "hello"
raises(TypeError, M.decoded, b"68656c6c6f", "hex", False)              # str only
assert M.encoded_unicode("hello", "rot13") == "uryyb"
raises(TypeError, M.encoded_unicode, "hello", "utf-8")
out = io.BytesIO()
assert M.streams(io.BytesIO("h\xe9".encode()), out) == "h\xe9" and out.getvalue() == "h\xe9".encode("utf-16-le")
assert M.locale_roundtrip("h\xe9llo".encode()) == ("h\xe9llo", 5, "h\xe9llo".encode())
assert M.locale_roundtrip(b"a\xffb") == ("a\udcffb", 3, b"a\xffb")          # surrogateescape both ways

# frames and code objects
def where():
    return M.frame_info()
name, line = where()
assert name == "where" and line == where.__code__.co_firstlineno + 1
c = M.empty_code()
assert c.co_name == "fake_function" and c.co_filename == "fake.py" and c.co_firstlineno == 42

# context variables
v1, v2, v3, v4, var = M.ctxvar()
assert v1 is None and v2 is True and v3 == 7 and v4 is False and var.name == "cvar"

# marshal
data = [1, 2.5, "x", b"y", (None, True), {"k": frozenset({3})}]
assert M.marshal_roundtrip(data) == data

# recursion through C is limited like Python recursion
def again(f):
    return M.recurse(f)
e = raises(RecursionError, M.recurse, again)
assert "maximum recursion depth exceeded" in str(e)
assert M.recurse(lambda f: 5) == 5

# importers, frozen modules, signals, warning options
imp = M.importer(sys.path[0] or ".")
assert imp is not None and hasattr(imp, "find_spec")
assert M.frozen() == 0
assert M.signals() == (1, 1, 1)
M.warnopt("ignore::DeprecationWarning")
assert sys.warnoptions[-1] == "ignore::DeprecationWarning"

# generic aliases, dict pointers, not-iterators
ga = M.generic_alias(list, (int,))
assert ga == list[int] and isinstance(ga, types.GenericAlias)
class O:
    pass
o = O()
o.x = 1
assert M.dict_ptr(o) == {"x": 1}
assert M.dict_ptr(5) is None
raises(TypeError, M.next_not_impl, 5)

# sub-interpreters
if PYRITE:
    e = raises(RuntimeError, M.subinterp)
    assert "sub-interpreters are not supported" in str(e)
else:
    assert M.subinterp() is True

argc, last = M.argv()
assert argc >= 2 and last.endswith("test_misc.py"), (argc, last)
import warnings
for call in (lambda: M.decoded("uryyb", "rot13", False), lambda: M.decoded("uryyb", "rot13", True),
             lambda: M.encoded_unicode("hello", "rot13")):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    assert len(caught) == 1 and caught[0].category is DeprecationWarning, caught
    assert "is deprecated; use PyCodec_" in str(caught[0].message), caught[0].message
print("ALL OK")
