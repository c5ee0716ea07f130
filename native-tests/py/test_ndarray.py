"""A numpy-like extension: _ndarray.Array, an N-dimensional strided float64
array in native memory (ext/_ndarray.c), and _ndarray_user, which uses it
only through the C API table in the capsule _ndarray._C_API
(ext/_ndarray_user.c).

Covers a GC type with members/getsets, the buffer protocol with PyBUF_*
flags and export counting (memoryview, bytes, struct, io), number slots
with reflected operands and NotImplemented, the mapping protocol with
ints/slices/tuples and views sharing memory, a separate iterator type,
tp_richcompare/tp_repr, a classmethod, Python subclasses, the GIL released
around loops over raw memory (used from 4 threads), the collection of
cycles that pass through arrays, and PyCapsule_Import at import time.
"""
import sys

from _check import raises

# _ndarray_user imports _ndarray itself: PyCapsule_Import("_ndarray._C_API")
assert "_ndarray" not in sys.modules
import _ndarray_user as U
assert "_ndarray" in sys.modules

import gc
import io
import math
import struct
import threading

import _ndarray
from _ndarray import Array

B = _ndarray     # the PyBUF_* flags are module constants


def gb(obj, flags):
    """PyObject_GetBuffer(obj, flags) done by C; the Py_buffer as a dict."""
    return _ndarray.getbuffer(obj, flags)


def grid():
    return Array.from_list([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])


def pack(values):
    return struct.pack("%dd" % len(values), *values)


def flat(x):
    if isinstance(x, list):
        return [y for item in x for y in flat(item)]
    return [x]


# ---------------------------------------------------------------- creation

def test_construct():
    a = Array(3)
    assert type(a) is Array
    assert a.shape == (3,) and a.ndim == 1 and a.size == 3 and a.strides == (8,)
    assert a.tolist() == [0.0, 0.0, 0.0]
    assert all(type(x) is float for x in a.tolist())
    assert a.base is None and a.owner is None and a.readonly is False
    assert a.c_contiguous is True

    b = Array((2, 3), 1.5)
    assert b.shape == (2, 3) and b.ndim == 2 and b.size == 6
    assert b.strides == (24, 8)
    assert b.tolist() == [[1.5, 1.5, 1.5], [1.5, 1.5, 1.5]]

    c = Array(shape=(2, 1, 2), fill=2)
    assert c.tolist() == [[[2.0, 2.0]], [[2.0, 2.0]]]
    assert c.strides == (16, 16, 8)
    assert Array((2, 3), fill=-0.5).tolist()[1][2] == -0.5

    e = Array((0, 4))
    assert e.shape == (0, 4) and e.size == 0 and e.tolist() == []
    assert Array((2, 0)).tolist() == [[], []]
    assert Array(0).tolist() == []

    eight = Array((1,) * 8, 3.0)
    assert eight.ndim == 8 and eight.size == 1 and flat(eight.tolist()) == [3.0]
    assert _ndarray.MAXDIM == 8

    raises(ValueError, Array, (1,) * 9)
    raises(ValueError, Array, ())
    raises(ValueError, Array, -1)
    raises(ValueError, Array, (2, -1))
    raises(ValueError, Array, (1 << 32, 1 << 32))        # too big, not malloc'ed
    raises(ValueError, Array, 1 << 61)
    raises(TypeError, Array, "x")
    raises(TypeError, Array, 2.0)
    raises(TypeError, Array, [2, 3])
    raises(TypeError, Array, (2, "a"))
    raises(TypeError, Array, (2, 1.0))
    raises(TypeError, Array, 2, "x")
    raises(TypeError, Array)
    raises(TypeError, Array, 2, 1.0, 3)
    raises(TypeError, lambda: Array(2, nope=1))


def test_attributes():
    a = Array((2, 2))
    raises(AttributeError, setattr, a, "shape", (4,))
    raises(AttributeError, setattr, a, "strides", (8, 8))
    raises(AttributeError, setattr, a, "ndim", 1)
    raises(AttributeError, setattr, a, "size", 1)
    raises(AttributeError, setattr, a, "base", a)
    raises(AttributeError, setattr, a, "extra", 1)          # no __dict__
    raises(AttributeError, setattr, a, "readonly", True)
    a.owner = [1, 2]
    assert a.owner == [1, 2]
    o = object()
    a.owner = o
    assert a.owner is o
    del a.owner
    assert a.owner is None
    assert Array.__doc__.startswith("Array(shape")
    assert "sum" in dir(a) and "shape" in dir(a)


