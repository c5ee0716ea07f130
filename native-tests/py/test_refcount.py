# Reference counts, identity and lifetimes across the C boundary (_capi_refcount).
import sys

import _capi_refcount as m

deleted = []

class Tracked:
    def __init__(self, tag="t"):
        self.tag = tag
    def __del__(self):
        deleted.append(self.tag)

# identity: the same object always crosses as the same PyObject*
o = Tracked("ident")
a1 = m.address(o)
a2 = m.address(o)
assert a1 == a2, (a1, a2)
assert m.same(o, o) is True
assert m.same(o, Tracked("other")) is False
s = "a string"
assert m.address(s) == m.address(s)
print("identity ok")

# sys.getrefcount sees references held by C
x = Tracked("held")
base = sys.getrefcount(x)
m.hold(0, x)
assert sys.getrefcount(x) == base + 1, (sys.getrefcount(x), base)
m.hold(1, x)
assert sys.getrefcount(x) == base + 2
m.release(1)
assert sys.getrefcount(x) == base + 1
m.release(0)
assert sys.getrefcount(x) == base, (sys.getrefcount(x), base)
print("getrefcount ok")

# an object held only by C stays alive, and is freed when C releases it
y = Tracked("only-c")
m.hold(2, y)
del y

assert "only-c" not in deleted, deleted
back = m.get(2)
assert back.tag == "only-c"
del back
m.release(2)
assert "only-c" in deleted, deleted
print("c-held lifetime ok")

# a strong reference taken on a borrowed tuple item outlives the tuple
t = (Tracked("in-tuple"), 2)
m.hold_borrowed_item(3, t, 0)
del t
assert "in-tuple" not in deleted
assert m.get(3).tag == "in-tuple"
m.release(3)
assert "in-tuple" in deleted
print("borrowed item ok")

# borrowed references stay valid while the container holds the item
lst = [Tracked("listed"), 1, 2]
m.stash(lst)
del lst
assert m.use_stash().startswith("<__main__.Tracked object")
m.unstash()
assert "listed" in deleted
print("borrowed lifetime ok")

# objects created and released by C are freed
before = len(deleted)
m.make_and_drop(Tracked, 5)
assert len(deleted) == before + 5, deleted
m.make_kept(Tracked)
assert len(deleted) == before + 5
m.release(15)
assert len(deleted) == before + 6
print("c-created objects freed ok")

# temporaries built and dropped by C
assert m.temp_objects(2000) == 6000
print("temporaries ok")

assert m.refcnt_delta(object()) == 1
assert m.refcnt_delta(12345678901) == 1
assert m.singletons() is True
print("refcnt ok")

# type checks through tp_flags and static type objects
assert m.type_checks(5) == (1, 1, 0, 0, 0, 0, 0, 0, 0)
assert m.type_checks(True) == (1, 0, 0, 0, 0, 0, 0, 0, 0)
class MyInt(int):
    pass
assert m.type_checks(MyInt(3)) == (1, 0, 0, 0, 0, 0, 0, 0, 0)
assert m.type_checks(2.5) == (0, 0, 1, 0, 0, 0, 0, 0, 0)
assert m.type_checks("s") == (0, 0, 0, 1, 0, 0, 0, 0, 0)
assert m.type_checks((1,)) == (0, 0, 0, 0, 1, 0, 0, 0, 0)
assert m.type_checks([1]) == (0, 0, 0, 0, 0, 1, 0, 0, 0)
assert m.type_checks({}) == (0, 0, 0, 0, 0, 0, 1, 0, 0)
assert m.type_checks(int) == (0, 0, 0, 0, 0, 0, 0, 1, 0)
assert m.type_checks(ValueError("x")) == (0, 0, 0, 0, 0, 0, 0, 0, 1)
assert m.type_name(1) == "int"
assert m.type_name(1.0) == "float"
assert m.type_name([]) == "list"
assert m.type_name(MyInt(1)) == "MyInt"
assert m.type_name(None) == "NoneType"
print("type checks ok")
print("ALL OK")
