import unittest

from tally import Tally


class Level2Tests(unittest.TestCase):
    def test_leader_breaks_ties_by_name(self):
        tally = Tally()
        tally.add("bo")
        tally.add("ada")
        self.assertEqual(tally.leader(), "ada")
