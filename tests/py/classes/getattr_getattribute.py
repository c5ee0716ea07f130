# __getattr__, __getattribute__, __setattr__, __delattr__, __dir__.
class Fallback:
    real = "real attr"
    def __getattr__(self, name):
        if name.startswith("dyn_"):
            return name[4:].upper()
        raise AttributeError(f"{type(self).__name__!r} has no {name!r}")
f = Fallback()
print(f.real, f.dyn_hello, getattr(f, "dyn_x"), hasattr(f, "nope"), getattr(f, "nope", "default"))
try:
    f.missing
except AttributeError as e:
    print("AttributeError:", e)
class Tracing:
    def __init__(self):
        object.__setattr__(self, "log", [])
    def __getattribute__(self, name):
        if name != "log":
            object.__getattribute__(self, "log").append(("get", name))
        return object.__getattribute__(self, name)
    def __setattr__(self, name, value):
        self.log.append(("set", name, value))
        object.__setattr__(self, name, value)
    def __delattr__(self, name):
        self.log.append(("del", name))
        object.__delattr__(self, name)
    def method(self):
        return "m"
t = Tracing()
t.a = 1
t.a
t.method()
del t.a
print(t.log)
class Both:
    def __getattribute__(self, name):
        if name == "special":
            raise AttributeError("not here")
        return object.__getattribute__(self, name)
    def __getattr__(self, name):
        return f"fallback for {name}"
b = Both()
print(b.special, b.other, b.__class__.__name__)
class Proxy:
    def __init__(self, target):
        self._target = target
    def __getattr__(self, name):
        return getattr(self._target, name)
p = Proxy([3, 1, 2])
p.sort()
print(p._target, p.count(1), p.__class__.__name__)
try:
    len(p)
except TypeError as e:
    print("TypeError:", e)
class Frozen:
    def __init__(self, **kw):
        for k, v in kw.items():
            object.__setattr__(self, k, v)
    def __setattr__(self, name, value):
        raise AttributeError(f"cannot set {name!r}: frozen")
fz = Frozen(x=1)
try:
    fz.x = 2
except AttributeError as e:
    print("AttributeError:", e)
print(fz.x)
class CustomDir:
    def __dir__(self):
        return ["zeta", "alpha", "beta"]
print(dir(CustomDir()))
class Obj:
    cls_attr = 1
    def __init__(self):
        self.inst = 2
o = Obj()
print(getattr(o, "inst"), getattr(Obj, "cls_attr"), hasattr(o, "cls_attr"), [n for n in dir(o) if not n.startswith("_")])
setattr(o, "new", 3)
delattr(o, "inst")
print(vars(o), o.__dict__ is vars(o))
try:
    getattr(o, 5)
except TypeError as e:
    print("TypeError:", e)
try:
    object().x = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    getattr(o, "inst")
except AttributeError as e:
    print("AttributeError:", e)
try:
    Obj.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    (1).foo
except AttributeError as e:
    print("AttributeError:", e)
try:
    "s".foo = 1
except AttributeError as e:
    print("AttributeError:", e)
import types
ns = types.SimpleNamespace(a=1, b=2)
ns.c = 3
del ns.a
print(ns, ns == types.SimpleNamespace(b=2, c=3))
