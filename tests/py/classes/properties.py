# property: getter/setter/deleter, docs, inheritance and errors.
class Temp:
    def __init__(self):
        self._c = 0
    @property
    def celsius(self):
        "Temperature in Celsius"
        return self._c
    @celsius.setter
    def celsius(self, v):
        if v < -273.15:
            raise ValueError("below absolute zero")
        self._c = v
    @celsius.deleter
    def celsius(self):
        print("deleting")
        self._c = None
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
t = Temp()
t.celsius = 100
print(t.celsius, t.fahrenheit, Temp.celsius.__doc__, type(Temp.celsius).__name__)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print("AttributeError:", e)
try:
    del t.fahrenheit
except AttributeError as e:
    print("AttributeError:", e)
del t.celsius
print(t.celsius)
class Computed:
    x = property(lambda self: "via lambda", doc="lambda prop")
print(Computed().x, Computed.x.__doc__, Computed.x.fget is not None, Computed.x.fset)
class Base:
    @property
    def name(self):
        return "base"
class Derived(Base):
    @Base.name.getter
    def name(self):
        return "derived"
    @name.setter
    def name(self, v):
        self._n = v
d = Derived()
d.name = "x"
print(d.name, d._n, Base().name)
try:
    Base().name = "y"
except AttributeError as e:
    print("AttributeError:", e)
class Raises:
    @property
    def bad(self):
        raise AttributeError("inner problem")
    def __getattr__(self, name):
        return f"__getattr__({name})"
print(Raises().bad)
class NoSetter:
    @property
    def v(self):
        return 1
try:
    NoSetter().v = 2
except AttributeError as e:
    print("AttributeError:", e)
p = property()
try:
    p.__get__(1, int)
except AttributeError as e:
    print("AttributeError:", e)
class Chain:
    def __init__(self):
        self._items = []
    items = property(lambda self: tuple(self._items))
    count = property(lambda self: len(self._items))
c = Chain()
c._items.append(1)
print(c.items, c.count, isinstance(Chain.items, property))
