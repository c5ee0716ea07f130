# An LRU cache built on a doubly linked list and a dict, compared with functools.lru_cache.
import functools
class _Node:
    __slots__ = ("key", "value", "prev", "next")
    def __init__(self, key=None, value=None):
        self.key, self.value, self.prev, self.next = key, value, None, None
class LRU:
    def __init__(self, capacity):
        self.capacity = capacity
        self.map = {}
        self.head, self.tail = _Node(), _Node()
        self.head.next, self.tail.prev = self.tail, self.head
        self.hits = self.misses = 0
    def _unlink(self, n):
        n.prev.next, n.next.prev = n.next, n.prev
    def _push_front(self, n):
        n.next, n.prev = self.head.next, self.head
        self.head.next.prev = n
        self.head.next = n
    def get(self, key, default=None):
        n = self.map.get(key)
        if n is None:
            self.misses += 1
            return default
        self.hits += 1
        self._unlink(n)
        self._push_front(n)
        return n.value
    def put(self, key, value):
        if key in self.map:
            n = self.map[key]
            n.value = value
            self._unlink(n)
            self._push_front(n)
            return None
        n = _Node(key, value)
        self.map[key] = n
        self._push_front(n)
        if len(self.map) > self.capacity:
            victim = self.tail.prev
            self._unlink(victim)
            del self.map[victim.key]
            return victim.key
        return None
    def keys(self):
        out, n = [], self.head.next
        while n is not self.tail:
            out.append(n.key)
            n = n.next
        return out
cache = LRU(3)
for op in ["put a 1", "put b 2", "put c 3", "get a", "put d 4", "get b", "get c", "put a 10", "put e 5", "get a", "get d"]:
    parts = op.split()
    if parts[0] == "put":
        evicted = cache.put(parts[1], int(parts[2]))
        print(op, "evicted:", evicted, cache.keys())
    else:
        print(op, "->", cache.get(parts[1]), cache.keys())
print("hits", cache.hits, "misses", cache.misses)
calls = []
@functools.lru_cache(maxsize=3)
def slow_square(x):
    calls.append(x)
    return x * x
for x in [1, 2, 3, 1, 4, 2, 5, 1]:
    slow_square(x)
print(calls, slow_square.cache_info())
slow_square.cache_clear()
print(slow_square.cache_info())
@functools.cache
def ways(n, coins=(1, 5, 10, 25, 50)):
    if n == 0:
        return 1
    if n < 0 or not coins:
        return 0
    return ways(n - coins[0], coins) + ways(n, coins[1:])
print(ways(100), ways(300), ways.cache_info().currsize > 0)
