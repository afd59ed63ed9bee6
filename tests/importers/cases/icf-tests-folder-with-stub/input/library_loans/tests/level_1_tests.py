import inspect, os, sys
current_dir = os.path.dirname(os.path.abspath(inspect.getfile(inspect.currentframe())))
parent_dir = os.path.dirname(current_dir)
sys.path.insert(0, parent_dir)

import unittest
from timeout_decorator import timeout
from library_system_impl import LibrarySystemImpl


class Level1Tests(unittest.TestCase):
    """
    The test class below includes 4 tests for Level 1.

    All have the same score.
    You are not allowed to modify this file,
    but feel free to read the source code
    to better understand what is happening in every specific case.
    """

    failureException = Exception

    @classmethod
    def setUp(cls):
        cls.library = LibrarySystemImpl()

    @timeout(0.4)
    def test_level_1_case_01_add_book(self):
        self.assertTrue(self.library.add_book(1, "dune", 2))
        self.assertFalse(self.library.add_book(2, "dune", 5))
        self.assertEqual(self.library.available(3, "dune"), 2)

    @timeout(0.4)
    def test_level_1_case_02_borrow_until_none_left(self):
        self.library.add_book(1, "emma", 1)
        self.assertTrue(self.library.borrow(2, "alice", "emma"))
        self.assertFalse(self.library.borrow(3, "bob", "emma"))
        self.assertEqual(self.library.available(4, "emma"), 0)

    @timeout(0.4)
    def test_level_1_case_03_return_book(self):
        self.library.add_book(1, "emma", 1)
        self.library.borrow(2, "alice", "emma")
        self.assertFalse(self.library.return_book(3, "bob", "emma"))
        self.assertTrue(self.library.return_book(4, "alice", "emma"))
        self.assertEqual(self.library.available(5, "emma"), 1)

    @timeout(0.4)
    def test_level_1_case_04_unknown_book(self):
        self.assertFalse(self.library.borrow(1, "alice", "ulysses"))
        self.assertIsNone(self.library.available(2, "ulysses"))
