import json
from pathlib import Path

from price_list import cheapest

PRICES = json.loads((Path(__file__).parent / "prices.json").read_text())


def test_cheapest_of_two():
    assert cheapest({"tea": 300, "milk": 80}) == "milk"


def test_ties_go_to_the_first_name_alphabetically():
    assert cheapest(PRICES) == "cherries"
