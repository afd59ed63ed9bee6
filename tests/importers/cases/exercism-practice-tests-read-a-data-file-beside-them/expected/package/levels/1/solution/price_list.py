def cheapest(prices):
    return min(sorted(prices), key=prices.__getitem__)
