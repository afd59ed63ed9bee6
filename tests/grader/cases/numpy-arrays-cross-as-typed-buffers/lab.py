import numpy as np


def scale(x, factor):
    return x * factor


def total(x):
    return np.sum(x, keepdims=False)


def as_int8(x):
    return np.asarray(x, dtype=np.int8)
