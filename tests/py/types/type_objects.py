# type objects: names, mro, bases, type(), isinstance on builtins, special attributes.
for t in [int, bool, float, complex, str, bytes, bytearray, list, tuple, dict, set, frozenset, range, slice, type, object,
          memoryview, BaseException, Exception, KeyError, type(None), type(len), type(lambda: 0)]:
    print(t.__name__, t.__qualname__, t.__module__, [b.__name__ for b in t.__mro__], t.__base__.__name__ if t.__base__ else None)
print(type(1), type("s"), type([]), type(type), type(object), type(int), isinstance(int, type), isinstance(type, object))
print(issubclass(bool, int), issubclass(int, object), issubclass(type, object), issubclass(object, type), issubclass(KeyError, LookupError))
class A:
    "A docstring"
    x = 1
class B(A):
    pass
print(A.__name__, A.__qualname__, A.__module__, A.__doc__, B.__doc__, A.__bases__, B.__bases__, B.__mro__)
print(type(A).__name__, A.__class__, B.__base__, sorted(k for k in vars(A) if not k.startswith("__")), "x" in vars(B))
print(int.__flags__ & 0 == 0, callable(int), callable(A), callable(A()), A.__subclasses__(), object.__subclasses__ is not None)
print(type.__call__(int, "5"), int.__new__(int, 7), object.__new__(A).__class__.__name__, str.__new__(str, "n"))
print(type(int.__dict__).__name__, "__add__" in int.__dict__, "upper" in str.__dict__, "x" in A.__dict__)
try:
    int.x = 1
except TypeError as e:
    print("TypeError:", e)
try:
    del str.upper
except TypeError as e:
    print("TypeError:", e)
try:
    A.__dict__["y"] = 2
except TypeError as e:
    print("TypeError:", e)
A.y = 2
print(B.y, getattr(B, "y"), B().y)
B.__name__ = "Bee"
print(B.__name__, B.__qualname__, repr(B))
print(type(int.__add__).__name__, type((1).__add__).__name__, type(str.join).__name__, type(A.__init__).__name__, type(dict.fromkeys).__name__)
print(type(A.__dict__["__weakref__"]).__name__ if "__weakref__" in A.__dict__ else None, type(int.real).__name__, type(A.__init_subclass__).__name__)
print(isinstance(A, type), isinstance(A(), A), isinstance(B(), A), isinstance(A(), B), type(A()) is A, A().__class__ is A)
print(object().__class__.__name__, object.__doc__[:20], len(object.__dict__) > 5, hasattr(object(), "__dict__"))
