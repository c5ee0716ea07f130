# yield from: delegation of values, send, throw, close and return values.
def inner():
    x = yield "inner-1"
    print("inner got", x)
    y = yield "inner-2"
    print("inner got", y)
    return "inner-result"
def outer():
    r = yield from inner()
    print("outer got result", r)
    yield "outer-end"
    return "outer-result"
g = outer()
print(next(g))
print(g.send("A"))
print(g.send("B"))
try:
    g.send("C")
except StopIteration as e:
    print("stop", e.value)
def flatten(x):
    for item in x:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item
print(list(flatten([1, [2, [3, [4]], 5], [[6]]])))
def from_iterables():
    yield from range(3)
    yield from "ab"
    yield from {"k": 1}
    r = yield from []
    yield r
print(list(from_iterables()))
def thrower():
    try:
        yield 1
    except ValueError as e:
        yield "inner handled " + str(e)
    yield "inner after"
def delegator():
    try:
        yield from thrower()
    except KeyError:
        yield "outer handled KeyError"
d = delegator()
print(next(d), d.throw(ValueError("v")), next(d))
d2 = delegator()
next(d2)
print(d2.throw(KeyError("k")))
def closing_inner():
    try:
        yield 1
        yield 2
    finally:
        print("inner closed")
def closing_outer():
    try:
        yield from closing_inner()
    finally:
        print("outer closed")
c = closing_outer()
next(c)
c.close()
def gen_ret(n):
    total = 0
    for i in range(n):
        total += yield i
    return total
def summer():
    results = []
    for n in (2, 3):
        results.append((yield from gen_ret(n)))
    return results
s = summer()
vals = [next(s)]
try:
    while True:
        vals.append(s.send(10))
except StopIteration as e:
    print(vals, e.value)
class It:
    def __init__(self):
        self.n = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.n += 1
        if self.n > 3:
            raise StopIteration
        return self.n
def from_custom():
    yield from It()
print(list(from_custom()))
def deep(n):
    if n == 0:
        yield "bottom"
        return 0
    r = yield from deep(n - 1)
    return r + 1
dg = deep(50)
print(next(dg))
try:
    next(dg)
except StopIteration as e:
    print("depth", e.value)
def bad_from():
    yield from 5
try:
    next(bad_from())
except TypeError as e:
    print("TypeError:", e)
