import ctypes


def peek():
    return ctypes.string_at(0)


def add(a, b):
    return a + b
