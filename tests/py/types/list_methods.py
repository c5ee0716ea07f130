# list methods and operators.
L = [3, 1, 4, 1, 5, 9, 2, 6]
L.append(5); print(L)
L.extend([3, 5]); L.extend("ab"); L.extend(range(2)); print(L)
L.insert(0, "first"); L.insert(-1, "penult"); L.insert(100, "end"); L.insert(-100, "start"); print(L)
print(L.pop(), L.pop(0), L.pop(3), L)
L.remove("a"); print(L)
print(L.index(1), L.index(1, 3), L.count(1), L.count("zz"), 5 in L, "x" not in L)
L2 = [x for x in L if isinstance(x, int)]
L2.reverse(); print(L2)
L2.sort(); print(L2)
L2.sort(reverse=True); print(L2)
c = L2.copy(); c.clear(); print(c, len(L2))
print([1, 2] + [3], [0] * 3, 2 * [1, 2], [[0]] * 2, [] * 5, [1, 2, 3] == [1, 2, 3], [1, 2] != [2, 1])
print(list(), list("abc"), list(range(3)), list((1, 2)), list({"a": 1}), list({1: 2}.items()), list(x * 2 for x in range(3)))
print(len([]), len([[]]), bool([]), bool([0]), [1, [2, [3]]][1][1][0], max([3, 1, 2]), sum([[1], [2]], []))
for bad in [lambda: [].pop(), lambda: [1].pop(5), lambda: [1].remove(2), lambda: [1].index(2), lambda: [1, 2][5],
            lambda: [1] + (2,), lambda: [1] * 1.5, lambda: [].sort(key=1), lambda: [1, "a"].sort(), lambda: list(5),
            lambda: [1, 2, 3].index(1, 1, 2), lambda: [None, 1].sort()]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
a = [1, 2, 3]
b = a
a += [4]
a = a + [5]
print(a, b)
nested = [[1, 2]] * 2
nested[0].append(3)
print(nested)
r = [1]
r.append(r)
print(r, len(r))
s = list(range(10))
s[2:4] = []
s[::3] = [0] * len(s[::3])
print(s, s.__len__(), s.__getitem__(-1), s.__contains__(0))
print([1, 2, 3].__reversed__().__class__.__name__, list(reversed([1, 2, 3])), sorted([3, 1, 2], reverse=True))
x = [5, 6]
x[len(x):] = [7]
x[:0] = [4]
print(x, x[-1:-3:-1], x.index(6, -3))
class MyList(list):
    def total(self):
        return sum(self)
m = MyList([1, 2, 3])
m.append(4)
print(m.total(), type(m[:2]).__name__, type(m + [1]).__name__, m == [1, 2, 3, 4], repr(m))
