# RecursionError: catching it, recovering, changing the limit (depths are not printed).
import sys
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print("RecursionError:", e, isinstance(e, RuntimeError))
def depth_ok(n):
    return 0 if n == 0 else 1 + depth_ok(n - 1)
print(depth_ok(500))
old = sys.getrecursionlimit()
sys.setrecursionlimit(5000)
print(depth_ok(3000), sys.getrecursionlimit())
sys.setrecursionlimit(old)
try:
    depth_ok(3000)
except RecursionError as e:
    print("RecursionError again at the old limit:", e)
print(depth_ok(100), "recovered")
class Loop:
    def __repr__(self):
        return repr(self)
try:
    repr(Loop())
except RecursionError as e:
    print("RecursionError in __repr__:", str(e).startswith("maximum recursion depth exceeded"))
class Attr:
    def __getattr__(self, name):
        return self.missing
try:
    Attr().x
except RecursionError as e:
    print("RecursionError in __getattr__:", str(e).startswith("maximum recursion depth exceeded"))
nested = []
cur = nested
for _ in range(100000):
    cur.append([])
    cur = cur[0]
try:
    repr(nested)
except RecursionError as e:
    print("RecursionError in repr of deep list:", str(e).startswith("maximum recursion depth exceeded"))
def mutual_a(n):
    return mutual_b(n)
def mutual_b(n):
    return mutual_a(n)
try:
    mutual_a(1)
except RecursionError:
    print("mutual recursion caught")
for bad in [0, -1]:
    try:
        sys.setrecursionlimit(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    sys.setrecursionlimit("x")
except TypeError as e:
    print("TypeError:", e)
def gen_rec(n):
    yield from gen_rec(n + 1)
try:
    next(gen_rec(0))
except RecursionError:
    print("generator recursion caught")
print(sum(depth_ok(50) for _ in range(10)), "still working")
