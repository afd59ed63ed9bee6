import sys
import unittest

import pytest

from lab import add


def test_add():
    assert add(2, 3) == 5


@pytest.mark.skip(reason="extra credit")
def test_marked_skip():
    assert add(2, 3) == 6


@pytest.mark.skipif(sys.version_info > (3,), reason="only on Python 2")
def test_skipif_true():
    assert add(2, 3) == 6


class AddTests(unittest.TestCase):
    @unittest.skip("extra-credit")
    def test_unittest_skip(self):
        self.assertEqual(add(1, 1), 3)

    def test_add_in_unittest(self):
        self.assertEqual(add(1, 1), 2)


@unittest.skip("a whole class of extra credit")
class ExtraCreditTests(unittest.TestCase):
    def test_in_a_skipped_class(self):
        self.assertEqual(add(1, 1), 3)
