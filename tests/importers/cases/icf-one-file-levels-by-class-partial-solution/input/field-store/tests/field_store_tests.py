import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import unittest

from timeout_decorator import timeout

from field_store_impl import FieldStoreImpl


class Level1Tests(unittest.TestCase):
    failureException = Exception

    def setUp(self):
        self.store = FieldStoreImpl()

    @timeout(0.4)
    def test_level_1_case_01_set_and_get(self):
        self.store.set(1, "user", "name", "Ada")
        self.assertEqual(self.store.get(2, "user", "name"), "Ada")
        self.assertIsNone(self.store.get(3, "user", "email"))

    @timeout(0.4)
    def test_level_1_case_02_delete(self):
        self.store.set(1, "user", "name", "Ada")
        self.assertTrue(self.store.delete(2, "user", "name"))
        self.assertFalse(self.store.delete(3, "user", "name"))


class Level2Tests(unittest.TestCase):
    failureException = Exception

    def setUp(self):
        self.store = FieldStoreImpl()
        self.store.set(1, "user", "name", "Ada")
        self.store.set(2, "user", "email", "ada@example.com")
        self.store.set(3, "user", "nick", "countess")

    @timeout(0.4)
    def test_level_2_case_01_scan(self):
        self.assertEqual(self.store.scan(4, "user"), ["email(ada@example.com)", "name(Ada)", "nick(countess)"])
        self.assertEqual(self.store.scan(5, "nobody"), [])

    @timeout(0.4)
    def test_level_2_case_02_scan_by_prefix(self):
        self.assertEqual(self.store.scan_by_prefix(4, "user", "n"), ["name(Ada)", "nick(countess)"])


class Level3Tests(unittest.TestCase):
    failureException = Exception

    def setUp(self):
        self.store = FieldStoreImpl()

    @timeout(0.4)
    def test_level_3_case_01_field_expires(self):
        self.store.set_with_ttl(10, "user", "token", "abc", 5)
        self.assertEqual(self.store.get(14, "user", "token"), "abc")
        self.assertIsNone(self.store.get(15, "user", "token"))

    @timeout(0.4)
    def test_level_3_case_02_scan_skips_expired(self):
        self.store.set(10, "user", "name", "Ada")
        self.store.set_with_ttl(10, "user", "token", "abc", 5)
        self.assertEqual(self.store.scan(20, "user"), ["name(Ada)"])


if __name__ == "__main__":
    unittest.main()
