# Circular imports: a partially initialised module is visible during the cycle.
import _circ_a
print(_circ_a.VALUE_A, _circ_a.from_b(), _circ_a._circ_b._circ_a is _circ_a)
