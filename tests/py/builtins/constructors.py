# Builtin type constructors with various arguments.
print(list(), list([1]), list("ab"), list(range(2)), list({"a": 1}.values()), list(b"ab"), list(bytearray(b"c")))
print(tuple(), tuple([1, 2]), tuple(x for x in "ab"), tuple({3: 4}))
print(dict(), dict(a=1), dict([("a", 1), ["b", 2]]), dict({"x": 1}, y=2), dict(zip(range(2), "ab")), dict([("k", 1)], k=2))
print(sorted(set("hello")), set(), set([1, 1]), frozenset("aa"), set(range(3)), set({1: 2}))
print(str(), str(1), str(b"x"), str(b"\xc3\xa9", "utf-8"), str(object=5), str(1.0), str([]))
print(bytes(), bytes(2), bytes([1, 2]), bytes("é", "utf-8"), bytes(b"x"), bytes(memoryview(b"mv")), bytes(range(3)))
print(bytearray(), bytearray(2), bytearray(b"ab"), bytearray("é", "latin-1"), bytearray([255]))
print(int(), float(), complex(), bool(), str(), bytes(), tuple(), list(), dict(), set(), frozenset())
print(int("5"), float("5"), complex("5"), bool("5"), complex(1, 2), complex("1+2j"), complex(real=3), complex(imag=4))
print(slice(3), slice(1, 4), slice(1, 4, 2), slice(None), slice("a", "b"), range(3), range(1, 3), range(1, 10, 4))
print(object().__class__.__name__, type(object()) is object)
print(memoryview(b"abc").tolist(), enumerate("a").__class__.__name__, zip().__class__.__name__, map(len, []).__class__.__name__)
for bad in [lambda: list(1), lambda: dict(1), lambda: dict(["ab", "c"]), lambda: set(1), lambda: tuple(None), lambda: bytes("x"),
            lambda: bytes(1.5), lambda: str(b"x", "nope"), lambda: complex("1", 2), lambda: complex(1j, "x"), lambda: int(1, 2),
            lambda: float(1, 2), lambda: bool(1, 2), lambda: list(1, 2), lambda: object(1), lambda: slice(), lambda: range(1, 2, 3, 4)]:
    try:
        bad()
    except (TypeError, ValueError, LookupError) as e:
        print(type(e).__name__ + ":", e)
print(int(-0.5), int("0_0"), float("-0"), complex(-0.0), str(-0.0), bool([[]]), list(list(list("a"))))
print(dict.fromkeys("ab", 0), list.__new__(list), tuple.__new__(tuple, [1]), str.__new__(str, 5))
