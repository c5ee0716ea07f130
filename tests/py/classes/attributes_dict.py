# Instance and class __dict__, attribute shadowing, class attribute mutation, name mangling.
class Shared:
    items = []
    count = 0
    def add(self, x):
        self.items.append(x)
        self.count += 1
a, b = Shared(), Shared()
a.add(1)
b.add(2)
print(Shared.items, a.count, b.count, Shared.count, a.__dict__, b.__dict__)
class Shadow:
    x = "class"
s = Shadow()
print(s.x)
s.x = "instance"
print(s.x, Shadow.x)
del s.x
print(s.x)
Shadow.x = "changed class"
print(s.x, type(Shadow.__dict__).__name__, "x" in Shadow.__dict__)
class Private:
    def __init__(self):
        self.__hidden = 1
        self._protected = 2
        self.__dunder__ = 3
    def get(self):
        return self.__hidden
p = Private()
print(sorted(vars(p)), p.get(), p._Private__hidden)
try:
    p.__hidden
except AttributeError as e:
    print("AttributeError:", e)
class Sub(Private):
    def get_sub(self):
        try:
            return self.__hidden
        except AttributeError as e:
            return "AttributeError: " + str(e)
print(Sub().get_sub())
o = Shadow()
o.__dict__["direct"] = "via dict"
print(o.direct, getattr(o, "direct"))
o.__dict__ = {"replaced": True}
print(vars(o))
try:
    o.__dict__ = []
except TypeError as e:
    print("TypeError:", e)
def method(self):
    return "added later " + type(self).__name__
Shadow.method = method
print(o.method(), Shadow().method())
class WithClassVar:
    counter = 0
    def __init__(self):
        WithClassVar.counter += 1
        self.id = WithClassVar.counter
objs = [WithClassVar() for _ in range(3)]
print([x.id for x in objs], WithClassVar.counter)
print(sorted(k for k in Private.__dict__ if not k.startswith("__")), "__module__" in Private.__dict__, Private.__dict__["__module__"])
class Empty: pass
e = Empty()
print(e.__dict__, vars(Empty)["__doc__"], Empty.__doc__)
e.a = 1
e.b = 2
del e.a
e.c = 3
print(list(e.__dict__), e.__class__.__name__)
e.__class__ = Shadow
print(type(e).__name__, e.x)
try:
    e.__class__ = int
except TypeError as e2:
    print("TypeError:", e2)
