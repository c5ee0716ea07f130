# Float repr, arithmetic corner cases, inf and nan.
vals = [0.0, -0.0, 1.0, 0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 1e16, 1e15, 123456789012345678.0,
        1e-5, 1e-4, 0.0001234, 1.5e300, 5e-324, 1.7976931348623157e308, 2.5, 3.14159, 100.0,
        1e22, 1e23, 12345.678, -1.25e-7, 9007199254740993.0, 0.30000000000000004]
for v in vals:
    print(repr(v), str(v), v.is_integer(), v == int(v) if v == v and abs(v) != float("inf") else None)
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, inf + 1, inf - inf, inf * 0, -inf < 0 < inf, nan == nan, nan != nan)
print(float("Infinity"), float("-iNF"), float("nan"), float(" 1.5 "), float("1_000.5"), float("1e3"))
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2, divmod(-7.5, 2), divmod(7.0, 0.5))
print(1e308 * 10, -1e308 * 10, 1e-320 / 1e10, 2.0 ** 0.5, 2 ** 0.5, (-8) ** (1 / 3))
print(0.1 * 3, 0.1 * 3 == 0.3, round(0.1 * 3, 15), 1.1 + 2.2, 3.3 - 1.1)
print(round(2.5), round(3.5), round(-2.5), round(0.5), round(1.5), round(2.675, 2), round(1.005, 2))
print(round(123.456, -1), round(123.456, 1), round(-0.5), round(1e20), round(12345.6789, 3))
print(int(3.9), int(-3.9), int(1e10), float(10 ** 20), float(-(2 ** 63)))
print(abs(-0.0), -0.0 == 0.0, str(-0.0), repr(-(0.0)), 0.0 * -1)
print(1.0 / 3.0 * 3.0, 10 / 3, 2 / 1, 4 ** 0.5, 10 ** -2, 2 ** -1074, 2.0 ** -1075)
print(float.fromhex("0x1.8p1"), (0.1).hex(), (1.0).hex(), (-2.5).hex(), float.fromhex("-0x1p-1074"))
print((0.5).as_integer_ratio(), (0.1).as_integer_ratio(), (-3.75).as_integer_ratio())
print(max(1.0, 1), min(0.0, -0.0), max(-0.0, 0.0), sum([0.1] * 10), 1e16 + 1.0, 1e16 + 2.0)
print(hash(1.0), hash(1.5), hash(-1.5), hash(0.1), hash(inf), hash(-inf), hash(1e100))
print(1.0 == 1, 1.5 > 1, 2 ** 63 == 2.0 ** 63, 2 ** 63 + 1 > 2.0 ** 63, 10 ** 400 > 1e308, -10 ** 400 < -inf)
print(f"{1e-7}", f"{1e-6}", f"{0.000123}", f"{1e21}", f"{123456789.0}", f"{1.0e16}", f"{1.0e15}")
print(float("0.1") + float("0.7"), 0.1 + 0.7, 1 - 0.9, 100 * 1.1, 3 * 1.1, 0.57 * 100)
