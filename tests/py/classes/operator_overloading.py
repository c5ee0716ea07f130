# Binary, unary and comparison operator overloading, incl. reflected, in-place and NotImplemented.
class V:
    def __init__(self, *c):
        self.c = tuple(c)
    def __repr__(self):
        return f"V{self.c}"
    def __add__(self, o):
        if isinstance(o, V):
            return V(*(a + b for a, b in zip(self.c, o.c)))
        if isinstance(o, (int, float)):
            return V(*(a + o for a in self.c))
        return NotImplemented
    __radd__ = __add__
    def __sub__(self, o):
        return V(*(a - b for a, b in zip(self.c, o.c))) if isinstance(o, V) else NotImplemented
    def __mul__(self, k):
        return V(*(a * k for a in self.c)) if isinstance(k, (int, float)) else NotImplemented
    def __rmul__(self, k):
        return self * k
    def __matmul__(self, o):
        return sum(a * b for a, b in zip(self.c, o.c))
    def __truediv__(self, k):
        return V(*(a / k for a in self.c))
    def __floordiv__(self, k):
        return V(*(a // k for a in self.c))
    def __mod__(self, k):
        return V(*(a % k for a in self.c))
    def __pow__(self, k, mod=None):
        return V(*(pow(a, k, mod) for a in self.c))
    def __neg__(self):
        return V(*(-a for a in self.c))
    def __pos__(self):
        return self
    def __abs__(self):
        return sum(a * a for a in self.c) ** 0.5
    def __invert__(self):
        return V(*reversed(self.c))
    def __lshift__(self, n):
        return V(*(self.c[n:] + self.c[:n]))
    def __and__(self, o):
        return "and"
    def __or__(self, o):
        return "or"
    def __xor__(self, o):
        return "xor"
    def __rshift__(self, o):
        return "rshift"
    def __eq__(self, o):
        return isinstance(o, V) and self.c == o.c
    def __hash__(self):
        return hash(self.c)
    def __round__(self, n=None):
        return V(*(round(a, n) for a in self.c))
    def __divmod__(self, k):
        return (self // k, self % k)
    def __complex__(self):
        return complex(*self.c[:2])
    def __float__(self):
        return float(abs(self))
a, b = V(1, 2), V(3, 4)
print(a + b, a + 1, 1 + a, a - b, a * 3, 3 * a, a @ b, b / 2, b // 2, b % 2, a ** 2, pow(b, 2, 5))
print(-a, +a, abs(b), ~a, V(1, 2, 3) << 1, a & b, a | b, a ^ b, a >> b, round(V(1.26, 2.5), 1), divmod(b, 2))
print(complex(a), float(b), a == V(1, 2), a != b, a == "x", hash(a) == hash(V(1, 2)), {a: 1}[V(1, 2)])
for expr in [lambda: a - 1, lambda: "s" + a, lambda: a * a, lambda: 1 - a, lambda: a < b, lambda: a @ 1]:
    try:
        expr()
    except (TypeError, AttributeError) as e:
        print(type(e).__name__ + ":", e)
class Money:
    def __init__(self, v):
        self.v = v
    def __repr__(self):
        return f"Money({self.v})"
    def __iadd__(self, o):
        self.v += o
        return self
    def __add__(self, o):
        return Money(self.v + o)
m = Money(1)
alias = m
m += 5
print(m, alias, m is alias)
m = m + 1
print(m, alias, m is alias)
class OnlyAdd:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        return OnlyAdd(self.v + o)
oa = OnlyAdd(1)
ob = oa
oa += 1
print(oa.v, ob.v, oa is ob)
class Left:
    def __add__(self, o):
        return NotImplemented
class Right:
    def __radd__(self, o):
        return "Right.__radd__"
print(Left() + Right())
class Base:
    def __add__(self, o):
        return "Base.__add__"
    def __radd__(self, o):
        return "Base.__radd__"
class Sub(Base):
    def __radd__(self, o):
        return "Sub.__radd__ wins (subclass)"
print(Base() + Sub(), Sub() + Base())
class Cont:
    def __contains__(self, x):
        return x == 3
    def __len__(self):
        return 7
    def __getitem__(self, i):
        return i * 2
print(3 in Cont(), 4 in Cont(), len(Cont()), Cont()[5], Cont()[-1])