def test_from_list():
    a = Array.from_list([1, 2.5, -3])
    assert type(a) is Array and a.shape == (3,)
    assert a.tolist() == [1.0, 2.5, -3.0]
    m = Array.from_list([[1, 2, 3], [4, 5, 6]])
    assert m.shape == (2, 3) and m.strides == (24, 8)
    assert m.tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    assert Array.from_list(((1, 2), (3, 4))).tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert Array.from_list([]).shape == (0,)
    assert Array.from_list([[], []]).shape == (2, 0)
    assert Array.from_list([True, 2]).tolist() == [1.0, 2.0]

    class F:
        def __float__(self):
            return 2.5
    assert Array.from_list([F(), 1]).tolist() == [2.5, 1.0]

    deep = [1.0]
    for _ in range(7):
        deep = [deep]
    assert Array.from_list(deep).ndim == 8
    raises(ValueError, Array.from_list, [deep])

    raises(ValueError, Array.from_list, [[1, 2], [3]])
    raises(ValueError, Array.from_list, [[1, 2], 3])
    raises(ValueError, Array.from_list, [1, [2]])
    raises(ValueError, Array.from_list, [[], [1]])
    raises(TypeError, Array.from_list, ["a"])
    raises(TypeError, Array.from_list, [[1.0, None]])
    raises(TypeError, Array.from_list, 3)
    raises(TypeError, Array.from_list, "abc")
    raises(OverflowError, Array.from_list, [10 ** 400])
    raises(TypeError, Array.from_list)

    # (An element's __float__ shrinking the list while C reads it is left out: Pyrite
    # re-synchronizes a list's C view when the list next crosses to C, so C code that
    # keeps reading PyList_GET_SIZE of a list it already holds sees the old items --
    # still valid objects, never freed memory. Recorded on issue 6.)


def test_repr():
    assert repr(Array.from_list([[1, 2], [3, 4]])) == "Array([[1.0, 2.0], [3.0, 4.0]])"
    assert repr(Array(2)) == "Array([0.0, 0.0])"
    assert repr(Array(0)) == "Array([])"
    a = Array.from_list([0.5, -1])
    assert str(a) == repr(a) == "Array([0.5, -1.0])"
    assert repr(grid()[:, 1]) == "Array([2.0, 6.0, 10.0])"


# ---------------------------------------------------------------- buffers

def test_getbuffer_flags():
    a = Array.from_list([[1, 2, 3], [4, 5, 6]])
    d = gb(a, B.PyBUF_FULL_RO)
    assert d["format"] == "d" and d["itemsize"] == 8 and d["len"] == 48
    assert d["ndim"] == 2 and d["shape"] == (2, 3) and d["strides"] == (24, 8)
    assert d["readonly"] is False and d["same_obj"] is True and d["suboffsets"] is None
    start = d["buf"]

    d = gb(a, B.PyBUF_SIMPLE)
    assert d["buf"] == start and d["len"] == 48
    assert d["format"] is None and d["shape"] is None and d["strides"] is None
    d = gb(a, B.PyBUF_ND)
    assert d["shape"] == (2, 3) and d["strides"] is None and d["ndim"] == 2
    d = gb(a, B.PyBUF_STRIDES | B.PyBUF_FORMAT)
    assert d["strides"] == (24, 8) and d["format"] == "d"
    assert gb(a, B.PyBUF_C_CONTIGUOUS)["strides"] == (24, 8)
    assert gb(a, B.PyBUF_ANY_CONTIGUOUS)["len"] == 48
    assert gb(a, B.PyBUF_WRITABLE)["readonly"] is False
    assert gb(a, B.PyBUF_CONTIG)["shape"] == (2, 3)
    raises(BufferError, gb, a, B.PyBUF_F_CONTIGUOUS)

    # memory is shared: offsets of views from the start of the array
    assert gb(a[1], B.PyBUF_SIMPLE)["buf"] == start + 24
    assert gb(a[1, 1:], B.PyBUF_SIMPLE)["buf"] == start + 32
    assert gb(a[::-1], B.PyBUF_STRIDES)["buf"] == start + 24
    assert gb(a[:, ::-1], B.PyBUF_STRIDES)["buf"] == start + 16

    # a non-contiguous view: only requests that accept strides work
    v = a[:, ::2]
    d = gb(v, B.PyBUF_RECORDS_RO)
    assert d["shape"] == (2, 2) and d["strides"] == (24, 16) and d["len"] == 32
    assert d["buf"] == start and d["same_obj"] is True
    for flags in (B.PyBUF_SIMPLE, B.PyBUF_ND, B.PyBUF_CONTIG_RO, B.PyBUF_WRITABLE,
                  B.PyBUF_C_CONTIGUOUS, B.PyBUF_F_CONTIGUOUS, B.PyBUF_ANY_CONTIGUOUS):
        raises(BufferError, gb, v, flags)
    assert gb(v, B.PyBUF_STRIDED)["strides"] == (24, 16)
    assert gb(v, B.PyBUF_FULL)["format"] == "d"

    r = a[::-1]
    assert gb(r, B.PyBUF_FULL_RO)["strides"] == (-24, 8)
    raises(BufferError, gb, r, B.PyBUF_C_CONTIGUOUS)

    # Fortran order through transpose()
    t = a.transpose()
    assert t.shape == (3, 2) and t.strides == (8, 24) and t.base is a
    assert gb(t, B.PyBUF_F_CONTIGUOUS)["strides"] == (8, 24)
    assert gb(t, B.PyBUF_ANY_CONTIGUOUS)["shape"] == (3, 2)
    raises(BufferError, gb, t, B.PyBUF_C_CONTIGUOUS)
    raises(BufferError, gb, t, B.PyBUF_SIMPLE)

    # 1-D contiguous rows are both C and Fortran contiguous
    row = a[1]
    assert gb(row, B.PyBUF_C_CONTIGUOUS)["len"] == 24
    assert gb(row, B.PyBUF_F_CONTIGUOUS)["len"] == 24
    raises(BufferError, gb, a[:, 0], B.PyBUF_ANY_CONTIGUOUS)   # stride 24
    # empty arrays are contiguous whatever the strides
    assert gb(a[:, 3:], B.PyBUF_C_CONTIGUOUS)["len"] == 0
    assert gb(Array((0, 3)), B.PyBUF_SIMPLE)["len"] == 0

    # read-only arrays refuse writable requests; views inherit the flag
    a.set_readonly(True)
    assert a.readonly is True
    raises(BufferError, gb, a, B.PyBUF_WRITABLE)
    raises(BufferError, gb, a, B.PyBUF_CONTIG)
    raises(BufferError, gb, a, B.PyBUF_FULL)
    assert gb(a, B.PyBUF_FULL_RO)["readonly"] is True
    assert a[0].readonly is True
    raises(BufferError, gb, a[0], B.PyBUF_WRITABLE)
    a.set_readonly(False)
    assert gb(a, B.PyBUF_WRITABLE)["readonly"] is False
    assert v.readonly is False          # made before: keeps its own flag

    for x in (a, v, r, t, row):
        assert x.exports() == 0
    raises(TypeError, gb, 1.5, B.PyBUF_SIMPLE)


