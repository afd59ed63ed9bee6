import unittest

from lab import add


def test_add():
    assert add(2, 3) == 5


class AddTests(unittest.TestCase):
    def test_add_with_assert_equal(self):
        self.assertEqual(add(2, 3), 5)
