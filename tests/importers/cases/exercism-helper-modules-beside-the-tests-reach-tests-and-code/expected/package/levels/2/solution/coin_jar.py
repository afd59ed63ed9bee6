from coin_values import COIN_VALUES


def count_coins(jar):
    return len(jar)


def jar_value(jar):
    return sum(COIN_VALUES[coin] for coin in jar)
