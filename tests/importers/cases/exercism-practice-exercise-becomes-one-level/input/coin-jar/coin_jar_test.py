import unittest

from coin_jar import count_coins, jar_value


class CoinJarTest(unittest.TestCase):
    def test_count_coins(self):
        self.assertEqual(count_coins([1, 5, 10]), 3)

    def test_empty_jar_is_worth_nothing(self):
        self.assertEqual(jar_value([]), 0)

    def test_jar_value(self):
        self.assertEqual(jar_value([1, 5, 10]), 16)

    def test_a_coin_must_be_worth_something(self):
        with self.assertRaises(ValueError) as err:
            jar_value([5, 0])
        self.assertEqual(err.exception.args[0], "coin values must be positive")
