import unittest

from piggy_bank import PiggyBank


class Level1Tests(unittest.TestCase):
    def test_level_1_case_01_starts_empty(self):
        self.assertEqual(PiggyBank().total(), 0)


class SmokeTests(unittest.TestCase):
    def test_it_builds(self):
        self.assertIsNotNone(PiggyBank())
