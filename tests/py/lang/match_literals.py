# match: literal, capture, wildcard, value and or patterns, guards.
import enum
class Color(enum.Enum):
    RED = 1
    GREEN = 2
def classify(v):
    match v:
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case "hello":
            return "greeting"
        case True:
            return "true!"
        case None:
            return "none"
        case -1:
            return "minus one"
        case 1.5:
            return "one and a half"
        case 2j:
            return "imaginary"
        case b"raw":
            return "bytes"
        case Color.RED:
            return "red"
        case int(n) if n > 100:
            return f"big {n}"
        case str() as s if len(s) > 3:
            return f"long string {s!r}"
        case x:
            return f"other {x!r}"
for v in [0, 1, 3, "hello", True, False, None, -1, 1.5, 2j, b"raw", Color.RED, Color.GREEN, 500, "word", "ab", 1.0, 4]:
    print(repr(v), "->", classify(v))
def guard(pair):
    match pair:
        case (a, b) if a == b:
            return "same"
        case (a, b) if a > b:
            return "desc"
        case (a, b):
            return "asc"
        case _:
            return "not a pair"
print([guard(p) for p in [(1, 1), (2, 1), (1, 2), (1, 2, 3), "ab", 5]])
def status(code):
    match code:
        case 200 | 201 | 204:
            return "ok"
        case 301 | 302 as redirect:
            return f"redirect {redirect}"
        case 400 | 404:
            return "client"
        case _ if 500 <= code < 600:
            return "server"
    return "unknown"
print([status(c) for c in (200, 204, 302, 404, 503, 999)])
x = "unchanged"
match 42:
    case x:
        pass
print("capture binds:", x)
match 5:
    case 1:
        print("no")
print("no case matched falls through")
