# Exception objects: args, notes, tracebacks, with_traceback, str/repr forms.
e = ValueError()
print(e.args, str(e), repr(e))
e = ValueError("one")
print(e.args, str(e), repr(e))
e = ValueError("one", 2, [3])
print(e.args, str(e), repr(e))
e.args = ("replaced",)
print(str(e), repr(e))
e = Exception(None)
print(str(e), repr(e))
e.add_note("first note")
e.add_note("second note")
print(e.__notes__)
try:
    e.add_note(5)
except TypeError as t:
    print("TypeError:", t)
def f():
    raise KeyError("in f")
try:
    f()
except KeyError as k:
    tb = k.__traceback__
    frames = []
    while tb:
        frames.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
        tb = tb.tb_next
    print(frames)
    saved = k
print(saved.__traceback__ is not None)
new = ValueError("fresh").with_traceback(saved.__traceback__)
print(new.__traceback__ is saved.__traceback__)
try:
    raise new
except ValueError as v:
    count = 0
    tb = v.__traceback__
    while tb:
        count += 1
        tb = tb.tb_next
    print("traceback length after re-raise", count)
class WithInit(Exception):
    def __init__(self, a, b):
        super().__init__(a + b)
        self.a, self.b = a, b
w = WithInit(1, 2)
print(w.args, w.a, str(w), repr(w))
class NoSuper(Exception):
    def __init__(self, x):
        self.x = x
n = NoSuper(5)
print(n.args, str(n), repr(n), n.x)
class CustomStr(Exception):
    def __str__(self):
        return "custom str " + str(len(self.args))
print(str(CustomStr(1, 2)), repr(CustomStr(1)))
e = StopIteration("value")
print(e.value)
print(BaseException.__new__(ValueError).args, ValueError.__new__(ValueError, 1, 2).args)
import sys
try:
    raise RuntimeError("inspect")
except RuntimeError:
    t, v, tb = sys.exc_info()
    print(t.__name__, v, tb is not None, sys.exception() is v if hasattr(sys, "exception") else "no sys.exception")
print(sys.exc_info())
import pickle
p = pickle.loads(pickle.dumps(KeyError("pickled", 2)))
print(repr(p), p.args)
import copy
c = copy.copy(ValueError("copied"))
print(repr(c))
