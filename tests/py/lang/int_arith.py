# Integer arithmetic: signs of floor division and modulo, pow, bit operations.
pairs = [(7, 3), (-7, 3), (7, -3), (-7, -3), (0, 5), (5, 1), (-1, 7), (1, -7), (123456789, 1000)]
for a, b in pairs:
    print(a, b, "//", a // b, "%", a % b, "divmod", divmod(a, b), "/", a / b)
    assert (a // b) * b + a % b == a
for a in (0, 1, -1, 2, -2, 10, -10, 255, -256):
    print(a, "neg", -a, "pos", +a, "inv", ~a, "abs", abs(a), "bits", a.bit_length())
print(2 ** 10, 2 ** -1, (-2) ** 3, (-2) ** -3, 0 ** 0, 10 ** 0)
print(pow(3, 4, 5), pow(-3, 4, 5), pow(3, -1, 7), pow(2, -2, 11), pow(38, -1, 97))
print(pow(7, 0, 1), pow(0, 0, 3), pow(10, 100, 12345))
print(5 & 3, 5 | 3, 5 ^ 3, -5 & 3, -5 | 3, -5 ^ 3, ~0, ~-1)
print(1 << 0, 1 << 10, 1 << 100, -1 << 3, 1024 >> 3, -1024 >> 3, -1 >> 100, 7 >> 1)
print(0xff, 0o777, 0b1011, 1_000_000, 0x_ff_ff)
print(int(True) + True, True * 10, False - 1, True // True, True << 3)
print(17 % 5, -17 % 5, 17 % -5, -17 % -5)
print(10 // 4, 10 / 4, -10 // 4, -10 / 4, 10 // -4)
print(3 * 4 + 2 ** 3 ** 2, (3 * 4 + 2) ** 2, -2 ** 2, (-2) ** 2)
print(1 < 2 < 3, 3 > 2 > 2, 1 == 1.0, 2 ** 53 + 1 == float(2 ** 53 + 1))
x = 0
for i in range(1, 30):
    x = x * 31 + i
print(x, x % 1000007, x.bit_length(), x.bit_count())
print(int.__floordiv__(7, 2), int.__mod__(-7, 2), (5).__rpow__(2), (3).__neg__())
print(divmod(-(2 ** 70), 3), divmod(2 ** 70, -7), (2 ** 70) // -(2 ** 35), (-(2 ** 70)) % 1000003)
print(round(7, -1), round(15, -1), round(25, -1), round(-35, -1), round(123456, -3))
print(max(3, 1 << 64) - min(-5, -(1 << 64)))
