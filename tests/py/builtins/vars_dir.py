# vars() and dir() on modules, classes, instances; filtered to avoid implementation-only names.
class Base:
    base_attr = 1
    def base_method(self):
        pass
class Child(Base):
    child_attr = 2
    def __init__(self):
        self.inst = 3
c = Child()
print(vars(c), sorted(k for k in vars(Child) if not k.startswith("__")), "base_attr" in vars(Child))
print([n for n in dir(c) if not n.startswith("__")], [n for n in dir(Child) if not n.startswith("__")])
print(dir(c) == sorted(dir(c)), "__init__" in dir(c), "__class__" in dir(c), "inst" in dir(Child))
import math
print([n for n in dir(math) if n.startswith("is")], vars(math)["pi"], "sqrt" in vars(math))
def f():
    a = 1
    b = 2
    return sorted(vars()), dir()
print(f())
for bad in [1, "s", [1]]:
    try:
        vars(bad)
    except TypeError as e:
        print("TypeError:", e)
class Slotted:
    __slots__ = ("x",)
try:
    vars(Slotted())
except TypeError as e:
    print("TypeError:", e)
print(sorted(set(dir([])) - set(dir(object))))
print(sorted(set(dir({})) - set(dir(object))))
print(sorted(n for n in dir(str) if not n.startswith("_")))
print(sorted(n for n in dir(int) if not n.startswith("_")))
print(sorted(n for n in dir(1.0) if not n.startswith("_")))
print(sorted(n for n in dir(set) if not n.startswith("_")))
print(sorted(n for n in dir(bytes) if not n.startswith("_")))
module_names = dir()
print([n for n in module_names if not n.startswith("__")])
class D:
    def __dir__(self):
        return ("b", "a", "a")
print(dir(D()))
import types
m = types.ModuleType("fake", "doc")
m.x = 1
print(sorted(vars(m)), dir(m))
