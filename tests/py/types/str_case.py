# str case methods.
samples = ["hello world", "HELLO World", "hELLO wORLD", "they're bill's friends", "ß straße", "ǅemo ǆ",
           "ﬁnance", "İstanbul", "ΣΑΣ όσος", "123abc ABC", "", "  leading", "mIxEd_CaSe-words 42nd", "ŉ", "Ⅻ ⅻ"]
for s in samples:
    print(repr(s))
    print("  upper", repr(s.upper()), "lower", repr(s.lower()), "casefold", repr(s.casefold()))
    print("  capitalize", repr(s.capitalize()), "title", repr(s.title()), "swapcase", repr(s.swapcase()))
    print("  isupper", s.isupper(), "islower", s.islower(), "istitle", s.istitle())
print("ß".upper(), len("ß".upper()), "ﬀ".upper(), "İ".lower(), len("İ".lower()), "Σ".lower(), "ΑΣ".lower())
print("hello".upper() == "HELLO", "Straße".casefold() == "strasse", "ǈ".istitle(), "ǈ".upper(), "ǈ".lower())
