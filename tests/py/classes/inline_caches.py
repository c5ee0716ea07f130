# Attribute and global loads are cached per instruction; every change below must be
# seen by the same instruction on its next execution.
import builtins


def read_x(o):
    return o.x


def call_m(o):
    return o.m()


def set_x(o, v):
    o.x = v


class Base:
    def m(self):
        return "Base.m"


class C(Base):
    x = 1


c = C()
print([read_x(c) for _ in range(3)])  # class value
c.x = 2
print(read_x(c))  # instance dict shadows it
del c.x
print(read_x(c))
C.x = 3
print(read_x(c))  # class changed
del C.x
try:
    read_x(c)
except AttributeError as e:
    print("AttributeError:", e)
C.x = None
print(read_x(c))

print([call_m(c) for _ in range(3)])
C.m = lambda self: "C.m"
print(call_m(c))
del C.m
print(call_m(c))
Base.m = lambda self: "Base.m2"  # base changed: subclass lookups see it
print(call_m(c))
c.m = lambda: "instance m"
print(call_m(c))
del c.m
print(call_m(c))


# a data descriptor added to the base takes precedence over the instance dict
class P:
    pass


p = P()
set_x(p, 10)
print(read_x(p), read_x(p))
P.x = property(lambda self: "property")
print(read_x(p))
try:
    set_x(p, 11)
except AttributeError as e:
    print("AttributeError:", e)
del P.x
print(read_x(p))


# __getattr__ and __getattribute__ added after the caches were filled
class G:
    pass


g = G()
try:
    read_x(g)
except AttributeError as e:
    print("AttributeError:", e)
G.__getattr__ = lambda self, n: "getattr " + n
print(read_x(g))
G.__getattribute__ = lambda self, n: "getattribute " + n
print(read_x(g))
del G.__getattribute__
del G.__getattr__
g.x = 5
print(read_x(g))


# __setattr__ added later
class S:
    pass


s = S()
for v in range(3):
    set_x(s, v)
print(s.x)
S.__setattr__ = lambda self, n, v: object.__setattr__(self, n, v * 100)
set_x(s, 4)
print(s.x)


# __slots__: read, write, delete, unset
class Sl:
    __slots__ = ("x", "y")


sl = Sl()
try:
    read_x(sl)
except AttributeError as e:
    print("AttributeError:", e)
for v in range(3):
    set_x(sl, v)
print(read_x(sl))
del sl.x
try:
    read_x(sl)
except AttributeError as e:
    print("AttributeError:", e)


# the same instruction sees objects of different types
class A1:
    x = "A1"


class A2:
    __slots__ = ("x",)

    def __init__(self):
        self.x = "A2"


class A3:
    @property
    def x(self):
        return "A3"


for o in [A1(), A2(), A3(), A1(), A2(), A3()]:
    print(read_x(o), end=" ")
print()

# __class__ assignment
class K1:
    def m(self):
        return "K1"


class K2:
    def m(self):
        return "K2"


k = K1()
print(call_m(k))
k.__class__ = K2
print(call_m(k))

# methods of builtin types and modules
import math


def sq(v):
    return math.sqrt(v)


print([sq(4.0) for _ in range(2)])
math.sqrt = lambda v: "patched"
print(sq(4.0))
del math.sqrt
try:
    sq(4.0)
except AttributeError as e:
    print("AttributeError:", e)


def app(lst):
    lst.append(1)
    return len(lst)


print([app([]) for _ in range(2)])


class MyList(list):
    def append(self, v):
        list.append(self, v * 2)
        list.append(self, v * 2)


print(app(MyList()))


# globals and builtins
def use_len():
    return len("abc")


print(use_len())
len = lambda s: "global len"
print(use_len())
del len
print(use_len())
orig = builtins.len
builtins.len = lambda s: "builtins len"
print(use_len())
builtins.len = orig
print(use_len())
del builtins.len
try:
    use_len()
except NameError as e:
    print("NameError:", e)
builtins.len = orig
print(use_len())


def use_g():
    return GV


try:
    use_g()
except NameError as e:
    print("NameError:", e)
GV = 1
print(use_g())
GV = 2
print(use_g())
for i in range(20):  # the globals dict grows and is rebuilt
    globals()["filler%d" % i] = i
print(use_g())
del GV
try:
    use_g()
except NameError as e:
    print("NameError:", e)

# one code object run with different globals
code = compile("def f():\n    return V\n", "<s>", "exec")
g1, g2 = {"V": "g1"}, {"V": "g2"}
exec(code, g1)
exec(code, g2)
print(g1["f"](), g2["f"](), g1["f"](), g2["f"]())
g2["V"] = "g2b"
print(g1["f"](), g2["f"]())
