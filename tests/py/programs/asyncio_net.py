# asyncio on the selector event loop: TCP streams, tasks, queues, timeouts,
# cancellation, and async generators finalized through sys.set_asyncgen_hooks.
import asyncio
import sys


async def handle(reader, writer):
    while line := await reader.readline():
        writer.write(line.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def client(port, msgs):
    r, w = await asyncio.open_connection("127.0.0.1", port)
    out = []
    for m in msgs:
        w.write(m + b"\n")
        await w.drain()
        out.append(await r.readline())
    w.close()
    await w.wait_closed()
    return out


async def ticker(n):
    try:
        for i in range(n):
            yield i
            await asyncio.sleep(0)
    finally:
        print("ticker finally")


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    results = await asyncio.gather(*(client(port, [b"a%d" % i, b"b%d" % i]) for i in range(4)))
    print(results)
    server.close()
    await server.wait_closed()

    q = asyncio.Queue(maxsize=2)

    async def producer():
        for i in range(5):
            await q.put(i)
        await q.put(None)

    async def consumer():
        got = []
        while (x := await q.get()) is not None:
            got.append(x)
        return got

    print(await asyncio.gather(producer(), consumer()))

    try:
        await asyncio.wait_for(asyncio.sleep(10), 0.02)
    except asyncio.TimeoutError:
        print("timeout")

    async def forever():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            print("cancelled inside")
            raise

    task = asyncio.create_task(forever())
    await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("task cancelled", task.cancelled())

    print([x async for x in ticker(3)])
    hooks = sys.get_asyncgen_hooks()
    print(hooks.firstiter is not None, hooks.finalizer is not None)
    agen = ticker(10)
    print(await agen.__anext__(), await agen.__anext__())
    # left unfinished: the loop's shutdown_asyncgens() closes it


asyncio.run(main())
print(sys.get_asyncgen_hooks())
try:
    sys.set_asyncgen_hooks(firstiter=1)
except TypeError as e:
    print("TypeError", e)
