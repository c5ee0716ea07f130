# try/except/else/finally control flow, including return/break/continue in finally.
def order(fail):
    log = []
    try:
        log.append("try")
        if fail:
            raise ValueError("x")
    except ValueError:
        log.append("except")
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log
print(order(False), order(True))
def return_override():
    try:
        return "try"
    finally:
        return "finally"
print(return_override())
def swallow():
    try:
        raise KeyError("lost")
    finally:
        return "finally swallowed exception"
print(swallow())
def finally_sees_return():
    x = []
    try:
        x.append(1)
        return x
    finally:
        x.append(2)
print(finally_sees_return())
def break_in_finally():
    for i in range(3):
        try:
            raise ValueError(i)
        finally:
            break
    return i
print(break_in_finally())
def continue_in_finally():
    out = []
    for i in range(4):
        try:
            if i % 2:
                raise RuntimeError
            out.append(i)
        finally:
            continue
    return out
print(continue_in_finally())
def nested():
    log = []
    try:
        try:
            raise TypeError("inner")
        finally:
            log.append("inner finally")
    except TypeError as e:
        log.append("outer caught " + str(e))
    finally:
        log.append("outer finally")
    return log
print(nested())
def loop_return():
    for i in range(5):
        try:
            if i == 2:
                return i
        finally:
            print("finally", i)
print(loop_return())
def while_continue():
    i = 0
    seen = []
    while i < 5:
        i += 1
        try:
            if i == 3:
                continue
            seen.append(i)
        finally:
            seen.append(-i)
    return seen
print(while_continue())
def exception_in_finally():
    try:
        try:
            raise ValueError("first")
        finally:
            raise KeyError("second")
    except KeyError as e:
        return repr(e), repr(e.__context__)
print(exception_in_finally())
def except_var_deleted():
    try:
        raise ValueError("v")
    except ValueError as err:
        pass
    try:
        err
    except NameError as e:
        return str(e)
    except UnboundLocalError as e:
        return "unbound: " + str(e)
print(except_var_deleted())
def else_not_on_return():
    try:
        return "from try"
    except Exception:
        pass
    else:
        print("never")
print(else_not_on_return())
def reraise():
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            raise
    except ZeroDivisionError as e:
        return "re-raised " + str(e)
print(reraise())
def gen_finally():
    try:
        yield 1
        yield 2
    finally:
        print("gen finally")
for v in gen_finally():
    print("got", v)
count = 0
while True:
    try:
        count += 1
        if count == 3:
            break
    finally:
        print("while finally", count)
print("count", count)
