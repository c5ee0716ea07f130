# An assignment expression with an invalid target.
if (x.y := 5):
    pass
