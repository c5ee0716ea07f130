# Signals reach a running Python loop (SIGINT -> KeyboardInterrupt, Python handlers)
# and CPU-bound threads take turns holding the GIL.
import os, signal, threading, time
# SIGINT delivered while a pure-Python loop runs -> KeyboardInterrupt
def fire():
    time.sleep(0.2)
    os.kill(os.getpid(), signal.SIGINT)
threading.Thread(target=fire).start()
try:
    n = 0
    while True:
        n += 1
except KeyboardInterrupt:
    print("KeyboardInterrupt caught in loop")
# threads take turns: two CPU-bound threads both make progress
counts = [0, 0]
stop = False
def spin(i):
    while not stop:
        counts[i] += 1
ts = [threading.Thread(target=spin, args=(i,)) for i in range(2)]
for t in ts: t.start()
time.sleep(0.3)
stop = True
for t in ts: t.join()
print("both threads ran:", counts[0] > 0 and counts[1] > 0)
# a Python handler
got = []
signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
os.kill(os.getpid(), signal.SIGUSR1)
for i in range(1000): pass
print("handler ran:", got == [signal.SIGUSR1])
