import unittest

import pytest
from brew import boil_minutes, steep_minutes


class Level1Tests(unittest.TestCase):
    def test_steep_green_tea(self):
        """Green tea steeps for three minutes."""
        self.assertEqual(steep_minutes("green"), 3)

    def test_boil_one_cup(self):
        self.assertEqual(boil_minutes(1), 2)

    def test_a_cup_of_black_tea(self):
        # black tea needs longer
        minutes = steep_minutes("black")
        self.assertEqual(minutes, 5)


@pytest.mark.parametrize("cups, minutes", [(2, 4), (3, 6)])
def test_boil_many_cups(cups, minutes):
    assert boil_minutes(cups) == minutes
