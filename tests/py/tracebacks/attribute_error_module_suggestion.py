# AttributeError suggestion on a module and on a builtin type.
import math
print(math.floor(2.5))
print("abc".uper())
