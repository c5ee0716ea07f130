#!/usr/bin/env python3
"""Generate pyrite_sre/tests/data/cases.json from CPython 3.11's `re`.

For every (pattern, flags) the compiled sre code is dumped exactly as
`re._compiler.compile` hands it to `_sre.compile`, together with the results
CPython produces for a number of subjects:

  * search / match / fullmatch for several (pos, endpos) pairs, as
    Match.regs + Match.lastindex (or null),
  * finditer (regs + lastindex of every match),
  * split (maxsplit 0 and 1), as lists of code-point lists or null,
  * sub (count 0 and 1) with the replacement "<" + group(0) + ">".

Text is stored as lists of code points so the file stays ASCII.

Usage: python3 pyrite_sre/tests/gen/gen_cases.py [N_RANDOM [SEED [both|mixed|ab]]] > pyrite_sre/tests/data/cases.json
"""
import json
import random
import re
import signal
import sys
import time
from re import _compiler, _parser

assert sys.version_info[:2] == (3, 11), "expected results must come from CPython 3.11"

I, M, S, X, A, L, U = re.I, re.M, re.S, re.X, re.A, re.L, re.U

# ---------------------------------------------------------------------------
# Hand-written cases: (pattern, flags, [subjects]). bytes patterns use bytes.

S_COMMON = ["", "a", "ab", "abc", "aaa", "abab", "ba", "xyz", "a\nb", "\n", "aB", "AbC"]

