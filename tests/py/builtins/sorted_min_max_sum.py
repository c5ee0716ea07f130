# sorted, min, max (key/default), sum (start), len.
data = [5, 3, 8, 1, 9, 2]
print(sorted(data), sorted(data, reverse=True), sorted(data, key=lambda x: -x), sorted("Banana"), sorted((3, 1)), sorted({3: 0, 1: 0}))
print(min(data), max(data), min(4, 2, 8), max("apple", "pear", "fig"), min("hello"), max([[1, 2], [3], [1, 5]]))
words = ["kiwi", "banana", "fig", "apple", "cherry"]
print(min(words, key=len), max(words, key=len), max(words, key=lambda w: w[-1]), min(words, key=str.upper))
print(min([], default="empty"), max([], default=None), min([3], default=0), max(iter([]), default=-1), max((x for x in []), default="g"))
print(max([1, 3, 3.0, 2], key=lambda x: x), max([3.0, 3, 1]), min([0, False, 0.0]), max(True, 1), min(1, True))
pairs = [(1, "b"), (1, "a"), (0, "z")]
print(max(pairs), min(pairs), max(pairs, key=lambda p: p[0]), min(pairs, key=lambda p: p[0]))
for bad in [lambda: min([]), lambda: max(), lambda: max(1), lambda: min([1, "a"]), lambda: max([], default=1, key=None, extra=1), lambda: min(1, 2, default=0), lambda: sorted(1)]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
print(sum([1, 2, 3]), sum([1, 2], 10), sum([0.1] * 10), sum([[1], [2, 3]], []), sum(((1,), (2,)), ()), sum(range(101)), sum([], 5), sum([True, True]))
print(sum([1.5, 2.5]), sum([1, 2.5]), sum([1j, 2]), sum(x * x for x in range(10)), sum([10 ** 20, 1]), sum(iter([3, 4]), start=1))
for bad in [lambda: sum(["a", "b"], ""), lambda: sum([b"a"], b""), lambda: sum([[1]]), lambda: sum(1), lambda: sum(["a"])]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
print(len("abc"), len([1, [2, 3]]), len({}), len(range(0, 100, 7)), len(b"\x00\x01"), len({1, 2, 2}), len((1,)), len("😀"))
class L:
    def __len__(self):
        return 42
print(len(L()))
print(sorted([("b", 2), ("a", 2), ("c", 1)], key=lambda t: t[1]), sorted(["a10", "a9", "a100"]), sorted(["a10", "a9", "a100"], key=lambda s: int(s[1:])))
print(sorted([-3, 2, -1], key=abs, reverse=True), sorted("hello world".split(), key=lambda w: (-len(w), w)))
