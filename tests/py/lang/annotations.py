# Annotations on modules, classes and functions (evaluated, as in 3.11 without __future__).
x: int = 5
y: "forward ref"
z: list[int] = []
print(__annotations__)
print("y" in globals(), x, z)
class C:
    a: int
    b: str = "default"
    c: "C"
    def m(self, p: float, *, q: bool = False) -> None:
        v: int = 3
        return None
print(C.__annotations__, C.b, hasattr(C, "a"))
print(C.m.__annotations__)
def f(a: 1 + 1, b: [1, 2]) -> {"r": 1}:
    pass
print(f.__annotations__)
lam = lambda q: q
print(lam.__annotations__)
class D(C):
    d: dict
print(D.__annotations__, "a" in D.__annotations__)
count = 0
def side():
    global count
    count += 1
    return int
w: side() = 1
print(count)
def local_annot():
    t: side()
    return "ok"
print(local_annot(), count)
import typing
T = typing.TypeVar("T")
def gen(x: T) -> typing.List[T]:
    return [x]
print(gen.__annotations__["return"], typing.get_type_hints(gen))
class E:
    x: typing.Optional[int] = None
    y: typing.Union[int, str]
print(E.__annotations__)
obj = C()
obj.attr: int = 4
print(obj.attr)
lst = [0]
lst[0]: str = "set"
print(lst)
print(int | str, list[int], dict[str, list[int]], tuple[int, ...], type(int | None).__name__)
