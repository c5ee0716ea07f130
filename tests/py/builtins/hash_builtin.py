# hash(): numeric consistency, containers, and user types (no str/bytes values: they are seeded).
print(hash(0), hash(1), hash(-1), hash(-2), hash(2 ** 61 - 1), hash(2 ** 61), hash(2 ** 64), hash(-(2 ** 64)), hash(10 ** 30))
print(hash(0.0), hash(-0.0), hash(1.0), hash(0.5), hash(1.1), hash(-2.5), hash(1e300), hash(float("inf")), hash(float("-inf")))
print(hash(1j), hash(1 + 1j), hash(2.5 - 3j), hash(complex(1, 0)) == hash(1), hash(True), hash(False), hash(None) == hash(None))
print(hash(()), hash((1,)), hash((1, 2, 3)), hash((1, (2, 3))), hash(((), ())), hash((None,)) == hash((None,)), hash((0.5, -1)))
print(hash(frozenset()), hash(frozenset([1])), hash(frozenset([1, 2, 3])), hash(frozenset([frozenset()])), hash(range(3)) == hash(range(0, 3, 1)))
print(hash("abc") == hash("abc"), hash(b"abc") == hash("abc".encode()), hash("") , hash(b""))
import fractions, decimal
print(hash(fractions.Fraction(1, 2)), hash(fractions.Fraction(2, 1)), hash(decimal.Decimal("1.5")), hash(decimal.Decimal(3)))
for v in [[], {}, set(), bytearray(), [()], ({},)]:
    try:
        hash(v)
    except TypeError as e:
        print("TypeError:", e)
class H:
    def __init__(self, v):
        self.v = v
    def __hash__(self):
        return self.v
print(hash(H(5)), hash(H(-1)), hash(H(2 ** 64)), hash(H(True)))
class Bad:
    def __hash__(self):
        return 1.5
try:
    hash(Bad())
except TypeError as e:
    print("TypeError:", e)
print(hash(int) == hash(int), hash(len) == hash(len), type(hash(object())).__name__)
import sys
print(sys.hash_info.width, sys.hash_info.modulus, sys.hash_info.inf, sys.hash_info.nan, sys.hash_info.imag, sys.hash_info.algorithm)
