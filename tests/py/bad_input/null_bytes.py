# Source containing NUL bytes: rejected with "source code string cannot contain null bytes".
# CPython 3.11 raised ValueError up to 3.11.3 and SyntaxError from 3.11.4 on, so only the
# message and "one of the two" are printed.
def check(label, fn):
    try:
        fn()
        print(label, "no error")
    except (SyntaxError, ValueError) as e:
        print(label, "|", isinstance(e, (SyntaxError, ValueError)), "|", e.args[0] if e.args else e)
check("compile str", lambda: compile("x = 1\0", "s", "exec"))
check("compile bytes", lambda: compile(b"x = 1\0", "s", "exec"))
check("exec str", lambda: exec("\0"))
check("eval str", lambda: eval("1\0"))
check("eval bytes", lambda: eval(b"1 + \0 2"))
check("compile middle", lambda: compile("a = 1\nb = '\0'\n", "s", "exec"))
print(eval("'\\0'") == "\0", len(eval("'\\x00\\x00'")), repr(eval("b'\\0'")))
ns = {}
exec("z = '\\0' * 3", ns)
print(repr(ns["z"]))
