# An uncaught RecursionError: the traceback collapses repeated lines.
import sys
sys.setrecursionlimit(60)
def walk(node):
    return walk(node + 1)
print("walking")
walk(0)
