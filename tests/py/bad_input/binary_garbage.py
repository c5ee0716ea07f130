# compile()/exec() of binary garbage must raise SyntaxError, never crash.
from _common import attempt
garbage = [
    bytes(range(1, 256)),
    bytes((i * 37 + 11) % 256 or 1 for i in range(500)),
    bytes((i * i * 7 + 3) % 251 or 1 for i in range(2000)),
    b"\x7fELF\x02\x01\x01" + bytes(range(1, 60)),
    b"\x89PNG\r\n\x1a\n" + b"\x01\x02" * 50,
    "".join(chr(0x2500 + i) for i in range(64)).encode(),
    b"\xff\xfe" + "print(1)".encode("utf-16-le").replace(b"\x00", b"\x01"),
]
for i, g in enumerate(garbage):
    attempt(f"compile #{i}", lambda: compile(g, f"garbage{i}", "exec"))
    attempt(f"exec #{i}", lambda: exec(g, {}))
    attempt(f"eval #{i}", lambda: eval(g.decode("latin-1"), {}))
for src in ["\x01", "x = \x1b[31m", "\u00a0x = 1", "x = 1 \u200b", "\x0c\x0cx = 1", "def f(:\n", "@@@", "'''", "\\", "x = \\\n"]:
    attempt(repr(src), lambda: compile(src, "s", "exec"))
try:
    compile(bytes(range(1, 256)), "g", "exec")
except SyntaxError as e:
    print(e.msg, e.filename, e.lineno, e.offset)
