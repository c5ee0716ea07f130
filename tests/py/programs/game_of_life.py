# Conway's Game of Life on a small torus, printed for several generations.
W, H = 12, 8
def step(cells):
    counts = {}
    for (x, y) in cells:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    p = ((x + dx) % W, (y + dy) % H)
                    counts[p] = counts.get(p, 0) + 1
    return {p for p, n in counts.items() if n == 3 or (n == 2 and p in cells)}
def show(cells, gen):
    print(f"generation {gen}: {len(cells)} alive")
    for y in range(H):
        print("".join("#" if (x, y) in cells else "." for x in range(W)))
glider = {(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)}
blinker = {(8, 4), (9, 4), (10, 4)}
cells = glider | blinker
for gen in range(6):
    show(cells, gen)
    cells = step(cells)
seen = {}
cells = glider
for gen in range(200):
    key = frozenset(cells)
    if key in seen:
        print("cycle: generation", gen, "repeats", seen[key])
        break
    seen[key] = gen
    cells = step(cells)
