def count_coins(jar):
    pass


def jar_value(jar):
    pass
