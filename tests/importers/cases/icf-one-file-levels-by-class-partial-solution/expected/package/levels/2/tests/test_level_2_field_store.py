import os
import sys

import unittest

import pytest

from field_store_impl import FieldStoreImpl


class Level2Tests(unittest.TestCase):
    def setUp(self):
        self.store = FieldStoreImpl()
        self.store.set(1, "user", "name", "Ada")
        self.store.set(2, "user", "email", "ada@example.com")
        self.store.set(3, "user", "nick", "countess")

    @pytest.mark.timeout(1)
    def test_level_2_case_01_scan(self):
        self.assertEqual(self.store.scan(4, "user"), ["email(ada@example.com)", "name(Ada)", "nick(countess)"])
        self.assertEqual(self.store.scan(5, "nobody"), [])

    @pytest.mark.timeout(1)
    def test_level_2_case_02_scan_by_prefix(self):
        self.assertEqual(self.store.scan_by_prefix(4, "user", "n"), ["name(Ada)", "nick(countess)"])


if __name__ == "__main__":
    unittest.main()
