from load_balancer import LoadBalancer


def make_balancer(*server_ids, strategy="round_robin"):
    lb = LoadBalancer()
    for server_id in server_ids:
        lb.add_server(server_id)
    lb.set_strategy(strategy)
    return lb


def route_many(lb, count, start=0):
    return [lb.route(f"r{start + i}") for i in range(count)]


def test_healthy_report_restarts_the_count_of_failures_in_a_row():
    lb = make_balancer("a", "b")
    lb.report_health("a", False, 10)
    lb.report_health("a", False, 11)
    lb.report_health("a", True, 12)
    lb.report_health("a", False, 13)
    lb.report_health("a", False, 14)
    assert route_many(lb, 2) == ["a", "b"]
    lb.report_health("a", False, 15)
    assert route_many(lb, 2, start=2) == ["b", "b"]


def test_round_robin_skips_ineligible_servers_and_next_follows_the_chosen_one():
    lb = make_balancer("a", "b", "c", "d")
    assert lb.route("r0") == "a"  # "b" is next
    for t in range(3):
        lb.report_health("b", False, t)
    lb.route("x0")  # "c" (the first eligible server after "b")
    lb.drain("d")  # no open requests: "d" leaves the pool
    lb.report_health("b", True, 10)
    # "b" does not get its skipped turn back: after "c" comes "a" ("d" is gone).
    assert route_many(lb, 3, start=1) == ["a", "b", "c"]


def test_weighted_runs_over_eligible_servers_only():
    lb = LoadBalancer()
    lb.add_server("a", 5)
    lb.add_server("b", 1)
    lb.add_server("c", 1)
    lb.set_strategy("weighted")
    assert route_many(lb, 2) == ["a", "a"]  # current weights a=-4, b=2, c=2
    for t in range(3):
        lb.report_health("a", False, t)
    # Only b and c compete, total weight 2; "a" keeps its current weight -4.
    assert route_many(lb, 4, start=2) == ["b", "c", "b", "c"]  # now b=2, c=2 again
    lb.report_health("a", True, 10)
    assert route_many(lb, 3, start=6) == ["b", "a", "c"]  # a=1, b=3, c=3 at the first step


def test_sticky_request_does_not_move_the_strategy():
    lb = make_balancer("a", "b", "c")
    assert lb.route("r1", session_id="s1", timestamp=100) == "a"
    assert lb.route("r2", session_id="s1", timestamp=101) == "a"
    assert lb.route("r3", session_id="s1", timestamp=102) == "a"
    assert lb.route("r4", timestamp=103) == "b"
    assert lb.request_counts() == [("a", 3), ("b", 1), ("c", 0)]
    assert lb.open_connections("a") == 3


def test_every_session_request_extends_its_binding_and_expiry_is_exclusive():
    lb = make_balancer("a", "b", strategy="least_connections")
    assert lb.route("r1", session_id="s1", timestamp=100) == "a"
    assert lb.route("r2", session_id="s1", timestamp=150) == "a"  # bound until 210
    assert lb.route("r3", session_id="s1", timestamp=209) == "a"  # bound until 269
    assert lb.route("r4", session_id="s2", timestamp=210) == "b"
    lb.finish("r4")
    # Expired at 269 exactly: least connections picks "b" (0 open) over "a" (3 open).
    assert lb.route("r5", session_id="s1", timestamp=269) == "b"
    assert lb.route("r6", session_id="s1") == "b"  # no timestamp: current time 269


def test_route_with_no_eligible_server_neither_refreshes_session_nor_moves_round_robin():
    lb = make_balancer("a", "b")
    assert lb.route("r1", session_id="s1", timestamp=100) == "a"  # bound until 160; "b" next
    for t in range(101, 104):
        lb.report_health("a", False, t)
        lb.report_health("b", False, t)
    assert lb.route("r2", session_id="s1", timestamp=150) is None
    lb.report_health("a", True, 170)
    lb.report_health("b", True, 170)
    # The binding expired at 160 (the failed route at 150 did not refresh it) and
    # round robin's next server is still "b".
    assert lb.route("r3", session_id="s1", timestamp=172) == "b"
    assert lb.finish("r2") is False
