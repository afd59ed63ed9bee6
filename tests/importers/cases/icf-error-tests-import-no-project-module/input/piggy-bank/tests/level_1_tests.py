import unittest

from savings.piggy import PiggyBank


class Level1Tests(unittest.TestCase):
    def test_level_1_case_01_starts_empty(self):
        self.assertEqual(PiggyBank().total(), 0)
