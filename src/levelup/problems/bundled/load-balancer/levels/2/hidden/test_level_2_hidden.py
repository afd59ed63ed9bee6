import pytest
from load_balancer import LoadBalancer


def make_balancer(**weights):
    lb = LoadBalancer()
    for server_id, weight in weights.items():
        lb.add_server(server_id, weight)
    return lb


def route_many(lb, count, start=0):
    return [lb.route(f"r{start + i}") for i in range(count)]


def test_server_added_during_weighted_routing_starts_at_current_weight_zero():
    lb = make_balancer(a=2, b=1)
    lb.set_strategy("weighted")
    assert route_many(lb, 2) == ["a", "b"]  # current weights now a=1, b=-1
    lb.add_server("c", 3)  # total 6
    assert route_many(lb, 6, start=2) == ["a", "c", "c", "a", "b", "c"]


def test_removed_server_current_weight_is_forgotten_and_others_kept():
    lb = make_balancer(a=1, b=1, c=2)
    lb.set_strategy("weighted")
    assert route_many(lb, 2) == ["c", "a"]  # current weights now a=-2, b=2, c=0
    lb.remove_server("b")
    lb.add_server("b", 1)  # order a, c, b; b starts again at current weight 0
    assert route_many(lb, 4, start=2) == ["c", "b", "c", "a"]


def test_adding_existing_server_with_new_weight_keeps_old_weight():
    lb = make_balancer(a=1, b=1)
    assert lb.add_server("a", 5) is False
    lb.set_strategy("weighted")
    assert route_many(lb, 4) == ["a", "b", "a", "b"]


def test_weight_below_one_raises_even_for_server_already_in_pool_and_changes_nothing():
    lb = make_balancer(a=1, b=1)
    with pytest.raises(ValueError):
        lb.add_server("a", -3)
    with pytest.raises(ValueError):
        lb.add_server("c", 0)
    assert lb.request_counts() == [("a", 0), ("b", 0)]
    lb.set_strategy("weighted")
    assert route_many(lb, 2) == ["a", "b"]


def test_set_strategy_restarts_weighted_and_unknown_strategy_changes_nothing():
    lb = make_balancer(a=5, b=1, c=1)
    lb.set_strategy("weighted")
    assert route_many(lb, 3) == ["a", "a", "b"]
    with pytest.raises(ValueError):
        lb.set_strategy("least_connections_typo")
    assert lb.route("r3") == "a"  # the sequence goes on: weighted stays active
    lb.set_strategy("weighted")
    assert route_many(lb, 3, start=4) == ["a", "a", "b"]


def test_readded_server_counts_from_zero_and_counts_survive_strategy_switches():
    lb = make_balancer(a=1, b=1)
    route_many(lb, 4)
    lb.set_strategy("weighted")
    route_many(lb, 2, start=4)
    lb.remove_server("b")
    lb.add_server("b", 1)
    lb.set_strategy("round_robin")
    assert lb.request_counts() == [("a", 3), ("b", 0)]
