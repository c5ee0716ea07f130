# int methods and constructors.
for n in [0, 1, -1, 5, 255, -256, 2 ** 64, -(2 ** 64) + 1, 12345678901234567890]:
    print(n, n.bit_length(), n.bit_count(), n.as_integer_ratio(), n.numerator, n.denominator, n.real, n.imag, n.conjugate())
print((1024).to_bytes(2, "big"), (1024).to_bytes(4, "little"), (-2).to_bytes(2, "big", signed=True), (0).to_bytes(0, "big"))
print((255).to_bytes(1, "big"), (65535).to_bytes(2, byteorder="little"), (1).to_bytes(), (2 ** 64 - 1).to_bytes(8, "big"))
print(int.from_bytes(b"\xff\xfe", "big", signed=True), int.from_bytes([1, 2, 3], "little"), int.from_bytes(b"", "big"), int.from_bytes(b"\x80"))
for bad in [lambda: (256).to_bytes(1, "big"), lambda: (-1).to_bytes(1, "big"), lambda: (1).to_bytes(1, "middle"),
            lambda: int.from_bytes("ab", "big"), lambda: (128).to_bytes(1, "big", signed=True)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
print(int(), int(5), int(-5.9), int("  42  "), int("-0"), int("+7"), int("1_000"), int("ff", 16), int("FF", 16), int("0xff", 16))
print(int("z", 36), int("10", 2), int("777", 8), int("0b11", 0), int("0o11", 0), int("0x11", 0), int("11", 0), int(b"12"), int(bytearray(b"13")))
print(int(True), int(2.99e10), int("١٢٣"), int("\u0661\u0662"), int(" \t12\n"))
for s, base in [("12a", 10), ("", 10), ("1 2", 10), ("0x1f", 10), ("08", 0), ("2", 2), ("1__0", 10), ("_1", 10), ("1.5", 10), ("z", 37), ("abc", 16)]:
    try:
        print(repr(s), base, int(s, base))
    except ValueError as e:
        print("ValueError:", e)
for v in [float("inf"), float("nan"), "1e5", None, [1], 1j]:
    try:
        int(v)
    except Exception as e:
        print(type(e).__name__ + ":", e)
class HasInt:
    def __int__(self):
        return 7
class HasIndex:
    def __index__(self):
        return 8
print(int(HasInt()), int(HasIndex()), (5).__index__(), (7).__int__(), (7).__float__(), (-7).__abs__())
print((10).__divmod__(3), (10).__rdivmod__(3), (3).__pow__(2), (3).__pow__(2, 5), (5).__round__(-1), (17).__floor__(), (17).__ceil__())
print(int.__name__, type(0).__mro__, isinstance(True, int), issubclass(bool, int), int.__base__)
class MyInt(int):
    def __repr__(self):
        return f"MyInt({int(self)})"
m = MyInt(5)
print(m, m + 1, type(m + 1).__name__, type(-m).__name__, m == 5, hash(m) == hash(5), str(m), int(m).__class__.__name__)
print(int("1" * 100) % 97, (10 ** 100).bit_length(), (-(10 ** 100)).bit_count(), (2 ** 100).as_integer_ratio()[0] == 2 ** 100)
