# Assigning to a literal in a comparison-like context.
x = 1
if x = 1:
    pass
