"""C-defined types (_capi_types.c): a static Vec type with members, getsets, every
method convention, repr/str, comparison, hashing and number slots; Python
subclasses of it; a static sequence/mapping type with its iterator; tp_call and
attribute hooks; heap types from specs with module state; a spec type deriving
from a static type; instances freed with their last reference."""
from _check import raises
import _capi_types as T
from _capi_types import Vec

# ---- the type object -------------------------------------------------------
assert type(Vec) is type
assert Vec.__name__ == "Vec" and Vec.__qualname__ == "Vec" and Vec.__module__ == "_capi_types"
assert Vec.__doc__ == "A 2-D vector of doubles.", Vec.__doc__
assert Vec.__text_signature__ == "(x, y, tag=None)", Vec.__text_signature__
assert Vec.__mro__ == (Vec, object)
v = Vec(1, 2)
assert type(v) is Vec and type(v).__name__ == "Vec" and isinstance(v, Vec)
assert Vec(y=4, x=3).pair == (3.0, 4.0)
raises(TypeError, Vec, 1)                                   # y is required
raises(TypeError, Vec, "a", 2)
raises(TypeError, Vec, 1, 2, 3, 4)
print("type object ok")

# ---- members -----------------------------------------------------------------
assert v.x == 1.0 and v.y == 2.0 and type(v.x) is float
assert v.tag is None and Vec(1, 2, tag="t").tag == "t" and Vec(1, 2, "u").tag == "u"
v.x = 5                                                     # T_DOUBLE takes an int
assert v.x == 5.0 and type(v.x) is float
raises(TypeError, setattr, v, "x", "no")                    # wrong type for T_DOUBLE
raises(TypeError, delattr, v, "x")
assert v.count == 0
v.count = -70000
assert v.count == -70000
raises(TypeError, setattr, v, "count", 1.5)
v.flag = -5
assert v.flag == -5
v.big = -(2 ** 62)
assert v.big == -(2 ** 62)
raises(OverflowError, setattr, v, "big", 2 ** 64)
v.ub = 250
assert v.ub == 250
assert v.on is False
v.on = True
assert v.on is True
raises(TypeError, setattr, v, "on", 1)                      # T_BOOL wants a bool
v.n = -7
assert v.n == -7
s1, s2 = Vec(0, 0).serial, Vec(0, 0).serial
assert type(s1) is int and s2 > s1
raises(AttributeError, setattr, v, "serial", 1)             # READONLY
# T_OBJECT_EX: deleting it makes reads raise AttributeError; a fresh object from
# __new__ (tp_init not run) has it unset too
v.tag = [1]
assert v.tag == [1]
del v.tag
raises(AttributeError, getattr, v, "tag")
assert not hasattr(v, "tag")
v.tag = "back"
assert v.tag == "back"
bare = Vec.__new__(Vec)
raises(AttributeError, getattr, bare, "tag")
assert bare.x == 0.0 and bare.y == 0.0
# no __dict__: unknown attributes cannot be set
raises(AttributeError, setattr, v, "nonexistent", 1)
raises(AttributeError, getattr, v, "nonexistent")
assert not hasattr(v, "__dict__")
assert type(Vec.__dict__["x"]).__name__ == "member_descriptor"
assert Vec.__dict__["x"].__doc__ == "x component"
print("members ok")

# ---- getset ------------------------------------------------------------------
w = Vec(3, 4)
assert w.norm2 == 25.0
assert type(Vec.__dict__["norm2"]).__name__ == "getset_descriptor"
assert Vec.norm2.__doc__ == "x*x + y*y (read-only)"
assert Vec.norm2.__get__(w) == 25.0
raises(AttributeError, setattr, w, "norm2", 1.0)            # no setter
assert w.pair == (3.0, 4.0)
w.pair = (6, 8.0)
assert (w.x, w.y) == (6.0, 8.0) and w.norm2 == 100.0
raises(TypeError, setattr, w, "pair", [1, 2], msg="pair must be a 2-tuple of numbers")
raises(TypeError, setattr, w, "pair", (1,), msg="pair must be a 2-tuple of numbers")
raises(TypeError, setattr, w, "pair", (1, "2"), msg="pair must be a 2-tuple of numbers")
raises(TypeError, delattr, w, "pair", msg="cannot delete pair")
assert w.pair == (6.0, 8.0)
print("getset ok")

