# list.sort and sorted(): keys, reverse, stability, errors, mutation during sort.
words = ["banana", "Apple", "cherry", "apple", "Banana", "date", "Cherry", "fig"]
print(sorted(words))
print(sorted(words, key=str.lower))
print(sorted(words, key=len))
print(sorted(words, key=len, reverse=True))
print(sorted(words, key=lambda w: (len(w), w.lower())))
pairs = [(1, "b"), (0, "a"), (1, "a"), (0, "b"), (2, "c"), (1, "c")]
print(sorted(pairs, key=lambda p: p[0]))
print(sorted(pairs, key=lambda p: p[0], reverse=True))
print(sorted(pairs))
nums = [5, -3, 2.5, -7, 0, 3, -0.0, 10 ** 20, -(10 ** 20), True]
print(sorted(nums), sorted(nums, key=abs), sorted(nums, reverse=True))
L = [3, 1, 2]
print(L.sort(), L)
class Rec:
    def __init__(self, name, age):
        self.name, self.age = name, age
    def __repr__(self):
        return f"Rec({self.name},{self.age})"
people = [Rec("a", 30), Rec("b", 25), Rec("c", 30), Rec("d", 25), Rec("e", 40)]
print(sorted(people, key=lambda r: r.age))
print(sorted(people, key=lambda r: -r.age))
import operator
print(sorted(people, key=operator.attrgetter("age", "name"), reverse=True))
print(sorted({"b": 1, "a": 2}), sorted({"b": 1, "a": 2}.items(), key=operator.itemgetter(1)), sorted("hello", reverse=True))
print(sorted([[3, 1], [1, 2], [1, 1]]), sorted([(1,), (0, 5), ()]), sorted([]), sorted(range(5), key=lambda x: x % 2))
class Lt:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        return self.v < other.v
    def __repr__(self):
        return f"Lt{self.v}"
print(sorted([Lt(3), Lt(1), Lt(2)]), max([Lt(3), Lt(5)], key=lambda x: x.v))
data = list(range(20))
data.sort(key=lambda x: x % 3)
print(data)
try:
    sorted([1, "a", 2])
except TypeError as e:
    print("TypeError:", e)
try:
    sorted([1, 2], key=lambda x: None if x == 1 else 1)
except TypeError as e:
    print("TypeError:", e)
try:
    sorted([3, 1], cmp=None)
except TypeError as e:
    print("TypeError:", e)
try:
    [1, 2].sort(lambda x: x)
except TypeError as e:
    print("TypeError:", e)
bad = [3, 2, 1]
def key(x):
    bad.append(x)
    return x
try:
    bad.sort(key=key)
except ValueError as e:
    print("ValueError:", e)
print(bad)
import functools
def cmp(a, b):
    return (a > b) - (a < b)
print(sorted([5, 2, 8], key=functools.cmp_to_key(cmp)), sorted([5, 2, 8], key=functools.cmp_to_key(lambda a, b: b - a)))
big = [(i * 7919) % 1000 for i in range(1000)]
s = sorted(big)
print(s[:10], s[-5:], s == sorted(big, reverse=True)[::-1], big.count(0))
print(sorted("The Quick Brown Fox".split(), key=str.casefold), sorted([0.1, 1e-5, -0.0, 0.0, 1e5]))
