# getattr/setattr/hasattr/delattr with defaults, properties and errors.
class O:
    cls = "class attr"
    def __init__(self):
        self.inst = "instance attr"
    @property
    def prop(self):
        return "property"
    @property
    def broken(self):
        raise ValueError("broken property")
o = O()
print(getattr(o, "inst"), getattr(o, "cls"), getattr(o, "prop"), getattr(o, "nope", None), getattr(O, "cls"), getattr(o, "nope", 0))
print(hasattr(o, "inst"), hasattr(o, "nope"), hasattr(O, "inst"), hasattr(o, "prop"), hasattr(o, "__init__"))
try:
    hasattr(o, "broken")
except ValueError as e:
    print("ValueError propagates through hasattr:", e)
try:
    getattr(o, "broken", "default")
except ValueError as e:
    print("ValueError propagates through getattr with default:", e)
setattr(o, "dynamic", 5)
setattr(o, "with space", 6)
print(o.dynamic, getattr(o, "with space"), sorted(vars(o)))
delattr(o, "dynamic")
print(hasattr(o, "dynamic"))
for bad in [lambda: getattr(o, "missing"), lambda: delattr(o, "missing"), lambda: setattr(o, "prop", 1), lambda: getattr(o, 1),
            lambda: setattr(1, "x", 2), lambda: delattr(o, "cls"), lambda: getattr(), lambda: getattr(o, "a", 1, 2), lambda: hasattr(o, None)]:
    try:
        bad()
    except (AttributeError, TypeError) as e:
        print(type(e).__name__ + ":", e)
print(getattr(1, "real"), getattr("s", "upper")(), getattr([], "append").__name__, getattr(int, "__name__"), getattr(None, "x", "none-default"))
import math
print(getattr(math, "pi"), hasattr(math, "tau"), getattr(math, "nope", "no"))
class Dyn:
    def __getattr__(self, name):
        if name == "special":
            return "from __getattr__"
        raise AttributeError(name)
print(getattr(Dyn(), "special"), getattr(Dyn(), "other", "dflt"), hasattr(Dyn(), "other"))
