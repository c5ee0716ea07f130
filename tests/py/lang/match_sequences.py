# match: sequence patterns, star patterns, nested patterns.
def shape(v):
    match v:
        case []:
            return "empty"
        case [x]:
            return f"one {x}"
        case [x, y]:
            return f"two {x},{y}"
        case [first, *_, last] if first == last:
            return f"bookends {first}"
        case [0, *rest]:
            return f"zero then {rest}"
        case [*init, 9]:
            return f"ends with nine after {init}"
        case (a, b, c):
            return f"triple {a} {b} {c}"
        case [[a, b], [c, d]]:
            return f"matrix {a * d - b * c}"
        case _:
            return "other"
tests = [[], [1], (2, 3), [5, 1, 2, 5], [0, 7, 8, 1], [1, 2, 3, 9], [4, 5, 6], ([1, 2], [3, 4]),
         [1, 2, 3, 4], "ab", b"ab", range(3), {"a": 1}, 5, [[1, 2], 3]]
for t in tests:
    print(repr(t), "->", shape(t))
def cmd(command):
    match command.split():
        case ["go", direction]:
            return f"going {direction}"
        case ["pick", "up", item] | ["take", item]:
            return f"taking {item}"
        case ["drop", *items] if items:
            return f"dropping {', '.join(items)}"
        case ["quit" | "exit"]:
            return "bye"
        case [verb, *_]:
            return f"unknown verb {verb}"
        case []:
            return "nothing"
for c in ["go north", "pick up lamp", "take key", "drop a b c", "drop", "quit", "exit", "dance now", ""]:
    print(repr(c), "->", cmd(c))
match (1, (2, (3, 4)), 5):
    case (a, (b, (c, d)), e):
        print("nested", a + b + c + d + e)
match [1, 2, 3]:
    case [*all_items]:
        print("star only", all_items)
match "text":
    case [*chars]:
        print("string matched as sequence?")
    case str():
        print("strings are not sequences for match")
from collections import deque
match deque([1, 2]):
    case [a, b]:
        print("deque", a, b)
match (1, 2):
    case [1, 2] as whole:
        print("as whole", whole)
