# Comparisons: chaining, mixed numeric types, sequences, and errors.
def show(label, v):
    print(label, v)

calls = []
def f(x):
    calls.append(x)
    return x

show("chain", f(1) < f(2) < f(3))
show("calls", calls)
calls.clear()
show("short", f(3) < f(2) < f(1))
show("calls", calls)
show("mixed", (1 == 1.0, 1 == True, 0 == False, 1.0 == True, 2 == 2 + 0j, 0.5 < 1 < 1.5))
show("big vs float", (2 ** 1000 > 1e300, 2 ** 1000 < float("inf"), -(2 ** 1000) > float("-inf")))
show("strings", ("abc" < "abd", "ab" < "abc", "B" < "a", "" < "a", "é" > "z", "10" < "9"))
show("lists", ([1, 2] < [1, 3], [1, 2] < [1, 2, 0], [] < [0], [2] > [1, 9, 9], [1, [2]] == [1, [2]]))
show("tuples", ((1, 2) < (1, 2, 3), (1, "a") < (1, "b"), (0,) > (), (1, 2) == (1.0, 2.0)))
show("sets", ({1} < {1, 2}, {1, 2} <= {1, 2}, {1, 2} > {1}, {1} < {2}, {1} == frozenset([1])))
show("bytes", (b"a" < b"b", b"abc" > b"ab", b"\xff" > b"\x00", bytearray(b"x") == b"x"))
show("none", (None == None, None is None, None != 0, None == False))
e1 = []; e2 = []
show("is", (e1 is e2, e1 is e1, None is None))
show("in", (1 in [1, 2], 3 not in (1, 2), "b" in "abc", "" in "abc", 2 in {2: 0}, 2 in range(3)))
for a, b in [(1, "1"), ([], ()), (None, 0), ({}, {}), ("a", 1.5), ((1,), [1])]:
    try:
        print(a < b)
    except TypeError as e:
        print("TypeError:", e)
try:
    print({1} < [1])
except TypeError as e:
    print("TypeError:", e)
nan = float("nan")
show("nan", (nan < 1, nan > 1, nan == nan, [nan] == [nan], nan in [nan], (nan,) == (nan,)))
x = 5
show("ranges", (0 < x <= 5, 0 < x < 5, x == 5 == 5.0, 1 < x > 2, x != 4 != 5))
show("not", (not 1 == 2, not (1 < 2), (not 0) == True))
show("eq types", (1 == 1.0 == (1 + 0j), "1" == 1, [1] == (1,), {1: 2} == {1: 2.0}))
show("max/min strings", (max("apple", "banana", "cherry"), min(["b", "a", "c"]), sorted("hello")))
