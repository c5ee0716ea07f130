# Source bytes that are not valid UTF-8 (or that contradict their coding cookie).
from _common import attempt
cases = [
    b"x = '\xff'",
    b"\xc3\x28 = 1",
    b"s = 'ok'\nt = '\xe2\x82'\n",
    b"# comment with \xff byte\nx = 1\n",
    b"x = 1 # trailing \xfe\n",
    b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",
    b"# coding: ascii\nx = '\xc3\xa9'\n",
    b"# coding: nope\nx = 1\n",
    b"\xef\xbb\xbf# coding: latin-1\nx = 1\n",
    b"\xef\xbb\xbfx = '\xc3\xa9'\n",
    b"u = '\xed\xa0\x80'\n",
    b"x = '\xf4\x90\x80\x80'\n",
]
for i, src in enumerate(cases):
    attempt(f"case {i}", lambda: compile(src, f"utf8case{i}", "exec"))
ns = {}
exec(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n", ns)
print(repr(ns["x"]), len(ns["x"]))
exec(b"\xef\xbb\xbfy = '\xc3\xa9'\n", ns)
print(repr(ns["y"]))
attempt("str with lone surrogate", lambda: compile("x = '\ud800'", "s", "exec"))
attempt("identifier with surrogate", lambda: compile("\ud800 = 1", "s", "exec"))
attempt("decode", lambda: b"\xff".decode("utf-8"))
