import os
import sys

import unittest

import pytest

from field_store_impl import FieldStoreImpl


class Level3Tests(unittest.TestCase):
    def setUp(self):
        self.store = FieldStoreImpl()

    @pytest.mark.timeout(1)
    def test_level_3_case_01_field_expires(self):
        self.store.set_with_ttl(10, "user", "token", "abc", 5)
        self.assertEqual(self.store.get(14, "user", "token"), "abc")
        self.assertIsNone(self.store.get(15, "user", "token"))

    @pytest.mark.timeout(1)
    def test_level_3_case_02_scan_skips_expired(self):
        self.store.set(10, "user", "name", "Ada")
        self.store.set_with_ttl(10, "user", "token", "abc", 5)
        self.assertEqual(self.store.scan(20, "user"), ["name(Ada)"])


if __name__ == "__main__":
    unittest.main()
