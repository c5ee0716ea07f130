# An uncaught exception at module level after some output.
print("before the error")
values = {"a": 1}
print(values["a"])
result = values["a"] / 0
print("never printed")
