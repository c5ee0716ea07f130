# set methods; results printed sorted where ordering is not part of the language.
def S(x):
    return sorted(x) if all(isinstance(i, (int, float)) for i in x) else sorted(x, key=repr)
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(S(a | b), S(a & b), S(a - b), S(b - a), S(a ^ b))
print(S(a.union(b, [9])), S(a.intersection(b, {4})), S(a.difference(b, {1})), S(a.symmetric_difference([1, 7])))
print(a.issubset({1, 2, 3, 4, 5}), a.issuperset({1}), a.isdisjoint({9}), a <= a, a < a, {1} < a, a > {1, 2}, a >= b)
s = set()
s.add(1); s.add(1); s.add(2)
print(S(s), len(s))
s.update([3, 4], {5}, range(6, 8))
print(S(s))
s.discard(100); s.discard(1); s.remove(2)
print(S(s))
try:
    s.remove(100)
except KeyError as e:
    print("KeyError:", e)
s.intersection_update({3, 4, 5, 99})
print(S(s))
s.difference_update([3])
print(S(s))
s.symmetric_difference_update({5, 6})
print(S(s))
p = {42}
print(p.pop(), p)
try:
    p.pop()
except KeyError as e:
    print("KeyError:", e)
c = {1, 2}
d = c.copy()
d.add(3)
c.clear()
print(c, S(d), set(), repr(set()), len(set("mississippi")), S(set("mississippi")))
print({1, 2} == {2, 1}, {1} == frozenset({1}), {1, 2} != {1}, 1 in {1}, [] == set(), {1.0, 1, True} == {1})
print(len({1, 1.0, True}), len({0, 0.0, False, -0.0}), {(1, 2), (1, 2)} == {(1, 2)}, {None} == {None})
for bad in [lambda: {[1]}, lambda: set().add({}), lambda: {1} + {2}, lambda: S.__class__ and set([1]).__getitem__(0), lambda: set(5), lambda: {1} < [1]]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
print(sorted({x % 7 for x in range(100)}), sum({1, 2, 3}), max({4, 9, 2}), min({"b", "a"}))
words = {"apple", "banana", "cherry"}
print(sorted(words), "apple" in words, len(words), sorted(words | {"date"}), sorted(w.upper() for w in words))
class SetSub(set):
    pass
ss = SetSub([1, 2])
print(type(ss | {3}).__name__, type(ss.copy()).__name__, S(ss), isinstance(ss, set))
a = {1, 2}
a |= {3}
a &= {1, 3}
a -= {1}
a ^= {4}
print(S(a))
