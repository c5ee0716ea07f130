# abc.ABC, abstractmethod, virtual subclasses, collections.abc.
import abc
import collections.abc as cabc
class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self):
        ...
    @abc.abstractmethod
    def perimeter(self):
        ...
    def describe(self):
        return f"{type(self).__name__} area={self.area()}"
class Square(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2
    def perimeter(self):
        return 4 * self.s
class Half(Shape):
    def area(self):
        return 0
for cls in (Shape, Half):
    try:
        cls()
    except TypeError as e:
        print("TypeError:", e)
print(Square(3).describe(), Square(2).perimeter(), sorted(Shape.__abstractmethods__), sorted(Half.__abstractmethods__), Square.__abstractmethods__)
class Duck:
    def __len__(self):
        return 0
    def __iter__(self):
        return iter([])
    def __contains__(self, x):
        return False
print(isinstance(Duck(), cabc.Sized), isinstance(Duck(), cabc.Iterable), isinstance(Duck(), cabc.Collection), isinstance(Duck(), cabc.Sequence))
class MyABC(abc.ABC):
    pass
MyABC.register(int)
print(isinstance(5, MyABC), issubclass(bool, MyABC), issubclass(str, MyABC))
class WithHook(abc.ABC):
    @classmethod
    def __subclasshook__(cls, C):
        return hasattr(C, "quack") or NotImplemented
class Quacker:
    def quack(self):
        pass
print(isinstance(Quacker(), WithHook), isinstance(1, WithHook))
for t in [list, tuple, dict, set, str, bytes, range, frozenset, type({}.keys())]:
    print(t.__name__, [a.__name__ for a in (cabc.Sequence, cabc.MutableSequence, cabc.Mapping, cabc.Set, cabc.MutableSet, cabc.Hashable, cabc.Reversible) if issubclass(t, a)])
class MySeq(cabc.Sequence):
    def __init__(self, d):
        self.d = d
    def __getitem__(self, i):
        return self.d[i]
    def __len__(self):
        return len(self.d)
s = MySeq([1, 2, 3, 2])
print(list(s), s.index(2), s.count(2), 3 in s, list(reversed(s)))
class Props(abc.ABC):
    @property
    @abc.abstractmethod
    def value(self):
        ...
class Impl(Props):
    @property
    def value(self):
        return "impl"
print(Impl().value)
try:
    Props()
except TypeError as e:
    print("TypeError:", e)
print(type(Shape).__name__, isinstance(Shape, abc.ABCMeta), abc.ABC.__mro__)
