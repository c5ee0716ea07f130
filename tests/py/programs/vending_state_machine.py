# A vending machine as an explicit state machine driven by an event script; match statements.
from enum import Enum, auto
class State(Enum):
    IDLE = auto()
    COLLECTING = auto()
    DISPENSING = auto()
    OUT_OF_ORDER = auto()
PRICES = {"cola": 125, "chips": 75, "gum": 30}
class Machine:
    def __init__(self):
        self.state = State.IDLE
        self.credit = 0
        self.stock = {"cola": 1, "chips": 2, "gum": 0}
        self.bank = 0
    def handle(self, event):
        match (self.state, event):
            case (State.OUT_OF_ORDER, ("repair",)):
                self.state = State.IDLE
                return "repaired"
            case (State.OUT_OF_ORDER, _):
                return "out of order"
            case (_, ("coin", int(v))) if v in (5, 10, 25, 100):
                self.credit += v
                self.state = State.COLLECTING
                return f"credit {self.credit}"
            case (_, ("coin", v)):
                return f"rejected coin {v!r}"
            case (State.COLLECTING, ("select", name)) if name not in PRICES:
                return f"unknown product {name}"
            case (State.COLLECTING, ("select", name)) if self.stock[name] == 0:
                return f"{name} sold out"
            case (State.COLLECTING, ("select", name)) if self.credit < PRICES[name]:
                return f"need {PRICES[name] - self.credit} more for {name}"
            case (State.COLLECTING, ("select", name)):
                self.state = State.DISPENSING
                self.stock[name] -= 1
                change = self.credit - PRICES[name]
                self.bank += PRICES[name]
                self.credit = 0
                self.state = State.IDLE
                return f"dispensed {name}, change {make_change(change)}"
            case (State.IDLE, ("select", _)):
                return "insert coins first"
            case (_, ("refund",)):
                amount, self.credit = self.credit, 0
                self.state = State.IDLE
                return f"refunded {make_change(amount)}"
            case (_, ("kick",)):
                self.state = State.OUT_OF_ORDER
                return "machine broke"
            case _:
                return f"ignored {event!r} in {self.state.name}"
def make_change(amount):
    coins = []
    for c in (100, 25, 10, 5):
        n, amount = divmod(amount, c)
        coins += [c] * n
    return coins
m = Machine()
script = [("select", "cola"), ("coin", 100), ("coin", 3), ("select", "cola"), ("coin", 25), ("coin", 25), ("select", "cola"),
          ("coin", 100), ("coin", 100), ("select", "cola"), ("select", "gum"), ("select", "tea"), ("select", "chips"),
          ("coin", "token"), ("kick",), ("coin", 25), ("repair",), ("refund",), ("dance",)]
for ev in script:
    print(f"{str(ev):<22} {m.state.name:<12} -> {m.handle(ev)}")
print(m.stock, m.bank, m.credit, m.state)
