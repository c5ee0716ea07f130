# Complex numbers.
z = 3 + 4j
w = complex(1, -2)
print(z, w, z + w, z - w, z * w, z / w, -z, +z, abs(z), z.conjugate())
print(z.real, z.imag, type(z.real).__name__, w.real, w.imag)
print(1j * 1j, 1j ** 2, (1 + 1j) ** 2, (1 + 2j) ** 0, 2 ** (1j * 0), 0j, -0j, complex(-0.0, -0.0))
print(complex("1+2j"), complex("-3.5j"), complex(" 4 "), complex("(1-1j)"), complex(2), complex(2.5, 0))
print(repr(1 + 0j), repr(-1j), repr(complex(0, -0.0)), repr(1e20j), repr(complex(1.5, 1e-10)))
print(z == 3 + 4j, z == complex(3, 4), (3 + 0j) == 3, (3 + 0j) == 3.0, z != w)
print(hash(3 + 0j) == hash(3), hash(1j), hash(2 + 3j), hash(complex(0.5, 0)))
print(complex(1, 2) * 2, complex(1, 2) / 2, 2 / (1 + 1j), (4 + 2j) - 2, 1 - 2j + 3)
print(format(1.5 + 2.25j, ".2f"), format(1 + 1j, ""), f"{3-4j}", f"{z:>20}", f"{w:^14.1f}")
print(str(complex(float("inf"), float("nan"))), complex("infj"), complex("nan+nanj"))
for bad in ("1+", "j1", "1+2", "abc", "1 + 2j"):
    try:
        complex(bad)
    except ValueError as e:
        print("ValueError", bad, e)
try:
    z < w
except TypeError as e:
    print("TypeError", e)
try:
    print(1 / 0j)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
print(divmod.__name__, [c.real for c in (1j, 2 + 0j, -3.5 - 1j)])
print(pow(1j, 4), pow(2 + 0j, 3), (-1) ** 0.5)
print(bool(0j), bool(1j), bool(0 + 0j), complex(True, False), isinstance(1j, complex))
