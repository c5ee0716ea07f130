# An exception escaping a with block whose __exit__ prints, and a finally clause.
class Guard:
    def __enter__(self):
        print("enter guard")
        return self
    def __exit__(self, et, ev, tb):
        print("exit guard saw", et.__name__)
        return False
def work():
    try:
        with Guard():
            raise IndexError("list index out of range in work")
    finally:
        print("finally in work")
work()
