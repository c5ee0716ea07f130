# Two expressions with a missing comma between them.
points = [(1, 2), (3, 4)]
names = ["a" "b" c]
