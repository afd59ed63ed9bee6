import pytest
from scheduler import Scheduler


def example():
    s = Scheduler(10)
    s.add_tenant("gold", 3)
    for rid, tenant in [("d1", "default"), ("d2", "default"), ("g1", "gold"), ("g2", "gold")]:
        s.add_request(rid, 4, 3, tenant)
    return s


def flooded(max_wait_steps):
    s = Scheduler(6, max_wait_steps=max_wait_steps)
    s.add_tenant("gold", 4)
    s.add_request("d0", 5, 1)
    s.step()
    s.add_request("big", 5, 1)
    for i in range(9):
        s.add_request(f"g{i}", 2, 1, "gold")
    return s


def test_default_tenant_exists_with_weight_one():
    s = Scheduler(10)
    assert s.add_tenant("default", 5) is False
    assert s.tenant_stats() == {"default": {"weight": 1, "service": 0, "waiting": 0, "running": 0}}


def test_add_tenant_returns_true_then_false_and_rejects_weight_below_one():
    s = Scheduler(10)
    assert s.add_tenant("gold", 3) is True
    assert s.add_tenant("gold", 1) is False
    assert s.tenant_stats()["gold"]["weight"] == 3
    with pytest.raises(ValueError):
        s.add_tenant("free", 0)


def test_request_for_unknown_tenant_raises_key_error():
    s = Scheduler(10)
    with pytest.raises(KeyError):
        s.add_request("a", 2, 2, "ghost")
    assert s.add_request("a", 2, 2) is True


def test_least_served_tenant_goes_first_and_ties_go_by_name():
    s = example()
    out = s.step()
    assert out["prefill"] == ["d1", "g1"]


def test_weighted_share_picks_the_next_candidate():
    s = example()
    s.step()
    out = s.step()
    assert out["prefill"] == ["g2", "d2"]
    assert out["tokens"] == 10


def test_service_counts_prefill_and_decode_tokens():
    s = example()
    s.step()
    assert s.tenant_stats()["default"]["service"] == 4
    s.step()
    assert s.tenant_stats() == {
        "default": {"weight": 1, "service": 9, "waiting": 0, "running": 2},
        "gold": {"weight": 3, "service": 9, "waiting": 0, "running": 2},
    }


def test_candidate_that_does_not_fit_stops_admission():
    s = Scheduler(10)
    s.add_tenant("b", 1)
    s.add_request("a0", 3, 4)
    s.add_request("a1", 3, 4)
    s.step()  # default service 6
    s.add_request("b_big", 9, 1, "b")  # b has share 0, but 9 tokens do not fit next to 2 decodes
    s.add_request("a2", 1, 1)
    out = s.step()
    assert out["prefill"] == []
    assert s.tenant_stats()["default"]["waiting"] == 1


def test_flooding_tenant_delays_a_request_without_a_wait_bound():
    s = flooded(None)
    admitted = [s.step()["prefill"] for _ in range(4)]
    assert admitted == [["g0", "g1", "g2"], ["g3", "g4", "g5"], ["g6", "g7", "g8"], ["big"]]


def test_wait_bound_admits_the_starving_request_first():
    s = flooded(2)
    admitted = [s.step()["prefill"] for _ in range(4)]
    assert admitted == [["g0", "g1", "g2"], ["g3", "g4", "g5"], ["big"], ["g6", "g7", "g8"]]


def test_tenant_stats_counts_each_tenants_waiting_and_running_requests():
    s = example()
    s.step()
    stats = s.tenant_stats()
    assert (stats["default"]["waiting"], stats["default"]["running"]) == (1, 1)
    assert (stats["gold"]["waiting"], stats["gold"]["running"]) == (1, 1)


def test_only_the_default_tenant_keeps_first_come_first_served():
    s = Scheduler(10)
    s.add_request("a", 3, 4)
    s.add_request("b", 3, 4)
    s.step()
    s.add_request("huge", 9, 1)
    s.add_request("tiny", 1, 1)
    assert s.step()["prefill"] == []
