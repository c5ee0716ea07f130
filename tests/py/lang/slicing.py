# Slicing of sequences, slice assignment and deletion.
s = "abcdefghij"
L = list(range(10))
t = tuple(range(10))
idx = [None, -12, -3, -1, 0, 1, 3, 9, 10, 15]
steps = [None, 1, 2, 3, -1, -2, -4]
for st in steps:
    row = []
    for a in (None, -3, 2, 8):
        for b in (None, -2, 1, 7):
            row.append(s[a:b:st])
    print(st, row)
for a in idx:
    print(a, s[a:], s[:a], L[a:][:3], t[:a][-2:])
print(s[::-1], s[::3], s[-1::-3], s[100:], s[-100:2], s[5:2], s[5:2:-1])
print(L[slice(2, 8, 2)], L[slice(None)], L[slice(-1, None, -2)], slice(1, 5, 2).indices(3))
print(slice(None, None, -1).indices(10), slice(-100, 100).indices(7), slice(3).indices(10))
M = list(range(10))
M[2:5] = ["a", "b"]
print(M)
M[:0] = [-1]
print(M)
M[len(M):] = [99]
print(M)
M[::2] = "x" * len(M[::2])
print(M)
del M[::3]
print(M)
del M[1:3]
print(M)
M[1:1] = range(3)
print(M)
M[-2:] = []
print(M)
try:
    M[::2] = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    s[1:3] = "zz"
except TypeError as e:
    print("TypeError:", e)
try:
    L[::0]
except ValueError as e:
    print("ValueError:", e)
try:
    L["a":]
except TypeError as e:
    print("TypeError:", e)
b = bytearray(b"0123456789")
b[1:4] = b"ABCDEF"
del b[-2:]
print(b, b[::2], bytes(b[::-1]))
print(range(10)[2:8:3], range(10)[::-1], range(0, 20, 3)[1:-1], list(range(10)[-3:]))
print(b"hello"[1:4], b"hello"[::-1], b"hello"[-1], memoryview(b"hello")[1:3].tobytes())
class Sl:
    def __getitem__(self, k):
        return k
print(Sl()[1:2], Sl()[::3], Sl()[1:2, 3], Sl()[...], Sl()[:, None])
print(slice(1, 2, 3).start, slice(1, 2, 3).stop, slice(1, 2, 3).step, slice(5), slice(1, 2) == slice(1, 2))
print("abc"[1:2:1], [1, 2][5:10], (1, 2, 3)[-10:10], "x"[0:0], "unicodé"[-2:])
