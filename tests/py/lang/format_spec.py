# The format mini-language via format() and str.format().
ints = [0, 7, -7, 255, 1234567, -1234567]
specs = ["", "d", "5d", "<5d", "^7d", ">7d", "=+8d", "+d", " d", "-d", "05d", "x", "#X", "#o", "#b", "08b",
         ",", "_", "_x", ",d", "c", "e", ".2f", "%", "n", "*^9", "0=10"]
for s in specs:
    row = []
    for i in ints:
        try:
            row.append(format(i, s))
        except (ValueError, OverflowError) as e:
            row.append(type(e).__name__ + "(" + str(e) + ")")
    print(repr(s), row)
floats = [0.0, 1.5, -2.25, 1234.5678, 1e-7, 6.02e23, float("inf"), float("nan")]
fspecs = ["", "f", ".0f", ".3f", "e", ".2e", "E", "g", ".3g", "G", "%", ".1%", "10.2f", "<10.1f", "^12.3e",
          "+.2f", " .1f", "010.2f", ",.2f", "_.3f", "#.0f", "#g", ".0e", "n", "=+12.3f"]
for s in fspecs:
    print(repr(s), [format(f, s) for f in floats])
strs = ["", "a", "hello", "longer string"]
sspecs = ["", "s", "5", "<5", ">5", "^5", "*^9", ".3", "10.2", "-<6", "0>4"]
for s in sspecs:
    print(repr(s), [format(x, s) for x in strs])
print("{} {} {}".format(1, "two", 3.0), "{2}{1}{0}".format("a", "b", "c"), "{0}{0}".format("x"))
print("{name} is {age:>4}".format(name="Ann", age=7), "{0[1]} {1[k]} {2.real}".format([1, 2], {"k": "v"}, 3j))
print("{:{w}.{p}f}".format(3.14159, w=10, p=2), "{!r:>8}".format("q"), "{0!s:^9}|".format(None))
print("{{}} {{{}}}".format(5), "{:%Y}".format(__import__("datetime").date(2020, 1, 1)))
print(format(True, ""), format(True, "d"), format(False, ">5"), format(None, ""), format([1], ""))
print(format(1234.5, ",.0f"), format(-1e-4, ".2e"), format(123456789, ".3e"), format(0.1, ".20f"))
print(format(12.0, "g"), format(1e16, "g"), format(1e15, "g"), format(0.0001, "g"), format(0.00001, "g"))
print(format(2 ** 70, "x"), format(-(2 ** 70), ","), format(10 ** 20, "e"), format(2 ** 70, ".3g"))
for bad in [(1, "s"), ("a", "d"), (1.5, "d"), ("x", "=5"), (1, ".2s"), ("abc", "+"), (3, ",_"), (2.5, "c")]:
    try:
        format(*bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, bad, e)
try:
    "{} {}".format(1)
except IndexError as e:
    print("IndexError:", e)
try:
    "{x}".format(y=1)
except KeyError as e:
    print("KeyError:", e)
try:
    "{0} {}".format(1, 2)
except ValueError as e:
    print("ValueError:", e)
try:
    "{:invalid}".format(1)
except ValueError as e:
    print("ValueError:", e)
print("{:>{}}".format("r", 4), "{:^{width}}".format("c", width=5), "{0:{1}}".format(7, "03"))
print("%s|%r|%a" % ("é", "é", "é"))
print(format(1 + 2j, ">12"), format(-1.5j, ".3f"), format(complex(1, -1), "^15.2e"))
