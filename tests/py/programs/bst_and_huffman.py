# A binary search tree with deletion and traversals; Huffman coding with heapq.
import heapq
from collections import Counter
class Node:
    __slots__ = ("key", "left", "right")
    def __init__(self, key):
        self.key, self.left, self.right = key, None, None
class BST:
    def __init__(self):
        self.root = None
        self.size = 0
    def insert(self, key):
        def ins(n):
            if n is None:
                self.size += 1
                return Node(key)
            if key < n.key:
                n.left = ins(n.left)
            elif key > n.key:
                n.right = ins(n.right)
            return n
        self.root = ins(self.root)
    def delete(self, key):
        def dele(n, key):
            if n is None:
                raise KeyError(key)
            if key < n.key:
                n.left = dele(n.left, key)
            elif key > n.key:
                n.right = dele(n.right, key)
            else:
                if n.left is None:
                    return n.right
                if n.right is None:
                    return n.left
                succ = n.right
                while succ.left:
                    succ = succ.left
                n.key = succ.key
                n.right = dele(n.right, succ.key)
            return n
        self.root = dele(self.root, key)
        self.size -= 1
    def inorder(self):
        def walk(n):
            if n:
                yield from walk(n.left)
                yield n.key
                yield from walk(n.right)
        return list(walk(self.root))
    def preorder(self):
        out, stack = [], [self.root]
        while stack:
            n = stack.pop()
            if n:
                out.append(n.key)
                stack.extend([n.right, n.left])
        return out
    def height(self):
        def h(n):
            return 0 if n is None else 1 + max(h(n.left), h(n.right))
        return h(self.root)
t = BST()
for k in [50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 30]:
    t.insert(k)
print(t.size, t.inorder(), t.preorder(), t.height())
for k in [20, 30, 50, 99]:
    try:
        t.delete(k)
        print("deleted", k, t.inorder(), t.preorder())
    except KeyError as e:
        print("KeyError", e)
text = "this is an example of a huffman tree built from a sample sentence"
freq = Counter(text)
heap = [[w, i, [ch, ""]] for i, (ch, w) in enumerate(sorted(freq.items()))]
heapq.heapify(heap)
counter = len(heap)
while len(heap) > 1:
    lo = heapq.heappop(heap)
    hi = heapq.heappop(heap)
    for pair in lo[2:]:
        pair[1] = "0" + pair[1]
    for pair in hi[2:]:
        pair[1] = "1" + pair[1]
    heapq.heappush(heap, [lo[0] + hi[0], counter] + lo[2:] + hi[2:])
    counter += 1
codes = dict(sorted((ch, code) for ch, code in heap[0][2:]))
for ch, code in sorted(codes.items(), key=lambda kv: (len(kv[1]), kv[0])):
    print(repr(ch), freq[ch], code)
encoded = "".join(codes[c] for c in text)
decode = {v: k for k, v in codes.items()}
out, buf = [], ""
for bit in encoded:
    buf += bit
    if buf in decode:
        out.append(decode[buf])
        buf = ""
print(len(encoded), len(text) * 8, "".join(out) == text)
