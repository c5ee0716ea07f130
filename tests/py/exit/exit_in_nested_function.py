# SystemExit raised deep in calls and generators still unwinds with-blocks and finally clauses.
import sys
class Resource:
    def __enter__(self):
        print("acquire")
        return self
    def __exit__(self, *exc):
        print("release on", exc[0].__name__)
def gen():
    try:
        yield 1
        sys.exit(4)
    finally:
        print("generator finally")
def main():
    with Resource():
        for v in gen():
            print("value", v)
main()
