# Parameters: defaults, keyword-only, positional-only, *args, **kwargs.
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)
print(f(1, c=3))
print(f(1, 5, 6, 7, c=3, e=9))
print(f(a=1, c=3, d=0, z=1))
def g(x, y, /, z, *, w):
    return x, y, z, w
print(g(1, 2, 3, w=4), g(1, 2, z=3, w=4))
def h(a, /, **kw):
    return a, kw
print(h(1, a=2))
def defaults(a, items=[]):
    items.append(a)
    return items
print(defaults(1), defaults(2), defaults(3, []))
print(f.__defaults__, f.__kwdefaults__, g.__defaults__, g.__kwdefaults__, defaults.__defaults__)
def k(*, only=1):
    return only
print(k(), k(only=2), k.__kwdefaults__)
k.__kwdefaults__ = {"only": 99}
print(k())
def setdef(a=1, b=2):
    return a, b
setdef.__defaults__ = (10, 20)
print(setdef(), setdef(0))
def var(*args, **kwargs):
    return args, kwargs
print(var(), var(1, 2, x=3), var(*range(3), **dict(a=1)))
errors = [
    lambda: f(),
    lambda: f(1),
    lambda: f(1, 2, c=3, a=4),
    lambda: g(1, y=2, z=3, w=4),
    lambda: g(1, 2, 3, 4),
    lambda: k(1),
    lambda: k(other=1),
    lambda: setdef(1, 2, 3),
    lambda: setdef(c=1),
    lambda: h(),
    lambda: var(**{1: 2}),
    lambda: f(1, c=1, **{"c": 2}),
    lambda: (lambda: 0)(1),
    lambda: (lambda x, y: 0)(1),
    lambda: (lambda x, y, z: 0)(),
    lambda: (lambda *, a, b: 0)(),
]
for e in errors:
    try:
        e()
    except TypeError as ex:
        print("TypeError:", ex)
def ann(a: int, b: "str" = "x", *args: float, c: bool = True, **kw: dict) -> list:
    return []
print(ann.__annotations__)
def noann(a, b):
    pass
print(noann.__annotations__, noann.__defaults__, noann.__kwdefaults__)
def order(a, b, c):
    return a, b, c
print(order(*[1], **{"c": 3, "b": 2}), order(1, *(2, 3)))
def count_calls():
    count_calls.calls = getattr(count_calls, "calls", 0) + 1
    return count_calls.calls
count_calls(); count_calls()
print(count_calls(), count_calls.__dict__)
