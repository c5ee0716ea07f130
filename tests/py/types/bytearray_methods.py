# bytearray: mutation methods and in-place operations.
ba = bytearray(b"hello")
ba.append(33)
ba.extend(b" world")
ba.extend([65, 66])
ba.insert(0, 62)
print(ba, len(ba))
print(ba.pop(), ba.pop(0), ba)
ba.remove(ord("o"))
print(ba)
ba.reverse()
print(ba)
ba[0] = 88
ba[1:3] = b"YYYY"
del ba[-2:]
print(ba, ba[0], ba[-1])
ba2 = ba.copy()
ba2.clear()
print(ba2, ba, ba2 == bytearray())
ba = bytearray(b"abc")
ba += b"def"
ba *= 2
print(ba, ba.upper(), ba.find(b"d"), ba.count(b"a"), ba.replace(b"a", b"A"), type(ba.upper()).__name__)
print(bytearray(5), bytearray([1, 2, 3]), bytearray("é", "utf-8"), bytearray(range(3)), bytearray.fromhex("41 42"))
print(ba.hex(), ba.decode(), ba.split(b"d"), ba.strip(b"af"), bytearray(b" x ").strip(), bytearray(b"a,b").partition(b","))
m = bytearray(b"0123456789")
m[::2] = b"abcde"
print(m)
m[2:8] = b""
print(m)
for bad in [lambda: m.append(256), lambda: m.append("a"), lambda: m.remove(200), lambda: bytearray().pop(), lambda: m.__setitem__(0, -1),
            lambda: m.__setitem__(slice(0, 4, 2), b"xyz"), lambda: m.insert(0, b"x")]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
print(bytearray(b"abc") == b"abc", b"abc" == bytearray(b"abc"), bytearray(b"a") < b"b", bytearray(b"x") + b"y", b"y" + bytearray(b"x"))
try:
    hash(bytearray(b"x"))
except TypeError as e:
    print("TypeError:", e)
print(repr(bytearray(b"\x00'q")), str(bytearray()), bytearray(b"ab") * 2, list(bytearray(b"hi")))
ba = bytearray(b"abc")
view = memoryview(ba)
view[0] = ord("z")
print(ba)
try:
    ba.append(1)
except BufferError as e:
    print("BufferError:", e)
view.release()
ba.append(100)
print(ba)
