"""Buffer helpers, memoryviews over C memory, the old buffer API, struct sequences
defined in C, descriptor objects and raw member access (_capi_buffer.c)."""
import struct
from _check import raises
import _capi_buffer as B

GRID = [[i * 10 + j for j in range(4)] for i in range(3)]
FLAT_C = [float(v) for row in GRID for v in row]

# ---- pybuffer.h helpers on hand-made views
assert B.is_contiguous(0) == (1, 0, 1)
assert B.is_contiguous(1) == (0, 1, 1)
assert B.is_contiguous(2) == (0, 0, 0)
assert B.to_contiguous(0, "C") == FLAT_C
assert B.to_contiguous(1, "F") == FLAT_C            # a transposed grid is Fortran order
assert B.to_contiguous(1, "C") == [float(GRID[i][j]) for j in range(4) for i in range(3)]
assert B.to_contiguous(2, "C") == [0.0, 2.0, 10.0, 12.0, 20.0, 22.0]
assert B.to_contiguous(2, "F") == [0.0, 10.0, 20.0, 2.0, 12.0, 22.0]
assert B.from_contiguous() == [100.0, 1.0, 101.0, 3.0, 102.0, 11.0, 103.0, 13.0, 104.0, 21.0, 105.0, 23.0]
assert B.get_pointer(2, 1) == 22.0 and B.get_pointer(0, 0) == 0.0
assert B.fill_strides("C") == (96, 32, 8)
assert B.fill_strides("F") == (8, 16, 48)
assert B.size_from_format("3d") == 24 and B.size_from_format("<hi") == 6
raises(struct.error, B.size_from_format, "z")

# ---- PyMemoryView_FromBuffer / FromMemory / GetContiguous
m = B.view_from_buffer(0)
assert m.shape == (3, 4) and m.format == "d" and m.tolist() == [[float(v) for v in r] for r in GRID]
mt = B.view_from_buffer(1)
assert mt.shape == (4, 3) and mt.f_contiguous and not mt.c_contiguous
assert mt.tolist() == [[float(GRID[i][j]) for i in range(3)] for j in range(4)]
ms = B.view_from_buffer(2)
assert ms.strides == (32, 16) and ms.tolist() == [[0.0, 2.0], [10.0, 12.0], [20.0, 22.0]]
assert bytes(ms) == struct.pack("6d", 0, 2, 10, 12, 20, 22)
assert m.obj is None

r = B.view_from_memory(False)
assert r.readonly and bytes(r) == b"abcdefg"
raises(TypeError, r.__setitem__, 0, 65)
w = B.view_from_memory(True)
assert not w.readonly
w[0] = ord("X")
w[2:4] = b"YZ"
assert B.scratch_bytes() == b"XbYZefg"          # no copy: C sees the writes
w.release()

data = b"0123456789"
c = B.get_contiguous(memoryview(data)[::3], False)
assert c.tobytes() == b"0369" and c.c_contiguous
raises(BufferError, B.get_contiguous, memoryview(bytearray(data))[::3], True)
same = memoryview(bytearray(b"abc"))
assert B.get_contiguous(same, True).tobytes() == b"abc"

# ---- PyObject_CopyData and the old buffer API
dst = bytearray(b"..........")
B.copy_data(dst, b"abcdef")
assert dst == bytearray(b"abcdef....")
raises(BufferError, B.copy_data, bytearray(2), b"abc")
raises((TypeError, BufferError), B.copy_data, b"immutable", b"x")
assert B.old_buffer(b"hello", False) == (5, ord("h"))
ba = bytearray(b"hello")
assert B.old_buffer(ba, True) == (5, ord("Z")) and ba == bytearray(b"Zello")
raises(TypeError, B.old_buffer, "text", False)
raises((TypeError, BufferError), B.old_buffer, b"ro", True)

# ---- C writing into an array.array through PyObject_GetBuffer
import array
arr = array.array("d", [1.0, 2.0, 3.0])
assert B.poke_double(arr, 99.5) == (24, 3, 8)
assert arr[0] == 99.5
arr.append(4.0)                  # the export was released: resizing works again
raises(TypeError, B.poke_double, array.array("i", [1]), 1.0)

# ---- struct sequences
P = B.Point
assert P.__name__ == "Point" and P.__module__ == "_capi_buffer" and P.__doc__ == "A point from C."
assert P.n_fields == 3 and P.n_sequence_fields == 2 and P.n_unnamed_fields == 0
p = B.make_point(1.5, -2.0, "origin")
assert isinstance(p, tuple) and isinstance(p, P) and len(p) == 2 and tuple(p) == (1.5, -2.0)
assert p.x == 1.5 and p.y == -2.0 and p.label == "origin"
assert repr(p) == "_capi_buffer.Point(x=1.5, y=-2.0)"
assert B.point_item(p, 0) == 1.5 and B.point_item(p, 2) == "origin"
q = P((3.0, 4.0, "q"))
assert q.label == "q" and q[1] == 4.0
raises(TypeError, P, (1.0,))

Pair = B.Pair
pr = B.make_pair("a", 7)
assert type(pr) is Pair and tuple(pr) == ("a", 7) and pr.first == "a"
assert Pair.n_unnamed_fields == 1 and Pair.__name__ == "Pair"
assert isinstance(pr, tuple) and pr == ("a", 7)

# ---- descriptors made with PyDescr_New* and raw members
H = B.Holder
assert type(H.__dict__["count"]).__name__ == "member_descriptor"
assert type(H.__dict__["half"]).__name__ == "getset_descriptor"
assert type(H.__dict__["twice"]).__name__ == "method_descriptor"
assert type(H.__dict__["make"]).__name__ == "classmethod_descriptor"
h = H()
h.count = 21
assert h.count == 21 and h.twice() == 42 and h.half == 10.5
h.half = 4
assert h.count == 8
raises(AttributeError, setattr, h, "ratio", 1.0)
raises(TypeError, delattr, h, "half")
raises(AttributeError, getattr, h, "obj")
h.obj = [1]
assert h.obj == [1]
h2 = H.make(5)
assert type(h2) is H and h2.count == 5
assert B.member_roundtrip(h, 3) == (8, 3) and h.count == 3
raises(TypeError, B.member_roundtrip, h, "x")
B.member_delete_obj(h)
raises(AttributeError, getattr, h, "obj")
assert B.is_data(H.__dict__["count"]) and B.is_data(H.__dict__["half"])
assert not B.is_data(H.__dict__["twice"])
bound = B.wrapper_new(int.__dict__["__add__"], 5)    # a slot wrapper bound to 5
assert bound(3) == 8

print("ALL OK")
