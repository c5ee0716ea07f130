# divmod, pow and round across numeric types.
for a, b in [(7, 2), (-7, 2), (7, -2), (7.5, 2), (-7.5, 2), (7, 0.5), (10 ** 20, 7), (True, 3)]:
    print(a, b, divmod(a, b))
for bad in [(1, 0), (1.0, 0), (1, 0.0), (1j, 1), ("a", 1)]:
    try:
        divmod(*bad)
    except (ZeroDivisionError, TypeError) as e:
        print(type(e).__name__ + ":", e)
print(pow(2, 10), pow(2, -2), pow(2.0, 3), pow(-8, 1 / 3), pow(0, 0), pow(0.0, 0), pow(2, 0.5), pow(-2, 2))
print(pow(3, 200, 1000), pow(3, -1, 11), pow(-5, 3, 7), pow(5, 3, -7), pow(2, 100, 2 ** 61 - 1), pow(base=2, exp=5, mod=7))
for bad in [(0, -1), (2, 3, 0), (2.0, 3, 5), (2, -1, 4), (2, 0.5, 3), (0.0, -1)]:
    try:
        pow(*bad)
    except (ValueError, TypeError, ZeroDivisionError) as e:
        print(type(e).__name__ + ":", e)
vals = [0.5, 1.5, 2.5, -0.5, -1.5, 2.675, 1.005, 123.456, -123.456, 1e16, 0.1 + 0.2, 7, -7, 12345]
for v in vals:
    print(v, round(v), round(v, 1), round(v, 2), round(v, -1), round(v, 0), type(round(v)).__name__, type(round(v, 0)).__name__)
print(round(25, -1), round(35, -1), round(-25, -1), round(150, -2), round(250, -2), round(10 ** 20 + 5, -1), round(5, 2))
for bad in [lambda: round("1"), lambda: round(1.5, 1.5), lambda: round(float("inf")), lambda: round(float("nan")), lambda: round(1, "x")]:
    try:
        bad()
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__ + ":", e)
print(round(float("inf"), 2), round(float("nan"), 1), round(-0.0), round(-0.4), round(0.0, 5), round(1e300, 2))
class R:
    def __round__(self, n=None):
        return ("rounded", n)
print(round(R()), round(R(), 3))
from fractions import Fraction
from decimal import Decimal
print(round(Fraction(7, 2)), round(Fraction(5, 2)), round(Fraction(22, 7), 3), round(Decimal("2.675"), 2), round(Decimal("2.5")))
print(divmod(Fraction(7, 2), 1), pow(Fraction(2, 3), 2), pow(Decimal(2), 10), divmod(Decimal("7.5"), 2))
