# dict methods.
d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d), d["a"], d.get("z"), d.get("z", 0), "a" in d, 1 in d)
print(d.setdefault("a", 100), d.setdefault("new", []), d)
d["new"].append(1)
print(d.pop("new"), d.pop("missing", "dflt"), d)
print(d.popitem(), d)
d.update({"x": 9}, y=8)
d.update([("z", 7)])
print(d)
print(list(d.keys()), list(d.values()), list(d.items()))
c = d.copy()
c["a"] = "changed"
print(d["a"], c["a"])
print(dict.fromkeys("abc"), dict.fromkeys(["k1", "k2"], 0), dict.fromkeys(range(3), []))
print(dict(a=1, b=2), dict([("k", "v")]), dict({"x": 1}, y=2), dict(zip("ab", [1, 2])), dict())
print(d | {"q": 1}, {"a": 1} | {"a": 2}, {**d, "a": -1})
c.clear()
print(c, bool(c), bool(d))
for bad in [lambda: d["missing"], lambda: {}.popitem(), lambda: d.pop("nope"), lambda: {[1]: 2}, lambda: dict([1, 2]),
            lambda: dict([("a", 1, 2)]), lambda: d | [("a", 1)], lambda: {}.fromkeys(), lambda: dict(1)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
d2 = {1: "int", 1.0: "float", True: "bool"}
print(d2)
d3 = {}
d3[(1, 2)] = "tuple key"
d3[frozenset([1])] = "frozenset key"
d3[None] = "none"
d3[-0.0] = "zero"
print(d3, d3[0], d3[(1, 2)])
order = {}
for k in "hello world":
    order[k] = order.get(k, 0) + 1
print(order)
del order["l"]
order["l"] = 0
print(list(order))
print({1: 2} == {1: 2}, {1: 2, 3: 4} == {3: 4, 1: 2}, {1: 2} != {1: 3}, dict(a=1) == {"a": 1})
try:
    {1: 2} < {1: 2}
except TypeError as e:
    print("TypeError:", e)
print(repr({}), repr({"k": {"n": [1]}}), str({1: "a"}), {"a": 1}.__contains__("a"), {"a": 1}.__getitem__("a"))
r = {}
r["self"] = r
print(r)
print(sorted({"b": 2, "a": 1}), max({"a": 1, "c": 0}), min({3: 0, 1: 0}), sum({1: 0, 2: 0}))
print(reversed({"a": 1, "b": 2}).__class__.__name__, list(reversed({"a": 1, "b": 2})), list(reversed({"a": 1}.items())))
