# open() for reading (this script itself), io.StringIO / io.BytesIO.
import io, os
with open(os.path.basename(__file__), encoding="utf-8") as f:
    first = f.readline()
    f.seek(0)
    lines = f.readlines()
    print(repr(first), f.closed, f.mode, f.name, len(lines) > 10)
print(f.closed)
try:
    f.read()
except ValueError as e:
    print("ValueError:", e)
with open(os.path.basename(__file__), "rb") as fb:
    head = fb.read(9)
    print(head, type(head).__name__, fb.tell())
try:
    open("definitely_missing_file.txt")
except FileNotFoundError as e:
    print("FileNotFoundError:", e.errno, e.strerror, e.filename)
try:
    open(os.path.basename(__file__), "rz")
except ValueError as e:
    print("ValueError:", e)
s = io.StringIO()
s.write("alpha\n")
s.write("beta\n")
print(s.tell(), repr(s.getvalue()))
s.seek(0)
print(s.readline(), end="")
print(list(s))
b = io.BytesIO(b"\x00\x01binary")
print(b.read(2), b.read(), b.getvalue(), b.seek(0, 2), b.tell())
t = io.TextIOWrapper(io.BytesIO("é\nline2\n".encode("utf-8")), encoding="utf-8")
print(t.readlines())
sio = io.StringIO("a,b\nc,d\n")
print([line.rstrip("\n").split(",") for line in sio])
print(isinstance(s, io.TextIOBase), isinstance(b, io.BufferedIOBase), s.readable(), s.writable(), s.seekable())
s.close()
try:
    s.write("x")
except ValueError as e:
    print("ValueError:", e)
