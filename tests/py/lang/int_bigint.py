# Arbitrary-precision integers.
def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r

f50 = fact(50)
print(f50)
print(len(str(fact(300))), str(fact(300))[:30], str(fact(300))[-80:])
print(2 ** 200)
print(-(3 ** 150))
print((2 ** 200) // (3 ** 50), (2 ** 200) % (3 ** 50))
print(divmod(-(10 ** 40), 7 ** 20))
print((10 ** 30 + 7) * (10 ** 30 - 7))
print(hex(2 ** 130 - 1), oct(2 ** 70), bin(2 ** 65 + 5))
print(int("9" * 60) + 1)
print(int("-" + "1234567890" * 5))
a = 2 ** 127 - 1
b = 2 ** 89 - 1
print(a * b, a // b, a % b, a & b, a | b, a ^ (b << 20))
print(a >> 64, a << 64, -a >> 64, ~a)
print((-a) // 12345678901234567890, (-a) % 12345678901234567890)
print(pow(a, 3, 10 ** 20 + 39), pow(123456789, 1000, 2 ** 64))
print(abs(-(10 ** 25)), -(-(10 ** 25)), (10 ** 25).bit_length())
n = 1
for k in range(100):
    n = n * 3 + k
print(n, n.bit_length(), n.bit_count())
print(f50 == fact(50), f50 > fact(49), f50 < 1e70, f50 > 1e60, float(f50))
print(int(1e22), int(-1.5e19), int(2.0 ** 80), 2 ** 80 == 2.0 ** 80)
print(10 ** 18 * 10 ** 18 // 10 ** 35, (10 ** 50) / (10 ** 48))
print(sum(range(10 ** 6)), sum(i * i for i in range(1000)))
fib = [0, 1]
while len(fib) < 200:
    fib.append(fib[-1] + fib[-2])
print(fib[199], fib[199] % 1000000007)
print(str(-(2 ** 64)), repr(2 ** 64), format(2 ** 64, ","), format(-(2 ** 64), "_x"))
print(hash(2 ** 61 - 1), hash(2 ** 61), hash(-(2 ** 61)), hash(2 ** 100), hash(-1), hash(-2))
print((12345678901234567890123).to_bytes(10, "big"), int.from_bytes(b"\xff" * 9, "little", signed=True))
