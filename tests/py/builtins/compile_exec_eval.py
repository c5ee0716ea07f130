# compile, exec and eval with explicit globals/locals.
print(eval("1 + 2 * 3"), eval("x * 2", {"x": 21}), eval("x + y", {"x": 1}, {"y": 2}), eval("len('abc')"))
g = {}
exec("a = 5\ndef f(n):\n    return n + a\nb = f(10)", g)
print(g["a"], g["b"], g["f"](1), "__builtins__" in g, sorted(k for k in g if k != "__builtins__"))
loc = {}
exec("z = 3\nw = z * 2", {}, loc)
print(loc)
code = compile("result = sum(range(n))", "<generated>", "exec")
ns = {"n": 10}
exec(code, ns)
print(ns["result"], code.co_filename, code.co_name, type(code).__name__)
expr = compile("a * b", "<expr>", "eval")
print(eval(expr, {"a": 6, "b": 7}), expr.co_names)
single = compile("print('single mode', 1 + 1)", "<single>", "single")
exec(single)
exec(compile("42", "<s>", "single"))
exec(compile("None", "<s>", "single"))
exec(compile("x = 1", "<s>", "single"), {})
print(eval("(lambda q: q ** 2)(9)"), eval("[i for i in range(3)]"), eval("{'k': v}", {"v": 1}))
for src, mode in [("1 +", "eval"), ("def", "exec"), ("x = 1", "eval"), ("return 1", "exec"), ("a b", "eval"), ("1\n2", "single")]:
    try:
        compile(src, "<bad>", mode)
    except SyntaxError as e:
        print("SyntaxError:", e.msg, "|", e.filename, e.lineno, e.offset, repr(e.text))
try:
    compile("1", "<m>", "badmode")
except ValueError as e:
    print("ValueError:", e)
try:
    eval("undefined_name")
except NameError as e:
    print("NameError:", e)
try:
    eval("1/0")
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(eval("__builtins__ is not None"), eval("abs(-1)", {"__builtins__": {"abs": abs}}))
try:
    eval("len('x')", {"__builtins__": {}})
except NameError as e:
    print("NameError:", e)
def scope():
    local_var = "local"
    return eval("local_var"), eval("local_var + '!'", globals(), {"local_var": "override"})
print(scope())
exec("import math as m_alias", g)
print(g["m_alias"].pi)
print(eval(b"1 + 1"), eval("  \t 3 * 3"), eval("1 +\\\n 1"))
try:
    eval(" 1\n2")
except SyntaxError as e:
    print("SyntaxError:", e.msg)
class Mapping:
    def __getitem__(self, k):
        if k == "magic":
            return 99
        raise KeyError(k)
print(eval("magic + 1", {}, Mapping()))
src = "def gen():\n    yield from range(3)\nout = list(gen())"
d = {}
exec(src, d)
print(d["out"])
import ast
tree = ast.parse("x = 1 + 2")
print(type(tree).__name__, eval(compile(ast.Expression(ast.parse("40 + 2", mode="eval").body), "<ast>", "eval")))
exec(compile(tree, "<ast>", "exec"), d)
print(d["x"])
print(compile("a = 1", "f", "exec", dont_inherit=True).co_filename, eval(compile("7", "f", "eval", optimize=2)))
