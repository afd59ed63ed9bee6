def read(path):
    with open(path) as file:
        return file.read()


def add(a, b):
    return a - b
