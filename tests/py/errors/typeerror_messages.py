# Exact wording of common TypeErrors.
class K:
    def m(self, a):
        pass
five, text, one, emptyd = 5, "abc", [1], {}
cases = [
    lambda: 1 + "a", lambda: "a" + 1, lambda: [1] + (1,), lambda: 1 - "a", lambda: "a" * "b", lambda: [] * 1.5,
    lambda: -"a", lambda: ~1.5, lambda: abs("a"), lambda: 1 < "a", lambda: [] > {}, lambda: None < None,
    lambda: len(5), lambda: iter(5), lambda: next(5), lambda: five(), lambda: text(), lambda: one[None],
    lambda: emptyd[[]], lambda: {[]: 1}, lambda: hash({}), lambda: "a".join([1]), lambda: int([]), lambda: float({}),
    lambda: K().m(), lambda: K().m(1, 2), lambda: K.m(), lambda: K().m(b=1), lambda: len(), lambda: len(1, 2),
    lambda: isinstance(), lambda: sorted([1, "a"]), lambda: sum(["a"]), lambda: max(1), lambda: divmod("a", 1),
    lambda: five in five, lambda: "a" in five, lambda: 1 in text, lambda: object() + object(), lambda: (1).__add__(),
    lambda: setattr(1, "x", 1) if False else 1 .real.__class__(), lambda: int("1", 2, 3), lambda: "".zfill(),
    lambda: dict(1), lambda: frozenset(1), lambda: bytes("x"), lambda: 1 & 1.5, lambda: 1 << 1.5, lambda: 1.5 % "x",
    lambda: [].append(), lambda: [].append(1, 2), lambda: {}.get(), lambda: print(sep=1), lambda: str(1, 2),
    lambda: type("x"), lambda: (lambda: 0)(x=1), lambda: one[0:"a"], lambda: "%d" % "x", lambda: "{:d}".format("x"),
    lambda: memoryview(1), lambda: complex("1", "2"), lambda: round("1"), lambda: chr("a"), lambda: ord(1), lambda: pow("a", 2),
    lambda: f"{1:{[]}}", lambda: object.__init__(1, 2) if False else object().__init__(1), lambda: super(), lambda: reversed(5),
]
for i, c in enumerate(cases):
    try:
        c()
        print(i, "no error")
    except TypeError as e:
        print(i, e)
    except Exception as e:
        print(i, "other:", type(e).__name__, e)
