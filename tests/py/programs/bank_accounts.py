# A small bank: accounts, transactions, overdraft errors, statements.
class InsufficientFunds(Exception):
    pass
class Account:
    _next_id = 1000
    def __init__(self, owner, balance=0):
        self.id = Account._next_id
        Account._next_id += 1
        self.owner = owner
        self.balance = balance
        self.history = [("open", balance)]
    def deposit(self, amount):
        if amount <= 0:
            raise ValueError(f"deposit must be positive, got {amount}")
        self.balance += amount
        self.history.append(("deposit", amount))
    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(f"{self.owner}: balance {self.balance} < {amount}")
        self.balance -= amount
        self.history.append(("withdraw", amount))
    def __repr__(self):
        return f"Account({self.id}, {self.owner!r}, {self.balance})"
class Bank:
    def __init__(self):
        self.accounts = {}
    def open(self, owner, balance=0):
        acct = Account(owner, balance)
        self.accounts[acct.id] = acct
        return acct
    def transfer(self, src, dst, amount):
        a, b = self.accounts[src], self.accounts[dst]
        a.withdraw(amount)
        b.deposit(amount)
    def total(self):
        return sum(a.balance for a in self.accounts.values())
bank = Bank()
alice = bank.open("alice", 100)
bob = bank.open("bob")
carol = bank.open("carol", 250)
ops = [("transfer", alice.id, bob.id, 30), ("transfer", bob.id, carol.id, 50), ("deposit", bob.id, 0), ("transfer", carol.id, alice.id, 125),
       ("withdraw", alice.id, 195), ("transfer", 9999, alice.id, 1), ("deposit", carol.id, 10)]
for op in ops:
    try:
        if op[0] == "transfer":
            bank.transfer(*op[1:])
        else:
            getattr(bank.accounts[op[1]], op[0])(op[2])
        print("ok  ", op)
    except InsufficientFunds as e:
        print("FAIL", op, "->", e)
    except (ValueError, KeyError) as e:
        print("ERR ", op, "->", type(e).__name__, e)
for acct in sorted(bank.accounts.values(), key=lambda a: -a.balance):
    print(acct, acct.history)
print("total", bank.total())