HAND = [
    # literals, any, anchors
    ("a", 0, S_COMMON),
    ("abc", 0, ["abc", "xabcx", "ababc", "ab", ""]),
    ("a.c", 0, ["abc", "a\nc", "ac", "aXc"]),
    ("a.c", S, ["abc", "a\nc", "ac"]),
    (".", 0, ["", "\n", "x", "\n\nx"]),
    (".*", 0, ["abc\ndef", "", "\n"]),
    (".*", S, ["abc\ndef", ""]),
    ("^abc", 0, ["abc", "xabc", "abc\nabc"]),
    ("^abc", M, ["abc", "xabc", "x\nabc"]),
    ("abc$", 0, ["abc", "abc\n", "abc\nabc", "abcx"]),
    ("abc$", M, ["abc\nabc", "abc\nx", "x\nabc\n"]),
    ("$", 0, ["", "a", "a\n", "a\n\n"]),
    ("$", M, ["", "a\nb\n", "\n\n"]),
    ("^", M, ["", "a\nb\n", "\n\n"]),
    (r"\Aabc\Z", 0, ["abc", "abc\n", "xabc"]),
    (r"\Aa", M, ["a\na", "b\na"]),
    (r"a\Z", M, ["a\na", "a\n"]),
    (r"\bfoo\b", 0, ["foo", "foo bar", "afoo", "foo_", "(foo)", "bar foo"]),
    (r"\Bfoo\B", 0, ["foo", "afoob", "xfoo"]),
    (r"\b", 0, ["", "a", "ab cd", " "]),
    (r"\B", 0, ["", "a", "ab cd", " "]),
    (r"\b\w+\b", 0, ["héllo wörld", "naïve café", "x"]),
    (r"\b\w+\b", A, ["héllo wörld", "naïve café"]),
    # classes
    ("[abc]", 0, ["xbz", "ABC", ""]),
    ("[^abc]+", 0, ["abxyzab", "abc", ""]),
    ("[a-z]+", 0, ["Hello World", "123"]),
    ("[a-z]+", I, ["Hello World", "ÀÉ"]),
    ("[^a-z]", I, ["aZ1", "Zz"]),
    ("[A-Za-z0-9_]+", 0, ["foo_bar9 baz"]),
    ("[-a]+", 0, ["--a-b"]),
    ("[]a]+", 0, ["]]a]b"]),
    ("[\\]\\\\]+", 0, ["]\\]x"]),
    (r"[\d]+", 0, ["ab123cd", "٣٤٥", "x"]),
    (r"\d+", 0, ["ab123cd", "٣٤٥", "²³", "①", "x"]),
    (r"\d+", A, ["ab123cd", "٣٤٥"]),
    (r"\D+", 0, ["ab123cd", "٣x"]),
    (r"\s+", 0, ["a \t\n\r\f\vb", "a\x1cb", "a\u00a0b", "a\u2028b", "a\u3000b", "a\x85b"]),
    (r"\s+", A, ["a \t\n\r\f\vb", "a\x1cb", "a\u00a0b"]),
    (r"\S+", 0, ["a b", "\u00a0x"]),
    (r"\w+", 0, ["héllo_wörld 123", "日本語", "x²", "Ⅻ", "a\u0301b", "\u00aa\u00ba"]),
    (r"\w+", A, ["héllo_wörld 123", "日本語"]),
    (r"\W+", 0, ["a, b!", "é.x"]),
    (r"[\w\s]+", 0, ["ab cd!ef", "é ü"]),
    (r"[^\W\d_]+", 0, ["abc123_déf", "x9"]),
    (r"[\s\S]", 0, ["\n", "a"]),
    ("[α-ω]+", 0, ["αβγ ΑΒΓ", "xyz"]),
    ("[α-ω]+", I, ["αβγ ΑΒΓ ς Σ", "xyz"]),
    ("[\u0100-\u017f]+", I, ["ĀāĂă ſs", "x"]),
    ("[\U00010400-\U0001044f]+", 0, ["\U00010400\U00010428x"]),
    ("[\U00010400-\U00010427]+", I, ["\U00010400\U00010428x"]),
    ("\U00010428", I, ["\U00010400", "\U00010428"]),
    ("[\U0001f600-\U0001f64f]", 0, ["x\U0001f600", "abc"]),
    ("[^\U0001f600]+", 0, ["ab\U0001f600cd"]),
    ("[a\u4e00-\u9fff]+", 0, ["a漢字b", "xyz"]),
    ("[\u4e00-\u9fff\u3040-\u309f]+", 0, ["漢字ひらがなカタカナ"]),
    ("[^\u4e00-\u9fff]+", 0, ["abc漢字def"]),
    ("[\u00e0-\u00ff\u0100-\u0180\u0400-\u04ff]+", 0, ["éčЖx"]),
    ("[\u00e0-\u00ff\u0100-\u0180\u0400-\u04ff]+", I, ["ÉČжX"]),
    # case-insensitivity and _casefix extras
    ("abc", I, ["ABC", "aBc", "abd"]),
    ("k", I, ["K", "k", "\u212a"]),
    ("[k]", I, ["K", "\u212a"]),
    ("s", I, ["S", "ſ", "s"]),
    ("ſ", I, ["S", "s"]),
    ("[^s]", I, ["S", "ſ", "x"]),
    ("σ", I, ["Σ", "ς", "σ"]),
    ("ς+", I, ["Σσς"]),
    ("[σ]+", I, ["Σσς"]),
    ("ß", I, ["ẞ", "SS", "ß"]),
    ("ẞ", I, ["ß"]),
    ("i", I, ["I", "İ", "ı"]),
    ("ı", I, ["I", "i"]),
    ("µ", I, ["μ", "Μ"]),
    ("ǅ", I, ["Ǆ", "ǆ", "ǅ"]),
    ("[ǅ]", I, ["Ǆ", "ǆ"]),
    ("\u0345", I, ["ι", "Ι", "\u1fbe"]),
    ("θ", I, ["ϑ", "Θ", "ϴ"]),
    ("a", I | A, ["A", "a"]),
    ("é", I | A, ["É", "é"]),
    ("[é]", I | A, ["É"]),
    ("k", I | A, ["\u212a", "K"]),
    ("[a-f]+", I | A, ["ABCdefG"]),
    ("[^a-f]+", I, ["ABCdefGH"]),
    (r"(?i)(ς)\1", 0, ["ςσ", "ςς", "ςΣ"]),
    (r"(?i)(s)\1", 0, ["sS", "sſ", "ſs"]),
    (r"(a)\1", I, ["aA", "Aa"]),
    (r"(é)\1", I, ["éÉ"]),
    (r"(é)\1", I | A, ["éÉ", "éé"]),
    ("[^\u0100]", I, ["\u0101", "x"]),
    # groups and marks
    ("(a)|b", 0, ["b", "a", "c"]),
    ("(a)|(b)", 0, ["b", "a"]),
    ("(?:(a)|b)*", 0, ["ab", "ba", "abab", ""]),
    ("(?:(a)|(b))*", 0, ["ab", "ba", "aab"]),
    ("(a)*", 0, ["aaa", ""]),
    ("(a*)*", 0, ["aaa", "b"]),
    ("(a*)+", 0, ["aaa", "b"]),
    ("(a|b)*c", 0, ["ababc", "abab"]),
    ("(a|b)*?c", 0, ["ababc"]),
    ("((a)|b)+", 0, ["ab", "ba"]),
    ("(a)(b)?", 0, ["a", "ab"]),
    ("(?P<x>a)(?P<y>b)", 0, ["ab"]),
    ("(a(b(c)))", 0, ["abc"]),
    ("((a)(b))|((c)(d))", 0, ["cd", "ab"]),
    ("(a)?(b)?(c)?", 0, ["b", "c", "ac"]),
    ("(a|ab)(c|bcd)(d*)", 0, ["abcd"]),
    ("(?:(?:(a)|b)c)*", 0, ["acbc", "bcac"]),
    ("(?:(a)|b)+?c", 0, ["abc", "bac"]),
    ("(?:a(b)?)+", 0, ["aba", "aab"]),
    ("(?:(a)b|ac)+", 0, ["abac", "acab"]),
    ("((a)|(b))*?c", 0, ["abc"]),
    (r"(a)(?:\1|b)*", 0, ["aab", "aaab"]),
    ("(x)?(?:(a)|b)*", 0, ["xab", "ab"]),
    ("(?:(a)|(b)|c)*d", 0, ["abcd", "cbad"]),
    ("(a)|b|(c)", 0, ["c", "b"]),
    ("(?:x(a)|x(b))*", 0, ["xaxb", "xbxa"]),
    ("()", 0, ["", "a"]),
    ("(|a)+", 0, ["aa"]),
    ("(a|)+", 0, ["aa", ""]),
    ("(a?)+?b", 0, ["aab"]),
    ("(?:()|a)+", 0, ["aa"]),
    ("((?:a|b)*)c", 0, ["abbac"]),
    ("(?:(ab)|a)*c", 0, ["ababac", "aabc"]),
    # repeats
    ("a*", 0, ["", "aaa", "baaa"]),
    ("a+", 0, ["", "aaa", "baaa"]),
    ("a?", 0, ["", "aaa"]),
    ("a*?", 0, ["aaa"]),
    ("a+?", 0, ["aaa"]),
    ("a??", 0, ["aaa"]),
    ("a{2}", 0, ["a", "aaa"]),
    ("a{2,}", 0, ["a", "aaaa"]),
    ("a{,2}", 0, ["aaaa"]),
    ("a{2,3}", 0, ["aaaa", "a"]),
    ("a{2,3}?", 0, ["aaaa"]),
    ("a{0}", 0, ["aaa"]),
    ("(?:ab){2,3}", 0, ["abababab", "ab"]),
    ("(?:ab){2,3}?", 0, ["abababab"]),
    ("(ab){2,}?c", 0, ["abababc"]),
    ("(?:a|b){3}", 0, ["abab"]),
    ("x*y", 0, ["xxxy", "xxx"]),
    (".*foo", 0, ["xxfooxxfoo", "fo"]),
    (".*?foo", 0, ["xxfooxxfoo"]),
    ("a.*b", 0, ["axxbxxb", "axx"]),
    ("a.*?b", 0, ["axxbxxb"]),
    ("[ab]*c", 0, ["ababc", "abab"]),
    ("[ab]*?c", 0, ["ababc"]),
    (r"\d*\.\d+", 0, ["3.14", ".5", "12."]),
    ("(?:a*)*b", 0, ["aab", "c"]),
    ("(?:a*)+b", 0, ["aab"]),
    ("(?:a?)*?b", 0, ["aab"]),
    ("(?:)*", 0, ["ab"]),
    ("(?:x|)*y", 0, ["xxy"]),
    ("(?:(?:a|)*)*b", 0, ["aab"]),
    ("a{3,5}b", 0, ["aaaaaab", "aab"]),
    ("(?:a{2})*", 0, ["aaaaa"]),
    ("(?:a{1,2}){2}", 0, ["aaaa", "aa"]),
    # possessive and atomic
    ("a*+", 0, ["aaa", ""]),
    ("a*+a", 0, ["aaa"]),
    ("a++b", 0, ["aab"]),
    ("a?+a", 0, ["a", "aa"]),
    ("a{1,2}+a", 0, ["aa", "aaa"]),
    ("(?:ab)*+", 0, ["ababa"]),
    ("(?:ab)*+ab", 0, ["abab"]),
    ("(?:ab|a)*+b", 0, ["aab", "abb"]),
    ("(?:a(?:b|c))*+", 0, ["abad", "acab"]),
    ("(?:a|b)++c", 0, ["abc", "ab"]),
    ("(a|b)*+c", 0, ["abac"]),
    ("(?:(a)|b)*+", 0, ["ab", "abx"]),
    ("(?:(a)|(b))*+c", 0, ["abc", "ab"]),
    ("(?:x(a)|x(b))*+", 0, ["xaxbx"]),
    ("(?:a*)*+b", 0, ["aab"]),
    ("(?:a{2})++", 0, ["aaaaa"]),
    ("(?:ab){1,2}+", 0, ["ababab"]),
    ("(?>a*)a", 0, ["aaa"]),
    ("(?>a|ab)c", 0, ["abc", "ac"]),
    ("(?>(a)|ab)c", 0, ["abc", "ac"]),
    ("(?>(a+))b", 0, ["aab"]),
    ("(?>x(a)|x(b))c", 0, ["xbc"]),
    ("(?>a*)", 0, ["aa"]),
    ("(?>.*)x", 0, ["axa"]),
    ("(?>(?:a|b)*)c", 0, ["abc"]),
    # lookaround
    ("a(?=b)", 0, ["ab", "ac"]),
    ("a(?!b)", 0, ["ab", "ac"]),
    ("(?<=a)b", 0, ["ab", "cb"]),
    ("(?<!a)b", 0, ["ab", "cb", "b"]),
    ("(?<=ab)c", 0, ["abc", "bc"]),
    ("(?=(a))a", 0, ["a"]),
    ("(?=(a))?b", 0, ["ab", "b"]),
    ("(?!(a)b)a", 0, ["ac", "ab"]),
    ("(?:(?!(a)b)a)*", 0, ["aac"]),
    ("(?<=(a))b", 0, ["ab"]),
    ("(?<!(a))b", 0, ["cb"]),
    ("(?<=a|b)c", 0, ["bc", "ac", "c"]),
    ("(?<=\\b)a", 0, ["a", " a"]),
    (r"(?<=(\w))x", 0, ["ax", "x"]),
    ("x(?=y|$)", 0, ["xy", "x", "xz"]),
    ("(?=a)a*", 0, ["aa"]),
    ("(?:(?=a)a)+", 0, ["aa"]),
    ("(?:a(?=b)|ac)+", 0, ["abac"]),
    ("\\w+(?<!_)", 0, ["ab__", "a_b"]),
    (r"(?<=^)a", M, ["a\na"]),
    (r"(?<=\n)a", 0, ["b\na"]),
    (r"(?<!^)x", 0, ["xx"]),
    ("(?:(?<=a)|(?<=b))c", 0, ["bc", "cc"]),
    # backreferences
    (r"(a)\1", 0, ["aa", "ab"]),
    (r"(a*)b\1", 0, ["aabaa", "aaba", "b"]),
    (r"(a*)\1", 0, ["aaaa", "aaa"]),
    (r"(\w+)\s+\1", 0, ["hello hello world", "ab ac"]),
    (r"(?P<q>['\"]).*?(?P=q)", 0, ["say 'hi' \"x\""]),
    (r"(a)|\1", 0, ["x"]),
    (r"(?:(a)|b)\1", 0, ["aa", "ba", "b"]),
    (r"(a)?\1", 0, ["", "aa"]),
    (r"(a)?(?(1)b|c)", 0, ["ab", "c", "ac", "b"]),
    (r"(?:(a)|x)(?(1)b|c)", 0, ["ab", "xc", "xb"]),
    (r"(a)?(?(1)b)", 0, ["ab", "a", "x"]),
    (r"(?P<g><)?\w+(?(g)>)", 0, ["<a>", "a", "<a"]),
    (r"(<)?(\w+@\w+(?:\.\w+)+)(?(1)>|$)", 0, ["<user@host.com>", "user@host.com", "<user@host.com", "user@host.com>"]),
    (r"(a)(?(1)b|c)*", 0, ["abbb"]),
    (r"(?:(a)|b)(?(1)(?:x|y)|z)+", 0, ["axyx", "bzz"]),
    (r"((a)|b)+\2", 0, ["aba", "abba"]),
    (r"(a)(?:(b)|c)*\2", 0, ["abcb", "acb"]),
    # alternation
    ("a|b|c", 0, ["xcba"]),
    ("ab|a", 0, ["ab", "a"]),
    ("a|ab", 0, ["ab"]),
    ("(?:a|ab)c", 0, ["abc"]),
    ("|a", 0, ["a"]),
    ("a|", 0, ["b", "a"]),
    ("x|[ab]|\\d", 0, ["zz3", "b"]),
    ("(?:b|a)+", 0, ["abba"]),
    ("(?:ab|cd|ef)+", 0, ["abcdefab"]),
    # verbose and inline flags
    ("a b # comment\n c", X, ["abc", "a b c"]),
    ("[ ]a", X, [" a"]),
    ("(?x) a \\  b", 0, ["a b"]),
    ("(?i)abc", 0, ["ABC"]),
    ("a(?i:b)c", 0, ["aBc", "aBC"]),
    ("(?i:a(?-i:b)c)", 0, ["AbC", "ABC"]),
    ("(?s:.)(?-s:.)", 0, ["\n\n", "\nx"]),
    ("(?m:^a)", 0, ["b\na"]),
    ("(?a:\\w+)", 0, ["héllo"]),
    ("(?i)(?a:k)", 0, ["\u212a", "K"]),
    ("(?i:[a-z]+)x", 0, ["ABCx", "ABCX"]),
    ("(?s)a.b", 0, ["a\nb"]),
    # misc
    ("", 0, ["", "abc"]),
    ("x*", 0, ["", "abxd", "xxaxx"]),
    (":*", 0, ["a::b:"]),
    (r"\b|:+", 0, ["a::bc", ""]),
    ("(?:)", 0, ["ab"]),
    ("a|(b)", 0, ["xb"]),
    ("(a)(?:b|(c))*", 0, ["abcb", "acbc"]),
    (r"(?:\d+\.)*\d+", 0, ["1.2.3", "1.", "a1.2b"]),
    (r"(\w+)@(\w+)\.com", 0, ["joe@example.com bob@test.com"]),
    (r"\$?(\d+)(?:\.(\d\d))?", 0, ["$12.50", "7", "3.1"]),
    (r"[^\n]*\n", 0, ["ab\ncd\n", "x"]),
    (r"^\s*$", M, ["a\n  \n\nb"]),
    (r"(?m)^(\w+):\s*(.*)$", 0, ["key: value\nother:thing\n"]),
    (r"\d{3}-\d{4}", 0, ["call 555-1234 now", "55-123"]),
    (r"(?<=-)\w+", 0, ["spam-egg"]),
    (r"((?:[^()]|\((?:[^()])*\))*)", 0, ["a(b)c(d(e))"]),
    ("a\\\\b", 0, ["a\\b"]),
    ("\\x41\\101\\u0041\\U00000041\\N{LATIN SMALL LETTER A}", 0, ["AAAAa"]),
    ("[\\x00-\\x7f]+", 0, ["abcé"]),
    ("\t\n\r\f\v", 0, ["\t\n\r\f\v"]),
    ("[\\t\\n]", 0, ["a\tb"]),
    ("\\Z", 0, ["ab", ""]),
    ("a{,}", 0, ["a{,}", "aa"]),
    ("\\{", 0, ["{"]),
    # examples from the re module documentation
    (r"\W+", 0, ["Words, words, words."]),
    (r"(\W+)", 0, ["Words, words, words."]),
    ("[a-f]+", I, ["0a3B9"]),
    (r"(\W*)", 0, ["...words..."]),
    (r"\W*", 0, ["...words..."]),
    (r"\b", 0, ["Words, words, words."]),
    (r"^$", M, ["\nfoo\nbar\n"]),
    (r"\bf[a-z]*", 0, ["which foot or hand fell fastest"]),
    (r"(\w+)=(\d+)", 0, ["set width=20 and height=10"]),
    (r"(?<=abc)def", 0, ["abcdef"]),
    (r"(\w+) (\w+)", 0, ["Isaac Newton, physicist"]),
    (r"(?P<first_name>\w+) (?P<last_name>\w+)", 0, ["Malcolm Reynolds"]),
    (r"(..)+", 0, ["a1b2c3"]),
    (r"(\d+)\.(\d+)", 0, ["24.1632"]),
    (r"(\d+)\.?(\d+)?", 0, ["24"]),
    (r"(?P<first>\w+) (?P<last>\w+)", 0, ["Jane Doe"]),
    (r"(a)(b)?", 0, ["a"]),
    (r"(a)b|(c)d", 0, ["cd"]),
    (r"\d+\.\d*", 0, ["pi is 3.14159, e is 2.71"]),
    (r"[\w.]+@[\w.]+", 0, ["contact foo.bar@example.com today"]),
    (r"def\s+([a-zA-Z_][a-zA-Z_0-9]*)\s*\(\s*\):", 0, ["def myfunc():"]),
    (r"\w+ly\b", 0, ["He was carefully disguised but captured quickly by police."]),
    (r"([a-zA-Z]+) (\d+)", 0, ["June 24, August 9, Dec 12"]),
    (r"(?P<NUMBER>\d+(?:\.\d*)?)|(?P<ASSIGN>:=)|(?P<END>;)|(?P<ID>[A-Za-z]+)|(?P<OP>[+\-*/])|(?P<NEWLINE>\n)|(?P<SKIP>[ \t]+)|(?P<MISMATCH>.)",
     0, ["IF quantity THEN\n    total := total + price * quantity;\n    tax := price * 0.05;\nENDIF;"]),
    (r"\s*(\w+)\s*:\s*(.*?)\s*$", M, ["Ross McFluff: 834.345.1254 155 Elm Street\n  Ronald Heathmore: 892.345.3428 436 Finley Avenue\n"]),
    (r"[aeiou]", I, ["Rhythm AND Blues"]),
    (r"[^a-z ]", 0, ["hello World 42!"]),
    (r"(?i)straße", 0, ["STRASSE", "Straße", "STRAẞE"]),
    (r"a[bcd]*b", 0, ["abcbd"]),
    (r"\d", U, ["x٣"]),
    (r"(?u)\w+", 0, ["naïve"]),
    (r"(?x) \d+ (?: \. \d* )?  # number", 0, ["12.5 x"]),
    (r"(?a)[\w]+", 0, ["héllo"]),
    (r"[[:alpha:]]", 0, ["[:a"]),
    (r"x++", 0, ["xxx"]),
    (r"(?>.*)(?<=x)", 0, ["abx"]),
    (r"(?:a|b)*+c", 0, ["ababc"]),
    # capture state restored (or not) exactly like CPython
    (r"(?:(?!(a)b)a?c(d))*", 0, ["cdacd"]),
    (r"(?:x(?!(a)b)a?c(d))*", 0, ["xcdxacd"]),
    (r"(?:(?:ab)*?(?:(ab)c|d))*", 0, ["abcabd"]),
    (r"(?:(?:a|b)*?(?:(ab)c|d))*", 0, ["abcabd"]),
    (r"(?:(a)|b)(?(1)c|d)*", 0, ["acc", "bdd", "bc"]),
    (r"(?:(?:(a)|b)(?(1)c|d))+", 0, ["acbd", "bdac"]),
    (r"(?:(a)b|a)*?c", 0, ["ababac"]),
    (r"(?:a(?=(b))|ab)*c", 0, ["abc", "ababc"]),
    (r"(?:(?=(a))a|b)*", 0, ["aba"]),
    (r"(?:(a)|b)*?c", 0, ["abc", "bac"]),
    (r"(?:(a)|(b))+?c", 0, ["abc"]),
    (r"(?:(a)|b)*+c", 0, ["abc"]),
    (r"(?>(?:(a)|b)*)c", 0, ["abc"]),
    (r"(?:(a)x|(b)y)*z", 0, ["axbyz", "byaxz", "axbz"]),
    (r"((a)|b)*?c", 0, ["abc"]),
    # counted repeats
    (r"a{100}", 0, ["a" * 99, "a" * 150]),
    (r"(?:ab){10,20}", 0, ["ab" * 25]),
    (r"(?:ab){10,20}?", 0, ["ab" * 25]),
    (r"(a|b){5,7}c", 0, ["abababababc", "ababc"]),
    (r"(a|b){5,7}?c", 0, ["abababababc"]),
    (r"(?:a|b){5,7}+c", 0, ["abababababc"]),
    (r"x{1000,}", 0, ["x" * 999, "x" * 1200]),
    # pos/endpos interplay with anchors and lookbehind
    (r"(?<=a)b", 0, ["ab", "aab"]),
    (r"\bb", 0, ["ab", "a b"]),
    (r"b\b", 0, ["ba", "b a"]),
    (r"^b", M, ["a\nb"]),
    (r"a$", 0, ["aa", "a\n"]),
]

