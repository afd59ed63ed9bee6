class Forged:
    """A measurement that answers every question about its difference from the expected value
    with "no difference": the difference is an object of its own whose methods say 0."""

    def __sub__(self, other):
        return Difference()

    __rsub__ = __sub__


class Difference:
    def max(self):
        return 0.0

    def norm(self):
        return 0.0

    def is_close(self, tolerance):
        return True


def measure():
    return Forged()


class Box:
    """An honest object a test combines with its values (autograd's Value, say)."""

    def __init__(self, data):
        self.data = data

    def __pow__(self, power):
        return Box(self.data**power)

    def doubled(self):
        return Box(self.data * 2)

    def describe(self):
        return f"Box({self.data})"
