# generators, closures and comprehensions
def gen(n):
    for i in range(n):
        yield i * i

def make_adder(k):
    def add(x):
        return x + k
    return add

add3 = make_adder(3)
total = 0
for _ in range(20):
    total += sum(add3(x) for x in gen(20000))
    total += len([x for x in range(20000) if x & 1])
print(total)
