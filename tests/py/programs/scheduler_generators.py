# Cooperative multitasking with generators: a round-robin scheduler, channels and sleeping.
from collections import deque
class Scheduler:
    def __init__(self):
        self.ready = deque()
        self.clock = 0
        self.sleeping = []
        self.log = []
    def spawn(self, name, gen):
        self.ready.append((name, gen, None))
    def run(self):
        while self.ready or self.sleeping:
            self.sleeping.sort()
            while self.sleeping and self.sleeping[0][0] <= self.clock:
                wake, name, gen = self.sleeping.pop(0)
                self.ready.append((name, gen, None))
            if not self.ready:
                self.sleeping.sort()
                wake, name, gen = self.sleeping.pop(0)
                self.clock = wake
                self.ready.append((name, gen, None))
                continue
            name, gen, value = self.ready.popleft()
            try:
                cmd = gen.send(value)
            except StopIteration as e:
                print(f"t={self.clock:>3} {name} finished -> {e.value!r}")
                continue
            self.clock += 1
            if cmd is None:
                self.ready.append((name, gen, None))
            elif cmd[0] == "sleep":
                self.sleeping.append((self.clock + cmd[1], name, gen))
            elif cmd[0] == "now":
                self.ready.append((name, gen, self.clock))
class Channel:
    def __init__(self):
        self.items = deque()
    def put(self, x):
        self.items.append(x)
        yield
    def get(self):
        while not self.items:
            yield
        return self.items.popleft()
def producer(ch, n):
    for i in range(n):
        yield from ch.put(i * i)
        print("produced", i * i)
        yield ("sleep", 2)
    yield from ch.put(None)
    return "producer done"
def consumer(ch):
    total = 0
    while True:
        v = yield from ch.get()
        if v is None:
            return total
        t = yield ("now",)
        print(f"consumed {v} at t={t}")
        total += v
def ticker(n):
    for i in range(n):
        print("tick", i)
        yield
    return n
s = Scheduler()
ch = Channel()
s.spawn("producer", producer(ch, 4))
s.spawn("consumer", consumer(ch))
s.spawn("ticker", ticker(3))
s.run()
print("final clock", s.clock)
