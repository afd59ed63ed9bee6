class OrderBook:
    def __init__(self):
        self.orders = []

    def add(self, line):
        item, quantity = line.split(",")
        self.orders.append((item, int(quantity)))
        return len(self.orders)

    def total(self, item):
        return sum(quantity for name, quantity in self.orders if name == item)
