"""Threads and the GIL from C (_capi_threads.c)."""
import threading, time
import _capi_threads as T

# threads created in C call into Python with PyGILState_Ensure
seen = []
def callback(worker, i):
    seen.append((worker, i, threading.get_ident()))
total = T.run_workers(callback, 4, 25)
assert total == 100, total
assert len(seen) == 100
assert sorted((w, i) for w, i, _ in seen) == sorted((w, i) for w in range(4) for i in range(25))
idents = {t for _, _, t in seen}
assert len(idents) == 4 and threading.get_ident() not in idents
assert T.ident() == threading.get_ident()

# errors inside a C thread's callback are reported, not lost
def bad(w, i):
    raise ValueError("from a C thread")
try:
    T.run_workers(bad, 1, 1)
except RuntimeError as e:
    assert "callback failed" in str(e)
else:
    raise AssertionError("no error")

# C work without the GIL lets Python threads run meanwhile
count = 0
stop = False
def spin():
    global count
    while not stop:
        count += 1
        time.sleep(0.001)
t = threading.Thread(target=spin)
t.start()
time.sleep(0.01)
before = count
T.sleep_nogil(200)
during = count - before
stop = True
t.join()
assert during > 5, during

# several Python threads in C at once, all without the GIL
assert T.most_concurrent() == 1
ths = [threading.Thread(target=T.sleep_nogil, args=(300,)) for _ in range(4)]
for x in ths:
    x.start()
for x in ths:
    x.join()
assert T.most_concurrent() >= 2, "no two threads were in C without the GIL at once"

assert T.tss() == (1, 2, 1, 1)
assert T.lock() == (1, 0, 1)
print("ALL OK")
