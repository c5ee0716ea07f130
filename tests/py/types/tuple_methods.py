# tuples.
t = (1, 2, 3, 2, 1)
print(t.count(2), t.index(3), t.index(2, 2), len(t), t[1:3], t[::-1], t + (4,), t * 2, 2 in t)
print((), (1,), tuple(), tuple([1, 2]), tuple("ab"), tuple(range(3)), tuple({1: 2}), (1, 2) == (1, 2), (1,) * 0)
print(repr((1,)), repr(()), repr(((),)), str((1, "a", None)), (1, (2, (3,))), hash((1, 2)) == hash((1, 2)))
print(hash(()), hash((1,)), hash((1, 2)), hash((1, "a")) == hash((1, "a")), hash(((1, 2), 3)), hash((-1,)), hash((1.5, True)))
a, b = t[:2]
print(a, b, max(t), min(t), sum(t), sorted(t), tuple(sorted(t, reverse=True)))
for bad in [lambda: t.index(9), lambda: t[10], lambda: t + [1], lambda: hash(([],)), lambda: t.__setitem__(0, 1),
            lambda: tuple(1), lambda: (1, 2) < (1, "a")]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
nt = (1, [2, 3])
nt[1].append(4)
print(nt)
try:
    nt[1] += [5]
except TypeError as e:
    print("TypeError:", e, nt)
from collections import namedtuple
P = namedtuple("P", "x y")
p = P(1, y=2)
print(p, p.x, p[1], p._asdict(), p._replace(x=5), P._fields, P._make([3, 4]), isinstance(p, tuple), p == (1, 2))
class T(tuple):
    def first(self):
        return self[0]
x = T((9, 8))
print(x.first(), type(x[:1]).__name__, x + (7,), repr(x))
print((1, 2, 3) < (1, 2, 4), (1, 2) < (1, 2, 0), (2,) > (1, 99), () < (0,), (1, 2) == [1, 2], (1, 2) != (1, 2.0))
