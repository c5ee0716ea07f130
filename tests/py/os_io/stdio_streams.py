# sys.stdin/stdout/stderr objects, print(file=...), flushing order at exit.
# stdin: _stdin_data.txt
import sys, io
print(type(sys.stdout).__name__, sys.stdout.name, sys.stdout.mode, sys.stdout.encoding, sys.stdout.errors)
print(type(sys.stdout.buffer).__name__, type(sys.stdout.buffer.raw).__name__, sys.stdout.fileno(), sys.stderr.fileno())
print(sys.stderr.errors, sys.stderr.line_buffering, sys.stdin.name, sys.stdin.readable(), sys.stdout.writable())
print(repr(input()), repr(sys.stdin.readline()))
print([line for line in sys.stdin])
print(sys.stdout.write("direct\n"), sys.stdout.buffer.write(b"raw bytes\n"))
sys.stdout.flush()
print("to stderr", file=sys.stderr)
sys.stderr.write("stderr write\n")
print("flushed", flush=True)
print("é ü 😀")
sys.stdout.writelines(["a", "b\n"])
print(sys.stdout is sys.__stdout__, repr(sys.stdout) == "<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>")
print("no newline at exit", end="")
