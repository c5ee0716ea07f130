# AttributeError wording and attributes (name/obj) for caught errors.
# (The "Did you mean" hints are added only when a traceback is printed: see tracebacks/.)
import math
class Thing:
    __slots__ = ("a",)
class Plain:
    x = 1
cases = [
    lambda: (1).foo, lambda: "s".foo, lambda: [].foo, lambda: None.foo, lambda: Plain().y, lambda: Plain.y,
    lambda: math.nope, lambda: Thing().a, lambda: setattr(Thing(), "b", 1), lambda: setattr(1, "x", 1),
    lambda: setattr("s", "upper", 1), lambda: delattr(Plain(), "x"), lambda: setattr(int, "x", 1), lambda: object().__dict__,
    lambda: (lambda: 0).nope, lambda: type.nope, lambda: Plain().__nope__, lambda: math.pi.real.nope, lambda: [].append.nope,
    lambda: super(Plain, Plain()).x, lambda: delattr(Plain, "nope"), lambda: __import__("sys").nope,
]
for i, c in enumerate(cases):
    try:
        c()
        print(i, "no error")
    except (AttributeError, TypeError) as e:
        print(i, type(e).__name__ + ":", e)
        if isinstance(e, AttributeError):
            print("   name:", e.name, "obj type:", type(e.obj).__name__)
e = AttributeError("custom")
print(e.name, e.obj, e.args)
