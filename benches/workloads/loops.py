# numeric loops
def loop(n):
    s = 0
    for i in range(n):
        if i % 3 == 0:
            s += i * 2
        else:
            s -= 1
    return s
print(loop(3_000_000))
