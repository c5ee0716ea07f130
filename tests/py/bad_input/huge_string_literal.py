# A 10 MB string literal compiled, evaluated and executed.
import hashlib
n = 10_000_000
src = 's = "' + "ab" * (n // 2) + '"\nlength = len(s)\n'
ns = {}
exec(compile(src, "big", "exec"), ns)
print(ns["length"], ns["s"][:6], ns["s"][-6:], hashlib.sha256(ns["s"].encode()).hexdigest()[:16])
v = eval("'" + "x" * n + "'")
print(len(v), v.count("x"), v == "x" * n)
b = eval("b'" + "\\x00" * (n // 4) + "'")
print(len(b), b.count(0))
t = eval('"""' + "line\n" * (n // 5) + '"""')
print(len(t), t.count("\n"), t.splitlines()[-1])
u = eval("'" + "é" * (n // 10) + "'")
print(len(u), len(u.encode()))
