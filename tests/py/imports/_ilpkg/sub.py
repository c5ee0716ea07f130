from . import helper
RESULT = helper.twice(21)
