import _circ_b
VALUE_A = "a"
def from_b():
    return _circ_b.VALUE_B
