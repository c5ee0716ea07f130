# match: mapping patterns, class patterns, __match_args__, keyword patterns.
def config(c):
    match c:
        case {"type": "user", "name": str(name), **rest}:
            return f"user {name} extra={rest}"
        case {"type": "group", "members": [*members]}:
            return f"group of {len(members)}"
        case {"type": t}:
            return f"unknown type {t}"
        case {}:
            return "mapping without type"
        case _:
            return "not a mapping"
for c in [{"type": "user", "name": "ann", "age": 3}, {"type": "user", "name": 5}, {"type": "group", "members": ["a", "b"]},
          {"type": "other"}, {}, {"x": 1}, [("type", "user")], "str"]:
    print(c, "->", config(c))
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
class Point3(Point):
    __match_args__ = ("x", "y", "z")
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z
def where(p):
    match p:
        case Point3(0, 0, 0):
            return "3d origin"
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=y):
            return f"on y axis at {y}"
        case Point(x, 0):
            return f"on x axis at {x}"
        case Point3(x, y, z=z) if z > 0:
            return f"above plane {x},{y},{z}"
        case Point(x, y) if x == y:
            return "diagonal"
        case Point():
            return "somewhere"
        case int() | float() as n:
            return f"number {n}"
        case _:
            return "unknown"
for p in [Point(0, 0), Point3(0, 0, 0), Point(0, 5), Point(3, 0), Point3(1, 2, 3), Point3(1, 2, -3), Point(2, 2), Point(1, 2), 7, 2.5, "s"]:
    print(where(p))
class NoArgs:
    pass
try:
    match NoArgs():
        case NoArgs(1):
            pass
except TypeError as e:
    print("TypeError:", e)
class TooMany:
    __match_args__ = ("a",)
    a = 1
try:
    match TooMany():
        case TooMany(1, 2):
            pass
except TypeError as e:
    print("TypeError:", e)
match 5:
    case int(5):
        print("int(5) matches self")
match {"a": 1, "b": 2}:
    case {"a": 1, **rest}:
        print("rest", rest)
from collections import defaultdict
dd = defaultdict(int)
match dd:
    case {"missing": _}:
        print("should not match via __missing__")
    case _:
        print("mapping patterns use get(), not __getitem__:", dict(dd))
match [Point(1, 2), {"k": Point(3, 4)}]:
    case [Point(x=a), {"k": Point(y=b)}]:
        print("nested class patterns", a, b)