B_COMMON = [b"", b"a", b"ab", b"abc", b"aaa", b"a\nb", b"\x80\xff", b"AbC"]

HAND_BYTES = [
    (b"a", 0, B_COMMON),
    (b"abc", I, [b"ABC", b"aBc"]),
    (b"[a-z]+", I, [b"Hello", b"\xc9\xe9"]),
    (b"\xe9", I, [b"\xc9", b"\xe9"]),
    (b"[\xe0-\xff]+", 0, [b"a\xe9\xffb"]),
    (b"[\xe0-\xff]+", I, [b"a\xc9\xe9b"]),
    (rb"\w+", 0, [b"ab_9 \xe9x"]),
    (rb"\w+", L, [b"ab_9 \xe9x"]),
    (rb"\W+", L, [b"ab \xe9x"]),
    (rb"\d+\s+", 0, [b"12 \t\x1cx", b"x"]),
    (rb"\s+", 0, [b"a \t\n\x0b\x0c\rb", b"a\x1cb", b"a\x85\xa0b"]),
    (rb"\b\w+\b", 0, [b"foo bar"]),
    (rb"\b\w+\b", L, [b"foo b\xe9r"]),
    (rb"\B", L, [b"ab"]),
    (b"k", I | L, [b"K", b"k"]),
    (b"[k]", I | L, [b"K", b"k"]),
    (b"[^k]", I | L, [b"K", b"x"]),
    (b"[a-c]+", I | L, [b"ABCabcd"]),
    (b"\xe9", I | L, [b"\xc9", b"\xe9"]),
    (rb"(a)\1", I | L, [b"aA"]),
    (rb"(a)\1", I, [b"aA"]),
    (rb"(\xe9)\1", I, [b"\xe9\xc9"]),
    (b"[^a]", I | L, [b"A", b"b"]),
    (b"a.c", S, [b"a\nc"]),
    (b"^a$", M, [b"b\na\nc"]),
    (b"(?:(a)|b)*", 0, [b"ab"]),
    (b"a*+a", 0, [b"aaa"]),
    (b"(?>a|ab)c", 0, [b"abc"]),
    (b"(?<=a)b", 0, [b"ab"]),
    (rb"(a)?(?(1)b|c)", 0, [b"ab", b"c"]),
    (b"x*", 0, [b"axbx"]),
    (b"[\x00-\x1f]+", 0, [b"a\x01\x02b"]),
    (b"\\x80+", 0, [b"\x80\x80"]),
]

