"""Prices for the city museum."""

FULL_PRICE = 12
REDUCED_PRICE = 7


def ticket_price(age):
    """The price of one ticket for a visitor of `age` years."""
    pass


def group_price(ages):
    """The price for a group of visitors of the given ages."""
    pass
