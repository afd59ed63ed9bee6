class InsufficientFunds(ValueError):
    pass


def withdraw(balance, amount):
    if amount > balance:
        raise InsufficientFunds(f"cannot withdraw {amount} from {balance}")
    return balance - amount


def lookup(key):
    raise KeyError(key)
