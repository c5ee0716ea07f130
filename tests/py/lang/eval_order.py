# Evaluation order of operands, arguments, assignments, dict displays.
log = []
def v(tag, val=None):
    log.append(tag)
    return tag if val is None else val
def show(label):
    print(label, log)
    log.clear()
v("a", 1) + v("b", 2) * v("c", 3); show("binary")
v("f", lambda *a, **k: None)(v("x"), v("y"), k=v("z")); show("call")
d = {v("k1"): v("v1"), v("k2"): v("v2")}; show("dict")
lst = [v("e0"), v("e1")]; show("list")
obj = type("O", (), {})()
v("target", obj).attr = v("value"); show("attr assign")
cont = {}
v("container", cont)[v("key")] = v("val"); show("subscript assign")
x = y = v("rhs"); show("chained")
v("a", 1) < v("b", 2) < v("c", 3); show("compare chain")
v("cond", True) and v("then"); show("and")
v("t", 1) if v("test", 0) else v("else", 2); show("ifexp")
[v(f"item{i}") for i in range(2)]; show("comprehension")
a = [0, 0, 0]
i = 0
i, a[i] = 2, 9
print(i, a)
def kwargs_order(**kw):
    return list(kw)
print(kwargs_order(z=1, a=2, m=3), kwargs_order(**{"q": 1}, b=2))
def f(*args):
    return args
print(f(v("p1"), *[v("star")], v("p2"))); show("star args")
s = v("lhs", [1]) + v("rhs", [2]); show("list add")
cont["n"] = 1
cont[v("key2", "n")] += v("inc", 5); show("augassign subscript")
print(cont)
result = v("first", 1) ** v("second", 2) ** v("third", 1); show("pow right assoc")
(v("t1"), v("t2")); show("tuple")
{v("s1"), v("s2")} and None; show("set")
