import inspect, os, sys

import unittest
import pytest
from library_system_impl import LibrarySystemImpl


class Level4Tests(unittest.TestCase):
    """
    The test class below includes 2 tests for Level 4.
    """

    @classmethod
    def setUp(cls):
        cls.library = LibrarySystemImpl()
        cls.library.add_book(1, "dune", 1)

    @pytest.mark.timeout(1)
    def test_level_4_case_01_queue_places(self):
        self.library.borrow(2, "alice", "dune")
        self.assertEqual(self.library.reserve(3, "bob", "dune"), 1)
        self.assertEqual(self.library.reserve(4, "carol", "dune"), 2)
        self.assertIsNone(self.library.reserve(5, "carol", "ulysses"))

    @pytest.mark.timeout(1)
    def test_level_4_case_02_return_goes_to_the_queue(self):
        self.library.borrow(2, "alice", "dune")
        self.library.reserve(3, "bob", "dune")
        self.assertTrue(self.library.return_book(4, "alice", "dune"))
        self.assertEqual(self.library.available(5, "dune"), 0)
        self.assertTrue(self.library.return_book(6, "bob", "dune"))
        self.assertEqual(self.library.available(7, "dune"), 1)
