# __slots__: attribute restrictions, inheritance, __dict__ and __weakref__ slots.
class P:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
p = P(1, 2)
print(p.x, p.y, hasattr(p, "__dict__"), P.__slots__, type(P.x).__name__)
try:
    p.z = 3
except AttributeError as e:
    print("AttributeError:", e)
del p.x
try:
    p.x
except AttributeError as e:
    print("AttributeError:", e)
p.x = 10
print(p.x)
class Q(P):
    pass
q = Q(1, 2)
q.z = 3
print(q.z, hasattr(q, "__dict__"), q.__dict__)
class R(P):
    __slots__ = ("w",)
r = R(1, 2)
r.w = 5
print(r.x, r.w, hasattr(r, "__dict__"))
try:
    r.other = 1
except AttributeError as e:
    print("AttributeError:", e)
class WithDict:
    __slots__ = ("a", "__dict__")
w = WithDict()
w.a = 1
w.b = 2
print(w.a, w.__dict__)
class Single:
    __slots__ = "only"
s = Single()
s.only = "ok"
print(s.only, Single.__slots__)
try:
    class Conflict:
        __slots__ = ("v",)
        v = 1
except ValueError as e:
    print("ValueError:", e)
class Empty:
    __slots__ = ()
try:
    Empty().anything = 1
except AttributeError as e:
    print("AttributeError:", e)
import weakref
class NoWeak:
    __slots__ = ("a",)
try:
    weakref.ref(NoWeak())
except TypeError as e:
    print("TypeError:", e)
class Weak:
    __slots__ = ("a", "__weakref__")
obj = Weak()
ref = weakref.ref(obj)
print(ref() is obj)
class Default:
    __slots__ = ("val",)
d = Default()
try:
    d.val
except AttributeError as e:
    print("AttributeError:", e)
print(getattr(d, "val", "default"), [n for n in dir(d) if not n.startswith("__")])
class Mangled:
    __slots__ = ("__secret",)
    def __init__(self):
        self.__secret = "hidden"
    def reveal(self):
        return self.__secret
m = Mangled()
print(m.reveal(), Mangled.__slots__, hasattr(m, "_Mangled__secret"))
class S1:
    __slots__ = ("a",)
class S2:
    __slots__ = ("b",)
try:
    class Both(S1, S2):
        pass
except TypeError as e:
    print("TypeError:", e)
