import inspect
import os
import signal
import sys
import unittest

import pytest

from simulation import simulate_coding_framework


class SimulationTests(unittest.TestCase):
    @pytest.mark.timeout(3)
    def test_level_2_case_01_low_stock(self):
        queries = [["ADD", "nut", "2"], ["ADD", "bolt", "9"], ["ADD", "gear", "1"], ["LOW", "5"]]
        self.assertEqual(simulate_coding_framework(queries), ["2", "9", "1", "gear(1), nut(2)"])

    @pytest.mark.timeout(1)
    def test_level_2_case_02_nothing_low(self):
        queries = [["ADD", "nut", "8"], ["LOW", "3"]]
        self.assertEqual(simulate_coding_framework(queries), ["8", ""])