def test_memoryview():
    a = Array.from_list([[1, 2, 3], [4, 5, 6]])
    assert a.exports() == 0
    m = memoryview(a)
    assert a.exports() == 1
    assert m.obj is a
    assert m.format == "d" and m.itemsize == 8 and m.ndim == 2
    assert m.shape == (2, 3) and m.strides == (24, 8) and m.nbytes == 48
    assert m.readonly is False and m.c_contiguous and m.contiguous
    assert m.tolist() == a.tolist()
    assert m[1, 2] == 6.0

    # a second memoryview shares the memory
    m2 = memoryview(a)
    assert a.exports() == 2
    m2[0, 1] = 20.0
    assert a[0, 1] == 20.0 and m[0, 1] == 20.0
    a[1, 0] = -4.0
    assert m2[1, 0] == -4.0 and m.tolist()[1][0] == -4.0
    raises(BufferError, a.set_readonly, True)      # not while exported

    # raw bytes through a cast written back into the array
    mb = m.cast("B")
    assert mb.nbytes == 48 and bytes(mb) == bytes(a)
    mb[0:8] = struct.pack("d", 7.5)
    assert a[0, 0] == 7.5 and m2[0, 0] == 7.5
    mb.release()
    assert a.exports() == 2

    m.release()
    assert a.exports() == 1
    m2.release()
    assert a.exports() == 0
    raises(ValueError, m.tolist)
    a.set_readonly(False)

    with memoryview(a) as m3:
        assert a.exports() == 1
        assert m3.tolist() == [[7.5, 20.0, 3.0], [-4.0, 5.0, 6.0]]
    assert a.exports() == 0

    # dropped (not released) memoryviews give their export back too
    m4 = memoryview(a)
    m5 = m4[1:]             # shares m4's buffer: no second export
    assert a.exports() == 1 and m5.tolist() == [[-4.0, 5.0, 6.0]]
    del m4, m5
    gc.collect()
    assert a.exports() == 0

    # 1-D, item assignment and slicing
    x = Array.from_list([1, 2, 3, 4])
    with memoryview(x) as mx:
        assert mx.shape == (4,) and mx[1:3].tolist() == [2.0, 3.0]
        assert mx[::-1].tolist() == [4.0, 3.0, 2.0, 1.0]
        mx[2] = 30.0
        mx[0:2] = memoryview(Array.from_list([10, 20]))
    assert x.tolist() == [10.0, 20.0, 30.0, 4.0]
    assert x.exports() == 0

    # non-contiguous views
    v = a[:, ::2]
    with memoryview(v) as mv:
        assert v.exports() == 1 and a.exports() == 0     # counted per object
        assert mv.shape == (2, 2) and mv.strides == (24, 16)
        assert not mv.c_contiguous and not mv.contiguous
        assert mv.tolist() == [[7.5, 3.0], [-4.0, 6.0]]
        raises(TypeError, mv.cast, "B")
        mv[1, 1] = 60.0
        assert bytes(mv) == pack([7.5, 3.0, -4.0, 60.0])
    assert a[1, 2] == 60.0 and v.exports() == 0

    r = a[::-1, ::-1]
    with memoryview(r) as mr:
        assert mr.strides == (-24, -8)
        assert mr.tolist() == [[60.0, 5.0, -4.0], [3.0, 20.0, 7.5]]

    t = a.transpose()
    with memoryview(t) as mt:
        assert mt.f_contiguous and not mt.c_contiguous
        assert mt.tolist() == [[7.5, -4.0], [20.0, 5.0], [3.0, 60.0]]

    # read-only arrays give read-only memoryviews
    a.set_readonly(True)
    with memoryview(a) as mr:
        assert mr.readonly is True
        raises(TypeError, mr.__setitem__, (0, 0), 1.0)
    a.set_readonly(False)
    assert a.exports() == 0


