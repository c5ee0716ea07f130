# Rich comparisons, reflection, NotImplemented fallbacks and functools.total_ordering.
import functools
log = []
class A:
    def __init__(self, v): self.v = v
    def __eq__(self, o): log.append(("A.eq", getattr(o, "v", o))); return NotImplemented
    def __lt__(self, o): log.append("A.lt"); return NotImplemented
class B:
    def __init__(self, v): self.v = v
    def __eq__(self, o): log.append("B.eq"); return self.v == getattr(o, "v", o)
    def __gt__(self, o): log.append("B.gt"); return self.v > o.v
print(A(1) == B(1), log); log.clear()
print(A(1) < B(0), log); log.clear()
print(A(1) == A(1), log); log.clear()
a = A(1)
print(a == a, a != a, log); log.clear()
try:
    A(1) < A(2)
except TypeError as e:
    print("TypeError:", e, log)
log.clear()
@functools.total_ordering
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))
    def __eq__(self, o):
        return self.parts == o.parts
    def __lt__(self, o):
        return self.parts < o.parts
    def __repr__(self):
        return "V" + ".".join(map(str, self.parts))
vs = [Version(s) for s in ["1.10", "1.2", "1.2.1", "0.9", "2"]]
print(sorted(vs), max(vs), min(vs), Version("1.0") <= Version("1.0"), Version("2") >= Version("10"), Version("1") > Version("0.1"))
class Sub(B):
    def __eq__(self, o):
        log.append("Sub.eq")
        return "sub result"
print(B(1) == Sub(1), log); log.clear()
class Ne:
    def __eq__(self, o):
        return "custom eq"
print(Ne() != Ne(), Ne() == 1, 1 == Ne())
class NoEq:
    pass
x, y = NoEq(), NoEq()
print(x == x, x == y, x != y, x is not y)
class AllOps:
    def __lt__(self, o): return "lt"
    def __le__(self, o): return "le"
    def __gt__(self, o): return "gt"
    def __ge__(self, o): return "ge"
o = AllOps()
print(o < 1, o <= 1, o > 1, o >= 1, 1 < o, 1 <= o, 1 > o, 1 >= o)
class Truthy:
    def __init__(self, r): self.r = r
    def __lt__(self, o): return self.r
print(bool(Truthy([1]) < 0), [Truthy(0) < 1 < 2], Truthy("x") < 5)
class Weird:
    def __eq__(self, o):
        raise ValueError("eq exploded")
try:
    Weird() in [1, 2]
except ValueError as e:
    print("ValueError:", e)
w = Weird()
print(w in [w], [w].count(w), [w].index(w))
print(sorted([3, 1, 2], key=lambda v: Version(str(v))), [1, 2] == [1, 2.0], (1, A(1)) == (1, A(1)))
