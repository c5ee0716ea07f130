# The builtin exception hierarchy as a tree.
import builtins
classes = [getattr(builtins, n) for n in dir(builtins)]
classes = [c for c in classes if isinstance(c, type) and issubclass(c, BaseException)]
children = {}
for c in classes:
    if c is BaseException:
        continue
    children.setdefault(c.__bases__[0], []).append(c)
def show(c, depth=0):
    extra = [b.__name__ for b in c.__bases__[1:]]
    print("  " * depth + c.__name__ + (" (also " + ", ".join(extra) + ")" if extra else ""))
    for sub in sorted(children.get(c, []), key=lambda k: k.__name__):
        show(sub, depth + 1)
show(BaseException)
print([c.__name__ for c in ExceptionGroup.__mro__], [c.__name__ for c in UnicodeDecodeError.__mro__])
print([c.__name__ for c in FileNotFoundError.__mro__], [c.__name__ for c in TabError.__mro__])