# ---- methods -------------------------------------------------------------------
v = Vec(3, 4)
assert v.to_tuple() == (3.0, 4.0)                           # METH_NOARGS
raises(TypeError, v.to_tuple, 1)
assert v.normalized().pair == (0.6, 0.8)
raises(ValueError, Vec(0, 0).normalized, msg="cannot normalize a zero vector")
assert v.dot(Vec(1, 2)) == 11.0                             # METH_O
raises(TypeError, v.dot, "s", msg="dot() argument must be a Vec, not str")
raises(TypeError, v.dot)
assert v.moved(1).pair == (4.0, 4.0)                        # METH_VARARGS | METH_KEYWORDS
assert v.moved(1, 2).pair == (4.0, 6.0)
assert v.moved(dy=1, dx=2, times=3).pair == (9.0, 7.0)
raises(TypeError, v.moved, 1, 2, 3)                         # times is keyword-only
raises(TypeError, lambda: v.moved(1, bogus=2))
assert v.total() == 7.0                                     # METH_FASTCALL
assert v.total(1, 2.5, 3) == 13.5
raises(TypeError, v.total, 1, "x", msg="total() argument 2 must be a number, not str")
o = Vec.origin()                                            # METH_CLASS
assert type(o) is Vec and o.pair == (0.0, 0.0) and o.tag is None
assert v.origin().pair == (0.0, 0.0)                        # also through an instance
assert type(Vec.__dict__["origin"]).__name__ == "classmethod_descriptor"
p = Vec.from_pair((1, 2))                                   # METH_STATIC
assert type(p) is Vec and p.pair == (1.0, 2.0)
assert v.from_pair((5, 6)).pair == (5.0, 6.0)
assert isinstance(Vec.__dict__["from_pair"], staticmethod)
raises(TypeError, Vec.from_pair, (1,))
# unbound method descriptors
assert type(Vec.__dict__["dot"]).__name__ == "method_descriptor"
assert Vec.dot(Vec(1, 0), Vec(2, 5)) == 2.0
raises(TypeError, Vec.dot, "not a vec", Vec(1, 1))
assert Vec.dot.__doc__ == "Dot product with another Vec."
assert Vec.dot.__name__ == "dot" and Vec.dot.__qualname__ == "Vec.dot"
names = dir(v)
for name in ("x", "y", "tag", "count", "flag", "big", "ub", "on", "n", "serial", "norm2",
             "pair", "to_tuple", "normalized", "dot", "moved", "total", "origin", "from_pair",
             "__add__", "__radd__", "__neg__", "__abs__", "__bool__", "__iadd__"):
    assert name in names, name
print("methods ok")

# ---- repr, str, comparison, hash -----------------------------------------------
v = Vec(1, 2)
assert repr(v) == "Vec(1.0, 2.0)", repr(v)
assert str(v) == "<1.0, 2.0>", str(v)
assert f"{v}" == "<1.0, 2.0>" and repr([v]) == "[Vec(1.0, 2.0)]"
assert T.call_repr(v) == "Vec(1.0, 2.0)" and T.slot_repr(v) == "Vec(1.0, 2.0)"
assert v == Vec(1, 2) and not (v != Vec(1, 2)) and v != Vec(2, 1)
assert Vec(1, 1) < Vec(2, 2) and Vec(2, 2) > Vec(1, 1)
assert Vec(1, 2) <= Vec(2, 1) and Vec(1, 2) >= Vec(2, 1) and not (Vec(1, 2) < Vec(2, 1))
assert v.__eq__("x") is NotImplemented
assert (v == (1, 2)) is False and (v != (1, 2)) is True     # falls back to identity
raises(TypeError, lambda: v < 3, msg="'<' not supported between instances of '_capi_types.Vec' and 'int'")
raises(TypeError, lambda: 3 >= v, msg="'>=' not supported between instances of 'int' and '_capi_types.Vec'")
assert sorted([Vec(3, 0), Vec(1, 0), Vec(2, 0)]) == [Vec(1, 0), Vec(2, 0), Vec(3, 0)]
assert hash(v) == hash(Vec(1, 2)) == hash((1.0, 2.0))
d = {Vec(1, 2): "a"}
assert d[Vec(1, 2)] == "a" and Vec(2, 1) not in d
print("repr/compare/hash ok")

