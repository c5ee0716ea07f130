# _socket under socket.py: stream and datagram sockets over loopback and AF_UNIX,
# timeouts, non-blocking mode, errors, name and address helpers, makefile, socketserver.
import errno
import os
import socket
import socketserver
import tempfile
import threading

# socketpair, sendall/recv, shutdown, EOF
a, b = socket.socketpair()
print(a.family == socket.AF_UNIX, a.type == socket.SOCK_STREAM)
a.sendall(b"hello " * 1000)
a.shutdown(socket.SHUT_WR)
got = b""
while chunk := b.recv(4096):
    got += chunk
print(len(got), got[:12])
a.close()
b.close()
print(a.fileno(), repr(a)[:31])

# TCP echo server in a thread
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
print(srv.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) != 0)
srv.bind(("127.0.0.1", 0))
srv.listen(5)
host, port = srv.getsockname()
print(host, port > 0)


def serve(n):
    for _ in range(n):
        conn, addr = srv.accept()
        with conn:
            while data := conn.recv(1024):
                conn.sendall(data.upper())


t = threading.Thread(target=serve, args=(2,))
t.start()
with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
    print(c.gettimeout(), c.getpeername() == ("127.0.0.1", port))
    c.sendall(b"ping")
    print(c.recv(100))
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    print(c.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0)
with socket.create_connection(("127.0.0.1", port)) as c:
    f = c.makefile("rwb")
    f.write(b"line one\n")
    f.flush()
    print(f.readline())
    f.close()
t.join()
srv.close()

# connection refused
probe = socket.socket()
probe.bind(("127.0.0.1", 0))
free_port = probe.getsockname()[1]
probe.close()
try:
    socket.create_connection(("127.0.0.1", free_port), timeout=5)
except ConnectionRefusedError as e:
    print("refused", e.errno == errno.ECONNREFUSED)
s = socket.socket()
print(s.connect_ex(("127.0.0.1", free_port)) == errno.ECONNREFUSED)
s.close()

# UDP
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u1.bind(("127.0.0.1", 0))
u2.sendto(b"datagram", u1.getsockname())
data, addr = u1.recvfrom(100)
print(data, addr == u2.getsockname())
buf = bytearray(4)
u2.sendto(b"abcdefgh", u1.getsockname())
n, addr = u1.recvfrom_into(buf)
print(n, buf)
u1.close()
u2.close()

# AF_UNIX stream with a path
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "sock")
    us = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    us.bind(path)
    us.listen()
    print(us.getsockname() == path)
    uc = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    uc.connect(path)
    conn, _ = us.accept()
    uc.sendall(b"unix")
    rb = bytearray(10)
    print(conn.recv_into(rb), rb)
    for x in (conn, uc, us):
        x.close()

# timeouts and non-blocking mode
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen()
s.settimeout(0.05)
print(s.gettimeout(), s.getblocking(), s.timeout)
try:
    s.accept()
except TimeoutError as e:
    print("TimeoutError", e, socket.timeout is TimeoutError)
s.setblocking(False)
print(s.gettimeout(), s.getblocking())
try:
    s.accept()
except BlockingIOError as e:
    print("BlockingIOError", e.errno == errno.EAGAIN)
s.setblocking(True)
print(s.gettimeout())
s.close()
try:
    s.settimeout(-1)
except ValueError as e:
    print("ValueError", e)
print(socket.getdefaulttimeout())
socket.setdefaulttimeout(2.5)
s = socket.socket()
print(s.gettimeout())
s.close()
socket.setdefaulttimeout(None)

# closed sockets
s = socket.socket()
s.close()
try:
    s.send(b"x")
except OSError as e:
    print("OSError", e.errno == errno.EBADF)

# helpers
print(socket.inet_aton("10.1.2.3"), socket.inet_ntoa(b"\x7f\x00\x00\x01"))
print(socket.inet_pton(socket.AF_INET6, "fe80::1"))
print(socket.inet_ntop(socket.AF_INET, b"\xc0\xa8\x00\x01"))
print(socket.htons(0x1234) == 0x3412, socket.ntohs(0x3412) == 0x1234, socket.htonl(1) == 1 << 24)
try:
    socket.inet_aton("300.1.2.3")
except OSError as e:
    print("OSError", e)
try:
    socket.htons(-1)
except OverflowError as e:
    print("OverflowError", e)
print(socket.getaddrinfo("127.0.0.1", 8080, socket.AF_INET, socket.SOCK_STREAM))
print(socket.getaddrinfo("::1", "80", socket.AF_INET6, socket.SOCK_DGRAM)[0][4])
try:
    socket.getaddrinfo("not a number", 80, flags=socket.AI_NUMERICHOST)
except socket.gaierror as e:
    print("gaierror", e.errno == socket.EAI_NONAME, isinstance(e, OSError))
print(socket.getnameinfo(("127.0.0.1", 80), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV))
print(socket.gethostbyname("127.0.0.1"), type(socket.gethostname()).__name__)
print(socket.AddressFamily.AF_INET, socket.SocketKind.SOCK_DGRAM)
try:
    socket.socket().connect("not a tuple")
except TypeError as e:
    print("TypeError", e)


# socketserver
class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(self.rfile.readline()[::-1])


with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo) as server:
    th = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    th.start()
    with socket.create_connection(server.server_address) as c:
        c.sendall(b"abc\n")
        print(c.recv(100))
    server.shutdown()
    th.join()
