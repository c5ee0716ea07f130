# raising and catching exceptions
class MyError(Exception):
    pass

def f(i):
    if i % 2:
        raise MyError(i)
    return i

t = 0
for i in range(200000):
    try:
        t += f(i)
    except MyError as e:
        t -= 1
    finally:
        t += 1
print(t)
