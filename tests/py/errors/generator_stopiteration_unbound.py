# PEP 479 (StopIteration inside generators), UnboundLocalError, NameError wording.
def gen():
    yield 1
    next(iter([]))
    yield 2
try:
    list(gen())
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))
async def agen():
    yield 1
    raise StopAsyncIteration
a = agen()
try:
    a.__anext__().send(None)
except StopIteration as e:
    print("first", e.value)
try:
    a.__anext__().send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
def f():
    print(x)
    x = 1
try:
    f()
except UnboundLocalError as e:
    print("UnboundLocalError:", e, isinstance(e, NameError))
def g():
    y += 1
    y = 0
try:
    g()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
def outer():
    z = 1
    def inner():
        nonlocal z
        del z
        return z
    return inner()
try:
    outer()
except NameError as e:
    print(type(e).__name__ + ":", e)
def free_before_assign():
    def inner():
        return later
    try:
        inner()
    except NameError as e:
        print(type(e).__name__ + ":", e)
    later = 1
free_before_assign()
try:
    undefined_global_name
except NameError as e:
    print("NameError:", e, e.name)
try:
    del never_defined
except NameError as e:
    print("NameError:", e)
class C:
    try:
        print(class_level_missing)
    except NameError as e:
        print("NameError:", e)
def stop_in_comprehension():
    return [x for x in (next(iter([])) for _ in range(1))]
try:
    stop_in_comprehension()
except RuntimeError as e:
    print("RuntimeError:", e)
def stop_in_list_call():
    it = iter([1])
    return list(next(it) for _ in range(3))
try:
    print(stop_in_list_call())
except RuntimeError as e:
    print("RuntimeError:", e)
def return_value_gen():
    return 5
    yield
try:
    next(return_value_gen())
except StopIteration as e:
    print("StopIteration value", e.value)
