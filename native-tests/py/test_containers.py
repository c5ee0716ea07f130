# Tuples, lists, dicts, sets and slices through the C API (_capi_containers).
import _capi_containers as m

from _check import raises

# tuples
assert m.tuple_make(4) == (0, 1000, 4000, 9000)
assert m.tuple_make(0) == ()
t = (1, "two", 3.0, None, 2**70, [5])
assert m.tuple_read(t) == list(t)
assert m.tuple_read(t) == list(t)
assert m.tuple_api((1, 2, 3, 4)) == ((2, 3), ((1, 2, 3, 4), None), 4)
seen = []
assert m.tuple_reuse(lambda x: x + 1, 4) == [1, 11, 21, 31]
assert m.tuple_reuse(lambda x: seen.append(x) or x, 3) == [0, 10, 20] and seen == [0, 10, 20]
assert m.tuple_resize() == (0, 1)
# nested mutable items are refreshed when the tuple crosses again
inner = [1, 2]
t2 = (inner, "x")
assert m.tuple_read(t2)[0] == [1, 2]
inner.append(3)
assert m.tuple_read(t2)[0] == [1, 2, 3]
print("tuples ok")

# lists
assert m.list_make(3) == ["s0", "s1", "s2"]
l = [1, "a", 2.5, None]
assert m.list_read(l) == (1, "a", 2.5, None)
l.append(7)
l[0] = "changed"
assert m.list_read(l) == ("changed", "a", 2.5, None, 7)
del l[1:3]
assert m.list_read(l) == ("changed", None, 7)
l2 = [1, 2, 3]
assert m.list_api(l2) == ([100000, 3], 5, (100000, 3, 2, "set", 100000))
assert l2 == [100000, 3, 2, "set", 100000]
l3 = [5, 3, 9, 1]
assert m.list_sort(l3) == (1, 9) and l3 == [1, 3, 5, 9]
def mutate(lst):
    lst.insert(0, "front")
    lst.append("back")
l4 = [1, 2]
assert m.list_mutated_by_callback(l4, mutate) == (2, 4, "front")
held = [1, 2, 3]
m.list_hold(held)
held.append(4)
held[0] = 0
assert m.list_held_view() == [0, 2, 3, 4]
l5 = [1, 2, 3]
assert m.list_slices(l5) == [7, 8, 9, 3] and l5 == [7, 8, 9, 3]
assert m.fast_sum([1, 2.5, 3]) == 6.5
assert m.fast_sum((1, 2)) == 3.0
assert m.fast_sum(x for x in (1, 2, 3)) == 6.0
raises(TypeError, m.fast_sum, 5, msg="expected a sequence")
# a list C filled is complete when Python sees it, even when returned inside a tuple
assert m.tuple_read((m.list_make(2),)) == [["s0", "s1"]]
print("lists ok")

# dicts
d = m.dict_make()
assert d == {"a": 123456, 123456: None, "f": 0.5}
assert m.dict_items({"x": 1, "y": 2.5, "z": 10**30}) == [("x", 1), ("y", 2.5), ("z", 10**30)]
assert m.dict_get({"k": 777777}, "k") == (777777, 1, 1)
assert m.dict_get({}, "k") == (None, 0, 0)
dd = {"a": 1}
assert m.dict_api(dd) == (5, ["a", "x", 5], [1, 1, 5], [("a", 1), ("x", 1), (5, 5)], {"a": 1, "x": 1, 5: 5}, 3)
e = raises(KeyError, m.dict_missing, {})
assert e.args == ("missing",)
raises(TypeError, m.dict_unhashable, {})
print("dicts ok")

s, f, n, has_true, count = m.set_api([3, 4, None, 4])
assert s == {1, 3, 4} and f == frozenset({1, 3, 4}) and type(f) is frozenset
assert n == 3 and has_true == 1 and count == 3
raises(TypeError, m.set_api, [[1]])
assert m.slice_api(slice(None, None, None), 10) == (0, 10, 1, 10)
assert m.slice_api(slice(-3, None, None), 10) == (7, 10, 1, 3)
assert m.slice_api(slice(None, None, -2), 10) == (9, -1, -2, 5)
assert m.slice_api(slice(2, 100, 3), 10) == (2, 10, 3, 3)
raises(ValueError, m.slice_api, slice(1, 2, 0), 10)
assert m.slice_new() == slice(1, 9)
# containers that contain themselves
l = [1]
l.append(l)
assert m.list_read(l)[1] is l
t = ([],)
t[0].append(t)
assert m.tuple_read(t)[0][0] is t
d = {}
d["self"] = d
assert m.dict_items(d)[0][1] is d
print("ALL OK")
