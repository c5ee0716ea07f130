# ImportError for a missing name, and ModuleNotFoundError.
from math import sqrt
print(sqrt(16))
try:
    import no_such_module_anywhere
except ModuleNotFoundError as e:
    print("caught:", e, e.name)
from _shapes import area
print(area(2))
from _shapes import squareroot
