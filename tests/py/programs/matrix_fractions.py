# Exact linear algebra with Fractions: determinant, inverse, solving a system.
from fractions import Fraction as F
def mat(rows):
    return [[F(x) for x in r] for r in rows]
def show(m):
    w = max(len(str(x)) for r in m for x in r)
    for r in m:
        print("  [" + " ".join(str(x).rjust(w) for x in r) + "]")
def mul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]
def det(m):
    m = [r[:] for r in m]
    n, d = len(m), F(1)
    for c in range(n):
        p = next((r for r in range(c, n) if m[r][c] != 0), None)
        if p is None:
            return F(0)
        if p != c:
            m[c], m[p] = m[p], m[c]
            d = -d
        d *= m[c][c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            m[r] = [a - f * b for a, b in zip(m[r], m[c])]
    return d
def inverse(m):
    n = len(m)
    aug = [r[:] + [F(int(i == j)) for j in range(n)] for i, r in enumerate(m)]
    for c in range(n):
        p = next(r for r in range(c, n) if aug[r][c] != 0)
        aug[c], aug[p] = aug[p], aug[c]
        pv = aug[c][c]
        aug[c] = [x / pv for x in aug[c]]
        for r in range(n):
            if r != c:
                f = aug[r][c]
                aug[r] = [a - f * b for a, b in zip(aug[r], aug[c])]
    return [r[n:] for r in aug]
A = mat([[2, 1, -1], [-3, -1, 2], [-2, 1, 2]])
b = [F(8), F(-11), F(-3)]
print("det", det(A))
inv = inverse(A)
print("inverse:")
show(inv)
print("A * inv:")
show(mul(A, inv))
x = [sum(inv[i][j] * b[j] for j in range(3)) for i in range(3)]
print("solution", x, [str(v) for v in x])
H = mat([[F(1, i + j + 1) for j in range(4)] for i in range(4)])
print("hilbert det", det(H), float(det(H)))
show(inverse(H))
print(det(mat([[1, 2], [2, 4]])), F(3, 4) + F(1, 6), F(-7, 3) // 2, F(7, 3) % 1, F("0.125"), F(1.5), F(1, 3).limit_denominator(10))
print(F(355, 113) - F(22, 7), round(F(22, 7), 2), F(2, 3) ** 3, F(4, 9) ** F(1, 2), abs(F(-1, 2)), F(6, 4).numerator, F(6, 4).denominator)