# ---- number slots ------------------------------------------------------------------
# (operator messages name C types by tp_name, i.e. the dotted "_capi_types.Vec")
a, b = Vec(1, 2), Vec(10, 20)
assert a + b == Vec(11, 22) and type(a + b) is Vec
assert a + 1 == Vec(2, 3) and a + 0.5 == Vec(1.5, 2.5)
assert 1 + a == Vec(2, 3)                                   # slot called as (1, a)
assert b - a == Vec(9, 18) and a - 1 == Vec(0, 1)
assert 10 - a == Vec(9, 8)                                  # reflected: not a - 10
assert a * 3 == Vec(3, 6) and 3 * a == Vec(3, 6) and a * 0.5 == Vec(0.5, 1.0)
assert -a == Vec(-1, -2)
assert abs(Vec(3, 4)) == 5.0 and type(abs(Vec(3, 4))) is float
assert bool(a) and not bool(Vec(0, 0)) and not Vec(0.0, -0.0)
assert (a if Vec(0, 0) else b) is b
raises(TypeError, lambda: a + "s", msg="unsupported operand type(s) for +: '_capi_types.Vec' and 'str'")
raises(TypeError, lambda: "s" - a, msg="unsupported operand type(s) for -: 'str' and '_capi_types.Vec'")
raises(TypeError, lambda: a * b, msg="unsupported operand type(s) for *: '_capi_types.Vec' and '_capi_types.Vec'")
raises(TypeError, lambda: a / 2, msg="unsupported operand type(s) for /: '_capi_types.Vec' and 'int'")
raises(TypeError, lambda: ~a, msg="bad operand type for unary ~: '_capi_types.Vec'")
raises(TypeError, lambda: a + [1])
# in-place add mutates and returns the same object
c = Vec(1, 1)
alias = c
c += Vec(2, 3)
assert c is alias and c == Vec(3, 4)
c += 1
assert c is alias and c == Vec(4, 5)
def iadd_str():
    x = Vec(1, 1)
    x += "s"
raises(TypeError, iadd_str, msg="unsupported operand type(s) for +=: '_capi_types.Vec' and 'str'")
# the slot wrappers on the type
assert Vec.__add__(a, b) == Vec(11, 22)
assert Vec.__add__(a, "s") is NotImplemented
assert Vec.__radd__(a, 1) == Vec(2, 3)
assert Vec.__rsub__(a, 10) == Vec(9, 8)
assert a.__mul__(2) == Vec(2, 4) and a.__rmul__(2) == Vec(2, 4)
assert a.__neg__() == Vec(-1, -2) and a.__abs__() == abs(a)
# C callers
assert T.call_add(a, b) == Vec(11, 22) and T.call_add(2, a) == Vec(3, 4)
assert T.slot_add(a, 1) == Vec(2, 3) and T.slot_add(a, "s") is NotImplemented
raises(TypeError, T.call_add, a, "s", msg="unsupported operand type(s) for +: '_capi_types.Vec' and 'str'")
print("number slots ok")

# ---- Python subclasses of Vec -------------------------------------------------------
class PV(Vec):
    def __init__(self, x, y, label="pv"):
        super().__init__(x, y)
        self.label = label

    def __add__(self, other):
        return ("PV.__add__", other)

    def __repr__(self):
        return f"PV<{self.x}, {self.y}, {self.label}>"


class Plain(Vec):
    pass


pv = PV(1, 2, label="L")
assert isinstance(pv, PV) and isinstance(pv, Vec) and issubclass(PV, Vec)
assert not issubclass(Vec, PV) and PV.__mro__ == (PV, Vec, object)
assert pv.label == "L" and pv.x == 1.0 and pv.tag is None and pv.__dict__ == {"label": "L"}
pv.extra = 5                                                # subclasses have a __dict__
assert pv.extra == 5
# the Python override wins, from Python and from C
assert pv + 1 == ("PV.__add__", 1)
assert T.call_add(pv, 1) == ("PV.__add__", 1)
assert 1 + pv == Vec(2, 3)                                  # inherited __radd__ (C slot)
assert repr(pv) == "PV<1.0, 2.0, L>" and T.call_repr(pv) == "PV<1.0, 2.0, L>"
assert T.slot_repr(pv) == "PV<1.0, 2.0, L>"                 # the slot of the subclass
assert str(pv) == "<1.0, 2.0>"                              # Vec's tp_str is inherited
assert repr(Vec(1, 2)) == "Vec(1.0, 2.0)" and Vec(1, 2) + 1 == Vec(2, 3)
# inherited C behaviour
assert pv - 1 == Vec(0, 1) and type(pv - 1) is Vec
assert pv.norm2 == 5.0 and pv.dot(Vec(1, 1)) == 3.0 and abs(PV(3, 4)) == 5.0
assert pv == Vec(1, 2) and hash(pv) == hash(Vec(1, 2))
# the class method builds the subclass
po = PV.origin()
assert type(po) is PV and po.label == "pv" and po.pair == (0.0, 0.0)
assert type(pv.origin()) is PV
assert type(Plain.origin()) is Plain
assert repr(Plain(1, 2)) == "Plain(1.0, 2.0)"                # the C repr uses __name__
assert type(Plain.from_pair((1, 2))) is Vec                 # static method: always Vec
raises(TypeError, PV, 1)                                    # Python __init__ signature
print("python subclasses ok")

