# Augmented assignment on names, attributes, subscripts; mutability and evaluation order.
x = 10
x += 5; print(x)
x -= 3; print(x)
x *= 2; print(x)
x //= 5; print(x)
x **= 3; print(x)
x %= 7; print(x)
x <<= 4; print(x)
x >>= 2; print(x)
x |= 0b1000; print(x)
x &= 0b1110; print(x)
x ^= 0b0101; print(x)
x /= 4; print(x)
s = "ab"; s += "cd"; s *= 2; print(s)
t = (1,); t2 = t; t += (2,); print(t, t2, t is t2)
l = [1]; l2 = l; l += [2]; l += (3,); l += "ab"; print(l, l2, l is l2)
l *= 2; print(l2)
d = {"a": 1}; d |= {"b": 2}; print(d)
st = {1, 2}; st2 = st; st |= {3}; st &= {2, 3, 4}; st -= {9}; st ^= {5}; print(sorted(st), st is st2)
fs = frozenset([1]); fs2 = fs; fs |= {2}; print(sorted(fs), fs is fs2)
class Box:
    def __init__(self):
        self.v = 1
        self.items = [0, 0, 0]
b = Box()
b.v += 41
b.items[1] += 5
b.items[-1] -= 1
print(b.v, b.items)
log = []
class Rec:
    def __init__(self):
        self.data = {"k": 1}
    def __getitem__(self, k):
        log.append(("get", k))
        return self.data[k]
    def __setitem__(self, k, v):
        log.append(("set", k, v))
        self.data[k] = v
def key():
    log.append("key")
    return "k"
def obj():
    log.append("obj")
    return r
r = Rec()
obj()[key()] += 10
print(log, r.data)
m = [[1, 2], [3, 4]]
m[1][0] *= 10
print(m)
ba = bytearray(b"x"); ba += b"yz"; ba *= 2; print(ba)
n = 7; n **= -1; print(n)
c = 1j; c *= c; print(c)
y = 2 ** 70; y //= 3; y %= 10 ** 9; print(y)
