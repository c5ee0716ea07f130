# open() in every mode, text/binary layers, newline handling, tell/seek, errors.
import io, os
d = f"/tmp/pyrite_os_io_{os.getpid()}"
os.mkdir(d)
fn = os.path.join(d, "t.txt")
with open(fn, "w") as f:
    print(type(f).__name__, type(f.buffer).__name__, type(f.buffer.raw).__name__, f.mode, f.closed, f.line_buffering)
    n = f.write("hello\nwörld\n")
    f.writelines(["a\n", "b\n"])
    print(n, f.tell())
print(f.closed)
with open(fn) as f:
    print(repr(f.read()))
with open(fn) as f:
    print([line for line in f])
with open(fn, "rb") as f:
    print(f.read(3), f.peek(2)[:2], f.readline(), f.tell(), f.read())
with open(fn, "a") as f:
    f.write("app\n")
with open(fn, "r+") as f:
    print(repr(f.readline()), f.tell())
    f.seek(0)
    f.write("J")
    f.seek(0)
    print(repr(f.read()))
with open(fn, "rb+") as f:
    f.seek(2)
    f.write(b"ZZ")
    f.seek(0)
    print(f.read())
with open(fn, "w", newline="") as f:
    f.write("a\r\nb\rc\n")
with open(fn, newline="") as f:
    print(f.readlines())
with open(fn) as f:
    print(f.readlines(), f.newlines)
with open(fn, "w", newline="\r\n") as f:
    f.write("x\ny\n")
with open(fn, "rb") as f:
    print(f.read())
with open(fn, "w", encoding="latin-1") as f:
    f.write("é")
with open(fn, "rb") as f:
    print(f.read())
with open(fn, encoding="latin-1") as f:
    print(f.read(), f.encoding)
data = "".join(f"línea {i} ü€😀\r\n" if i % 3 == 0 else f"line {i}\n" if i % 3 == 1 else f"row {i}\r" for i in range(2000))
with open(fn, "w", newline="") as f:
    f.write(data)
for nl in [None, "", "\n", "\r", "\r\n"]:
    with open(fn, newline=nl) as f:
        lines = f.readlines()
        print(repr(nl), len(lines), repr(lines[:3]), repr(lines[-1]))
with open(fn) as f:
    sizes = []
    while True:
        c = f.read(777)
        if not c:
            break
        sizes.append(len(c))
    print(sum(sizes), sizes[:3], sizes[-1])
with open(fn, newline="") as f:
    marks = []
    for i in range(40):
        f.readline()
        marks.append(f.tell())
    f.seek(marks[20])
    print(repr(f.readline()))
    f.read(5000)
    t = f.tell()
    x = f.read(20)
    f.seek(t)
    print(x == f.read(20))
with open(fn) as f:
    print(repr(f.readline(5)), repr(f.readline(3)), repr(f.readline(100)))
with open(fn, "w+") as f:
    f.write("hello world\n")
    f.seek(0)
    print(f.read(5), f.tell())
with open(fn, "rb") as f:
    b = bytearray(4)
    print(f.readinto(b), b, f.read1(3), f.seekable(), f.seek(-2, 2), f.read())
for args in [(fn, "x"), ("/nonexistent/dir/x",), (fn, "rw"), (fn, "rb", -1, "utf-8"), (d,)]:
    try:
        open(*args)
    except (OSError, ValueError) as e:
        print(type(e).__name__, str(e).replace(d, "D"))
f = open(fn)
f.close()
try:
    f.read()
except ValueError as e:
    print(e)
try:
    open(fn).seek(1, 1)
except io.UnsupportedOperation as e:
    print("UnsupportedOperation:", e)
with open(fn, "w") as f:
    for i in range(3):
        print(i, "printed", file=f)
print(open(fn).read().splitlines())
os.remove(fn)
os.rmdir(d)
print(os.path.exists(d))
