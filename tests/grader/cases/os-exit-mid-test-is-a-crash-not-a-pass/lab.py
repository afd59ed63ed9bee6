import os


def quit_quietly():
    os._exit(0)


def add(a, b):
    return a + b
