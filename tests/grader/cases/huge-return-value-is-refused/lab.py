def blob():
    return b"x" * (80 * 1024 * 1024)


def add(a, b):
    return a + b
