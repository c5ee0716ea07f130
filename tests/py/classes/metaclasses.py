# Metaclasses: __new__, __init__, __call__, __prepare__, class keywords, attributes on classes.
log = []
class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        log.append(("prepare", name, kw))
        return {"injected": "by prepare"}
    def __new__(mcls, name, bases, ns, **kw):
        log.append(("new", name, sorted(k for k in ns if not k.startswith("__"))))
        cls = super().__new__(mcls, name, bases, ns)
        cls.kw = kw
        return cls
    def __init__(cls, name, bases, ns, **kw):
        log.append(("init", name))
        super().__init__(name, bases, ns)
    def __call__(cls, *a, **k):
        log.append(("call", cls.__name__, a))
        return super().__call__(*a, **k)
    def describe(cls):
        return f"class {cls.__name__} with kw {cls.kw}"
class Thing(metaclass=Meta, option=1):
    x = 1
    def __init__(self, v):
        self.v = v
t = Thing(5)
for entry in log:
    print(entry)
print(t.v, Thing.injected, Thing.describe(), type(Thing).__name__, isinstance(Thing, Meta), hasattr(t, "describe"))
class Sub(Thing):
    pass
print(type(Sub).__name__, Sub.kw, log[-1])
class Singleton(type):
    instances = {}
    def __call__(cls, *a):
        if cls not in cls.instances:
            cls.instances[cls] = super().__call__(*a)
        return cls.instances[cls]
class Config(metaclass=Singleton):
    def __init__(self):
        self.loaded = True
print(Config() is Config(), len(Singleton.instances))
class Ordered(type):
    def __new__(mcls, name, bases, ns):
        ns["fields"] = [k for k, v in ns.items() if isinstance(v, int) and not k.startswith("_")]
        return super().__new__(mcls, name, bases, ns)
class Rec(metaclass=Ordered):
    b = 2
    a = 1
    c = 3
print(Rec.fields)
class M1(type): pass
class M2(type): pass
class A1(metaclass=M1): pass
class A2(metaclass=M2): pass
try:
    class Conflict(A1, A2): pass
except TypeError as e:
    print("TypeError:", e)
class M3(M1): pass
class A3(metaclass=M3): pass
class Fine(A1, A3): pass
print(type(Fine).__name__)
Dyn = Meta("Dyn", (), {"z": 26})
print(Dyn.z, Dyn.kw, type(Dyn).__name__)
def func_meta(name, bases, ns):
    return f"not a class: {name}"
class Weird(metaclass=func_meta):
    pass
print(Weird)
class Counting(type):
    count = 0
    def __new__(mcls, *a):
        mcls.count += 1
        return super().__new__(mcls, *a)
class C1(metaclass=Counting): pass
class C2(C1): pass
print(Counting.count)
class WithRepr(type):
    def __repr__(cls):
        return f"<custom class {cls.__name__}>"
    def __len__(cls):
        return 99
    def __getitem__(cls, item):
        return f"{cls.__name__}[{item}]"
class R(metaclass=WithRepr): pass
print(repr(R), len(R), R[int], str(R))
print(type(type), type.__class__, isinstance(type, type), type.__mro__)
