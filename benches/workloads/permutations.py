# permutations (recursive generator)
def perms(items):
    if len(items) <= 1:
        yield list(items)
        return
    for i in range(len(items)):
        rest = items[:i] + items[i + 1:]
        for p in perms(rest):
            yield [items[i]] + p

n = 0
for p in perms(list(range(8))):
    n += p[0]
print(n)
