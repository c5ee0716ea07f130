# and/or/not, truthiness and conditional expressions.
vals = [0, 1, -1, 0.0, 0.1, "", "a", [], [0], (), (0,), {}, {0: 0}, set(), None, 0j, range(0), range(1), b"", b"\x00"]
print([bool(v) for v in vals])
print([v for v in vals if v])
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, "" or "x", [] or {}, None and 1, None or 0)
print(not 0, not 1, not "", not [1], not None)
print(0 or "" or [] or "last", 1 and "a" and [1] and "end", 0 and 1 or 2, 1 or 0 and 2)
log = []
def t(x):
    log.append(x)
    return x
r = t(0) and t(1)
print(r, log)
log.clear()
r = t(1) or t(2)
print(r, log)
log.clear()
r = t(0) or t("") or t(3) or t(4)
print(r, log)
for x in range(-2, 3):
    print(x, "pos" if x > 0 else "zero" if x == 0 else "neg", "even" if x % 2 == 0 else "odd")
print(True + True, True * 3, -True, ~True, True & False, True | False, True ^ True, bool(True ^ 1))
print(type(True & True).__name__, type(True + 1).__name__, type(True | 2).__name__, type(~False).__name__)
print(True == 1, False == 0, isinstance(True, int), bool.__mro__)
print(str(True), repr(False), int(True), float(False), f"{True}", f"{True:d}", f"{False:>6}")
print(all([]), any([]), all([1, 2]), any([0, 0, 1]), all(x > 0 for x in [1, 2, -1]))
print(sum([True, True, False]), max(False, True), sorted([True, False, 0, 1]))
