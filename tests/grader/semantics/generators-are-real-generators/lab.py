def countdown(n):
    while n > 0:
        yield n
        n -= 1


def echo():
    received = yield "ready"
    while True:
        received = yield f"got {received}"


def squares(n):
    for i in range(n):
        yield i * i
    return "done"
