print("_pkg.sub: __name__ =", __name__)
from .deep import deep_value
