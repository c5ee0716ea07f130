# The builtins module: the complete list of public names and their kinds.
import builtins
names = sorted(n for n in dir(builtins) if not n.startswith("_"))
print(len(names))
kinds = {}
for n in names:
    obj = getattr(builtins, n)
    if isinstance(obj, type) and issubclass(obj, BaseException):
        k = "exception"
    elif isinstance(obj, type):
        k = "type"
    elif callable(obj):
        k = "function"
    else:
        k = "constant"
    kinds.setdefault(k, []).append(n)
for k in sorted(kinds):
    print(k, len(kinds[k]))
    for i in range(0, len(kinds[k]), 8):
        print("   ", " ".join(kinds[k][i:i + 8]))
print(builtins.__name__, type(builtins).__name__, builtins.len is len, builtins.True_ if hasattr(builtins, "True_") else "-")
print([n for n in ("__build_class__", "__import__", "__debug__", "__name__", "__doc__", "__spec__", "__loader__", "__package__") if hasattr(builtins, n)])
builtins.my_injected = "visible everywhere"
print(my_injected)
del builtins.my_injected
import __main__
print(__main__.__name__, __name__, __main__.__dict__ is globals())
