# String and bytes literals, escapes, raw strings, implicit concatenation.
print("tab\there", 'quote\'s', "dq\"s", "back\\slash", "nl\\n")
print("\x41\x42", "\101\102", "\u00e9", "\U0001F600", "\N{GREEK SMALL LETTER ALPHA}", "\N{BULLET}")
print(r"raw\n\t", R"RAW\x41", rb"raw\bytes", br"\d+", len(r"\n"), len("\n"))
print("implicit" " concatenation" ' works', ("multi"
    "line"), b"by" b"tes")
print("""triple "double" quotes""", '''triple 'single' ''', """with
newline""")
print(repr("\a\b\f\n\r\t\v\0\x7f\x80\xff"), repr("é\u200b\U0001F600"), ascii("é\u200b"))
print(repr('single'), repr("it's"), repr('say "hi"'), repr("both ' and \""), repr(b"it's"), repr(b'"'))
print(len("\U0001F600"), len("é"), len("e\u0301"), ord("\U0001F600"), hex(ord("\N{EURO SIGN}")))
print(b"\x00\xff\n\t\\", b"\x7f".hex(), list(b"AZaz09"), bytes([0, 127, 128, 255]))
print("line1\
line2")
print("a" "b" == "ab", "ab" * 3, 3 * "ab", "" * 100, "-" * 0, "x" * -1)
print(u"unicode prefix", type(u"").__name__, "\x00" == chr(0), "\0" == "\x00")
print("escapes ok", '\"', "\'")
s = "The \"quick\" brown\tfox\\"
print(s, len(s), s.count("\\"), repr(s))
print("\N{LATIN SMALL LETTER E WITH ACUTE}" == "é", "\u0041\u0042", "\xe9" == "é")
print("emoji: \U0001F40D", "snake".encode(), "é".encode("utf-8"), "é".encode("latin-1"), "€".encode("utf-16-le"))
print(repr("\t"), repr(" \x1b[0m"), repr("\u0085"), repr("\ud800"), "\u00A0".isspace())
