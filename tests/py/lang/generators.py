# Generators: iteration, send, throw, close, return values, states.
import inspect
def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return "done"
g = count(3)
print(inspect.getgeneratorstate(g), list(g), inspect.getgeneratorstate(g))
g = count(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration value:", e.value, e.args)
def echo():
    received = []
    try:
        while True:
            x = yield len(received)
            received.append(x)
    except GeneratorExit:
        print("GeneratorExit, received", received)
        raise
    finally:
        print("echo finally")
e = echo()
print(e.send(None), e.send("a"), e.send("b"))
e.close()
print(inspect.getgeneratorstate(e))
e.close()
def start_send():
    yield 1
try:
    start_send().send(5)
except TypeError as ex:
    print("TypeError:", ex)
def catcher():
    while True:
        try:
            yield "normal"
        except ValueError as ex:
            yield "caught " + str(ex)
c = catcher()
print(next(c), c.throw(ValueError("boom")), next(c), c.throw(ValueError, "again"))
try:
    c.throw(KeyError("k"))
except KeyError as ex:
    print("propagated KeyError", ex)
print(inspect.getgeneratorstate(c))
def ignore_exit():
    try:
        yield 1
    except GeneratorExit:
        yield 2
ig = ignore_exit()
next(ig)
try:
    ig.close()
except RuntimeError as ex:
    print("RuntimeError:", ex)
def return_in_finally():
    try:
        yield 1
    finally:
        print("cleanup")
r = return_in_finally()
next(r)
del r
print("after del")
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(15)])
def running():
    yield g2.gi_running
g2 = running()
print(next(g2), g2.gi_running, g2.gi_frame is not None)
def reentrant():
    yield next(g3)
g3 = reentrant()
try:
    next(g3)
except ValueError as ex:
    print("ValueError:", ex)
def gen_return_value():
    x = yield 1
    return x * 2
gr = gen_return_value()
next(gr)
try:
    gr.send(21)
except StopIteration as ex:
    print("returned", ex.value)
def stop_inside():
    yield 1
    raise StopIteration("inner")
try:
    list(stop_inside())
except RuntimeError as ex:
    print("RuntimeError:", ex, type(ex.__cause__).__name__, ex.__cause__)
gexp = (x * 2 for x in range(3))
print(type(gexp).__name__, gexp.__name__, list(gexp), list(gexp))
def closed_early():
    try:
        for i in range(10):
            yield i
    finally:
        print("closed at", i)
for v in closed_early():
    if v == 2:
        break
print(iter(g) is g, hasattr(g, "__next__"), type(g).__name__)
