def count_coins(jar):
    return len(jar)


def jar_value(jar):
    return sum(jar)
