# dict/str/list heavy code
words = ["w%d" % (i % 997) for i in range(200000)]
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
parts = []
for k in sorted(counts):
    parts.append(k.upper() + ":" + str(counts[k]))
s = ",".join(parts)
print(len(s), s[:30], len(s.split(",")))
