# raise ... from None hides the context in the traceback.
def convert(s):
    try:
        return float(s)
    except ValueError:
        raise TypeError(f"expected a number, got {s!r}") from None
print(convert("1.5"))
convert("abc")
