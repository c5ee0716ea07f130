# globals(), locals(), type() with 1 and 3 arguments, id-independent identity checks.
G = "module global"
g = globals()
print(g["G"], g is globals(), g["__name__"], "__builtins__" in g, "print" in dir(g["__builtins__"]) if not isinstance(g["__builtins__"], dict) else "print" in g["__builtins__"])
g["created_via_globals"] = 7
print(created_via_globals)
def fn(a, b=2):
    c = a + b
    l = locals()
    return sorted(l.items())
print(fn(1))
def fn2():
    x = 1
    locals()["x"] = 99
    return x
print(fn2())
class K:
    inside = 1
    snapshot = sorted(k for k in locals() if not k.startswith("__"))
print(K.snapshot)
print(locals() is globals())
print(type(1), type("a"), type(type), type(None), type(K), type(K()), type(fn), type(len), type(print).__name__)
T = type("T", (), {"x": 1, "hello": lambda self: "hi from " + type(self).__name__})
print(T, T.__name__, T.__qualname__, T.__module__, T.x, T().hello(), T.__bases__, T.__mro__)
U = type("U", (T,), {"__init__": lambda self, v: setattr(self, "v", v), "__repr__": lambda self: f"U({self.v})"})
u = U(5)
print(u, u.v, u.x, isinstance(u, T), [c.__name__ for c in U.__mro__], U.__dict__["__module__"])
D = type("D", (dict,), {})
print(D(a=1), type(D(a=1)).__name__, issubclass(D, dict))
for bad in [lambda: type("X", 1, {}), lambda: type("X", (), 1), lambda: type(1, (), {}), lambda: type("X", (1,), {}), lambda: type(), lambda: type("a", ())]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
Q = type("Q", (), {"__slots__": ("a",), "__doc__": "dynamic doc"})
print(Q.__doc__, Q.__slots__, hasattr(Q(), "__dict__"))
a = [1]
b = a
c = [1]
print(a is b, a is c, a == c, id(a) == id(b), id(a) == id(c), None is None, type(id(a)).__name__)
x = object()
print(x is x, x == x, x != object(), hash(x) == hash(x))
print(type.__name__, type(type).__name__, type.__base__.__name__, object.__base__)
