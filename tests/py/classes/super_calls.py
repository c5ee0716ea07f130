# super(): zero-arg and two-arg forms, cooperative multiple inheritance, classmethods, properties.
class Base:
    def __init__(self, **kw):
        self.log = ["Base"]
        self.extra = kw
    def greet(self):
        return "base"
    @classmethod
    def make(cls):
        return f"make {cls.__name__}"
    @property
    def prop(self):
        return "base prop"
class Left(Base):
    def __init__(self, left=0, **kw):
        super().__init__(**kw)
        self.log.append("Left")
    def greet(self):
        return "left+" + super().greet()
class Right(Base):
    def __init__(self, right=0, **kw):
        super().__init__(**kw)
        self.log.append("Right")
    def greet(self):
        return "right+" + super().greet()
class Child(Left, Right):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.log.append("Child")
    def greet(self):
        return "child+" + super().greet()
    @classmethod
    def make(cls):
        return "child " + super().make()
    @property
    def prop(self):
        return "child sees " + super().prop
c = Child(left=1, right=2, other=3)
print(c.log, c.extra, c.greet(), Child.make(), c.prop)
print(super(Left, c).greet(), super(Child, c).greet(), super(Right, c).greet())
print(super(Child, Child).make(), super(Left, Child).make())
s = super(Child, c)
print(type(s).__name__, s.__thisclass__.__name__, s.__self__ is c, s.__self_class__.__name__)
class NoArgs:
    def method(self):
        def inner():
            return super().__repr__
        try:
            inner()
        except RuntimeError as e:
            return "RuntimeError: " + str(e)
print(NoArgs().method())
try:
    super(int, "x")
except TypeError as e:
    print("TypeError:", e)
class Str(str):
    def upper(self):
        return "[" + super().upper() + "]"
print(Str("abc").upper())
class Dict(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v * 2)
    def __getitem__(self, k):
        return super().__getitem__(k) + 1
dd = Dict()
dd["a"] = 5
print(dd["a"], dict.__getitem__(dd, "a"), dd)
class Static:
    @staticmethod
    def s():
        return "static"
class Sub(Static):
    @staticmethod
    def s():
        return "sub+" + super(Sub, Sub).s()
print(Sub.s())
class WithNew:
    def __new__(cls, *a):
        obj = super().__new__(cls)
        obj.created_with = a
        return obj
print(WithNew(1, 2).created_with)
class InitSub:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__()
        cls.tagged = kw
class T(InitSub, flag=True):
    pass
print(T.tagged)
class Attr:
    def __getattribute__(self, name):
        if name == "magic":
            return 42
        return super().__getattribute__(name)
a = Attr()
a.normal = 1
print(a.magic, a.normal)
