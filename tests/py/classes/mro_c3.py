# Method resolution order (C3 linearization) and its errors.
class O: pass
class A(O): pass
class B(O): pass
class C(O): pass
class D(O): pass
class E(O): pass
class K1(A, B, C): pass
class K2(D, B, E): pass
class K3(D, A): pass
class Z(K1, K2, K3): pass
for cls in (K1, K2, K3, Z):
    print(cls.__name__, [c.__name__ for c in cls.__mro__])
class X:
    def who(self):
        return "X"
class Y(X):
    def who(self):
        return "Y>" + super().who()
class W(X):
    def who(self):
        return "W>" + super().who()
class V(Y, W):
    def who(self):
        return "V>" + super().who()
print(V().who(), [c.__name__ for c in V.mro()], V.mro() == list(V.__mro__))
try:
    class Bad(X, Y):
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    class Bad2(A, K1):
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    class Dup(A, A):
        pass
except TypeError as e:
    print("TypeError:", e)
class Meta(type):
    def mro(cls):
        return [cls, object]
class Custom(A, metaclass=Meta):
    pass
print([c.__name__ for c in Custom.__mro__], issubclass(Custom, A), isinstance(Custom(), A))
print(Z.__bases__ == (K1, K2, K3), [b.__name__ for b in K3.__bases__], object.__mro__)
class Attr1:
    val = "Attr1"
class Attr2:
    val = "Attr2"
    only2 = "only in Attr2"
class Both(Attr1, Attr2):
    pass
print(Both.val, Both.only2, Both().val)
try:
    class FromInt(int, str):
        pass
except TypeError as e:
    print("TypeError:", e)
class L(list, Attr1):
    pass
print([c.__name__ for c in L.__mro__], L([1]).val)
