# KeyError, IndexError and ZeroDivisionError wording.
d = {"a": 1}
for k in ["missing", 5, (1, 2), None, "", 1.5, frozenset(), ("x",)]:
    try:
        d[k]
    except KeyError as e:
        print("KeyError:", repr(e), str(e), e.args)
for c in [lambda: {}.pop("k"), lambda: {}.popitem(), lambda: set().pop(), lambda: {1}.remove(2), lambda: __import__("collections").OrderedDict().popitem()]:
    try:
        c()
    except KeyError as e:
        print("KeyError:", e)
seqs = [[1, 2], (1, 2), "ab", b"ab", bytearray(b"ab"), range(2), memoryview(b"ab")]
for s in seqs:
    for i in (2, -3, 10 ** 20):
        try:
            s[i]
        except IndexError as e:
            print(type(s).__name__, i, "IndexError:", e)
        except Exception as e:
            print(type(s).__name__, i, type(e).__name__ + ":", e)
for c in [lambda: [].pop(), lambda: [1].pop(3), lambda: [1].__setitem__(5, 0), lambda: [1].__delitem__(5), lambda: bytearray().pop(), lambda: "".__getitem__(0)]:
    try:
        c()
    except IndexError as e:
        print("IndexError:", e)
for c in [lambda: 1 / 0, lambda: 1 // 0, lambda: 1 % 0, lambda: 1.0 / 0, lambda: 1.0 // 0.0, lambda: 1 % 0.0, lambda: divmod(1, 0),
          lambda: divmod(1.0, 0), lambda: 0 ** -1, lambda: 0.0 ** -1, lambda: 1j / 0, lambda: pow(0, -2), lambda: (10 ** 30) / 0,
          lambda: __import__("fractions").Fraction(1, 0), lambda: __import__("decimal").Decimal(1) / 0, lambda: 5 % False]:
    try:
        c()
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)
    except Exception as e:
        print(type(e).__name__, e)
