import time


def wait_for_it():
    time.sleep(10**6)
    return "done"


def add(a, b):
    return a + b
