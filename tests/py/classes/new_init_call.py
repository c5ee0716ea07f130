# __new__, __init__, __call__, immutable subclasses, singletons, object construction errors.
class Point:
    def __new__(cls, x, y):
        print("__new__", cls.__name__, x, y)
        return super().__new__(cls)
    def __init__(self, x, y):
        print("__init__", x, y)
        self.x, self.y = x, y
p = Point(1, 2)
print(p.x, p.y)
class Upper(str):
    def __new__(cls, value):
        return super().__new__(cls, value.upper())
u = Upper("hello")
print(u, type(u).__name__, u + "!", len(u))
class Positive(int):
    def __new__(cls, v):
        if v < 0:
            raise ValueError("negative")
        return super().__new__(cls, v)
print(Positive(5) + 1, type(Positive(3)).__name__)
try:
    Positive(-1)
except ValueError as e:
    print("ValueError:", e)
class NotSelf:
    def __new__(cls):
        return 42
    def __init__(self):
        print("never runs")
print(NotSelf())
class Other:
    def __init__(self):
        print("Other.__init__ not called either")
class ReturnsOther:
    def __new__(cls):
        return object.__new__(Other)
print(type(ReturnsOther()).__name__)
class InitReturns:
    def __init__(self):
        return 5
try:
    InitReturns()
except TypeError as e:
    print("TypeError:", e)
class Callable:
    def __init__(self):
        self.calls = 0
    def __call__(self, *args, **kw):
        self.calls += 1
        return f"called with {args} {kw}"
c = Callable()
print(c(1, k=2), c(), c.calls, callable(c), callable(Callable))
class NoInit:
    pass
try:
    NoInit(1)
except TypeError as e:
    print("TypeError:", e)
try:
    object(1)
except TypeError as e:
    print("TypeError:", e)
class OnlyNew:
    def __new__(cls, *a):
        return super().__new__(cls)
print(type(OnlyNew(1, 2)).__name__)
class OnlyInit:
    def __init__(self, a):
        self.a = a
print(OnlyInit(3).a)
class Singleton:
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
            cls._inst.n = 0
        return cls._inst
    def __init__(self):
        self.n += 1
s1, s2 = Singleton(), Singleton()
print(s1 is s2, s1.n)
class Tup(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))
    @property
    def a(self):
        return self[0]
t = Tup(1, 2)
print(t, t.a, len(t), isinstance(t, tuple))
try:
    Point()
except TypeError as e:
    print("TypeError:", e)
try:
    int.__new__(str)
except TypeError as e:
    print("TypeError:", e)
print(object.__new__(Point).__class__.__name__, type.__call__(OnlyInit, 9).a)
