# A chain of three exceptions mixing cause and context.
def level3():
    raise OSError("disk unavailable")
def level2():
    try:
        level3()
    except OSError as e:
        raise RuntimeError("could not save") from e
def level1():
    try:
        level2()
    except RuntimeError:
        {}["retry"]
level1()
