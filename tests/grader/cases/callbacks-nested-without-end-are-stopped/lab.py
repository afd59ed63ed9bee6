def call(function, depth):
    return function(depth)


def add(a, b):
    return a + b
