import pytest

from coin_jar import count_coins, jar_value
from coin_values import COIN_VALUES
from jar_samples import MIXED_JAR, SMALL_JAR


@pytest.mark.task(taskno=2)
def test_jar_value():
    assert jar_value(MIXED_JAR) == 26


@pytest.mark.task(taskno=2)
def test_jar_value_uses_the_shared_table():
    assert jar_value(["dime"]) == COIN_VALUES["dime"]
