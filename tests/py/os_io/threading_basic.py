# Real threads: start/join, locks, queue, events, conditions, thread-locals.
import threading, time, queue, _thread
results = []
lock = threading.Lock()
def worker(n):
    for i in range(3):
        with lock:
            results.append((n, i))
        time.sleep(0.001)
ts = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(len(results), sorted(results)[:3], all(not t.is_alive() for t in ts))
print(threading.current_thread().name, threading.main_thread() is threading.current_thread(), threading.active_count())
q = queue.Queue()
def producer():
    for i in range(5):
        q.put(i)
    q.put(None)
out = []
def consumer():
    while True:
        x = q.get()
        if x is None:
            break
        out.append(x * 2)
a = threading.Thread(target=producer)
b = threading.Thread(target=consumer)
b.start()
a.start()
a.join()
b.join()
print(out)
ev = threading.Event()
threading.Thread(target=lambda: (time.sleep(0.02), ev.set())).start()
print(ev.wait(5), ev.is_set())
loc = threading.local()
loc.x = 1
def f():
    loc.x = 2
    print("in thread", loc.x, hasattr(loc, "y"))
loc.y = 0
t = threading.Thread(target=f)
t.start()
t.join()
print("main", loc.x)
r = threading.RLock()
with r:
    with r:
        print("rlock ok", r._is_owned())
c = threading.Condition()
done = []
def waiter():
    with c:
        c.wait_for(lambda: done)
        print("waiter woke")
t = threading.Thread(target=waiter)
t.start()
time.sleep(0.01)
with c:
    done.append(1)
    c.notify_all()
t.join()
l = _thread.allocate_lock()
print(l.acquire(), l.acquire(False), l.acquire(True, 0.01), l.locked())
l.release()
try:
    l.release()
except RuntimeError as e:
    print("RuntimeError:", e)
sem = threading.Semaphore(2)
print(sem.acquire(), sem.acquire(), sem.acquire(timeout=0.01))
bar = threading.Barrier(3)
hits = []
def party(i):
    bar.wait()
    hits.append(i)
ts = [threading.Thread(target=party, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(hits))
tm = threading.Timer(0.01, lambda: print("timer fired"))
tm.start()
tm.join()
def count(n):
    s = 0
    for i in range(n):
        s += i
    results.append(s)
ts = [threading.Thread(target=count, args=(20000,)) for _ in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(results[-3:])
d = threading.Thread(target=time.sleep, args=(30,), daemon=True)
d.start()
print("end of main", d.daemon)