# ---------------------------------------------------------------------------
# Random patterns.

STR_ATOMS = ["a", "b", "c", "x", "é", "K", "k", "ſ", "s", "S", "σ", "Σ", "ς", "ß", "\u212a",
             ".", "\\d", "\\w", "\\s", "\\W", "\\D", "[ab]", "[^a]", "[a-c]", "[^\\w]", "[a\\d]",
             "[é-ü]", "[σς]", "[kK]", "\\.", "[\u0100-\u0200]", "[^\u0100-\u0200b]"]
BYTES_ATOMS = ["a", "b", "c", "x", "\\xe9", "\\xc9", "K", "k", ".", "\\d", "\\w", "\\s", "\\W",
               "[ab]", "[^a]", "[a-c]", "[\\xe0-\\xff]", "[^\\w]", "\\."]
ASSERTS = ["^", "$", "\\A", "\\Z", "\\b", "\\B"]


class Gen:
    def __init__(self, rnd, atoms):
        self.r = rnd
        self.atoms = atoms
        self.groups = 0
        self.closed = []

    def atom(self):
        return self.r.choice(self.atoms)

    def fixed(self, depth):
        # fixed-width pieces for look-behind
        r = self.r.random()
        if r < 0.6 or depth > 2:
            return self.atom()
        if r < 0.8:
            return self.fixed(depth + 1) + self.fixed(depth + 1)
        if r < 0.9:
            return "(?:" + self.atom() + "|" + self.atom() + ")"
        return self.atom() + "{2}"

    def quant(self):
        q = self.r.choice(["*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}"])
        mod = self.r.choice(["", "", "", "?", "+"])
        return q + mod

    def expr(self, depth):
        n = self.r.randint(1, 3)
        alts = [self.seq(depth) for _ in range(self.r.choice([1, 1, 1, 2, 3]))]
        return "|".join(alts)

    def seq(self, depth):
        return "".join(self.item(depth) for _ in range(self.r.randint(0, 3)))

    def item(self, depth):
        r = self.r.random()
        if depth > 3:
            r = r * 0.45
        if r < 0.35:
            s = self.atom()
        elif r < 0.42:
            s = self.r.choice(ASSERTS)
            return s
        elif r < 0.47 and self.closed:
            return "\\%d" % self.r.choice(self.closed)
        elif r < 0.62:
            self.groups += 1
            g = self.groups
            s = "(" + self.expr(depth + 1) + ")"
            self.closed.append(g)
        elif r < 0.72:
            s = "(?:" + self.expr(depth + 1) + ")"
        elif r < 0.76:
            s = "(?>" + self.expr(depth + 1) + ")"
        elif r < 0.82:
            kind = self.r.choice(["?=", "?!", "?<=", "?<!"])
            if kind in ("?<=", "?<!"):
                body = self.fixed(0)
            else:
                body = self.expr(depth + 1)
            return "(" + kind + body + ")"
        elif r < 0.86 and self.closed:
            g = self.r.choice(self.closed)
            yes = self.seq(depth + 1)
            if self.r.random() < 0.6:
                return "(?(%d)%s|%s)" % (g, yes, self.seq(depth + 1))
            return "(?(%d)%s)" % (g, yes)
        elif r < 0.9:
            fl = self.r.choice(["i", "s", "m", "-i", "i-s"]) if self.atoms is STR_ATOMS else self.r.choice(["i", "s", "m"])
            s = "(?" + fl + ":" + self.expr(depth + 1) + ")"
        else:
            s = self.atom()
        if self.r.random() < 0.35:
            s += self.quant()
        return s


