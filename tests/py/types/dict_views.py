# dict views: keys/values/items, dynamic behaviour and set operations.
d = {"a": 1, "b": 2, "c": 3}
k, v, it = d.keys(), d.values(), d.items()
print(k, v, it, len(k), len(v), len(it))
d["d"] = 4
print(list(k), list(v), list(it))
print("a" in k, 1 in v, ("a", 1) in it, ("a", 2) in it, "z" in k)
print(sorted(k & {"a", "z"}), sorted(k | {"z"}), sorted(k - {"a"}), sorted(k ^ {"a", "q"}), k == {"a", "b", "c", "d"})
print(sorted(it & {("a", 1), ("b", 9)}), sorted(it - {("a", 1)}), it == {("a", 1), ("b", 2), ("c", 3), ("d", 4)})
print(k.isdisjoint({"x"}), k.isdisjoint(["a"]), k <= {"a", "b", "c", "d", "e"}, k < k, k >= {"a"})
print(type(k).__name__, type(v).__name__, type(it).__name__, list(reversed(k)), list(reversed(v)), list(reversed(it)))
print(k.mapping, type(k.mapping).__name__)
try:
    v == v
    print("values views compare by identity:", v == d.values(), v == v)
    v & {1}
except TypeError as e:
    print("TypeError:", e)
try:
    for key in d.keys():
        d[key + key] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    k[0]
except TypeError as e:
    print("TypeError:", e)
e = {}
print(list(e.keys()), list(e.items()), e.keys() == set(), bool(e.values()))
it = iter(d.items())
print(next(it), next(it))
print(sorted(d.items(), key=lambda kv: -kv[1])[:2], dict(d.items()) == d, {**d}.keys() == d.keys())
keys_list = list({"z": 0, "y": 0, "x": 0})
print(keys_list, list({"z": 0, "y": 0, "x": 0}.values()))
print(repr({1: 2}.keys()), repr({}.values()), str({"q": (1, 2)}.items()))
