# NameError suggestion for a misspelled builtin.
items = [3, 1, 2]
print(sorted(items))
lenght = None
print(lenn(items))
