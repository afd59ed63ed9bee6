def _check(amount):
    if amount < 0:
        raise ValueError(f"negative amount: {amount}")


def deposit(amount):
    _check(amount)
    return amount
