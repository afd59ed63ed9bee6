# Values larger than a shared-memory slot, in both directions.


def echo_length(values):
    return len(values)


def big_text(size):
    return "levelup " * (size // 8)


def big_list(size):
    return list(range(size))
