# str strip/lstrip/rstrip, center/ljust/rjust/zfill, expandtabs, removeprefix/removesuffix.
tests = ["  padded  ", "\t\n text \r\n", "xxhixx", "", "   ", "\u3000wide\u3000", "\x1c\x1dsep\x1e\x1f"]
for t in tests:
    print(repr(t), repr(t.strip()), repr(t.lstrip()), repr(t.rstrip()), repr(t.strip("x")), repr(t.strip(" x\t")))
print("www.example.com".strip("cmowz."), "abcba".strip("ab"), "aaa".lstrip("a"), "xyz".rstrip(""), "abc".strip(None))
for w in [0, 3, 8, 9]:
    print(w, repr("abc".center(w)), repr("abc".center(w, "*")), repr("ab".center(w, "-")), repr("abc".ljust(w, ".")), repr("abc".rjust(w, "0")))
print("42".zfill(5), "-42".zfill(5), "+42".zfill(5), "abc".zfill(6), "".zfill(3), "-".zfill(4), "12345".zfill(3), "+-1".zfill(6))
print(repr("a\tb\tc".expandtabs()), repr("a\tb".expandtabs(4)), repr("12345\t6".expandtabs(4)), repr("\t".expandtabs(0)), repr("x\ny\tz".expandtabs(3)))
print("prefix_body".removeprefix("prefix_"), "prefix_body".removeprefix("body"), "file.txt".removesuffix(".txt"), "file.txt".removesuffix(""), "aa".removeprefix("a"))
for bad in [lambda: "x".center(5, "ab"), lambda: "x".ljust(5, ""), lambda: "x".strip(1), lambda: "x".zfill("5"), lambda: "x".center()]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
print("é".center(5, "é"), "😀".rjust(3, "·"), "tab\there".expandtabs(1), "ab".ljust(-1))
