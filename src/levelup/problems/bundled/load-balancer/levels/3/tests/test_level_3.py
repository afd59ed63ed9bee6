import pytest
from load_balancer import LoadBalancer


def make_balancer(*server_ids, strategy="least_connections"):
    lb = LoadBalancer()
    for server_id in server_ids:
        lb.add_server(server_id)
    lb.set_strategy(strategy)
    return lb


def route_many(lb, count, start=0):
    return [lb.route(f"r{start + i}") for i in range(count)]


def test_route_opens_connection_on_chosen_server():
    lb = make_balancer("a", "b", strategy="round_robin")
    lb.route("r1")
    assert lb.open_connections("a") == 1
    assert lb.open_connections("b") == 0


def test_finish_closes_open_request_and_returns_true():
    lb = make_balancer("a")
    lb.route("r1")
    assert lb.finish("r1") is True
    assert lb.open_connections("a") == 0


def test_finish_unknown_request_returns_false():
    lb = make_balancer("a")
    assert lb.finish("nope") is False


def test_finish_twice_returns_false_the_second_time():
    lb = make_balancer("a")
    lb.route("r1")
    lb.finish("r1")
    assert lb.finish("r1") is False


def test_open_connections_of_unknown_server_is_none():
    lb = make_balancer("a")
    assert lb.open_connections("x") is None


def test_least_connections_ties_go_to_server_added_first():
    lb = make_balancer("c", "a", "b")
    assert route_many(lb, 4) == ["c", "a", "b", "c"]


def test_least_connections_sends_request_to_server_with_fewest_open():
    lb = make_balancer("a", "b", "c")
    route_many(lb, 6)  # two open on each
    lb.finish("r1")  # on "b"
    lb.finish("r4")  # on "b"
    lb.finish("r2")  # on "c"
    assert route_many(lb, 3, start=6) == ["b", "b", "c"]


def test_route_with_open_request_id_raises_value_error():
    lb = make_balancer("a", "b")
    lb.route("r1")
    with pytest.raises(ValueError):
        lb.route("r1")


def test_removing_server_closes_its_open_requests():
    lb = make_balancer("a", "b")
    route_many(lb, 2)  # r0 on "a", r1 on "b"
    lb.remove_server("a")
    assert lb.finish("r0") is False
    assert lb.finish("r1") is True


def test_round_robin_ignores_open_connections():
    lb = make_balancer("a", "b", strategy="round_robin")
    route_many(lb, 3)
    lb.finish("r1")
    assert route_many(lb, 2, start=3) == ["b", "a"]
    assert lb.open_connections("a") == 3


def test_request_counts_keep_finished_requests():
    lb = make_balancer("a", "b")
    route_many(lb, 3)
    lb.finish("r0")
    lb.finish("r2")
    assert lb.request_counts() == [("a", 2), ("b", 1)]


def test_route_with_empty_pool_opens_nothing():
    lb = make_balancer()
    assert lb.route("r1") is None
    assert lb.finish("r1") is False
