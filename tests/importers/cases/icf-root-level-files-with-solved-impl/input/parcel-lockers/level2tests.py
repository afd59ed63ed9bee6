import os
import sys
sys.path.append(os.path.dirname(os.path.abspath(__file__)))

import unittest
import timeout_decorator
from parcel_lockers_impl import ParcelLockersImpl


class Level2Tests(unittest.TestCase):
	failureException = Exception

	def setUp(self):
		self.lockers = ParcelLockersImpl()
		self.lockers.add_locker(1, "a1", "S")
		self.lockers.add_locker(2, "a2", "S")
		self.lockers.add_locker(3, "b1", "M")
		self.lockers.add_locker(4, "c1", "L")

	@timeout_decorator.timeout(0.4)
	def test_level_2_case_01_empty_occupancy(self):
		self.assertEqual(self.lockers.occupancy(10), "S:0/2, M:0/1, L:0/1")

	@timeout_decorator.timeout(0.4)
	def test_level_2_case_02_occupancy_counts_locker_sizes(self):
		self.lockers.deposit(10, "p1", "S")
		self.lockers.deposit(11, "p2", "L")
		self.lockers.deposit(12, "p3", "M")
		self.lockers.pick_up(13, "p1")
		self.assertEqual(self.lockers.occupancy(14), "S:0/2, M:1/1, L:1/1")
