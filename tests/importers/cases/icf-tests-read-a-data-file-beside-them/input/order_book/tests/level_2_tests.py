import os
import unittest

from order_book import OrderBook

ORDERS = os.path.join(os.path.dirname(__file__), "orders.txt")


class Level2Tests(unittest.TestCase):
    def test_totals_per_item(self):
        book = OrderBook()
        with open(ORDERS) as lines:
            for line in lines:
                if line.strip():
                    book.add(line.strip())
        self.assertEqual(book.total("pears"), 7)
