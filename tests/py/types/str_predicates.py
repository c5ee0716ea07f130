# str is* predicates.
samples = ["abc", "ABC", "Abc Def", "abc123", "123", "١٢٣", "½", "²", "Ⅻ", "", " ", "\t\n", "a b", "_name", "1name",
           "name_1", "def", "é", "ñandú", "日本語", "\x00", "\x7f", "\u200b", "hello!", "Title Case", "UPPER CASE", "ǅ", "\xa0", "ab\u0301"]
preds = ["isalpha", "isdigit", "isdecimal", "isnumeric", "isalnum", "isspace", "isupper", "islower", "istitle",
         "isidentifier", "isprintable", "isascii"]
print("sample", preds)
for s in samples:
    print(repr(s), "".join("T" if getattr(s, p)() else "." for p in preds))
import keyword
print([w for w in ["if", "match", "case", "_", "print", "None", "async", "await", "soft"] if keyword.iskeyword(w)])
print(keyword.issoftkeyword("match"), keyword.issoftkeyword("_"), "None".isidentifier(), "a-b".isidentifier())
