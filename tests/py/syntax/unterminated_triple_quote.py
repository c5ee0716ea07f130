# An unterminated triple-quoted string.
print("before")
doc = """starts here
and never
ends
