import pytest

from coin_jar import count_coins, jar_value


def test_count_coins():
    assert count_coins([1, 5, 10]) == 3


def test_jar_value():
    assert jar_value([1, 5, 10]) == 16
