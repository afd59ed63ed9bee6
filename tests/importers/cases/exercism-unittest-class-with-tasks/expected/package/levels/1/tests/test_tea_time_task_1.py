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
