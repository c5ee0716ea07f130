# bytes: construction, methods, operators and reprs.
print(bytes(), bytes(3), bytes([65, 66, 67]), bytes(b"abc"), bytes("é", "utf-8"), bytes(range(5)), bytes(bytearray(b"x")))
b = b"Hello, World! hello"
print(b.upper(), b.lower(), b.swapcase(), b.title(), b.capitalize(), b.count(b"l"), b.count(ord("o")))
print(b.find(b"o"), b.rfind(b"o"), b.index(b"W"), b.find(111), b.startswith(b"Hell"), b.endswith((b"x", b"lo")))
print(b.split(), b.split(b", "), b.rsplit(b"l", 2), b.partition(b" "), b.rpartition(b"o"), b"a\nb\r\nc".splitlines())
print(b.replace(b"l", b"L"), b.replace(b"l", b"", 2), b"  x  ".strip(), b"xxyxx".strip(b"x"), b"ab".center(6, b"*"))
print(b"-".join([b"a", b"b", bytearray(b"c")]), b"abc".zfill(6), b"a\tb".expandtabs(4), b"12".rjust(4, b"0"))
print(b"abc".isalpha(), b"123".isdigit(), b"a1".isalnum(), b" \t".isspace(), b"ABC".isupper(), b"Ab Cd".istitle(), b"\x80".isascii())
print(b.hex(), b"\x00\xff".hex(":"), bytes.fromhex("de ad be ef"), bytes.fromhex("00FF"), b"abcdef".hex("-", 2))
print(b[0], b[-1], b[1:5], b[::-3], list(b[:3]), b * 2, b"a" + b"b", b"ab" in b"cabd", 104 in b)
print(repr(b"\x00\x07\t\n\r\x1b'\"\\\x7f\x80\xff"), repr(b"'"), repr(b"'\""), str(b"x"), b"%d" % 5)
print(b"abc" == b"abc", b"abc" < b"abd", b"ab" < b"abc", b"abc" == "abc", b"abc".decode(), hash(b"abc") == hash(b"abc"))
t = bytes.maketrans(b"abc", b"xyz")
print(b"aabbcc".translate(t), b"abcdef".translate(None, b"ace"), b"hello".translate(t, b"l"))
print(b"abcabc".removeprefix(b"ab"), b"abcabc".removesuffix(b"bc"), b"x,y".split(b","), b"".join([]))
print(bytes.fromhex(""), b"\xe2\x82\xac".decode(), len(b"\xe2\x82\xac"), b"caf\xc3\xa9".decode("utf-8"))
print(int.from_bytes(b"\x01\x00", "big"), int.from_bytes(b"\x01\x00", "little"), (258).to_bytes(2, "big"), (-1).to_bytes(2, "big", signed=True))
for bad in [lambda: bytes("abc"), lambda: bytes([256]), lambda: bytes([-1]), lambda: b"a" + "b", lambda: b"abc"[10],
            lambda: bytes.fromhex("zz"), lambda: b"x".join(["a"]), lambda: bytes(-1), lambda: b"abc".index(b"z"), lambda: 300 in b"x"]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
print(bytes([1, 2]) * 0, b"ab" * -1, b"%s and %s" % (b"x", b"y"), b"%x" % 255, b"%5.2f" % 3.14159, b"%c%c" % (104, b"i"))
print(sorted(b"hello"), max(b"az"), sum(b"\x01\x02"), bytes(reversed(b"abc")), b"abc"[::-1], list(iter(b"ok")))
