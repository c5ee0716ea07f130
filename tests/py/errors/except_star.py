# except* semantics: matching, splitting, re-raising, naked exceptions, ordering.
def run(exc, label):
    print("==", label)
    try:
        try:
            raise exc
        except* ValueError as g:
            print("ValueError handler:", repr(g))
        except* (TypeError, KeyError) as g:
            print("Type/Key handler:", repr(g))
    except BaseException as leftover:
        print("escaped:", repr(leftover))
run(ExceptionGroup("eg", [ValueError(1), TypeError(2), OSError(3)]), "mixed")
run(ExceptionGroup("eg", [ValueError(1), ValueError(2)]), "all value")
run(ValueError("naked"), "naked exception gets wrapped")
run(OSError("unhandled naked"), "naked unmatched")
run(ExceptionGroup("outer", [ExceptionGroup("inner", [KeyError("k"), OSError()]), ValueError()]), "nested")
try:
    try:
        raise ExceptionGroup("g", [ValueError("v")])
    except* ValueError:
        raise TypeError("raised in handler")
except Exception as e:
    print("handler raise:", repr(e), repr(e.__context__))
try:
    try:
        raise ExceptionGroup("g", [ValueError("v"), OSError("o")])
    except* ValueError:
        raise TypeError("raised in handler, with leftovers")
except ExceptionGroup as e:
    print("handler raise with leftovers:", repr(e), repr(e.exceptions[0].__context__))
try:
    try:
        raise ExceptionGroup("g", [ValueError("v"), KeyError("k")])
    except* ValueError:
        raise
except ExceptionGroup as e:
    print("bare raise keeps original:", repr(e))
try:
    try:
        raise ExceptionGroup("g", [ValueError("v")])
    except* ValueError as g:
        raise g
except ExceptionGroup as e:
    print("raise g:", repr(e))
def handler_order():
    try:
        raise ExceptionGroup("g", [ValueError(1), ValueError(2), TypeError(3)])
    except* TypeError as g:
        print("TypeError first:", [e.args[0] for e in g.exceptions])
    except* ValueError as g:
        print("ValueError second:", [e.args[0] for e in g.exceptions])
    else:
        print("no else")
    finally:
        print("finally")
handler_order()
try:
    try:
        pass
    except* ValueError:
        print("never")
    else:
        print("else when nothing raised")
except Exception:
    pass
try:
    exec("try:\n    raise ValueError\nexcept* ExceptionGroup:\n    pass")
except TypeError as e:
    print("TypeError:", e)
for src in ["try:\n    pass\nexcept* ValueError:\n    pass\nexcept TypeError:\n    pass",
            "try:\n    pass\nexcept*:\n    pass",
            "for x in []:\n    try:\n        pass\n    except* ValueError:\n        break"]:
    try:
        compile(src, "<s>", "exec")
        print("compiled")
    except SyntaxError as e:
        print("SyntaxError:", e.msg)
