# Importing, running code and the runtime services from C (_capi_runtime).
import sys
import _capi_runtime as m

from _check import raises

assert m.import_("sys") is sys
import _capi_runtime
assert m.import_obj("_capi_runtime") is _capi_runtime
raises(ModuleNotFoundError, m.import_, "no_such_module_xyz")
assert m.modules() == (1, 1, 1)
assert "_capi_added_module" in sys.modules
print("import ok")

g = {}
assert m.run("x = 6 * 7", 257, g) is None and g["x"] == 42
assert m.run("x + 1", 258, g) == 43
assert m.compile_eval("x * 2", g) == 84
raises(SyntaxError, m.run, "x = (", 257, g)
raises(NameError, m.run, "undefined_name", 258, {})
loc = {}
m.run("y = 5", 257, g, loc)
assert loc == {"y": 5}
b, name = m.context()
assert b is len and name == "__main__"
print("run ok")

has_path, maxsize, missing_ok = m.sys()
assert has_path == 1 and maxsize == sys.maxsize and missing_ok == 1
assert sys.capi_attr == "set from C"
m.write()
assert m.memory() is True
assert m.os_helpers() == ("7-x-1.50", 8)
assert m.gil(lambda: "called back") == ("called back", 1)
cap = m.make_capsule()
assert type(cap).__name__ == "PyCapsule"
assert m.use_capsule(cap) == (1234, 42, "_capi_runtime.table", 0)
raises(ValueError, m.use_capsule, m.TABLE, msg="PyCapsule_GetPointer called with incorrect name")
raises(ValueError, m.use_capsule, 5)
assert m.import_capsule() == 100
assert m.destructors() == 0
del cap
assert m.destructors() == 1
assert m.thread_prims() == (1, 0, 0, 1, 1)
print("capsules and threads ok")
v, init, hexok = m.version()
assert v.startswith("3.11") and init == 1 and hexok == 1
print("ALL OK")
