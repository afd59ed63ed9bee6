import unittest

from tally import Tally


class Level1Tests(unittest.TestCase):
    def test_add_counts_each_name(self):
        tally = Tally()
        tally.add("ada")
        self.assertEqual(tally.add("ada"), 2)
