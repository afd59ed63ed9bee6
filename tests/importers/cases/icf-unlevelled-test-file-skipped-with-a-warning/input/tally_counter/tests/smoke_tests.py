import unittest

from tally import Tally


class SmokeTests(unittest.TestCase):
    def test_it_builds(self):
        self.assertIsNotNone(Tally())
