# Very deep expression nesting: CPython 3.11 reports MemoryError (parser stack) for unary chains
# and RecursionError for deeply nested binary operations and trailers during compilation.
from _common import attempt
attempt("100000 unary minus", lambda: compile("-" * 100000 + "1", "s", "eval"))
attempt("100000 not", lambda: compile("not " * 100000 + "x", "s", "eval"))
attempt("100000 ~", lambda: compile("~" * 100000 + "1", "s", "eval"))
attempt("1000 unary minus", lambda: eval("-" * 1000 + "1"))
attempt("1001 unary minus", lambda: eval("-" * 1001 + "1"))
attempt("100000 additions", lambda: compile("+".join(["1"] * 100000), "s", "eval"))
attempt("100000 attribute chain", lambda: compile("a" + ".b" * 100000, "s", "eval"))
attempt("100000 call chain", lambda: compile("f" + "()" * 100000, "s", "eval"))
attempt("100 additions", lambda: eval("+".join(["1"] * 100)))
attempt("1000 lambdas", lambda: eval("lambda: " * 1000 + "1") is not None)
print("still alive", sum(range(10)))
