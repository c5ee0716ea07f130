# Operator precedence and associativity.
print(2 + 3 * 4, (2 + 3) * 4, 2 ** 3 ** 2, (2 ** 3) ** 2, -2 ** 2, 2 ** -1)
print(10 - 4 - 3, 10 - (4 - 3), 100 / 10 / 5, 2 * 3 % 4, 2 * (3 % 4), 7 // 2 * 2)
print(1 + 2 << 3, 1 + (2 << 3), 6 & 3 | 8, 6 & (3 | 8), 1 | 2 ^ 3 & 4, 5 ^ 3 & 1)
print(not 1 == 2, not (1 == 2), (not 1) == 2, 1 < 2 == 2, 1 < (2 == 2))
print(0 or 1 and 2, (0 or 1) and 2, 1 and 0 or 3, not 0 and 1, not (0 and 1))
print(3 if 1 else 4 + 10, (3 if 0 else 4) + 10, 1 + 2 if False else 3 + 4)
print(-3 // 2, -(3 // 2), ~1 + 1, ~(1 + 1), - - 1, 2 * -1, 2 ** ~1)
print("a" + "b" * 3, ("a" + "b") * 3, [1] * 2 + [2], 3 * [0] * 2)
f = lambda x: x + 1 if x else 0
print(f(1), f(0), (lambda: 1 or 2)())
print(1 in [1] == True, (1 in [1]) == True, 2 not in [1] and 3 in [3], [] is not None)
print(5 - -3, 5 + +3, 5 - +3, 2 * 3 ** 2, (-8) // 3 * 3 + (-8) % 3, 2 ** 2 ** 0)
x = 5
print(x > 3 and x < 10 or x == 0, x < 3 or x > 4 and x < 6, 1 + 2 == 3 != 4)
print(divmod(17, 5) == (17 // 5, 17 % 5), 17 % 5 ** 2, (17 % 5) ** 2, 1 << 2 ** 3, -1 ** 0.5)
a = [1, 2, 3]
print(a[1] ** 2, -a[0], a[-1] * a[0] + a[1], not a, [*a] * 2, a[0:2][::-1][0])
