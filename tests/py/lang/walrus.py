# Assignment expressions.
data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long list", n)
print([y for x in data if (y := x * 2) > 6])
print(y)
total = 0
print([total := total + x for x in data], total)
values = iter([5, 4, 0, 3])
while (v := next(values)) != 0:
    print("value", v)
def f():
    if (m := 10) and (k := m + 1):
        return m, k
print(f())
print((a := 1, b := a + 1), a, b)
stack = [1, 2, 3]
while stack and (top := stack.pop()):
    print("popped", top)
import re
for line in ["key=value", "no equals", "x=1"]:
    if (m := re.match(r"(\w+)=(\w+)", line)) is not None:
        print(m.group(1), "->", m.group(2))
    else:
        print("skip", line)
print([(k, sq) for k in range(5) if (sq := k * k) % 2 == 0])
def scope_test():
    [inner := i for i in range(3)]
    return inner
print(scope_test())
print((lambda: (z := 5) + z)())
g = (w := 3) * 2
print(g, w)
print(any((hit := x) > 5 for x in data), hit)
print(all((miss := x) < 9 for x in data), miss)