# ---- Seq and SeqIter -------------------------------------------------------------
s = T.Seq(3)
assert len(s) == 3 and len(T.Seq(0)) == 0
assert list(s) == [0, 10, 20]
assert s[0] == 0 and s[2] == 20 and s[-1] == 20 and s[-3] == 0
raises(IndexError, lambda: s[3], msg="Seq index out of range")
raises(IndexError, lambda: s[-4], msg="Seq index out of range")
raises(TypeError, lambda: s["a"], msg="Seq indices must be integers or slices, not str")
assert s[True] == 10                                        # an index
assert s[0:2] == [0, 10] and s[::-1] == [20, 10, 0] and s[5:] == [] and s[::2] == [0, 20]
assert type(s[1:]) is list
assert T.seq_item(s, 1) == 10 and T.seq_item(s, -1) == 20   # sq_item via PySequence_GetItem
raises(IndexError, T.seq_item, s, 7, msg="Seq index out of range")
assert list(reversed(s)) == [20, 10, 0]                     # uses __len__ and sq_item
s[1] = 99
s[-1] = 7
assert list(s) == [0, 99, 7]
raises(IndexError, s.__setitem__, 3, 1, msg="Seq assignment index out of range")
raises(TypeError, s.__setitem__, 0, "x")
def del_item():
    del s[0]
raises(TypeError, del_item, msg="Seq items cannot be deleted")
assert 99 in s and 0 in s and 10 not in s and "x" not in s and 2 ** 100 not in s
raises(ValueError, T.Seq, -1, msg="Seq size must be >= 0")
raises(TypeError, T.Seq)
total = 0
for item in T.Seq(4):
    total += item
assert total == 60
it = iter(T.Seq(2))
assert type(it).__name__ == "SeqIter" and iter(it) is it
assert next(it) == 0 and next(it) == 10
raises(StopIteration, next, it)
raises(StopIteration, next, it)                             # stays exhausted
assert next(iter(T.Seq(0)), "done") == "done"
big = T.Seq(1000)
assert sum(big) == 10 * sum(range(1000)) and big[999] == 9990
assert [x for x in T.Seq(3) if x] == [10, 20] and sorted(T.Seq(3), reverse=True) == [20, 10, 0]
it2 = iter(T.Seq(3))
del s                                                       # the iterator keeps its Seq
assert list(it2) == [0, 10, 20]
print("seq ok")

# ---- Callable ---------------------------------------------------------------------
f = T.Callable()
assert callable(f) and not callable(v)
assert f() == ((), {})
assert f(1, "a") == ((1, "a"), {})
assert f(1, k=2) == ((1,), {"k": 2})
assert f(*[1, 2], **{"a": 3, "b": 4}) == ((1, 2), {"a": 3, "b": 4})
raises(TypeError, v)                                        # Vec has no tp_call
print("callable ok")

# ---- Proxy --------------------------------------------------------------------------
p = T.Proxy()
assert p.v_abc == "virtual:v_abc" and getattr(p, "v_") == "virtual:v_"
assert hasattr(p, "v_anything")
raises(AttributeError, getattr, p, "missing")
p.a = 1
assert p.a == 1 and p.__dict__ == {"a": 1}
p.v_x = 5                                                   # stored, but reads stay virtual
assert p.v_x == "virtual:v_x" and p.__dict__["v_x"] == 5
del p.a
raises(AttributeError, getattr, p, "a")
raises(AttributeError, setattr, p, "ro_x", 1, msg="Proxy attribute 'ro_x' is read-only")
raises(AttributeError, delattr, p, "ro_y", msg="Proxy attribute 'ro_y' is read-only")
assert "ro_x" not in p.__dict__
p.__dict__["b"] = 2
assert p.b == 2
p.__dict__ = {"c": 3}
assert p.c == 3 and not hasattr(p, "b")
print("proxy ok")

