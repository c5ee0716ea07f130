# User-defined exception hierarchies, extra attributes, __str__/__repr__, pickling-free copies.
class AppError(Exception):
    """Base for application errors."""
    code = 1
class ConfigError(AppError):
    code = 2
    def __init__(self, key, reason="missing"):
        super().__init__(f"config key {key!r}: {reason}")
        self.key = key
        self.reason = reason
class NetworkError(AppError, OSError):
    pass
class Retryable(Exception):
    def __init__(self, attempts):
        self.attempts = attempts
    def __str__(self):
        return f"gave up after {self.attempts} attempts"
def load(key):
    raise ConfigError(key)
for fn in [lambda: load("db"), lambda: (_ for _ in ()).throw(NetworkError(5, "net down")), lambda: (_ for _ in ()).throw(Retryable(3))]:
    try:
        fn()
    except AppError as e:
        print("AppError", type(e).__name__, e, e.code, e.args, getattr(e, "key", None), isinstance(e, OSError))
    except Exception as e:
        print("Other", type(e).__name__, e, repr(e), e.args)
print([c.__name__ for c in NetworkError.__mro__], ConfigError.__doc__, AppError.__doc__)
class WithRepr(Exception):
    def __repr__(self):
        return "<WithRepr>"
print(repr(WithRepr("x")), str(WithRepr("x")), [WithRepr()])
class Validation(ValueError):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
try:
    raise Validation({"name": "required", "age": "must be positive"})
except ValueError as e:
    print(e, e.errors)
def retry(fn, times):
    last = None
    for i in range(times):
        try:
            return fn(i)
        except Retryable as e:
            last = e
            print("attempt", i, "failed")
    raise RuntimeError("all attempts failed") from last
def flaky(i):
    if i < 2:
        raise Retryable(i)
    return f"ok on attempt {i}"
print(retry(flaky, 5))
try:
    retry(flaky, 2)
except RuntimeError as e:
    print(e, "| cause:", e.__cause__)
class Ctx(Exception):
    def __init__(self, *a, **kw):
        super().__init__(*a)
        self.kw = kw
c = Ctx("m", detail=1)
print(c.args, c.kw, str(c))
try:
    Ctx(bad=1).__reduce__()
    print("reduce ok")
except Exception as e:
    print(type(e).__name__, e)
class Silent(Exception):
    def __str__(self):
        return ""
print(repr(str(Silent("hidden"))), repr(Silent("hidden")))
