COUNTER = []
COUNTER.append(1)
