# f-strings: expressions, conversions, format specs, nesting, '=' specifier.
name = "World"
n = 42
pi = 3.14159265
items = ["a", "b"]
d = {"key": "value"}
print(f"Hello, {name}!", f"{n + 1}", f"{n * 2:>8}", f"{pi:.3f}", f"{pi:10.2e}")
print(f"{name!r}", f"{name!s}", f"{'café'!a}", f"{items!r:>15}", f"{d['key']}", f"{items[-1]}")
print(f"{{literal}}", f"{{{n}}}", f"{'{'}", f"a{'}'}b")
width, prec = 12, 4
print(f"[{pi:{width}.{prec}f}]", f"[{name:^{width}}]", f"[{n:{'0'}{width}d}]")
print(f"{n=}", f"{n = }", f"{pi=:.2f}", f"{name=!s}", f"{items[0]=}", f"{1 + 1=}")
print(f"{'nested ' + f'{n:x}'}", f"{str(n)[::-1]}", f"""{f'{n:>{width}}'}""")
print(f"{n:b} {n:o} {n:x} {n:X} {n:#b} {n:#o} {n:#x} {n:,} {10**7:_} {n:c}")
print(f"{-n:+} {n:+} {n: } {-n: } {n:08.2f} {-pi:010.3f} {1e10:g} {1e-10:g} {123456789:e}")
print(f"{0.5:%} {0.25:.0%} {1/3:.2%} {2.5:.0f} {3.5:.0f} {1234.5:,.1f}")
print(f"{'left':<10}|{'right':>10}|{'mid':^10}|{'fill':*^10}|{'z':_<3}")
print(f"{n!r:>5}", f"{'x'!r:^7}", f"{3.0!s}", f"{None}", f"{True}", f"{b'bytes'}")
import datetime
dt = datetime.date(2024, 3, 9)
print(f"{dt:%Y/%m/%d}", f"{dt}", f"{dt!r}")
print(f"{(lambda x: x * 2)(3)}", f"{[i for i in range(3)]}", f"{ {'a': 1}['a'] }", f"{(1, 2)}")
print(f"{n if n > 10 else 0}", f"{'yes' if items else 'no'}", f"{n:{'>' if n else '<'}6}")
multi = f"""line1 {n}
line2 {name.upper()}"""
print(multi)
print(f"{'tab'}\t{'newline'}\\n", rf"raw \n {n}", fr"{name}\t")
class Fmt:
    def __format__(self, spec):
        return f"Fmt({spec!r})"
    def __repr__(self):
        return "Fmt-repr"
    def __str__(self):
        return "Fmt-str"
o = Fmt()
print(f"{o}", f"{o:custom spec}", f"{o!r}", f"{o!s}", f"{o!r:>10}", format(o, "x"))
print(f"{3:{'>'}{5}}", f"{'abc':.{2}}", f"{1234567.891:_.2f}", f"{-0.0:+.1f}", f"{float('nan'):>6}")
print(f"{n}" "plain" f"{n}", "con" f"cat{n}")
