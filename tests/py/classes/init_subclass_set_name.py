# __init_subclass__, __set_name__, __class_getitem__.
class Plugin:
    registry = []
    def __init_subclass__(cls, /, name=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.plugin_name = name or cls.__name__.lower()
        Plugin.registry.append(cls.plugin_name)
class Alpha(Plugin): pass
class Beta(Plugin, name="b-plugin"): pass
class Gamma(Beta): pass
print(Plugin.registry, Gamma.plugin_name, hasattr(Plugin, "plugin_name"))
try:
    class Bad(Plugin, unknown=1): pass
except TypeError as e:
    print("TypeError:", e)
try:
    class Plain(unknown=1): pass
except TypeError as e:
    print("TypeError:", e)
class Field:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = "_" + name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name, "unset")
    def __set__(self, obj, value):
        setattr(obj, self.name, value)
class Model:
    first = Field()
    second = Field()
m = Model()
m.first = 1
print(m.first, m.second, vars(m), type(Model.first).__name__)
class Late: pass
f = Field()
Late.attr = f
print(hasattr(f, "name"))
class Gen:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item!r}]"
print(Gen[int], Gen["x"], Gen[1, 2])
class GenSub(Gen): pass
print(GenSub[str])
import typing
T = typing.TypeVar("T")
class Box(typing.Generic[T]):
    def __init__(self, v: T):
        self.v = v
print(Box[int], Box[int](3).v, Box.__parameters__, typing.get_origin(Box[int]) is Box, typing.get_args(Box[int]))
print(list[int], dict[str, int].__origin__, list[int].__args__, type(list[int]).__name__, list[int]([1, 2]))
try:
    int[str]
except TypeError as e:
    print("TypeError:", e)
class Order:
    events = []
    def __init_subclass__(cls):
        Order.events.append(("init_subclass", cls.__name__, "x" in cls.__dict__))
class Tracked:
    def __set_name__(self, owner, name):
        Order.events.append(("set_name", name))
class Child(Order):
    x = Tracked()
    y = Tracked()
print(Order.events)
