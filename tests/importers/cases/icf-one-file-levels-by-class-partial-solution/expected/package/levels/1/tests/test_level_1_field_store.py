import os
import sys

import unittest

import pytest

from field_store_impl import FieldStoreImpl


class Level1Tests(unittest.TestCase):
    def setUp(self):
        self.store = FieldStoreImpl()

    @pytest.mark.timeout(1)
    def test_level_1_case_01_set_and_get(self):
        self.store.set(1, "user", "name", "Ada")
        self.assertEqual(self.store.get(2, "user", "name"), "Ada")
        self.assertIsNone(self.store.get(3, "user", "email"))

    @pytest.mark.timeout(1)
    def test_level_1_case_02_delete(self):
        self.store.set(1, "user", "name", "Ada")
        self.assertTrue(self.store.delete(2, "user", "name"))
        self.assertFalse(self.store.delete(3, "user", "name"))


if __name__ == "__main__":
    unittest.main()
