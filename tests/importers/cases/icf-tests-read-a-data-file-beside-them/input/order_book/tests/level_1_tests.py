import os
import unittest

from order_book import OrderBook

ORDERS = os.path.join(os.path.dirname(__file__), "orders.txt")


class Level1Tests(unittest.TestCase):
    def test_every_order_is_counted(self):
        book = OrderBook()
        with open(ORDERS) as lines:
            counts = [book.add(line.strip()) for line in lines if line.strip()]
        self.assertEqual(counts, [1, 2, 3])
