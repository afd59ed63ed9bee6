import pytest

from museum_tickets import FULL_PRICE, REDUCED_PRICE, group_price, ticket_price


@pytest.mark.task(taskno=1)
def test_adults_pay_full_price():
    assert ticket_price(30) == FULL_PRICE


@pytest.mark.task(taskno=1)
@pytest.mark.parametrize("age, price", [(0, 0), (5, 0), (6, REDUCED_PRICE), (17, REDUCED_PRICE), (18, FULL_PRICE)])
def test_prices_by_age(age, price):
    assert ticket_price(age) == price
