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


def test_rejected_duplicate_request_id_changes_nothing():
    lb = make_balancer("a", "b", "c", strategy="round_robin")
    lb.route("r1")
    with pytest.raises(ValueError):
        lb.route("r1")
    assert lb.route("r2") == "b"
    assert lb.request_counts() == [("a", 1), ("b", 1), ("c", 0)]
    assert lb.open_connections("a") == 1


def test_finished_request_id_can_be_routed_again():
    lb = make_balancer("a", "b")
    assert lb.route("r1") == "a"
    lb.finish("r1")
    assert lb.route("r1") == "a"
    assert lb.open_connections("a") == 1
    assert lb.finish("r1") is True


def test_least_connections_ignores_weights():
    lb = LoadBalancer()
    lb.add_server("big", 10)
    lb.add_server("small", 1)
    lb.set_strategy("least_connections")
    assert route_many(lb, 4) == ["big", "small", "big", "small"]


def test_switching_strategy_keeps_requests_open():
    lb = make_balancer("a", "b", strategy="round_robin")
    route_many(lb, 3)  # "a" has 2 open, "b" has 1
    lb.set_strategy("weighted")
    lb.set_strategy("least_connections")
    assert lb.open_connections("a") == 2
    assert lb.route("r3") == "b"
    assert lb.finish("r0") is True


def test_server_added_again_starts_with_no_open_connections():
    lb = make_balancer("a", "b")
    route_many(lb, 4)  # r0, r2 on "a"; r1, r3 on "b"
    lb.remove_server("a")
    lb.add_server("a")
    assert lb.open_connections("a") == 0
    assert lb.finish("r2") is False
    assert route_many(lb, 3, start=4) == ["a", "a", "b"]


def test_least_connections_over_many_servers_fills_the_least_busy_first():
    lb = make_balancer(*[f"s{i:03d}" for i in range(100)])
    route_many(lb, 400)  # request ri is on server s(i % 100): four open on each
    for i in range(0, 100, 10):
        lb.finish(f"r{i}")  # s000, s010, ..., s090 drop to three open
    got = route_many(lb, 15, start=400)
    assert got[:10] == [f"s{i:03d}" for i in range(0, 100, 10)]
    assert got[10:] == ["s000", "s001", "s002", "s003", "s004"]
    assert lb.open_connections("s000") == 5
    assert lb.open_connections("s099") == 4
