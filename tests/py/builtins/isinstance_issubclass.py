# isinstance / issubclass with classes, tuples, unions, ABCs and custom hooks.
class A: pass
class B(A): pass
class C: pass
b = B()
print(isinstance(b, A), isinstance(b, (C, A)), isinstance(b, (C, (int, B))), isinstance(b, C), isinstance(b, object), isinstance(A, type))
print(issubclass(B, A), issubclass(B, (C, A)), issubclass(A, B), issubclass(B, B), issubclass(bool, (str, int)), issubclass(int, object))
print(isinstance(1, int | str), isinstance("s", int | str), isinstance(None, int | None), isinstance(1.0, int | str), issubclass(bool, int | float))
print(isinstance(True, int), isinstance(1, bool), isinstance(1, float), isinstance(1.0, float), isinstance(1j, complex), isinstance([], (list, tuple)))
print(isinstance(b, ()), issubclass(B, ()), isinstance(type, type), isinstance(object, object), issubclass(type, object))
for bad in [lambda: isinstance(1, 1), lambda: isinstance(1, [int]), lambda: issubclass(1, int), lambda: issubclass(int, "x"), lambda: isinstance(1, (int, 1)), lambda: isinstance(1, list[int])]:
    try:
        print(bad())
    except TypeError as e:
        print("TypeError:", e)
class Meta(type):
    def __instancecheck__(cls, obj):
        return obj == "magic"
    def __subclasscheck__(cls, sub):
        return sub is str
class Magic(metaclass=Meta): pass
print(isinstance("magic", Magic), isinstance("other", Magic), issubclass(str, Magic), issubclass(int, Magic), isinstance(Magic(), Magic))
import collections.abc as cabc, numbers
print(isinstance([], cabc.Sequence), isinstance({}, cabc.Mapping), isinstance((x for x in []), cabc.Iterator), isinstance(len, cabc.Callable))
print(isinstance(1, numbers.Integral), isinstance(1.5, numbers.Real), isinstance(1j, numbers.Complex), isinstance(True, numbers.Number), isinstance(1.5, numbers.Integral))
class WithClass:
    __class__ = int
print(isinstance(WithClass(), int), type(WithClass()).__name__)
import typing
print(isinstance([], typing.List), issubclass(list, typing.Sequence), isinstance(1, typing.Hashable) if hasattr(typing, "Hashable") else None)
try:
    isinstance(1, typing.Union[int, str])
    print("Union ok", isinstance(1, typing.Union[int, str]))
except TypeError as e:
    print("TypeError:", e)
