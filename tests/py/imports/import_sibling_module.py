# Importing a sibling module: body runs once, sys.modules caching, attribute access, from-import.
import sys, os
print("before import")
import _mathutil
import _mathutil as again
from _mathutil import square, Vector as V
print(_mathutil is again, _mathutil.square is square, square(7), _mathutil.cube(3), V(1, 2))
print(_mathutil.__name__, os.path.basename(_mathutil.__file__), _mathutil.__doc__, "_mathutil" in sys.modules)
print(sorted(n for n in vars(_mathutil) if not n.startswith("__")))
print(_mathutil.PI_ISH, _mathutil._private, type(_mathutil).__name__)
import importlib
reloaded = importlib.reload(_mathutil)
print(reloaded is _mathutil)
del sys.modules["_mathutil"]
import _mathutil as fresh
print(fresh is _mathutil, fresh.square(2))
print(__name__, os.path.basename(__file__), __package__, __spec__ is None)
if __name__ == "__main__":
    print("running as main script")
