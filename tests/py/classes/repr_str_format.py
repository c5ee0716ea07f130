# __repr__, __str__, __format__, __bytes__ and their fallbacks.
class Both:
    def __repr__(self):
        return "Both()"
    def __str__(self):
        return "both as str"
class ReprOnly:
    def __repr__(self):
        return "ReprOnly()"
class Fmt:
    def __format__(self, spec):
        if spec == "":
            return "default-format"
        return f"spec<{spec}>"
class Byt:
    def __bytes__(self):
        return b"custom bytes"
b, r = Both(), ReprOnly()
print(b, repr(b), str(b), f"{b}", f"{b!r}", "%s %r" % (b, b), "{} {!r}".format(b, b), [b], (b,), {b: b})
print(r, str(r), f"{r}", format(r), format(r, ""), [r])
try:
    format(r, "x")
except TypeError as e:
    print("TypeError:", e)
print(format(Fmt()), format(Fmt(), ">10"), f"{Fmt():abc}", "{:q}".format(Fmt()), f"{Fmt()!s}"[:14])
print(bytes(Byt()), bytes(b"x"))
class BadStr:
    def __str__(self):
        return 1
try:
    str(BadStr())
except TypeError as e:
    print("TypeError:", e)
class BadFormat:
    def __format__(self, spec):
        return None
try:
    format(BadFormat())
except TypeError as e:
    print("TypeError:", e)
class Inherit(Both):
    pass
print(Inherit(), repr(Inherit()))
class StrSub(str):
    def __str__(self):
        return "overridden"
ss = StrSub("raw")
print(ss, str(ss), f"{ss}", repr(ss), "%s" % ss, ss + "")
class IntSub(int):
    def __repr__(self):
        return "IntSub!"
    def __str__(self):
        return "int-str"
i = IntSub(5)
print(i, repr(i), f"{i}", f"{i:d}", format(i, "03"), "%d" % i, "%s" % i, str(i))
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"{type(self).__name__}({self.x!r}, {self.y!r})"
    def __format__(self, spec):
        if spec == "polar":
            return f"<{(self.x ** 2 + self.y ** 2) ** 0.5:.2f}>"
        return format(repr(self), spec)
p = Point(3, 4)
print(p, f"{p:polar}", f"{p:>20}", f"{p!r:*^20}", [Point("a", None)])
import reprlib
print(reprlib.repr(list(range(100))), reprlib.repr("x" * 100), reprlib.repr({i: i for i in range(20)}))
class Rec:
    def __init__(self):
        self.me = self
    @reprlib.recursive_repr()
    def __repr__(self):
        return f"Rec({self.me!r})"
print(Rec())
