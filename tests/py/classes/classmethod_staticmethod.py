# classmethod and staticmethod: binding, inheritance, alternative constructors.
class Date:
    def __init__(self, y, m, d):
        self.y, self.m, self.d = y, m, d
    @classmethod
    def from_string(cls, s):
        return cls(*map(int, s.split("-")))
    @staticmethod
    def is_valid(s):
        parts = s.split("-")
        return len(parts) == 3 and all(p.isdigit() for p in parts)
    def __repr__(self):
        return f"{type(self).__name__}({self.y}, {self.m}, {self.d})"
class MyDate(Date):
    pass
print(Date.from_string("2020-1-2"), MyDate.from_string("1999-12-31"), Date.is_valid("1-2-3"), MyDate().is_valid("x") if False else MyDate.is_valid("x"))
d = Date(1, 2, 3)
print(d.from_string("5-6-7"), d.is_valid("1-1-1"))
cm = Date.__dict__["from_string"]
sm = Date.__dict__["is_valid"]
print(type(cm).__name__, type(sm).__name__, cm.__func__.__name__, sm.__func__.__name__, sm("1-2-3"))
bound = Date.from_string
print(type(bound).__name__, bound.__self__ is Date, MyDate.from_string.__self__ is MyDate)
class Counter:
    count = 0
    @classmethod
    def incr(cls):
        cls.count += 1
        return cls.count
class SubCounter(Counter):
    pass
print(Counter.incr(), Counter.incr(), SubCounter.incr(), Counter.count, SubCounter.count)
class Wrapped:
    @staticmethod
    def plain(a, b=2):
        "static doc"
        return a + b
    @classmethod
    def clsm(cls, *args):
        "class doc"
        return cls.__name__, args
print(Wrapped.plain(1), Wrapped().plain(1, 5), Wrapped.plain.__doc__, Wrapped.clsm.__doc__, Wrapped.clsm(1, 2))
print(Wrapped.plain.__name__, Wrapped.clsm.__name__, Wrapped.__dict__["plain"].__wrapped__.__name__)
try:
    Date.from_string()
except TypeError as e:
    print("TypeError:", e)
try:
    Wrapped.plain()
except TypeError as e:
    print("TypeError:", e)
class Chained:
    @classmethod
    @property
    def cls_prop(cls):
        return "class property of " + cls.__name__
print(Chained.cls_prop)
def outside(x):
    return x * 3
class UsesStatic:
    triple = staticmethod(outside)
    make = classmethod(lambda cls, v: (cls.__name__, v))
print(UsesStatic.triple(3), UsesStatic().triple(4), UsesStatic.make(1), staticmethod(outside)(2))
