# bool, None, NotImplemented, Ellipsis.
print(type(None).__name__, repr(None), str(None), bool(None), None.__class__ is type(None), None.__eq__(None))
print(type(...).__name__, repr(...), Ellipsis is ..., bool(...), str(Ellipsis))
print(type(NotImplemented).__name__, repr(NotImplemented), (1).__eq__("a"), (1).__add__("a"), "a".__lt__(1))
print(bool(0), bool(1), bool(""), bool("False"), bool([]), bool(None), bool(), bool.__name__, bool(2) is True)
print(True and False, True or False, not True, True == 1, True + True, True / 2, True ** 10, -True, True % 2, divmod(True, 2))
print(repr(True), str(False), f"{True!r}", format(True, ">6"), format(False, "d"), int(True), True.real, True.imag, True.numerator)
print(hash(True), hash(False), hash(None) == hash(None), {True: "a", 1: "b"}, {False, 0, 0.0})
print(isinstance(True, int), type(True + 1).__name__, type(True & True).__name__, type(True | False).__name__, type(~True).__name__)
print(True.__and__(1), True.__or__(False), True.__xor__(True), (True).bit_length(), True.to_bytes(1, "big"))
try:
    class B(bool):
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    type(None)(1)
except TypeError as e:
    print("TypeError:", e)
print(type(None)() is None, type(...)() is ..., type(NotImplemented)() is NotImplemented)
try:
    None.attr
except AttributeError as e:
    print("AttributeError:", e)
try:
    nothing = None
    nothing()
except TypeError as e:
    print("TypeError:", e)
try:
    None + 1
except TypeError as e:
    print("TypeError:", e)
try:
    len(None)
except TypeError as e:
    print("TypeError:", e)
try:
    for x in None:
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    nothing[0]
except TypeError as e:
    print("TypeError:", e)
def returns_nothing():
    pass
print(returns_nothing(), returns_nothing() is None, [None] * 2, (None,) == (None,))
print(sorted([True, False, True]), sum([True] * 5), max(True, 0), min(False, 1), bool("0"), bool(0.0), bool(-0.0), bool(0j))
