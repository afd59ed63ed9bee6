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

    @pytest.mark.task(taskno=2)
    def test_steeping_time_remaining(self):
        for elapsed, left in ((0, 3), (1, 2), (3, 0)):
            with self.subTest(elapsed=elapsed, left=left):
                failure_msg = f'Expected {left} minutes left after {elapsed} minutes of steeping.'
                self.assertEqual(steeping_time_remaining(elapsed), left, msg=failure_msg)
