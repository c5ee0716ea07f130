# Iterator protocol, old-style __getitem__ iteration, container dunders.
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
c = Countdown(3)
print(list(c), list(c), iter(c) is c)
class OldStyle:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * i
print(list(OldStyle()), 9 in OldStyle(), 5 in OldStyle(), [x for x in OldStyle()], tuple(iter(OldStyle())))
class Grid:
    def __init__(self):
        self.cells = {}
    def __getitem__(self, key):
        r, c = key
        return self.cells.get(key, ".")
    def __setitem__(self, key, v):
        self.cells[key] = v
    def __delitem__(self, key):
        del self.cells[key]
    def __len__(self):
        return len(self.cells)
    def __contains__(self, key):
        return key in self.cells
    def __iter__(self):
        return iter(sorted(self.cells))
    def __reversed__(self):
        return iter(sorted(self.cells, reverse=True))
g = Grid()
g[0, 1] = "x"
g[2, 2] = "o"
g[1, 0] = "x"
del g[2, 2]
print(g[0, 1], g[5, 5], len(g), (1, 0) in g, (2, 2) in g, list(g), list(reversed(g)))
class NotIterable:
    pass
try:
    iter(NotIterable())
except TypeError as e:
    print("TypeError:", e)
class BadIter:
    def __iter__(self):
        return 5
try:
    iter(BadIter())
except TypeError as e:
    print("TypeError:", e)
class IterNone:
    __iter__ = None
    def __getitem__(self, i):
        return i
try:
    iter(IterNone())
except TypeError as e:
    print("TypeError:", e)
class NoNext:
    def __iter__(self):
        return self
try:
    for x in NoNext():
        pass
except TypeError as e:
    print("TypeError:", e)
it = iter([1, 2, 3])
print(next(it), list(it), next(it, "exhausted"))
class Fib:
    def __iter__(self):
        a, b = 0, 1
        while True:
            yield a
            a, b = b, a + b
import itertools
print(list(itertools.islice(Fib(), 10)), list(zip(Fib(), "abc")))
class Seq:
    def __len__(self):
        return 3
    def __getitem__(self, i):
        if not 0 <= i < 3:
            raise IndexError("out")
        return "abc"[i]
print(list(reversed(Seq())), sorted(Seq(), reverse=True), "".join(Seq()), max(Seq()))
class LengthHint:
    def __iter__(self):
        return iter([1, 2])
    def __length_hint__(self):
        return 100
import operator
print(list(LengthHint()), operator.length_hint(LengthHint()), operator.length_hint([1, 2, 3]), operator.length_hint(iter(range(5))))
it = iter(range(3))
print(list(it), list(it))
m = map(str.upper, ["a", "b"])
print(next(m), list(m), list(m))
class Container:
    def __init__(self, items):
        self.items = list(items)
    def __iter__(self):
        return iter(self.items)
print(3 in Container([1, 2, 3]), 4 in Container([1]), sum(Container(range(5))), sorted(Container("cab")))
