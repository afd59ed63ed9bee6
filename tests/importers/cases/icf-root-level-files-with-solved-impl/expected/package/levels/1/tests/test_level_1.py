import os
import sys

import unittest
import pytest
from parcel_lockers_impl import ParcelLockersImpl


class Level1Tests(unittest.TestCase):
	def setUp(self):
		self.lockers = ParcelLockersImpl()
		self.lockers.add_locker(1, "a1", "S")
		self.lockers.add_locker(2, "a2", "S")
		self.lockers.add_locker(3, "b1", "M")
		self.lockers.add_locker(4, "c1", "L")

	@pytest.mark.timeout(1)
	def test_level_1_case_01_add_locker(self):
		self.assertFalse(self.lockers.add_locker(5, "a1", "L"))
		self.assertTrue(self.lockers.add_locker(6, "c2", "L"))

	@pytest.mark.timeout(1)
	def test_level_1_case_02_smallest_free_locker(self):
		self.assertEqual(self.lockers.deposit(10, "p1", "S"), "a1")
		self.assertEqual(self.lockers.deposit(11, "p2", "S"), "a2")
		self.assertEqual(self.lockers.deposit(12, "p3", "S"), "b1")
		self.assertEqual(self.lockers.deposit(13, "p4", "M"), "c1")
		self.assertIsNone(self.lockers.deposit(14, "p5", "S"))

	@pytest.mark.timeout(1)
	def test_level_1_case_03_pick_up(self):
		self.lockers.deposit(10, "p1", "L")
		self.assertEqual(self.lockers.pick_up(11, "p1"), "c1")
		self.assertIsNone(self.lockers.pick_up(12, "p1"))
		self.assertEqual(self.lockers.deposit(13, "p2", "L"), "c1")
