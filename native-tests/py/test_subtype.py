"""C types deriving from builtins (_capi_subtype.c): list, dict and Exception bases."""
import gc
from _check import raises
import _capi_subtype as S

t = S.TList([1, 2, 3])
assert type(t) is S.TList and isinstance(t, list) and issubclass(S.TList, list)
assert t == [1, 2, 3] and repr(t) == "[1, 2, 3]" and len(t) == 3
assert t.state == 7 and t.increment() == 8 and t.state == 8    # set by the C tp_init
assert t.total() == 6                                       # C reads the list's items
t.append(10)
assert t.total() == 16 and t[-1] == 10 and t + [5] == [1, 2, 3, 10, 5]
t.sort(reverse=True)
assert t == [10, 3, 2, 1] and t.total() == 16
assert S.TList.__mro__ == (S.TList, list, object)
assert S.TList.__name__ == "TList" and S.TList.__module__ == "_capi_subtype"


class P(S.TList):
    def total(self):
        return "py " + str(super().total())


p = P([4, 5])
assert p.state == 7 and p.total() == "py 9" and isinstance(p, S.TList)

# a cycle through a C field of a list subtype is collected; the C destructor runs
gc.collect()
before = S.freed()
t.tag = t
assert t.tag is t
del t, p
gc.collect()
assert S.freed() == before + 2, S.freed()

d = S.CDict(a=1, b=2)
assert isinstance(d, dict) and d == {"a": 1, "b": 2} and d.lookups == 0
assert d.lookup("a") == 1 and d.lookups == 1
d["c"] = 3
assert d.lookup("c") == 3 and d.lookups == 2
raises(KeyError, d.lookup, "zz")
assert sorted(d) == ["a", "b", "c"] and d.get("b") == 2
raises(AttributeError, setattr, d, "lookups", 5)

try:
    S.raise_it()
except S.MyError as e:
    assert str(e) == "boom" and e.code == 99 and e.args == ("boom",)
    assert isinstance(e, Exception)
else:
    raise AssertionError("no exception")
e = S.MyError("x")
assert e.code == 42 and repr(e) == "MyError('x')"
e.code = 5
assert e.code == 5

print("ALL OK")
