"""C-defined types (_capi_typeobj.c): spec types with module state, a spec type
deriving from another, a static sequence type with an iterator, call and attribute
hooks, every member kind, comparison and hashing slots, Python subclasses."""
import gc
from _check import raises
import _capi_typeobj as T

C = T.Counter
assert C.__name__ == "Counter" and C.__module__ == "_capi_typeobj" and C.__qualname__ == "Counter"
assert C.__doc__ == "A counter made from a spec." and C.__text_signature__ == "(value=0)"
assert T.module_of(C) is T and T.module_of(T.Doubler) is T
start = T.live()
c = C(5)
assert repr(c) == "Counter(5)" and T.slot_repr(c) == "Counter(5)"
assert c.add(3) == 8 and c.value == 8 and c.live() == start + 1 == T.live()
raises(TypeError, c.add)
assert C.add(c, 1) == 9                         # the method descriptor, unbound
assert type(C.__dict__["value"]).__name__ == "member_descriptor"
assert C.__dict__["value"].__doc__ == "the count"

# every member kind
c.s = -3; c.i = -70000; c.l = -(2 ** 40); c.f = 1.5; c.d = 2.25; c.c = "z"; c.b = -5; c.ub = 250
c.us = 65000; c.ui = 4000000000; c.ul = 2 ** 63; c.flag = True; c.ll = -(2 ** 62); c.ull = 2 ** 64 - 1; c.n = -7
assert (c.s, c.i, c.l, c.f, c.d, c.c, c.b, c.ub) == (-3, -70000, -(2 ** 40), 1.5, 2.25, "z", -5, 250)
assert (c.us, c.ui, c.ul, c.flag, c.ll, c.ull, c.n) == (65000, 4000000000, 2 ** 63, True, -(2 ** 62), 2 ** 64 - 1, -7)
assert c.obj is None and c.str == "const" and c.inplace == "inplace"
c.obj = [1]
assert c.obj == [1]
del c.obj
assert c.obj is None
raises(AttributeError, getattr, c, "objex")
c.objex = "x"
assert c.objex == "x"
raises(TypeError, setattr, c, "d", "no")
raises(TypeError, setattr, c, "i", 1.5)
raises(TypeError, setattr, c, "flag", 1)
raises(AttributeError, setattr, c, "ro", 1)
raises(TypeError, setattr, c, "str", "x")
raises(TypeError, delattr, c, "i")
raises(AttributeError, setattr, c, "nonexistent", 1)

# comparison and hashing
assert C(1) < C(2) and C(2) == C(2) and C(2) != C(3) and C(3) >= C(3)
assert hash(C(42)) == 42 and len({C(1), C(1), C(2)}) == 2
assert (C(1) == "x") is False and (C(1) != "x") is True
raises(TypeError, lambda: C(1) < "x")

# a spec type deriving from another
d = T.Doubler(1)
assert isinstance(d, C) and T.Doubler.__mro__ == (T.Doubler, C, object)
assert d.add(2) == 5 and repr(d) == "Doubler(5)" and d.live() == T.live()

# Python subclasses: the C tp_new allocates, Python overrides win, C sees them
class P(C):
    def __init__(self, v):
        super().__init__(v * 10)
        self.extra = "py"
    def __repr__(self):
        return "P:" + super().__repr__()
p = P(2)
assert p.value == 20 and p.extra == "py" and repr(p) == "P:P(20)" and T.slot_repr(p) == "P:P(20)"
assert isinstance(p, C) and p.add(1) == 21
raises(TypeError, object.__new__, P)

# instances are freed when the last reference goes
before = T.live()
objs = [C(i) for i in range(100)]
assert T.live() == before + 100
del objs
assert T.live() == before
del c, d, p
gc.collect()
assert T.live() == start

# a static sequence type and its iterator
s = T.Seq(4)
assert len(s) == 4 and s[1] == 10 and s[-1] == 30 and list(s) == [0, 10, 20, 30]
assert 20 in s and 25 not in s and "x" not in s
s[2] = 7
assert s[2] == 7 and s[-2] == 7
raises(IndexError, s.__getitem__, 4)
e = raises(IndexError, s.__getitem__, -5)
assert str(e) == "Seq index out of range"
raises(TypeError, s.__delitem__, 0)
it = iter(s)
assert type(it).__name__ == "SeqIter" and iter(it) is it and next(it) == 0
assert list(it) == [10, 7, 30]
raises(StopIteration, next, it)
assert sum(x for x in T.Seq(3)) == 30
raises(TypeError, T.Seq)
raises(ValueError, T.Seq, -1)

# calls and attribute hooks
px = T.Proxy()
assert px(1, 2, k=3) == ((1, 2), {"k": 3}) and px() == ((), None)
assert px.v_color == "virtual:color"
px.normal = 5
assert px.normal == 5 and px.__dict__ == {"normal": 5}
e = raises(AttributeError, setattr, px, "ro_x", 1)
assert str(e) == "'ro_x' is read-only"
raises(AttributeError, getattr, px, "missing")
del px.normal
assert not hasattr(px, "normal")

# unsupported operations give CPython's messages
e = raises(TypeError, lambda: C(1) + 1)
assert str(e) == "unsupported operand type(s) for +: '_capi_typeobj.Counter' and 'int'", str(e)
raises(TypeError, T.SeqIter if hasattr(T, "SeqIter") else (lambda: type(iter(T.Seq(1)))()))
print("ALL OK")
