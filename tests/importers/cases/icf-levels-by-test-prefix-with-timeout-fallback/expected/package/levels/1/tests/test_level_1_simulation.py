import inspect
import os
import signal
import sys
import unittest

import pytest

from simulation import simulate_coding_framework


class SimulationTests(unittest.TestCase):
    @pytest.mark.timeout(1)
    def test_level_1_case_01_add_and_take(self):
        queries = [["ADD", "bolt", "10"], ["TAKE", "bolt", "4"], ["ADD", "bolt", "1"]]
        self.assertEqual(simulate_coding_framework(queries), ["10", "6", "7"])

    @pytest.mark.timeout(1)
    def test_level_1_case_02_take_too_many(self):
        queries = [["ADD", "nut", "2"], ["TAKE", "nut", "3"], ["TAKE", "washer", "1"]]
        self.assertEqual(simulate_coding_framework(queries), ["2", "", ""])
