import inspect, os, sys

import unittest
import pytest
from library_system_impl import LibrarySystemImpl


class Level2Tests(unittest.TestCase):
    """
    The test class below includes 2 tests for Level 2.
    """

    @classmethod
    def setUp(cls):
        cls.library = LibrarySystemImpl()
        cls.library.add_book(1, "dune", 5)
        cls.library.add_book(2, "emma", 5)

    @pytest.mark.timeout(1)
    def test_level_2_case_01_top_readers(self):
        for time, member in enumerate(["bob", "alice", "alice", "carol", "bob", "alice"], 10):
            self.library.borrow(time, member, "dune")
        self.assertEqual(self.library.top_readers(20, 2), ["alice(3)", "bob(2)"])

    @pytest.mark.timeout(1)
    def test_level_2_case_02_ties_and_returns(self):
        self.library.borrow(10, "zoe", "dune")
        self.library.borrow(11, "adam", "emma")
        self.library.return_book(12, "zoe", "dune")
        self.assertEqual(self.library.top_readers(13, 5), ["adam(1)", "zoe(1)"])
