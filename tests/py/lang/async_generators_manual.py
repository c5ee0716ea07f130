# Async generators, async for, async with, driven by hand.
class Tick:
    def __await__(self):
        yield "tick"
async def agen(n):
    for i in range(n):
        await Tick()
        yield i * 10
    print("agen done")
def run(coro):
    trace = []
    value = None
    while True:
        try:
            trace.append(coro.send(value))
        except StopIteration as e:
            return e.value, trace
async def consume():
    out = []
    async for v in agen(3):
        out.append(v)
    return out
print(run(consume()))
async def comp():
    return [v + 1 async for v in agen(2)]
print(run(comp()))
class ACM:
    def __init__(self, name):
        self.name = name
    async def __aenter__(self):
        print("enter", self.name)
        await Tick()
        return self.name.upper()
    async def __aexit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev)
        return et is KeyError
async def with_stmt():
    async with ACM("a") as x, ACM("b") as y:
        print("body", x, y)
    async with ACM("c"):
        raise KeyError("suppressed")
    return "after"
print(run(with_stmt()))
a = agen(2)
print(type(a).__name__, a.__name__)
step = a.__anext__()
try:
    step.send(None)
    step.send(None)
except StopIteration as e:
    print("first value", e.value)
step = a.asend(None)
step.send(None)
try:
    step.send(None)
except StopIteration as e:
    print("second value", e.value)
step = a.__anext__()
try:
    step.send(None)
except StopAsyncIteration as e:
    print("StopAsyncIteration", e.args)
async def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("agen finally")
b = with_finally()
s = b.__anext__()
try:
    s.send(None)
except StopIteration as e:
    print("got", e.value)
closing = b.aclose()
try:
    closing.send(None)
except StopIteration:
    print("aclosed")
async def athrow_target():
    try:
        yield "ready"
    except ValueError as e:
        yield "handled " + str(e)
t = athrow_target()
try:
    t.__anext__().send(None)
except StopIteration as e:
    print(e.value)
try:
    t.athrow(ValueError("bad")).send(None)
except StopIteration as e:
    print(e.value)
c = t.aclose()
try:
    c.send(None)
except StopIteration:
    print("closed t")
class AIter:
    def __init__(self):
        self.i = 0
    def __aiter__(self):
        return self
    async def __anext__(self):
        self.i += 1
        if self.i > 3:
            raise StopAsyncIteration
        return self.i
async def custom_iter():
    return [x async for x in AIter()]
print(run(custom_iter()))
async def bad_async_for():
    async for x in [1, 2]:
        pass
bad = bad_async_for()
try:
    bad.send(None)
except TypeError as e:
    print("TypeError:", e)
