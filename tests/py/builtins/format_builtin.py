# format() dispatch to __format__ for builtins and user types; object.__format__ rules.
print(format(5), format(5, ""), format(5, "3"), format("s", "3"), format(1.5), format([1, 2]), format((1,)), format(None))
print(format(3, "x"), format(3.5, "e"), format(-3, "+05"), format("abc", "^7"), format(True, "^7"), format(1 + 1j, "^12"))
class Plain:
    def __str__(self):
        return "plain-str"
print(format(Plain()), format(Plain(), ""), f"{Plain()}")
try:
    format(Plain(), "10")
except TypeError as e:
    print("TypeError:", e)
try:
    format(object(), "x")
except TypeError as e:
    print("TypeError:", e)
class Spec:
    def __format__(self, spec):
        return "|".join(reversed(spec.split(":")))
print(format(Spec(), "a:b:c"), f"{Spec():x:y}", "{0:1:2}".format(Spec()))
import datetime, decimal, fractions, enum
d = datetime.datetime(2021, 12, 31, 23, 59, 58)
print(format(d, "%Y-%m-%d %H:%M:%S"), format(d.date(), "%A %d %B"), format(d.time(), "%H.%M"), f"{d:%j}")
print(format(decimal.Decimal("1234.5678"), ",.2f"), format(decimal.Decimal("0.1"), "%"), format(decimal.Decimal("-1e10"), "e"))
print(format(fractions.Fraction(1, 3), "") if True else "", str(fractions.Fraction(1, 3)))
class Color(enum.Enum):
    RED = 1
class Num(enum.IntEnum):
    ONE = 1
print(format(Color.RED), f"{Color.RED}", format(Num.ONE), f"{Num.ONE:>5}", f"{Num.ONE:d}", str(Num.ONE), repr(Num.ONE))
for bad in [("x", "d"), (1, "z"), (1.0, "d"), ("s", "=^5"), ([], "x"), (1, "+-"), (1j, "%"), (1, "_,")]:
    try:
        format(*bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)
print(type(format(1)).__name__, format(2 ** 100, ","), format(-0.0, "f"), format(float("nan"), "+"), format(1e-300, ".3"))
