def interrupt():
    raise KeyboardInterrupt


def interrupt_while_iterating():
    yield 1
    raise KeyboardInterrupt


def add(a, b):
    return a + b
