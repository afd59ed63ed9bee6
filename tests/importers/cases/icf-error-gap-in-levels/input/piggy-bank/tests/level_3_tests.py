import unittest

from piggy_bank import PiggyBank


class Level3Tests(unittest.TestCase):
    def test_level_3_case_01_starts_empty(self):
        self.assertEqual(PiggyBank().total(), 0)
