# Module objects: types.ModuleType, module __getattr__/__dir__, sys.modules injection.
import sys, types
m = types.ModuleType("virtual", "a virtual module")
m.answer = 42
sys.modules["virtual"] = m
import virtual
print(virtual is m, virtual.answer, virtual.__doc__, virtual.__name__, repr(virtual).startswith("<module 'virtual'"))
from virtual import answer
print(answer)
import _lazy_mod
print(_lazy_mod.real, _lazy_mod.lazy_thing, dir(_lazy_mod), hasattr(_lazy_mod, "other"))
try:
    _lazy_mod.other
except AttributeError as e:
    print("AttributeError:", e)
from _lazy_mod import lazy_imported
print(lazy_imported)
sys.modules["blocked"] = None
try:
    import blocked
except ImportError as e:
    print("ImportError:", e)
class Fake:
    value = "class instance as module"
sys.modules["fake_mod"] = Fake()
import fake_mod
print(fake_mod.value)
print(type(sys).__name__, sys.__name__, types.ModuleType.__name__, isinstance(sys, types.ModuleType))
import math as m1, math as m2
print(m1 is m2, m1.__name__, "math" in sys.modules, sys.modules["math"] is m1)
del m.answer
try:
    from virtual import answer as gone
except ImportError as e:
    print("ImportError:", e)
