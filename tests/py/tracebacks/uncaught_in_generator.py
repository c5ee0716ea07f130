# Traceback through a generator and a yield from chain.
def numbers():
    yield 1
    yield 2
    raise ValueError("generator ran out of numbers")
def wrapper():
    yield from numbers()
for n in wrapper():
    print("got", n)
