# range objects: len, indexing, slicing, containment, negative steps, equality.
rs = [range(10), range(2, 10), range(2, 10, 3), range(10, 0, -1), range(10, 0, -3), range(0), range(5, 5), range(-5, 5, 2), range(0, -10, -4)]
for r in rs:
    print(repr(r), len(r), list(r), r[0] if r else None, r[-1] if r else None, r[::-1], r[1:3], 3 in r, -3 in r)
print(range(10).index(3), range(0, 10, 2).index(4), range(10).count(3), range(0, 10, 3).count(4))
print(range(10 ** 20)[-1], range(0, 10 ** 20, 7)[-1], 10 ** 19 in range(0, 10 ** 20, 10), range(10 ** 20)[10 ** 19 : 10 ** 19 + 3])
print(range(0) == range(2, 2), range(0, 3) == range(0, 3, 1), range(1, 2, 5) == range(1, 3, 5), range(3) == [0, 1, 2])
print(hash(range(0)) == hash(range(5, 5)), hash(range(3)) == hash(range(0, 3)), range(3).start, range(3).stop, range(3).step)
print(3.0 in range(5), 2.5 in range(5), "a" in range(5), True in range(2), range(5)[slice(None, None, -2)])
print(list(reversed(range(1, 10, 4))), sum(range(101)), max(range(5)), list(range(5, -5, -3)), bool(range(0)), bool(range(1)))
for bad in [lambda: range(1, 2, 0), lambda: range(1.5), lambda: range(10)[20], lambda: range(3).index(5), lambda: range("a"), lambda: range()]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
class Idx:
    def __index__(self):
        return 4
print(range(Idx()), range(10)[Idx()], list(range(Idx(), 8)), len(range(-(2 ** 64), 2 ** 64, 2 ** 60)))
try:
    len(range(2 ** 64))
except OverflowError as e:
    print("OverflowError:", e)
it = iter(range(3))
print(type(it).__name__, next(it), list(it))
print(range(3).__reversed__().__class__.__name__, range(-1, -10, -2)[2:], range(100)[::10][2:5])
