# await inside a non-async function.
def f():
    await something()
