# Function objects: __name__, __qualname__, __code__, __doc__, __module__, __wrapped__.
import functools
def top(a, b, /, c, *args, d, e=1, **kw):
    "top docstring"
    local1 = a
    local2 = b
    return local1
co = top.__code__
print(top.__name__, top.__qualname__, top.__module__, top.__doc__)
print(co.co_name, co.co_qualname, co.co_argcount, co.co_posonlyargcount, co.co_kwonlyargcount)
print(co.co_varnames, co.co_nlocals, co.co_filename.endswith("functions_introspection.py"), co.co_firstlineno)
class Outer:
    class Inner:
        def method(self):
            def nested():
                pass
            return nested
    def meth(self):
        return lambda: None
    @staticmethod
    def st():
        pass
    @classmethod
    def cm(cls):
        pass
print(Outer.Inner.method.__qualname__, Outer.Inner().method().__qualname__, Outer().meth().__qualname__)
print(Outer.st.__qualname__, Outer.cm.__qualname__, Outer.Inner.__qualname__, Outer.__qualname__)
print(Outer.meth.__code__.co_qualname, Outer().meth().__name__, (lambda: 0).__qualname__)
def gen():
    yield 1
async def coro():
    pass
print(gen.__code__.co_name, gen().__name__, gen().__qualname__, coro.__name__)
c = coro(); print(c.__qualname__); c.close()
def deco(fn):
    @functools.wraps(fn)
    def wrapper(*a, **k):
        return fn(*a, **k)
    return wrapper
@deco
def documented(x):
    "docs here"
    return x
print(documented.__name__, documented.__doc__, documented.__wrapped__.__name__, documented(5))
print(documented.__qualname__, sorted(k for k in documented.__dict__))
top.__doc__ = "changed"
top.custom = 42
print(top.__doc__, top.custom, top.__dict__)
def nodoc():
    pass
print(nodoc.__doc__, nodoc.__defaults__, nodoc.__closure__, nodoc.__code__.co_freevars)
print(type(top).__name__, type(co).__name__, callable(top), top.__globals__ is globals())
p = functools.partial(top, 1, 2, d=4)
print(p(3), p.args, p.keywords, p.func is top)
lam = lambda x, y=2: x + y
print(lam.__name__, lam.__defaults__, lam.__code__.co_argcount, lam.__code__.co_varnames, lam(1))
def with_closure():
    z = 5
    def inner():
        return z
    return inner
print(with_closure().__code__.co_freevars, with_closure.__code__.co_cellvars)
print(len(top.__code__.co_code) > 0, isinstance(co.co_consts, tuple), co.co_names == () or isinstance(co.co_names, tuple))
top.__name__ = "renamed"
top.__qualname__ = "Renamed.q"
print(top.__name__, top.__qualname__, co.co_name)
