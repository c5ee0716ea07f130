# str.encode / bytes.decode with codecs and error handlers.
s = "Grüße, 世界! €😀"
for enc in ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32-be", "latin-1", "ascii", "cp1252", "utf-8-sig"]:
    for errors in ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace"]:
        try:
            b = s.encode(enc, errors)
            print(enc, errors, b[:40], len(b))
        except UnicodeEncodeError as e:
            print(enc, errors, "UnicodeEncodeError:", e)
raw = b"ok \xff\xfe bad \xc3\x28 x\xe2\x82"
for errors in ["strict", "ignore", "replace", "backslashreplace", "surrogateescape"]:
    try:
        print(errors, repr(raw.decode("utf-8", errors)))
    except UnicodeDecodeError as e:
        print(errors, "UnicodeDecodeError:", e, e.start, e.end, e.reason, e.encoding)
print(repr(raw.decode("latin-1")), raw.decode("cp437")[:8], b"\x80abc".decode("ascii", "replace"))
try:
    b"\x80".decode("ascii")
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e)
try:
    "é".encode("ascii")
except UnicodeEncodeError as e:
    print("UnicodeEncodeError:", e, e.object, e.start, e.end)
try:
    "x".encode("no-such-codec")
except LookupError as e:
    print("LookupError:", e)
print("abc".encode(), "é".encode("UTF8"), "é".encode("Latin1"), "é".encode(encoding="utf_8"))
sur = "a\udcff b".encode("utf-8", "surrogateescape")
print(sur, sur.decode("utf-8", "surrogateescape") == "a\udcff b", repr("\ud800".encode("utf-8", "surrogatepass")))
try:
    "\ud800".encode("utf-8")
except UnicodeEncodeError as e:
    print("UnicodeEncodeError:", e)
print("日本".encode("utf-8").decode("utf-8"), bytes("ab", "ascii"), str(b"ab", "ascii"), str(b"\xe2\x82\xac", "utf-8"))
print(len(s), len(s.encode()), len(s.encode("utf-16-le")), s.encode("utf-8").hex(" ", 4)[:60])
print("idna:", "bücher.example".encode("idna"), "punycode:", "bücher".encode("punycode"))
print(b"\xef\xbb\xbfbom".decode("utf-8-sig"), b"\xff\xfeh\x00i\x00".decode("utf-16"), "x".encode("utf-16"))
