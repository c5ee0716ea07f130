# A bracket still open at the end of the file.
data = {
    "a": 1,
    "b": [2, 3],
