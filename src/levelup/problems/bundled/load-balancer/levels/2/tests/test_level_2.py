import pytest
from load_balancer import LoadBalancer


def make_balancer(**weights):
    lb = LoadBalancer()
    for server_id, weight in weights.items():
        lb.add_server(server_id, weight)
    return lb


def route_many(lb, count, start=0):
    return [lb.route(f"r{start + i}") for i in range(count)]


def test_default_strategy_is_round_robin_ignoring_weights():
    lb = make_balancer(a=5, b=1, c=1)
    assert route_many(lb, 4) == ["a", "b", "c", "a"]


def test_add_server_without_weight_still_works():
    lb = LoadBalancer()
    assert lb.add_server("a") is True
    assert lb.add_server("b", 3) is True
    assert route_many(lb, 3) == ["a", "b", "a"]


def test_weighted_strategy_follows_smooth_weighted_order():
    lb = make_balancer(a=5, b=1, c=1)
    assert lb.set_strategy("weighted") is None
    assert route_many(lb, 7) == ["a", "a", "b", "a", "c", "a", "a"]


def test_weighted_sequence_repeats_after_total_weight_requests():
    lb = make_balancer(a=3, b=2)
    lb.set_strategy("weighted")
    assert route_many(lb, 10) == ["a", "b", "a", "b", "a"] * 2


def test_weighted_ties_go_to_server_added_first():
    lb = make_balancer(a=1, b=2, c=2)
    lb.set_strategy("weighted")
    assert route_many(lb, 5) == ["b", "c", "a", "b", "c"]


def test_weighted_with_equal_weights_goes_in_pool_order():
    lb = make_balancer(c=2, a=2, b=2)
    lb.set_strategy("weighted")
    assert route_many(lb, 6) == ["c", "a", "b", "c", "a", "b"]


def test_add_server_with_weight_below_one_raises_value_error():
    lb = LoadBalancer()
    with pytest.raises(ValueError):
        lb.add_server("a", 0)
    assert lb.route("r1") is None


def test_set_unknown_strategy_raises_value_error():
    lb = make_balancer(a=1)
    with pytest.raises(ValueError):
        lb.set_strategy("random")


def test_switching_back_to_round_robin_restarts_at_first_server():
    lb = make_balancer(a=1, b=1, c=1)
    assert route_many(lb, 2) == ["a", "b"]
    lb.set_strategy("weighted")
    lb.set_strategy("round_robin")
    assert route_many(lb, 2, start=2) == ["a", "b"]


def test_request_counts_sorted_by_count_then_server_id():
    lb = make_balancer(c=1, b=2, a=2)
    lb.set_strategy("weighted")
    route_many(lb, 10)
    assert lb.request_counts() == [("a", 4), ("b", 4), ("c", 2)]


def test_request_counts_list_servers_without_requests():
    lb = make_balancer(a=1, b=1, c=1)
    lb.route("r1")
    assert lb.request_counts() == [("a", 1), ("b", 0), ("c", 0)]


def test_request_counts_of_empty_pool_is_empty_list():
    lb = LoadBalancer()
    assert lb.request_counts() == []


def test_request_counts_leave_out_removed_server():
    lb = make_balancer(a=1, b=1)
    route_many(lb, 3)
    lb.remove_server("a")
    assert lb.request_counts() == [("b", 1)]
