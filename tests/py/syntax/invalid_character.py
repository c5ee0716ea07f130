# A non-ASCII character that is not valid in an identifier.
x = 5 – 3
