# print with sep/end/file/flush, and output to stderr after stdout.
import sys, io
print()
print("a", "b", "c")
print("a", "b", "c", sep="")
print("a", "b", "c", sep=", ", end=".\n")
print("no newline", end="")
print(" continued")
print(1, 2.5, None, True, [1], (2,), {"k": 3}, sep="|")
print(*range(5))
print(*"abc", sep="-", end="!\n")
print("x", sep=None, end=None)
print("flush", flush=True)
buf = io.StringIO()
print("into", "buffer", sep="_", file=buf)
print("second", file=buf, end="")
print(repr(buf.getvalue()))
print("to stdout explicitly", file=sys.stdout)
print("", end="")
print("multi\nline\ttab")
print("unicode: é 日本 😀")
class S:
    def __str__(self):
        return "custom __str__"
print(S(), [S()].__len__())
for bad in [dict(sep=1), dict(end=2), dict(file=1), dict(flush="x", file=None)]:
    try:
        print("x", **bad)
    except (TypeError, AttributeError) as e:
        print(type(e).__name__ + ":", e)
print(None, file=None)
sys.stdout.write("write returns length: ")
n = sys.stdout.write("abc\n")
print(n)
sys.stdout.flush()
print("stderr line 1", file=sys.stderr)
sys.stderr.write("stderr line 2\n")
print("last", "line", sep="\t", end="\n\n")
