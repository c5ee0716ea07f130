# A traceback through a function defined in an imported helper module (absolute path -> $ROOT).
import _shapes
print(_shapes.area(3))
print(_shapes.area("side"))
