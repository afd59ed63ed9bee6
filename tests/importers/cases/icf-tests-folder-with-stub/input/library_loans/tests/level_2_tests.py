import inspect, os, sys
current_dir = os.path.dirname(os.path.abspath(inspect.getfile(inspect.currentframe())))
parent_dir = os.path.dirname(current_dir)
sys.path.insert(0, parent_dir)

import unittest
from timeout_decorator import timeout
from library_system_impl import LibrarySystemImpl


class Level2Tests(unittest.TestCase):
    """
    The test class below includes 2 tests for Level 2.
    """

    failureException = Exception

    @classmethod
    def setUp(cls):
        cls.library = LibrarySystemImpl()
        cls.library.add_book(1, "dune", 5)
        cls.library.add_book(2, "emma", 5)

    @timeout(0.4)
    def test_level_2_case_01_top_readers(self):
        for time, member in enumerate(["bob", "alice", "alice", "carol", "bob", "alice"], 10):
            self.library.borrow(time, member, "dune")
        self.assertEqual(self.library.top_readers(20, 2), ["alice(3)", "bob(2)"])

    @timeout(0.4)
    def test_level_2_case_02_ties_and_returns(self):
        self.library.borrow(10, "zoe", "dune")
        self.library.borrow(11, "adam", "emma")
        self.library.return_book(12, "zoe", "dune")
        self.assertEqual(self.library.top_readers(13, 5), ["adam(1)", "zoe(1)"])
