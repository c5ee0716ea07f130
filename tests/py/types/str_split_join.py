# str split/rsplit/splitlines/partition/rpartition/join.
tests = ["a,b,,c", " a  b   c ", "", "   ", "one", "a,b,c,d,e", "\tx\ny\x0bz\x0cw\x1cq\u2028r"]
for t in tests:
    print(repr(t), t.split(), t.split(","), t.split(",", 1), t.rsplit(",", 1), t.split(None, 1), t.rsplit(None, 1))
print("a b c".split(" ", 0), "a b c".split(maxsplit=-1), "a b c".rsplit(maxsplit=1), "a--b--c".split("--"))
print("aaa".split("a"), "abcabc".split("bc"), "x".split("x"), "ab".rsplit("b"), "1,2,3".rsplit(",", maxsplit=5))
try:
    "abc".split("")
except ValueError as e:
    print("ValueError:", e)
lines = "first\nsecond\r\nthird\rfourth\x0bfifth\x0csixth\x1cseventh\x1deighth\x1eninth\x85tenth\u2028eleventh\u2029twelfth\n"
print(lines.splitlines())
print(lines.splitlines(keepends=True))
print("".splitlines(), "\n".splitlines(), "a\n\nb".splitlines(), "no newline".splitlines(True), "x\r\n".splitlines(True))
for sep in ["=", "==", "x", "a"]:
    print(repr(sep), "k=v=w".partition(sep), "k=v=w".rpartition(sep), "a==b".partition(sep))
try:
    "abc".partition("")
except ValueError as e:
    print("ValueError:", e)
print(",".join(["a", "b", "c"]), "".join([]), "-".join("abc"), " ".join(("x",)), ", ".join(map(str, range(5))))
print("->".join({"k1": 1, "k2": 2}), "".join(c.upper() for c in "gen"), "ab".join("123"))
for bad in [[1, 2], ["a", None], [b"x"]]:
    try:
        ",".join(bad)
    except TypeError as e:
        print("TypeError:", e)
csv = "name,age,city\nAnn,30,Paris\nBob,25,Rome"
rows = [line.split(",") for line in csv.splitlines()]
print(rows, [dict(zip(rows[0], r)) for r in rows[1:]])
print("  a b  ".split(" "), "a\u3000b".split(), "a\xa0b".split(), "a\u200bb".split())
