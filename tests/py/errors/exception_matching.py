# except clause matching: tuples, order, base classes, invalid except targets, bare raise.
def classify(exc):
    try:
        raise exc
    except (KeyError, IndexError) as e:
        return "lookup-ish " + type(e).__name__
    except ArithmeticError:
        return "arithmetic"
    except Exception as e:
        return "generic " + type(e).__name__
    except BaseException as e:
        return "base " + type(e).__name__
for exc in [KeyError(), IndexError(), ZeroDivisionError(), OverflowError(), ValueError(), KeyboardInterrupt(), SystemExit(), GeneratorExit()]:
    print(classify(exc))
try:
    raise ValueError
except ValueError as e:
    print("raise class instantiates:", repr(e))
try:
    raise 5
except TypeError as e:
    print("TypeError:", e)
try:
    raise
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    try:
        raise ValueError("x")
    except 5:
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    try:
        raise ValueError("x")
    except (ValueError, 5) as e:
        print("tuple with junk still matches first:", e)
except TypeError as e:
    print("TypeError:", e)
try:
    try:
        raise ValueError("x")
    except (KeyError, 5):
        pass
except TypeError as e:
    print("TypeError:", e)
exc_types = (LookupError,)
try:
    {}["k"]
except exc_types as e:
    print("dynamic tuple:", repr(e))
def reraise_outside():
    try:
        raise KeyError("inner")
    except KeyError:
        pass
    try:
        raise
    except RuntimeError as e:
        return str(e)
print(reraise_outside())
def reraise_in_nested_function():
    try:
        raise ValueError("active")
    except ValueError:
        def helper():
            raise
        try:
            helper()
        except ValueError as e:
            return "helper re-raised " + repr(e)
print(reraise_in_nested_function())
class NotAnException:
    pass
try:
    raise NotAnException()
except TypeError as e:
    print("TypeError:", e)
try:
    raise ValueError("a") from 1
except TypeError as e:
    print("TypeError:", e)
import sys
def current():
    return sys.exc_info()[0]
try:
    raise KeyError
except KeyError:
    print("inside handler:", current().__name__)
print("after handler:", current())
try:
    raise ValueError
except ValueError:
    try:
        raise TypeError
    except TypeError:
        print("nested handler:", current().__name__)
    print("back in outer handler:", current().__name__)
def gen():
    try:
        raise KeyError("in gen")
    except KeyError:
        yield sys.exc_info()[0].__name__
        yield sys.exc_info()[0].__name__
g = gen()
print(next(g), sys.exc_info()[0], next(g))
