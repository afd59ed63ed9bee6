import sys


def add(a, b):
    for _ in range(200_000):
        print("spam " * 20)
    sys.stderr.write("x" * 5_000_000)
    return a + b
