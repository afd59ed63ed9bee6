def hoard():
    blocks = []
    for _ in range(40):  # a safety net of its own: 2 GB at most, should the limit be missing
        blocks.append(bytearray(50 * 1024 * 1024))
    return len(blocks)


def add(a, b):
    return a + b
