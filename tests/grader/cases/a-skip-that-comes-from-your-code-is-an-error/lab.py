import unittest


def add(a, b):
    raise unittest.SkipTest("skip me, I am not ready")


def ready():
    return False
