# iter (incl. sentinel form), next (default), enumerate, zip (strict), map, filter, reversed.
it = iter([1, 2])
print(next(it), next(it), next(it, "default"), next(it, None))
try:
    next(it)
except StopIteration as e:
    print("StopIteration", e.args)
data = iter(["a", "b", "STOP", "c"])
print(list(iter(lambda: next(data), "STOP")), next(data))
count = [0]
def tick():
    count[0] += 1
    return count[0]
print(list(iter(tick, 5)))
import io
f = io.StringIO("line1\nline2\n\nline4\n")
print(list(iter(f.readline, "\n")))
for bad in [lambda: iter(5), lambda: iter(len, 1, 2), lambda: next([1]), lambda: iter(1, 2), lambda: next(iter([]))]:
    try:
        bad()
    except (TypeError, StopIteration) as e:
        print(type(e).__name__ + ":", e)
print(list(enumerate("abc")), list(enumerate("abc", 10)), list(enumerate([], 5)), list(enumerate("xy", start=-1)))
e = enumerate(["p", "q"])
print(next(e), type(e).__name__, list(e))
print(list(zip()), list(zip([1, 2, 3], "ab")), list(zip(range(3), range(10, 13), "xyz")), list(zip([1])), dict(zip("ab", "cd")))
print(list(zip([1, 2], "ab", strict=True)))
for a, b in [([1, 2], "abc"), ([1, 2, 3], "ab"), ([], "a")]:
    try:
        list(zip(a, b, strict=True))
    except ValueError as e:
        print("ValueError:", e)
try:
    list(zip([1], [2], [3, 4], strict=True))
except ValueError as e:
    print("ValueError:", e)
pairs = [(1, "a"), (2, "b"), (3, "c")]
nums, letters = zip(*pairs)
print(nums, letters)
print(list(map(abs, [-1, 2, -3])), list(map(pow, [2, 3], [3, 2])), list(map(lambda a, b, c: a + b + c, "ab", "cd", "ef")), list(map(str, [])))
print(list(map(int, "123")), list(map(len, ["", "ab"], )), list(map(max, [1, 5], [4, 2], [3, 3])))
print(list(filter(None, [0, 1, "", "a", None, [], [0]])), list(filter(str.isdigit, "a1b2c3")), list(filter(lambda x: x % 2, range(10))))
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(5))), list(reversed((1, 2))), "".join(reversed("stressed")))
try:
    reversed({1, 2})
except TypeError as e:
    print("TypeError:", e)
try:
    reversed(iter([1]))
except TypeError as e:
    print("TypeError:", e)
class Rev:
    def __reversed__(self):
        return iter("custom")
print(list(reversed(Rev())))
m = map(lambda x: 1 / x, [1, 0])
print(next(m))
try:
    next(m)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
z = zip(iter([1, 2, 3]), iter("ab"))
print(list(z), list(z))
