# select.epoll: registration, readiness, modify/unregister, errors, context manager;
# selectors.DefaultSelector is the epoll selector, as on CPython/Linux.
import os
import select
import selectors
import socket

ep = select.epoll()
print(ep.closed, ep.fileno() >= 0)
r, w = os.pipe()
ep.register(r, select.EPOLLIN)
ep.register(w)
print(sorted(ep.poll(0)) == [(w, select.EPOLLOUT)])
os.write(w, b"x")
ev = dict(ep.poll(1))
print(ev[r] == select.EPOLLIN, ev[w] == select.EPOLLOUT)
ep.modify(w, select.EPOLLIN)
print(ep.poll(0.01) == [(r, select.EPOLLIN)])
ep.unregister(r)
print(ep.poll(timeout=0, maxevents=5))
try:
    ep.register(w, select.EPOLLIN)
except FileExistsError as e:
    print("FileExistsError", e.errno)
try:
    ep.unregister(r)
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno)
try:
    ep.poll(0, 0)
except ValueError as e:
    print("ValueError", e)
ep.close()
print(ep.closed)
try:
    ep.poll()
except ValueError as e:
    print("ValueError", e)
with select.epoll() as e2:
    print(e2.closed)
print(e2.closed)
print(select.EPOLLET, select.EPOLLIN | select.EPOLLOUT)
sel = selectors.DefaultSelector()
print(type(sel).__name__)
a, b = socket.socketpair()
sel.register(a, selectors.EVENT_READ, "data-a")
b.send(b"ping")
for key, mask in sel.select(1):
    print(key.data, mask == selectors.EVENT_READ, key.fileobj.recv(10))
sel.close()
for fd in (r, w):
    os.close(fd)
a.close()
b.close()