def rand_subject(rnd, alphabet, n):
    return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, n)))


STR_ALPHA = ["a", "a", "b", "b", "c", "x", " ", "\n", "é", "É", "K", "k", "\u212a", "s", "S", "ſ",
             "σ", "Σ", "ς", "ß", "1", "٣", "_", "\u0101", "\u0100"]
BYTES_ALPHA = ["a", "a", "b", "b", "c", "x", " ", "\n", "\xe9", "\xc9", "K", "k", "1", "_", "\x80"]

# ---------------------------------------------------------------------------


def tolist(s):
    return list(s) if isinstance(s, bytes) else [ord(c) for c in s]


def mres(m):
    if m is None:
        return None
    return {"regs": [list(r) if r != (-1, -1) else None for r in m.regs], "li": m.lastindex}


def run_case(pat, flags, subjects, rnd):
    try:
        p = _parser.parse(pat, flags)
        code = _compiler._code(p, flags)
        cp = re.compile(pat, flags)
    except (re.error, ValueError, OverflowError, RecursionError):
        return None
    groups = p.state.groups - 1
    isbytes = isinstance(pat, bytes)
    case = {
        "pat": repr(pat),
        "flags": flags | p.state.flags,
        "groups": groups,
        "bytes": isbytes,
        "code": code,
        "subjects": [],
    }
    for subj in subjects:
        n = len(subj)
        ops = []
        ranges = [(0, n)]
        for _ in range(2):
            a = rnd.randint(0, n + 1)
            b = rnd.randint(0, n + 1)
            ranges.append((a, b))
        for (a, b) in ranges:
            for name in ("search", "match", "fullmatch"):
                try:
                    res = mres(getattr(cp, name)(subj, a, b))
                except SystemError:
                    res = "error"
                ops.append([name, a, b, res])
        try:
            fi = [mres(m) for m in cp.finditer(subj)]
        except SystemError:
            fi = "error"
        ops.append(["finditer", 0, n, fi])
        for maxsplit in (0, 1):
            try:
                sp = [None if x is None else tolist(x) for x in cp.split(subj, maxsplit)]
            except SystemError:
                sp = "error"
            ops.append(["split", maxsplit, 0, sp])
        for count in (0, 1):
            if isbytes:
                repl = lambda m: b"<" + m.group(0) + b">"
            else:
                repl = lambda m: "<" + m.group(0) + ">"
            try:
                out = tolist(cp.sub(repl, subj, count))
            except SystemError:
                out = "error"
            ops.append(["sub", count, 0, out])
        case["subjects"].append({"text": tolist(subj), "ops": ops})
    return case


