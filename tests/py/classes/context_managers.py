# Class-based context managers: resources, exception info, reentrancy, nesting order.
class Resource:
    opened = []
    def __init__(self, name, fail_on_exit=False):
        self.name = name
        self.fail_on_exit = fail_on_exit
    def __enter__(self):
        Resource.opened.append(self.name)
        print("open", self.name)
        return self
    def __exit__(self, exc_type, exc, tb):
        Resource.opened.remove(self.name)
        print("close", self.name, "with", exc_type.__name__ if exc_type else "no exception")
        if self.fail_on_exit:
            raise RuntimeError(f"close of {self.name} failed")
        return False
with Resource("a") as a, Resource("b") as b:
    print("using", a.name, b.name, Resource.opened)
print("after", Resource.opened)
try:
    with Resource("c"), Resource("d"):
        raise ValueError("in body")
except ValueError as e:
    print("caught", e, Resource.opened)
try:
    with Resource("e", fail_on_exit=True):
        raise KeyError("k")
except RuntimeError as e:
    print("caught", e, "context", repr(e.__context__))
class Suppress:
    def __init__(self, *types):
        self.types = types
    def __enter__(self):
        return None
    def __exit__(self, et, ev, tb):
        return et is not None and issubclass(et, self.types)
for exc in [ValueError, TypeError, None]:
    try:
        with Suppress(ValueError, KeyError):
            if exc:
                raise exc("x")
            print("no exception raised")
        print("completed", exc.__name__ if exc else None)
    except TypeError:
        print("escaped TypeError")
class Reentrant:
    def __init__(self):
        self.depth = 0
    def __enter__(self):
        self.depth += 1
        return self.depth
    def __exit__(self, *a):
        self.depth -= 1
r = Reentrant()
with r as d1:
    with r as d2:
        print("depths", d1, d2, r.depth)
print("final depth", r.depth)
class Timer:
    def __enter__(self):
        self.events = ["start"]
        return self
    def __exit__(self, *exc):
        self.events.append("stop")
with Timer() as t:
    t.events.append("work")
print(t.events)
class ExitReturnsTruthy:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        return "non-empty string is truthy"
with ExitReturnsTruthy():
    1 / 0
print("ZeroDivisionError suppressed by truthy return")
def gen_with():
    with Resource("g"):
        yield 1
        yield 2
g = gen_with()
print(next(g))
g.close()
print(Resource.opened)
class EnterValue:
    def __enter__(self):
        return [1, 2, 3]
    def __exit__(self, *a):
        pass
with EnterValue() as (first, *rest):
    print(first, rest)
import contextlib
class CMDecorator(contextlib.ContextDecorator):
    def __enter__(self):
        print("decorator enter")
    def __exit__(self, *a):
        print("decorator exit")
@CMDecorator()
def decorated():
    print("inside decorated")
decorated()
