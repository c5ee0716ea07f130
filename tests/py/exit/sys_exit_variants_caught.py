# SystemExit is a BaseException: catch it, inspect .code, then exit with a tuple argument.
import sys
for arg in [(), (0,), (5,), ("text",), (None,), (True,), ([1, 2],)]:
    try:
        sys.exit(*arg)
    except SystemExit as e:
        print(arg, "->", repr(e.code), e.args, isinstance(e, Exception))
try:
    exit(7)
except SystemExit as e:
    print("exit() builtin:", e.code)
try:
    quit()
except SystemExit as e:
    print("quit() builtin:", e.code)
def handler_does_not_catch():
    try:
        sys.exit(9)
    except Exception:
        print("never: SystemExit is not an Exception")
try:
    handler_does_not_catch()
except SystemExit as e:
    print("passed through except Exception:", e.code)
print("now exiting with a tuple")
sys.exit((1, "two"))