# ---- Counter: heap type with module state ----------------------------------------
C = T.Counter
assert type(C) is type and C.__name__ == "Counter" and C.__module__ == "_capi_types"
assert C.__qualname__ == "Counter" and C.__doc__ == "A counter made from a spec."
assert T.type_module(C) is T
raises(TypeError, T.type_module, Vec)                      # not a heap type
start = T.live_counters()
c = C(5)
assert T.live_counters() == start + 1
assert repr(c) == "Counter(5)" and T.slot_repr(c) == "Counter(5)"
assert c.value == 5 and c.step == 1
assert c.incr() == (6, start + 1)
assert c.incr(10) == (16, start + 1)
assert c.incr(by=-6) == (10, start + 1)
c2 = C(step=3)
assert c2.incr() == (3, start + 2) and T.live_counters() == start + 2
raises(TypeError, c.incr, 1, 2, msg="incr() takes at most 1 argument (2 given)")
raises(TypeError, lambda: c.incr(bad=1), msg="incr() got an unexpected keyword argument 'bad'")
raises(TypeError, lambda: c.incr(1, by=2), msg="incr() got multiple values for 'by'")
raises(TypeError, c.incr, "x")
assert C.incr(c, 1) == (11, start + 2)                     # through the method descriptor
c.value = 2 ** 62
assert c.value == 2 ** 62
raises(AttributeError, setattr, c, "step", 2)              # READONLY
raises(AttributeError, setattr, c, "other", 1)             # no __dict__
raises(TypeError, C, "x")
assert T.live_counters() == start + 2
def subclass_counter():
    class Sub(C):
        pass
raises(TypeError, subclass_counter)                        # not a BASETYPE
del c
assert T.live_counters() == start + 1
del c2
assert T.live_counters() == start
counters = [C(i) for i in range(100)]
assert T.live_counters() == start + 100
del counters
assert T.live_counters() == start
print("counter ok")

# ---- Point3: a spec type deriving from the static Vec --------------------------------
P3 = T.Point3
assert P3.__name__ == "Point3" and P3.__module__ == "_capi_types" and P3.__base__ is Vec
assert P3.__mro__ == (P3, Vec, object) and issubclass(P3, Vec)
assert P3.__doc__ == "A Vec with a z component."
raises(TypeError, T.type_module, P3)                       # made without a module
q = P3(1, 2, 3)
assert isinstance(q, Vec) and type(q) is P3
assert (q.x, q.y, q.z, q.tag) == (1.0, 2.0, 3.0, None)
assert P3(1, 2).z == 0.0 and P3(1, 2, tag="t").tag == "t"
assert repr(q) == "Point3(1.0, 2.0, 3.0)" and str(q) == "<1.0, 2.0>"
assert q.to_tuple() == (1.0, 2.0, 3.0) and Vec.to_tuple(q) == (1.0, 2.0)
assert q.norm2 == 5.0 and q.dot(Vec(1, 1)) == 3.0          # inherited getset and method
q.z = 7
assert q.z == 7.0
raises(TypeError, setattr, q, "z", "no")
q.count = 4
assert q.count == 4
assert q + Vec(1, 1) == Vec(2, 3) and type(q + 1) is Vec   # inherited number slots
assert q == Vec(1, 2) and hash(q) == hash((1.0, 2.0))      # inherited compare and hash
assert type(P3.origin()) is P3 and P3.origin().z == 0.0
raises(AttributeError, setattr, q, "w", 1)
raises(TypeError, lambda: q * q, msg="unsupported operand type(s) for *: '_capi_types.Point3' and '_capi_types.Point3'")
raises(TypeError, lambda: q < 1, msg="'<' not supported between instances of '_capi_types.Point3' and 'int'")
raises(TypeError, P3, 1)
print("point3 ok")

# ---- instance lifetime -------------------------------------------------------------------
start = T.alive()
fresh = Vec(1, 2)
assert T.alive() == start + 1
del fresh
assert T.alive() == start                                  # freed with the last reference
vs = [Vec(i, i) for i in range(1000)]
assert T.alive() == start + 1000
del vs
assert T.alive() == start
x = Vec(1, 1)
for i in range(1000):                                       # temporaries from slots
    x = x + Vec(0, 1)
assert x.y == 1001.0 and T.alive() == start + 1
del x
assert T.alive() == start
pvs = [PV(i, i) for i in range(100)] + [P3(i, i, i) for i in range(100)]
assert T.alive() == start + 200
del pvs
assert T.alive() == start
try:
    Vec(0, 0).normalized()
except ValueError:
    pass
assert T.alive() == start                                   # no leak on the error path
raises(TypeError, Vec, "bad", 1)                            # tp_init failed after tp_new
assert T.alive() == start
print("lifetime ok")

print("types ok")
print("ALL OK")
