# __missing__, __index__, __bool__ and __len__ protocols.
class DefaultDict(dict):
    def __missing__(self, key):
        value = self[key] = len(key) if isinstance(key, str) else None
        return value
d = DefaultDict(a=1)
print(d["a"], d["hello"], d, d.get("zzz"), "zzz" in d)
class Counter(dict):
    def __missing__(self, key):
        return 0
c = Counter()
for ch in "abracadabra":
    c[ch] += 1
print(c, c["q"], len(c))
class NoMissing(dict):
    pass
try:
    NoMissing()["k"]
except KeyError as e:
    print("KeyError:", e)
class Idx:
    def __init__(self, v):
        self.v = v
    def __index__(self):
        return self.v
seq = list("abcdefg")
print(seq[Idx(2)], seq[Idx(-1)], seq[Idx(1):Idx(4)], "xyz"[Idx(0)], (1, 2)[Idx(1)], range(10)[Idx(3)])
print(bin(Idx(5)), hex(Idx(255)), oct(Idx(8)), "ab" * Idx(2), [0] * Idx(3), operator_index := __import__("operator").index(Idx(7)))
print(int(Idx(9)), complex(Idx(2)) if False else "-", bytes(Idx(2)), round(2.567, Idx(1)))
class BadIndex:
    def __index__(self):
        return "str"
try:
    [1][BadIndex()]
except TypeError as e:
    print("TypeError:", e)
try:
    one = [1]
    one["a"]
except TypeError as e:
    print("TypeError:", e)
try:
    one[1.0]
except TypeError as e:
    print("TypeError:", e)
class BoolOnly:
    def __init__(self, b):
        self.b = b
    def __bool__(self):
        return self.b
class LenOnly:
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
class Both:
    def __bool__(self):
        return True
    def __len__(self):
        return 0
print(bool(BoolOnly(True)), bool(BoolOnly(False)), bool(LenOnly(0)), bool(LenOnly(3)), bool(Both()), len(Both()))
print("yes" if LenOnly(2) else "no", not LenOnly(0), [x for x in [LenOnly(0), LenOnly(1)] if x].__len__())
class BadBool:
    def __bool__(self):
        return 1
try:
    bool(BadBool())
except TypeError as e:
    print("TypeError:", e)
class NegLen:
    def __len__(self):
        return -1
try:
    len(NegLen())
except ValueError as e:
    print("ValueError:", e)
try:
    bool(NegLen())
except ValueError as e:
    print("ValueError:", e)
class HugeLen:
    def __len__(self):
        return 2 ** 100
try:
    len(HugeLen())
except OverflowError as e:
    print("OverflowError:", e)
class FloatLen:
    def __len__(self):
        return 1.5
try:
    len(FloatLen())
except TypeError as e:
    print("TypeError:", e)
class Neither:
    pass
print(bool(Neither()), bool(Neither))
try:
    len(Neither())
except TypeError as e:
    print("TypeError:", e)
