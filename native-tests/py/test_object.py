# The object protocol and calls from C (_capi_object).
import _capi_object as m

from _check import raises

class Obj:
    pass
o = Obj()
assert m.attrs(o) == (0, 7, 7, 1, 0)
assert o.value == 7
e = raises(AttributeError, m.getattr, o, "nope")
assert "nope" in str(e)
class Prop:
    @property
    def p(self):
        raise KeyError("inside property")
raises(KeyError, m.getattr, Prop(), "p")
assert m.lookup(o, "value") == (1, 7)
assert m.lookup(o, "missing") == (0, None)
print("attributes ok")

assert m.conv("x") == ("'x'", "x", "'x'", hash("x"))
assert m.conv(5) == ("5", "5", "5", 5)
assert m.conv("é")[2] == "'\\xe9'"
# the C function returns a value although PyObject_Hash failed: SystemError
e = raises(SystemError, m.conv, [], msg="_capi_object.conv() returned a result with an exception set")
assert isinstance(e.__cause__, TypeError) and str(e.__cause__) == "unhashable type: 'list'"
assert m.compare(1, 2, 0) == (True, 1)
assert m.compare("a", "a", 2) == (True, 1)
assert m.compare(o, o, 2) == (True, 1)
assert m.compare(o, o, 3) == (False, 0)
raises(TypeError, m.compare, 1, "a", 0)
assert m.truth([]) == (0, 1) and m.truth([0]) == (1, 0) and m.truth(None) == (0, 1)
class Bad:
    def __bool__(self):
        raise ValueError("no truth")
raises(ValueError, m.truth, Bad())
t, n, d, c = m.misc([1, 2, 3])
assert t is list and n == 3 and "append" in d and c == 0
class CL:
    def __len__(self):
        return 2
    def __call__(self):
        pass
cl = CL()
assert m.misc(cl)[0] is CL and m.misc(cl)[1] == 2 and m.misc(cl)[3] == 1
raises(SystemError, m.misc, 5)
print("conversions ok")

d = {}
assert m.items(d, "k", "v") == "v" and d == {}
l = [0, 0]
assert m.items(l, 1, "x") == "x" and l == [0]
assert m.iterate((1, 2, 3)) == [1, 2, 3]
assert m.iterate({"a": 1}) == ["a"]
assert m.iterate(x * 2 for x in range(3)) == [0, 2, 4]
def gen():
    yield 1
    raise RuntimeError("gen failed")
raises(RuntimeError, m.iterate, gen())
raises(TypeError, m.iterate, 5, msg="'int' object is not iterable")
assert m.isinst(True, int) == (1, 1)
assert m.isinst(1, (str, float)) == (0, 0)
assert m.isinst(1, (str, int)) == (1, 1)
assert m.format(3.14159, ".2f") == "3.14"
assert m.format(42, "x") == "2a"
print("items and iteration ok")

def f(*args, **kw):
    return (args, kw)
assert m.calls(f) == [
    ((), {}), ((1,), {}), ((1, 2), {"k": 3}), ((1, 2), {}), ((), {}),
    ((1, 2, "x"), {}), ((5,), {}), ((), {}), ((1, 2), {}),
    ((1, 2), {"k": 9}), ((1,), {}), ((1, 2), {"k": "dict"}),
]
class WithMethod:
    def method(self, x):
        return x * 10
assert m.methods(WithMethod()) == (10, 40, 40)
print("calls ok")

# exceptions cross both ways and keep their identity
class MyError(Exception):
    pass
err = MyError("from python")
def raiser():
    raise err
got = m.call_and_fetch(raiser)
assert got is err
try:
    m.call_passthrough(raiser)
except MyError as e:
    assert e is err
else:
    raise AssertionError("no exception")
assert m.call_and_fetch(lambda: 5) == 5
print("exceptions ok")

assert m.seq([1, 2, 3, 2]) == (1, 2, [2, 3], [1, 2, 3, 2, 1, 2, 3, 2], 2, 1, 1, (1, 2, 3, 2), [1, 2, 3, 2])
assert m.seq((1, 2, 2))[1:4] == (2, (2, 2), (1, 2, 2, 1, 2, 2))
assert m.seq_set([1, 2, 3]) == ["x", 2]
raises(TypeError, m.seq_set, (1, 2))
mp = {"a": 1}
r = m.mapping(mp)
assert r == (1, 3, 1, 0, ["a", "three"], [1, 3], [("a", 1), ("three", 3)])
print("protocols ok")

assert m.slots([7, 8]) == ("[7, 8]", 7, 1)
assert m.slots(range(3)) == ("range(0, 3)", 0, 1)
class It:
    def __iter__(self):
        return iter("xy")
    def __repr__(self):
        return "It!"
assert m.slots(It()) == ("It!", "x", 0)
print("ALL OK")
