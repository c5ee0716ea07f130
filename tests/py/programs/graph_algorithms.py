# Graph algorithms: BFS, DFS, Dijkstra with heapq, topological sort, connected components.
import heapq
from collections import deque, defaultdict
edges = [("a", "b", 4), ("a", "c", 2), ("b", "c", 5), ("b", "d", 10), ("c", "e", 3), ("e", "d", 4), ("d", "f", 11), ("g", "h", 1)]
graph = defaultdict(list)
for u, v, w in edges:
    graph[u].append((v, w))
    graph[v].append((u, w))
def bfs(start):
    seen, order, q = {start}, [], deque([start])
    while q:
        n = q.popleft()
        order.append(n)
        for m, _ in sorted(graph[n]):
            if m not in seen:
                seen.add(m)
                q.append(m)
    return order
def dfs(start, seen=None):
    seen = seen if seen is not None else []
    seen.append(start)
    for m, _ in sorted(graph[start]):
        if m not in seen:
            dfs(m, seen)
    return seen
def dijkstra(src):
    dist, prev = {src: 0}, {}
    pq = [(0, src)]
    while pq:
        d, n = heapq.heappop(pq)
        if d > dist[n]:
            continue
        for m, w in graph[n]:
            nd = d + w
            if nd < dist.get(m, float("inf")):
                dist[m], prev[m] = nd, n
                heapq.heappush(pq, (nd, m))
    return dist, prev
def path(prev, target):
    p = [target]
    while p[-1] in prev:
        p.append(prev[p[-1]])
    return p[::-1]
print("bfs", bfs("a"))
print("dfs", dfs("a"))
dist, prev = dijkstra("a")
print("dist", sorted(dist.items()))
print("path a->f", path(prev, "f"), "path a->d", path(prev, "d"))
def components():
    seen, comps = set(), []
    for n in sorted(graph):
        if n not in seen:
            comp = dfs(n, [])
            seen.update(comp)
            comps.append(sorted(comp))
    return comps
print("components", components())
deps = {"app": ["lib", "utils"], "lib": ["core"], "utils": ["core", "log"], "core": [], "log": [], "tests": ["app"]}
def toposort(deps):
    indeg = {k: 0 for k in deps}
    for k, vs in deps.items():
        for v in vs:
            indeg[k] += 1
    users = defaultdict(list)
    for k, vs in deps.items():
        for v in vs:
            users[v].append(k)
    ready = sorted(k for k, d in indeg.items() if d == 0)
    out = []
    while ready:
        n = ready.pop(0)
        out.append(n)
        for u in sorted(users[n]):
            indeg[u] -= 1
            if indeg[u] == 0:
                ready.append(u)
                ready.sort()
    return out
print("topo", toposort(deps))
h = []
for x in [5, 1, 8, 3, 9, 2]:
    heapq.heappush(h, x)
print([heapq.heappop(h) for _ in range(3)], heapq.nlargest(2, [5, 1, 8, 3]), heapq.nsmallest(2, "zebra"), list(heapq.merge([1, 4], [2, 3])))
