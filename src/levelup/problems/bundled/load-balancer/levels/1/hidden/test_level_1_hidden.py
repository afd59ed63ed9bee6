from load_balancer import LoadBalancer


def make_balancer(*server_ids):
    lb = LoadBalancer()
    for server_id in server_ids:
        lb.add_server(server_id)
    return lb


def route_many(lb, count, start=0):
    return [lb.route(f"r{start + i}") for i in range(count)]


def test_server_added_right_after_wraparound_waits_for_its_turn():
    lb = make_balancer("a", "b")
    assert route_many(lb, 2) == ["a", "b"]
    lb.add_server("c")
    assert route_many(lb, 4, start=2) == ["a", "b", "c", "a"]


def test_adding_server_already_in_pool_keeps_its_place():
    lb = make_balancer("a", "b", "c")
    assert lb.add_server("a") is False
    assert route_many(lb, 4) == ["a", "b", "c", "a"]


def test_server_removed_and_added_again_goes_to_end_of_order():
    lb = make_balancer("a", "b", "c")
    lb.remove_server("a")
    lb.add_server("a")
    assert route_many(lb, 4) == ["b", "c", "a", "b"]


def test_first_server_added_to_emptied_pool_is_next():
    lb = make_balancer("a", "b", "c")
    assert route_many(lb, 2) == ["a", "b"]
    for server_id in ["a", "b", "c"]:
        lb.remove_server(server_id)
    lb.add_server("d")
    lb.add_server("e")
    assert route_many(lb, 3, start=2) == ["d", "e", "d"]


def test_server_ids_are_case_sensitive():
    lb = make_balancer("A", "a")
    assert lb.add_server("A") is False
    assert lb.remove_server("b") is False
    assert route_many(lb, 3) == ["A", "a", "A"]
    assert lb.remove_server("A") is True
    assert route_many(lb, 2, start=3) == ["a", "a"]


def test_long_round_robin_with_removals_stays_in_order():
    lb = make_balancer(*[f"s{i:03d}" for i in range(300)])
    assert route_many(lb, 450)[-1] == "s149"
    for i in range(0, 300, 2):
        lb.remove_server(f"s{i:03d}")
    # s150 was next and is gone, so s151 takes its place; 150 servers remain.
    got = route_many(lb, 300, start=450)
    assert got[0] == "s151"
    assert got[74] == "s299"
    assert got[75] == "s001"
    assert got[150] == "s151"
