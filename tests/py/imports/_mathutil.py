"""Helper module imported by the import tests."""
print("_mathutil: executing module body, __name__ =", __name__)
PI_ISH = 3.14
_private = "hidden"
def square(x):
    return x * x
def cube(x):
    return x * square(x)
class Vector:
    def __init__(self, *c):
        self.c = c
    def __repr__(self):
        return f"Vector{self.c}"
if __name__ == "__main__":
    print("never printed when imported")
