def fail(number):
    """Each call raises an exception of a class of its own."""
    raise type(f"Failure{number}", (ValueError,), {})(f"failure {number}")


def add(a, b):
    return a + b
