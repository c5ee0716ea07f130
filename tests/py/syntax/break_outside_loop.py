# break outside of a loop.
def f():
    break
