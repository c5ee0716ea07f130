# A non-default parameter following a default parameter.
def f(a=1, b):
    pass
