# for/while loops with else, break, continue, nested loops and iteration details.
for i in range(3):
    print("for", i)
else:
    print("for else runs")
for i in range(5):
    if i == 2:
        break
else:
    print("not printed")
print("broke at", i)
n = 0
while n < 3:
    n += 1
else:
    print("while else", n)
while True:
    n -= 1
    if n < 0:
        break
print("n", n)
for i in range(6):
    if i % 2:
        continue
    print("even", i)
found = None
for row in range(3):
    for col in range(3):
        if row * col == 2:
            found = (row, col)
            break
    else:
        continue
    break
print("found", found)
for x in []:
    print("never")
else:
    print("empty for else")
lst = [1, 2, 3]
for item in lst:
    if item == 1:
        lst.append(4)
print(lst)
d = {"a": 1}
try:
    for k in d:
        d["b"] = 2
except RuntimeError as e:
    print("RuntimeError:", e)
s = {1}
try:
    for k in s:
        s.add(2)
except RuntimeError as e:
    print("RuntimeError:", e)
for i in range(3):
    pass
print("loop var after", i)
for a, b in zip("abc", range(10)):
    print(a, b, end="; ")
print()
for i, ch in enumerate("xyz", start=10):
    print(i, ch, end=" ")
print()
for k, v in {"one": 1, "two": 2}.items():
    print(k, v)
i = 10
while i:
    i //= 2
    if i == 2:
        continue
    print("halve", i)
total = 0
for i in range(1, 101):
    if i % 3 == 0 or i % 5 == 0:
        total += i
print("sum", total)
for c in "abc"[::-1]:
    print(c, end="")
print()
for i in reversed(range(0, 10, 3)):
    print(i, end=" ")
print()
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        while self.n > 0:
            yield self.n
            self.n -= 1
print(list(Countdown(4)))
x = [0]
for x[0] in range(3):
    pass
print("target subscript", x)
class Obj: pass
o = Obj()
for o.attr in "pq":
    pass
print("target attr", o.attr)