def test_bytes_and_consumers():
    a = Array.from_list([[1, 2, 3], [4, 5, 6]])
    assert bytes(a) == pack([1, 2, 3, 4, 5, 6])
    assert bytes(a[1]) == pack([4, 5, 6])
    # consumers that copy non-contiguous buffers in C order
    assert bytes(a[:, ::2]) == pack([1, 3, 4, 6])
    assert bytes(a[::-1]) == pack([4, 5, 6, 1, 2, 3])
    assert bytes(a.transpose()) == pack([1, 4, 2, 5, 3, 6])
    assert bytes(Array(0)) == b""
    assert bytearray(a[0]) == bytearray(pack([1, 2, 3]))
    assert a.exports() == 0

    assert struct.unpack_from("3d", a, 24) == (4.0, 5.0, 6.0)
    struct.pack_into("d", a, 8, 9.5)
    assert a[0, 1] == 9.5

    x = Array(3)
    assert io.BytesIO(pack([1, 2, 3])).readinto(x) == 24
    assert x.tolist() == [1.0, 2.0, 3.0]
    raises((TypeError, BufferError), io.BytesIO(bytes(48)).readinto, a[:, ::2])
    x.set_readonly(True)
    raises((TypeError, BufferError), io.BytesIO(bytes(24)).readinto, x)
    raises((TypeError, BufferError), struct.pack_into, "d", x, 0, 1.0)
    assert x.tolist() == [1.0, 2.0, 3.0]
    assert a.exports() == 0 and x.exports() == 0


# ---------------------------------------------------------------- numbers

