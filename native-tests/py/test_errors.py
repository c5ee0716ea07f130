# Exceptions between C and Python (_capi_errors).
import sys
import _capi_errors as m

from _check import raises

raises(ValueError, m.set_string, ValueError, "bad thing", msg="bad thing")
e = raises(KeyError, m.set_object, KeyError, "k")
assert e.args == ("k",)
e = raises(OSError, m.set_object, OSError, (2, "No such file"))
assert e.errno == 2 and e.strerror == "No such file"
inst = IndexError("prebuilt")
e = raises(IndexError, m.set_object, IndexError, inst)
assert e is inst
e = raises(StopIteration, m.set_none, StopIteration)
assert e.args == ()
raises(SystemError, m.set_object, 5, "x")
raises(TypeError, m.format, [1], msg="expected something, got list ([1])")
e = raises(m.MyError, m.own_error, msg="module error")
assert isinstance(e, ValueError) and type(e).__module__ == "_capi_errors" and type(e).__name__ == "MyError"
print("raising ok")

def kerr():
    raise KeyError("x")
assert m.occurred(kerr) == ("error", KeyError, 1, 1, 1, 1)
assert m.occurred(lambda: 3) == ("ok", 3)
def verr():
    raise ValueError("v")
assert m.occurred(verr) == ("error", ValueError, 0, 0, 1, 1)
e = raises(KeyError, m.fetch_restore, kerr)
assert e.args == ("x",)
t, v = m.normalize(ValueError, "text")
assert t is ValueError and isinstance(v, ValueError) and v.args == ("text",)
t, v = m.normalize(KeyError, (1, 2))
assert v.args == (1, 2)
print("fetch/restore ok")

assert m.exc_info() == (None, None, None)
try:
    raise ZeroDivisionError("handled")
except ZeroDivisionError as h:
    t, v, hh = m.exc_info()
    assert t is ZeroDivisionError and v is h and hh is h
    # an exception raised by C while another is handled is chained to it
    try:
        m.raise_in_handler()
    except RuntimeError as r:
        assert r.__context__ is h
print("exc info ok")

raises(MemoryError, m.no_memory)
e = raises(OSError, m.from_errno, 2)
assert e.errno == 2 and isinstance(e, FileNotFoundError), (type(e), e)
e = raises(OSError, m.from_errno, 13, "/some/file")
assert e.errno == 13 and e.filename == "/some/file" and isinstance(e, PermissionError)
raises(TypeError, m.bad_argument, msg="bad argument type for built-in operation")
e = raises(SystemError, m.bad_internal)
assert str(e).endswith("_capi_errors.c:129: bad argument to internal function"), str(e)
raises(SystemError, m.null_without_error, msg="_capi_errors.null_without_error() returned NULL without setting an exception")
e = raises(SystemError, m.result_with_error, msg="_capi_errors.result_with_error() returned a result with an exception set")
assert isinstance(e.__cause__, ValueError)
print("misuse ok")

E = m.new_exception("pkg.mod.Custom")
assert E.__name__ == "Custom" and E.__module__ == "pkg.mod" and issubclass(E, Exception)
E2 = m.new_exception("x.Doc", "documented", KeyError)
assert E2.__doc__ == "documented" and issubclass(E2, KeyError)
E3 = m.new_exception("x.Multi", None, (E, E2))
assert issubclass(E3, E) and issubclass(E3, E2)
raises(SystemError, m.new_exception, "nodot")
print("new exceptions ok")

try:
    import warnings
except Exception as ex:  # the interpreter's warnings module may be incomplete
    print("warnings skipped:", type(ex).__name__)
else:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        m.warn(UserWarning, "careful")
        assert len(w) == 1 and str(w[0].message) == "careful" and w[0].category is UserWarning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        raises(DeprecationWarning, m.warn, DeprecationWarning, "now an error")
    print("warnings ok")

e = raises(ValueError, m.chain, msg="second")
assert isinstance(e.__context__, KeyError)
try:
    try:
        raise KeyError("ctx")
    except KeyError:
        raise ValueError("outer") from TypeError("cause")
except ValueError as ex:
    cause, ctx, has_tb, newcause = m.exception_attrs(ex)
    assert isinstance(cause, TypeError) and isinstance(ctx, KeyError) and has_tb == 1
    assert isinstance(newcause, ValueError) and ex.__cause__ is newcause
print("exception objects ok")

sys.stdout.flush()
assert m.unraisable("the object") is True
assert m.print_it() is True
print("ALL OK")
