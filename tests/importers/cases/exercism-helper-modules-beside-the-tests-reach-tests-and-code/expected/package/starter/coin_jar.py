from coin_values import COIN_VALUES


def count_coins(jar):
    pass


def jar_value(jar):
    pass
