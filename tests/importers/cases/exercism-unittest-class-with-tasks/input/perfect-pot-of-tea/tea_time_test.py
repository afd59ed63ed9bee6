import unittest
import pytest

# pylint: disable=import-error
try:
    from tea_time import (STEEP_MINUTES,
                          steeping_time_remaining,
                          boiling_time,
                          total_time)

except ImportError as import_fail:
    # pylint: disable=raise-missing-from
    item_name = import_fail.args[0].split()[3]

    if item_name == "'STEEP_MINUTES'":
        raise ImportError('\n\nMISSING CONSTANT --> \nWe can not find or import the constant '
                          f"{item_name} in your 'tea_time.py' file.\nDid you misname or forget to define it?") from None
    else:
        item_name = item_name[:-1] + "()'"
        raise ImportError("\n\nMISSING FUNCTION --> In your 'tea_time.py' file, we can not find or import the"
                          f' function named {item_name}. \nDid you misname or forget to define it?') from None


class TeaTimeTest(unittest.TestCase):

    @pytest.mark.task(taskno=1)
    def test_STEEP_MINUTES(self):
        failure_msg = 'Expected a constant of 3 for STEEP_MINUTES, but it was another value.'
        self.assertEqual(STEEP_MINUTES, 3, msg=failure_msg)

    @pytest.mark.task(taskno=2)
    def test_steeping_time_remaining(self):
        for elapsed, left in ((0, 3), (1, 2), (3, 0)):
            with self.subTest(elapsed=elapsed, left=left):
                failure_msg = f'Expected {left} minutes left after {elapsed} minutes of steeping.'
                self.assertEqual(steeping_time_remaining(elapsed), left, msg=failure_msg)

    @pytest.mark.task(taskno=3)
    def test_boiling_time(self):
        for cups, minutes in ((1, 2), (4, 8)):
            with self.subTest(cups=cups, minutes=minutes):
                failure_msg = f'Expected {minutes} minutes to boil {cups} cups.'
                self.assertEqual(boiling_time(cups), minutes, msg=failure_msg)

    @pytest.mark.task(taskno=4)
    def test_total_time(self):
        for cups, elapsed, total in ((1, 0, 2), (2, 1, 5), (4, 3, 11)):
            with self.subTest(cups=cups, elapsed=elapsed, total=total):
                failure_msg = f'Expected {total} minutes for {cups} cups steeped {elapsed} minutes.'
                self.assertEqual(total_time(cups, elapsed), total, msg=failure_msg)
