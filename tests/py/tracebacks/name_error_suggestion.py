# NameError "Did you mean" suggestion in the printed traceback.
def compute():
    counter = 10
    total = 0
    for i in range(3):
        total += i
    return totl + counter
print("computing")
compute()
