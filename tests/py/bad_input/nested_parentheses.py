# Deeply nested brackets: the parser's limit gives "too many nested parentheses".
from _common import attempt
attempt("100000 parens", lambda: compile("(" * 100000 + ")" * 100000, "s", "eval"))
attempt("100000 parens around 1", lambda: compile("(" * 100000 + "1" + ")" * 100000, "s", "eval"))
attempt("199 parens", lambda: eval("(" * 199 + "1" + ")" * 199))
attempt("200 parens", lambda: eval("(" * 200 + "1" + ")" * 200))
attempt("150 lists", lambda: len(str(eval("[" * 150 + "]" * 150))))
attempt("1000 lists", lambda: eval("[" * 1000 + "]" * 1000))
attempt("1000 dicts", lambda: compile("{1:" * 1000 + "1" + "}" * 1000, "s", "eval"))
attempt("1000 calls", lambda: compile("f(" * 1000 + ")" * 1000, "s", "eval"))
attempt("100000 open only", lambda: compile("(" * 100000, "s", "eval"))
attempt("100000 close only", lambda: compile(")" * 100000, "s", "eval"))
try:
    compile("(" * 100000 + ")" * 100000, "nest", "eval")
except SyntaxError as e:
    print(e.msg, e.filename, e.lineno, e.offset)
