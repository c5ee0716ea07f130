# 3.11 carets under sub-expressions: subscripts, calls and binary operators.
data = {"rows": [[1, 2], [3, None]]}
def total(rows):
    return sum(r[0] + r[1] for r in rows)
print(total(data["rows"][:1]))
print(total(data["rows"]))
