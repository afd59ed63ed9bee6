import os
import sys
sys.path.append(os.path.dirname(os.path.abspath(__file__)))

import unittest
import timeout_decorator
from parcel_lockers_impl import ParcelLockersImpl


class Level3Tests(unittest.TestCase):
	failureException = Exception

	def setUp(self):
		self.lockers = ParcelLockersImpl()
		self.lockers.add_locker(1, "a1", "S")
		self.lockers.add_locker(2, "a2", "S")
		self.lockers.add_locker(3, "b1", "M")
		self.lockers.add_locker(4, "c1", "L")

	@timeout_decorator.timeout(0.4)
	def test_level_3_case_01_expiry_frees_the_locker(self):
		self.assertEqual(self.lockers.deposit_for(10, "p1", "L", 5), "c1")
		self.assertEqual(self.lockers.occupancy(14), "S:0/2, M:0/1, L:1/1")
		self.assertEqual(self.lockers.occupancy(15), "S:0/2, M:0/1, L:0/1")
		self.assertIsNone(self.lockers.pick_up(16, "p1"))

	@timeout_decorator.timeout(0.4)
	def test_level_3_case_02_expired_list(self):
		self.lockers.deposit_for(10, "p2", "S", 100)
		self.lockers.deposit_for(11, "p1", "S", 50)
		self.lockers.deposit(12, "p3", "S")
		self.assertEqual(self.lockers.expired(60), [])
		self.assertEqual(self.lockers.expired(61), ["p1"])
		self.assertEqual(self.lockers.expired(500), ["p1", "p2"])
