# stdin: _input_data.txt
# input() and sys.stdin reading from a file given on stdin.
import sys
first = input()
second = input("prompt> ")
print("first:", repr(first))
print("second:", repr(second))
rest = sys.stdin.readline()
print("readline:", repr(rest))
remaining = sys.stdin.read()
print("read:", repr(remaining))
print("lines:", remaining.splitlines())
try:
    input()
except EOFError as e:
    print("EOFError:", repr(str(e)))
print(sys.stdin.read() == "", sys.stdin.readline() == "")
