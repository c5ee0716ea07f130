# del statement on names, items, slices and attributes; NameError afterwards.
x = 1
del x
try:
    x
except NameError as e:
    print("NameError:", e)
a, b, c = 1, 2, 3
del a, b
print("c" in dir(), "a" in dir())
L = list(range(8))
del L[0], L[-1]
print(L)
del L[1:3]
print(L)
d = {"k": 1, "j": 2, "z": 3}
del d["k"]
print(d)
try:
    del d["missing"]
except KeyError as e:
    print("KeyError:", e)
class O:
    cls_attr = 1
o = O()
o.a = 1
o.b = 2
del o.a
print(vars(o))
try:
    del o.a
except AttributeError as e:
    print("AttributeError:", e)
try:
    del o.cls_attr
except AttributeError as e:
    print("AttributeError:", e)
del O.cls_attr
print(hasattr(O, "cls_attr"))
def f():
    v = 1
    del v
    try:
        print(v)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
f()
try:
    del undefined_name
except NameError as e:
    print("NameError:", e)
t = (1, 2)
try:
    del t[0]
except TypeError as e:
    print("TypeError:", e)
s = "abc"
try:
    del s[0]
except TypeError as e:
    print("TypeError:", e)
nested = [[1, 2], [3, 4]]
del nested[0][1], nested[1]
print(nested)
g = 10
def delete_global():
    global g
    del g
delete_global()
print("g" in globals())
try:
    del [1][5]
except IndexError as e:
    print("IndexError:", e)
for i in range(3):
    pass
del i
print("i" in dir())
(p, q) = (1, 2)
del (p, q)
print("p" in dir())
[r, s2] = 3, 4
del [r, s2]
print("r" in dir())
