def nested_list(depth):
    value = []
    for _ in range(depth):
        value = [value]
    return value


def nested_tuple(depth):
    value = ()
    for _ in range(depth):
        value = (value,)
    return value


def nested_dict(depth):
    value = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def add(a, b):
    return nested_list(1000)
