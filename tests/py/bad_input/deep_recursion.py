# Deep recursion of Python functions: caught RecursionError, then 20000-deep recursion with a raised limit.
import sys
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
def infinite(n):
    return infinite(n + 1) + 1
for _ in range(3):
    try:
        infinite(0)
    except RecursionError as e:
        print("RecursionError:", e)
old = sys.getrecursionlimit()
sys.setrecursionlimit(25000)
print(depth(20000))
def nested_calls(n):
    if n == 0:
        return []
    return [n] + nested_calls(n - 1)[:2]
print(nested_calls(15000))
class Deep:
    def method(self, n):
        return n if n == 0 else self.method(n - 1) + 1
print(Deep().method(15000))
gen_depth = 0
def rgen(n):
    if n:
        yield from rgen(n - 1)
    else:
        yield "bottom"
print(next(rgen(5000)))
sys.setrecursionlimit(old)
try:
    depth(20000)
except RecursionError:
    print("RecursionError at the restored limit")
print(depth(500))
