def count_coins(jar):
    return len(jar)


def jar_value(jar):
    if any(coin <= 0 for coin in jar):
        raise ValueError("coin values must be positive")
    return sum(jar)
