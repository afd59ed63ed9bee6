import unittest

from lab import add


class AddTests(unittest.TestCase):
    def test_add(self):
        self.assertEqual(
            add(2, 3),
            5,
            "two and three make five",
        )
