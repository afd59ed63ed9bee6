import unittest

import lab


class CounterTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.shared = lab.Counter()

    def test_a_increment(self):
        self.assertEqual(self.shared.increment(), 1)

    def test_b_crash(self):
        lab.crash()

    def test_c_shared_object_is_gone(self):
        self.shared.increment()

    def test_d_new_objects_work(self):
        self.assertEqual(lab.Counter().increment(), 1)
