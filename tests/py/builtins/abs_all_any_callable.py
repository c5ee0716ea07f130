# abs, all, any, callable, ascii, bin/oct/hex, chr/ord.
print(abs(-5), abs(5), abs(-0.0), abs(-2.5), abs(3 + 4j), abs(True), abs(-(10 ** 30)), abs(float("-inf")))
class A:
    def __abs__(self):
        return "custom abs"
print(abs(A()))
try:
    abs("x")
except TypeError as e:
    print("TypeError:", e)
print(all([]), all([1, "a", [0]]), all([1, 0]), all(iter([True, True])), all(x > 0 for x in range(1, 5)), all("abc"), all([[]]))
print(any([]), any([0, "", None]), any([0, 1]), any(x > 3 for x in range(5)), any(""), any([[]]), any({0: 1}))
def lazy():
    yield 1
    yield 0
    raise AssertionError("should have stopped")
print(all(lazy()), any(iter([0, 2, "unreached"])))
print(callable(len), callable(lambda: 0), callable(1), callable(int), callable("s".upper), callable(A), callable(A()))
print(ascii("plain"), ascii("é"), ascii("日本"), ascii("😀"), ascii(["é", b"\xff"]), ascii(1.5), ascii("\n"))
for n in [0, 1, -1, 10, 255, -255, 2 ** 40, -(2 ** 70)]:
    print(n, bin(n), oct(n), hex(n), format(n, "b"), f"{n:#x}")
class I:
    def __index__(self):
        return 10
print(bin(I()), oct(I()), hex(I()))
for bad in [1.5, "1", None]:
    try:
        hex(bad)
    except TypeError as e:
        print("TypeError:", e)
print(chr(65), chr(0x1F600), chr(0), repr(chr(0x10FFFF)), ord("A"), ord("é"), ord("😀"), ord(b"a"), ord(bytearray(b"z")))
for bad in [lambda: chr(-1), lambda: chr(0x110000), lambda: chr("a"), lambda: ord("ab"), lambda: ord(""), lambda: ord(1), lambda: chr(1.0)]:
    try:
        bad()
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__ + ":", e)
print("".join(chr(ord(c) + 1) for c in "HAL"), [ord(c) for c in "AZaz09"], chr(97).upper())
