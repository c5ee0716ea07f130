print("_pkg.core: __name__ =", __name__, "__package__ =", __package__)
BASE = 100
def describe(obj):
    return f"{type(obj).__name__}:{obj!r}"
