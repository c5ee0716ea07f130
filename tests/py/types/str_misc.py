# str construction, operators, iteration, repr, comparisons, and a few remaining methods.
print(str(), str(123), str(1.5), str([1, "a"]), str(b"x"), str(None), str(str), str(object)[:14])
print("ab" + "cd", "ab" * 3, "-" * 10, "abc" < "abd", "Z" < "a", "a" in "cat", "" in "", len(""))
print(list("héllo"), tuple("ab"), sorted("banana"), set("aab") == {"a", "b"}, max("hello"), min("hello"))
print([c for c in "ab😀"], len("ab😀"), "ab😀"[-1], "ab😀".encode())
print(repr("'"), repr('"'), repr("'\""), repr("\\"), repr("\n"), repr("\x00"), repr("\u00ff"), repr("\u0100"))
print(repr("\U0010ffff"), repr("\x9f"), repr("\u2028"), repr("\ufeff"), repr("a\u0300"), ascii("ÿ\u0100\U00010000"))
print("%s" % "x", "{}".format("y"), "abc".__len__(), "abc".__contains__("b"), "abc".__getitem__(1))
print("abc".__add__("d"), "ab".__mul__(2), "ab".__rmul__(2), "a".__eq__("a"), "a".__lt__("b"), "a".__ne__(1))
print(str.join(",", "ab"), str.upper("x"), "a".__class__.__name__, type("a") is str, isinstance("a", str))
print("The {} is {:d}".format("answer", 42), "{0:>{1}}".format("x", 5), "{a}-{b}".format_map({"a": 1, "b": 2}))
class Default(dict):
    def __missing__(self, key):
        return "<" + key + ">"
print("{x} and {y}".format_map(Default(x=1)))
print("aBc".swapcase(), "hello"[1:3].upper(), "Hello"[::-1].lower(), "abc" * 0 == "", "x".join(["1", "2"]).split("x"))
print(str(b"bytes", "ascii"), str(b"\xff", "ascii", "replace"), str(bytearray(b"ba"), "utf-8"))
try:
    str(b"x", 5)
except TypeError as e:
    print("TypeError:", e)
try:
    "a" + 1
except TypeError as e:
    print("TypeError:", e)
try:
    "a" * "b"
except TypeError as e:
    print("TypeError:", e)
try:
    s0 = "abc"
    s0[5]
except IndexError as e:
    print("IndexError:", e)
try:
    "abc"[1] = "x"
except TypeError as e:
    print("TypeError:", e)
try:
    key = "x"
    "abc"[key]
except TypeError as e:
    print("TypeError:", e)
class S(str):
    def shout(self):
        return self.upper() + "!"
s = S("hey")
print(s.shout(), type(s + "x").__name__, type(s.upper()).__name__, s == "hey", repr(s), isinstance(s, str), s[0:1])
print(hash("abc") == hash("abc"), "abc".__hash__() == hash("abc"), str.__name__, str.__mro__)
print("\n".join(["multi", "line"]), "a\tb".expandtabs(2), "x".center(3, "*").encode())
print("%-5s|" % "ab", "%5s|" % "ab", "{:<5}|".format("ab"), "ab".ljust(5) + "|")
print("1" + "2" * 2 + "3", int("1" + "0" * 20) // 10 ** 19, str(10 ** 20).count("0"), "".join(reversed("stressed")))
