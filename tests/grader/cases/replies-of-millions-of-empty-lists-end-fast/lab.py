EMPTY = []


def flat():
    """16 Mi references to one empty list: 16 MiB on the wire, 16 Mi new lists when decoded."""
    return [EMPTY] * (16 * 2**20)


def nested():
    """The same, split into 16 lists of 1 Mi, each under any per-list limit."""
    row = [EMPTY] * 2**20
    return [row] * 16


def add(a, b):
    return a + b
