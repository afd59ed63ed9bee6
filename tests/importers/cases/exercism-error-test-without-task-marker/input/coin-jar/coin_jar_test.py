import pytest

from coin_jar import count_coins, jar_value


@pytest.mark.task(taskno=1)
def test_count_coins():
    assert count_coins([1, 5, 10]) == 3


@pytest.mark.task(taskno=2)
def test_jar_value():
    assert jar_value([1, 5, 10]) == 16


def test_empty_jar():
    assert jar_value([]) == 0
