import inspect, os, sys

import unittest
import pytest
from library_system_impl import LibrarySystemImpl


class Level1Tests(unittest.TestCase):
    """
    The test class below includes 4 tests for Level 1.

    All have the same score.
    You are not allowed to modify this file,
    but feel free to read the source code
    to better understand what is happening in every specific case.
    """

    @classmethod
    def setUp(cls):
        cls.library = LibrarySystemImpl()

    @pytest.mark.timeout(1)
    def test_level_1_case_01_add_book(self):
        self.assertTrue(self.library.add_book(1, "dune", 2))
        self.assertFalse(self.library.add_book(2, "dune", 5))
        self.assertEqual(self.library.available(3, "dune"), 2)

    @pytest.mark.timeout(1)
    def test_level_1_case_02_borrow_until_none_left(self):
        self.library.add_book(1, "emma", 1)
        self.assertTrue(self.library.borrow(2, "alice", "emma"))
        self.assertFalse(self.library.borrow(3, "bob", "emma"))
        self.assertEqual(self.library.available(4, "emma"), 0)

    @pytest.mark.timeout(1)
    def test_level_1_case_03_return_book(self):
        self.library.add_book(1, "emma", 1)
        self.library.borrow(2, "alice", "emma")
        self.assertFalse(self.library.return_book(3, "bob", "emma"))
        self.assertTrue(self.library.return_book(4, "alice", "emma"))
        self.assertEqual(self.library.available(5, "emma"), 1)

    @pytest.mark.timeout(1)
    def test_level_1_case_04_unknown_book(self):
        self.assertFalse(self.library.borrow(1, "alice", "ulysses"))
        self.assertIsNone(self.library.available(2, "ulysses"))
