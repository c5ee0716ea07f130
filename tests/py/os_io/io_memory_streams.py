# StringIO / BytesIO / TextIOWrapper over BytesIO / IncrementalNewlineDecoder.
import io
s = io.StringIO()
print(s.write("hello\n"), s.write("world"), s.tell(), repr(s.getvalue()))
s.seek(0)
print(repr(s.readline()), repr(s.read(2)), repr(s.read()), s.readable(), s.seekable())
s = io.StringIO("abc")
s.seek(10)
s.write("Z")
print(repr(s.getvalue()))
s = io.StringIO(newline=None)
s.write("a\r\nb\rc\n")
print(repr(s.getvalue()), s.newlines)
print(io.StringIO("a\r\nb", newline="").readlines(), repr(io.StringIO(newline="\r\n").getvalue()))
s = io.StringIO(newline="\r\n")
s.write("x\ny")
print(repr(s.getvalue()))
for bad in [lambda: io.StringIO(b"x"), lambda: io.StringIO(newline="x"), lambda: io.StringIO().write(1)]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
b = io.BytesIO(b"abc\ndef\n")
print(list(b), b.getvalue(), b.tell(), b.seek(1), b.read(2), b.seek(0, 2))
b = io.BytesIO()
b.write(b"12345")
b.seek(10)
b.write(b"x")
print(b.getvalue(), b.truncate(3), b.getvalue(), b.tell())
print(repr(io.BytesIO(b"ab").read(10)), io.BytesIO(b"abc").readline(2), io.BytesIO(b"a\nb").readlines())
ba = bytearray(3)
print(io.BytesIO(b"xyz!").readinto(ba), ba)
tw = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\r\n")
tw.write("a\nb\n")
tw.flush()
print(tw.buffer.getvalue())
tw = io.TextIOWrapper(io.BytesIO(b"x\r\ny\rz\n"))
print(tw.readlines(), tw.newlines, tw.encoding)
tw = io.TextIOWrapper(io.BytesIO("héllo\nwörld".encode()), encoding="utf-8")
print(repr(tw.read(3)), repr(tw.readline()), repr(tw.read()))
d = io.IncrementalNewlineDecoder(None, translate=True)
print(repr(d.decode("a\r")), repr(d.decode("\nb\r", final=True)), d.newlines, d.getstate())
with io.StringIO() as buf:
    print("into", "buffer", sep="|", file=buf)
    print(repr(buf.getvalue()))
print(buf.closed)
print(io.DEFAULT_BUFFER_SIZE, issubclass(io.UnsupportedOperation, OSError), issubclass(io.UnsupportedOperation, ValueError))
print(isinstance(io.StringIO(), io.TextIOBase), isinstance(io.BytesIO(), io.BufferedIOBase), isinstance(io.StringIO(), io.IOBase))
class Upper(io.StringIO):
    def write(self, s):
        return super().write(s.upper())
u = Upper()
print("shout", file=u)
print(repr(u.getvalue()))
class Raw(io.RawIOBase):
    def __init__(self, data):
        self.data = data
    def readable(self):
        return True
    def readinto(self, b):
        n = min(len(b), len(self.data))
        b[:n] = self.data[:n]
        self.data = self.data[n:]
        return n
br = io.BufferedReader(Raw(b"line1\nline2\n"))
print(br.readline(), br.read())
print(io.TextIOWrapper(io.BufferedReader(Raw(b"t1\nt2\n"))).readlines())
