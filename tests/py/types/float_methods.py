# float methods and constructors.
for f in [0.0, -0.0, 1.5, -2.75, 0.1, 1e300, 2.0 ** -1074, 123456.789, float("inf")]:
    row = [repr(f), f.is_integer()]
    try:
        row.append(f.as_integer_ratio())
    except (OverflowError, ValueError) as e:
        row.append(type(e).__name__ + ": " + str(e))
    row += [f.hex(), f.real, f.imag, f.conjugate(), f.__trunc__() if f == f and abs(f) != float("inf") else None]
    print(row)
print(float.fromhex("0x1.ffffffffffffffp1023") if False else float.fromhex("0x1.fffffffffffffp1023"), float.fromhex("0x.8"), float.fromhex("inf"), float.fromhex("-0x0p0"))
print(float(), float(3), float("  -1.5e3  "), float(b"2.5"), float("nan") != float("nan"), float("-inf"), float(10 ** 308), float("1" * 400)[:0] if False else float("0." + "1" * 50))
for bad in ["", "abc", "1.2.3", "1e", "--1", "in f", "0x10", "1,5", "١.٥x"]:
    try:
        float(bad)
    except ValueError as e:
        print("ValueError:", e)
for bad in [None, [1], 1j]:
    try:
        float(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    float(10 ** 400)
except OverflowError as e:
    print("OverflowError:", e)
try:
    float("inf").as_integer_ratio()
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(float("inf"))
except OverflowError as e:
    print("OverflowError:", e)
try:
    2.0 ** 5000
except OverflowError as e:
    print("OverflowError:", e)
print(float("١.٥"), float("1_5.2_5"), float(" +.5"), float("INFINITY"), float("-NaN"))
class HasFloat:
    def __float__(self):
        return 2.5
class IdxOnly:
    def __index__(self):
        return 3
print(float(HasFloat()), float(IdxOnly()), (2.5).__round__(), (2.5).__round__(1), (3.7).__floor__(), (3.2).__ceil__(), (-3.7).__trunc__())
print((7.5).__divmod__(2), (7.5).__mod__(-2), (2.0).__pow__(10), (1.5).__rpow__(2), float.__name__, float.__mro__)
import math
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5), math.isclose(0.1 + 0.2, 0.3), math.fsum([0.1] * 10), math.copysign(1, -0.0))
print(math.isnan(float("nan")), math.isinf(-1e400), math.isfinite(1e308), math.frexp(8.0), math.ldexp(0.5, 4), math.modf(-3.25))
print(round(2.675, 2), round(-0.5), round(0.5), round(1.5), round(5e-324, 400), round(1e300, -300), round(123.456, None))
print(1.0 == 1, 0.1 + 0.2 > 0.3, float.__getformat__("double"), (1.0).__hash__(), hash(0.5) == hash(1 / 2))
