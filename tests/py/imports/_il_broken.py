import sys
STEP = 1
raise RuntimeError("broken on purpose")
