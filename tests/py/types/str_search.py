# str searching: find/rfind/index/rindex/count/startswith/endswith/in.
s = "the quick brown fox jumps over the lazy dog the end"
for sub in ["the", "fox", "cat", "", " ", "e", "dog the", "THE"]:
    print(repr(sub), s.find(sub), s.rfind(sub), s.count(sub), sub in s, s.startswith(sub), s.endswith(sub))
print(s.find("the", 1), s.find("the", 1, 30), s.rfind("the", 0, 40), s.find("the", -10), s.rfind("e", -5, -1))
print(s.count("e", 10), s.count("e", 10, 20), s.count("", 5, 8), "aaaa".count("aa"), "".count(""), "abc".count("", 10))
print(s.index("quick"), s.rindex("the"), s.index("o", 15), s.rindex("o", 0, 20))
for args in [("cat",), ("the", 40, 45), ("z",)]:
    try:
        s.index(*args)
    except ValueError as e:
        print("index ValueError:", e)
    try:
        s.rindex(*args)
    except ValueError as e:
        print("rindex ValueError:", e)
print(s.startswith(("a", "the")), s.endswith(("end", "x")), s.startswith("quick", 4), s.endswith("the", 0, 34))
print("abc".startswith(""), "abc".endswith("", 3), "abc".startswith("", 4), "abc".find("", 3), "abc".find("", 4))
try:
    s.startswith(["the"])
except TypeError as e:
    print("TypeError:", e)
try:
    s.find(1)
except TypeError as e:
    print("TypeError:", e)
try:
    1 in s
except TypeError as e:
    print("TypeError:", e)
u = "naïve café ñandú 😀 end"
print(u.find("é"), u.find("😀"), u.rfind("n"), u.count("a"), u.index("end"), len(u))
print("mississippi".find("ss"), "mississippi".rfind("ss"), "mississippi".count("ss"), "mississippi".count("i", 2, -2))
print("abcabc".find("c", -1), "abcabc".find("c", -100, 3), "abcabc".rfind("a", 10), "abc".find("b", None, None))
