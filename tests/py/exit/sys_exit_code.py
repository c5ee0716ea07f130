# sys.exit(3): exit status 3, nothing on stderr; finally blocks run first.
import sys
print("about to exit")
try:
    sys.exit(3)
finally:
    print("finally runs during SystemExit")
print("never")
