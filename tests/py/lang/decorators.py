# Decorators on functions, methods and classes; with arguments; stacking order.
import functools
trace = []
def tag(name):
    trace.append("make " + name)
    def deco(fn):
        trace.append("apply " + name + " to " + fn.__name__)
        @functools.wraps(fn)
        def wrapper(*a, **k):
            return f"<{name}>" + str(fn(*a, **k)) + f"</{name}>"
        return wrapper
    return deco
@tag("b")
@tag("i")
def text(s):
    return s
print(trace)
print(text("hi"), text.__name__, text.__wrapped__.__name__, text.__wrapped__.__wrapped__("raw"))
def counted(fn):
    def wrapper(*args):
        wrapper.calls += 1
        return fn(*args)
    wrapper.calls = 0
    return wrapper
@counted
def add(a, b):
    return a + b
add(1, 2); add(3, 4)
print(add.calls, add.__name__)
def memo(fn):
    cache = {}
    def inner(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]
    inner.cache = cache
    return inner
@memo
def fibo(n):
    return n if n < 2 else fibo(n - 1) + fibo(n - 2)
print(fibo(80), len(fibo.cache))
def register(registry):
    def deco(cls):
        registry[cls.__name__] = cls
        cls.registered = True
        return cls
    return deco
REG = {}
@register(REG)
class Plugin:
    pass
print(list(REG), Plugin.registered)
class Service:
    def __init__(self):
        self.log = []
    def logged(fn):
        def wrapper(self, *a):
            self.log.append(fn.__name__)
            return fn(self, *a)
        return wrapper
    @logged
    def run(self, x):
        return x * 2
    @property
    @functools.lru_cache(maxsize=None)
    def expensive(self):
        return "computed"
s = Service()
print(s.run(4), s.run(5), s.log, s.expensive)
def deco_expr_target():
    return lambda f: (lambda: f() * 3)
decos = [deco_expr_target()]
@decos[0]
def seven():
    return 7
print(seven())
@lambda f: f()
def immediately():
    return "called at definition"
print(immediately)
def class_deco(cls):
    orig = cls.__init__
    def __init__(self, *a, **k):
        orig(self, *a, **k)
        self.extra = "added"
    cls.__init__ = __init__
    return cls
@class_deco
class Thing:
    def __init__(self, v):
        self.v = v
t = Thing(3)
print(t.v, t.extra)
@functools.lru_cache(maxsize=2)
def sq(x):
    return x * x
print([sq(i % 3) for i in range(6)], sq.cache_info())
@functools.singledispatch
def kind(x):
    return "object"
@kind.register
def _(x: int):
    return "int"
@kind.register(str)
def _(x):
    return "str"
print(kind(1), kind("s"), kind(1.5), kind(True))
