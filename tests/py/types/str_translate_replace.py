# str.replace, maketrans and translate.
s = "banana bandana"
print(s.replace("an", "AN"), s.replace("an", "AN", 2), s.replace("an", "", -1), s.replace("", "-"), s.replace("", "|", 3))
print(s.replace("x", "y"), "aaa".replace("a", "aa"), "".replace("", "x"), "abc".replace("abc", ""), s.replace("a", "o", 0))
t = str.maketrans("abc", "xyz")
print(sorted(t.items()), "aabbcc".translate(t), "cab".translate(t))
t2 = str.maketrans({"a": "1", "b": None, ord("c"): "333"})
print(sorted(t2.items()), "abcabc".translate(t2))
t3 = str.maketrans("ab", "AB", "xyz")
print(sorted(t3.items()), "axbycz".translate(t3))
print("hello".translate({ord("l"): None, ord("o"): ord("0")}), "hello".translate({}), "é".translate({233: "e"}))
class Mapper:
    def __getitem__(self, k):
        if k == ord("a"):
            return "<A>"
        raise LookupError
print("banana".translate(Mapper()))
for bad in [lambda: str.maketrans("ab", "c"), lambda: str.maketrans({"ab": 1}), lambda: str.maketrans(1),
            lambda: "a".translate({97: 1.5}), lambda: "x".replace(1, "y")]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)
rot13 = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "NOPQRSTUVWXYZABCDEFGHIJKLMnopqrstuvwxyzabcdefghijklm")
print("Hello, World!".translate(rot13), "Hello, World!".translate(rot13).translate(rot13))
print("tab\tsep".replace("\t", "    "), "a.b.c".replace(".", "", 1), "😀x😀".replace("😀", ":)"))
