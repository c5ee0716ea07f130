# Descriptor protocol: data vs non-data descriptors, lookup precedence, __get__ on class access.
class NonData:
    def __get__(self, obj, objtype=None):
        return ("nondata", obj is not None, objtype.__name__)
class Data:
    def __get__(self, obj, objtype=None):
        return ("data", obj is not None)
    def __set__(self, obj, value):
        obj.__dict__["_data"] = value
    def __delete__(self, obj):
        print("deleting data")
class C:
    nd = NonData()
    d = Data()
c = C()
print(c.nd, C.nd, c.d, C.d)
c.__dict__["nd"] = "instance wins over non-data"
c.__dict__["d"] = "instance loses to data"
print(c.nd, c.d)
c.d = 5
print(c.__dict__)
del c.d
class Validated:
    def __init__(self, kind):
        self.kind = kind
    def __set_name__(self, owner, name):
        self.name = name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return obj.__dict__[self.name]
    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError(f"{self.name} must be {self.kind.__name__}, got {type(value).__name__}")
        obj.__dict__[self.name] = value
class Person:
    name = Validated(str)
    age = Validated(int)
    def __init__(self, name, age):
        self.name = name
        self.age = age
p = Person("Ann", 30)
print(p.name, p.age)
try:
    p.age = "old"
except TypeError as e:
    print("TypeError:", e)
class Method:
    def f(self):
        return "bound"
m = Method()
bound = m.f
print(type(bound).__name__, bound.__self__ is m, bound.__func__ is Method.f, bound(), Method.f(m))
print(Method.__dict__["f"].__get__(m, Method)(), type(Method.__dict__["f"].__get__(None, Method)).__name__)
class ReadOnly:
    def __get__(self, obj, t=None):
        return 42
    def __set__(self, obj, v):
        raise AttributeError("read-only attribute")
class H:
    ro = ReadOnly()
h = H()
try:
    h.ro = 1
except AttributeError as e:
    print("AttributeError:", e)
print(h.ro)
class Counter:
    def __init__(self):
        self.gets = 0
    def __get__(self, obj, t=None):
        self.gets += 1
        return self.gets
class K:
    count = Counter()
k = K()
print(k.count, k.count, K.count)
import functools
class Lazy:
    @functools.cached_property
    def value(self):
        print("computing")
        return 99
l = Lazy()
print(l.value, l.value, "value" in l.__dict__)
class StaticDesc:
    sm = staticmethod(lambda: "sm")
    cm = classmethod(lambda cls: cls.__name__)
print(StaticDesc.sm(), StaticDesc().sm(), StaticDesc.cm(), StaticDesc().cm())
print(type(StaticDesc.__dict__["sm"]).__name__, type(StaticDesc.__dict__["cm"]).__name__, callable(StaticDesc.__dict__["sm"]))
