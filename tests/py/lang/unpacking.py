# Iterable unpacking in assignments, loops and calls.
a, b = 1, 2
a, b = b, a
print(a, b)
a, *rest = [1, 2, 3, 4]
print(a, rest)
*init, last = "hello"
print(init, last)
first, *mid, end = range(6)
print(first, mid, end)
x, *y = (1,)
print(x, y)
(p, q), [r, s] = "ab", (3, 4)
print(p, q, r, s)
for i, (j, k) in enumerate([(1, 2), (3, 4)]):
    print(i, j, k)
for *h, t in [(1, 2, 3), (4, 5)]:
    print(h, t)
d = {"x": 1, "y": 2}
k1, k2 = d
print(k1, k2)
(v1, v2), = [d.values()]
print(v1, v2)
m = [0, 0, 0]
i = 0
i, m[i] = 1, 5
print(i, m)
a = b = c = [1]
print(a is b is c)
print([*range(3), *"ab", *{"k": 1}], (*[1, 2],), {*[1, 1, 2]}, {**{"a": 1}, "b": 2, **{"a": 3}})
print(*[1, 2, 3], sep="-")
def f(*args, **kw):
    return args, kw
print(f(*[1, 2], *(3,), **{"a": 1}, **{"b": 2}))
for bad in ([1, 2, 3], [1], "abcd", []):
    try:
        u, v = bad
        print("ok", u, v)
    except ValueError as e:
        print("ValueError:", e)
for bad in ([1], []):
    try:
        u, v, *w = bad
    except ValueError as e:
        print("ValueError:", e)
try:
    u, v = 5
except TypeError as e:
    print("TypeError:", e)
try:
    u, v = None
except TypeError as e:
    print("TypeError:", e)
gen = (n * n for n in range(3))
g1, g2, g3 = gen
print(g1, g2, g3)
[a, [b, [c, d]]] = [1, [2, [3, 4]]]
print(a, b, c, d)
