# OSError subclasses by errno, OverflowError, AssertionError, MemoryError-free checks, ArithmeticError family.
import errno, os
for code in [errno.ENOENT, errno.EEXIST, errno.EACCES, errno.EPERM, errno.EISDIR, errno.ENOTDIR, errno.EAGAIN, errno.ECHILD,
             errno.ECONNREFUSED, errno.ECONNRESET, errno.EPIPE, errno.ETIMEDOUT, errno.EINTR, errno.ESRCH, errno.EINVAL]:
    e = OSError(code, os.strerror(code))
    print(code, errno.errorcode[code], type(e).__name__, str(e))
e = OSError(errno.ENOENT, "No such file or directory", "a.txt", None, "b.txt")
print(str(e), e.filename, e.filename2, e.errno, e.strerror)
print(str(OSError("just a message")), OSError("m").errno, str(OSError(1, 2, 3, 4, 5, 6)), OSError(1, 2, 3, 4, 5, 6).args)
try:
    os.listdir("no_such_directory_here")
except FileNotFoundError as e:
    print("FileNotFoundError:", e)
try:
    os.stat("")
except FileNotFoundError as e:
    print("FileNotFoundError:", e)
for c in [lambda: 2.0 ** 10000, lambda: float(10 ** 400), lambda: int(float("inf")), lambda: (10 ** 400) / 3, lambda: 1e308 * 10,
          lambda: __import__("math").exp(1000), lambda: __import__("math").pow(10, 400), lambda: [1] * (10 ** 20), lambda: "x" * (10 ** 20),
          lambda: range(10 ** 20).__len__(), lambda: chr(2 ** 70), lambda: (2 ** 70).to_bytes(2, "big"), lambda: __import__("math").factorial(10 ** 20)]:
    try:
        r = c()
        print("no error:", r)
    except (OverflowError, ValueError, MemoryError) as e:
        print(type(e).__name__ + ":", e)
try:
    assert 1 == 2
except AssertionError as e:
    print("AssertionError:", repr(e), e.args)
try:
    assert False, "with message"
except AssertionError as e:
    print("AssertionError:", e)
try:
    assert [], ("tuple", "message")
except AssertionError as e:
    print("AssertionError:", e.args)
x = 5
try:
    assert x < 0, f"x was {x}"
except AssertionError as e:
    print("AssertionError:", e)
print(issubclass(OverflowError, ArithmeticError), issubclass(ZeroDivisionError, ArithmeticError), issubclass(FloatingPointError, ArithmeticError))
try:
    raise NotImplementedError("subclass must implement")
except RuntimeError as e:
    print("NotImplementedError caught as RuntimeError:", e)
try:
    raise LookupError("generic lookup")
except LookupError as e:
    print(repr(e))
