def cheapest(prices):
    pass
