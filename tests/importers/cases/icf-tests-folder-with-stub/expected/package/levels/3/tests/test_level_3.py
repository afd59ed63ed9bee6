import inspect, os, sys

import unittest
import pytest
from library_system_impl import LibrarySystemImpl


class Level3Tests(unittest.TestCase):
    """
    The test class below includes 2 tests for Level 3.
    """

    @classmethod
    def setUp(cls):
        cls.library = LibrarySystemImpl()
        cls.library.add_book(1, "dune", 1)
        cls.library.add_book(2, "emma", 2)

    @pytest.mark.timeout(1)
    def test_level_3_case_01_due_timestamp(self):
        self.assertEqual(self.library.borrow_for(100, "alice", "dune", 2), 172900)
        self.assertIsNone(self.library.borrow_for(101, "bob", "dune", 2))

    @pytest.mark.timeout(1)
    def test_level_3_case_02_overdue(self):
        self.library.borrow_for(100, "bob", "emma", 1)
        self.library.borrow_for(200, "alice", "emma", 1)
        self.library.borrow(300, "carol", "dune")
        self.assertEqual(self.library.overdue(86500), [])
        self.assertEqual(self.library.overdue(86501), ["bob:emma"])
        self.assertEqual(self.library.overdue(90000), ["alice:emma", "bob:emma"])
