# Import failures and their messages.
for stmt in ["import _no_such_module", "import _pkg.nope", "from _pkg import nope", "import _pkg.core.nothing",
             "from . import sibling", "from .x import y", "import _pkg.sub.deep.more", "from _mathutil import missing_name"]:
    try:
        exec(stmt)
        print(stmt, "-> ok")
    except ImportError as e:
        msg = str(e)
        if " (" in msg and msg.endswith(".py)"):
            msg = msg[:msg.index(" (")] + " (<path>)"
        print(stmt, "->", type(e).__name__ + ":", msg, "| name:", e.name)
try:
    __import__("")
except ValueError as e:
    print("ValueError:", e)
try:
    __import__("_pkg", level=-1)
except ValueError as e:
    print("ValueError:", e)
try:
    __import__(5)
except TypeError as e:
    print("TypeError:", e)
import importlib
try:
    importlib.import_module(".core")
except TypeError as e:
    print("TypeError:", e)
print(importlib.import_module(".core", "_pkg").BASE, importlib.import_module("_pkg.sub").deep_value)
m = __import__("_pkg.sub.deep")
print(m.__name__, __import__("_pkg.sub.deep", fromlist=["deep_value"]).__name__)
