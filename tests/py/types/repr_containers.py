# repr/str of builtin containers and objects, including recursion and nesting.
print(repr([1, "two", 3.0, None, True, b"b", (1,), {"k": [1]}, {1}, frozenset(), set(), range(3), slice(1, 2)]))
print(str(["str", 'q"uote', "it's"]), repr({"a": "b", 1: 2.5, (1, 2): None, None: ...}))
l = [1]
l.append(l)
d = {}
d["d"] = d
d["l"] = l
t = (l, d)
print(l, d, t)
class Node:
    def __init__(self, v):
        self.v = v
        self.children = []
    def __repr__(self):
        return f"Node({self.v!r}, {self.children!r})"
root = Node(1)
root.children.append(Node("x"))
root.children.append(Node(2.5))
print(root, [root], {"root": root}, str(root) == repr(root))
class OnlyStr:
    def __str__(self):
        return "only-str"
o = OnlyStr()
print(str(o), f"{o}", str([o]).startswith("[<__main__.OnlyStr object at 0x"))
class BadRepr:
    def __repr__(self):
        return 42
try:
    repr(BadRepr())
except TypeError as e:
    print("TypeError:", e)
print(repr(1.0), repr(1e100), repr(-0.0), repr(float("nan")), repr(2 ** 100), repr(1 + 2j), repr(complex(0, 1)))
print(repr("multi\nline\ttab"), repr(bytearray(b"ba")), repr(memoryview(b"x"))[:13], repr(iter([])).startswith("<list_iterator"))
print(repr(int), repr(str), repr(type), repr(object), repr(Node), repr(len), repr(print), repr(ValueError), repr(type(None)))
print(repr(ValueError("msg")), repr(KeyError("k")), repr(Exception()), repr(Exception(1, 2)), repr(StopIteration(5)), repr(OSError(2, "no")))
print(str(ValueError("msg")), str(KeyError("k")), str(Exception()), str(Exception(1, 2)), str(OSError(2, "no")), str(KeyError()))
import collections, fractions, decimal
print(collections.OrderedDict(a=1), collections.Counter("aab"), collections.deque([1, 2], maxlen=3), collections.defaultdict(int, {"x": 1}))
print(fractions.Fraction(3, 6), decimal.Decimal("1.10"), collections.namedtuple("Pt", "x y")(1, 2), collections.ChainMap({1: 2}))
print(repr(type(repr)), repr(str.upper), repr("x".upper)[:30], repr(dict.fromkeys).split(" at ")[0], repr(int.__add__)[:36])
print(repr(Ellipsis), repr(NotImplemented), repr(None), repr(...), str(...), repr([..., [...]]))
print([[]] * 2, [[1, 2], [3]], ((),), ({},), [{}], {"": ""}, ["\\"], ["\x00é😀"], ascii(["\x00é😀"]))
