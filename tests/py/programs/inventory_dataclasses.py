# Inventory management with dataclasses, enums and sorting.
from dataclasses import dataclass, field, asdict, replace
import enum
class Category(enum.Enum):
    TOOL = "tool"
    FOOD = "food"
    TOY = "toy"
@dataclass(order=True)
class Item:
    sort_key: tuple = field(init=False, repr=False)
    name: str
    category: Category
    price_cents: int
    qty: int = 0
    tags: list = field(default_factory=list)
    def __post_init__(self):
        self.sort_key = (self.category.value, self.name)
    @property
    def value(self):
        return self.price_cents * self.qty
@dataclass(frozen=True)
class Sale:
    item: str
    qty: int
stock = [Item("hammer", Category.TOOL, 1599, 10, ["steel"]), Item("apple", Category.FOOD, 45, 200), Item("yoyo", Category.TOY, 350, 12),
         Item("saw", Category.TOOL, 2499, 3), Item("bread", Category.FOOD, 299, 20, ["fresh"])]
for it in sorted(stock):
    print(it)
print(asdict(stock[0]))
by_name = {i.name: i for i in stock}
sales = [Sale("apple", 50), Sale("saw", 5), Sale("yoyo", 12), Sale("kite", 1), Sale("bread", 3)]
for s in sales:
    item = by_name.get(s.item)
    if item is None:
        print(f"unknown item {s.item!r}")
    elif item.qty < s.qty:
        print(f"cannot sell {s.qty} {s.item}: only {item.qty}")
    else:
        item.qty -= s.qty
        print(f"sold {s.qty} {s.item} for ${s.qty * item.price_cents / 100:.2f}")
totals = {}
for it in stock:
    totals[it.category.name] = totals.get(it.category.name, 0) + it.value
print(totals, f"${sum(totals.values()) / 100:,.2f}")
print([i.name for i in stock if i.qty == 0], replace(stock[1], qty=1).qty, stock[1].qty)
try:
    sales[0].qty = 1
except Exception as e:
    print(type(e).__name__, e)
print(Sale("x", 1) == Sale("x", 1), hash(Sale("x", 1)) == hash(Sale("x", 1)), Category("toy"), Category.TOY.value, list(Category))
print(Item.__dataclass_fields__.keys(), repr(Sale("a", 2)))
