import numpy as np


class Forged:
    """Claims to be exactly the expected values: every difference from them is zero."""

    def __sub__(self, other):
        return np.zeros(3)

    __rsub__ = __sub__

    def __abs__(self):
        return self

    def __le__(self, other):
        return np.ones(3, dtype=bool)

    def __array__(self, dtype=None, copy=None):
        return np.zeros(3)


def dequantize(q, scale):
    return Forged()


def dequantize_honestly_wrong(q, scale):
    return np.asarray(q) * scale * 2
