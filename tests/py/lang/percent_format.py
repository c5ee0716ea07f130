# printf-style % formatting for str and bytes.
print("%d %i %u" % (42, -7, 3))
print("%5d|%-5d|%05d|%+d|% d" % (42, 42, 42, 42, 42))
print("%x %X %#x %#X %o %#o" % (255, 255, 255, 255, 8, 8))
print("%f %.2f %10.3f %-10.1f| %e %E %.3g %G" % (3.14159, 3.14159, 3.14159, 3.14159, 12345.678, 0.00012, 1234567, 1e-10))
print("%s %r %a %c %c %%" % ("str", "str", "é", 65, "z"))
print("%(name)s is %(age)d years" % {"name": "Bob", "age": 30})
print("%*d|%-*d|%.*f" % (6, 1, 6, 2, 2, 3.14159))
print("%s" % (1,), "%s" % [1, 2], "%s" % ((1, 2),), "%r" % None, "%s %s" % (True, None))
print("%5s|%-5s|%.2s|%5.1s|" % ("abc", "abc", "abc", "abc"))
print("%d" % 3.99, "%d" % -3.99, "%i" % True, "%x" % 2 ** 70, "%o" % -8, "%e" % 0)
print("%.0f %.0f %.0f %.1f" % (0.5, 1.5, 2.5, 0.05))
print(b"%s %d %x %c %r" % (b"bytes", 5, 255, 65, b"q"), b"%b|%5s" % (b"x", b"ab"))
print("%-8s|%8s|" % ("left", "right"), "%08.3f" % -3.5, "%+.1e" % 12345.0)
print("%c" % 0x1F600, "%s" % "😀", len("%c" % 0x1F600))
errors = [
    lambda: "%d" % "str",
    lambda: "%s %s" % ("one",),
    lambda: "%s" % ("a", "b"),
    lambda: "%z" % 1,
    lambda: "%(key)s" % {"other": 1},
    lambda: "%c" % "ab",
    lambda: "%c" % -1,
    lambda: "%d %(x)s" % (1,),
    lambda: "%" % (),
    lambda: b"%s" % "str",
    lambda: "%x" % 1.5,
    lambda: "%(a)s" % (1,),
]
for e in errors:
    try:
        print(e())
    except Exception as ex:
        print(type(ex).__name__ + ":", ex)
print("%s" % {"a": 1}, "%(a)s %(a)r" % {"a": "x"}, "no format" % ())
print("%.3s|%10.4f|%-+6d|" % ("abcdef", 2.0 / 3, 5))
print("%5.1f%%" % 99.44, "%g %g %g %g" % (100000, 1000000, 0.0001, 0.00001))
