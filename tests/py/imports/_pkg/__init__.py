"""A helper package with relative imports."""
print("_pkg/__init__: __name__ =", __name__, "__package__ =", __package__)
from .core import BASE, describe
from . import sub
__all__ = ["BASE", "describe", "exported"]
exported = "exported via __all__"
not_exported = "not in __all__"
