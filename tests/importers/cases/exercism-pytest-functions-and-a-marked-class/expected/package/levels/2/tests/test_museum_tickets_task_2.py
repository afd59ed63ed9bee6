import pytest

from museum_tickets import FULL_PRICE, REDUCED_PRICE, group_price, ticket_price


@pytest.mark.task(taskno=2)
class TestGroups:
    def test_small_group_pays_each_ticket(self):
        assert group_price([40, 12, 3]) == FULL_PRICE + REDUCED_PRICE

    def test_ten_paying_visitors_get_ten_percent_off(self):
        assert group_price([30] * 10) == 108

    def test_free_children_do_not_count_towards_the_discount(self):
        assert group_price([30] * 9 + [2]) == 108
