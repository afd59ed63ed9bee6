class Liar:
    """Three items, whatever its dunder methods claim."""

    def __init__(self, claimed_length):
        self.claimed_length = claimed_length

    def __iter__(self):
        return iter([1, 2, 3])

    def __len__(self):
        return self.claimed_length

    def __str__(self):
        raise RuntimeError("no str for you")

    def __repr__(self):
        raise RuntimeError("no repr for you")

    def __format__(self, spec):
        return "[1, 2, 3]"


class Chameleon(str):
    """A str subclass whose comparisons and printing lie."""

    def __eq__(self, other):
        return True

    __hash__ = str.__hash__

    def __str__(self):
        return "expected"


def liar(claimed_length):
    return Liar(claimed_length)


def chameleon():
    return Chameleon("something else")
