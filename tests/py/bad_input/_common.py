"""Helper for the bad_input cases: run a callable and print what it raised."""
def attempt(label, fn):
    try:
        result = fn()
    except BaseException as e:
        msg = str(e)
        if len(msg) > 200:
            msg = msg[:200] + "..."
        print(f"{label}: {type(e).__name__}: {msg}")
    else:
        print(f"{label}: ok {type(result).__name__}")
