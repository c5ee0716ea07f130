# atexit handlers also run on sys.exit; an exception in one is reported ("Exception ignored
# in atexit callback") without changing the exit status.
import atexit, sys
class Broken:
    def __call__(self):
        raise ValueError("handler failed")
    def __repr__(self):
        return "<Broken handler>"
def fine():
    print("fine handler ran")
atexit.register(fine)
atexit.register(Broken())
print("exiting with 2")
sys.exit(2)
