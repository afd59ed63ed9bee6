def hoard():
    blocks = []
    while True:
        blocks.append(bytearray(50 * 1024 * 1024))


def add(a, b):
    return a + b
