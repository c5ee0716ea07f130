# Coroutines driven by hand with send(None), custom awaitables, await chains.
import types
class Suspend:
    def __init__(self, value):
        self.value = value
    def __await__(self):
        got = yield ("suspended", self.value)
        return f"resumed with {got}"
async def leaf(x):
    r = await Suspend(x)
    return r + "!"
async def middle():
    a = await leaf(1)
    b = await leaf(2)
    return [a, b]
def drive(coro, sends):
    out = []
    try:
        out.append(coro.send(None))
        for s in sends:
            out.append(coro.send(s))
    except StopIteration as e:
        out.append(("returned", e.value))
    return out
print(drive(middle(), ["first", "second", "third"]))
async def simple():
    return 42
c = simple()
print(type(c).__name__, c.cr_running, c.__name__)
try:
    c.send(None)
except StopIteration as e:
    print("value", e.value)
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
async def raiser():
    await Suspend(0)
    raise ValueError("inside coroutine")
r = raiser()
print(r.send(None))
try:
    r.send("x")
except ValueError as e:
    print("ValueError:", e)
async def catches():
    try:
        await Suspend("wait")
    except KeyError as e:
        return "caught " + repr(e)
k = catches()
k.send(None)
try:
    k.throw(KeyError("key"))
except StopIteration as e:
    print(e.value)
async def closer():
    try:
        await Suspend(1)
    finally:
        print("closer finally")
cl = closer()
cl.send(None)
cl.close()
@types.coroutine
def legacy():
    v = yield "legacy-yield"
    return v * 2
async def uses_legacy():
    return await legacy()
print(drive(uses_legacy(), [21]))
async def not_awaitable():
    await 5
n = not_awaitable()
try:
    n.send(None)
except TypeError as e:
    print("TypeError:", e)
class AwaitIter:
    def __await__(self):
        return iter(["a", "b"])
async def await_iter():
    return await AwaitIter()
print(drive(await_iter(), [None, None]))
async def gen_chain(n):
    if n == 0:
        return 0
    return 1 + await gen_chain(n - 1)
print(drive(gen_chain(30), []))
coro = simple()
print(coro.cr_frame is not None, coro.cr_await)
coro.close()
print(coro.cr_frame)
import inspect
print(inspect.iscoroutinefunction(simple), inspect.iscoroutine(coro), inspect.isawaitable(Suspend(1)))
