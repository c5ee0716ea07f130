# str objects through the C API (_capi_unicode).
import _capi_unicode as m

from _check import raises

assert m.inspect("abc") == (1, 3, 1, [97, 98, 99])
assert m.inspect("") == (1, 0, 1, [])
assert m.inspect("é!") == (1, 2, 0, [233, 33])
assert m.inspect("h€") == (2, 2, 0, [104, 0x20AC])
assert m.inspect("a\U0001F600") == (4, 2, 0, [97, 0x1F600])
class S(str):
    pass
assert m.inspect(S("xy")) == (1, 2, 1, [120, 121])
assert m.read_char("h€llo", 1) == (0x20AC, 0x20AC)
raises(IndexError, m.read_char, "abc", 5)
assert m.utf8("héllo") == ("héllo".encode(), 1, 1)
assert m.utf8("plain") == (b"plain", 1, 1)
raises(TypeError, m.utf8, 5)
print("pep 393 ok")

assert m.build() == ("plain", "abc", "H€世", "\U0001F600A", "été", "☺", "wéde", "café", "été")
assert m.fill(4, 0x263A) == "a☺c☺"
assert m.fill(3, 120) == "axc"
assert m.fill(0, 65) == ""
s = m.fill(5, 0x10000)
assert s == "a\U00010000c\U00010000e" and len(s) == 5
assert m.resize(2) == "xy"
assert m.resize(5) == "xyz\0\0"
print("construction ok")

assert m.codecs("héllo") == (b"h\xc3\xa9llo", b"h\xe9llo", b"h?llo", "Aé")
e = raises(UnicodeEncodeError, m.ascii_encode, "é")
assert e.start == 0 and e.end == 1
raises(UnicodeDecodeError, m.decode_bad)
print("codecs ok")

assert m.ops("ab", "-") == ("ab-", ["ab", ""], "ab-", 1, 1, 2, 1, "abab", "b-", 1)
assert m.compare_ascii("abc", "abc") == (0, 1)
assert m.compare_ascii("abd", "abc") == (1, 0)
assert m.compare_ascii("ab", "abc") == (-1, 0)
assert m.append("foo", "bar") == "foobar"
raises(TypeError, m.append, "foo", 3)
assert m.interned() is True
print("operations ok")

r = m.fmt([1, "é"], "ü").split("|")
assert r[:10] == ["txt", "-42", "123456789012", "-7", "42", "99", "5", "ff", "☺", "   12"], r
assert r[11:14] == ["abc", "00042", "%"], r
assert r[10] in ("ab   ", "   ab")
assert r[14:] == ["ü", "[1, 'é']", "[1, 'é']", "[1, '\\xe9']", "ü", "fallback", "-9000000000", "17"], r[14:]
assert m.fmt_pointer() == "0x1234"
assert m.wide("wé") == (2, 2, "wé")
assert m.lengths("h€llo") == (5, 5)
print("ALL OK")
