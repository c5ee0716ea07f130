# method-call-heavy object-oriented code
class Vec:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def add(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def dot(self, o):
        return self.x * o.x + self.y * o.y

class Particle:
    def __init__(self, p, v):
        self.p = p
        self.v = v
    def step(self):
        self.p = self.p.add(self.v)
        return self.p.dot(self.v)

ps = [Particle(Vec(i, i + 1), Vec(1, -1)) for i in range(100)]
t = 0
for _ in range(2000):
    for p in ps:
        t += p.step()
print(t)
