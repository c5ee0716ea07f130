# __cause__, __context__, __suppress_context__ and raise ... from ...
def show(e):
    print(type(e).__name__, repr(e), "cause:", repr(e.__cause__), "context:", repr(e.__context__), "suppress:", e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("implicit")
except ValueError as e:
    show(e)
try:
    try:
        {}["k"]
    except KeyError as k:
        raise RuntimeError("explicit") from k
except RuntimeError as e:
    show(e)
try:
    try:
        int("x")
    except ValueError:
        raise TypeError("suppressed") from None
except TypeError as e:
    show(e)
try:
    raise IndexError("direct") from OSError("cause only")
except IndexError as e:
    show(e)
try:
    raise KeyError("k") from ValueError
except KeyError as e:
    show(e)
try:
    raise ValueError from None
except ValueError as e:
    show(e)
try:
    try:
        raise ValueError(1) from 5
    except TypeError as t:
        print("TypeError:", t)
        raise
except TypeError as e:
    show(e)
def nested():
    try:
        raise OSError("level1")
    except OSError:
        try:
            raise ValueError("level2")
        except ValueError:
            raise KeyError("level3")
try:
    nested()
except KeyError as e:
    chain = []
    cur = e
    while cur is not None:
        chain.append(repr(cur))
        cur = cur.__context__
    print(chain)
e = ValueError("manual")
e.__cause__ = KeyError("set by hand")
print(e.__suppress_context__, repr(e.__cause__))
e.__suppress_context__ = False
e.__context__ = OSError("ctx")
print(repr(e.__context__), e.__suppress_context__)
try:
    e.__cause__ = "not an exception"
except TypeError as t:
    print("TypeError:", t)
try:
    try:
        raise ValueError("same")
    except ValueError as v:
        raise v
except ValueError as e2:
    print("re-raised same object:", e2.__context__)
err = None
try:
    try:
        raise ValueError("a")
    finally:
        print("finally runs before handler")
except ValueError as e3:
    err = e3
print(repr(err), err.__traceback__ is not None, type(err.__traceback__).__name__)
def context_in_handler():
    try:
        raise ValueError("first")
    except ValueError:
        try:
            raise KeyError("second")
        except KeyError as k:
            return k
k = context_in_handler()
print(repr(k), repr(k.__context__))
try:
    try:
        raise ValueError("x")
    except ValueError as v:
        raise v from v
except ValueError as e4:
    print(e4.__cause__ is e4, e4.__context__ is None)
