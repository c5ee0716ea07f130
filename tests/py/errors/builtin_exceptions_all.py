# Every builtin exception type: raise, catch by itself and by its base, args/str/repr.
import builtins
excs = sorted((n for n in dir(builtins) if isinstance(getattr(builtins, n), type) and issubclass(getattr(builtins, n), BaseException)))
for name in excs:
    cls = getattr(builtins, name)
    if cls in (BaseExceptionGroup, ExceptionGroup):
        args = ("group", [ValueError("inner")])
    elif cls is UnicodeDecodeError:
        args = ("utf-8", b"\xff", 0, 1, "invalid start byte")
    elif cls is UnicodeEncodeError:
        args = ("ascii", "\xe9", 0, 1, "ordinal not in range(128)")
    elif cls is UnicodeTranslateError:
        args = ("\xe9", 0, 1, "no mapping")
    else:
        args = ("message for " + name,)
    try:
        raise cls(*args)
    except cls as e:
        base_cls = cls.__bases__[0] if cls is not BaseException else BaseException
        base = base_cls.__name__
        try:
            raise e
        except base_cls as again:
            caught_by_base = again is e
        print(name, "<", base, "|", str(e), "|", repr(e)[:70], "|", len(e.args), caught_by_base)
print(len(excs))
print(repr(OSError(2, "No such file")), repr(OSError(13, "denied", "f.txt")), str(OSError(13, "denied", "f.txt")))
print(type(OSError(2, "x")).__name__, type(OSError(13, "x")).__name__, type(OSError(17, "x")).__name__, type(OSError(999, "x")).__name__)
print(IOError is OSError, EnvironmentError is OSError, issubclass(ModuleNotFoundError, ImportError), issubclass(RecursionError, RuntimeError))
e = ImportError("msg", name="mod", path="/p")
print(e.name, e.path, e.msg, str(e))
e = StopIteration(1, 2)
print(e.value, e.args)
e = SystemExit(3)
print(e.code, SystemExit().code, SystemExit(1, 2).code)
e = KeyError("k")
print(str(e), str(KeyError("a", "b")), str(KeyError()), repr(KeyError(1)))
e = SyntaxError("bad", ("f.py", 3, 4, "x = (", 3, 6))
print(e.msg, e.filename, e.lineno, e.offset, repr(e.text), e.end_lineno, e.end_offset, str(e))
e = AttributeError("a", name="nm", obj=5)
print(e.name, e.obj, str(e))
e = NameError("n", name="nm")
print(e.name)
e = UnicodeDecodeError("utf-8", b"ab\xff", 2, 3, "invalid start byte")
print(e.encoding, e.object, e.start, e.end, e.reason, str(e))
e = BlockingIOError(11, "would block", 5)
print(e.characters_written, e.errno)
print(issubclass(KeyboardInterrupt, Exception), issubclass(GeneratorExit, Exception), issubclass(SystemExit, BaseException), issubclass(StopAsyncIteration, Exception))
