import inspect
import os
import signal
import sys
import unittest

try:
    from timeout_decorator import timeout as _timeout
    if hasattr(signal, "SIGALRM"):
        timeout = _timeout
    else:
        raise ModuleNotFoundError
except ModuleNotFoundError:
    def timeout(_seconds):
        def _decorator(func):
            return func
        return _decorator

current_dir = os.path.dirname(os.path.abspath(inspect.getfile(inspect.currentframe())))
parent_dir = os.path.dirname(current_dir)
sys.path.insert(0, parent_dir)

from simulation import simulate_coding_framework


class SimulationTests(unittest.TestCase):
    failureException = Exception

    @timeout(0.4)
    def test_level_1_case_01_add_and_take(self):
        queries = [["ADD", "bolt", "10"], ["TAKE", "bolt", "4"], ["ADD", "bolt", "1"]]
        self.assertEqual(simulate_coding_framework(queries), ["10", "6", "7"])

    @timeout(0.4)
    def test_level_1_case_02_take_too_many(self):
        queries = [["ADD", "nut", "2"], ["TAKE", "nut", "3"], ["TAKE", "washer", "1"]]
        self.assertEqual(simulate_coding_framework(queries), ["2", "", ""])

    @timeout(3)
    def test_level_2_case_01_low_stock(self):
        queries = [["ADD", "nut", "2"], ["ADD", "bolt", "9"], ["ADD", "gear", "1"], ["LOW", "5"]]
        self.assertEqual(simulate_coding_framework(queries), ["2", "9", "1", "gear(1), nut(2)"])

    @timeout(0.4)
    def test_level_2_case_02_nothing_low(self):
        queries = [["ADD", "nut", "8"], ["LOW", "3"]]
        self.assertEqual(simulate_coding_framework(queries), ["8", ""])
