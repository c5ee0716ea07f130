# Primes, gcd/lcm, modular inverse, a toy RSA round trip, perfect numbers, continued fractions.
import math
def sieve(n):
    is_p = bytearray([1]) * (n + 1)
    is_p[0:2] = b"\x00\x00"
    for i in range(2, int(n ** 0.5) + 1):
        if is_p[i]:
            is_p[i * i::i] = bytes(len(range(i * i, n + 1, i)))
    return [i for i, p in enumerate(is_p) if p]
primes = sieve(10000)
print(len(primes), primes[:15], primes[-3:], sum(primes))
def factor(n):
    out, d = [], 2
    while d * d <= n:
        while n % d == 0:
            out.append(d)
            n //= d
        d += 1
    if n > 1:
        out.append(n)
    return out
for n in [1, 2, 360, 9973, 2 ** 32 + 1, 600851475143, 10 ** 12 + 39]:
    print(n, factor(n))
print(math.gcd(462, 1071), math.gcd(0, 5), math.gcd(-12, 18), math.lcm(4, 6, 10), math.gcd(2 ** 100, 6 ** 50), math.isqrt(10 ** 20 + 1))
def egcd(a, b):
    if b == 0:
        return a, 1, 0
    g, x, y = egcd(b, a % b)
    return g, y, x - (a // b) * y
p, q = 1000003, 1000033
n, phi, e = p * q, (p - 1) * (q - 1), 65537
g, x, _ = egcd(e, phi)
d = x % phi
print(g, d == pow(e, -1, phi), d)
msg = int.from_bytes(b"hi!", "big")
cipher = pow(msg, e, n)
plain = pow(cipher, d, n)
print(msg, cipher, plain.to_bytes(3, "big"))
perfect = [k for k in range(2, 10000) if sum(dv for dv in range(1, k // 2 + 1) if k % dv == 0) == k]
print(perfect)
def cont_frac(num, den, terms=12):
    out = []
    while den and len(out) < terms:
        a = num // den
        out.append(a)
        num, den = den, num - a * den
    return out
print(cont_frac(415, 93), cont_frac(math.isqrt(2 * 10 ** 40), 10 ** 20))
collatz = {}
def steps(k):
    s = 0
    while k != 1:
        k = k // 2 if k % 2 == 0 else 3 * k + 1
        s += 1
    return s
best = max(range(1, 10000), key=steps)
print(best, steps(best), math.comb(50, 25), math.perm(10, 3), math.factorial(25), math.prod(range(1, 11)))
print([n for n in range(1, 100) if str(n) == str(n)[::-1] and n in set(primes)], pow(2, 10 ** 6, 10 ** 9 + 7))
