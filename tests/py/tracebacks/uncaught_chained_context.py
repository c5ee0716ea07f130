# Implicit chaining: "During handling of the above exception, another exception occurred:"
def lookup(table, key):
    try:
        return table[key]
    except KeyError:
        return fallback[key]
print("start")
lookup({}, "missing")
