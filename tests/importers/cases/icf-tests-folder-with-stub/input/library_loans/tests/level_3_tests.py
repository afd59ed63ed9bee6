import inspect, os, sys
current_dir = os.path.dirname(os.path.abspath(inspect.getfile(inspect.currentframe())))
parent_dir = os.path.dirname(current_dir)
sys.path.insert(0, parent_dir)

import unittest
from timeout_decorator import timeout
from library_system_impl import LibrarySystemImpl


class Level3Tests(unittest.TestCase):
    """
    The test class below includes 2 tests for Level 3.
    """

    failureException = Exception

    @classmethod
    def setUp(cls):
        cls.library = LibrarySystemImpl()
        cls.library.add_book(1, "dune", 1)
        cls.library.add_book(2, "emma", 2)

    @timeout(0.4)
    def test_level_3_case_01_due_timestamp(self):
        self.assertEqual(self.library.borrow_for(100, "alice", "dune", 2), 172900)
        self.assertIsNone(self.library.borrow_for(101, "bob", "dune", 2))

    @timeout(0.4)
    def test_level_3_case_02_overdue(self):
        self.library.borrow_for(100, "bob", "emma", 1)
        self.library.borrow_for(200, "alice", "emma", 1)
        self.library.borrow(300, "carol", "dune")
        self.assertEqual(self.library.overdue(86500), [])
        self.assertEqual(self.library.overdue(86501), ["bob:emma"])
        self.assertEqual(self.library.overdue(90000), ["alice:emma", "bob:emma"])
