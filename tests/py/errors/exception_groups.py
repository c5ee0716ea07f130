# ExceptionGroup / BaseExceptionGroup: construction, split, subgroup, derive, nesting.
eg = ExceptionGroup("many", [ValueError(1), TypeError("t"), ExceptionGroup("inner", [KeyError("k"), ValueError(2)])])
print(repr(eg))
print(str(eg), eg.message, len(eg.exceptions), type(eg).__name__, isinstance(eg, Exception))
match, rest = eg.split(ValueError)
print("split match:", repr(match))
print("split rest:", repr(rest))
print("subgroup:", repr(eg.subgroup(lambda e: isinstance(e, (KeyError, TypeError)))))
print("subgroup none:", eg.subgroup(OSError), eg.split(OSError)[0], repr(eg.split(OSError)[1]) == repr(eg))
print("subgroup all is self:", eg.subgroup(Exception) is eg)
beg = BaseExceptionGroup("base", [KeyboardInterrupt(), ValueError()])
print(type(beg).__name__, repr(beg))
auto = BaseExceptionGroup("auto", [ValueError(), TypeError()])
print(type(auto).__name__, isinstance(auto, ExceptionGroup))
for bad in [lambda: ExceptionGroup("x", []), lambda: ExceptionGroup("x", [1]), lambda: ExceptionGroup(1, [ValueError()]),
            lambda: ExceptionGroup("x", [KeyboardInterrupt()]), lambda: ExceptionGroup("x", ValueError()), lambda: ExceptionGroup("x")]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
class MyGroup(ExceptionGroup):
    def derive(self, excs):
        return MyGroup(self.message + "!", excs)
mg = MyGroup("mine", [ValueError("a"), KeyError("b")])
m, r = mg.split(ValueError)
print(repr(m), repr(r), type(m).__name__)
eg.add_note("a note")
m, r = eg.split(TypeError)
print(m.__notes__, r.__notes__, getattr(eg.exceptions[0], "__notes__", None))
try:
    raise eg
except ExceptionGroup as caught:
    print("caught as ExceptionGroup:", caught is eg, [type(x).__name__ for x in caught.exceptions])
def leaves(g):
    for e in g.exceptions:
        if isinstance(e, BaseExceptionGroup):
            yield from leaves(e)
        else:
            yield e
print([repr(e) for e in leaves(eg)])
print(eg.split(lambda e: isinstance(e, ValueError) and e.args[0] == 2)[0])