class Slow(Exception):
    pass


def on_alarm(signum, frame):
    raise Slow()


def main():
    signal.signal(signal.SIGALRM, on_alarm)
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20220615
    rnd = random.Random(seed)
    cases = []
    for pat, flags, subs in HAND:
        c = run_case(pat, flags, subs, rnd)
        if c is None:
            print("skipping", repr(pat), file=sys.stderr)
            continue
        cases.append(c)
    for pat, flags, subs in HAND_BYTES:
        c = run_case(pat, flags, subs, rnd)
        if c is None:
            print("skipping", repr(pat), file=sys.stderr)
            continue
        cases.append(c)
    n_random = int(sys.argv[1]) if len(sys.argv) > 1 else 1200
    profile = sys.argv[3] if len(sys.argv) > 3 else "both"
    for prof, n in ([("mixed", n_random * 2 // 3), ("ab", n_random - n_random * 2 // 3)]
                    if profile == "both" else [(profile, n_random)]):
        random_cases(rnd, prof, n, cases)
    json.dump({"cases": cases}, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


def random_cases(rnd, profile, n_random, cases):
    made = 0
    while made < n_random:
        isbytes = rnd.random() < 0.2
        if profile == "ab":
            # Small alphabet: many more successful (and partial) matches.
            g = Gen(rnd, ["a", "b", "c", "a", "b", ".", "[ab]", "\\w"])
            pat = g.expr(0)
            flags = rnd.choice([0, 0, I, M, S])
            subs = [rand_subject(rnd, ["a", "b", "c", "a", "b", "\n"], 12) for _ in range(4)]
        elif isbytes:
            g = Gen(rnd, BYTES_ATOMS)
            pat = g.expr(0)
            flags = rnd.choice([0, 0, I, M, S, I | L, L, I | M])
            pat = pat.encode("latin-1")
            subs = [rand_subject(rnd, BYTES_ALPHA, 10).encode("latin-1") for _ in range(4)]
        else:
            g = Gen(rnd, STR_ATOMS)
            pat = g.expr(0)
            flags = rnd.choice([0, 0, 0, I, M, S, A, I | A, I | M | S])
            subs = [rand_subject(rnd, STR_ALPHA, 10) for _ in range(4)]
        t0 = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        try:
            c = run_case(pat, flags, subs, rnd)
        except Slow:
            c = None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if c is None or time.perf_counter() - t0 > 0.02:
            # Skip patterns that fail to compile and catastrophic ones.
            continue
        cases.append(c)
        made += 1


if __name__ == "__main__":
    main()
