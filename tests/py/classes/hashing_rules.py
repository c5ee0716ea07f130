# Hashing rules: __eq__ without __hash__ makes a class unhashable, __hash__ = None, inheritance.
class Plain:
    pass
class EqOnly:
    def __eq__(self, o):
        return True
class EqAndHash:
    def __init__(self, k):
        self.k = k
    def __eq__(self, o):
        return isinstance(o, EqAndHash) and self.k == o.k
    def __hash__(self):
        return hash(self.k)
class HashNone:
    __hash__ = None
class Child(EqAndHash):
    pass
class ChildEq(EqAndHash):
    def __eq__(self, o):
        return False
print(Plain.__hash__ is object.__hash__, EqOnly.__hash__, HashNone.__hash__, Child.__hash__ is EqAndHash.__hash__, ChildEq.__hash__)
p = Plain()
print(hash(p) == hash(p), {p: 1}[p])
for cls in (EqOnly, HashNone, ChildEq):
    args = (1,) if cls is ChildEq else ()
    try:
        hash(cls(*args))
    except TypeError as e:
        print("TypeError:", e)
    try:
        {cls(*args)}
    except TypeError as e:
        print("TypeError:", e)
s = {EqAndHash(1), EqAndHash(1), EqAndHash(2)}
print(len(s), EqAndHash(2) in s, {EqAndHash(3): "v"}[EqAndHash(3)], hash(EqAndHash(5)) == hash(5))
class BadHash:
    def __hash__(self):
        return "not an int"
try:
    hash(BadHash())
except TypeError as e:
    print("TypeError:", e)
class BigHash:
    def __hash__(self):
        return 2 ** 100
print(hash(BigHash()) == hash(2 ** 100), hash(BigHash()))
class NegOne:
    def __hash__(self):
        return -1
print(hash(NegOne()))
import collections.abc
print(isinstance(Plain(), collections.abc.Hashable), isinstance(EqOnly(), collections.abc.Hashable), isinstance([], collections.abc.Hashable))
for v in [[1], {1: 2}, {1}, bytearray(b"x"), ([1],)]:
    try:
        hash(v)
    except TypeError as e:
        print("TypeError:", e)
print(hash(1) == hash(1.0) == hash(True), hash(0) == hash(-0.0) == hash(False), hash((1, 2)) == hash((1.0, 2.0)), hash(frozenset([1])) == hash(frozenset([1.0])))
print(hash(2 ** 61 - 1), hash(2 ** 61 - 2), hash(-(2 ** 61 - 1)), hash(0.5), hash(-0.5), hash(1e18), hash(1e20))
from fractions import Fraction
from decimal import Decimal
print(hash(Fraction(1, 2)) == hash(0.5), hash(Decimal("0.5")) == hash(0.5), hash(Fraction(1, 3)), hash(Decimal(2)) == hash(2))
d = {}
d[1] = "int"
d[1.0] = "float overwrote value"
d[True] = "bool too"
print(d, len(d))
class Mutable:
    def __init__(self):
        self.v = 1
    def __eq__(self, o):
        return self.v == o.v
    def __hash__(self):
        return self.v
m = Mutable()
st = {m}
m.v = 2
print(m in st, len(st), list(st)[0] is m)
