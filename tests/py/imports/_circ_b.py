import _circ_a
VALUE_B = "b"
try:
    _circ_a.VALUE_A
except AttributeError as e:
    print("_circ_b sees partial module:", e)
