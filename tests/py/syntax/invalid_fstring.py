# An f-string with an empty expression.
value = 3
print(f"value: {}")
