# Iteration order of sets of small ints (hash(n) == n): CPython's layout is
# deterministic and commonly relied on when printing; kept apart from the
# set-method checks so that they do not depend on it.
print({1, 2, 3}, {3, 2, 1}, {10, 5, 1}, set(range(5)), {-1, -2}, {0})
print({8, 16, 32}, {100, 3, 50}, set([7, 7, 3]), {i * 3 for i in range(8)})
s = set()
for i in (33, 1, 17, 9):
    s.add(i)
print(s, list(s), frozenset(s), sorted(s))
s.discard(1)
s.add(2)
print(s, {True, 2, 3}, {1.0, 2}, {-5, 5, 0})
print(list({5, 4, 3, 2, 1}), tuple({40, 20, 10}), [x for x in {64, 1, 2}])
