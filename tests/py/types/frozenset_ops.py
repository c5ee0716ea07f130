# frozenset: immutability, hashing, use as keys, mixing with set.
f = frozenset([3, 1, 2])
g = frozenset("ab")
print(sorted(f), len(f), 1 in f, sorted(g), frozenset() == frozenset([]), frozenset() is frozenset())
print(type(f | {4}).__name__, type({4} | f).__name__, type(f & {1}).__name__, sorted(f - {1}), sorted(f ^ {1, 9}))
print(hash(frozenset([1, 2])) == hash(frozenset([2, 1])), hash(frozenset()), f == {1, 2, 3}, f.issubset(range(5)))
d = {frozenset([1, 2]): "a", frozenset(): "empty"}
print(d[frozenset([2, 1])], d[frozenset()])
nested = {frozenset([frozenset([1]), frozenset([2])])}
print(len(nested), frozenset([1]) in {frozenset([1])}, {1, 2} in {frozenset([1, 2])})
for bad in [lambda: f.add(1), lambda: f.remove(1), lambda: hash({1})]:
    try:
        bad()
    except (AttributeError, TypeError) as e:
        print(type(e).__name__ + ":", e)
print(repr(frozenset()), repr(frozenset([1])), f.copy() is f, sorted(f.union([7])), sorted(f.intersection([1, 2, 7])))
print(f.isdisjoint([9]), f.issuperset([1]), sorted(f.difference([1])), sorted(f.symmetric_difference([0])))
class FS(frozenset):
    pass
x = FS([1])
print(type(x).__name__, type(x | {2}).__name__, repr(x), x == frozenset([1]), hash(x) == hash(frozenset([1])))
print(frozenset({1: 2, 3: 4}) == {1, 3}, frozenset(range(3)) < frozenset(range(4)), sorted(frozenset("hello")))
