from load_balancer import LoadBalancer


def make_balancer(*server_ids, strategy="round_robin"):
    lb = LoadBalancer()
    for server_id in server_ids:
        lb.add_server(server_id)
    lb.set_strategy(strategy)
    return lb


def route_many(lb, count, start=0):
    return [lb.route(f"r{start + i}") for i in range(count)]


def fail_checks(lb, server_id, times, timestamp):
    return [lb.report_health(server_id, False, timestamp + i) for i in range(times)]


def test_server_failing_three_checks_in_a_row_gets_no_requests():
    lb = make_balancer("a", "b", "c")
    assert fail_checks(lb, "b", 3, 10) == [True, True, True]
    assert route_many(lb, 4) == ["a", "c", "a", "c"]


def test_two_failed_checks_keep_server_in_rotation():
    lb = make_balancer("a", "b")
    fail_checks(lb, "b", 2, 10)
    assert route_many(lb, 2) == ["a", "b"]


def test_healthy_report_brings_unhealthy_server_back():
    lb = make_balancer("a", "b")
    fail_checks(lb, "a", 3, 10)
    assert route_many(lb, 2) == ["b", "b"]
    assert lb.report_health("a", True, 20) is True
    assert route_many(lb, 2, start=2) == ["a", "b"]


def test_report_health_of_unknown_server_returns_false():
    lb = make_balancer("a")
    assert lb.report_health("x", False, 10) is False


def test_no_eligible_server_returns_none_and_opens_nothing():
    lb = make_balancer("a")
    fail_checks(lb, "a", 3, 10)
    assert lb.route("r1") is None
    assert lb.open_connections("a") == 0
    assert lb.request_counts() == [("a", 0)]


def test_draining_server_gets_no_new_requests_but_can_finish_open_ones():
    lb = make_balancer("a", "b", strategy="least_connections")
    route_many(lb, 3)  # r0, r2 on "a"; r1 on "b"
    assert lb.drain("a") is True
    assert route_many(lb, 2, start=3) == ["b", "b"]
    assert lb.finish("r0") is True
    assert lb.open_connections("a") == 1


def test_drained_server_leaves_pool_when_last_request_finishes():
    lb = make_balancer("a", "b")
    route_many(lb, 3)  # r0, r2 on "a"; r1 on "b"
    lb.drain("a")
    lb.finish("r0")
    lb.finish("r2")
    assert lb.open_connections("a") is None
    assert lb.add_server("a") is True


def test_draining_idle_server_removes_it_at_once():
    lb = make_balancer("a", "b")
    assert lb.drain("b") is True
    assert lb.open_connections("b") is None
    assert lb.request_counts() == [("a", 0)]


def test_drain_unknown_or_already_draining_server_returns_false():
    lb = make_balancer("a", "b")
    lb.route("r1")
    assert lb.drain("x") is False
    assert lb.drain("a") is True
    assert lb.drain("a") is False


def test_session_sticks_to_its_server():
    lb = make_balancer("a", "b", "c")
    assert lb.route("r1", session_id="s1", timestamp=100) == "a"
    assert lb.route("r2", timestamp=101) == "b"
    assert lb.route("r3", session_id="s1", timestamp=102) == "a"
    assert lb.route("r4", session_id="s1", timestamp=103) == "a"


def test_session_binding_lasts_sixty_seconds():
    lb = make_balancer("a", "b")
    assert lb.route("r1", session_id="s1", timestamp=100) == "a"
    assert lb.route("r2", session_id="s1", timestamp=159) == "a"
    assert lb.route("r3", session_id="s1", timestamp=219) == "b"


def test_session_moves_when_its_server_becomes_unhealthy():
    lb = make_balancer("a", "b", "c")
    assert lb.route("r1", session_id="s1", timestamp=100) == "a"
    fail_checks(lb, "a", 3, 110)
    assert lb.route("r2", session_id="s1", timestamp=120) == "b"
    lb.report_health("a", True, 130)
    assert lb.route("r3", session_id="s1", timestamp=140) == "b"


def test_session_moves_off_draining_server():
    lb = make_balancer("a", "b")
    assert lb.route("r1", session_id="s1", timestamp=100) == "a"
    lb.drain("a")  # "r1" is still open, so "a" stays in the pool while draining
    assert lb.route("r2", session_id="s1", timestamp=110) == "b"
    lb.finish("r1")
    assert lb.route("r3", session_id="s1", timestamp=120) == "b"


def test_route_without_session_or_timestamp_works_as_before():
    lb = make_balancer("a", "b")
    assert route_many(lb, 3) == ["a", "b", "a"]
    lb.finish("r0")
    assert lb.open_connections("a") == 1
