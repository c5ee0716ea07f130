# Word frequencies, n-grams and text formatting over a fixed text.
import collections, textwrap
TEXT = """It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity,
it was the season of Light, it was the season of Darkness, it was the spring of hope,
it was the winter of despair, we had everything before us, we had nothing before us."""
words = [w.strip(".,").lower() for w in TEXT.split()]
counts = collections.Counter(words)
print(len(words), len(counts))
for word, n in counts.most_common(8):
    print(f"{word:<10}{n:>3} {'#' * n}")
bigrams = collections.Counter(zip(words, words[1:]))
print(bigrams.most_common(3))
by_len = collections.defaultdict(list)
for w in sorted(set(words)):
    by_len[len(w)].append(w)
for k in sorted(by_len):
    print(k, by_len[k])
print(textwrap.fill(" ".join(words[:40]), width=36))
print(textwrap.shorten(TEXT, width=60, placeholder=" [...]"))
print(textwrap.indent("a\nb\n\nc", "> "))
print(textwrap.dedent("    x\n      y\n    z"))
caps = [w for w in TEXT.replace(",", " ").split() if w[:1].isupper()]
print(caps, sum(map(len, words)) / len(words))
letters = collections.Counter(c for c in TEXT.lower() if c.isalpha())
print("".join(c for c, _ in letters.most_common(10)), letters["e"], letters["z"])
