# Structural compiler limits and invalid compile() arguments.
from _common import attempt
def nested_for(k):
    return "\n".join(" " * i + f"for x{i} in y:" for i in range(k)) + "\n" + " " * k + "pass"
attempt("20 nested for", lambda: compile(nested_for(20), "s", "exec"))
attempt("21 nested for", lambda: compile(nested_for(21), "s", "exec"))
attempt("100 nested if", lambda: compile("\n".join(" " * i + "if x:" for i in range(100)) + "\n" + " " * 100 + "pass", "s", "exec"))
attempt("99 nested if", lambda: compile("\n".join(" " * i + "if x:" for i in range(98)) + "\n" + " " * 98 + "pass", "s", "exec"))
attempt("100000 statements", lambda: compile("x = 1\n" * 100000, "s", "exec"))
attempt("long identifier", lambda: eval("a" * 100000, {"a" * 100000: 7}))
attempt("255 arguments", lambda: eval("(lambda " + ",".join(f"a{i}" for i in range(300)) + ": a299)(" + ",".join(["1"] * 300) + ")"))
attempt("big int literal", lambda: len(str(eval("1" + "0" * 4000))))
attempt("too big int literal", lambda: eval("1" + "0" * 5000))
attempt("flags", lambda: compile("x", "s", "exec", flags=12345678))
attempt("type", lambda: compile(123, "s", "exec"))
attempt("mode", lambda: compile("x", "s", "run"))
attempt("filename type", lambda: compile("x", 5, "exec"))
attempt("CR line endings", lambda: eval(compile("x = 1\ry = 2\rz = x + y\r", "s", "exec") and "'ok'"))
ns = {}
exec("a = 1\r\nb = 2\rc = a + b\n", ns)
print(ns["c"])
attempt("form feed indent", lambda: compile("if 1:\n\x0c    x = 1\n", "s", "exec"))
attempt("tabs", lambda: compile("if 1:\n\tx = 1\n\ty = 2\n", "s", "exec"))
