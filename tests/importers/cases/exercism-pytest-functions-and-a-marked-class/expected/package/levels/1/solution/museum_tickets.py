"""Prices for the city museum."""

FULL_PRICE = 12
REDUCED_PRICE = 7


def ticket_price(age):
    """The price of one ticket for a visitor of `age` years."""
    if age < 6:
        return 0
    if age < 18:
        return REDUCED_PRICE
    return FULL_PRICE


def group_price(ages):
    """The price for a group of visitors of the given ages."""
    prices = [ticket_price(age) for age in ages]
    total = sum(prices)
    if sum(price > 0 for price in prices) >= 10:
        return total * 9 // 10
    return total
