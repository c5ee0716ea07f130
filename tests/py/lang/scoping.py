# global, nonlocal, closures, class scopes and the __class__ cell.
counter = 0
def incr():
    global counter
    counter += 1
    return counter
incr(); incr()
print(counter)
def make_counter():
    n = 0
    def step(by=1):
        nonlocal n
        n += by
        return n
    return step
c1, c2 = make_counter(), make_counter()
print(c1(), c1(), c1(5), c2())
print(c1.__closure__[0].cell_contents, c1.__code__.co_freevars, make_counter.__code__.co_cellvars)
def outer():
    x = "outer x"
    def middle():
        def inner():
            return x
        return inner()
    return middle()
print(outer())
def shadow():
    x = 1
    def inner():
        x = 2
        return x
    return inner(), x
print(shadow())
def late():
    fs = []
    for i in range(3):
        def f():
            return i
        fs.append(f)
    return [f() for f in fs]
print(late())
def unbound():
    try:
        print(zzz)
        zzz = 1
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
unbound()
def nonlocal_chain():
    a = 1
    def f():
        nonlocal a
        a += 1
        def g():
            nonlocal a
            a *= 10
        g()
    f()
    return a
print(nonlocal_chain())
x = "global x"
class K:
    x = "class x"
    y = x + "!"
    def method(self):
        return x
    def cls_name(self):
        return __class__.__name__
    lam = lambda self: x
print(K.y, K().method(), K().cls_name(), K().lam())
class Base:
    def hello(self):
        return "Base.hello"
class Derived(Base):
    def hello(self):
        return "Derived+" + super().hello()
    def which(self):
        return __class__
print(Derived().hello(), Derived().which().__name__)
def global_decl_later():
    global new_global
    new_global = "created"
global_decl_later()
print(new_global)
def read_global():
    return counter + 100
print(read_global())
def locals_snapshot(a, b=2):
    c = a + b
    return sorted(locals().items())
print(locals_snapshot(1))
def del_local():
    v = 1
    del v
    try:
        return v
    except UnboundLocalError as e:
        return str(e)
print(del_local())
def closure_over_loop_var():
    return [(lambda: j)() for j in range(3)]
print(closure_over_loop_var())
def cell_modified_after():
    v = 1
    f = lambda: v
    v = 2
    return f()
print(cell_modified_after())
