# An exception raised without arguments, from inside a lambda and a comprehension.
check = lambda x: [1 / (v - 2) for v in x]
print(check([0, 1]))
class Empty(Exception):
    pass
def f():
    raise Empty
f()
