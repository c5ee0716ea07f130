"""Helpers shared by the native test scripts."""


def raises(exc, f, *a, msg=None):
    try:
        f(*a)
    except exc as e:
        if msg is not None:
            assert str(e) == msg, (str(e), msg)
        return e
    raise AssertionError(f"{f.__name__}{a} did not raise {exc.__name__}")
