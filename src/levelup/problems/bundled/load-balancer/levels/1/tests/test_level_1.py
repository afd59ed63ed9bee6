from load_balancer import LoadBalancer


def make_balancer(*server_ids):
    lb = LoadBalancer()
    for server_id in server_ids:
        lb.add_server(server_id)
    return lb


def route_many(lb, count, start=0):
    return [lb.route(f"r{start + i}") for i in range(count)]


def test_route_with_empty_pool_returns_none():
    lb = LoadBalancer()
    assert lb.route("r1") is None


def test_add_server_returns_true():
    lb = LoadBalancer()
    assert lb.add_server("a") is True


def test_add_server_already_in_pool_returns_false():
    lb = make_balancer("a")
    assert lb.add_server("a") is False


def test_single_server_gets_every_request():
    lb = make_balancer("a")
    assert route_many(lb, 3) == ["a", "a", "a"]


def test_route_cycles_through_servers_in_order_added():
    lb = make_balancer("b", "a", "c")
    assert route_many(lb, 7) == ["b", "a", "c", "b", "a", "c", "b"]


def test_remove_server_returns_true_then_false():
    lb = make_balancer("a", "b")
    assert lb.remove_server("a") is True
    assert lb.remove_server("a") is False


def test_remove_unknown_server_returns_false():
    lb = make_balancer("a")
    assert lb.remove_server("x") is False


def test_removed_server_gets_no_more_requests():
    lb = make_balancer("a", "b", "c")
    lb.remove_server("b")
    assert route_many(lb, 4) == ["a", "c", "a", "c"]


def test_server_added_mid_circle_joins_at_end_of_order():
    lb = make_balancer("a", "b", "c")
    assert route_many(lb, 2) == ["a", "b"]
    lb.add_server("d")
    assert route_many(lb, 5, start=2) == ["c", "d", "a", "b", "c"]


def test_removing_next_server_makes_following_server_next():
    lb = make_balancer("a", "b", "c")
    assert lb.route("r1") == "a"
    lb.remove_server("b")
    assert route_many(lb, 3, start=2) == ["c", "a", "c"]


def test_removing_next_server_at_end_of_order_wraps_to_first():
    lb = make_balancer("a", "b", "c")
    assert route_many(lb, 2) == ["a", "b"]
    lb.remove_server("c")
    assert route_many(lb, 3, start=2) == ["a", "b", "a"]


def test_removing_server_before_next_keeps_next():
    lb = make_balancer("a", "b", "c")
    assert route_many(lb, 2) == ["a", "b"]
    lb.remove_server("a")
    assert route_many(lb, 3, start=2) == ["c", "b", "c"]


def test_route_returns_none_after_all_servers_removed():
    lb = make_balancer("a", "b")
    lb.route("r1")
    lb.remove_server("a")
    lb.remove_server("b")
    assert lb.route("r2") is None
