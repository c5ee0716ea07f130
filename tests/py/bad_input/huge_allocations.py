# Absurd allocation requests must raise MemoryError or OverflowError, not crash.
from _common import attempt
attempt("list * 2**62", lambda: [0] * (2 ** 62))
attempt("str * 2**62", lambda: "x" * (2 ** 62))
attempt("bytes(2**50)", lambda: bytes(2 ** 50))
attempt("bytearray(2**62)", lambda: bytearray(2 ** 62))
attempt("list * 2**64", lambda: [0] * (2 ** 64))
attempt("tuple * 2**62", lambda: (1, 2) * (2 ** 62))
attempt("range(2**64) list", lambda: list(range(2 ** 64)))
attempt("str.ljust 2**62", lambda: "a".ljust(2 ** 62))
attempt("1 << 2**62", lambda: 1 << (2 ** 62))
print("still alive", [0] * 3)
