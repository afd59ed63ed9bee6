class OrderBook:
    def __init__(self):
        # TODO: implement
        pass
