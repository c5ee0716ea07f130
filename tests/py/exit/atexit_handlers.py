# atexit handlers run after the main module finishes, in reverse registration order.
import atexit
def goodbye(name, punctuation="!"):
    print("goodbye", name + punctuation)
atexit.register(goodbye, "first")
atexit.register(goodbye, "second", punctuation="?")
@atexit.register
def decorated():
    print("decorated handler")
def removed():
    print("never: unregistered")
atexit.register(removed)
atexit.unregister(removed)
print("main body done")
