# memoryview basics: slicing, tobytes, tolist, formats, casts, readonly.
data = bytearray(b"abcdefgh")
m = memoryview(data)
print(m.nbytes, m.itemsize, m.format, m.ndim, m.shape, m.strides, m.readonly, len(m))
print(m[0], m[-1], m[2:5].tobytes(), m[::2].tobytes(), m.tolist()[:3], bytes(m[1:3]), m.hex())
m[0:2] = b"XY"
print(data, m.obj is data, m == b"XYcdefgh", m[1:3] == b"Yc")
ro = memoryview(b"readonly")
print(ro.readonly, ro[0], ro[-4:].tobytes())
try:
    ro[0] = 1
except TypeError as e:
    print("TypeError:", e)
ints = memoryview(bytearray(b"\x01\x00\x00\x00\x02\x00\x00\x00\xff\xff\xff\xff")).cast("i")
print(ints.format, ints.itemsize, ints.tolist(), len(ints), ints.nbytes, ints[2])
shorts = memoryview(bytes(range(8))).cast("H")
print(shorts.tolist(), shorts.cast("B").tolist(), shorts.cast("B", (2, 4)).tolist())
print(memoryview(b"ab").cast("c").tolist(), memoryview(b"\x00\x00\x80\x3f").cast("f").tolist())
import array
arr = array.array("d", [1.5, 2.5, 3.5])
mv = memoryview(arr)
print(mv.format, mv.itemsize, mv.tolist(), mv[1], mv.nbytes)
mv[0] = 9.0
print(arr)
with memoryview(b"ctx") as cm:
    print(cm.tobytes())
try:
    cm.tobytes()
except ValueError as e:
    print("ValueError:", e)
try:
    m[0] = 300
except ValueError as e:
    print("ValueError:", e)
try:
    m[0:2] = b"abc"
except ValueError as e:
    print("ValueError:", e)
try:
    memoryview("str")
except TypeError as e:
    print("TypeError:", e)
print(memoryview(b"abc") == memoryview(b"abc"), memoryview(b"abc") != b"abd", list(memoryview(b"xy")))
print(hash(memoryview(b"abc")) == hash(b"abc"), memoryview(b"abc").toreadonly().readonly, bytes(memoryview(b"q") * 1 if False else b"q"))
