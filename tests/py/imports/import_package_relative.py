# A package with relative imports, subpackages, __all__ and star imports.
import _pkg
print(_pkg.BASE, _pkg.describe([1]), _pkg.sub.deep_value, _pkg.__doc__)
from _pkg.sub import deep
print(deep.deep_value, deep.core_name, deep.parent_name, deep.__package__, deep.__name__)
import _pkg.sub.deep as d2
print(d2 is deep, _pkg.sub.deep is deep)
print(hasattr(_pkg, "__path__"), [p.rsplit("/", 1)[-1] for p in _pkg.__path__], _pkg.__package__, _pkg.sub.__package__)
ns = {}
exec("from _pkg import *", ns)
print(sorted(k for k in ns if k != "__builtins__"))
try:
    deep.beyond()
except ImportError as e:
    print("ImportError:", e)
from _pkg import core as c
print(c.BASE, c.__name__)
import sys
print(sorted(m for m in sys.modules if m.startswith("_pkg")))
