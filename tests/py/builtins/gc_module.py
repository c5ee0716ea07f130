# The gc module: collecting cycles, callbacks, thresholds, referents and referrers.
import gc

class Node:
    def __init__(self, name):
        self.name = name
        self.other = None
    def __del__(self):
        print("finalized", self.name)

a = Node("a"); b = Node("b")
a.other = b; b.other = a
del a, b
print("collected at least 2:", gc.collect() >= 2)

events = []
def cb(phase, info):
    events.append((phase, sorted(info)))
gc.callbacks.append(cb)
gc.collect()
gc.callbacks.remove(cb)
print(events)

print(gc.isenabled())
gc.disable(); print(gc.isenabled()); gc.enable(); print(gc.isenabled())
old = gc.get_threshold()
gc.set_threshold(500, 5, 5); print(gc.get_threshold()); gc.set_threshold(*old)
print(len(gc.get_count()) == 3)

lst = [1, 2]
holder = [lst]
print(gc.get_referents(holder))
print(any(r is holder for r in gc.get_referrers(lst)))
print(gc.is_tracked(lst), gc.is_tracked(1), gc.is_tracked("text"))
print(type(gc.get_objects()), isinstance(gc.get_stats(), list), gc.garbage)
try:
    gc.collect(5)
except ValueError as e:
    print("ValueError:", e)
