# Exact wording of common ValueErrors.
import math
cases = [
    lambda: int("abc"), lambda: int("1.5"), lambda: int(""), lambda: int("12", 1), lambda: int("9", 8), lambda: float("x1"),
    lambda: float(""), lambda: complex("x"), lambda: [1, 2].index(5), lambda: (1,).index(2), lambda: "abc".index("z"),
    lambda: [].remove(1), lambda: "a,b".split(""), lambda: range(0, 1, 0), lambda: chr(-5), lambda: math.sqrt(-1),
    lambda: math.log(0), lambda: math.log(-1), lambda: math.acos(2), lambda: "x".center(-1, "ab"), lambda: bytes([300]),
    lambda: bytes.fromhex("g"), lambda: int.from_bytes(b"x", "wrong"), lambda: (1).to_bytes(1, "wrong"), lambda: "{0}{}".format(1, 2),
    lambda: "{:=}".format("s"), lambda: format(1, "ss"), lambda: format("s", "d"), lambda: "%c" % 0x110000, lambda: a_b_c(),
    lambda: dict([(1, 2, 3)]), lambda: [1, 2, 3][::0], lambda: memoryview(b"ab").cast("i"), lambda: "".join([]).encode("zz"),
    lambda: max([]), lambda: min(()), lambda: list(zip([1], [], strict=True)), lambda: (lambda a, b: 0)(*[1, 2, 3]),
    lambda: divmod(1, 0), lambda: int("1" * 5000), lambda: str(10 ** 5000), lambda: math.factorial(-1), lambda: math.factorial(1.5),
    lambda: round(1.5, 1e9), lambda: "abc".removeprefix(1), lambda: sorted([3, 1], key=int, reverse="x"),
    lambda: bytearray(b"").pop(), lambda: float("nan").__int__(), lambda: int(float("inf")), lambda: slice(1).indices(-1),
]
def a_b_c():
    x, y = [1, 2, 3]
for i, c in enumerate(cases):
    try:
        c()
        print(i, "no error")
    except ValueError as e:
        print(i, "ValueError:", e)
    except Exception as e:
        print(i, type(e).__name__ + ":", e)
