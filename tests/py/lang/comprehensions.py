# Comprehensions: list/set/dict/generator, nesting, conditions and scoping.
print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([[x * y for y in range(4)] for x in range(3)])
print(sorted({x % 4 for x in range(20)}))
print({k: v for k, v in zip("abc", range(3))})
print({x: x ** 2 for x in range(5) if x != 2})
g = (x + 1 for x in range(4))
print(next(g), list(g), list(g))
x = "outer"
print([x for x in "ab"], x)
print([y for y in range(3)], "y" in dir())
print(sum(i for i in range(101)), max(len(w) for w in "the quick brown fox".split()))
print([i if i % 2 else -i for i in range(6)])
print([c.upper() for c in "hello" if c not in "l"])
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
print([n for row in matrix for n in row if n % 2])
print({(a, b) for a in range(2) for b in range(2)} == {(0, 0), (0, 1), (1, 0), (1, 1)})
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])
class C:
    vals = [1, 2, 3]
    doubled = [v * 2 for v in vals]
    size = 10
    try:
        bad = [size for _ in range(2)]
    except NameError as e:
        err = str(e)
print(C.doubled, C.err)
print([(yield_val := v * 10) for v in range(3)], yield_val)
print([w for w in (n * 2 for n in range(5)) if w > 4])
nested = {k: {i: i * k for i in range(3)} for k in range(1, 3)}
print(nested)
print(list(map(lambda p: p[0] * p[1], [(a, b) for a in range(1, 3) for b in range(3, 5)])))
it = iter(range(10))
print([a + b for a, b in zip(it, it)])
def gen_in_func():
    base = 100
    return [base + i for i in range(3)], {base - i for i in range(2)} == {100, 99}
print(gen_in_func())
print([*(c for c in "xyz")], dict((i, str(i)) for i in range(3)))
