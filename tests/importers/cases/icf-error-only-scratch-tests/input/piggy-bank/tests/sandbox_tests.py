import unittest

from piggy_bank import PiggyBank


class SandboxTests(unittest.TestCase):
    def test_sandbox_case_1(self):
        self.assertIsNotNone(PiggyBank())
