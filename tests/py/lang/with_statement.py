# with statement: enter/exit protocol, exception suppression, multiple managers.
class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name + "-value"
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc, tb is not None)
        return self.suppress
with CM("a") as a:
    print("body", a)
with CM("outer") as o, CM("inner") as i:
    print("body", o, i)
with CM("s", suppress=True):
    raise ValueError("suppressed")
print("after suppressed")
try:
    with CM("n"):
        raise KeyError("propagates")
except KeyError as e:
    print("caught", e)
with (CM("p1") as p1,
      CM("p2") as p2):
    print("parenthesized", p1, p2)
def in_func():
    with CM("r"):
        return "returned"
print(in_func())
for k in range(3):
    with CM(f"loop{k}"):
        if k == 1:
            continue
        if k == 2:
            break
        print("loop body", k)
class Bad:
    pass
try:
    with Bad():
        pass
except TypeError as e:
    print("TypeError:", e)
class OnlyEnter:
    def __enter__(self):
        return self
try:
    with OnlyEnter():
        pass
except TypeError as e:
    print("TypeError:", e)
class ExitRaises:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        raise RuntimeError("from exit")
try:
    with ExitRaises():
        raise ValueError("original")
except RuntimeError as e:
    print("RuntimeError", e, "context:", repr(e.__context__))
class EnterRaises:
    def __enter__(self):
        raise OSError("enter failed")
    def __exit__(self, *a):
        print("never called")
try:
    with EnterRaises():
        print("never")
except OSError as e:
    print("OSError:", e)
import contextlib
@contextlib.contextmanager
def managed(tag):
    print("setup", tag)
    try:
        yield tag * 2
    except ZeroDivisionError:
        print("handled in generator")
    finally:
        print("teardown", tag)
with managed("x") as m:
    print("using", m)
with managed("y"):
    1 / 0
print("after handled")
with contextlib.suppress(KeyError, IndexError):
    [][1]
print("suppressed IndexError")
with contextlib.ExitStack() as stack:
    for n in range(3):
        stack.enter_context(CM(f"stack{n}"))
    stack.callback(print, "callback ran")
    print("in stack")
target = {}
with CM("t") as target["key"]:
    pass
print(target)
with CM("tuple") as (first, *rest):
    print(first, rest[:3])
