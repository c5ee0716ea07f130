# A duplicated parameter name.
def f(a, b, a):
    return a
