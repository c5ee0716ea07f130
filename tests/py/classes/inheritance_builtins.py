# Subclassing builtin types: overridden methods and which builtins call them.
class LoudDict(dict):
    def __setitem__(self, k, v):
        print("setitem", k)
        super().__setitem__(k, v)
    def __getitem__(self, k):
        return "got:" + str(super().__getitem__(k))
d = LoudDict(a=1)
d["b"] = 2
d.update(c=3)
d.setdefault("e", 5)
print(d["a"], d.get("a"), dict(d), list(d.items()), {**d})
class Stack(list):
    def push(self, x):
        self.append(x)
        return self
    def peek(self):
        return self[-1]
s = Stack([1]).push(2).push(3)
print(s, s.peek(), s.pop(), len(s), type(s).__name__, type(s * 2).__name__, type(s[:]).__name__, isinstance(s, list))
class CaseInsensitive(str):
    def __eq__(self, o):
        return self.lower() == str(o).lower()
    def __hash__(self):
        return hash(self.lower())
print(CaseInsensitive("Hello") == "HELLO", "HELLO" == CaseInsensitive("Hello"), CaseInsensitive("A") in ["a"], {CaseInsensitive("K"): 1}.get(CaseInsensitive("k")))
class Celsius(float):
    def __repr__(self):
        return f"{float(self)}°C"
t = Celsius(21.5)
print(repr(t), t + 1, type(t + 1).__name__, t * 2, round(t), Celsius(1) == 1.0)
class OrderedSet(dict):
    def add(self, x):
        self[x] = None
    def __repr__(self):
        return "OrderedSet(" + repr(list(self)) + ")"
o = OrderedSet()
for x in "banana":
    o.add(x)
print(o, len(o), "n" in o)
class Meters(int):
    unit = "m"
    def __add__(self, o):
        return Meters(int(self) + int(o))
    def __str__(self):
        return f"{int(self)}{self.unit}"
m = Meters(5) + 3
print(m, type(m).__name__, 3 + Meters(1), type(3 + Meters(1)).__name__, sum([Meters(1), Meters(2)], Meters(0)))
class Tagged(tuple):
    tag = "T"
t2 = Tagged((1, 2))
t2.extra = "tuple subclass instances get a __dict__"
print(t2, t2.extra, t2.tag, hash(t2) == hash((1, 2)))
class Bits(bytes):
    def bits(self):
        return "".join(f"{b:08b}" for b in self)
print(Bits(b"\x05\xa0").bits(), Bits(b"ab").upper(), type(Bits(b"ab").upper()).__name__)
class MyException(ValueError):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code
    def __str__(self):
        return f"[{self.code}] {self.args[0]}"
try:
    raise MyException(404, "not found")
except ValueError as e:
    print(e, repr(e), e.args, e.code, isinstance(e, Exception))
class Lst(list):
    def __iter__(self):
        return iter(["overridden"])
    def __len__(self):
        return 100
l = Lst([1, 2])
print(list(l), len(l), sorted(l), l[:], [*l], tuple(l), sum([1] * 0) if False else "-")
