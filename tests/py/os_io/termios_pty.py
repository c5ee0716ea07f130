# termios on a pseudo-terminal: attributes, raw mode through tty, window size,
# errors on a descriptor that is not a terminal; pty.openpty.
import os
import pty
import termios
import tty

master, slave = pty.openpty()
attrs = termios.tcgetattr(slave)
print(len(attrs), len(attrs[6]) == termios.NCCS, type(attrs[6][termios.VINTR]).__name__)
print(bool(attrs[3] & termios.ICANON), bool(attrs[3] & termios.ECHO))
tty.setraw(slave)
raw = termios.tcgetattr(slave)
print(bool(raw[3] & termios.ICANON), bool(raw[3] & termios.ECHO), raw[6][termios.VMIN], raw[6][termios.VTIME])
print(raw[2] & termios.CSIZE == termios.CS8)
termios.tcsetattr(slave, termios.TCSANOW, attrs)
back = termios.tcgetattr(slave)
print(back[:4] == attrs[:4], back[6] == attrs[6])
termios.tcsetwinsize(slave, (24, 80))
print(termios.tcgetwinsize(slave))
os.write(master, b"hi\n")
print(os.read(slave, 10))
termios.tcflush(slave, termios.TCIOFLUSH)
termios.tcdrain(slave)
r, w = os.pipe()
try:
    termios.tcgetattr(r)
except termios.error as e:
    print("termios.error", e.args[0] == 25, isinstance(e, Exception), isinstance(e, OSError))
try:
    termios.tcsetattr(slave, termios.TCSANOW, [1, 2])
except TypeError as e:
    print("TypeError", e)
for fd in (master, slave, r, w):
    os.close(fd)