def test_arithmetic():
    a = Array.from_list([[1, 2], [3, 4]])
    b = Array.from_list([[10, 20], [30, 40]])
    assert (a + b).tolist() == [[11.0, 22.0], [33.0, 44.0]]
    assert (b - a).tolist() == [[9.0, 18.0], [27.0, 36.0]]
    assert (a * b).tolist() == [[10.0, 40.0], [90.0, 160.0]]
    assert (b / a).tolist() == [[10.0, 10.0], [10.0, 10.0]]
    assert (-a).tolist() == [[-1.0, -2.0], [-3.0, -4.0]]
    c = a + b
    assert type(c) is Array and c.base is None and c.c_contiguous and c.shape == (2, 2)
    assert a.tolist() == [[1.0, 2.0], [3.0, 4.0]]          # operands unchanged

    # scalars on either side (reflected operands keep their order)
    assert (a + 1).tolist() == [[2.0, 3.0], [4.0, 5.0]]
    assert (1 + a).tolist() == [[2.0, 3.0], [4.0, 5.0]]
    assert (a - 1).tolist() == [[0.0, 1.0], [2.0, 3.0]]
    assert (1 - a).tolist() == [[0.0, -1.0], [-2.0, -3.0]]
    assert (a * 2.5).tolist() == [[2.5, 5.0], [7.5, 10.0]]
    assert (2 * a).tolist() == [[2.0, 4.0], [6.0, 8.0]]
    assert (a / 2).tolist() == [[0.5, 1.0], [1.5, 2.0]]
    assert (12 / a).tolist() == [[12.0, 6.0], [4.0, 3.0]]
    assert (a + True).tolist() == [[2.0, 3.0], [4.0, 5.0]]
    assert (-(a * -1)) == a

    # strided operands, results contiguous
    assert (a[:, ::-1] + a[::-1]).tolist() == [[5.0, 5.0], [5.0, 5.0]]
    assert (a + a.transpose()).tolist() == [[2.0, 5.0], [5.0, 8.0]]
    s = grid()[::2, 1::2] * 10
    assert s.tolist() == [[20.0, 40.0], [100.0, 120.0]] and s.strides == (16, 8)
    assert (-grid()[:, 0]).tolist() == [-1.0, -5.0, -9.0]
    assert (Array((2, 2, 2), 1.0) * 3).sum() == 24.0
    assert (Array(0) + 1).shape == (0,)
    assert (Array((3, 0)) * Array((3, 0))).shape == (3, 0)

    # IEEE division, as numpy does
    inf = (a / 0).tolist()
    assert all(math.isinf(x) and x > 0 for x in flat(inf))
    assert math.isnan((Array(1) / 0.0)[0])

    # shapes must match
    e = raises(ValueError, lambda: a + Array(2))
    assert "(2, 2)" in str(e) and "(2,)" in str(e)
    raises(ValueError, lambda: Array(4) * Array((2, 2)))
    raises(ValueError, lambda: a - a[:, :1])
    raises(ValueError, lambda: a / Array((2, 3)))

    # anything else: NotImplemented on both sides, so TypeError
    for other in ("x", [1.0], (1,), None, 1j, object()):
        raises(TypeError, lambda: a + other)
        raises(TypeError, lambda: other + a)
        raises(TypeError, lambda: a - other)
        raises(TypeError, lambda: other - a)
        raises(TypeError, lambda: a / other)
    raises(TypeError, lambda: a * None)
    raises(TypeError, lambda: [1.0] * a)
    raises(TypeError, lambda: a @ b)
    raises(TypeError, lambda: a ** 2)
    raises(TypeError, lambda: a // 2)
    raises(TypeError, lambda: a % 2)
    raises(TypeError, lambda: +a)
    raises(TypeError, abs, a)
    raises(OverflowError, lambda: a + 10 ** 400)
    raises(OverflowError, lambda: 10 ** 400 * a)

    # a += 1 falls back to a = a + 1: a new object
    x = a
    x += 1
    assert x is not a and x.tolist() == [[2.0, 3.0], [4.0, 5.0]]
    assert a.tolist() == [[1.0, 2.0], [3.0, 4.0]]

    # an operand that knows arrays gets its chance first on the right
    class Knows:
        def __radd__(self, other):
            return ("radd", type(other).__name__)
        def __rsub__(self, other):
            return "rsub"
    assert a + Knows() == ("radd", "Array")
    assert a - Knows() == "rsub"


def test_reductions():
    a = grid()
    assert a.sum() == 78.0 and type(a.sum()) is float
    assert a[:, ::2].sum() == 1 + 3 + 5 + 7 + 9 + 11
    assert a[::-1, ::-3].sum() == 4 + 1 + 8 + 5 + 12 + 9
    assert a.transpose().sum() == 78.0
    assert Array(0).sum() == 0.0 and Array((4, 0)).sum() == 0.0
    assert Array((2, 3, 4), 0.5).sum() == 12.0

    x = Array.from_list([1, 2, 3])
    y = Array.from_list([4, 5, 6])
    assert x.dot(y) == 32.0 and y.dot(x) == 32.0
    assert a.dot(a) == sum(i * i for i in range(1, 13))
    assert a[:, 1].dot(a[:, 2]) == 2 * 3 + 6 * 7 + 10 * 11
    assert a[::-1].dot(a) == 2 * (1 * 9 + 2 * 10 + 3 * 11 + 4 * 12) + 5 * 5 + 6 * 6 + 7 * 7 + 8 * 8
    assert Array(0).dot(Array(0)) == 0.0
    raises(ValueError, a.dot, a.transpose())
    raises(ValueError, x.dot, Array(2))
    raises(TypeError, x.dot, [4, 5, 6])
    raises(TypeError, x.dot)
    raises(TypeError, x.sum, 1)

    c = a[:, ::2].copy()
    assert c.base is None and c.c_contiguous and c.strides == (16, 8)
    assert c == a[:, ::2]
    c[0, 0] = -1
    assert a[0, 0] == 1.0


# ---------------------------------------------------------------- indexing

def test_indexing():
    a = grid()
    assert len(a) == 3 and len(a[0]) == 4 and len(Array((0, 2))) == 0
    assert a[1, 2] == 7.0 and type(a[1, 2]) is float
    assert a[-1, -1] == 12.0 and a[(0, 0)] == 1.0 and a[-3, -4] == 1.0

    r = a[1]
    assert type(r) is Array and r.shape == (4,) and r.strides == (8,)
    assert r.base is a and r.tolist() == [5.0, 6.0, 7.0, 8.0]
    assert r[2] == 7.0 and a[1][2] == 7.0 and a[-1][0] == 9.0

    col = a[:, 1]
    assert col.shape == (3,) and col.strides == (32,) and col.tolist() == [2.0, 6.0, 10.0]
    m = a[::2, ::-1]
    assert m.tolist() == [[4.0, 3.0, 2.0, 1.0], [12.0, 11.0, 10.0, 9.0]]
    assert m.strides == (64, -8) and m.base is a
    assert a[::-1].tolist()[0] == [9.0, 10.0, 11.0, 12.0]
    assert a[1:, 1:3].tolist() == [[6.0, 7.0], [10.0, 11.0]]
    assert a[-2:, ::3].tolist() == [[5.0, 8.0], [9.0, 12.0]]
    assert a[0:3:2, 1].tolist() == [2.0, 10.0]
    assert a[2, ::-2].tolist() == [12.0, 10.0]
    assert a[:, -1].tolist() == [4.0, 8.0, 12.0]
    assert a[1:2].shape == (1, 4)
    assert a[::-1][::-1] == a
    assert a[:, ::-1][0, 0] == 4.0
    assert a[1:, 1:][1:, 1:].tolist() == [[11.0, 12.0]]
    assert a[1:][1:].base is a and a[1][::2].base is a      # base is the owner
    w = a[()]
    assert w.shape == (3, 4) and w.base is a and w == a
    assert a[5:].shape == (0, 4) and a[:, 4:].shape == (3, 0)
    assert a[:, 4:].tolist() == [[], [], []] and a[3:1].tolist() == []
    assert a[100:-100:-1].shape == (3, 4)
    assert a[::10].tolist() == [[1.0, 2.0, 3.0, 4.0]]
    assert a[::2 ** 62].tolist() == [[1.0, 2.0, 3.0, 4.0]]        # no overflow
    assert a[::-(2 ** 70), 1::2 ** 100].tolist() == [[10.0]]

    class Idx:
        def __index__(self):
            return 2
    assert a[Idx(), Idx()] == 11.0
    assert a[Idx():, :Idx()].tolist() == [[9.0, 10.0]]

    for key in (3, -4, (0, 4), (0, -5), (2, 0, 0), (0, 0, 0), 10 ** 30):
        raises(IndexError, a.__getitem__, key)
    raises(IndexError, a[1].__getitem__, 4)
    raises(IndexError, a[:, 4:].__getitem__, (0, 0))
    for key in ("x", 1.5, None, (0, "y"), [0, 1], (0, 1.0), Ellipsis):
        raises(TypeError, a.__getitem__, key)
    raises(ValueError, a.__getitem__, slice(None, None, 0))


def test_assignment():
    a = grid()
    a[0, 0] = 100
    assert a[0, 0] == 100.0
    a[1] = 0
    assert a[1].tolist() == [0.0, 0.0, 0.0, 0.0]
    a[:, 3] = -1.5
    assert a.tolist() == [[100.0, 2.0, 3.0, -1.5], [0.0, 0.0, 0.0, -1.5],
                          [9.0, 10.0, 11.0, -1.5]]
    a[::2, ::-2] = 7
    assert a.tolist() == [[100.0, 7.0, 3.0, 7.0], [0.0, 0.0, 0.0, -1.5],
                          [9.0, 7.0, 11.0, 7.0]]
    a[()] = 1
    assert a.sum() == 12.0
    a[2:] = 2.5
    assert a[2].tolist() == [2.5] * 4 and a[1].tolist() == [1.0] * 4
    a[5:] = 9          # empty view: nothing happens
    a[:, 4:] = 9
    assert a.sum() == 8 * 1.0 + 4 * 2.5

    # writes through views land in the owner, and the other way round
    v = a[1:, 1:]
    v[0, 0] = 42
    assert a[1, 1] == 42.0
    a[0][1] = 3
    assert a[0, 1] == 3.0
    col = a[:, 2]
    col[::2] = -8
    assert a[0, 2] == -8.0 and a[2, 2] == -8.0 and a[1, 2] == 1.0
    a[2, 2] = 5
    assert col[2] == 5.0 and v[1, 1] == 5.0
    t = a.transpose()
    t[3, 0] = 0.25
    assert a[0, 3] == 0.25

    class Idx:
        def __index__(self):
            return 1
    a[Idx(), Idx()] = 4
    assert a[1, 1] == 4.0

    raises(IndexError, a.__setitem__, (3, 0), 1.0)
    raises(IndexError, a.__setitem__, -4, 1.0)
    raises(IndexError, a.__setitem__, (0, 0, 0), 1.0)
    raises(TypeError, a.__setitem__, (0, 0), "x")
    raises(TypeError, a.__setitem__, 0, [1, 2, 3, 4])
    raises(TypeError, a.__setitem__, 0, Array(4))
    raises(TypeError, a.__setitem__, "k", 1.0)
    raises(TypeError, a.__setitem__, 1.5, 1.0)
    raises(TypeError, a.__delitem__, 0)
    raises(OverflowError, a.__setitem__, (0, 0), 10 ** 400)

    def assign():
        a[0, 0] = 1.0
    before = a.tolist()
    a.set_readonly(True)
    raises(ValueError, assign)
    raises(ValueError, a[0].__setitem__, 0, 1.0)
    raises(ValueError, a.__setitem__, slice(None), 0.0)
    a.set_readonly(0)
    assert a.tolist() == before
    a[0, 0] = 1.0


# ---------------------------------------------------------------- iteration

def test_iteration():
    a = Array.from_list([[1, 2], [3, 4], [5, 6]])
    rows = list(a)
    assert len(rows) == 3 and all(type(r) is Array for r in rows)
    assert rows[1].tolist() == [3.0, 4.0] and rows[1].base is a
    rows[0][0] = 10
    assert a[0, 0] == 10.0
    assert list(Array.from_list([1, 2])) == [1.0, 2.0]
    assert [r.tolist() for r in a[::-1]] == [[5.0, 6.0], [3.0, 4.0], [10.0, 2.0]]
    assert [x for x in a[:, 1]] == [2.0, 4.0, 6.0]
    assert list(Array(0)) == [] and list(Array((0, 3))) == []
    assert sum(Array.from_list([1, 2, 3])) == 6.0
    assert 3.0 in Array.from_list([1, 2, 3]) and 4.0 not in Array.from_list([1, 2, 3])
    assert list(zip(a[:, 0], a[:, 1])) == [(10.0, 2.0), (3.0, 4.0), (5.0, 6.0)]
    assert [list(r) for r in a] == [[10.0, 2.0], [3.0, 4.0], [5.0, 6.0]]

    it = iter(a)
    assert type(it) is _ndarray.ArrayIterator
    assert type(it).__name__ == "ArrayIterator"
    assert iter(it) is it
    assert next(it).tolist() == [10.0, 2.0]
    next(it)
    next(it)
    raises(StopIteration, next, it)
    raises(StopIteration, next, it)

    # the iterator keeps the array alive
    gc.collect()
    n = _ndarray.live()
    it = iter(Array.from_list([7, 8]))
    assert _ndarray.live() == n + 1
    assert next(it) == 7.0
    assert list(it) == [8.0]
    del it
    gc.collect()
    assert _ndarray.live() == n


# ---------------------------------------------------------------- comparison

def test_compare():
    a = Array.from_list([[1, 2], [3, 4]])
    b = Array.from_list([[1, 2], [3, 4]])
    assert (a == b) is True and (a != b) is False
    assert a == a and b == a
    assert (a == Array.from_list([[1, 2], [3, 5]])) is False
    assert a != Array.from_list([[1, 2], [3, 5]])
    assert (a == Array.from_list([1, 2, 3, 4])) is False       # shapes differ
    assert (a == Array((2, 3))) is False
    assert a.transpose() == Array.from_list([[1, 3], [2, 4]])
    assert a[:, ::-1] == Array.from_list([[2, 1], [4, 3]])
    assert Array(0) == Array(0) and Array(0) != Array(1)
    n = Array(1, float("nan"))
    assert (n == n) is False and n != n                        # element-wise
    assert (Array(1, -0.0) == Array(1)) is True

    # anything else: NotImplemented, so the identity fallback for ==/!=
    assert (a == [[1.0, 2.0], [3.0, 4.0]]) is False
    assert (a != [[1.0, 2.0], [3.0, 4.0]]) is True
    assert (a == 1.0) is False and (None == a) is False
    for op in (lambda: a < b, lambda: a <= b, lambda: a > b, lambda: a >= b,
               lambda: a < 1, lambda: 1 >= a):
        raises(TypeError, op)
    raises(TypeError, hash, a)          # __eq__ without __hash__
    assert Array.__hash__ is None

    class Eq:
        def __eq__(self, other):
            return "eq"
    assert (a == Eq()) == "eq"
    assert (Eq() == a) == "eq"


# ---------------------------------------------------------------- subclasses

class Vec(Array):
    kind = "vec"

    def norm2(self):
        return self.dot(self)


class Named(Array):
    def __new__(cls, shape, name):
        self = super().__new__(cls, shape, 1.0)
        self.name = name
        return self


class Tagged(Array):
    def __add__(self, other):
        return "tagged"


def test_subclass():
    v = Vec(3, 2.0)
    assert type(v) is Vec and isinstance(v, Array) and issubclass(Vec, Array)
    assert v.norm2() == 12.0 and v.kind == "vec"
    assert v.shape == (3,) and v.tolist() == [2.0, 2.0, 2.0]
    assert repr(v) == "Vec([2.0, 2.0, 2.0])"
    v.extra = 5                       # subclasses get a __dict__
    assert v.extra == 5 and v.__dict__ == {"extra": 5}

    w = Vec.from_list([3, 4])
    assert type(w) is Vec and w.norm2() == 25.0
    assert type(Array.from_list([1])) is Array

    s = v[1:]
    assert type(s) is Array and s.base is v       # views are plain arrays
    s[0] = 5
    assert v[1] == 5.0
    assert type(v + v) is Array and (v + v).tolist() == [4.0, 10.0, 4.0]
    assert type(1 + v) is Array and type(-v) is Array
    assert v == Array.from_list([2, 5, 2]) and Array.from_list([2, 5, 2]) == v
    with memoryview(v) as m:
        assert m.tolist() == [2.0, 5.0, 2.0] and m.obj is v
        assert v.exports() == 1
    assert [x for x in v] == [2.0, 5.0, 2.0]
    assert bytes(v) == pack([2, 5, 2])

    n = Named((2, 2), "grid")
    assert type(n) is Named and n.name == "grid" and n.sum() == 4.0
    raises(TypeError, Named, (2, 2))

    t = Tagged(2)
    assert t + 1 == "tagged"
    assert t + t == "tagged"
    assert (1 + t).tolist() == [1.0, 1.0]       # __radd__ is still Array's
    assert (t - 1).tolist() == [-1.0, -1.0]

    assert U.is_array(v) and U.total(v) == 9.0 and U.size(n) == 4


# ---------------------------------------------------------------- GC

def test_gc():
    gc.collect()
    base = _ndarray.live()
    a = Array(4)
    assert _ndarray.live() == base + 1
    assert gc.is_tracked(a)
    v = a[1:]
    assert _ndarray.live() == base + 2
    del a
    gc.collect()
    assert _ndarray.live() == base + 2           # the view keeps its owner
    assert v.base.shape == (4,)
    v[0] = 1.0
    assert v.base.tolist() == [0.0, 1.0, 0.0, 0.0]
    del v
    gc.collect()
    assert _ndarray.live() == base

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        # array -> list -> view -> (base) array
        a = Array(3)
        v = a[::2]
        lst = [v, "x"]
        a.owner = lst
        assert any(r is a for r in gc.get_referents(v))
        assert any(r is lst for r in gc.get_referents(a))
        assert gc.get_referents(Array(1)) == []
        del a, v, lst
        gc.collect()
        assert _ndarray.live() == base

        a = Array(3)
        v = a[::2]
        a.owner = [v]
        del a, v
        assert _ndarray.live() == base + 2      # only the collector frees it
        gc.collect()
        assert _ndarray.live() == base

        # an array owning itself
        a = Array(2)
        a.owner = a
        del a
        assert _ndarray.live() == base + 1
        gc.collect()
        assert _ndarray.live() == base

        # through a dict, a subclass instance's __dict__ and an iterator
        a = Array((2, 2))
        s = Vec(2)
        a.owner = {"s": s}
        s.back = a[0]
        it = iter(a)
        s.it = it
        del a, s, it
        assert _ndarray.live() == base + 3
        gc.collect()
        assert _ndarray.live() == base

        # through a memoryview: the export is given back when collected
        a = Array(3)
        a.owner = memoryview(a)
        assert a.exports() == 1
        keep = a[1:]                 # a view outside the cycle
        del a
        gc.collect()
        assert _ndarray.live() == base + 2     # the view keeps its owner alive
        owner = keep.base
        assert owner.exports() == 1
        owner.owner.release()
        assert owner.exports() == 0
        del owner, keep
        gc.collect()
        assert _ndarray.live() == base

        a = Array(3)
        m = memoryview(a)
        a.owner = [m]
        del a, m
        gc.collect()
        assert _ndarray.live() == base

        # many small cycles
        for i in range(200):
            x = Array(2, i)
            x.owner = [x[1:], x]
        del x
        gc.collect()
        assert _ndarray.live() == base
    finally:
        if was_enabled:
            gc.enable()


# ---------------------------------------------------------------- threads

def test_threads():
    n = 1 << 20
    a = Array(n, 0.25)
    m = 1 << 16
    b = Array.from_list([float(i % 10) for i in range(m)])
    expect = [n * 0.25, float(sum(i % 10 for i in range(m))),
              float(sum((i % 10) ** 2 for i in range(m))),
              ((n + 2) // 3) * 0.25, n * 0.25]
    results = [None] * 4
    errors = []
    go = threading.Event()

    def work(k):
        try:
            go.wait()
            out = []
            for _ in range(5):
                out.append([a.sum(), b.sum(), b.dot(b), a[::3].sum(), U.total(a)])
            results[k] = out
        except BaseException as e:          # reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    go.set()
    mine = [a.sum() for _ in range(3)]       # the main thread runs too
    for t in threads:
        t.join()
    assert not errors, errors
    assert mine == [n * 0.25] * 3
    for out in results:
        assert out == [expect] * 5, (out[0], expect)
    assert a.exports() == 0 and b.exports() == 0


# ---------------------------------------------------------------- C API

def test_capi():
    c = _ndarray._C_API
    assert type(c).__name__ == "PyCapsule"
    assert "_ndarray._C_API" in repr(c)
    assert U.api_version() == 1
    assert U.array_type() is Array

    x = U.make(4, 2.5)
    assert type(x) is Array and x.shape == (4,) and x.base is None
    assert x.tolist() == [2.5] * 4 and x.sum() == 10.0
    assert U.make(0, 1.0).tolist() == []
    x[0] = 1
    assert U.total(x) == 8.5 and U.size(x) == 4
    assert U.total(grid()) == 78.0 and U.total(grid()[::2, 1:3]) == 2 + 3 + 10 + 11
    assert U.size(Array((2, 3))) == 6 and U.size(Array((2, 0))) == 0

    raises(ValueError, U.make, -1, 0.0)
    raises(ValueError, U.make, 1 << 62, 0.0)          # too big: refused before malloc
    raises(TypeError, U.make, "3", 0.0)
    raises(TypeError, U.make, 3, "x")
    raises(TypeError, U.make, 3)
    raises(OverflowError, U.make, 10 ** 30, 0.0)
    raises(TypeError, U.total, [1.0, 2.0])
    raises(TypeError, U.total, None)
    raises(TypeError, U.size, 1)

    assert U.is_array(x) is True and U.is_array(Vec(1)) is True
    assert U.is_array([1.0]) is False and U.is_array(Array) is False
    assert U.is_array(memoryview(b"")) is False

    # PyCapsule_Import again, and its failures
    assert U.import_capsule("_ndarray._C_API") is True
    raises(AttributeError, U.import_capsule, "_ndarray.nope")
    raises(AttributeError, U.import_capsule, "_ndarray.live")      # not a capsule
    raises(ImportError, U.import_capsule, "no_such_module_xyz._C_API")


def test_no_leaks():
    gc.collect()
    n = _ndarray.live()
    for _ in range(50):
        a = grid()
        b = (a + 1) * a[::-1] / 2 - a.transpose().transpose()
        list(b)
        b[1:, ::2] = 3
        with memoryview(b[:, 1]) as m:
            m.tolist()
        bytes(b[::2])
        U.total(U.make(10, 1.0))
        raises(ValueError, lambda: a + Array(1))
    del a, b
    gc.collect()
    assert _ndarray.live() == n


test_construct()
test_attributes()
test_from_list()
test_repr()
test_getbuffer_flags()
test_memoryview()
test_bytes_and_consumers()
test_arithmetic()
test_reductions()
test_indexing()
test_assignment()
test_iteration()
test_compare()
test_subclass()
test_gc()
test_threads()
test_capi()
test_no_leaks()
print("ALL OK")         # what tests/capi.rs run_native_test looks for
print("ndarray ok")
