# AttributeError "Did you mean" suggestion in the printed traceback.
class Account:
    def __init__(self):
        self.balance = 100
        self.owner = "ann"
    def deposit(self, amount):
        self.balance += amount
acct = Account()
acct.deposit(5)
print(acct.balance)
acct.deposti(10)
